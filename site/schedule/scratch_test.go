package schedule

import (
	"fmt"
	"testing"
)

func TestScratch(t *testing.T) {
	for _, s := range []string{
		"every Monday 10:00-11:00 from 2026-01-12 until", "every monday 10am-11am,", "every , Monday", "first of the month", "every Monday and", "on", "by", "every other", "last",
		"every 10:00-11:00", "every Monday 10:00-11:00 from 2026-01-12,", "every Monday 10:00 to", "every Monday 10:00-noon", "every Mon. 10:00-11:00",
		"every Monday 10:00-11:00 from tomorrow", "every Monday at 10:00-11:00", "every Monday 10:00am - 11:00am", "every Monday 10 am - 11 am",
		"every Monday 10:00-11:00 from 2026-01-12 until 2026-01-12", "first Monday of month 10:00-11:00", "first Monday of the moth 10:00-11:00",
		"every Monday 9-5", "every Monday 10am-14:00", "every Monday 10:00 - 11:00 (term time)", "every Monday 24:00-25:00", "last Mondays of the month 10am-2pm",
		"every Monday 10:00-11:00 from 2026-01-12 until 2026-13-01", "the first Monday of the month 10am-12pm", "every Monday and Tuesdays, 10:00-11:00",
		"every Monday 10:00–11:00 until 2026-03-23 from 2026-04-01", "daily", "weekdays 9-5pm", "every fortnight on Monday", "every 2nd Monday of the month 10am-12pm",
		"first Monday of the month 10:00-11:00 from 2026-01-01 and every Tuesday", "on 2026-3-14 10:00-11:00", "every monday 10:00-11:00 form 2026-01-01",
		"every Monday 10:00-11:00 from 2026-01-12 untill 2026-03-01", "every Monday 10pm-11pm", "every Monday 11pm-1am", "every Mondya 10am-12", "evrey tuesday 10-12",
	} {
		r, err := Parse(s)
		if err != nil {
			e := err.(*Error)
			fmt.Printf("%-60q ERR %d+%d [%s] %q sugg=%q\n", s, e.Offset, e.Length, s[min(e.Offset, len(s)):min(e.Offset+e.Length, len(s))], e.Message, e.Suggestion)
			continue
		}
		fmt.Printf("%-60q %s | %s | %s\n", s, r, r.Canonical(), r.RRULE())
	}
}
