package schedule

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kind is the form of a schedule rule.
type Kind int

// The kinds of rule. The zero Kind is not a valid kind.
const (
	Weekly        Kind = iota + 1 // every Tuesday 10:00-11:30
	Fortnightly                   // every other Wednesday 14:00-16:00 from 2026-01-07
	Monthly                       // first Saturday of the month 09:30-12:00
	Weekdays                      // weekdays 09:00-17:00 (Monday to Friday)
	Daily                         // daily 07:00-08:00
	Once                          // on 2026-03-14 10:00-15:00
	ByAppointment                 // by appointment
)

var kindNames = [...]string{
	Weekly:        "weekly",
	Fortnightly:   "fortnightly",
	Monthly:       "monthly",
	Weekdays:      "weekdays",
	Daily:         "daily",
	Once:          "once",
	ByAppointment: "by appointment",
}

// String returns a lower-case name for the kind, such as "weekly".
func (k Kind) String() string {
	if k >= Weekly && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Date is a calendar date without a time of day or time zone. The zero Date
// means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns the date in ISO 8601 form, such as "2026-01-12".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Time returns midnight at the start of d in loc (or the earliest time on
// that day, if midnight was skipped by a clock change). A nil loc means UTC.
func (d Date) Time(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// Compare returns -1 if d is before o, +1 if d is after o, and 0 if they are
// the same date.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	default:
		return cmpInt(d.Day, o.Day)
	}
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return weekdayOf(dayNumber(d)) }

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Dates returns the dates the rule names: the day of a one-off, and the
// From and Until dates of a course.
func (r Rule) Dates() []Date {
	var out []Date
	for _, d := range []Date{r.On, r.From, r.Until} {
		if !d.IsZero() {
			out = append(out, d)
		}
	}
	return out
}

// valid reports whether d is a real calendar date.
func (d Date) valid() bool {
	return d.Month >= time.January && d.Month <= time.December &&
		d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

// Clock is a time of day, in minutes since midnight.
type Clock int

// String returns the time in 24-hour HH:MM form, such as "09:30".
func (c Clock) String() string {
	return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60)
}

// Rule is one parsed schedule rule.
type Rule struct {
	Kind Kind

	// Days holds the days of the week, Monday first and without repeats,
	// for Weekly, Fortnightly (exactly one day) and Monthly (exactly one
	// day) rules. It is nil for the other kinds: Weekdays and Daily rules
	// imply their days.
	Days []time.Weekday

	// Nth holds the weeks of the month for a Monthly rule: 1 to 4 for the
	// first to fourth, -1 for the last. It is sorted 1, 2, 3, 4, -1 and has
	// no repeats.
	Nth []int

	// Start and End are the wall-clock start and end times. End is always
	// after Start. Both are zero for ByAppointment.
	Start, End Clock

	// On is the date of a Once rule.
	On Date

	// From and Until are the first and last dates (both inclusive) on which
	// a repeating rule applies; zero when absent. A Fortnightly rule always
	// has From: its first occurrence is the first matching day on or after
	// From, and it repeats every 14 days from there.
	From, Until Date
}

// joinList joins items English-style: "a", "a and b", "a, b and c".
func joinList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func dayList(days []time.Weekday) string {
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = dayName(d)
	}
	return joinList(names)
}

