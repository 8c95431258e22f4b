package feeds_test

// The calendars are read back with github.com/emersion/go-ical, which
// expands recurrence rules with github.com/teambition/rrule-go: an
// independent parser and RRULE engine (neither shares code with signpost's
// writer or its schedule package). go-ical is small, has no dependencies
// besides rrule-go, and is maintained by the author of go-webdav/CalDAV,
// where it is used against real calendar servers; rrule-go is a port of
// python-dateutil's rrule, the reference most calendar code is tested
// against.

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/schedule"
)

func parseCalendar(t *testing.T, name string, data []byte) *goical.Calendar {
	t.Helper()
	cal, err := goical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatalf("%s does not parse: %v", name, err)
	}
	return cal
}

// TestCalendarFormat checks the lexical rules of RFC 5545 on the raw bytes,
// then the required properties on the parsed calendar.
func TestCalendarFormat(t *testing.T) {
	dir := written(t)
	d := sample(t)
	names := []string{"calendar.ics"}
	for _, l := range d.Listings {
		names = append(names, "listings/"+l.ID+"/calendar.ics")
	}
	for _, name := range names {
		data, err := readOptional(dir, name)
		if err != nil {
			continue // listings by appointment only have no calendar
		}
		if bytes.Count(data, []byte("\n")) != bytes.Count(data, []byte("\r\n")) {
			t.Errorf("%s has line breaks that are not CRLF", name)
		}
		for i, line := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
			if len(line) > 75 {
				t.Errorf("%s line %d is %d octets long", name, i+1, len(line))
			}
		}
		cal := parseCalendar(t, name, data)
		if v, _ := cal.Props.Text(goical.PropVersion); v != "2.0" {
			t.Errorf("%s: VERSION %q", name, v)
		}
		if cal.Props.Get(goical.PropProductID) == nil {
			t.Errorf("%s: no PRODID", name)
		}
		// An iTIP method needs an ORGANIZER on each event (RFC 5546): a feed has neither.
		if m := cal.Props.Get(goical.PropMethod); m != nil {
			for _, c := range cal.Children {
				if c.Name == goical.CompEvent && c.Props.Get(goical.PropOrganizer) == nil {
					t.Errorf("%s: METHOD:%s with an event without ORGANIZER", name, m.Value)
					break
				}
			}
		}
		var zones []string
		for _, c := range cal.Children {
			if c.Name == goical.CompTimezone {
				id, _ := c.Props.Text(goical.PropTimezoneID)
				zones = append(zones, id)
			}
		}
		if !slices.Equal(zones, []string{"Europe/London"}) {
			t.Errorf("%s: VTIMEZONEs %v, want one for Europe/London", name, zones)
		}
		uids := map[string]bool{}
		for _, ev := range cal.Events() {
			uid, _ := ev.Props.Text(goical.PropUID)
			if uids[uid] || !strings.HasSuffix(uid, "@example.org") {
				t.Errorf("%s: UID %q is repeated or not at the directory's host", name, uid)
			}
			uids[uid] = true
			for _, p := range []string{goical.PropDateTimeStamp, goical.PropDateTimeStart, goical.PropDateTimeEnd,
				goical.PropSummary, goical.PropDescription, goical.PropURL, goical.PropStatus} {
				if ev.Props.Get(p) == nil {
					t.Errorf("%s: %s has no %s", name, uid, p)
				}
			}
			start := ev.Props.Get(goical.PropDateTimeStart)
			if tz := start.Params.Get(goical.PropTimezoneID); tz != "Europe/London" {
				t.Errorf("%s: %s DTSTART has TZID %q", name, uid, tz)
			}
			// The parser resolves the TZID to a real zone.
			s, err := ev.DateTimeStart(nil)
			if err != nil || s.Location().String() != "Europe/London" {
				t.Errorf("%s: %s DTSTART = %v in %v (%v)", name, uid, s, s.Location(), err)
			}
		}
	}
}

