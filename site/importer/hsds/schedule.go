package hsds

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/signpost-directory/signpost/site/schedule"
)

// rules turns one HSDS schedule into rules of signpost's schedule grammar
// (canonical text, each checked with schedule.Parse). When the schedule
// cannot be said in the grammar, rules is empty and why says what is
// missing; the caller keeps the schedule's own words in schedule_notes.
func rules(s hsdsSchedule) (texts []string, why string) {
	if s.Freq == "" {
		return noFreq(s)
	}
	start, end, why := openingTimes(s)
	if why != "" {
		return nil, why
	}
	if why := unsupportedParts(s); why != "" {
		return nil, why
	}
	var rs []schedule.Rule
	switch strings.ToUpper(s.Freq) {
	case "WEEKLY":
		rs, why = weekly(s)
	case "MONTHLY":
		rs, why = monthly(s)
	case "DAILY":
		rs = []schedule.Rule{{Kind: schedule.Daily}}
	default:
		return nil, fmt.Sprintf("freq %q is not WEEKLY or MONTHLY", s.Freq)
	}
	if why != "" {
		return nil, why
	}
	from, until, why := courseDates(s)
	if why != "" {
		return nil, why
	}
	for _, r := range rs {
		r.Start, r.End = start, end
		if r.Kind != schedule.Once {
			r.From, r.Until = cmpDate(r.From, from), until
		}
		text := r.Canonical()
		if _, err := schedule.Parse(text); err != nil {
			return nil, fmt.Sprintf("%q is not a rule signpost can read: %v", text, err)
		}
		texts = append(texts, text)
	}
	return texts, ""
}

// noFreq reads a schedule without a recurrence: "by appointment", or a
// description that is already a rule of the grammar.
func noFreq(s hsdsSchedule) ([]string, string) {
	desc := strings.TrimSpace(s.Description)
	if r, err := schedule.Parse(desc); err == nil {
		return []string{r.Canonical()}, ""
	}
	if s.OpensAt == "" && strings.Contains(strings.ToLower(desc), "appointment") {
		return []string{"by appointment"}, ""
	}
	return nil, "it has no freq (WEEKLY or MONTHLY)"
}

// openingTimes reads opens_at and closes_at, "10:00" or "10:00:00". An
// offset or Z is dropped: signpost's times are wall-clock times in the
// directory's time zone, as the times of a weekly session are.
func openingTimes(s hsdsSchedule) (start, end schedule.Clock, why string) {
	if s.OpensAt == "" || s.ClosesAt == "" {
		return 0, 0, "it has no opens_at and closes_at"
	}
	start, ok1 := clock(s.OpensAt)
	end, ok2 := clock(s.ClosesAt)
	switch {
	case !ok1:
		return 0, 0, fmt.Sprintf("opens_at %q is not a time like 10:00", s.OpensAt)
	case !ok2:
		return 0, 0, fmt.Sprintf("closes_at %q is not a time like 12:00", s.ClosesAt)
	case end <= start:
		return 0, 0, fmt.Sprintf("it closes (%s) before it opens (%s), or runs past midnight", s.ClosesAt, s.OpensAt)
	}
	return start, end, ""
}

var clockPattern = regexp.MustCompile(`^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$`)

func clock(s string) (schedule.Clock, bool) {
	m := clockPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil || m[3] != "" && m[3] != "00" {
		return 0, false
	}
	h, _ := strconv.Atoi(m[1])
	min, _ := strconv.Atoi(m[2])
	return schedule.Clock(h*60 + min), true
}

// unsupportedParts names recurrence parts the grammar has no words for.
func unsupportedParts(s hsdsSchedule) string {
	switch {
	case s.Bymonthday != "":
		return fmt.Sprintf("bymonthday %q (days of the month by number) cannot be written as a rule", s.Bymonthday)
	case s.Byweekno != "":
		return fmt.Sprintf("byweekno %q (weeks of the year) cannot be written as a rule", s.Byweekno)
	case s.Byyearday != "":
		return fmt.Sprintf("byyearday %q (days of the year) cannot be written as a rule", s.Byyearday)
	case s.Count != nil && *s.Count > 1:
		return fmt.Sprintf("count %v (a number of sessions) cannot be written as a rule; give an until date instead", *s.Count)
	}
	return ""
}

