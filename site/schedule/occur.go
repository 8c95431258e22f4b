package schedule

import "time"

// Occurrence is one session of an activity.
type Occurrence struct {
	Start, End time.Time
}

// MaxOccurrences is the most occurrences Between returns.
const MaxOccurrences = 1000

// searchDays bounds the day-by-day search for the next occurrence. Every
// repeating kind occurs at least once in any 62 consecutive days (a monthly
// rule only uses the first to fourth and last weeks, which every month has),
// so a search this long that finds nothing means there is nothing to find.
const searchDays = 400

// Next returns the first occurrence of the rule whose start is at or after
// after, with times taken as wall-clock times in loc (nil means UTC). It
// honours From and Until. It reports false for ByAppointment rules, for a
// one-off that has passed, for a course that has ended, and for rules that
// were not produced by Parse and make no sense.
func (r Rule) Next(after time.Time, loc *time.Location) (Occurrence, bool) {
	if loc == nil {
		loc = time.UTC
	}
	a := after.In(loc)
	y, m, d := a.Date()
	return r.next(dayNumber(Date{y, m, d}), after, loc)
}

// FirstStart returns the start of the rule's first occurrence, for use as
// DTSTART in a feed alongside RRULEIn: the one-off's date and time for a
// Once rule, and for a repeating rule with a From date (which includes every
// Fortnightly rule) the first occurrence on or after From, ignoring any
// times before it. It reports false for ByAppointment, for a course with no
// occurrences at all, and for repeating rules without From, which have no
// natural first occurrence: use Next with a reference time for those.
func (r Rule) FirstStart(loc *time.Location) (time.Time, bool) {
	if loc == nil {
		loc = time.UTC
	}
	var day int
	switch {
	case r.Kind == Once:
		day = dayNumber(r.On)
	case r.Kind == ByAppointment || r.From.IsZero():
		return time.Time{}, false
	default:
		day = dayNumber(r.From)
	}
	o, ok := r.next(day, time.Time{}, loc)
	return o.Start, ok
}

// Between returns the occurrences of the rule that start at or after from and
// before to, in order, with times taken as wall-clock times in loc (nil
// means UTC). It returns at most MaxOccurrences occurrences.
func (r Rule) Between(from, to time.Time, loc *time.Location) []Occurrence {
	var out []Occurrence
	t := from
	for len(out) < MaxOccurrences && t.Before(to) {
		o, ok := r.Next(t, loc)
		if !ok || !o.Start.Before(to) {
			break
		}
		out = append(out, o)
		t = o.Start.Add(time.Nanosecond)
	}
	return out
}

// Next returns the earliest occurrence, across all the rules, whose start is
// at or after after; see Rule.Next. When two rules have occurrences starting
// at the same time, the one from the earlier rule is returned.
func Next(rules []Rule, after time.Time, loc *time.Location) (Occurrence, bool) {
	var best Occurrence
	found := false
	for _, r := range rules {
		o, ok := r.Next(after, loc)
		if ok && (!found || o.Start.Before(best.Start)) {
			best, found = o, true
		}
	}
	return best, found
}

// next returns the first occurrence on or after civil day number day whose
// start is not before after.
func (r Rule) next(day int, after time.Time, loc *time.Location) (Occurrence, bool) {
	if !r.schedulable() {
		return Occurrence{}, false
	}
	if r.Kind == Once {
		on := dayNumber(r.On)
		if on < day {
			return Occurrence{}, false
		}
		o := r.occurrence(on, loc)
		return o, !o.Start.Before(after)
	}
	if !r.From.IsZero() {
		day = max(day, dayNumber(r.From))
	}
	until, hasUntil := 0, !r.Until.IsZero()
	if hasUntil {
		until = dayNumber(r.Until)
	}
	for range searchDays {
		if hasUntil && day > until {
			break
		}
		if r.occursOn(day) {
			if o := r.occurrence(day, loc); !o.Start.Before(after) {
				return o, true
			}
		}
		day++
	}
	return Occurrence{}, false
}

// schedulable reports whether the rule has what occurrence computations
// need, so that hand-made nonsense rules give no occurrences rather than
// wrong ones.
func (r Rule) schedulable() bool {
	if r.Start < 0 || r.End <= r.Start || r.End >= 24*60 {
		return false
	}
	switch r.Kind {
	case Weekly:
		return len(r.Days) > 0
	case Fortnightly:
		return len(r.Days) == 1 && r.From.valid()
	case Monthly:
		return len(r.Days) > 0 && len(r.Nth) > 0
	case Weekdays, Daily:
		return true
	case Once:
		return r.On.valid()
	}
	return false
}

// occursOn reports whether a repeating rule has a session on civil day
// number day, ignoring From and Until (except for the Fortnightly anchor).
func (r Rule) occursOn(day int) bool {
	wd := weekdayOf(day)
	switch r.Kind {
	case Weekly:
		return hasDay(r.Days, wd)
	case Fortnightly:
		if wd != r.Days[0] {
			return false
		}
		from := dayNumber(r.From)
		anchor := from + (int(r.Days[0])-int(weekdayOf(from))+7)%7
		return day >= anchor && (day-anchor)%14 == 0
	case Monthly:
		if !hasDay(r.Days, wd) {
			return false
		}
		d := civilDate(day)
		for _, n := range r.Nth {
			if n == -1 && d.Day+7 > daysIn(d.Year, d.Month) || n > 0 && (d.Day-1)/7+1 == n {
				return true
			}
		}
		return false
	case Weekdays:
		return hasDay(workingWeek, wd)
	case Daily:
		return true
	}
	return false
}

func hasDay(days []time.Weekday, wd time.Weekday) bool {
	for _, d := range days {
		if d == wd {
			return true
		}
	}
	return false
}

func (r Rule) occurrence(day int, loc *time.Location) Occurrence {
	d := civilDate(day)
	at := func(c Clock) time.Time {
		return time.Date(d.Year, d.Month, d.Day, int(c)/60, int(c)%60, 0, 0, loc)
	}
	return Occurrence{Start: at(r.Start), End: at(r.End)}
}

// dayNumber returns the number of days from 1970-01-01 to d in the
// proleptic Gregorian calendar (Howard Hinnant's days_from_civil).
func dayNumber(d Date) int {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := m - 3
	if m <= 2 {
		mp = m + 9
	}
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilDate is the inverse of dayNumber.
func civilDate(z int) Date {
	z += 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return Date{y, time.Month(m), d}
}

// weekdayOf returns the day of the week of civil day number z
// (1970-01-01 was a Thursday).
func weekdayOf(z int) time.Weekday {
	return time.Weekday(((z % 7) + 7 + 4) % 7)
}

func daysIn(year int, m time.Month) int {
	switch m {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}
