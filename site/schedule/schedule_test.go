package schedule

import (
	"github.com/signpost-directory/signpost/site/suggest"

	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/London must be available wherever the tests run
)

func london(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func hm(h, m int) Clock { return Clock(h*60 + m) }

func date(y int, m time.Month, d int) Date { return Date{y, m, d} }

var (
	mon, tue, wed, thu, fri, sat, sun = time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday
)

func days(d ...time.Weekday) []time.Weekday { return d }

func TestParse(t *testing.T) {
	tests := []struct {
		in        string
		want      Rule
		str       string
		canonical string
		rrule     string
	}{
		// weekly
		{
			"every Tuesday 10:00-11:30",
			Rule{Kind: Weekly, Days: days(tue), Start: hm(10, 0), End: hm(11, 30)},
			"Every Tuesday, 10:00–11:30", "every Tuesday 10:00-11:30", "FREQ=WEEKLY;BYDAY=TU",
		},
		{
			"every Tuesday and Thursday 10:00-11:30",
			Rule{Kind: Weekly, Days: days(tue, thu), Start: hm(10, 0), End: hm(11, 30)},
			"Every Tuesday and Thursday, 10:00–11:30", "every Tuesday and Thursday 10:00-11:30", "FREQ=WEEKLY;BYDAY=TU,TH",
		},
		{
			"every Monday, Wednesday and Friday 10:00-11:00",
			Rule{Kind: Weekly, Days: days(mon, wed, fri), Start: hm(10, 0), End: hm(11, 0)},
			"Every Monday, Wednesday and Friday, 10:00–11:00", "every Monday, Wednesday and Friday 10:00-11:00", "FREQ=WEEKLY;BYDAY=MO,WE,FR",
		},
		{
			// any case, extra spaces, abbreviations, plurals, order and repeats
			"  EVERY   fri,  mon ,and  WEDS and mondays   9:30am – 11am ",
			Rule{Kind: Weekly, Days: days(mon, wed, fri), Start: hm(9, 30), End: hm(11, 0)},
			"Every Monday, Wednesday and Friday, 09:30–11:00", "every Monday, Wednesday and Friday 09:30-11:00", "FREQ=WEEKLY;BYDAY=MO,WE,FR",
		},
		{
			"every Sun and Sat 14:00—16:00",
			Rule{Kind: Weekly, Days: days(sat, sun), Start: hm(14, 0), End: hm(16, 0)},
			"Every Saturday and Sunday, 14:00–16:00", "every Saturday and Sunday 14:00-16:00", "FREQ=WEEKLY;BYDAY=SA,SU",
		},
		{
			"every Tues, Thur and Thurs 2pm to 3:30pm",
			Rule{Kind: Weekly, Days: days(tue, thu), Start: hm(14, 0), End: hm(15, 30)},
			"Every Tuesday and Thursday, 14:00–15:30", "every Tuesday and Thursday 14:00-15:30", "FREQ=WEEKLY;BYDAY=TU,TH",
		},
		{
			// the human rendering parses too
			"Every Tuesday, 10:00–11:30",
			Rule{Kind: Weekly, Days: days(tue), Start: hm(10, 0), End: hm(11, 30)},
			"Every Tuesday, 10:00–11:30", "every Tuesday 10:00-11:30", "FREQ=WEEKLY;BYDAY=TU",
		},
		{
			"every Mon. and Wed., at 10 am - 11 am",
			Rule{Kind: Weekly, Days: days(mon, wed), Start: hm(10, 0), End: hm(11, 0)},
			"Every Monday and Wednesday, 10:00–11:00", "every Monday and Wednesday 10:00-11:00", "FREQ=WEEKLY;BYDAY=MO,WE",
		},
		{
			"every Thursday from 10am to noon",
			Rule{Kind: Weekly, Days: days(thu), Start: hm(10, 0), End: hm(12, 0)},
			"Every Thursday, 10:00–12:00", "every Thursday 10:00-12:00", "FREQ=WEEKLY;BYDAY=TH",
		},
		{
			"every Wednesday 12pm-1:30pm",
			Rule{Kind: Weekly, Days: days(wed), Start: hm(12, 0), End: hm(13, 30)},
			"Every Wednesday, 12:00–13:30", "every Wednesday 12:00-13:30", "FREQ=WEEKLY;BYDAY=WE",
		},
		{
			"every Wednesday 12am-1 am",
			Rule{Kind: Weekly, Days: days(wed), Start: hm(0, 0), End: hm(1, 0)},
			"Every Wednesday, 00:00–01:00", "every Wednesday 00:00-01:00", "FREQ=WEEKLY;BYDAY=WE",
		},
		// am/pm carried from one end of the range to the other
		{
			"every Monday 2-4pm",
			Rule{Kind: Weekly, Days: days(mon), Start: hm(14, 0), End: hm(16, 0)},
			"Every Monday, 14:00–16:00", "every Monday 14:00-16:00", "FREQ=WEEKLY;BYDAY=MO",
		},
		{
			"every Monday 10-12pm",
			Rule{Kind: Weekly, Days: days(mon), Start: hm(10, 0), End: hm(12, 0)},
			"Every Monday, 10:00–12:00", "every Monday 10:00-12:00", "FREQ=WEEKLY;BYDAY=MO",
		},
		{
			"every Monday 10:30-1pm",
			Rule{Kind: Weekly, Days: days(mon), Start: hm(10, 30), End: hm(13, 0)},
			"Every Monday, 10:30–13:00", "every Monday 10:30-13:00", "FREQ=WEEKLY;BYDAY=MO",
		},
		{
			"every Monday 11am-1:30",
			Rule{Kind: Weekly, Days: days(mon), Start: hm(11, 0), End: hm(13, 30)},
			"Every Monday, 11:00–13:30", "every Monday 11:00-13:30", "FREQ=WEEKLY;BYDAY=MO",
		},
		{
			"every Monday noon-2",
			Rule{Kind: Weekly, Days: days(mon), Start: hm(12, 0), End: hm(14, 0)},
			"Every Monday, 12:00–14:00", "every Monday 12:00-14:00", "FREQ=WEEKLY;BYDAY=MO",
		},
		{
			// a leading zero means 24-hour time
			"every Monday 09:00-5pm",
			Rule{Kind: Weekly, Days: days(mon), Start: hm(9, 0), End: hm(17, 0)},
			"Every Monday, 09:00–17:00", "every Monday 09:00-17:00", "FREQ=WEEKLY;BYDAY=MO",
		},
		// fortnightly
		{
			"every other Wednesday 14:00-16:00 from 2026-01-07",
			Rule{Kind: Fortnightly, Days: days(wed), Start: hm(14, 0), End: hm(16, 0), From: date(2026, 1, 7)},
			"Every other Wednesday, 14:00–16:00, from 7 January 2026", "every other Wednesday 14:00-16:00 from 2026-01-07", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
		},
		{
			"Every Other wed 2pm-4pm from 2026-01-01 until 2026-06-30",
			Rule{Kind: Fortnightly, Days: days(wed), Start: hm(14, 0), End: hm(16, 0), From: date(2026, 1, 1), Until: date(2026, 6, 30)},
			"Every other Wednesday, 14:00–16:00, 1 January – 30 June 2026", "every other Wednesday 14:00-16:00 from 2026-01-01 until 2026-06-30",
			"FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;UNTIL=20260630T235959Z",
		},
		// monthly
		{
			"first Saturday of the month 09:30-12:00",
			Rule{Kind: Monthly, Days: days(sat), Nth: []int{1}, Start: hm(9, 30), End: hm(12, 0)},
			"First Saturday of the month, 09:30–12:00", "first Saturday of the month 09:30-12:00", "FREQ=MONTHLY;BYDAY=1SA",
		},
		{
			"first and third Monday of the month 14:00-16:00",
			Rule{Kind: Monthly, Days: days(mon), Nth: []int{1, 3}, Start: hm(14, 0), End: hm(16, 0)},
			"First and third Monday of the month, 14:00–16:00", "first and third Monday of the month 14:00-16:00", "FREQ=MONTHLY;BYDAY=1MO,3MO",
		},
		{
			"last Friday of the month 19:00-21:00",
			Rule{Kind: Monthly, Days: days(fri), Nth: []int{-1}, Start: hm(19, 0), End: hm(21, 0)},
			"Last Friday of the month, 19:00–21:00", "last Friday of the month 19:00-21:00", "FREQ=MONTHLY;BYDAY=-1FR",
		},
		{
			"Last, 2nd, and 1st Thursday of each month 7pm-9pm",
			Rule{Kind: Monthly, Days: days(thu), Nth: []int{1, 2, -1}, Start: hm(19, 0), End: hm(21, 0)},
			"First, second and last Thursday of the month, 19:00–21:00", "first, second and last Thursday of the month 19:00-21:00",
			"FREQ=MONTHLY;BYDAY=1TH,2TH,-1TH",
		},
		{
			"4th and fourth Sunday of every month, 10:00 to 11:00 from 2026-02-01",
			Rule{Kind: Monthly, Days: days(sun), Nth: []int{4}, Start: hm(10, 0), End: hm(11, 0), From: date(2026, 2, 1)},
			"Fourth Sunday of the month, 10:00–11:00, from 1 February 2026", "fourth Sunday of the month 10:00-11:00 from 2026-02-01",
			"FREQ=MONTHLY;BYDAY=4SU",
		},
		// weekdays and daily
		{
			"weekdays 9:00-17:00",
			Rule{Kind: Weekdays, Start: hm(9, 0), End: hm(17, 0)},
			"Weekdays, 09:00–17:00", "weekdays 09:00-17:00", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
		},
		{
			"every weekday 9am-5pm",
			Rule{Kind: Weekdays, Start: hm(9, 0), End: hm(17, 0)},
			"Weekdays, 09:00–17:00", "weekdays 09:00-17:00", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
		},
		{
			"daily 07:00-08:00",
			Rule{Kind: Daily, Start: hm(7, 0), End: hm(8, 0)},
			"Daily, 07:00–08:00", "daily 07:00-08:00", "FREQ=DAILY",
		},
		{
			"every day 7am-8am until 2026-12-31",
			Rule{Kind: Daily, Start: hm(7, 0), End: hm(8, 0), Until: date(2026, 12, 31)},
			"Daily, 07:00–08:00, until 31 December 2026", "daily 07:00-08:00 until 2026-12-31", "FREQ=DAILY;UNTIL=20261231T235959Z",
		},
		// one-off
		{
			"on 2026-03-14 10:00-15:00",
			Rule{Kind: Once, On: date(2026, 3, 14), Start: hm(10, 0), End: hm(15, 0)},
			"Saturday 14 March 2026, 10:00–15:00", "on 2026-03-14 10:00-15:00", "",
		},
		{
			"on Saturday 2026-03-14 10am-3pm",
			Rule{Kind: Once, On: date(2026, 3, 14), Start: hm(10, 0), End: hm(15, 0)},
			"Saturday 14 March 2026, 10:00–15:00", "on 2026-03-14 10:00-15:00", "",
		},
		// by appointment
		{"by appointment", Rule{Kind: ByAppointment}, "By appointment", "by appointment", ""},
		{"By Appointment only", Rule{Kind: ByAppointment}, "By appointment", "by appointment", ""},
		// courses
		{
			"every Monday 18:00-20:00 from 2026-01-12 until 2026-03-23",
			Rule{Kind: Weekly, Days: days(mon), Start: hm(18, 0), End: hm(20, 0), From: date(2026, 1, 12), Until: date(2026, 3, 23)},
			"Every Monday, 18:00–20:00, 12 January – 23 March 2026", "every Monday 18:00-20:00 from 2026-01-12 until 2026-03-23",
			"FREQ=WEEKLY;BYDAY=MO;UNTIL=20260323T235959Z",
		},
		{
			"every Monday 18:00-20:00, until 2026-03-23, from 2025-11-03",
			Rule{Kind: Weekly, Days: days(mon), Start: hm(18, 0), End: hm(20, 0), From: date(2025, 11, 3), Until: date(2026, 3, 23)},
			"Every Monday, 18:00–20:00, 3 November 2025 – 23 March 2026", "every Monday 18:00-20:00 from 2025-11-03 until 2026-03-23",
			"FREQ=WEEKLY;BYDAY=MO;UNTIL=20260323T235959Z",
		},
		{
			"every Monday 18:00-20:00 from 2026-01-12",
			Rule{Kind: Weekly, Days: days(mon), Start: hm(18, 0), End: hm(20, 0), From: date(2026, 1, 12)},
			"Every Monday, 18:00–20:00, from 12 January 2026", "every Monday 18:00-20:00 from 2026-01-12", "FREQ=WEEKLY;BYDAY=MO",
		},
		{
			"every Monday 18:00-20:00 until 2026-03-23",
			Rule{Kind: Weekly, Days: days(mon), Start: hm(18, 0), End: hm(20, 0), Until: date(2026, 3, 23)},
			"Every Monday, 18:00–20:00, until 23 March 2026", "every Monday 18:00-20:00 until 2026-03-23", "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260323T235959Z",
		},
		{
			"weekdays 09:00-17:00 from 2026-07-20 until 2026-07-20",
			Rule{Kind: Weekdays, Start: hm(9, 0), End: hm(17, 0), From: date(2026, 7, 20), Until: date(2026, 7, 20)},
			"Weekdays, 09:00–17:00, 20 July – 20 July 2026", "weekdays 09:00-17:00 from 2026-07-20 until 2026-07-20",
			"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20260720T235959Z",
		},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse =\n%#v\nwant\n%#v", got, tt.want)
			}
			if s := got.String(); s != tt.str {
				t.Errorf("String = %q, want %q", s, tt.str)
			}
			if s := got.Canonical(); s != tt.canonical {
				t.Errorf("Canonical = %q, want %q", s, tt.canonical)
			}
			if s := got.RRULE(); s != tt.rrule {
				t.Errorf("RRULE = %q, want %q", s, tt.rrule)
			}
			again, err := Parse(got.Canonical())
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("Parse(Canonical()) = %#v, %v; want %#v", again, err, got)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		want Error
	}{
		// misspelt days
		{"every Tuesdy 10:00-11:30", Error{6, 6, `"Tuesdy" is not a day of the week`, "Tuesday"}},
		{"every wendesday 10:00-11:30", Error{6, 9, `"wendesday" is not a day of the week`, "Wednesday"}},
		{"every Monday and Thrusday 10:00-11:30", Error{17, 8, `"Thrusday" is not a day of the week`, "Thursday"}},
		{"every Tu 10:00-11:30", Error{6, 2, `"Tu" is not a day of the week`, ""}}, // Tuesday or Thursday?
		{"every Monday Wednesday 10:00-11:00", Error{13, 9, `put "and" or a comma between days`, "and Wednesday"}},
		// missing or wrong times
		{"every Monday", Error{12, 0, "the time range is missing: add one like 10:00-11:30", ""}},
		{"every Monday  ", Error{12, 0, "the time range is missing: add one like 10:00-11:30", ""}},
		{"every Monday from 2026-01-12", Error{13, 4, "the time range is missing: add one like 10:00-11:30", ""}},
		{"every Monday 10:00", Error{18, 0, "the end time is missing: write the time range like 10:00-11:30", ""}},
		{"every Monday 10:00 11:00", Error{19, 5, "put a dash between the start and end times, like 10:00-11:30", ""}},
		{"every Monday 25:00-26:00", Error{13, 5, `"25:00" is not a time: hours go up to 23`, ""}},
		{"every Monday 10:00-10:75", Error{19, 5, `"10:75" is not a time: minutes go up to 59`, ""}},
		{"every Monday 11:30-10:00", Error{13, 11, "11:30-10:00 ends before it starts", ""}},
		{"every Monday 2pm – 1pm", Error{13, 11, "2pm – 1pm ends before it starts", ""}},
		{"every Monday 10:00-10:00", Error{13, 11, "10:00-10:00 starts and ends at the same time", ""}},
		{"every Monday 10.30-11:30", Error{13, 5, "write times with a colon, like 10:30", "10:30"}},
		{"every Monday 10-11", Error{13, 2, `"10" needs minutes or am/pm, like 10:00 or 10am`, ""}},
		{"every Monday 14-16", Error{13, 2, `"14" needs minutes, like 14:00`, "14:00"}},
		{"every Monday 14pm-15pm", Error{13, 4, `"14pm" mixes the 24-hour clock with am/pm: write 14:00`, "14:00"}},
		{"every Monday 13:00pm-15:00", Error{13, 7, `"13:00pm" mixes the 24-hour clock with am/pm: write 13:00`, "13:00"}},
		{"every Monday 1030-1130", Error{13, 4, `"1030" is not a time: write times like 10:00, 9:30, 10am or 2:30pm`, "10:30"}},
		{"every Monday 10:00-11:00 and 14:00-15:00", Error{25, 15, "a rule can only have one time range: write a separate rule for each time", ""}},
		// fortnightly
		{"every other Monday 10:00-11:00", Error{30, 0, `"every other" needs a start date: add "from 2026-01-06" so we know which weeks`, ""}},
		{"every other Monday and Thursday 10:00-11:00 from 2026-01-05", Error{19, 12, `"every other" takes one day: write a separate rule for each day`, ""}},
		{"every fortnight on Tuesday 10:00-11:00", Error{6, 9, `for a fortnightly activity, write "every other", like "every other Wednesday 14:00-16:00 from 2026-01-07"`, "other"}},
		{"every second Tuesday 10:00-11:00", Error{6, 6, `for a session every two weeks, write "every other"`, "other"}},
		{"fortnightly Tuesday 10:00-11:00", Error{0, 11, `for a fortnightly activity, write "every other", like "every other Wednesday 14:00-16:00 from 2026-01-07"`, "every other"}},
		// dates
		{"every Monday 10:00-11:00 from 2026-02-01 until 2026-01-01", Error{47, 10, "the end date 2026-01-01 is before the start date 2026-02-01", ""}},
		{"on 2026-02-30 10:00-11:00", Error{3, 10, "2026-02-30 is not a real date: February 2026 has 28 days", ""}},
		{"on 2028-02-30 10:00-11:00", Error{3, 10, "2028-02-30 is not a real date: February 2028 has 29 days", ""}},
		{"on 2026-13-01 10:00-11:00", Error{3, 10, "2026-13-01 is not a real date: months go from 01 to 12", ""}},
		{"on 14/03/2026 10:00-11:00", Error{3, 10, "write dates as year-month-day, like 2026-01-12", "2026-03-14"}},
		{"on 14 March 2026 10:00-11:00", Error{3, 13, "write dates as year-month-day, like 2026-01-12", "2026-03-14"}},
		{"every Monday 10:00-11:00 from 2026-1-5", Error{30, 8, "write dates as year-month-day, like 2026-01-12", "2026-01-05"}},
		{"every Monday 10:00-11:00 from", Error{29, 0, `the date is missing after "from": add one like 2026-01-12`, ""}},
		{"every Monday 10:00-11:00 from 2026-01-05 to 2026-02-01", Error{41, 2, `write "until" before the end date`, "until"}},
		{"every Monday 10:00-11:00 from 2026-01-05 from 2026-01-12", Error{41, 4, `there can only be one "from" date`, ""}},
		{"every Monday 10:00-11:00 untill 2026-03-01", Error{25, 6, `we didn't understand "untill"`, "until"}},
		{"on Friday 2026-03-14 10:00-11:00", Error{3, 6, "2026-03-14 is a Saturday, not a Friday", "Saturday"}},
		{"on 2026-03-14 10:00-11:00 until 2026-04-01", Error{26, 5, `a one-off date can't have "from" or "until": use "every ..." for a repeating activity`, ""}},
		{"on Monday 10:00-11:00", Error{0, 9, `for a weekly activity, write "every Monday"`, "every Monday"}},
		{"2026-03-14 10:00-11:00", Error{0, 10, `start a one-off date with "on", like "on 2026-03-14 10:00-15:00"`, "on 2026-03-14"}},
		// monthly
		{"second last Friday of the month 10:00-11:00", Error{0, 11, `"second last" is not supported: use "last", or a week like "fourth"`, ""}},
		{"fifth Monday of the month 10:00-11:00", Error{0, 5, `"fifth" is not supported, as not every month has one: use "last" instead`, ""}},
		{"first and thrid Monday of the month 10:00-11:00", Error{10, 5, `"thrid" is not a week of the month: use first, second, third, fourth or last`, "third"}},
		{"first Monday 10:00-11:00", Error{13, 5, `add "of the month" after the day, like "first Monday of the month"`, ""}},
		{"first Monday of teh month 10:00-11:00", Error{16, 3, `we didn't understand "teh"`, "the"}},
		{"first Monday and Friday of the month 10:00-11:00", Error{13, 10, "a monthly rule takes one day: write a separate rule for each day", ""}},
		{"the first Monday of the month 10:00-11:00", Error{0, 3, `leave out "the", like "first Monday of the month 14:00-16:00"`, ""}},
		{"every first Monday of the month 10:00-11:00", Error{0, 5, `leave out "every" for a monthly rule, like "first Monday of the month 14:00-16:00"`, ""}},
		// wrong start, junk and emptiness
		{"evry Monday 10:00-11:00", Error{0, 4, `we didn't understand "evry"`, "every"}},
		{"Mondays 10:00-11:00", Error{0, 7, `start with "every", like "every Monday 10:00-11:00"`, "every Monday"}},
		{"10:00-11:00 every Monday", Error{0, 5, `put the days first and the times after them, like "every Monday 10:00-11:00"`, ""}},
		{"term time only", Error{0, 4, "this doesn't match any of the schedule forms", ""}},
		{"every Monday 10:00-11:00 please call first", Error{25, 17, `"please call first" is not part of the schedule: put notes like this in the description`, ""}},
		{"every Monday 10:00-11:00.", Error{24, 1, `"." is not part of the schedule: put notes like this in the description`, ""}},
		{"by appointmnet", Error{3, 11, `we didn't understand "appointmnet"`, "appointment"}},
		{"by appointment, call Sue", Error{14, 10, `nothing can follow "by appointment": put details like ", call Sue" in the description`, ""}},
		{"", Error{0, 0, `the rule is empty: say when the activity happens, like "every Tuesday 10:00-11:30"`, ""}},
		{"   ", Error{0, 0, `the rule is empty: say when the activity happens, like "every Tuesday 10:00-11:30"`, ""}},
		{strings.Repeat("every Monday ", 40), Error{0, 520, "this rule is too long", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse = %v, want error", r)
			}
			var got *Error
			if !errors.As(err, &got) {
				t.Fatalf("error is %T, want *Error", err)
			}
			if *got != tt.want {
				t.Errorf("error =\n%#v\nwant\n%#v", *got, tt.want)
			}
			if !reflect.DeepEqual(r, Rule{}) {
				t.Errorf("rule = %#v, want zero Rule on error", r)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	_, err := Parse("every Tuesdy 10:00-11:30")
	if got, want := err.Error(), `"Tuesdy" is not a day of the week (did you mean "Tuesday"?)`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	_, err = Parse("every Monday")
	if got, want := err.Error(), "the time range is missing: add one like 10:00-11:30"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "abc", 3}, {"tuesday", "tuesday", 0},
		{"tuesdy", "tuesday", 1}, {"wendesday", "wednesday", 1}, {"wensday", "wednesday", 2},
		{"kitten", "sitting", 3}, {"ca", "abc", 3}, {"ünï", "uni", 2},
	} {
		if got := suggest.Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("suggest.Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestDateAndClock(t *testing.T) {
	d := date(2026, 1, 12)
	if s := d.String(); s != "2026-01-12" {
		t.Errorf("String = %q", s)
	}
	if d.IsZero() || !(Date{}).IsZero() {
		t.Error("IsZero wrong")
	}
	if !d.Before(date(2026, 1, 13)) || !d.After(date(2025, 12, 31)) || d.Compare(date(2026, 1, 12)) != 0 ||
		d.Compare(date(2026, 2, 1)) != -1 || d.Compare(date(2025, 2, 1)) != 1 {
		t.Error("comparisons wrong")
	}
	if wd := d.Weekday(); wd != time.Monday {
		t.Errorf("Weekday = %v", wd)
	}
	loc := london(t)
	if got, want := date(2026, 7, 1).Time(loc), time.Date(2026, 7, 1, 0, 0, 0, 0, loc); !got.Equal(want) {
		t.Errorf("Time = %v, want %v", got, want)
	}
	if got := DateOf(time.Date(2026, 3, 29, 23, 30, 0, 0, loc)); got != date(2026, 3, 29) {
		t.Errorf("DateOf = %v", got)
	}
	if s := hm(9, 5).String(); s != "09:05" {
		t.Errorf("Clock.String = %q", s)
	}
	// day numbers agree with the time package over a wide range
	for y := 1600; y <= 2400; y += 7 {
		for m := time.January; m <= time.December; m++ {
			d := Date{y, m, 1 + (y+int(m))%28}
			if got, want := d.Weekday(), d.Time(time.UTC).Weekday(); got != want {
				t.Fatalf("%v: Weekday = %v, want %v", d, got, want)
			}
			if got := civilDate(dayNumber(d)); got != d {
				t.Fatalf("civilDate(dayNumber(%v)) = %v", d, got)
			}
		}
	}
	if Weekly.String() != "weekly" || ByAppointment.String() != "by appointment" || Kind(0).String() != "Kind(0)" {
		t.Error("Kind.String wrong")
	}
}

func mustParse(t testing.TB, s string) Rule {
	t.Helper()
	r, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return r
}

// wall formats an occurrence in local time with its UTC offset, so tests
// show both the wall clock and the instant.
func wall(o Occurrence, loc *time.Location) string {
	return o.Start.In(loc).Format("Mon 2006-01-02 15:04 -0700") + " to " + o.End.In(loc).Format("15:04")
}

func TestBetween(t *testing.T) {
	loc := london(t)
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, loc) }
	tests := []struct {
		rule     string
		from, to time.Time
		want     []string
	}{
		{
			// March clock change: 10:00 GMT, then 10:00 BST
			"every Tuesday 10:00-11:30", at(2026, 3, 20, 0, 0), at(2026, 4, 8, 0, 0),
			[]string{
				"Tue 2026-03-24 10:00 +0000 to 11:30",
				"Tue 2026-03-31 10:00 +0100 to 11:30",
				"Tue 2026-04-07 10:00 +0100 to 11:30",
			},
		},
		{
			// the clock change day itself
			"daily 10:00-11:00", at(2026, 3, 28, 0, 0), at(2026, 3, 31, 0, 0),
			[]string{
				"Sat 2026-03-28 10:00 +0000 to 11:00",
				"Sun 2026-03-29 10:00 +0100 to 11:00",
				"Mon 2026-03-30 10:00 +0100 to 11:00",
			},
		},
		{
			// October clock change
			"daily 10:00-11:00", at(2026, 10, 24, 10, 30), at(2026, 10, 27, 0, 0),
			[]string{
				"Sun 2026-10-25 10:00 +0000 to 11:00",
				"Mon 2026-10-26 10:00 +0000 to 11:00",
			},
		},
		{
			// fortnightly: 22 March and 5 April are off weeks
			"every other Sunday 10:00-12:00 from 2026-03-10", at(2026, 3, 1, 0, 0), at(2026, 4, 20, 0, 0),
			[]string{
				"Sun 2026-03-15 10:00 +0000 to 12:00",
				"Sun 2026-03-29 10:00 +0100 to 12:00",
				"Sun 2026-04-12 10:00 +0100 to 12:00",
			},
		},
		{
			"every other Wednesday 14:00-16:00 from 2026-10-14", at(2026, 10, 1, 0, 0), at(2026, 11, 20, 0, 0),
			[]string{
				"Wed 2026-10-14 14:00 +0100 to 16:00",
				"Wed 2026-10-28 14:00 +0000 to 16:00",
				"Wed 2026-11-11 14:00 +0000 to 16:00",
			},
		},
		{
			"first Saturday of the month 09:30-12:00", at(2026, 9, 1, 0, 0), at(2026, 12, 1, 0, 0),
			[]string{
				"Sat 2026-09-05 09:30 +0100 to 12:00",
				"Sat 2026-10-03 09:30 +0100 to 12:00",
				"Sat 2026-11-07 09:30 +0000 to 12:00",
			},
		},
		{
			"last Friday of the month 19:00-21:00", at(2026, 9, 1, 0, 0), at(2026, 12, 1, 0, 0),
			[]string{
				"Fri 2026-09-25 19:00 +0100 to 21:00",
				"Fri 2026-10-30 19:00 +0000 to 21:00",
				"Fri 2026-11-27 19:00 +0000 to 21:00",
			},
		},
		{
			"last Sunday of the month 10:00-11:00", at(2026, 3, 1, 0, 0), at(2026, 4, 30, 0, 0),
			[]string{
				"Sun 2026-03-29 10:00 +0100 to 11:00",
				"Sun 2026-04-26 10:00 +0100 to 11:00",
			},
		},
		{
			// January 2026 has five Fridays; in February the fourth is the last
			"fourth and last Friday of the month 10:00-11:00", at(2026, 1, 1, 0, 0), at(2026, 3, 1, 0, 0),
			[]string{
				"Fri 2026-01-23 10:00 +0000 to 11:00",
				"Fri 2026-01-30 10:00 +0000 to 11:00",
				"Fri 2026-02-27 10:00 +0000 to 11:00",
			},
		},
		{
			"first and third Monday of the month 14:00-16:00", at(2026, 3, 1, 0, 0), at(2026, 4, 30, 0, 0),
			[]string{
				"Mon 2026-03-02 14:00 +0000 to 16:00",
				"Mon 2026-03-16 14:00 +0000 to 16:00",
				"Mon 2026-04-06 14:00 +0100 to 16:00",
				"Mon 2026-04-20 14:00 +0100 to 16:00",
			},
		},
		{
			"weekdays 09:00-17:00", at(2026, 10, 23, 12, 0), at(2026, 10, 28, 0, 0),
			[]string{
				"Mon 2026-10-26 09:00 +0000 to 17:00",
				"Tue 2026-10-27 09:00 +0000 to 17:00",
			},
		},
		{
			// course: from and until are inclusive, and cross the clock change
			"every Monday 18:00-20:00 from 2026-03-16 until 2026-04-06", at(2026, 1, 1, 0, 0), at(2026, 12, 31, 0, 0),
			[]string{
				"Mon 2026-03-16 18:00 +0000 to 20:00",
				"Mon 2026-03-23 18:00 +0000 to 20:00",
				"Mon 2026-03-30 18:00 +0100 to 20:00",
				"Mon 2026-04-06 18:00 +0100 to 20:00",
			},
		},
		{"on 2026-10-25 10:00-15:00", at(2026, 10, 1, 0, 0), at(2026, 11, 1, 0, 0), []string{"Sun 2026-10-25 10:00 +0000 to 15:00"}},
		{"on 2026-10-25 10:00-15:00", at(2026, 10, 26, 0, 0), at(2026, 11, 1, 0, 0), nil},
		{"by appointment", at(2026, 1, 1, 0, 0), at(2027, 1, 1, 0, 0), nil},
		// [from, to): a session starting exactly at to is left out
		{"every Tuesday 10:00-11:30", at(2026, 3, 24, 10, 0), at(2026, 3, 31, 10, 0), []string{"Tue 2026-03-24 10:00 +0000 to 11:30"}},
		{"every Tuesday 10:00-11:30", at(2026, 3, 31, 10, 0), at(2026, 3, 24, 10, 0), nil},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			r := mustParse(t, tt.rule)
			var got []string
			for _, o := range r.Between(tt.from, tt.to, loc) {
				got = append(got, wall(o, loc))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Between =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestBetweenCap(t *testing.T) {
	r := mustParse(t, "daily 07:00-08:00")
	occ := r.Between(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), time.UTC)
	if len(occ) != MaxOccurrences {
		t.Errorf("got %d occurrences, want %d", len(occ), MaxOccurrences)
	}
}

func TestNext(t *testing.T) {
	loc := london(t)
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, loc) }
	tests := []struct {
		rule  string
		after time.Time
		want  string // "" for none
	}{
		{"every Tuesday 10:00-11:30", at(2026, 3, 25, 0, 0), "Tue 2026-03-31 10:00 +0100 to 11:30"},
		{"every Tuesday 10:00-11:30", at(2026, 3, 31, 10, 0), "Tue 2026-03-31 10:00 +0100 to 11:30"}, // start == after
		{"every Tuesday 10:00-11:30", at(2026, 3, 31, 10, 1), "Tue 2026-04-07 10:00 +0100 to 11:30"},
		{"every other Sunday 10:00-12:00 from 2026-03-10", at(2026, 1, 1, 0, 0), "Sun 2026-03-15 10:00 +0000 to 12:00"},
		{"every other Sunday 10:00-12:00 from 2026-03-10", at(2026, 3, 15, 10, 1), "Sun 2026-03-29 10:00 +0100 to 12:00"},
		{"every other Sunday 10:00-12:00 from 2026-03-15", at(2026, 3, 15, 9, 0), "Sun 2026-03-15 10:00 +0000 to 12:00"},
		{"first Saturday of the month 09:30-12:00", at(2026, 10, 3, 12, 0), "Sat 2026-11-07 09:30 +0000 to 12:00"},
		{"last Friday of the month 19:00-21:00", at(2026, 10, 1, 0, 0), "Fri 2026-10-30 19:00 +0000 to 21:00"},
		{"last Friday of the month 19:00-21:00", at(2026, 12, 26, 0, 0), "Fri 2027-01-29 19:00 +0000 to 21:00"},
		{"every Monday 18:00-20:00 from 2026-01-12 until 2026-03-23", at(2025, 6, 1, 0, 0), "Mon 2026-01-12 18:00 +0000 to 20:00"},
		{"every Monday 18:00-20:00 from 2026-01-12 until 2026-03-23", at(2026, 3, 23, 17, 0), "Mon 2026-03-23 18:00 +0000 to 20:00"},
		{"every Monday 18:00-20:00 from 2026-01-12 until 2026-03-23", at(2026, 3, 23, 18, 1), ""},
		{"every Friday 18:00-20:00 from 2026-01-12 until 2026-01-15", at(2026, 1, 1, 0, 0), ""}, // no Friday in the course
		{"on 2026-03-29 10:00-15:00", at(2026, 3, 1, 0, 0), "Sun 2026-03-29 10:00 +0100 to 15:00"},
		{"on 2026-03-29 10:00-15:00", at(2026, 3, 29, 10, 0), "Sun 2026-03-29 10:00 +0100 to 15:00"},
		{"on 2026-03-29 10:00-15:00", at(2026, 3, 29, 10, 1), ""},
		{"on 2026-03-29 10:00-15:00", at(2027, 1, 1, 0, 0), ""},
		{"by appointment", at(2026, 1, 1, 0, 0), ""},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			o, ok := mustParse(t, tt.rule).Next(tt.after, loc)
			got := ""
			if ok {
				got = wall(o, loc)
			}
			if got != tt.want {
				t.Errorf("Next(%v) = %q, want %q", tt.after, got, tt.want)
			}
		})
	}
}

