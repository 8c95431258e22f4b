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

const timeFormat = "write times like 10:00, 9:30, 10am or 2:30pm"

// parseClock parses a time such as 10:00, 9:30, 10am, 2:30pm or a bare
// hour. On failure it returns a message and perhaps a suggestion.
func parseClock(s string) (c clockTok, msg, suggestion string) {
	c.text = s
	i := strings.IndexFunc(s, func(r rune) bool { return r != ':' && r != '.' && r != '/' && (r < '0' || r > '9') })
	num, suf := s, ""
	if i >= 0 {
		num, suf = s[:i], strings.ToLower(s[i:])
	}
	notTime := quote(s) + " is not a time: " + timeFormat
	switch suf {
	case "":
	case "am":
		c.mer = 'a'
	case "pm":
		c.mer = 'p'
	default:
		return c, notTime, ""
	}
	digitsOnly := func(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }
	hs, ms, colon := strings.Cut(num, ":")
	switch {
	case strings.Count(num, ".") == 1 && !colon:
		hs, ms, _ = strings.Cut(num, ".")
		if digitsOnly(hs) && len(hs) <= 2 && digitsOnly(ms) && len(ms) == 2 {
			return c, "write times with a colon, like 10:30", hs + ":" + ms + suf
		}
		return c, notTime, ""
	case !colon && digitsOnly(num) && len(num) <= 2:
	case !colon && digitsOnly(num) && (len(num) == 3 || len(num) == 4):
		hs, ms = num[:len(num)-2], num[len(num)-2:]
		if h, _ := strconv.Atoi(hs); h <= 23 && ms < "60" {
			return c, notTime, hs + ":" + ms + suf
		}
		return c, notTime, ""
	case colon && digitsOnly(hs) && len(hs) <= 2 && digitsOnly(ms) && len(ms) == 2:
		c.hasMin = true
	default:
		return c, notTime, ""
	}
	c.h, _ = strconv.Atoi(hs)
	if c.hasMin {
		c.m, _ = strconv.Atoi(ms)
	}
	switch {
	case c.m > 59:
		return c, quote(s) + " is not a time: minutes go up to 59", ""
	case c.mer != 0 && c.h > 12 && c.h <= 23:
		fix := num
		if !c.hasMin {
			fix += ":00"
		}
		return c, quote(s) + " mixes the 24-hour clock with am/pm: write " + fix, fix
	case c.mer != 0 && (c.h < 1 || c.h > 12):
		return c, quote(s) + " is not a time: with am or pm, hours go from 1 to 12", ""
	case c.h > 23:
		return c, quote(s) + " is not a time: hours go up to 23", ""
	}
	c.flexible = c.mer == 0 && c.h >= 1 && c.h <= 12 && hs[0] != '0'
	return c, "", ""
}

// clock parses one time at the current token, with an optional separate
// "am" or "pm" after it.
func (p *parser) clock(missing string) (clockTok, *Error) {
	t := p.peek()
	if t == nil {
		return clockTok{}, p.errEnd(missing)
	}
	switch t.kind {
	case tkWord:
		if t.is("noon", "midday") {
			p.next()
			return clockTok{h: 12, mer: 'p', hasMin: true, tok: t, text: t.text}, nil
		}
		if t.is("from", "until", "and") {
			return clockTok{}, p.errAt(t, t, missing, "")
		}
		if _, ok := dayWords[t.low]; ok {
			return clockTok{}, p.errAt(t, t, missing, "")
		}
		return clockTok{}, p.unknownWord(t, words("noon", "midday"), quote(t.text)+" is not a time: "+timeFormat)
	case tkNum:
		if _, msg, _ := parseDate(t.text); msg == "" {
			return clockTok{}, p.errAt(t, t, missing, "")
		}
	default:
		return clockTok{}, p.errAt(t, t, missing, "")
	}
	c, msg, sugg := parseClock(t.text)
	if msg != "" {
		return c, p.errAt(t, t, msg, sugg)
	}
	p.next()
	c.tok = t
	if u := p.peek(); c.mer == 0 && u.is("am", "pm") {
		p.next()
		c, msg, sugg = parseClock(t.text + u.low)
		c.tok, c.text = t, p.text[t.off:u.end]
		if msg != "" {
			return c, p.errAt(t, u, msg, sugg)
		}
	}
	return c, nil
}

