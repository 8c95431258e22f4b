package schedule

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/signpost-directory/signpost/site/suggest"
)

// The "did you mean" side of the parser. When a rule leaves the grammar,
// the functions here guess what the volunteer meant from the mistakes
// volunteers make (a misspelt word, "fortnightly", 14/03/2026, 10.30, 14pm,
// "10-11"), and say it in a message that names the fix and, where there is
// one obvious replacement, suggests it.

const (
	noForm        = "this doesn't match any of the schedule forms"
	useEveryOther = `for a fortnightly activity, write "every other", like "every other Wednesday 14:00-16:00 from 2026-01-07"`
)

// closestWord returns the suggestion for the vocabulary word closest to low, if
// it is close enough and no other suggestion is as close.
func closestWord(low string, v vocab) string {
	n := utf8.RuneCountInString(low)
	limit := 3
	switch {
	case n <= 2:
		limit = 0
	case n <= 4:
		limit = 1
	case n <= 8:
		limit = 2
	}
	best, bestS, tie := limit+1, "", false
	for _, e := range v {
		if abs(utf8.RuneCountInString(e.word)-n) > limit {
			continue
		}
		d := suggest.Distance(low, e.word)
		switch {
		case d < best:
			best, bestS, tie = d, e.suggestion, false
		case d == best && e.suggestion != bestS:
			tie = true
		}
	}
	if best > limit || tie {
		return ""
	}
	return bestS
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// unknownWord reports a word that does not fit, suggesting a replacement
// from v when one is close.
func (p *parser) unknownWord(t *token, v vocab, msg string) *Error {
	if s := closestWord(t.low, v); s != "" {
		return p.misspelt(t, s)
	}
	return p.errAt(t, t, msg, "")
}

func (p *parser) misspelt(t *token, suggestion string) *Error {
	return p.errAt(t, t, "we didn't understand "+quote(t.text), suggestion)
}

// startError explains a rule that starts with none of the words a rule
// starts with.
func (p *parser) startError(t *token) *Error {
	var err *Error
	switch t.kind {
	case tkWord:
		err = p.startWord(t)
	case tkNum:
		err = p.startNumber(t)
	}
	if err == nil {
		err = p.errAt(t, t, noForm, "")
	}
	return err
}

// startWord explains a first word that is another way of saying how often
// (weekly, fortnightly), a day without "every", or a misspelling.
func (p *parser) startWord(t *token) *Error {
	switch t.low {
	case "fortnightly":
		return p.errAt(t, t, useEveryOther, "every other")
	case "weekly":
		return p.errAt(t, t, `for a weekly activity, write "every", like "every Monday 10:00-11:00"`, "every")
	case "monthly":
		return p.errAt(t, t, `for a monthly activity, say which week, like "first Monday of the month 14:00-16:00"`, "")
	case "the":
		if _, st := nthOf(p.peekAt(1)); st != notNth {
			return p.errAt(t, t, `leave out "the", like "first Monday of the month 14:00-16:00"`, "")
		}
	}
	if d, ok := dayOf(t); ok {
		return p.errAt(t, t, `start with "every", like "every `+dayName(d)+` 10:00-11:00"`, "every "+dayName(d))
	}
	if s := closestWord(t.low, startVocab); s != "" {
		return p.misspelt(t, s)
	}
	if s := closestWord(t.low, dayVocab); s != "" {
		return p.misspelt(t, "every "+s)
	}
	return nil
}

// startNumber explains a rule that starts with a date or a time.
func (p *parser) startNumber(t *token) *Error {
	if d, msg, _ := parseDate(t.text); msg == "" {
		return p.errAt(t, t, `start a one-off date with "on", like "on 2026-03-14 10:00-15:00"`, "on "+d.String())
	}
	if isClock(t.text) {
		return p.errAt(t, t, `put the days first and the times after them, like "every Monday 10:00-11:00"`, "")
	}
	return nil
}

// afterEvery explains t after "every" when it belongs to another form:
// "every fortnight" and "every second Tuesday" mean "every other", and
// "every first Monday of the month" is a monthly rule. It returns nil for
// anything else.
func (p *parser) afterEvery(every, t *token) *Error {
	if t.is("fortnight", "fortnightly") {
		return p.errAt(t, t, useEveryOther, "other")
	}
	n, st := nthOf(t)
	if st == notNth {
		return nil
	}
	if n == 2 && !p.monthFollows() {
		return p.errAt(t, t, `for a session every two weeks, write "every other"`, "other")
	}
	return p.errAt(every, every, `leave out "every" for a monthly rule, like "first Monday of the month 14:00-16:00"`, "")
}

func (p *parser) monthFollows() bool {
	for _, u := range p.toks[p.pos:] {
		if u.is("month") {
			return true
		}
	}
	return false
}

// notAWeek explains t where a week of the month should be.
func (p *parser) notAWeek(t *token, n int, st nthStatus) *Error {
	msg := quote(t.text) + " is not a week of the month: use " + weekChoices
	switch {
	case st == badNth && n == 5:
		return p.errAt(t, t, quote(t.text)+` is not supported, as not every month has one: use "last" instead`, "")
	case st == notNth && t.kind == tkWord:
		return p.errAt(t, t, msg, closestWord(t.low, nthVocab))
	}
	return p.errAt(t, t, msg, "")
}

// notADay explains t where a day of the week should be: a misspelt day, or
// the day missing before a word that comes after it.
func (p *parser) notADay(t *token, missing string) *Error {
	switch {
	case t == nil:
		return p.errEnd(missing)
	case t.kind != tkWord, t.is("and", "from", "until", "of", "to", "at", "noon", "midday"):
		return p.errAt(t, t, missing, "")
	}
	return p.errAt(t, t, quote(t.text)+" is not a day of the week", closestWord(t.low, dayVocab))
}

// missingAnd explains two days with nothing between them, t the second.
func (p *parser) missingAnd(t *token) *Error {
	return p.errAt(t, t, `put "and" or a comma between days`, "and "+dayName(dayWords[t.low]))
}

// weeklyOn explains "on Monday 10:00-11:00": "on" takes a date, and a day
// alone means every week.
func (p *parser) weeklyOn(on, day *token) *Error {
	d := dayName(dayWords[day.low])
	return p.errAt(on, day, `for a weekly activity, write "every `+d+`"`, "every "+d)
}

// wrongWeekday explains a one-off date given with a day of the week it
// does not fall on, suggesting the day it does fall on.
func (p *parser) wrongWeekday(day, dateTok *token, d Date) *Error {
	return p.errAt(day, day, dateTok.text+" is a "+dayName(d.Weekday())+", not a "+dayName(dayWords[day.low]), dayName(d.Weekday()))
}

// trailing explains t and what follows it, after a complete rule: "from"
// or "until" on a one-off, a misspelt "from" or "until", a second time
// range, or notes that belong in the description.
func (p *parser) trailing(t *token, bounds bool) *Error {
	last := &p.toks[len(p.toks)-1]
	if !bounds && t.is("from", "until") {
		return p.errAt(t, t, `a one-off date can't have "from" or "until": use "every ..." for a repeating activity`, "")
	}
	if bounds && t.kind == tkWord {
		if s := closestWord(t.low, boundVocab); s != "" {
			return p.misspelt(t, s)
		}
	}
	if t.isListSep() && p.clockFollows() {
		return p.errAt(t, last, "a rule can only have one time range: write a separate rule for each time", "")
	}
	return p.errAt(t, last, quote(p.text[t.off:last.end])+" is not part of the schedule: put notes like this in the description", "")
}

func (p *parser) clockFollows() bool {
	for _, u := range p.toks[p.pos:] {
		if u.kind == tkNum && isClock(u.text) {
			return true
		}
	}
	return false
}

// notAClock explains t where a time should be: a misspelt "noon", or, as
// missing, a date, a day or a word that comes after the times.
func (p *parser) notAClock(t *token, missing string) *Error {
	switch {
	case t == nil:
		return p.errEnd(missing)
	case t.kind == tkWord && !t.is("from", "until", "and") && !isDayWord(t):
		return p.unknownWord(t, words("noon", "midday"), notATime(t.text))
	}
	return p.errAt(t, t, missing, "")
}

// clockNearMiss explains a time that parseClock could not read, suggesting
// the time meant when it was written with a dot (10.30) or without a colon
// (1030).
func clockNearMiss(s, digits, ending string) (msg, suggestion string) {
	if hs, ms, dot := strings.Cut(digits, "."); dot && isHour(hs) && isMinute(ms) {
		return "write times with a colon, like 10:30", hs + ":" + ms + ending
	}
	if isDigits(digits) && (len(digits) == 3 || len(digits) == 4) {
		hs, ms := digits[:len(digits)-2], digits[len(digits)-2:]
		if h, _ := strconv.Atoi(hs); h <= 23 && ms < "60" {
			return notATime(s), hs + ":" + ms + ending
		}
	}
	return notATime(s), ""
}

// bareHour explains an hour without minutes or am/pm, as in "10-11". For
// an hour that a 12-hour clock shows, it offers am or pm as well as
// minutes, guessing am from 7 to 11, when activities start in the
// morning, and pm otherwise.
func (p *parser) bareHour(c clockTok) *Error {
	h := strconv.Itoa(c.h)
	if c.h < 1 || c.h > 12 {
		return p.errAt(c.tok, c.tok, quote(c.text)+" needs minutes, like "+h+":00", h+":00")
	}
	mer := "pm"
	if c.h >= 7 && c.h <= 11 {
		mer = "am"
	}
	return p.errAt(c.tok, c.tok, quote(c.text)+" needs minutes or am/pm, like "+h+":00 or "+h+mer, "")
}

// notADate explains t where a date should be: a month name, which starts a
// date written out in words, or anything else that is not a number.
func (p *parser) notADate(t *token, missing string) *Error {
	if t == nil {
		return p.errEnd(missing)
	}
	if _, ok := monthWords[t.low]; ok && t.kind == tkWord {
		return p.errAt(t, t, dateFormat, "")
	}
	if t.kind != tkWord || isDayWord(t) || t.is("from", "until", "and") {
		return p.errAt(t, t, missing, "")
	}
	return p.errAt(t, t, quote(t.text)+" is not a date: "+dateFormat, "")
}

// writtenOutDate reads a real date written out in words at the current
// token, "14 March 2026", for the suggestion of its year-month-day form.
func (p *parser) writtenOutDate() (Date, bool) {
	t, m, y := p.peek(), p.peekAt(1), p.peekAt(2)
	if m == nil || y == nil || m.kind != tkWord || y.kind != tkNum || len(y.text) != 4 {
		return Date{}, false
	}
	mon, ok := monthWords[m.low]
	day, err1 := strconv.Atoi(t.text)
	year, err2 := strconv.Atoi(y.text)
	d := Date{year, mon, day}
	return d, ok && err1 == nil && err2 == nil && d.valid()
}

// dayFirstDate suggests the year-month-day form of a date written
// day-month-year, as in the UK: 14/03/2026, 14-03-2026. It returns "" for
// a date in any other order, which is too ambiguous to guess.
func dayFirstDate(parts []string, n [3]int) string {
	if len(parts[2]) != 4 {
		return ""
	}
	if d := (Date{n[2], time.Month(n[1]), n[0]}); d.valid() {
		return d.String()
	}
	return ""
}