func interval(s hsdsSchedule) int {
	if s.Interval == nil || *s.Interval < 1 {
		return 1
	}
	return int(*s.Interval)
}

// weekly reads FREQ=WEEKLY: every, every other, weekdays, daily, or a one-off (COUNT=1).
func weekly(s hsdsSchedule) ([]schedule.Rule, string) {
	days, why := plainDays(s.Byday)
	if why != "" {
		return nil, why
	}
	if s.Count != nil && *s.Count == 1 {
		return once(s, days)
	}
	if len(days) == 0 {
		return nil, "it has no byday (which days of the week)"
	}
	switch interval(s) {
	case 1:
		return []schedule.Rule{everyWeek(days)}, ""
	case 2:
		return fortnightly(s, days)
	}
	return nil, fmt.Sprintf("interval %d (every %d weeks) cannot be written as a rule", interval(s), interval(s))
}

func everyWeek(days []time.Weekday) schedule.Rule {
	switch {
	case len(days) == 7:
		return schedule.Rule{Kind: schedule.Daily}
	case len(days) == 5 && !hasWeekend(days):
		return schedule.Rule{Kind: schedule.Weekdays}
	}
	return schedule.Rule{Kind: schedule.Weekly, Days: days}
}

func hasWeekend(days []time.Weekday) bool {
	for _, d := range days {
		if d == time.Saturday || d == time.Sunday {
			return true
		}
	}
	return false
}

// fortnightly needs one day and the date it starts from.
func fortnightly(s hsdsSchedule, days []time.Weekday) ([]schedule.Rule, string) {
	if len(days) != 1 {
		return nil, "every other week on several days cannot be written as one rule"
	}
	from, ok := date(cmpOr(s.ValidFrom, s.DTStart))
	if !ok {
		return nil, "every other week needs the date it starts (dtstart or valid_from)"
	}
	return []schedule.Rule{{Kind: schedule.Fortnightly, Days: days, From: from}}, ""
}

// once reads a single session (COUNT=1) on dtstart or valid_from.
func once(s hsdsSchedule, days []time.Weekday) ([]schedule.Rule, string) {
	on, ok := date(cmpOr(s.DTStart, s.ValidFrom))
	if !ok {
		return nil, "a single session (count 1) needs its date (dtstart)"
	}
	if len(days) > 0 && (len(days) > 1 || days[0] != on.Weekday()) {
		return nil, fmt.Sprintf("byday %q does not match dtstart %s, a %s", s.Byday, on, on.Weekday())
	}
	return []schedule.Rule{{Kind: schedule.Once, On: on}}, ""
}

// monthly reads FREQ=MONTHLY;BYDAY=1MO,3MO or -1FR: one rule per day of
// the week, each with its weeks of the month.
func monthly(s hsdsSchedule) ([]schedule.Rule, string) {
	if interval(s) != 1 {
		return nil, fmt.Sprintf("interval %d (every %d months) cannot be written as a rule", interval(s), interval(s))
	}
	if s.Byday == "" {
		return nil, "a monthly schedule without byday (like 1MO) cannot be written as a rule"
	}
	var out []schedule.Rule
	for _, code := range strings.Split(s.Byday, ",") {
		n, day, why := nthDay(strings.TrimSpace(code))
		if why != "" {
			return nil, why
		}
		out = addNth(out, day, n)
	}
	return out, ""
}

// addNth adds week n to the rule for day, keeping Nth in the parser's order (1…4, then -1).
func addNth(rs []schedule.Rule, day time.Weekday, n int) []schedule.Rule {
	for i := range rs {
		if rs[i].Days[0] == day {
			rs[i].Nth = insertNth(rs[i].Nth, n)
			return rs
		}
	}
	return append(rs, schedule.Rule{Kind: schedule.Monthly, Days: []time.Weekday{day}, Nth: []int{n}})
}