func isTimeStart(t *token) bool {
	if t == nil {
		return false
	}
	if t.is("noon", "midday") {
		return true
	}
	_, msg, _ := parseClock(t.text)
	return t.kind == tkNum && msg == ""
}

// timeRange parses a range such as "10:00-11:30", "10am to 2pm" or
// "from 10:00 to 11:30".
func (p *parser) timeRange() (start, end Clock, err *Error) {
	const missing = "the time range is missing: add one like 10:00-11:30"
	const missingEnd = "the end time is missing: write the time range like 10:00-11:30"
	if t := p.peek(); t.is("from", "at") && isTimeStart(p.peekAt(1)) {
		p.next()
	}
	a, err := p.clock(missing)
	if err != nil {
		return 0, 0, err
	}
	t := p.peek()
	switch {
	case t == nil:
		return 0, 0, p.errEnd(missingEnd)
	case t.kind == tkDash || t.is("to"):
		p.next()
	case t.is("until", "till") && isTimeStart(p.peekAt(1)):
		p.next()
	case isTimeStart(t):
		return 0, 0, p.errAt(t, t, "put a dash between the start and end times, like 10:00-11:30", "")
	default:
		return 0, 0, p.errAt(t, t, missingEnd, "")
	}
	b, err := p.clock(missingEnd)
	if err != nil {
		return 0, 0, err
	}
	s, e, err := p.settle(a, b)
	if err != nil {
		return 0, 0, err
	}
	span := quote(p.text[a.tok.off:p.toks[p.pos-1].end])
	span = span[1 : len(span)-1]
	switch {
	case e < s:
		return 0, 0, p.errAt(a.tok, &p.toks[p.pos-1], span+" ends before it starts", "")
	case e == s:
		return 0, 0, p.errAt(a.tok, &p.toks[p.pos-1], span+" starts and ends at the same time", "")
	}
	return Clock(s), Clock(e), nil
}

// settle works out the start and end in minutes, letting a time without
// am/pm take it from the other end: "2-4pm" is 14:00-16:00, "10-12pm" is
// 10:00-12:00 and "11am-1:30" is 11:00-13:30.
func (p *parser) settle(a, b clockTok) (int, int, *Error) {
	bare := func(c clockTok) *Error {
		msg := quote(c.text) + " needs minutes, like " + strconv.Itoa(c.h) + ":00"
		sugg := strconv.Itoa(c.h) + ":00"
		if c.h >= 1 && c.h <= 12 {
			mer := "pm"
			if c.h >= 7 && c.h <= 11 {
				mer = "am"
			}
			msg = quote(c.text) + " needs minutes or am/pm, like " + strconv.Itoa(c.h) + ":00 or " + strconv.Itoa(c.h) + mer
			sugg = ""
		}
		return p.errAt(c.tok, c.tok, msg, sugg)
	}
	other := func(mer byte) byte {
		if mer == 'a' {
			return 'p'
		}
		return 'a'
	}
	switch {
	case a.mer != 0 && b.mer != 0:
		return a.minutes(a.mer), b.minutes(b.mer), nil
	case a.mer == 0 && b.mer != 0:
		e := b.minutes(b.mer)
		if !a.flexible {
			if !a.hasMin {
				return 0, 0, bare(a)
			}
			return a.minutes(0), e, nil
		}
		if s := a.minutes(b.mer); s < e {
			return s, e, nil
		}
		if s := a.minutes(other(b.mer)); s < e {
			return s, e, nil
		}
		return a.minutes(b.mer), e, nil
	case a.mer != 0 && b.mer == 0:
		s := a.minutes(a.mer)
		if !b.flexible {
			if !b.hasMin {
				return 0, 0, bare(b)
			}
			return s, b.minutes(0), nil
		}
		if e := b.minutes(a.mer); e > s {
			return s, e, nil
		}
		if e := b.minutes(other(a.mer)); e > s {
			return s, e, nil
		}
		return s, b.minutes(a.mer), nil
	}
	if !a.hasMin {
		return 0, 0, bare(a)
	}
	if !b.hasMin {
		return 0, 0, bare(b)
	}
	return a.minutes(0), b.minutes(0), nil
}
