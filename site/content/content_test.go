package content

import (
	"testing"

	"github.com/signpost-directory/signpost/site/schedule"
)

func TestPeriod(t *testing.T) {
	d := schedule.Date{Year: 2025, Month: 8, Day: 31}
	tests := []struct {
		text  string
		after schedule.Date
	}{
		{"6 months", schedule.Date{Year: 2026, Month: 2, Day: 28}}, // no 31 February: its last day, not 3 March
		{"1 year", schedule.Date{Year: 2026, Month: 8, Day: 31}},
		{"2 weeks", schedule.Date{Year: 2025, Month: 9, Day: 14}},
		{"90 days", schedule.Date{Year: 2025, Month: 11, Day: 29}},
		{"18 months", schedule.Date{Year: 2027, Month: 2, Day: 28}},
	}
	for _, tt := range tests {
		p, err := ParsePeriod(tt.text)
		if err != nil {
			t.Fatalf("%q: %v", tt.text, err)
		}
		if got := p.After(d); got != tt.after {
			t.Errorf("%q after %s = %s, want %s", tt.text, d, got, tt.after)
		}
		if p.String() != tt.text {
			t.Errorf("String() = %q, want %q", p.String(), tt.text)
		}
	}
	leap := schedule.Date{Year: 2028, Month: 2, Day: 29}
	if got := (Period{N: 1, Unit: "year"}).After(leap); got != (schedule.Date{Year: 2029, Month: 2, Day: 28}) {
		t.Errorf("1 year after %s = %s, want 2029-02-28", leap, got)
	}
	for _, bad := range []string{"", "six months", "0 days", "3 fortnights", "-1 year"} {
		if _, err := ParsePeriod(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestStaleNeverStops: for every verified day of two years (month ends,
// a leap day) and several periods, a listing is fresh up to one period
// after it was verified and stale on every day after, never fresh again
// (verified 1 March with 6 months was once stale on 30 and 31 August, not
// on 1 September, and stale again from 2 September), and a later verified
// date is never stale earlier.
func TestStaleNeverStops(t *testing.T) {
	day := func(d schedule.Date, n int) schedule.Date { return schedule.DateOf(d.Time(nil).AddDate(0, 0, n)) }
	for _, p := range []Period{{N: 6, Unit: "month"}, {N: 1, Unit: "month"}, {N: 3, Unit: "month"}, {N: 1, Unit: "year"},
		{N: 90, Unit: "day"}, {N: 2, Unit: "week"}} {
		prevFrom := schedule.Date{}
		for v := (schedule.Date{Year: 2027, Month: 1, Day: 1}); v.Before(schedule.Date{Year: 2029, Month: 1, Day: 1}); v = day(v, 1) {
			from := p.StaleFrom(v)
			if from.Before(prevFrom) {
				t.Fatalf("%s: verified %s is stale from %s, before the day before it (%s)", p, v, from, prevFrom)
			}
			prevFrom = from
			stale := false
			for today := v; today.Before(day(v, 800)); today = day(today, 1) {
				now := p.Stale(v, today)
				if stale && !now {
					t.Fatalf("%s: verified %s is stale before %s and not on it", p, v, today)
				}
				if now != !today.Before(from) {
					t.Fatalf("%s: verified %s: stale on %s is %v, but it is stale from %s", p, v, today, now, from)
				}
				stale = now
			}
		}
	}
	if (Period{}).Stale(schedule.Date{Year: 2000, Month: 1, Day: 1}, schedule.Date{Year: 2030, Month: 1, Day: 1}) {
		t.Error("no stale_after: stale")
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
