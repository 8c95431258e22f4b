// Package synth writes large, deterministic, valid content folders for
// benchmarks and load tests: the same size always gives the same files, so
// figures can be compared across runs and machines.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/schedule"
)

var (
	activities = []string{"Walking Group", "Choir", "Knit and Natter", "Allotment Club", "Chair Yoga", "Lunch Club",
		"Men's Shed", "Carers' Café", "Memory Café", "Gardening Group", "Art Class", "Coffee Morning", "Book Club",
		"Tai Chi", "Cooking Course", "Befriending Service", "Money Advice", "Tea Dance", "Conversation Café", "Repair Café"}
	places = []string{"Riverside", "Northfield", "Millbrook", "Ashton", "Wendbridge", "Hillside", "Oakwood", "Brookvale",
		"Fernhill", "Stonebridge", "Elmstead", "Kingsmead"}
	words = strings.Fields(`friendly relaxed welcoming gentle weekly small group tea chat garden river park music songs
		people neighbours together walk meet share learn grow cook paint sing laugh support advice help newcomers
		volunteers community local beginners everyone quiet calm outdoors indoors seasonal vegetables flowers`)
)

// Write creates a content folder with n listings (and n/20+1 organizations
// and n/10+1 venues) under dir.
func Write(dir string, n int) error {
	rng := rand.New(rand.NewPCG(uint64(n), 42))
	tax := content.BuiltinTaxonomy()
	for _, sub := range []string{"organizations", "venues", "listings"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return fmt.Errorf("creating %s: %w", sub, err)
		}
	}
	write := func(rel, text string) error {
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(text), 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", rel, err)
		}
		return nil
	}
	if err := write("directory.yaml", `name: Synthetic Directory
base_url: https://example.org/synthetic/
timezone: Europe/London
country: GB
stale_after: 1 year
`); err != nil {
		return err
	}
	orgs, venues := n/20+1, n/10+1
	for i := range orgs {
		if err := write(fmt.Sprintf("organizations/org-%d.yaml", i), fmt.Sprintf(
			"name: %s Community Trust %d\ndescription: |\n  %s\nphone: \"01632 %06d\"\n",
			places[i%len(places)], i, sentence(rng, 30), 960000+i)); err != nil {
			return err
		}
	}
	for i := range venues {
		place := places[i%len(places)]
		if err := write(fmt.Sprintf("venues/venue-%d.yaml", i), fmt.Sprintf(
			"name: %s Hall %d\naddress: [\"%d Church Lane\"]\ntown: %s\npostcode: MB%d %dAB\nlat: %.4f\nlon: %.4f\ndirections: %s\naccessibility: [%s]\n",
			place, i, i%200+1, place, i%9+1, i%10, 52.5+rng.Float64()/5, -1.9+rng.Float64()/5, sentence(rng, 12),
			pick(rng, tax.Accessibility.IDs(), 2))); err != nil {
			return err
		}
	}
	week := schedule.Week()
	for i := range n {
		title := fmt.Sprintf("%s %s %d", places[rng.IntN(len(places))], activities[rng.IntN(len(activities))], i)
		cost := "free"
		if rng.IntN(3) == 0 {
			cost = fmt.Sprintf("{ amount: %d.50, per: session, concessions: Free for carers }", rng.IntN(5)+1)
		}
		hour := 9 + rng.IntN(9)
		if err := write(fmt.Sprintf("listings/listing-%d.md", i), fmt.Sprintf(`---
title: %s
organization: org-%d
summary: %s
categories: [%s]
needs: [%s]
venue: venue-%d
schedule:
  - every %s %02d:00-%02d:30
cost: %s
audience: { min_age: 18, groups: [%s] }
accessibility: [%s]
languages: [en]
referral: self
how_to_join: Just turn up, or ring first if you would like someone to meet you.
first_visit: %s
contact: { name: Sam, phone: "07700 9%05d" }
status: active
verified: 2026-%02d-%02d
tags: [%s]
---
%s

%s
`, title, rng.IntN(orgs), sentence(rng, 18), pick(rng, tax.Categories.IDs(), 2), pick(rng, tax.Needs.IDs(), 3),
			rng.IntN(venues), schedule.DayName(week[rng.IntN(len(week))]), hour, hour+1, cost, pick(rng, tax.Audience.IDs(), 1),
			pick(rng, tax.Accessibility.IDs(), 2), sentence(rng, 15), i%100000, rng.IntN(9)+1, rng.IntN(28)+1,
			pick(rng, words, 3), sentence(rng, 60), sentence(rng, 40))); err != nil {
			return err
		}
	}
	return nil
}

func sentence(rng *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = words[rng.IntN(len(words))]
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// pick returns k distinct items, comma separated.
func pick(rng *rand.Rand, items []string, k int) string {
	perm := rng.Perm(len(items))[:k]
	out := make([]string, k)
	for i, p := range perm {
		out[i] = items[p]
	}
	return strings.Join(out, ", ")
}
