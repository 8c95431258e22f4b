package theme_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// clinicianQueries are what a GP, a nurse or a link worker types, or reads
// in a referral letter, each with the sample listings they would expect to
// be offered. The expected listings come from what each listing is for: the
// needs and categories its volunteers gave it ("need:low-mood"), or, for an
// activity asked for by name, the listings that are that activity. They are
// written from the listings' meaning, never from what the search returned.
var clinicianQueries = []struct {
	query    string
	expected []string
}{
	{"lonely", []string{"need:loneliness"}},
	{"isolated", []string{"need:loneliness"}},
	{"on my own", []string{"need:loneliness"}},
	{"loneliness", []string{"need:loneliness"}},
	{"depression", []string{"need:low-mood"}},
	{"depressed", []string{"need:low-mood"}},
	{"sad", []string{"need:low-mood"}},
	{"feeling low", []string{"need:low-mood"}},
	{"grief", []string{"need:bereavement"}},
	{"widow", []string{"need:bereavement"}},
	{"bereaved", []string{"need:bereavement"}},
	{"anxious", []string{"need:anxiety"}},
	{"panic attacks", []string{"need:anxiety"}},
	{"stress", []string{"need:anxiety"}},
	{"diabetes", []string{"need:long-term-condition"}},
	{"COPD", []string{"need:long-term-condition"}},
	{"arthritis", []string{"need:long-term-condition"}},
	{"chronic pain", []string{"need:long-term-condition"}},
	{"long covid", []string{"need:long-term-condition"}},
	{"debt", []string{"need:money"}},
	{"benefits", []string{"need:money"}},
	{"universal credit", []string{"need:money"}},
	{"exercise", []string{"need:physical-activity", "category:movement"}},
	{"fitness", []string{"need:physical-activity", "category:movement"}},
	{"memory", []string{"need:dementia"}},
	{"Alzheimer's", []string{"need:dementia"}},
	{"dementia", []string{"need:dementia"}},
	{"carer", []string{"need:caring"}},
	{"homeless", []string{"need:housing"}},
	{"housing", []string{"need:housing"}},
	{"job", []string{"need:skills-and-work"}},
	{"shy", []string{"need:confidence"}},
	{"volunteering", []string{"category:volunteering"}},
	{"befriending", []string{"category:befriending"}},
	{"walk", []string{"riverside-walking-group", "northfield-health-walk", "walking-football", "wendbridge-fortnightly-walk"}},
	{"walking group", []string{"riverside-walking-group", "northfield-health-walk", "wendbridge-fortnightly-walk"}},
	{"choir", []string{"community-choir", "memory-lane-singers", "singing-for-breathing"}},
	{"singing", []string{"community-choir", "memory-lane-singers", "singing-for-breathing"}},
	{"gardening", []string{"community-allotment-plot", "grow-your-own-course", "green-gym"}},
	{"lunch club", []string{"little-ashton-lunch-club", "pay-as-you-feel-lunch", "community-christmas-lunch", "gurdwara-langar"}},
	{"food bank", []string{"food-bank", "food-bank-volunteering"}},
	{"yoga", []string{"gentle-chair-yoga"}},
	{"mindfulness", []string{"mindfulness-course"}},
	{"knitting", []string{"knit-and-natter", "wendbridge-craft-circle"}},
	{"art", []string{"category:arts"}},
	{"computer help", []string{"digital-drop-in"}},
	{"learn English", []string{"english-conversation-club"}},
	{"cooking", []string{"cook-and-eat-on-a-budget", "grow-your-own-course"}},
	{"men's group", []string{"mens-shed", "mens-talk-group"}},
	// Asked for by who or what exactly: named listings, not a need's.
	{"coffee morning", []string{"bsl-coffee-morning", "arabic-womens-group"}},
	{"breathing problems", []string{"singing-for-breathing"}},
	{"falls", []string{"steady-steps"}},
	{"new mum", []string{"bumps-and-babies"}},
	{"refugee", []string{"refugee-welcome-drop-in"}},
	{"veterans", []string{"veterans-breakfast"}},
	{"deaf", []string{"bsl-coffee-morning"}},
	{"LGBT", []string{"rainbow-social"}},
	{"Polish", []string{"polish-cafe"}},
	{"heating bills", []string{"warm-homes-advice-day"}},
}

