package schedule

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Grammar shows every form a rule can take, with an example of each. It is
// meant to be shown to volunteers as a hint next to a parse error.
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

// MaxLength is the length in bytes of the longest rule Parse accepts.
const MaxLength = 500

// Error describes why a rule could not be parsed. Parse returns errors of
// this type.
type Error struct {
	// Offset and Length locate the offending part of the text, in bytes.
	// When something is missing, they point at the word found in its place
	// or, with Length 0, at the end of the text.
	Offset, Length int

	// Message explains the problem in one line of plain language.
	Message string

	// Suggestion, when not empty, is a likely replacement for the
	// offending part, such as "Tuesday" for "Tuesdy".
	Suggestion string
}

// Error returns the message, followed by the suggestion if there is one.
func (e *Error) Error() string {
	if e.Suggestion != "" {
		return e.Message + ` (did you mean "` + e.Suggestion + `"?)`
	}
	return e.Message
}

// Parse parses one schedule rule; see Grammar for the forms it accepts.
// Keywords and day names are not case-sensitive, and extra spaces are
// ignored. Errors are of type *Error.
func Parse(text string) (Rule, error) {
	if len(text) > MaxLength {
		return Rule{}, &Error{Offset: 0, Length: len(text), Message: "this rule is too long"}
	}
	p := &parser{text: text, toks: lex(text)}
	r, err := p.parse()
	if err != nil {
		return Rule{}, err
	}
	return r, nil
}

type parser struct {
	text string
	toks []token
	pos  int
}

func (p *parser) peek() *token { return p.peekAt(0) }

func (p *parser) peekAt(k int) *token {
	if i := p.pos + k; i >= 0 && i < len(p.toks) {
		return &p.toks[i]
	}
	return nil
}

func (p *parser) next() *token {
	t := p.peek()
	if t != nil {
		p.pos++
	}
	return t
}

// errAt returns an error pointing at the tokens from a to b inclusive.
func (p *parser) errAt(a, b *token, msg, suggestion string) *Error {
	return &Error{Offset: a.off, Length: b.end - a.off, Message: msg, Suggestion: suggestion}
}

// errEnd returns an error pointing at the end of the text (after its last
// word), for something missing there.
func (p *parser) errEnd(msg string) *Error {
	end := 0
	if n := len(p.toks); n > 0 {
		end = p.toks[n-1].end
	}
	return &Error{Offset: end, Length: 0, Message: msg}
}

// errMissing reports something missing at the current token, or at the end.
func (p *parser) errMissing(msg string) *Error {
	if t := p.peek(); t != nil {
		return p.errAt(t, t, msg, "")
	}
	return p.errEnd(msg)
}

// quote quotes part of the text for a message, keeping the message on one
// line and of reasonable length.
func quote(s string) string {
	s = strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:39]) + "…"
	}
	return `"` + s + `"`
}
