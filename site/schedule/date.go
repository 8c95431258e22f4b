package schedule

import (
	"strconv"
	"strings"
	"time"
)

// date parses an ISO date, returning it and its token.
func (p *parser) date(missing string) (Date, *token, *Error) {
	const format = "write dates as year-month-day, like 2026-01-12"
	t := p.peek()
	if t == nil {
		return Date{}, nil, p.errEnd(missing)
	}
	switch t.kind {
	case tkNum:
		// 12 January 2026
		if m, y := p.peekAt(1), p.peekAt(2); m != nil && y != nil && m.kind == tkWord && y.kind == tkNum {
			mon, ok := monthWords[m.low]
			day, err1 := strconv.Atoi(t.text)
			year, err2 := strconv.Atoi(y.text)
			if d := (Date{year, mon, day}); ok && err1 == nil && err2 == nil && len(y.text) == 4 && d.valid() {
				return Date{}, nil, p.errAt(t, y, format, d.String())
			}
		}
		d, msg, sugg := parseDate(t.text)
		if msg != "" {
			return Date{}, nil, p.errAt(t, t, msg, sugg)
		}
		p.next()
		return d, t, nil
	case tkWord:
		if _, ok := monthWords[t.low]; ok {
			return Date{}, nil, p.errAt(t, t, format, "")
		}
		if _, ok := dayWords[t.low]; !ok && !t.is("from", "until", "and") {
			return Date{}, nil, p.errAt(t, t, quote(t.text)+" is not a date: "+format, "")
		}
	}
	return Date{}, nil, p.errAt(t, t, missing, "")
}

// parseDate parses an ISO date. On failure it returns a message and perhaps
// a suggested replacement.
func parseDate(s string) (d Date, msg, suggestion string) {
	const format = "write dates as year-month-day, like 2026-01-12"
	sep := "-"
	if strings.Contains(s, "/") {
		sep = "/"
	}
	parts := strings.Split(s, sep)
	if len(parts) != 3 {
		return Date{}, quote(s) + " is not a date: " + format, ""
	}
	var n [3]int
	for i, part := range parts {
		if part == "" || len(part) > 4 || strings.Trim(part, "0123456789") != "" {
			return Date{}, quote(s) + " is not a date: " + format, ""
		}
		n[i], _ = strconv.Atoi(part)
	}
	switch {
	case len(parts[0]) == 4:
		d = Date{n[0], time.Month(n[1]), n[2]}
	case len(parts[2]) == 4:
		// day-month-year, as written in the UK
		if d := (Date{n[2], time.Month(n[1]), n[0]}); d.valid() {
			return Date{}, format, d.String()
		}
		return Date{}, format, ""
	default:
		return Date{}, format, ""
	}
	if d.Month < time.January || d.Month > time.December {
		return Date{}, s + " is not a real date: months go from 01 to 12", ""
	}
	if !d.valid() {
		return Date{}, s + " is not a real date: " + d.Month.String() + " " + strconv.Itoa(d.Year) +
			" has " + strconv.Itoa(daysIn(d.Year, d.Month)) + " days", ""
	}
	if sep != "-" || len(parts[1]) != 2 || len(parts[2]) != 2 {
		return Date{}, format, d.String()
	}
	return d, "", ""
}
