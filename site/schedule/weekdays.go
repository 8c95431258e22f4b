package schedule

import (
	"strings"
	"time"
)

// How every output (pages, sheets, search, feeds) names the days of the
// week. The names and codes are this package's own table (weekdays, in
// words.go), which rules are written and parsed with.

// DayName is a day's English name, "Monday": as schedules and sessions are
// written in words, and as schema.org names its DayOfWeek values.
func DayName(d time.Weekday) string { return dayName(d) }

// DayCode is a day as RFC 5545 writes it in BYDAY and WKST: "MO".
func DayCode(d time.Weekday) string { return dayCode(d) }

// DayID is a day as the list pages' and the search's day filter write it:
// the first three letters of its name in lower case, "mon"; "" when d is
// not a day.
func DayID(d time.Weekday) string {
	if d < time.Sunday || d > time.Saturday {
		return ""
	}
	return strings.ToLower(dayName(d)[:3])
}

// DayOfID is the day with the given DayID, and false when id is none.
func DayOfID(id string) (time.Weekday, bool) {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if DayID(d) == id {
			return d, true
		}
	}
	return 0, false
}

// Week is the days of the week Monday first, the order in which pages,
// filters and generated content list them.
func Week() []time.Weekday {
	return []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday,
		time.Saturday, time.Sunday}
}