func nthList(nth []int) string {
	names := make([]string, len(nth))
	for i, n := range nth {
		names[i] = nthName(n)
	}
	return joinList(names)
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// String returns the rule in plain English for web pages and printed
// sheets, for example
//
//	Every Tuesday and Thursday, 10:00–11:30
//	Every other Wednesday, 14:00–16:00, from 7 January 2026
//	First and third Monday of the month, 14:00–16:00
//	Saturday 14 March 2026, 10:00–15:00
//	Every Monday, 18:00–20:00, 12 January – 23 March 2026
//	By appointment
//
// Times are separated by an en dash. From and Until dates are shown after
// the times; a Fortnightly rule always shows its From date, so that readers
// can tell which weeks it runs.
func (r Rule) String() string {
	var b strings.Builder
	switch r.Kind {
	case Weekly:
		b.WriteString("Every " + dayList(r.Days))
	case Fortnightly:
		b.WriteString("Every other " + dayList(r.Days))
	case Monthly:
		b.WriteString(capitalise(nthList(r.Nth)) + " " + dayList(r.Days) + " of the month")
	case Weekdays:
		b.WriteString("Weekdays")
	case Daily:
		b.WriteString("Daily")
	case Once:
		b.WriteString(dayName(r.On.Weekday()) + " " + longDate(r.On, true))
	case ByAppointment:
		return "By appointment"
	default:
		return "Unknown schedule"
	}
	b.WriteString(", " + r.Start.String() + "–" + r.End.String())
	if r.Kind != Once {
		if c := courseDates(r.From, r.Until); c != "" {
			b.WriteString(", " + c)
		}
	}
	return b.String()
}

// longDate formats d like "14 March 2026", or "14 March" without the year.
func longDate(d Date, year bool) string {
	s := strconv.Itoa(d.Day) + " " + d.Month.String()
	if year {
		s += " " + strconv.Itoa(d.Year)
	}
	return s
}

func courseDates(from, until Date) string {
	switch {
	case from.IsZero() && until.IsZero():
		return ""
	case until.IsZero():
		return "from " + longDate(from, true)
	case from.IsZero():
		return "until " + longDate(until, true)
	}
	return longDate(from, from.Year != until.Year) + " – " + longDate(until, true)
}

// Canonical returns the rule written in canonical grammar form: lower-case
// keywords, capitalised full day names, 24-hour HH:MM times and ISO dates,
// for example "every Monday, Wednesday and Friday 10:00-11:00 from
// 2026-01-12". For any rule returned by Parse, Parse(r.Canonical()) returns
// a rule equal to r.
func (r Rule) Canonical() string {
	var b strings.Builder
	switch r.Kind {
	case Weekly:
		b.WriteString("every " + dayList(r.Days))
	case Fortnightly:
		b.WriteString("every other " + dayList(r.Days))
	case Monthly:
		b.WriteString(nthList(r.Nth) + " " + dayList(r.Days) + " of the month")
	case Weekdays:
		b.WriteString("weekdays")
	case Daily:
		b.WriteString("daily")
	case Once:
		b.WriteString("on " + r.On.String())
	case ByAppointment:
		return "by appointment"
	default:
		return ""
	}
	b.WriteString(" " + r.Start.String() + "-" + r.End.String())
	if r.Kind != Once {
		if !r.From.IsZero() {
			b.WriteString(" from " + r.From.String())
		}
		if !r.Until.IsZero() {
			b.WriteString(" until " + r.Until.String())
		}
	}
	return b.String()
}

// RRULE returns the rule as an RFC 5545 RRULE value, without the "RRULE:"
// prefix, with any UNTIL computed for UTC; see RRULEIn.
func (r Rule) RRULE() string { return r.RRULEIn(time.UTC) }

// RRULEIn returns the rule as an RFC 5545 RRULE value, without the "RRULE:"
// prefix, for example
//
//	FREQ=WEEKLY;BYDAY=TU
//	FREQ=WEEKLY;INTERVAL=2;BYDAY=WE
//	FREQ=MONTHLY;BYDAY=1MO,3MO
//	FREQ=MONTHLY;BYDAY=-1FR
//	FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
//	FREQ=DAILY
//
// If the rule has an Until date, ";UNTIL=" is appended with the end of that
// date (23:59:59) in loc, converted to UTC as RFC 5545 requires when DTSTART
// has a TZID: for Europe/London, until 2026-06-30 gives
// UNTIL=20260630T225959Z. A nil loc means UTC.
//
// From is not part of the RRULE: it belongs in DTSTART (see FirstStart).
// Once and ByAppointment rules, which do not repeat, return "".
func (r Rule) RRULEIn(loc *time.Location) string {
	var b strings.Builder
	switch r.Kind {
	case Weekly:
		b.WriteString("FREQ=WEEKLY;BYDAY=" + dayCodeList(r.Days))
	case Fortnightly:
		b.WriteString("FREQ=WEEKLY;INTERVAL=2;BYDAY=" + dayCodeList(r.Days))
	case Monthly:
		var codes []string
		for _, n := range r.Nth {
			for _, d := range r.Days {
				codes = append(codes, strconv.Itoa(n)+dayCode(d))
			}
		}
		b.WriteString("FREQ=MONTHLY;BYDAY=" + strings.Join(codes, ","))
	case Weekdays:
		b.WriteString("FREQ=WEEKLY;BYDAY=" + dayCodeList(workingWeek))
	case Daily:
		b.WriteString("FREQ=DAILY")
	default:
		return ""
	}
	if !r.Until.IsZero() {
		if loc == nil {
			loc = time.UTC
		}
		u := r.Until
		end := time.Date(u.Year, u.Month, u.Day+1, 0, 0, 0, 0, loc).Add(-time.Second)
		b.WriteString(";UNTIL=" + end.UTC().Format("20060102T150405Z"))
	}
	return b.String()
}

func dayCodeList(days []time.Weekday) string {
	codes := make([]string, len(days))
	for i, d := range days {
		codes[i] = dayCode(d)
	}
	return strings.Join(codes, ",")
}
