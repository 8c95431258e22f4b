package ical

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/signpost-directory/signpost/site/schedule"
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
	changes := schedule.Transitions(loc, first, last)
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
		e.Prop("DTSTART", LocalDateTime(wall(o.changes[0])))
		e.Prop("TZOFFSETFROM", Offset(o.from))
		e.Prop("TZOFFSETTO", Offset(o.to))
		e.Text("TZNAME", o.name)
		if o.rule != "" {
			e.Prop("RRULE", o.rule)
		} else {
			for _, c := range o.changes[1:] {
				e.Prop("RDATE", LocalDateTime(wall(c)))
			}
		}
		e.End(kind)
	}
	e.End("VTIMEZONE")
}

// wall is the wall-clock time of the change as clocks showed it just
// before: the form RFC 5545 uses for DTSTART and RDATE in observances.
func wall(t schedule.Transition) time.Time {
	return t.At.In(time.FixedZone("", t.From))
}

// observance is one kind of change: its offsets, name and every time it
// happens, with the yearly rule that describes them all, if there is one.
type observance struct {
	dst      bool
	from, to int
	name     string
	changes  []schedule.Transition
	rule     string
}

func observances(changes []schedule.Transition, last int) []*observance {
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

// yearlyRule returns an RRULE that produces exactly the wall-clock times
// of the changes, once a year up to and including the year last, or "" if
// there is none of the form "the nth (or last) weekday of a month".
func yearlyRule(changes []schedule.Transition, last int) string {
	if len(changes) < 2 {
		return ""
	}
	w0 := wall(changes[0])
	nth := map[int]bool{-1: true, 1: true, 2: true, 3: true, 4: true}
	for i, c := range changes {
		w := wall(c)
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
	if wall(changes[len(changes)-1]).Year() != last || len(nth) == 0 {
		return ""
	}
	n := -1
	for _, k := range []int{1, 2, 3, 4} {
		if nth[k] {
			n = k
			break
		}
	}
	return fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", int(w0.Month()), n, schedule.DayCode(w0.Weekday()))
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
