// Package ical writes iCalendar text as RFC 5545 defines it: content lines
// ending in CRLF and folded at 75 octets (never inside a UTF-8 character),
// TEXT values escaped, date-times in the forms calendar programs expect, and
// VTIMEZONE components worked out from Go's time zone database (see
// [Encoder.Timezone]).
//
// The package knows nothing about listings; it is the format, and the
// feeds package decides what goes into it.
package ical

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"
)

// maxLine is the longest a content line may be, in octets, without its CRLF.
const maxLine = 75

// Encoder builds an iCalendar object in memory.
type Encoder struct {
	buf bytes.Buffer
}

// Bytes returns what has been written so far.
func (e *Encoder) Bytes() []byte { return e.buf.Bytes() }

// Begin starts a component, such as "VCALENDAR" or "VEVENT".
func (e *Encoder) Begin(name string) { e.line("BEGIN:" + name) }

// End closes a component.
func (e *Encoder) End(name string) { e.line("END:" + name) }

// Param is a property parameter, such as TZID=Europe/London.
type Param struct {
	Name, Value string
}

// Prop writes a property whose value is already in iCalendar form (a
// date-time, a recurrence rule, a URI), folding it as needed.
func (e *Encoder) Prop(name, value string, params ...Param) {
	var b strings.Builder
	b.WriteString(name)
	for _, p := range params {
		b.WriteString(";" + p.Name + "=" + paramValue(p.Value))
	}
	b.WriteString(":")
	b.WriteString(value)
	e.line(b.String())
}

// Text writes a property of type TEXT, escaping the value.
func (e *Encoder) Text(name, value string, params ...Param) {
	e.Prop(name, EscapeText(value), params...)
}

// line writes one content line, folded: the first physical line holds at
// most 75 octets, each continuation line a space and at most 74 more.
func (e *Encoder) line(s string) {
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if cut == 0 { // not UTF-8: fold where the octets run out
			cut = limit
		}
		e.buf.WriteString(s[:cut])
		e.buf.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1
	}
	e.buf.WriteString(s)
	e.buf.WriteString("\r\n")
}

// EscapeText escapes a TEXT value (RFC 5545 section 3.3.11): backslash,
// semicolon and comma get a backslash, line breaks become \n, and other
// control characters, which TEXT may not hold, are dropped.
func EscapeText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' || c == ';' || c == ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t' || c >= 0x20 && c != 0x7f:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// paramValue quotes a parameter value that holds a character with a
// meaning in content lines. Double quotes cannot appear at all, so they
// are dropped.
func paramValue(v string) string {
	v = strings.ReplaceAll(v, `"`, "")
	if strings.ContainsAny(v, ":;,") {
		return `"` + v + `"`
	}
	return v
}

// LocalDateTime formats t's wall-clock time in t's location as a DATE-TIME
// without a zone ("20261006T100000"), for use with a TZID parameter.
func LocalDateTime(t time.Time) string { return t.Format("20060102T150405") }

// UTCDateTime formats t in UTC ("20261006T090000Z").
func UTCDateTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// Date formats a calendar date as a DATE value ("20261006").
func Date(year int, month time.Month, day int) string {
	return time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Format("20060102")
}
