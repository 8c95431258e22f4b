// Package schedule parses the schedule rules that volunteers write in
// activity listings, such as
//
//	every Tuesday 10:00-11:30
//	first and third Monday of the month 2pm-4pm
//	every other Wednesday 14:00-16:00 from 2026-01-07
//	by appointment
//
// and turns them into structured [Rule] values.
//
// A Rule can be rendered for people on web pages and printed sheets
// ([Rule.String]), written back in canonical grammar form ([Rule.Canonical]),
// converted to an RFC 5545 recurrence rule for iCalendar and HSDS feeds
// ([Rule.RRULE], [Rule.RRULEIn]), and used to work out when the activity
// next happens in the directory's time zone ([Rule.Next], [Rule.Between],
// [Next]).
//
// Parsing is strict: text that does not match one of the forms shown in
// [Grammar] is rejected with an [*Error] that points at the offending part of
// the text, explains the problem in plain language and, where there is an
// obvious fix, suggests a replacement.
//
// Times in rules are wall-clock times in the directory's time zone. They are
// turned into instants with [time.Date] in that zone, so a 10:00 session
// stays at 10:00 local time on both sides of a daylight saving change.
//
// # Grammar
//
// A rule is a Rule of this grammar, written in the EBNF of the Go
// specification. [Grammar] shows volunteers the same forms by example.
//
//	Rule          = Weekly | Fortnightly | Monthly | Weekdays | Daily | Once | ByAppointment .
//
//	Weekly        = "every" Days Times [ Course ] .
//	Fortnightly   = "every" "other" day Times Start .
//	Monthly       = Weeks day "of" [ "the" | "each" | "every" ] "month" Times [ Course ] .
//	Weekdays      = ( "weekdays" | "every" ( "weekday" | "weekdays" ) ) Times [ Course ] .
//	Daily         = ( "daily" | "every" "day" ) Times [ Course ] .
//	Once          = "on" [ dayName [ "," ] ] date Times .
//	ByAppointment = "by" "appointment" [ "only" ] .
//
//	Days          = day { And day } .
//	Weeks         = week { And week } .
//	And           = "and" | "," [ "and" ] .
//
//	Times         = [ "," ] [ "from" | "at" ] ( Clock To Clock | hour To HalfDay | HalfDay To hour ) .
//	To            = dash | "to" | "until" | "till" .
//	Clock         = time24 | HalfDay .
//	HalfDay       = time12 | "noon" | "midday" .
//
//	Course        = From [ Until ] | Until [ From ] .
//	Start         = From [ Until ] | Until From .
//	From          = [ "," ] "from" date .
//	Until         = [ "," ] "until" date .
//
//	day           = dayName | dayShort "." .
//	dayName       = ( "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday" ) [ "s" ] | dayShort .
//	dayShort      = "mon" | "tue" | "tues" | "wed" | "weds" | "thu" | "thur" | "thurs" | "fri" | "sat" | "sun" .
//	week          = "first" | "second" | "third" | "fourth" | "last" | "1" … "4" ( "st" | "nd" | "rd" | "th" ) .
//	hour          = "1" … "9" | "1" "0" … "2" .
//	time12        = ( [ "0" ] "1" … "9" | "1" "0" … "2" ) [ ":" minutes ] [ " " ] ( "am" | "pm" ) .
//	time24        = ( [ "0" | "1" ] digit | "2" "0" … "3" ) ":" minutes .
//	minutes       = "0" … "5" digit .
//	date          = digit digit digit digit "-" month "-" dayOfMonth .
//	month         = "0" "1" … "9" | "1" "0" … "2" .
//	dayOfMonth    = "0" "1" … "9" | "1" … "2" digit | "3" "0" … "1" .
//	dash          = "-" | "–" | "—" | "‐" | "‑" | "‒" | "−" .
//	digit         = "0" … "9" .
//
// Any number of spaces may come between the items of a production with a
// capitalised name, and at least one must come between two words or numbers
// ("everyday" is not "every day"). Productions with lower-case names are
// written without spaces (10:30, 1st, Mon., 2026-01-12), except that time12
// may have one before am or pm. Words may be in any case.
//
// Beyond the grammar:
//
//   - A time without am or pm that a 12-hour clock shows (1 to 12, without a
//     leading zero) takes am or pm from the other end of the range, if that
//     end has it, choosing whichever puts the range in order: 2-4pm is
//     14:00-16:00, 10-12pm is 10:00-12:00 and 11am-1:30 is 11:00-13:30. Other
//     times are on the 24-hour clock and need their minutes: 10-11 is not a
//     range.
//   - A range ends after it starts, on the same day.
//   - Dates are real dates; the until date is not before the from date; a day
//     named before a one-off date is the day that date falls on.
//   - A rule is at most [MaxLength] bytes long.
package schedule

// Grammar shows every form a rule can take, with an example of each. It is
// meant to be shown to volunteers as a hint next to a parse error.
//
// It says by example what the grammar in the package documentation says
// exactly; the tests check that every example is a sentence of that grammar.
const Grammar = `Write one rule per line, in one of these forms:
  every Tuesday 10:00-11:30
  every Monday, Wednesday and Friday 10am-11am
  every other Wednesday 14:00-16:00 from 2026-01-07   (fortnightly, starting on the first Wednesday from that date)
  first Saturday of the month 09:30-12:00             (first, second, third, fourth or last)
  first and third Monday of the month 2pm-4pm
  weekdays 09:00-17:00                                (Monday to Friday)
  daily 07:00-08:00
  on 2026-03-14 10:00-15:00                           (one date only)
  by appointment
A repeating rule can end with "from <date>" and/or "until <date>":
  every Monday 18:00-20:00 from 2026-01-12 until 2026-03-23
Times are like 10:00, 9:30, 10am or 2:30pm; dates are year-month-day, like 2026-01-12.`