// TestCalendarEvents checks which listings have events, and their
// DTSTAMP, status and text.
func TestCalendarEvents(t *testing.T) {
	dir := written(t)
	d := sample(t)
	all := parseCalendar(t, "calendar.ics", readFile(t, dir, "calendar.ics"))
	inAll := map[string]bool{}
	for _, ev := range all.Events() {
		uid, _ := ev.Props.Text(goical.PropUID)
		inAll[strings.Split(uid, "@")[0]] = true
	}
	for _, l := range d.Listings {
		var want []string
		for i, r := range l.Schedule {
			if r.Kind != schedule.ByAppointment {
				want = append(want, l.ID+"-"+itoa(i+1))
			}
		}
		data, err := readOptional(dir, "listings/"+l.ID+"/calendar.ics")
		if len(want) == 0 {
			if err == nil {
				t.Errorf("%s is by appointment only but has a calendar", l.ID)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s has no calendar: %v", l.ID, err)
			continue
		}
		var got []string
		for _, ev := range parseCalendar(t, l.ID, data).Events() {
			uid, _ := ev.Props.Text(goical.PropUID)
			got = append(got, strings.TrimSuffix(uid, "@example.org"))
			stamp, err := ev.Props.DateTime(goical.PropDateTimeStamp, nil)
			if err != nil || !stamp.Equal(l.Verified.Time(time.UTC)) {
				t.Errorf("%s: DTSTAMP %v, want the verified date %s (%v)", uid, stamp, l.Verified, err)
			}
			status, _ := ev.Props.Text(goical.PropStatus)
			if wantStatus := map[bool]string{true: "CONFIRMED", false: "CANCELLED"}[l.IsActive()]; status != wantStatus {
				t.Errorf("%s (%s): STATUS %s, want %s", uid, l.Status, status, wantStatus)
			}
			desc, _ := ev.Props.Text(goical.PropDescription)
			if !strings.Contains(desc, l.Summary) || !strings.Contains(desc, "https://example.org/millbrook/listings/"+l.ID+"/") {
				t.Errorf("%s: DESCRIPTION %q lacks the summary or the page", uid, desc)
			}
			if loc, _ := ev.Props.Text(goical.PropLocation); l.IsOnline() != (loc == "Online") || loc == "" {
				t.Errorf("%s: LOCATION %q", uid, loc)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: events %v, want %v", l.ID, got, want)
		}
		for _, uid := range want {
			if inAll[uid] != l.IsActive() {
				t.Errorf("%s (%s) in calendar.ics: %v", uid, l.Status, inAll[uid])
			}
		}
	}
}

// TestCalendarOccurrences expands the events of a weekly, a fortnightly, a
// "first Saturday" and two course listings with the independent parser and
// RRULE engine, over 8-week windows (one across the clock change of
// 28 March 2027, one across 25 October 2026), and expects exactly the
// sessions the schedule package computes, in local time.
func TestCalendarOccurrences(t *testing.T) {
	d := sample(t)
	dir := written(t)
	loc := d.Config.Location
	windows := []schedule.Date{{Year: 2026, Month: 10, Day: 5}, {Year: 2026, Month: 11, Day: 21}, {Year: 2027, Month: 3, Day: 1}}
	tests := []struct {
		listing string
		rule    int
		kind    schedule.Kind
	}{
		{"riverside-walking-group", 0, schedule.Weekly},
		{"riverside-walking-group", 1, schedule.Monthly}, // first Saturday of the month
		{"wendbridge-fortnightly-walk", 0, schedule.Fortnightly},
		{"cook-and-eat-on-a-budget", 0, schedule.Weekly}, // course: 14 January – 4 March 2027
		{"grow-your-own-course", 0, schedule.Weekly},     // course from 6 March 2027, across the clock change
		{"community-christmas-lunch", 0, schedule.Once},  // one-off
		{"gurdwara-langar", 0, schedule.Daily},           // daily
		{"little-ashton-lunch-club", 0, schedule.Weekly}, // more listings, same checks
		{"memory-lane-singers", 0, schedule.Monthly},
	}
	for _, tt := range tests {
		l := d.Listing(tt.listing)
		if l == nil || tt.rule >= len(l.Schedule) {
			t.Errorf("the sample has no listing %s with rule %d", tt.listing, tt.rule)
			continue
		}
		r := l.Schedule[tt.rule]
		if r.Kind != tt.kind {
			t.Errorf("%s rule %d is %s, want %s: pick another listing", tt.listing, tt.rule, r.Kind, tt.kind)
		}
		cal := parseCalendar(t, tt.listing, readFile(t, dir, "listings/"+tt.listing+"/calendar.ics"))
		ev := eventByUID(cal, tt.listing+"-"+itoa(tt.rule+1)+"@example.org")
		if ev == nil {
			t.Errorf("%s: no event for rule %d", tt.listing, tt.rule)
			continue
		}
		// DTSTART is the first session: the rule's own for a one-off or a
		// rule with a from date, else the first on or after the verified date.
		wantStart, ok := r.FirstStart(loc)
		if !ok {
			o, _ := r.Next(l.Verified.Time(loc), loc)
			wantStart = o.Start
		}
		if got := firstStart(t, ev); !got.Equal(wantStart) {
			t.Errorf("%s rule %d: DTSTART %s, want %s", tt.listing, tt.rule, got, wantStart)
		}
		if (r.Kind == schedule.Once) != (ev.Props.Get(goical.PropRecurrenceRule) == nil) {
			t.Errorf("%s: RRULE present for a %s rule: %v", tt.listing, r.Kind, !(r.Kind == schedule.Once))
		}
		if !r.Until.IsZero() && !strings.Contains(ev.Props.Get(goical.PropRecurrenceRule).Value, "UNTIL=") {
			t.Errorf("%s: a course without UNTIL", tt.listing)
		}
		compared := 0
		for _, w := range windows {
			from := w.Time(loc)
			to := from.AddDate(0, 0, 56)
			// The series starts at DTSTART (checked below): expect nothing before it.
			want := slices.DeleteFunc(r.Between(from, to, loc), func(o schedule.Occurrence) bool {
				return o.Start.Before(firstStart(t, ev))
			})
			got := expandEvent(t, ev, from, to)
			if !sameSessions(got, want, loc) {
				t.Errorf("%s rule %d, 8 weeks from %s:\n got  %s\n want %s", tt.listing, tt.rule, w,
					sessionsText(got, loc), sessionsText(want, loc))
			}
			compared += len(want)
		}
		if compared == 0 {
			t.Errorf("%s rule %d has no sessions in any window: the comparison proves nothing", tt.listing, tt.rule)
		}
	}
}

// TestCalendarAcrossClockChange pins the point of the time zone handling:
// a 10:00 session is at 10:00 local time on both sides of the change.
func TestCalendarAcrossClockChange(t *testing.T) {
	d := sample(t)
	loc := d.Config.Location
	cal := parseCalendar(t, "riverside", readFile(t, written(t), "listings/riverside-walking-group/calendar.ics"))
	ev := eventByUID(cal, "riverside-walking-group-1@example.org")
	from := time.Date(2027, 3, 20, 0, 0, 0, 0, loc)
	got := expandEvent(t, ev, from, from.AddDate(0, 0, 14))
	if len(got) != 2 {
		t.Fatalf("got %d sessions", len(got))
	}
	for _, o := range got {
		if wall := o.Start.In(loc).Format("15:04"); wall != "10:00" {
			t.Errorf("session on %s starts at %s local time", o.Start.Format("2006-01-02"), wall)
		}
	}
	if got[1].Start.Sub(got[0].Start) != 7*24*time.Hour-time.Hour {
		t.Errorf("the sessions are %s apart, want a week less the hour lost on 28 March", got[1].Start.Sub(got[0].Start))
	}
}

func eventByUID(cal *goical.Calendar, uid string) *goical.Event {
	for _, ev := range cal.Events() {
		if u, _ := ev.Props.Text(goical.PropUID); u == uid {
			return &ev
		}
	}
	return nil
}

func firstStart(t *testing.T, ev *goical.Event) time.Time {
	t.Helper()
	s, err := ev.DateTimeStart(nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// expandEvent lists the sessions of an event that start in [from, to),
// using only the parsed calendar and the RRULE engine.
func expandEvent(t *testing.T, ev *goical.Event, from, to time.Time) []schedule.Occurrence {
	t.Helper()
	start := firstStart(t, ev)
	end, err := ev.DateTimeEnd(nil)
	if err != nil {
		t.Fatal(err)
	}
	length := end.Sub(start)
	set, err := ev.RecurrenceSet(nil)
	if err != nil {
		t.Fatal(err)
	}
	starts := []time.Time{start}
	if set != nil {
		starts = set.Between(from, to, true)
	}
	var out []schedule.Occurrence
	for _, s := range starts {
		if !s.Before(from) && s.Before(to) {
			out = append(out, schedule.Occurrence{Start: s, End: s.Add(length)})
		}
	}
	return out
}

// sameSessions compares sessions as instants and as local wall-clock times.
func sameSessions(got, want []schedule.Occurrence, loc *time.Location) bool {
	return sessionsText(got, loc) == sessionsText(want, loc) && slices.EqualFunc(got, want, func(a, b schedule.Occurrence) bool {
		return a.Start.Equal(b.Start) && a.End.Equal(b.End)
	})
}

func sessionsText(os []schedule.Occurrence, loc *time.Location) string {
	var parts []string
	for _, o := range os {
		parts = append(parts, o.Start.In(loc).Format("Mon 2 Jan 2006 15:04 MST")+"–"+o.End.In(loc).Format("15:04"))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// TestCalendarSkippedHour gives a listing a session in the hour skipped
// when clocks go forward (01:30 on 28 March 2027 does not exist in
// London) as its first one. Calendar programs read such a DTSTART
// differently (go-ical moves it to 02:30, and rrule-go then every session
// with it), so the series starts at the next session, and from then on
// the sessions match the schedule package's.
func TestCalendarSkippedHour(t *testing.T) {
	d := *sample(t)
	l := *d.Listing("riverside-walking-group")
	r, err := schedule.Parse("every Sunday 01:30-02:15")
	if err != nil {
		t.Fatal(err)
	}
	l.Schedule = []schedule.Rule{r}
	l.Verified = schedule.Date{Year: 2027, Month: 3, Day: 27}
	d.Listings = []*content.Listing{&l}
	d.Index()
	dir := t.TempDir()
	if _, err := writeFeeds(t, &d, dir); err != nil {
		t.Fatal(err)
	}
	cal := parseCalendar(t, "skipped hour", readFile(t, dir, "listings/riverside-walking-group/calendar.ics"))
	ev := eventByUID(cal, "riverside-walking-group-1@example.org")
	if got := ev.Props.Get(goical.PropDateTimeStart).Value; got != "20270404T013000" {
		t.Errorf("DTSTART %s, want 20270404T013000", got)
	}
	loc := d.Config.Location
	from := time.Date(2027, 3, 20, 0, 0, 0, 0, loc)
	to := from.AddDate(0, 0, 35)
	want := slices.DeleteFunc(r.Between(from, to, loc), func(o schedule.Occurrence) bool {
		return o.Start.Before(time.Date(2027, 4, 4, 0, 0, 0, 0, loc))
	})
	if got := expandEvent(t, ev, from, to); len(want) != 3 || !sameSessions(got, want, loc) {
		t.Errorf("got  %s\nwant %s", sessionsText(got, loc), sessionsText(want, loc))
	}
}
