package ical

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Timezone writes a VTIMEZONE component for loc, with TZID set to the
// zone's IANA name, that gives the right UTC offset at every instant from
// the start of the year first to the end of the year last.
//
// The clock changes in that span come from Go's time zone database. They
// are grouped into observances (a STANDARD or DAYLIGHT sub-component per
// kind of change, such as "BST begins"). When every change of a kind falls
// on the same weekday of the same week of the same month at the same
// wall-clock time, once a year throughout the span, the observance is
// written as a yearly RRULE without an end, as calendar programs write
// Europe/London or America/New_York, and so stays right beyond the span
// for as long as the zone keeps its rules. Otherwise each change is listed
// as an RDATE, which is exact within the span. A zone without changes gets
// one observance with equal offsets.
//
// The observance in force at the start of the span is included, so no
// date-time in the span falls before every observance's onset.
func (e *Encoder) Timezone(loc *time.Location, first, last int) {
	e.Begin("VTIMEZONE")
	e.Prop("TZID", loc.String())
	e.Prop("X-LIC-LOCATION", loc.String())
	changes := Transitions(loc, first, last)
	if len(changes) == 0 {
		t := time.Date(first, time.January, 1, 0, 0, 0, 0, loc)
		name, offset := t.Zone()
		kind := "STANDARD"
		if t.IsDST() {
			kind = "DAYLIGHT"
		}
		e.Begin(kind)
		e.Prop("DTSTART", "19700101T000000")
		e.Prop("TZOFFSETFROM", Offset(offset))
		e.Prop("TZOFFSETTO", Offset(offset))
		e.Text("TZNAME", name)
		e.End(kind)
	}
	for _, o := range observances(changes, last) {
		kind := "STANDARD"
		if o.dst {
			kind = "DAYLIGHT"
		}
		e.Begin(kind)
		e.Prop("DTSTART", LocalDateTime(o.changes[0].wall()))
		e.Prop("TZOFFSETFROM", Offset(o.from))
		e.Prop("TZOFFSETTO", Offset(o.to))
		e.Text("TZNAME", o.name)
		if o.rule != "" {
			e.Prop("RRULE", o.rule)
		} else {
			for _, c := range o.changes[1:] {
				e.Prop("RDATE", LocalDateTime(c.wall()))
			}
		}
		e.End(kind)
	}
	e.End("VTIMEZONE")
}

// Transition is a change of a zone's UTC offset (or of its abbreviation,
// or of whether daylight saving time is in force).
type Transition struct {
	At       time.Time // the instant of the change, in UTC
	From, To int       // UTC offsets before and after, in seconds east of UTC
	Name     string    // the zone's abbreviation after the change, e.g. "BST"
	DST      bool      // whether daylight saving time is in force after the change
}

// wall is the wall-clock time of the change as clocks showed it just
// before: the form RFC 5545 uses for DTSTART and RDATE in observances.
func (t Transition) wall() time.Time {
	return t.At.In(time.FixedZone("", t.From))
}

// Transitions returns the changes of loc from the start of the year first
// to the end of the year last, in order, preceded by the change that
// brought in the offset in force at the start of first (if there was one).
//
// The work is bounded by the span, whatever the zone database says: no
// zone changes its clocks more than maxChangesPerYear times a year, and a
// step that does not move forward falls back to searching day by day.
func Transitions(loc *time.Location, first, last int) []Transition {
	start := time.Date(first, time.January, 1, 0, 0, 0, 0, loc)
	stop := time.Date(last+1, time.January, 1, 0, 0, 0, 0, loc)
	var out []Transition
	change := func(before, after time.Time) {
		if zoneOf(before) != zoneOf(after) {
			n1, off1 := after.Zone()
			_, off0 := before.Zone()
			out = append(out, Transition{At: after.UTC(), From: off0, To: off1, Name: n1, DST: after.IsDST()})
		}
	}
	if begin, _ := start.ZoneBounds(); !begin.IsZero() {
		change(begin.Add(-time.Second), begin)
	}
	steps := (last - first + 1) * maxChangesPerYear
	for t := start; steps > 0; steps-- {
		_, end := t.ZoneBounds()
		if !end.IsZero() && !end.After(t) {
			// Go's ZoneBounds can return t itself: in Europe/London it
			// does at 2040-12-31, where its yearly rules roll over.
			end = nextChange(t, stop)
		}
		if end.IsZero() || !end.Before(stop) {
			break
		}
		change(t, end)
		t = end
	}
	return out
}

