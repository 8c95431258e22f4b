package schedule

import (
	"slices"
	"time"
)

// One function per form of rule, each following its production in the
// grammar in doc.go. When the text leaves the grammar, they ask hints.go
// what the volunteer most likely meant.

// parse chooses the form of the rule by its first word.
func (p *parser) parse() (Rule, *Error) {
	t := p.peek()
	if t == nil {
		return Rule{}, &Error{Message: `the rule is empty: say when the activity happens, like "every Tuesday 10:00-11:30"`}
	}
	switch {
	case t.is("every"):
		p.next()
		return p.every(t)
	case t.is("weekdays"):
		p.next()
		return p.finish(Rule{Kind: Weekdays}, true)
	case t.is("daily"):
		p.next()
		return p.finish(Rule{Kind: Daily}, true)
	case t.is("on"):
		p.next()
		return p.once(t)
	case t.is("by"):
		p.next()
		return p.byAppointment()
	}
	if _, st := nthOf(t); st != notNth {
		return p.monthly()
	}
	return Rule{}, p.startError(t)
}

// every parses what follows "every": a weekly, fortnightly, daily or
// weekdays rule.
func (p *parser) every(every *token) (Rule, *Error) {
	t := p.peek()
	switch {
	case t.is("other"):
		p.next()
		return p.fortnightly()
	case t.is("day"):
		p.next()
		return p.finish(Rule{Kind: Daily}, true)
	case t.is("weekday", "weekdays"):
		p.next()
		return p.finish(Rule{Kind: Weekdays}, true)
	}
	if err := p.afterEvery(every, t); err != nil {
		return Rule{}, err
	}
	days, err := p.days()
	if err != nil {
		return Rule{}, err
	}
	return p.finish(Rule{Kind: Weekly, Days: days}, true)
}

// fortnightly parses what follows "every other".
func (p *parser) fortnightly() (Rule, *Error) {
	d, err := p.day(`the day of the week is missing: write it like "every other Wednesday"`)
	if err != nil {
		return Rule{}, err
	}
	if err := p.oneDay(`"every other" takes one day: write a separate rule for each day`); err != nil {
		return Rule{}, err
	}
	r, err := p.finish(Rule{Kind: Fortnightly, Days: []time.Weekday{d}}, true)
	if err == nil && r.From.IsZero() {
		err = p.errEnd(`"every other" needs a start date: add "from 2026-01-06" so we know which weeks`)
	}
	return r, err
}

// monthly parses "first and third Monday of the month ...".
func (p *parser) monthly() (Rule, *Error) {
	nth, err := p.weeks()
	if err != nil {
		return Rule{}, err
	}
	d, err := p.day(`the day of the week is missing: write it like "first Monday of the month"`)
	if err != nil {
		return Rule{}, err
	}
	if err := p.oneDay(`a monthly rule takes one day: write a separate rule for each day`); err != nil {
		return Rule{}, err
	}
	if err := p.ofTheMonth(); err != nil {
		return Rule{}, err
	}
	return p.finish(Rule{Kind: Monthly, Days: []time.Weekday{d}, Nth: nth}, true)
}

// weeks parses the weeks of a monthly rule, "first and third", returning
// them in the order of weeksOfMonth and without repeats.
func (p *parser) weeks() ([]int, *Error) {
	var nth []int
	for {
		t := p.peek()
		n, err := p.week()
		if err != nil {
			return nil, err
		}
		if u := p.peek(); n != -1 && u.is("last") {
			return nil, p.errAt(t, u, quote(p.text[t.off:u.end])+` is not supported: use "last", or a week like "fourth"`, "")
		}
		if !slices.Contains(nth, n) {
			nth = append(nth, n)
		}
		if !p.listSeparator() {
			break
		}
	}
	slices.SortFunc(nth, func(a, b int) int { return weekIndex(a) - weekIndex(b) })
	return nth, nil
}

// week parses one week of the month.
func (p *parser) week() (int, *Error) {
	t := p.peek()
	if t == nil {
		return 0, p.errEnd(`say which week of the month, like "first and third Monday of the month"`)
	}
	n, st := nthOf(t)
	if st != goodNth {
		return 0, p.notAWeek(t, n, st)
	}
	p.next()
	return n, nil
}

// ofTheMonth parses "of the month", also written "of each month", "of
// every month" or "of month".
func (p *parser) ofTheMonth() *Error {
	const missing = `add "of the month" after the day, like "first Monday of the month"`
	if err := p.keyword("of", words("of"), missing); err != nil {
		return err
	}
	if p.peek().is("the", "each", "every") {
		p.next()
	}
	return p.keyword("month", words("the", "month"), missing)
}

// once parses what follows "on": a date, perhaps after its day of the week.
func (p *parser) once(on *token) (Rule, *Error) {
	const missing = `the date is missing: write it like "on 2026-03-14 10:00-15:00"`
	var wdTok *token
	if t := p.peek(); isDayWord(t) {
		wdTok = p.next()
		if u := p.peek(); u != nil && u.kind == tkComma {
			p.next()
		}
		if t := p.peek(); t == nil || isTimeStart(t) {
			return Rule{}, p.weeklyOn(on, wdTok)
		}
	}
	d, dt, err := p.date(missing)
	if err != nil {
		return Rule{}, err
	}
	if wdTok != nil && dayWords[wdTok.low] != d.Weekday() {
		return Rule{}, p.wrongWeekday(wdTok, dt, d)
	}
	return p.finish(Rule{Kind: Once, On: d}, false)
}