// TestNextAmbiguous checks a session at a wall-clock time that happens twice
// when the clocks go back. Which of the two instants time.Date picks is not
// specified, so only the wall clock is checked.
func TestNextAmbiguous(t *testing.T) {
	loc := london(t)
	o, ok := mustParse(t, "every Sunday 01:30-02:30").Next(time.Date(2026, 10, 24, 0, 0, 0, 0, loc), loc)
	if got := o.Start.In(loc).Format("2006-01-02 15:04"); !ok || got != "2026-10-25 01:30" {
		t.Errorf("Next = %q, %v; want 2026-10-25 01:30", got, ok)
	}
}

func TestNextAcrossRules(t *testing.T) {
	loc := london(t)
	rules := []Rule{
		mustParse(t, "by appointment"),
		mustParse(t, "every Tuesday 10:00-11:30"),
		mustParse(t, "first Saturday of the month 09:30-12:00"),
		mustParse(t, "on 2026-03-01 10:00-11:00"),
	}
	o, ok := Next(rules, time.Date(2026, 3, 2, 0, 0, 0, 0, loc), loc)
	if got, want := wall(o, loc), "Tue 2026-03-03 10:00 +0000 to 11:30"; !ok || got != want {
		t.Errorf("Next = %q, %v; want %q", got, ok, want)
	}
	o, ok = Next(rules, time.Date(2026, 2, 28, 0, 0, 0, 0, loc), loc)
	if got, want := wall(o, loc), "Sun 2026-03-01 10:00 +0000 to 11:00"; !ok || got != want {
		t.Errorf("Next = %q, %v; want %q", got, ok, want)
	}
	if _, ok := Next(rules[:1], time.Date(2026, 1, 1, 0, 0, 0, 0, loc), loc); ok {
		t.Error("Next of by appointment only: want none")
	}
	if _, ok := Next(nil, time.Date(2026, 1, 1, 0, 0, 0, 0, loc), loc); ok {
		t.Error("Next of no rules: want none")
	}
}

