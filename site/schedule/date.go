package schedule

import (
	"strconv"
	"strings"
	"time"
)

const dateFormat = "write dates as year-month-day, like 2026-01-12"

// date parses an ISO date, returning it and its token.
func (p *parser) date(missing string) (Date, *token, *Error) {
	t := p.peek()
	if t == nil || t.kind != tkNum {
		return Date{}, nil, p.notADate(t, missing)
	}
	if d, ok := p.writtenOutDate(); ok {
		return Date{}, nil, p.errAt(t, p.peekAt(2), dateFormat, d.String())
	}
	d, msg, sugg := parseDate(t.text)
	if msg != "" {
		return Date{}, nil, p.errAt(t, t, msg, sugg)
	}
	p.next()
	return d, t, nil
}

// parseDate parses an ISO date. On failure it returns a message and perhaps
// a suggested replacement.
func parseDate(s string) (d Date, msg, suggestion string) {
	sep := "-"
	if strings.Contains(s, "/") {
		sep = "/"
	}
	parts := strings.Split(s, sep)
	n, ok := dateNumbers(parts)
	if !ok {
		return Date{}, quote(s) + " is not a date: " + dateFormat, ""
	}
	if len(parts[0]) != 4 {
		return Date{}, dateFormat, dayFirstDate(parts, n)
	}
	d = Date{n[0], time.Month(n[1]), n[2]}
	if msg := notARealDate(s, d); msg != "" {
		return Date{}, msg, ""
	}
	if sep != "-" || len(parts[1]) != 2 || len(parts[2]) != 2 {
		return Date{}, dateFormat, d.String()
	}
	return d, "", ""
}

// dateNumbers reads the three numbers of a date, of up to four digits
// each.
func dateNumbers(parts []string) (n [3]int, ok bool) {
	if len(parts) != 3 {
		return n, false
	}
	for i, part := range parts {
		if len(part) > 4 || !isDigits(part) {
			return n, false
		}
		n[i], _ = strconv.Atoi(part)
	}
	return n, true
}

// notARealDate explains a date that no calendar has, such as 2026-02-30.
func notARealDate(s string, d Date) string {
	if d.Month < time.January || d.Month > time.December {
		return s + " is not a real date: months go from 01 to 12"
	}
	if !d.valid() {
		return s + " is not a real date: " + d.Month.String() + " " + strconv.Itoa(d.Year) +
			" has " + strconv.Itoa(daysIn(d.Year, d.Month)) + " days"
	}
	return ""
}

func isDate(s string) bool {
	_, msg, _ := parseDate(s)
	return msg == ""
}
