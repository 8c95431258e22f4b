package schedule

import (
	"encoding/json"
	"testing"
	"time"
)

func TestCompactRules(t *testing.T) {
	var rules []Rule
	for _, text := range []string{
		"every Tuesday and Friday 10:00-11:30",
		"every other Wednesday 14:00-16:00 from 2026-01-07",
		"first and last Saturday of the month 09:30-12:00",
		"weekdays 09:00-17:00 until 2027-06-30",
		"daily 07:00-08:00",
		"on 2026-12-25 12:00-15:30",
		"by appointment",
	} {
		r, err := Parse(text)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		rules = append(rules, r)
	}
	got := CompactJSON(rules)
	want := `[{"k":"w","d":[2,5],"t":[600,690]},{"k":"f","d":[3],"f":"2026-01-07","t":[840,960]},` +
		`{"k":"m","d":[6],"n":[1,-1],"t":[570,720]},{"k":"k","u":"2027-06-30","t":[540,1020]},` +
		`{"k":"d","t":[420,480]},{"k":"o","o":"2026-12-25","t":[720,930]}]`
	if got != want {
		t.Errorf("CompactJSON:\n got %s\nwant %s", got, want)
	}
	var back []Compact
	if err := json.Unmarshal([]byte(got), &back); err != nil || len(back) != 6 {
		t.Fatalf("%v, %d rules", err, len(back))
	}
	if CompactJSON(rules[6:]) != "" {
		t.Error("by appointment alone has no sessions, so no rules")
	}
}

// TestSessionsAgreeWithNext holds Sessions, which the browser's
// placetime.js mirrors, against Next over two years of days.
func TestSessionsAgreeWithNext(t *testing.T) {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Parse("every other Thursday 10:00-12:00 from 2026-01-08 until 2027-10-01")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse("last Monday of the month 18:00-19:00")
	if err != nil {
		t.Fatal(err)
	}
	rules := []Rule{r, m}
	day := Date{2026, time.January, 1}
	for range 730 {
		want := 0
		for _, rule := range rules {
			if o, ok := rule.Next(day.Time(loc), loc); ok && DateOf(o.Start) == day {
				want++
			}
		}
		if got := len(Sessions(rules, day)); got != want {
			t.Errorf("%s: %d sessions, Next finds %d", day, got, want)
		}
		day = DateOf(day.Time(time.UTC).AddDate(0, 0, 1))
	}
}

// TestZoneOffsets holds the offsets the browser reads against Go's own
// clock, every hour of three years in zones with and without clock changes.
func TestZoneOffsets(t *testing.T) {
	for _, name := range []string{"Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		from := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
		o := ZoneOffsets(loc, from, 2)
		start := time.UnixMilli(o.Changes[0][0])
		for at := start; at.UnixMilli() < o.Until; at = at.Add(time.Hour) {
			offset := int64(0)
			for _, c := range o.Changes {
				if c[0] <= at.UnixMilli() {
					offset = c[1]
				}
			}
			if _, want := at.In(loc).Zone(); offset != int64(want/60) {
				t.Fatalf("%s at %v: offset %d minutes, want %d", name, at.UTC(), offset, want/60)
			}
		}
		if until := time.UnixMilli(o.Until).In(loc); until.Year() != 2029 || until.YearDay() != 1 {
			t.Errorf("%s: the offsets run until %v", name, until)
		}
	}
}
