package schedule

import (
	"strconv"
	"strings"
)

// clockTok is a time as written, before am/pm is settled.
type clockTok struct {
	h, m     int
	mer      byte // 'a', 'p' or 0 when no am/pm was given
	hasMin   bool // minutes were given
	flexible bool // no am/pm, hour 1-12 without a leading zero: may take am/pm from the other end
	tok      *token
	text     string
}

// minutes returns the time in minutes since midnight, taking it as am or
// pm (mer 'a' or 'p') or as a 24-hour time (mer 0).
func (c clockTok) minutes(mer byte) int {
	switch mer {
	case 'a':
		return c.h%12*60 + c.m
	case 'p':
		return (c.h%12+12)*60 + c.m
	}
	return c.h*60 + c.m
}

// otherHalf returns pm for am, and am for pm.
func otherHalf(mer byte) byte {
	if mer == 'a' {
		return 'p'
	}
	return 'a'
}

const timeFormat = "write times like 10:00, 9:30, 10am or 2:30pm"

func notATime(s string) string { return quote(s) + " is not a time: " + timeFormat }

// meridiems are the endings a time may have, and the half of the day each
// gives it.
var meridiems = map[string]byte{"": 0, "am": 'a', "pm": 'p'}

// parseClock parses a time such as 10:00, 9:30, 10am, 2:30pm or a bare
// hour. On failure it returns a message and perhaps a suggestion.
func parseClock(s string) (c clockTok, msg, suggestion string) {
	digits, ending := splitClock(s)
	mer, ok := meridiems[ending]
	if !ok {
		return clockTok{}, notATime(s), ""
	}
	hs, ms, ok := clockFields(digits)
	if !ok {
		msg, suggestion = clockNearMiss(s, digits, ending)
		return clockTok{}, msg, suggestion
	}
	c = clockTok{mer: mer, hasMin: ms != "", text: s}
	c.h, _ = strconv.Atoi(hs)
	c.m, _ = strconv.Atoi(ms)
	if msg, suggestion = c.outOfRange(digits); msg != "" {
		return clockTok{}, msg, suggestion
	}
	// Only a time that a 12-hour clock shows may borrow am or pm: a
	// leading zero, as in 09:00, is the 24-hour clock's.
	c.flexible = mer == 0 && c.h >= 1 && c.h <= 12 && hs[0] != '0'
	return c, "", ""
}

// splitClock splits a time into its digits and separators, and the
// lower-case letters after them.
func splitClock(s string) (digits, ending string) {
	i := strings.IndexFunc(s, func(r rune) bool { return r != ':' && r != '.' && r != '/' && (r < '0' || r > '9') })
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.ToLower(s[i:])
}

// clockFields splits a time's digits into hours and minutes, ms being ""
// for an hour alone, as in 2pm. It reports false for anything else.
func clockFields(digits string) (hs, ms string, ok bool) {
	hs, ms, colon := strings.Cut(digits, ":")
	if !colon {
		return digits, "", isHour(digits)
	}
	return hs, ms, isHour(hs) && isMinute(ms)
}

func isHour(s string) bool   { return len(s) <= 2 && isDigits(s) }
func isMinute(s string) bool { return len(s) == 2 && isDigits(s) }
func isDigits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// outOfRange reports hours and minutes that no clock shows.
func (c clockTok) outOfRange(digits string) (msg, suggestion string) {
	switch {
	case c.m > 59:
		return quote(c.text) + " is not a time: minutes go up to 59", ""
	case c.mer != 0 && c.h > 12 && c.h <= 23:
		// 14pm: the hour says what was meant.
		fix := digits
		if !c.hasMin {
			fix += ":00"
		}
		return quote(c.text) + " mixes the 24-hour clock with am/pm: write " + fix, fix
	case c.mer != 0 && (c.h < 1 || c.h > 12):
		return quote(c.text) + " is not a time: with am or pm, hours go from 1 to 12", ""
	case c.h > 23:
		return quote(c.text) + " is not a time: hours go up to 23", ""
	}
	return "", ""
}

func isClock(s string) bool {
	_, msg, _ := parseClock(s)
	return msg == ""
}