// maxChangesPerYear is more clock changes than any zone has had in a year
// (two is usual; a few zones have had four, for Ramadan).
const maxChangesPerYear = 12

// zone is what a clock change changes.
type zone struct {
	name   string
	offset int
	dst    bool
}

func zoneOf(t time.Time) zone {
	name, offset := t.Zone()
	return zone{name, offset, t.IsDST()}
}

// nextChange finds the first instant after t, before stop, at which the
// zone differs from t's, by stepping a day at a time and then halving the
// day down to the second. It returns the zero Time when there is none.
func nextChange(t, stop time.Time) time.Time {
	z := zoneOf(t)
	for day := t; day.Before(stop); {
		next := day.Add(24 * time.Hour)
		if zoneOf(next) == z {
			day = next
			continue
		}
		lo, hi := day, next // the zone is z at lo and differs at hi
		for hi.Sub(lo) > time.Second {
			mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
			if zoneOf(mid) == z {
				lo = mid
			} else {
				hi = mid
			}
		}
		return hi
	}
	return time.Time{}
}

// observance is one kind of change: its offsets, name and every time it
// happens, with the yearly rule that describes them all, if there is one.
type observance struct {
	dst      bool
	from, to int
	name     string
	changes  []Transition
	rule     string
}

func observances(changes []Transition, last int) []*observance {
	var out []*observance
	for _, c := range changes {
		i := slices.IndexFunc(out, func(o *observance) bool {
			return o.dst == c.DST && o.from == c.From && o.to == c.To && o.name == c.Name
		})
		if i < 0 {
			out = append(out, &observance{dst: c.DST, from: c.From, to: c.To, name: c.Name})
			i = len(out) - 1
		}
		out[i].changes = append(out[i].changes, c)
	}
	for _, o := range out {
		o.rule = yearlyRule(o.changes, last)
	}
	return out
}

var weekdayCodes = [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// yearlyRule returns an RRULE that produces exactly the wall-clock times
// of the changes, once a year up to and including the year last, or "" if
// there is none of the form "the nth (or last) weekday of a month".
func yearlyRule(changes []Transition, last int) string {
	if len(changes) < 2 {
		return ""
	}
	w0 := changes[0].wall()
	nth := map[int]bool{-1: true, 1: true, 2: true, 3: true, 4: true}
	for i, c := range changes {
		w := c.wall()
		if w.Year() != w0.Year()+i || w.Month() != w0.Month() || w.Weekday() != w0.Weekday() ||
			w.Hour() != w0.Hour() || w.Minute() != w0.Minute() || w.Second() != w0.Second() {
			return ""
		}
		week := (w.Day()-1)/7 + 1
		lastWeek := w.Day()+7 > daysIn(w.Year(), w.Month())
		for n := range nth {
			if n == -1 && !lastWeek || n > 0 && n != week {
				delete(nth, n)
			}
		}
	}
	if changes[len(changes)-1].wall().Year() != last || len(nth) == 0 {
		return ""
	}
	n := -1
	for _, k := range []int{1, 2, 3, 4} {
		if nth[k] {
			n = k
			break
		}
	}
	return fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", int(w0.Month()), n, weekdayCodes[w0.Weekday()])
}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Offset formats a UTC offset in seconds as RFC 5545 writes it: "+0100",
// "-0500", or "+053028" when there are seconds.
func Offset(seconds int) string {
	sign := "+"
	if seconds < 0 {
		sign, seconds = "-", -seconds
	}
	var b strings.Builder
	b.WriteString(sign)
	b.WriteString(pad2(seconds / 3600))
	b.WriteString(pad2(seconds / 60 % 60))
	if s := seconds % 60; s != 0 {
		b.WriteString(pad2(s))
	}
	return b.String()
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
