package content

import (
	"slices"
	"testing"
	"time"

	"github.com/signpost-directory/signpost/site/schedule"
)

func TestWordsOutputsShare(t *testing.T) {
	loc := time.UTC
	session := schedule.Occurrence{Start: time.Date(2026, 11, 24, 10, 0, 0, 0, loc), End: time.Date(2026, 11, 24, 11, 30, 0, 0, loc)}
	eighteen := 18
	tests := []struct{ got, want string }{
		{LongDate(schedule.Date{Year: 2026, Month: 10, Day: 2}), "2 October 2026"},
		{LongDate(schedule.Date{}), ""},
		{SessionText(session), "Tuesday 24 November 2026, 10:00–11:30"},
		{Audience{}.Text(), "Everyone"},
		{Audience{MinAge: &eighteen}.Text(), "Adults (18+)"},
		{Direction("ar"), "rtl"},
		{Direction("ur-PK"), "rtl"},
		{Direction("pl"), "ltr"},
		{JoinAnd(nil), ""},
		{JoinAnd([]string{"a"}), "a"},
		{JoinAnd([]string{"a", "b"}), "a and b"},
		{JoinAnd([]string{"a", "b", "c"}), "a, b and c"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

// The weekday table is schedule's; filters and feeds rely on its ids and
// codes naming each day once.
func TestEveryDayHasOneIDAndCode(t *testing.T) {
	week := schedule.Week()
	if len(week) != 7 || week[0] != time.Monday || week[6] != time.Sunday {
		t.Fatalf("Week() = %v", week)
	}
	ids, codes := map[string]bool{}, map[string]bool{}
	for _, d := range week {
		if back, ok := schedule.DayOfID(schedule.DayID(d)); !ok || back != d {
			t.Errorf("%v: DayOfID(%q) = %v, %v", d, schedule.DayID(d), back, ok)
		}
		if schedule.DayName(d) != d.String() {
			t.Errorf("DayName(%v) = %q", d, schedule.DayName(d))
		}
		ids[schedule.DayID(d)], codes[schedule.DayCode(d)] = true, true
	}
	if len(ids) != 7 || len(codes) != 7 || schedule.DayCode(time.Wednesday) != "WE" || schedule.DayID(time.Thursday) != "thu" {
		t.Errorf("ids %v, codes %v", ids, codes)
	}
	if _, ok := schedule.DayOfID("monday"); ok {
		t.Error(`DayOfID("monday") is a day`)
	}
}

func TestCountryRules(t *testing.T) {
	tests := []struct{ got, want string }{
		{TelURL("01632 960123", "GB"), "tel:+441632960123"},
		{TelURL("+44 (0)1632 960123", "GB"), "tel:+4401632960123"},
		{TelURL("00 44 1632 960123", "GB"), "tel:00441632960123"},
		{TelURL("555-0100", "US"), "tel:5550100"},
		{TelURL("01 23 45 67 89", "FR"), "tel:+33123456789"},
		{TelURL("ring us", "GB"), ""},
		{NormalizePostcode("tv12ab", "GB"), "TV1 2AB"},
		{NormalizePostcode(" d02x285 ", "IE"), "D02 X285"},
		{NormalizePostcode("1234ab", "NL"), "1234 AB"},
		{NormalizePostcode("12345ab", "NL"), "12345AB"},
		{NormalizePostcode("10 115", "DE"), "10115"},
		{PostcodeExample("CA"), "K1A 0B1"},
		{CharityScheme("GB", "1234567"), "GB-CHC"},
		{CharityScheme("UK", "sc 012345"), "GB-SC"},
		{CharityScheme("GB", "NI100001"), "GB-NIC"},
		{CharityScheme("IE", "20012345"), ""},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
	for country, c := range countries {
		if c.postcode != nil && !c.postcode.MatchString(c.postcodeExample) {
			t.Errorf("%s: the example %q is not a postcode there", country, c.postcodeExample)
		}
		if c.postcode != nil && !c.postcode.MatchString(NormalizePostcode(c.postcodeExample, country)) {
			t.Errorf("%s: normalizing the example %q spoils it", country, c.postcodeExample)
		}
	}
	if PostcodePattern("UK") != nil || PostcodePattern("SE") != nil || PostcodePattern("GB") == nil {
		t.Error("postcodes are checked for the wrong countries")
	}
}

func TestListingInLists(t *testing.T) {
	rule := func(text string) schedule.Rule {
		r, err := schedule.Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	d := &Directory{Config: Config{Currency: "GBP"}, Taxonomy: BuiltinTaxonomy(),
		Venues: []*Venue{{ID: "hall", Name: "Church Hall", Town: "Little Ashton", Accessibility: []string{"step-free", "hearing-loop"}}}}
	d.Index()
	l := &Listing{ID: "choir", Venue: "hall", Lang: "en", Referral: "self", Cost: Cost{Amount: 2, Per: "session"},
		Accessibility: []string{"hearing-loop", "quiet-space"},
		Schedule:      []schedule.Rule{rule("every Tuesday and Saturday 18:00-20:00"), rule("weekdays 09:00-10:00")}}

	f := d.Filters(l)
	want := Filters{Days: []string{"mon", "tue", "wed", "thu", "fri", "sat"}, Times: []string{"morning", "evening"},
		Cost: "paid", Accessibility: []string{"hearing-loop", "quiet-space", "step-free"}, Languages: []string{"en"},
		Referral: "self", Area: "little-ashton"}
	if !slices.Equal(f.Days, want.Days) || !slices.Equal(f.Times, want.Times) || f.Cost != want.Cost ||
		!slices.Equal(f.Accessibility, want.Accessibility) || !slices.Equal(f.Languages, want.Languages) ||
		f.Referral != want.Referral || f.Area != want.Area || len(f.Audience) != 0 {
		t.Errorf("Filters = %+v\nwant %+v", f, want)
	}
	if got := f.Values("cost"); !slices.Equal(got, []string{"paid"}) {
		t.Errorf(`Values("cost") = %q`, got)
	}
	for _, name := range FilterNames() {
		if FilterHeading(name) == "" {
			t.Errorf("filter %s has no heading", name)
		}
	}
	labels := []struct{ filter, value, want string }{
		{"days", "sat", "Saturday"}, {"times", "evening", "Evening (after 5pm)"}, {"cost", "paid", "Costs money"},
		{"referral", "self", "Anyone can join"}, {"area", "little-ashton", "Little Ashton"}, {"area", "online", "Online"},
		{"languages", "pl", "Polish (polski)"}, {"days", "someday", "someday"},
	}
	for _, tt := range labels {
		if got := d.FilterLabel(tt.filter, tt.value); got != tt.want {
			t.Errorf("FilterLabel(%s, %s) = %q, want %q", tt.filter, tt.value, got, tt.want)
		}
	}
	if FilterOrder("days", "sun", "mon") <= 0 || FilterOrder("cost", "free", "paid") >= 0 || FilterOrder("area", "a", "b") != 0 {
		t.Error("FilterOrder")
	}
	c := d.Card(l)
	if c != (Card{When: "Every Tuesday and Saturday, 18:00–20:00, and other times", Where: "Church Hall, Little Ashton", Cost: "£2 a session"}) {
		t.Errorf("Card = %+v", c)
	}
}

// TestCostWithin: a price limit holds free activities and a session's price at
// or under it; a price per week, term or course is never compared with it.
func TestCostWithin(t *testing.T) {
	for _, c := range []struct {
		cost  Cost
		limit float64
		want  bool
	}{
		{Cost{Free: true}, 2, true},
		{Cost{Amount: 2, Per: "session"}, 2, true},
		{Cost{Amount: 2.01, Per: "session"}, 2, false},
		{Cost{Amount: 1.5}, 2, true},
		{Cost{Amount: 1, Per: "week"}, 5, false},
		{Cost{Amount: 3, Per: "course"}, 10, false},
		{Cost{}, 5, false},
	} {
		if got := c.cost.Within(c.limit); got != c.want {
			t.Errorf("%+v within %v: %v, want %v", c.cost, c.limit, got, c.want)
		}
	}
	if got := CostLimitLabel(5, "GBP"); got != "Up to £5 a session" {
		t.Errorf("label %q", got)
	}
}
