package schedule

import (
	"fmt"
	"testing"
)

func TestScratch(t *testing.T) {
	for _, s := range []string{
		"every Tuesday 10:00-11:30", "every Monday, Wednesday and Friday 10:00-11:00", "every tuesdays and thurs 10am to 11:30am",
		"every other Wednesday 14:00-16:00 from 2026-01-07", "first and third Monday of the month 14:00-16:00", "last Friday of the month 19:00-21:00",
		"weekdays 9:00-17:00", "daily 7am-8am", "on 2026-03-14 10:00-15:00", "by appointment", "every Monday 18:00-20:00 from 2026-01-12 until 2026-03-23",
		"every day 2-4pm", "every Monday 10-12pm", "every monday 11am-1:30", "every Monday noon-2", "on Saturday 2026-03-14 10am-3pm",
		"Every Tuesday, 10:00–11:30", "every Monday from 10am to 12pm", "1st and 3rd sat of each month 9:30-12:00",
		"every Tuesdy 10:00-11:00", "every wendesday 10:00-11:00", "every Monday", "every Monday 25:00-26:00", "every Monday 11:30-10:00",
		"every other Monday 10:00-11:00", "every Monday 10:00-11:00 from 2026-02-01 until 2026-01-01", "on 2026-02-30 10:00-11:00",
		"second last Friday of the month 10:00-11:00", "every Monday 10:00-11:00 please call first", "every Monday 10.30-11:30",
		"every Monday 10-11", "evry Monday 10:00-11:00", "Monday 10:00-11:00", "term time only", "", "every Monday 10:00-11:00 untill 2026-01-01",
		"on Saturday 2026-03-13 10:00-11:00", "on Monday 10:00-11:00", "first Monday 10:00-11:00", "every first Monday of the month 10:00-11:00",
		"every second Tuesday 10:00-11:00", "fifth Monday of the month 10:00-11:00", "every Monday 10:00 11:00", "every Monday 10:00-",
		"every Monday 14pm-15pm", "every Monday 10:00-11:00 from 12/01/2026", "every Monday 10:00-11:00 from 12 January 2026",
		"every Monday Wednesday 10:00-11:00", "every Monday 10:00-11:00 and 14:00-15:00", "by appointment only", "by appointmnet",
		"on 2026-03-14 10:00-11:00 until 2026-04-01", "every Monday 10:00-11:00 from 2026-1-5", "daily 10:00-11:00 from 2026-01-01 to 2026-02-01",
		"fortnightly on Monday", "every other Monday and Tuesday 10:00-11:00 from 2026-01-01", "2026-03-14 10:00-11:00", "10:00-11:00 every Monday",
		"every Monday 12am-12pm", "every Monday 12pm-12am",
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
