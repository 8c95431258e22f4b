package schedule

import (
	"slices"
	"time"
)

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

// every parses what follows "every".
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
	case t.is("fortnight", "fortnightly"):
		return Rule{}, p.errAt(t, t, `for a fortnightly activity, write "every other", like "every other Wednesday 14:00-16:00 from 2026-01-07"`, "other")
	}
	if _, st := nthOf(t); st != notNth {
		monthly := false
		for _, u := range p.toks[p.pos:] {
			monthly = monthly || u.is("month")
		}
		if n, _ := nthOf(t); n == 2 && !monthly {
			return Rule{}, p.errAt(t, t, `for a session every two weeks, write "every other"`, "other")
		}
		return Rule{}, p.errAt(every, every, `leave out "every" for a monthly rule, like "first Monday of the month 14:00-16:00"`, "")
	}
	days, err := p.days()
	if err != nil {
		return Rule{}, err
	}
	return p.finish(Rule{Kind: Weekly, Days: days}, true)
}

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

// oneDay reports an error if a list of days follows the day just parsed.
func (p *parser) oneDay(msg string) *Error {
	t := p.peek()
	if t == nil || !(t.is("and") || t.kind == tkComma) {
		return nil
	}
	if u := p.peekAt(1); u != nil {
		if _, ok := dayWords[u.low]; ok && u.kind == tkWord {
			return p.errAt(t, u, msg, "")
		}
	}
	return nil
}

// days parses a list of days: "Monday", "Monday and Tuesday",
// "Monday, Tuesday and Friday".
func (p *parser) days() ([]time.Weekday, *Error) {
	const missing = `the day of the week is missing: write it like "every Monday"`
	d, err := p.day(missing)
	if err != nil {
		return nil, err
	}
	days := []time.Weekday{d}
	for {
		t := p.peek()
		if t == nil {
			break
		}
		if t.kind == tkComma {
			u := p.peekAt(1)
			if u == nil || u.kind != tkWord || u.is("from", "until", "at", "noon", "midday") {
				break // a comma before the times
			}
			p.next()
			if p.peek().is("and") {
				p.next()
			}
		} else if t.is("and") {
			p.next()
		} else {
			if d, ok := dayWords[t.low]; ok && t.kind == tkWord {
				return nil, p.errAt(t, t, `put "and" or a comma between days`, "and "+dayName(d))
			}
			break
		}
		d, err := p.day(missing)
		if err != nil {
			return nil, err
		}
		days = append(days, d)
	}
	// Monday first, no repeats.
	slices.SortFunc(days, func(a, b time.Weekday) int { return int((a+6)%7) - int((b+6)%7) })
	return slices.Compact(days), nil
}

// day parses one day of the week.
func (p *parser) day(missing string) (time.Weekday, *Error) {
	t := p.peek()
	if t == nil {
		return 0, p.errEnd(missing)
	}
	if t.kind != tkWord {
		return 0, p.errAt(t, t, missing, "")
	}
	if d, ok := dayWords[t.low]; ok {
		p.next()
		// "Mon." and the like
		if u := p.peek(); u != nil && u.text == "." && u.off == t.end && len(t.low) <= 5 {
			p.next()
		}
		return d, nil
	}
	if t.is("and", "from", "until", "of", "to", "at", "noon", "midday") {
		return 0, p.errAt(t, t, missing, "")
	}
	return 0, p.errAt(t, t, quote(t.text)+" is not a day of the week", closestWord(t.low, dayVocab))
}

