package schedule

import (
	"encoding/json"
	"time"
)

// Compact is a rule as the browser evaluates it (theme/assets/js/placetime.js):
// the site's pages and search index carry every listing's rules in this
// form, so "on now", "today" and "this week" are worked out at the moment
// someone looks, in the directory's time zone, and stay right however long
// ago the site was built. Dates are ISO strings, times minutes after
// midnight, weekdays 0 (Sunday) to 6.
type Compact struct {
	// Kind is w (weekly), f (fortnightly), m (monthly), k (weekdays),
	// d (daily) or o (once).
	Kind string `json:"k"`
	// Days are the weekdays of w, f and m rules.
	Days []int `json:"d,omitempty"`
	// Nth are the weeks of the month of an m rule: 1 to 4, and -1 for the last.
	Nth   []int  `json:"n,omitempty"`
	From  string `json:"f,omitempty"`
	Until string `json:"u,omitempty"`
	// On is the date of an o rule.
	On string `json:"o,omitempty"`
	// Times are the start and end, in minutes after midnight.
	Times [2]int `json:"t"`
}

// compactKind is the letter of a kind in Compact, or "" for a kind that
// has no sessions.
func compactKind(k Kind) string {
	switch k {
	case Weekly:
		return "w"
	case Fortnightly:
		return "f"
	case Monthly:
		return "m"
	case Weekdays:
		return "k"
	case Daily:
		return "d"
	case Once:
		return "o"
	}
	return ""
}

// CompactRules returns the rules that have sessions in compact form, in
// order. By-appointment rules and rules that make no sense (not produced by
// Parse) are left out: they have no sessions to show.
func CompactRules(rules []Rule) []Compact {
	var out []Compact
	for _, r := range rules {
		kind := compactKind(r.Kind)
		if kind == "" || !r.schedulable() {
			continue
		}
		c := Compact{Kind: kind, Nth: r.Nth, Times: [2]int{int(r.Start), int(r.End)}}
		for _, d := range r.Days {
			c.Days = append(c.Days, int(d))
		}
		if !r.From.IsZero() {
			c.From = r.From.String()
		}
		if !r.Until.IsZero() {
			c.Until = r.Until.String()
		}
		if r.Kind == Once {
			c.On = r.On.String()
		}
		out = append(out, c)
	}
	return out
}

// CompactJSON is CompactRules as JSON, or "" when no rule has sessions.
func CompactJSON(rules []Rule) string {
	c := CompactRules(rules)
	if len(c) == 0 {
		return ""
	}
	// Strings, ints and slices of them always marshal.
	data, _ := json.Marshal(c)
	return string(data)
}

// Sessions returns the sessions of the rules on the civil date day, in the
// order of the rules, as [start, end] minutes after midnight. It is what
// the browser computes from the compact rules, written here so that tests
// can hold the two side by side.
func Sessions(rules []Rule, day Date) [][2]int {
	var out [][2]int
	n := dayNumber(day)
	for _, r := range rules {
		if !r.schedulable() || r.Kind == ByAppointment {
			continue
		}
		if o, ok := r.next(n, time.Time{}, time.UTC); ok && DateOf(o.Start) == day {
			out = append(out, [2]int{int(r.Start), int(r.End)})
		}
	}
	return out
}

// DaysOfWeek says on which days of the week (indexed by time.Weekday) the
// rules can have a session: the days a list's day filter offers, and the
// weekday files of the search index.
func DaysOfWeek(rules []Rule) [7]bool {
	var on [7]bool
	for _, r := range rules {
		switch r.Kind {
		case Weekly, Fortnightly, Monthly:
			for _, d := range r.Days {
				on[d] = true
			}
		case Weekdays:
			for _, d := range workingWeek {
				on[d] = true
			}
		case Daily:
			on = [7]bool{true, true, true, true, true, true, true}
		case Once:
			on[r.On.Weekday()] = true
		}
	}
	return on
}