// queryScores are the query set's figures: the share of expected listings
// found anywhere in the results, and of the first results (five, or fewer
// when fewer are expected) the share that are expected.
type queryScores struct {
	found, expected     int
	relevant, firstSeen int
	misses              []string
}

// runQuerySet builds and serves the sample, runs every query through the
// real search client in Chromium, and scores the answers.
func runQuerySet(t testing.TB) queryScores {
	sample := serveSample(t)
	data, err := os.ReadFile(filepath.Join(sample.out, "directory.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dir struct {
		Listings []struct {
			ID, Status string
			Categories []string `json:"categories"`
			Needs      []string `json:"needs"`
		} `json:"listings"`
	}
	if err := json.Unmarshal(data, &dir); err != nil {
		t.Fatal(err)
	}
	expand := func(items []string) []string {
		var out []string
		for _, item := range items {
			kind, id, ok := strings.Cut(item, ":")
			for _, l := range dir.Listings {
				if l.Status == "ended" {
					continue
				}
				if !ok && l.ID == item || kind == "need" && slices.Contains(l.Needs, id) || kind == "category" && slices.Contains(l.Categories, id) {
					if !slices.Contains(out, l.ID) {
						out = append(out, l.ID)
					}
				}
			}
			if !ok && !slices.Contains(out, item) {
				t.Fatalf("the query set names a listing the sample does not have: %s", item)
			}
		}
		return out
	}

	browser, _ := startBrowser(t, sample, 1280)
	if err := chromedp.Do(browser, chromedp.Navigate(sample.base+"search/")); err != nil {
		t.Fatal(err)
	}
	var s queryScores
	for _, q := range clinicianQueries {
		want := expand(q.expected)
		js := fmt.Sprintf(`window.signpostSearch.search(%q).then(r => window.signpostSearch.summaries(r.ids).then(s => s.map(x => x[2])))`, q.query)
		got, err := chromedp.Run(browser, chromedp.Evaluate[[]string](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%q: %v", q.query, err)
		}
		found := 0
		for _, id := range want {
			if slices.Contains(got, id) {
				found++
			}
		}
		k := min(5, len(want))
		relevant := 0
		for _, id := range got[:min(k, len(got))] {
			if slices.Contains(want, id) {
				relevant++
			}
		}
		s.found, s.expected = s.found+found, s.expected+len(want)
		s.relevant, s.firstSeen = s.relevant+relevant, s.firstSeen+k
		if found < len(want) || relevant < k {
			s.misses = append(s.misses, fmt.Sprintf("%q: %d of %d expected found, %d of the first %d relevant (first: %q)",
				q.query, found, len(want), relevant, k, got[:min(k, len(got))]))
		}
	}
	return s
}

// TestClinicianQueries: at least 90 % of the expected listings are found,
// and at least 80 % of the first results are expected ones.
func TestClinicianQueries(t *testing.T) {
	if len(clinicianQueries) < 40 {
		t.Fatalf("the query set has %d queries; it should have at least 40", len(clinicianQueries))
	}
	s := runQuerySet(t)
	recall := float64(s.found) / float64(s.expected)
	precision := float64(s.relevant) / float64(s.firstSeen)
	t.Logf("%d queries: %.1f %% of %d expected listings found; %.1f %% of the first results relevant",
		len(clinicianQueries), 100*recall, s.expected, 100*precision)
	for _, m := range s.misses {
		t.Log(m)
	}
	if recall < 0.9 {
		t.Errorf("recall %.1f %%, goal 90 %%", 100*recall)
	}
	if precision < 0.8 {
		t.Errorf("first results relevant %.1f %%, goal 80 %%", 100*precision)
	}
}

// BenchmarkClinicianQueries reports the query set's figures as metrics
// (go test -bench ClinicianQueries ./theme), to compare rankers with
// benchstat.
func BenchmarkClinicianQueries(b *testing.B) {
	for b.Loop() {
		s := runQuerySet(b)
		b.ReportMetric(100*float64(s.found)/float64(s.expected), "%found")
		b.ReportMetric(100*float64(s.relevant)/float64(s.firstSeen), "%relevant@5")
	}
}
