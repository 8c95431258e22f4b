package hsds

import (
	"fmt"
	"strings"
	"testing"
)

func TestTermsMapOwnDefaultsAndUserMap(t *testing.T) {
	terms, err := NewTerms(nil, []byte(`terms:
  "Physical activity": [movement]
  "esd:123": needs/loneliness
  "Adult social care": []
`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		term Term
		want string // targets, or "unmapped"
	}{
		{Term{Taxonomy: "categories", Code: "nature", Name: "Nature and outdoors"}, "[categories/nature]"},
		{Term{Taxonomy: "audience", Code: "carers", Name: "Carers"}, "[audience/carers]"},
		{Term{Name: "Physical Activity"}, "[categories/movement]"}, // the user's map wins over the default
		{Term{Taxonomy: "esd", Code: "123", Name: "Lonely"}, "[needs/loneliness]"},
		{Term{Name: "Adult Social Care"}, "[]"},            // mapped to nothing on purpose
		{Term{Name: "Arts & Crafts"}, "[categories/arts]"}, // ORUK default, folded
		{Term{Name: "Debt advice"}, "[categories/practical-support needs/money]"},
		{Term{Name: "Mindfulness"}, "[categories/wellbeing]"},                  // a synonym of a built-in term
		{Term{Name: "Dementia friendly"}, "[accessibility/dementia-friendly]"}, // a label
		{Term{Name: "Planning applications"}, "unmapped"},
	}
	for _, c := range cases {
		got, ok := terms.Map(c.term)
		s := fmt.Sprint(got)
		if !ok {
			s = "unmapped"
		}
		if s != c.want {
			t.Errorf("Map(%v) = %s, want %s", c.term, s, c.want)
		}
	}
}

func TestTermsMapErrorsSayWhatToWrite(t *testing.T) {
	cases := []struct{ file, want string }{
		{"terms:\n  Walking: [movment]\n", `line 2: "Walking": "movment" is not a term of any vocabulary`},
		{"terms:\n  Walking: [categories/walks]\n", `categories has no term "walks"; its terms are arts, music`},
		{"terms:\n  Walking: [colours/red]\n", `there is no vocabulary "colours"`},
		{"terms:\n  Walking: {a: b}\n", "write a term or a list of terms"},
		{"terms: [a, b]\n", "terms must be a list of"},
		{"walking: movement\n", `write them under "terms:"`},
		{"terms: [\n", "reading the map"},
	}
	for _, c := range cases {
		_, err := NewTerms(nil, []byte(c.file))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewTerms(%q) = %v, want %q", c.file, err, c.want)
		}
	}
}