// clock parses one time at the current token, with an optional separate
// "am" or "pm" after it.
func (p *parser) clock(missing string) (clockTok, *Error) {
	t := p.peek()
	if t.is("noon", "midday") {
		p.next()
		return clockTok{h: 12, mer: 'p', hasMin: true, tok: t, text: t.text}, nil
	}
	if t == nil || t.kind != tkNum || isDate(t.text) {
		return clockTok{}, p.notAClock(t, missing)
	}
	c, msg, sugg := parseClock(t.text)
	if msg != "" {
		return clockTok{}, p.errAt(t, t, msg, sugg)
	}
	p.next()
	c.tok = t
	if u := p.peek(); c.mer == 0 && u.is("am", "pm") {
		p.next()
		c, msg, sugg = parseClock(t.text + u.low)
		c.tok, c.text = t, p.text[t.off:u.end]
		if msg != "" {
			return clockTok{}, p.errAt(t, u, msg, sugg)
		}
	}
	return c, nil
}

func isTimeStart(t *token) bool {
	return t.is("noon", "midday") || t != nil && t.kind == tkNum && isClock(t.text)
}

// timeRange parses a range such as "10:00-11:30", "10am to 2pm" or
// "from 10:00 to 11:30".
func (p *parser) timeRange() (start, end Clock, err *Error) {
	const missing = "the time range is missing: add one like 10:00-11:30"
	const missingEnd = "the end time is missing: write the time range like 10:00-11:30"
	// "from" and "at" also start the from date and nothing else: they are
	// part of the range only before a time.
	if t := p.peek(); t.is("from", "at") && isTimeStart(p.peekAt(1)) {
		p.next()
	}
	a, err := p.clock(missing)
	if err != nil {
		return 0, 0, err
	}
	if err := p.rangeSeparator(missingEnd); err != nil {
		return 0, 0, err
	}
	b, err := p.clock(missingEnd)
	if err != nil {
		return 0, 0, err
	}
	s, e, err := p.settle(a, b)
	if err != nil {
		return 0, 0, err
	}
	last := &p.toks[p.pos-1]
	span := quote(p.text[a.tok.off:last.end])
	span = span[1 : len(span)-1]
	switch {
	case e < s:
		return 0, 0, p.errAt(a.tok, last, span+" ends before it starts", "")
	case e == s:
		return 0, 0, p.errAt(a.tok, last, span+" starts and ends at the same time", "")
	}
	return Clock(s), Clock(e), nil
}

// rangeSeparator steps over what comes between the start and end times: a
// dash, "to", or "until" or "till" before a time (elsewhere "until" starts
// the until date).
func (p *parser) rangeSeparator(missingEnd string) *Error {
	t := p.peek()
	switch {
	case t == nil:
		return p.errEnd(missingEnd)
	case t.kind == tkDash || t.is("to"), t.is("until", "till") && isTimeStart(p.peekAt(1)):
		p.next()
		return nil
	case isTimeStart(t):
		return p.errAt(t, t, "put a dash between the start and end times, like 10:00-11:30", "")
	}
	return p.errAt(t, t, missingEnd, "")
}

// settle works out the start and end in minutes, letting a time without
// am/pm take it from the other end: "2-4pm" is 14:00-16:00, "10-12pm" is
// 10:00-12:00 and "11am-1:30" is 11:00-13:30.
func (p *parser) settle(a, b clockTok) (start, end int, err *Error) {
	switch {
	case a.mer != 0 && b.mer != 0:
		return a.minutes(a.mer), b.minutes(b.mer), nil
	case b.mer != 0:
		end = b.minutes(b.mer)
		start, err = p.borrowHalf(a, b.mer, func(s int) bool { return s < end })
	case a.mer != 0:
		start = a.minutes(a.mer)
		end, err = p.borrowHalf(b, a.mer, func(e int) bool { return e > start })
	default:
		start, err = p.twentyFourHour(a)
		if err == nil {
			end, err = p.twentyFourHour(b)
		}
	}
	if err != nil {
		return 0, 0, err
	}
	return start, end, nil
}

// borrowHalf returns c in minutes, c having no am/pm of its own and the
// other end of the range having mer. It takes whichever half of the day
// puts the range in order, mer's first: "10-12pm" is 10am to 12pm. When
// neither does, it takes mer's and timeRange reports the range as
// backwards.
func (p *parser) borrowHalf(c clockTok, mer byte, inOrder func(int) bool) (int, *Error) {
	if !c.flexible {
		return p.twentyFourHour(c)
	}
	for _, m := range [2]byte{mer, otherHalf(mer)} {
		if v := c.minutes(m); inOrder(v) {
			return v, nil
		}
	}
	return c.minutes(mer), nil
}

// twentyFourHour returns c in minutes as a 24-hour time. That needs the
// minutes: an hour alone, as in 10-11, could be morning or evening.
func (p *parser) twentyFourHour(c clockTok) (int, *Error) {
	if !c.hasMin {
		return 0, p.bareHour(c)
	}
	return c.minutes(0), nil
}
