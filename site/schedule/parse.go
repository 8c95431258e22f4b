package schedule

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

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

// parser reads one rule. Its methods are spread by concern: rules.go has
// one for each form of rule, following the grammar in doc.go; clock.go and
// date.go read times and dates; hints.go explains text that leaves the
// grammar. lex.go makes the tokens it reads, and words.go is its
// vocabulary.
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