func insertNth(nth []int, n int) []int {
	key := func(x int) int {
		if x < 0 {
			return 5
		}
		return x
	}
	for i, x := range nth {
		if x == n {
			return nth
		}
		if key(n) < key(x) {
			return append(nth[:i], append([]int{n}, nth[i:]...)...)
		}
	}
	return append(nth, n)
}

var nthPattern = regexp.MustCompile(`^([+-]?\d)?([A-Za-z]{2})$`)

func nthDay(code string) (int, time.Weekday, string) {
	m := nthPattern.FindStringSubmatch(code)
	if m == nil {
		return 0, 0, fmt.Sprintf("byday %q is not a day like MO or 1MO", code)
	}
	day, ok := dayOfCode(m[2])
	if !ok {
		return 0, 0, fmt.Sprintf("byday %q is not a day like MO or 1MO", code)
	}
	n, _ := strconv.Atoi(strings.TrimPrefix(m[1], "+"))
	if m[1] == "" || n == 0 || n > 4 || n < -1 {
		return 0, 0, fmt.Sprintf("byday %q: only the first to fourth and the last (-1) week of the month can be written as a rule", code)
	}
	return n, day, ""
}

// plainDays reads a byday list without week numbers, Monday first.
func plainDays(byday string) ([]time.Weekday, string) {
	var seen [7]bool
	for _, code := range strings.Split(byday, ",") {
		code = strings.TrimSpace(code)
		if code == "" {
			continue
		}
		d, ok := dayOfCode(code)
		if !ok {
			return nil, fmt.Sprintf("byday %q is not a day of the week like MO, TU or SU", code)
		}
		seen[d] = true
	}
	var days []time.Weekday
	for _, d := range schedule.Week() {
		if seen[d] {
			days = append(days, d)
		}
	}
	return days, ""
}

func dayOfCode(code string) (time.Weekday, bool) {
	for _, d := range schedule.Week() {
		if strings.EqualFold(schedule.DayCode(d), code) {
			return d, true
		}
	}
	return 0, false
}

// courseDates reads the first and last dates a schedule applies: valid_from,
// and valid_to or until.
func courseDates(s hsdsSchedule) (from, until schedule.Date, why string) {
	if s.ValidFrom != "" {
		var ok bool
		if from, ok = date(s.ValidFrom); !ok {
			return from, until, fmt.Sprintf("valid_from %q is not a date like 2026-01-12", s.ValidFrom)
		}
	}
	for _, field := range []struct{ name, value string }{{"valid_to", s.ValidTo}, {"until", s.Until}} {
		if field.value == "" {
			continue
		}
		d, ok := date(field.value)
		if !ok {
			return from, until, fmt.Sprintf("%s %q is not a date like 2026-06-30", field.name, field.value)
		}
		if until.IsZero() || d.Before(until) {
			until = d
		}
	}
	if !from.IsZero() && !until.IsZero() && until.Before(from) {
		return from, until, fmt.Sprintf("it ends (%s) before it starts (%s)", until, from)
	}
	return from, until, ""
}

// date reads 2026-01-12, 2026-01-12T10:00:00Z or RFC 5545's 20260112T…
func date(s string) (schedule.Date, bool) {
	s = strings.TrimSpace(s)
	layouts := []struct {
		n      int
		layout string
	}{{10, "2006-01-02"}, {8, "20060102"}}
	for _, l := range layouts {
		if len(s) < l.n || len(s) > l.n && s[l.n] != 'T' {
			continue
		}
		if t, err := time.Parse(l.layout, s[:l.n]); err == nil {
			return schedule.DateOf(t), true
		}
	}
	return schedule.Date{}, false
}

func cmpDate(a, b schedule.Date) schedule.Date {
	if !a.IsZero() {
		return a
	}
	return b
}