func TestFirstStart(t *testing.T) {
	loc := london(t)
	tests := []struct {
		rule string
		want string // "" for none
	}{
		{"every other Wednesday 14:00-16:00 from 2026-03-26", "2026-04-01 14:00 +0100"},
		{"every Monday 18:00-20:00 from 2026-01-12 until 2026-03-23", "2026-01-12 18:00 +0000"},
		{"last Friday of the month 19:00-21:00 from 2026-10-01", "2026-10-30 19:00 +0000"},
		{"on 2026-03-14 10:00-15:00", "2026-03-14 10:00 +0000"},
		{"every Friday 18:00-20:00 from 2026-01-12 until 2026-01-15", ""},
		{"every Tuesday 10:00-11:30", ""},
		{"by appointment", ""},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			start, ok := mustParse(t, tt.rule).FirstStart(loc)
			got := ""
			if ok {
				got = start.In(loc).Format("2006-01-02 15:04 -0700")
			}
			if got != tt.want {
				t.Errorf("FirstStart = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRRULEIn(t *testing.T) {
	loc := london(t)
	tests := []struct {
		rule, want string
	}{
		// UNTIL is the end of the until date in London, in UTC
		{"every Monday 18:00-20:00 until 2026-03-23", "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260323T235959Z"},
		{"every Sunday 10:00-11:00 until 2026-03-29", "FREQ=WEEKLY;BYDAY=SU;UNTIL=20260329T225959Z"},
		{"every other Wednesday 14:00-16:00 from 2026-01-07 until 2026-06-30", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;UNTIL=20260630T225959Z"},
		{"daily 07:00-08:00 until 2026-10-25", "FREQ=DAILY;UNTIL=20261025T235959Z"},
		{"daily 07:00-08:00", "FREQ=DAILY"},
		{"on 2026-03-14 10:00-15:00", ""},
		{"by appointment", ""},
	}
	for _, tt := range tests {
		if got := mustParse(t, tt.rule).RRULEIn(loc); got != tt.want {
			t.Errorf("%q: RRULEIn = %q, want %q", tt.rule, got, tt.want)
		}
	}
}

// TestHandMadeRules checks that rules not made by Parse do not panic or
// produce occurrences that make no sense.
func TestHandMadeRules(t *testing.T) {
	after := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, r := range []Rule{
		{},
		{Kind: Weekly},
		{Kind: Weekly, Days: days(mon), Start: 600, End: 500},
		{Kind: Fortnightly, Days: days(mon), Start: 600, End: 660},
		{Kind: Monthly, Days: days(mon), Start: 600, End: 660},
		{Kind: Monthly, Days: []time.Weekday{9}, Nth: []int{7}, Start: 600, End: 660},
		{Kind: Once, On: Date{2026, 2, 30}, Start: 600, End: 660},
		{Kind: 99, Start: 600, End: 660},
	} {
		_ = r.String()
		_ = r.Canonical()
		_ = r.RRULE()
		_, _ = r.FirstStart(nil)
		if o, ok := r.Next(after, nil); ok {
			t.Errorf("%#v: Next = %v, want none", r, o)
		}
		if occ := r.Between(after, after.AddDate(1, 0, 0), nil); len(occ) != 0 {
			t.Errorf("%#v: Between = %v, want none", r, occ)
		}
	}
}

var benchRules = []string{
	"every Tuesday 10:00-11:30",
	"every Monday, Wednesday and Friday 10am-11am",
	"every other Wednesday 14:00-16:00 from 2026-01-07",
	"first and third Monday of the month 2pm-4pm",
	"every Monday 18:00-20:00 from 2026-01-12 until 2026-03-23",
	"by appointment",
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Parse(benchRules[i%len(benchRules)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNext(b *testing.B) {
	loc := london(b)
	r := mustParse(b, "last Friday of the month 19:00-21:00")
	after := time.Date(2026, 3, 1, 0, 0, 0, 0, loc)
	for b.Loop() {
		r.Next(after, loc)
	}
}
