// Package activity names listings' physical activities in the terms of the
// OpenActive activity list (https://openactive.io/activity-list), for the
// OpenActive feed (site/feeds).
//
// activity-list.jsonld is part of that list, copied unchanged: the 30
// concepts that signpost's words map to (see Words), nothing else. The
// list is OpenActive's, published under CC BY 4.0 (LICENSE-activity-list;
// where it comes from is in README.md). A listing names one of these
// concepts with `activity:` in its front matter, or gets them from the
// words of its title and tags when it is a physical activity.
package activity

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/signpost-directory/signpost/site/content"
)

// Scheme is the address of the OpenActive activity list: every concept's
// inScheme.
const Scheme = "https://openactive.io/activity-list"

//go:embed activity-list.jsonld
var listJSON []byte

// Concept is one activity of the list.
type Concept struct {
	ID      string   `json:"id"` // https://openactive.io/activity-list#<uuid>
	Label   string   `json:"prefLabel"`
	Broader []string `json:"broader"`
}

// List is the part of the OpenActive activity list signpost knows.
type List struct {
	concepts []Concept      // in the file's order (by label)
	byLabel  map[string]int // lower-case label → index
	words    map[string]int // a word or phrase of a title or tag → index
	longest  int            // the most words in a phrase of words
}

// Load reads the embedded list and checks that every word maps to a
// concept in it.
func Load() (*List, error) {
	var doc struct {
		ID      string    `json:"id"`
		Concept []Concept `json:"concept"`
	}
	if err := json.Unmarshal(listJSON, &doc); err != nil {
		return nil, fmt.Errorf("activity-list.jsonld: %w", err)
	}
	if doc.ID != Scheme {
		return nil, fmt.Errorf("activity-list.jsonld is %q, not the OpenActive activity list", doc.ID)
	}
	l := &List{concepts: doc.Concept, byLabel: map[string]int{}, words: map[string]int{}}
	for i, c := range doc.Concept {
		l.byLabel[strings.ToLower(c.Label)] = i
	}
	for phrase, label := range Words() {
		i, ok := l.byLabel[strings.ToLower(label)]
		if !ok {
			return nil, fmt.Errorf("activity word %q maps to %q, which is not in activity-list.jsonld", phrase, label)
		}
		l.words[phrase] = i
		l.longest = max(l.longest, len(strings.Fields(phrase)))
	}
	return l, nil
}

// Words are the words and phrases of listings' titles and tags that name
// an activity, each with the label of its concept. A listing's words are
// matched longest phrase first, so "walking football" is Walking
// Football, not Walking and Football. Gardening includes the practical
// conservation work of green gyms: the list has no closer concept.
func Words() map[string]string {
	return map[string]string{
		"walk": "Walking", "walks": "Walking", "walking": "Walking", "health walk": "Walking",
		"health walks": "Walking", "rambling": "Walking", "ramblers": "Walking", "hiking": "Walking",
		"nordic walking":   "Nordic Walking",
		"walking football": "Walking Football", "football": "Football",
		"walking netball": "Walking Netball", "netball": "Netball",
		"walking cricket": "Walking Cricket",
		"walking tennis":  "Walking Tennis", "tennis": "Tennis", "table tennis": "Table Tennis",
		"boccia": "Boccia",
		"yoga":   "Yoga", "chair yoga": "Chair Yoga",
		"seated": "Chair Based Exercise", "seated exercise": "Chair Based Exercise",
		"chair exercise": "Chair Based Exercise", "chair based exercise": "Chair Based Exercise",
		"exercise": "Group Exercise", "exercise class": "Group Exercise", "keep fit": "Group Exercise",
		"fitness": "Group Exercise",
		"falls":   "Falls and Exercise Management", "falls prevention": "Falls and Exercise Management",
		"balance": "Falls and Exercise Management", "strength and balance": "Falls and Exercise Management",
		"dance": "Dance", "dancing": "Dance", "tea dance": "Tea Dance", "tea dancing": "Tea Dance",
		"ballroom": "Ballroom And Latin", "line dancing": "Line Dancing", "line dance": "Line Dancing",
		"tai chi": "Tai Chi", "qigong": "Qigong", "pilates": "Pilates",
		"gardening": "Gardening", "allotment": "Gardening", "allotments": "Gardening",
		"conservation": "Gardening", "green gym": "Gardening",
		"swimming": "Swimming", "swim": "Swimming", "aqua aerobics": "Aqua Aerobics",
		"cycling": "Cycling", "bike ride": "Cycling", "bike rides": "Cycling",
		"bowls":     "Bowls",
		"badminton": "Badminton",
		"running":   "Running", "jogging": "Running", "parkrun": "Running",
	}
}

// Labels are the labels of the concepts, as the list writes them, in its
// order: what a listing's `activity:` may say.
func (l *List) Labels() []string {
	out := make([]string, len(l.concepts))
	for i, c := range l.concepts {
		out[i] = c.Label
	}
	return out
}

// Lookup finds a concept by its label, in any case.
func (l *List) Lookup(label string) (Concept, bool) {
	i, ok := l.byLabel[strings.ToLower(strings.TrimSpace(label))]
	if !ok {
		return Concept{}, false
	}
	return l.concepts[i], true
}

// IsPhysical reports whether a listing is a physical activity by its own
// terms: in the movement category, or helping with the need for physical
// activity. Only these get activities from their words, so that a tag like
// "walk" on an advice drop-in ("walk in, no appointment") is not read as
// a walking group.
func IsPhysical(l *content.Listing) bool {
	return slices.Contains(l.Categories, "movement") || slices.Contains(l.Needs, "physical-activity")
}

// ForListing is what a listing does in the list's terms, or nothing when
// it is not a physical activity the list has a name for. A listing that
// names its activity gets that one; a physical activity (IsPhysical) gets
// the concepts its title and tags name, without those that another of
// them narrows (Walking Football, not Football as well).
func (l *List) ForListing(listing *content.Listing) []Concept {
	if listing.Activity != "" {
		if c, ok := l.Lookup(listing.Activity); ok {
			return []Concept{c}
		}
		return nil
	}
	if !IsPhysical(listing) {
		return nil
	}
	var found []int
	add := func(i int) {
		if !slices.Contains(found, i) {
			found = append(found, i)
		}
	}
	for _, text := range append([]string{listing.Title}, listing.Tags...) {
		for _, i := range l.match(text) {
			add(i)
		}
	}
	var out []Concept
	for _, i := range found {
		c := l.concepts[i]
		if !l.narrowedBy(c, found) {
			out = append(out, c)
		}
	}
	return out
}

// match finds the phrases of Words in a text, longest first, each word
// used once.
func (l *List) match(text string) []int {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	var out []int
	for at := 0; at < len(words); {
		matched := false
		for n := min(l.longest, len(words)-at); n > 0; n-- {
			if i, ok := l.words[strings.Join(words[at:at+n], " ")]; ok {
				out = append(out, i)
				at += n
				matched = true
				break
			}
		}
		if !matched {
			at++
		}
	}
	return out
}

// narrowedBy reports whether another of the found concepts is narrower
// than c (has c as its broader concept).
func (l *List) narrowedBy(c Concept, found []int) bool {
	for _, i := range found {
		if slices.Contains(l.concepts[i].Broader, c.ID) {
			return true
		}
	}
	return false
}
