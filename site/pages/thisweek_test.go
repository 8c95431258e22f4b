package pages

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/signpost-directory/signpost/site/schedule"
)

// TestThisWeek builds /this-week/ at a moment that is already the next day
// in the directory's zone (Europe/London), for a week across the clock
// change of 28 March 2027, and checks every day against schedule.Sessions.
func TestThisWeek(t *testing.T) {
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	d := sample(t)
	// 20:30 in New York on Thursday 25 March is 00:30 on Friday 26 March in London.
	at := time.Date(2027, 3, 25, 20, 30, 0, 0, newYork)
	p, err := Build(context.Background(), d, Options{Now: at})
	if err != nil {
		t.Fatal(err)
	}
	w, body := frontMatter[ThisWeek](t, p, "content/this-week/_index.md")
	if body != "" {
		t.Errorf("the page has a body: %q", body)
	}
	if w.Layout != "this-week" || w.Title != "This week" {
		t.Errorf("layout %q, title %q", w.Layout, w.Title)
	}
	if w.Today != "2027-03-26" || w.AsOf != "Friday 26 March 2027" {
		t.Errorf("today %q, as of %q; want 2027-03-26, Friday 26 March 2027", w.Today, w.AsOf)
	}
	wantDays := []string{"Friday 26 March", "Saturday 27 March", "Sunday 28 March", "Monday 29 March",
		"Tuesday 30 March", "Wednesday 31 March", "Thursday 1 April"}
	if len(w.Days) != len(wantDays) {
		t.Fatalf("%d days, want %d", len(w.Days), len(wantDays))
	}

	byURL := map[string]string{} // listing page → status
	for _, l := range d.Listings {
		byURL["listings/"+l.ID+"/"] = l.Status
	}
	total := 0
	for i, day := range w.Days {
		date := addDays(schedule.Date{Year: 2027, Month: 3, Day: 26}, i)
		if day.Date != date.String() || day.Text != wantDays[i] {
			t.Errorf("day %d is %s %q, want %s %q", i, day.Date, day.Text, date, wantDays[i])
		}
		// Worked out again here, listing by listing.
		var want []string
		for _, l := range d.Listings {
			if l.Status != "active" && l.Status != "full" {
				continue
			}
			for _, s := range schedule.Sessions(l.Schedule, date) {
				want = append(want, fmt.Sprintf("%s %s-%s", "listings/"+l.ID+"/", schedule.Clock(s[0]), schedule.Clock(s[1])))
			}
		}
		var got []string
		for _, s := range day.Sessions {
			got = append(got, fmt.Sprintf("%s %s-%s", s.URL, schedule.Clock(s.Start), schedule.Clock(s.End)))
			if s.Time != schedule.Clock(s.Start).String()+"–"+schedule.Clock(s.End).String() {
				t.Errorf("%s: time %q for %d–%d", day.Date, s.Time, s.Start, s.End)
			}
			if s.Title == "" || s.Place == "" || s.Cost == "" {
				t.Errorf("%s: session %+v lacks a title, place or cost", day.Date, s)
			}
			switch status := byURL[s.URL]; status {
			case "active", "full":
				if s.Full != (status == "full") {
					t.Errorf("%s: %s is %s but full=%v", day.Date, s.URL, status, s.Full)
				}
			default:
				t.Errorf("%s: %s is shown, but its status is %q", day.Date, s.URL, status)
			}
		}
		if !slices.IsSortedFunc(day.Sessions, compareSessions) {
			t.Errorf("%s: sessions not in order of start time and title", day.Date)
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: sessions\n%s\nwant\n%s", day.Date, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		total += len(got)
	}
	if total == 0 {
		t.Fatal("no sessions all week")
	}
	// The walking group meets on Tuesdays at 10:00 in London's time, summer or winter.
	if i := slices.IndexFunc(w.Days[4].Sessions, func(s WeekSession) bool { return s.URL == "listings/riverside-walking-group/" }); i < 0 ||
		w.Days[4].Sessions[i].Time != "10:00–11:30" {
		t.Errorf("Tuesday 30 March: no walking group at 10:00–11:30 in %+v", w.Days[4].Sessions)
	}

	// The data block: every running activity with dated sessions, and no other.
	var want []string
	for _, l := range d.Listings {
		if (l.Status == "active" || l.Status == "full") && len(schedule.CompactRules(l.Schedule)) > 0 {
			want = append(want, "listings/"+l.ID+"/")
		}
	}
	var got []string
	for _, l := range w.Data {
		got = append(got, l.URL)
		if status := byURL[l.URL]; status != "active" && status != "full" {
			t.Errorf("data: %s has status %q", l.URL, status)
		} else if l.Full != (status == "full") {
			t.Errorf("data: %s is %s but full=%v", l.URL, status, l.Full)
		}
		if l.Title == "" || l.Place == "" || l.Cost == "" || len(l.Rules) == 0 {
			t.Errorf("data: incomplete %+v", l)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("data lists\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, id := range []string{"wendbridge-tea-dance"} { // paused in the sample
		if slices.Contains(got, "listings/"+id+"/") {
			t.Errorf("data lists %s, which is not running", id)
		}
	}
}

// TestThisWeekData checks the data block's form: arrays of six, as the
// script reads them.
func TestThisWeekData(t *testing.T) {
	d := sample(t)
	d.Listings[0].Title = "</script><script>alert(1)</script>"
	p, err := Build(context.Background(), d, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	file := string(p.Files["content/this-week/_index.md"])
	if strings.Contains(file, "</script>") || strings.Contains(file, "<script>") {
		t.Errorf("the title is written unescaped: %s", file[:min(len(file), 300)])
	}
	var raw struct {
		Data []json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal([]byte(file), &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw.Data) == 0 {
		t.Fatal("no data")
	}
	for _, item := range raw.Data {
		var a []any
		if err := json.Unmarshal(item, &a); err != nil || len(a) != 6 {
			t.Fatalf("an activity is %s, want an array of 6 (%v)", item, err)
		}
		for i := range 4 {
			if _, ok := a[i].(string); !ok {
				t.Errorf("field %d of %s is not text", i, item)
			}
		}
		if _, ok := a[4].([]any); !ok {
			t.Errorf("the rules of %s are not a list", item)
		}
		if _, ok := a[5].(bool); !ok {
			t.Errorf("field 5 of %s is not true or false", item)
		}
		var l WeekListing
		if err := json.Unmarshal(item, &l); err != nil {
			t.Errorf("%s: %v", item, err)
		}
		again, err := json.Marshal(l)
		if err != nil || string(again) != string(item) {
			t.Errorf("%s reads back as %s (%v)", item, again, err)
		}
	}
}