func (p *parser) byAppointment() (Rule, *Error) {
	if err := p.keyword("appointment", words("appointment"), `write "by appointment"`); err != nil {
		return Rule{}, err
	}
	if p.peek().is("only") {
		p.next()
	}
	if t := p.peek(); t != nil {
		last := &p.toks[len(p.toks)-1]
		return Rule{}, p.errAt(t, last, `nothing can follow "by appointment": put details like `+quote(p.text[t.off:last.end])+" in the description", "")
	}
	return Rule{Kind: ByAppointment}, nil
}

// finish parses the time range, the from and until dates (if bounds is
// true) and checks that nothing follows.
func (p *parser) finish(r Rule, bounds bool) (Rule, *Error) {
	if t := p.peek(); t != nil && t.kind == tkComma {
		p.next()
	}
	var err *Error
	if r.Start, r.End, err = p.timeRange(); err != nil {
		return Rule{}, err
	}
	if bounds {
		if err := p.bounds(&r); err != nil {
			return Rule{}, err
		}
	}
	if t := p.peek(); t != nil {
		return Rule{}, p.trailing(t, bounds)
	}
	return r, nil
}

// bounds parses optional "from <date>" and "until <date>", in either order.
func (p *parser) bounds(r *Rule) *Error {
	var fromTok, untilTok *token
	for {
		t := p.skipCommaBefore("from", "until")
		var err *Error
		switch {
		case t.is("from"):
			if fromTok != nil {
				return p.errAt(t, t, `there can only be one "from" date`, "")
			}
			p.next()
			r.From, fromTok, err = p.date(`the date is missing after "from": add one like 2026-01-12`)
		case t.is("until"):
			if untilTok != nil {
				return p.errAt(t, t, `there can only be one "until" date`, "")
			}
			p.next()
			r.Until, untilTok, err = p.date(`the date is missing after "until": add one like 2026-03-23`)
		case t.is("to", "till", "til") && fromTok != nil && untilTok == nil:
			return p.errAt(t, t, `write "until" before the end date`, "until")
		default:
			if fromTok != nil && untilTok != nil && r.Until.Before(r.From) {
				return p.errAt(untilTok, untilTok, "the end date "+r.Until.String()+" is before the start date "+r.From.String(), "")
			}
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// days parses a list of days: "Monday", "Monday and Tuesday",
// "Monday, Tuesday and Friday", returning them Monday first and without
// repeats.
func (p *parser) days() ([]time.Weekday, *Error) {
	const missing = `the day of the week is missing: write it like "every Monday"`
	var days []time.Weekday
	for {
		d, err := p.day(missing)
		if err != nil {
			return nil, err
		}
		days = append(days, d)
		more, err := p.moreDays()
		if err != nil {
			return nil, err
		}
		if !more {
			break
		}
	}
	slices.SortFunc(days, func(a, b time.Weekday) int { return int((a+6)%7) - int((b+6)%7) })
	return slices.Compact(days), nil
}

// moreDays steps over the "and" or comma before another day, and reports
// whether there is one.
func (p *parser) moreDays() (bool, *Error) {
	t := p.peek()
	if t != nil && t.kind == tkComma {
		// A comma also comes between the days and the times:
		// "every Monday, 10:00-11:00".
		if u := p.peekAt(1); u == nil || u.kind != tkWord || u.is("from", "until", "at", "noon", "midday") {
			return false, nil
		}
	}
	if p.listSeparator() {
		return true, nil
	}
	if isDayWord(t) {
		return false, p.missingAnd(t)
	}
	return false, nil
}

// day parses one day of the week.
func (p *parser) day(missing string) (time.Weekday, *Error) {
	t := p.peek()
	d, ok := dayOf(t)
	if !ok {
		return 0, p.notADay(t, missing)
	}
	p.next()
	// "Mon." and the like
	if u := p.peek(); u != nil && u.text == "." && u.off == t.end && len(t.low) <= 5 {
		p.next()
	}
	return d, nil
}

// oneDay reports an error if a list of days follows the day just parsed.
func (p *parser) oneDay(msg string) *Error {
	if t, u := p.peek(), p.peekAt(1); t.isListSep() && isDayWord(u) {
		return p.errAt(t, u, msg, "")
	}
	return nil
}

// listSeparator steps over "and", a comma, or a comma and "and", between
// two items of a list, and reports whether there was one.
func (p *parser) listSeparator() bool {
	t := p.peek()
	if !t.isListSep() {
		return false
	}
	p.next()
	if t.kind == tkComma && p.peek().is("and") {
		p.next()
	}
	return true
}

// skipCommaBefore steps over a comma when one of the words follows it, as
// in "10:00-11:00, until 2026-03-23", and returns the current token.
func (p *parser) skipCommaBefore(words ...string) *token {
	if t := p.peek(); t != nil && t.kind == tkComma && p.peekAt(1).is(words...) {
		p.next()
	}
	return p.peek()
}

// keyword steps over the word want. In its place it reports msg, or, when
// the word found is close to one in near, that word as a suggestion.
func (p *parser) keyword(want string, near vocab, msg string) *Error {
	t := p.peek()
	switch {
	case t.is(want):
		p.next()
		return nil
	case t != nil && t.kind == tkWord:
		return p.unknownWord(t, near, msg)
	}
	return p.errMissing(msg)
}