func (p *parser) monthly() (Rule, *Error) {
	var nth []int
	for {
		t := p.peek()
		if t == nil {
			return Rule{}, p.errEnd(`say which week of the month, like "first and third Monday of the month"`)
		}
		n, st := nthOf(t)
		switch st {
		case badNth:
			if n == 5 {
				return Rule{}, p.errAt(t, t, quote(t.text)+` is not supported, as not every month has one: use "last" instead`, "")
			}
			return Rule{}, p.errAt(t, t, quote(t.text)+" is not a week of the month: use first, second, third, fourth or last", "")
		case notNth:
			msg := quote(t.text) + " is not a week of the month: use first, second, third, fourth or last"
			if t.kind != tkWord {
				return Rule{}, p.errAt(t, t, msg, "")
			}
			return Rule{}, p.errAt(t, t, msg, closestWord(t.low, nthVocab))
		}
		p.next()
		if u := p.peek(); n != -1 && u.is("last") {
			return Rule{}, p.errAt(t, u, quote(p.text[t.off:u.end])+` is not supported: use "last", or a week like "fourth"`, "")
		}
		if !slices.Contains(nth, n) {
			nth = append(nth, n)
		}
		u := p.peek()
		if u == nil || !(u.is("and") || u.kind == tkComma) {
			break
		}
		p.next()
		if u.kind == tkComma && p.peek().is("and") {
			p.next()
		}
	}
	slices.SortFunc(nth, func(a, b int) int {
		if a < 0 {
			a = 100
		}
		if b < 0 {
			b = 100
		}
		return a - b
	})
	d, err := p.day(`the day of the week is missing: write it like "first Monday of the month"`)
	if err != nil {
		return Rule{}, err
	}
	if err := p.oneDay(`a monthly rule takes one day: write a separate rule for each day`); err != nil {
		return Rule{}, err
	}
	const ofTheMonth = `add "of the month" after the day, like "first Monday of the month"`
	t := p.peek()
	if !t.is("of") {
		if t != nil && t.kind == tkWord {
			return Rule{}, p.unknownWord(t, words("of"), ofTheMonth)
		}
		return Rule{}, p.errMissing(ofTheMonth)
	}
	p.next()
	t = p.peek()
	if t.is("the", "each", "every") {
		p.next()
		t = p.peek()
	}
	if !t.is("month") {
		if t != nil && t.kind == tkWord {
			return Rule{}, p.unknownWord(t, words("the", "month"), ofTheMonth)
		}
		return Rule{}, p.errMissing(ofTheMonth)
	}
	p.next()
	return p.finish(Rule{Kind: Monthly, Days: []time.Weekday{d}, Nth: nth}, true)
}

func (p *parser) once(on *token) (Rule, *Error) {
	const missing = `the date is missing: write it like "on 2026-03-14 10:00-15:00"`
	var wdTok *token
	if t := p.peek(); t != nil && t.kind == tkWord {
		if _, ok := dayWords[t.low]; ok {
			wdTok = p.next()
			if u := p.peek(); u != nil && u.kind == tkComma {
				p.next()
			}
		}
	}
	if t := p.peek(); wdTok != nil && (t == nil || isTimeStart(t)) {
		d := dayName(dayWords[wdTok.low])
		return Rule{}, p.errAt(on, wdTok, `for a weekly activity, write "every `+d+`"`, "every "+d)
	}
	d, dt, err := p.date(missing)
	if err != nil {
		return Rule{}, err
	}
	if wdTok != nil && dayWords[wdTok.low] != d.Weekday() {
		return Rule{}, p.errAt(wdTok, wdTok, dt.text+" is a "+dayName(d.Weekday())+", not a "+dayName(dayWords[wdTok.low]), dayName(d.Weekday()))
	}
	r, err := p.finish(Rule{Kind: Once, On: d}, false)
	return r, err
}

func (p *parser) byAppointment() (Rule, *Error) {
	t := p.peek()
	if !t.is("appointment") {
		const msg = `write "by appointment"`
		if t != nil && t.kind == tkWord {
			return Rule{}, p.unknownWord(t, words("appointment"), msg)
		}
		return Rule{}, p.errMissing(msg)
	}
	p.next()
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
	t := p.peek()
	if t == nil {
		return r, nil
	}
	last := &p.toks[len(p.toks)-1]
	rest := quote(p.text[t.off:last.end])
	switch {
	case !bounds && t.is("from", "until"):
		return Rule{}, p.errAt(t, t, `a one-off date can't have "from" or "until": use "every ..." for a repeating activity`, "")
	case t.kind == tkWord && bounds:
		if s := closestWord(t.low, boundVocab); s != "" {
			return Rule{}, p.errAt(t, t, "we didn't understand "+quote(t.text), s)
		}
	}
	if t.is("and") || t.kind == tkComma {
		for _, u := range p.toks[p.pos:] {
			if _, msg, _ := parseClock(u.text); msg == "" && u.kind == tkNum {
				return Rule{}, p.errAt(t, last, "a rule can only have one time range: write a separate rule for each time", "")
			}
		}
	}
	return Rule{}, p.errAt(t, last, rest+" is not part of the schedule: put notes like this in the description", "")
}

// bounds parses optional "from <date>" and "until <date>", in either order.
func (p *parser) bounds(r *Rule) *Error {
	var fromTok, untilTok *token
	for {
		t := p.peek()
		if t != nil && t.kind == tkComma {
			if u := p.peekAt(1); u.is("from", "until") {
				p.next()
				t = u
			}
		}
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
