package pages

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/schedule"
)

// WeekDays is how many days /this-week/ shows, the build date first.
const WeekDays = 7

// ThisWeek is the front matter of /this-week/: the sessions of the seven
// days from the build date, for readers without JavaScript, and the data
// the page's script works the same out from on the day someone reads it.
type ThisWeek struct {
	Title  string `json:"title"`
	Layout string `json:"layout"` // "this-week"
	// Today is the build date in the directory's time zone (ISO), the
	// first of Days, and AsOf the same in words: "Monday 30 November 2026".
	Today string    `json:"today"`
	AsOf  string    `json:"as_of"`
	Days  []WeekDay `json:"days"`
	// Data is every running activity with dated sessions, in the order of
	// the directory, so the script can work out any seven days without
	// fetching anything.
	Data []WeekListing `json:"data"`
}

// WeekDay is one day of /this-week/.
type WeekDay struct {
	Date string `json:"date"` // 2026-11-30
	Text string `json:"text"` // "Monday 30 November", as the script writes it too
	// Sessions are in order of start time, then title.
	Sessions []WeekSession `json:"sessions"`
}

// WeekSession is one session on a day of /this-week/.
type WeekSession struct {
	Start int    `json:"start"` // minutes after midnight, wall-clock time in the directory's zone
	End   int    `json:"end"`
	Time  string `json:"time"` // "10:00–11:30"
	Title string `json:"title"`
	// URL is the listing's page, relative (see Term.URL): "listings/<id>/".
	URL   string `json:"url"`
	Place string `json:"place"` // venue name and town, or "Online"
	Cost  string `json:"cost"`
	Full  bool   `json:"full,omitempty"` // the activity is full at the moment
}

// WeekListing is an activity as the /this-week/ script reads it. It is
// written as a JSON array, [title, url, place, cost, rules, full], to keep
// the page small when a directory has thousands of activities.
type WeekListing struct {
	Title, URL, Place, Cost string
	Rules                   []schedule.Compact
	Full                    bool
}

// MarshalJSON writes l as [title, url, place, cost, rules, full].
func (l WeekListing) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{l.Title, l.URL, l.Place, l.Cost, l.Rules, l.Full})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (l *WeekListing) UnmarshalJSON(data []byte) error {
	var a []json.RawMessage
	if err := json.Unmarshal(data, &a); err != nil {
		return err
	}
	if len(a) != 6 {
		return fmt.Errorf("an activity of /this-week/ has %d fields, want 6", len(a))
	}
	for i, s := range []*string{&l.Title, &l.URL, &l.Place, &l.Cost} {
		if err := json.Unmarshal(a[i], s); err != nil {
			return err
		}
	}
	if err := json.Unmarshal(a[4], &l.Rules); err != nil {
		return err
	}
	return json.Unmarshal(a[5], &l.Full)
}

// thisWeek writes /this-week/ for the week from the build date. It depends
// on every running activity, so it is made again on every build; it holds
// nothing else, so in the live preview Hugo renders it again only when one
// of those activities, or the date, has changed.
func (g *generator) thisWeek() error {
	loc := g.d.Config.Location
	if loc == nil {
		loc = time.UTC
	}
	today := schedule.DateOf(g.opts.Now.In(loc))
	fm := ThisWeek{Title: "This week", Layout: "this-week", Today: today.String(),
		AsOf: dayText(today) + " " + strconv.Itoa(today.Year), Data: []WeekListing{}}
	type running struct {
		l    *content.Listing
		card WeekSession
	}
	var listings []running
	for _, l := range g.d.Listings {
		if !l.IsActive() {
			continue
		}
		rules := schedule.CompactRules(l.Schedule)
		if len(rules) == 0 {
			continue
		}
		c := g.d.Card(l)
		s := WeekSession{Title: l.Title, URL: "listings/" + l.ID + "/", Place: c.Where, Cost: c.Cost, Full: l.Status == "full"}
		listings = append(listings, running{l, s})
		fm.Data = append(fm.Data, WeekListing{Title: s.Title, URL: s.URL, Place: s.Place, Cost: s.Cost, Rules: rules, Full: s.Full})
	}
	for i := range WeekDays {
		day := addDays(today, i)
		wd := WeekDay{Date: day.String(), Text: dayText(day), Sessions: []WeekSession{}}
		for _, r := range listings {
			for _, t := range schedule.Sessions(r.l.Schedule, day) {
				s := r.card
				s.Start, s.End = t[0], t[1]
				s.Time = schedule.Clock(t[0]).String() + "–" + schedule.Clock(t[1]).String()
				wd.Sessions = append(wd.Sessions, s)
			}
		}
		slices.SortStableFunc(wd.Sessions, compareSessions)
		fm.Days = append(fm.Days, wd)
	}
	return g.write("content/this-week/_index.md", fm, "")
}

// compareSessions orders a day's sessions by start time, then title (as
// the script does: code point order, not a language's), then end time
// and page.
func compareSessions(a, b WeekSession) int {
	return cmp.Or(cmp.Compare(a.Start, b.Start), strings.Compare(a.Title, b.Title),
		cmp.Compare(a.End, b.End), strings.Compare(a.URL, b.URL))
}

// addDays is the date n days after d.
func addDays(d schedule.Date, n int) schedule.Date {
	return schedule.DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// dayText is a date as the headings of /this-week/ write it: "Monday 30
// November".
func dayText(d schedule.Date) string {
	return schedule.DayName(d.Weekday()) + " " + strconv.Itoa(d.Day) + " " + d.Month.String()
}
