package content

import (
	"testing"

	"github.com/signpost-directory/signpost/site/schedule"
)

func TestPeriod(t *testing.T) {
	d := schedule.Date{Year: 2026, Month: 8, Day: 31}
	tests := []struct {
		text   string
		before schedule.Date
	}{
		{"6 months", schedule.Date{Year: 2026, Month: 3, Day: 3}}, // 31 Feb normalises forward, as time.AddDate does
		{"1 year", schedule.Date{Year: 2025, Month: 8, Day: 31}},
		{"2 weeks", schedule.Date{Year: 2026, Month: 8, Day: 17}},
		{"90 days", schedule.Date{Year: 2026, Month: 6, Day: 2}},
	}
	for _, tt := range tests {
		p, err := ParsePeriod(tt.text)
		if err != nil {
			t.Fatalf("%q: %v", tt.text, err)
		}
		if got := p.Before(d); got != tt.before {
			t.Errorf("%q before %s = %s, want %s", tt.text, d, got, tt.before)
		}
		if p.String() != tt.text {
			t.Errorf("String() = %q, want %q", p.String(), tt.text)
		}
	}
	for _, bad := range []string{"", "six months", "0 days", "3 fortnights", "-1 year"} {
		if _, err := ParsePeriod(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestVocabulary(t *testing.T) {
	tax := BuiltinTaxonomy()
	if len(tax.Categories.Terms) != 12 || len(tax.Needs.Terms) != 13 || len(tax.Accessibility.Terms) != 10 || len(tax.Audience.Terms) != 10 {
		t.Fatal("built-in vocabularies do not match DESIGN §2")
	}
	tax.Categories.Set(Term{ID: "music", Label: "Singing", Translations: map[string]TermText{"cy": {Label: "Canu"}}})
	if tax.Categories.Label("music", "cy") != "Canu" || tax.Categories.Label("music", "en") != "Singing" {
		t.Error("relabelling failed")
	}
	if tax.Categories.Term("music").Description == "" {
		t.Error("relabelling dropped the description")
	}
	if BuiltinTaxonomy().Categories.Label("music", "en") != "Music and singing" {
		t.Error("BuiltinTaxonomy shares state between calls")
	}
	if tax.Vocabulary("needs") != tax.Needs || tax.Vocabulary("nope") != nil {
		t.Error("Vocabulary lookup by name")
	}
}
