package schedule

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The lexer cuts a rule into words, numbers and punctuation, dropping
// spaces. A number keeps what is glued to it (10:30, 2:30pm, 1st,
// 2026-01-12, 14/03/2026) so that clock.go and date.go see a time or a date
// whole, as written, and can say what is wrong with it.

type tokKind uint8

const (
	tkWord  tokKind = iota // a run of letters
	tkNum                  // starts with a digit: a time, date or ordinal
	tkDash                 // -, – or —
	tkComma                // ,
	tkOther                // any other single character
)

type token struct {
	kind     tokKind
	off, end int    // byte offsets in the text
	text     string // as written
	low      string // lower case
}

// is reports whether t is one of the words, given in lower case. It is
// false at the end of the text (t nil), so callers can test p.peek()
// without checking for the end first.
func (t *token) is(words ...string) bool {
	return t != nil && t.kind == tkWord && slices.Contains(words, t.low)
}

// isListSep reports whether t joins two items of a list: "and" or a comma.
func (t *token) isListSep() bool {
	return t != nil && (t.kind == tkComma || t.is("and"))
}

// isDash accepts the dashes word processors and phones put in place of a
// typed hyphen, as in "10:00–11:30".
func isDash(r rune) bool {
	switch r {
	case '-', '–', '—', '‐', '‑', '‒', '−':
		return true
	}
	return false
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func lex(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		kind, j := tkOther, i+size
		switch {
		case unicode.IsSpace(r):
			i += size
			continue
		case r == ',':
			kind = tkComma
		case isDash(r):
			kind = tkDash
		case isDigit(s[i]):
			kind, j = tkNum, scanNum(s, i)
		case unicode.IsLetter(r):
			kind, j = tkWord, scanLetters(s, i)
		}
		toks = append(toks, token{kind: kind, off: i, end: j, text: s[i:j], low: strings.ToLower(s[i:j])})
		i = j
	}
	return toks
}

// scanNum returns the end of the number-like token starting at s[i]: a
// date such as 2026-01-12, or digits with colons, slashes and inner dots
// followed by letters, such as 10:30, 2:30pm, 1st or 12/01/2026.
func scanNum(s string, i int) int {
	if j := scanDashedDate(s, i); j > i {
		return j
	}
	j := i
	for j < len(s) && isTimeByte(s, j) {
		j++
	}
	return scanLetters(s, j)
}

// scanDashedDate returns the end of digits-digits-digits at s[i], or i when
// there is no such date there. Elsewhere a dash is a token of its own, as
// in 10-12pm.
func scanDashedDate(s string, i int) int {
	end := scanDigits(s, i)
	for range 2 {
		if end >= len(s) || s[end] != '-' {
			return i
		}
		next := scanDigits(s, end+1)
		if next == end+1 {
			return i
		}
		end = next
	}
	return end
}

// isTimeByte reports whether s[j] continues a time or a date with slashes.
// A dot does only before a digit, so that "10:00-11:00." leaves the full
// stop out and "10.30" stays whole for its "did you mean" hint.
func isTimeByte(s string, j int) bool {
	switch c := s[j]; {
	case isDigit(c), c == ':', c == '/':
		return true
	case c == '.':
		return j+1 < len(s) && isDigit(s[j+1])
	}
	return false
}

func scanDigits(s string, j int) int {
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	return j
}

func scanLetters(s string, j int) int {
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !unicode.IsLetter(r) {
			break
		}
		j += size
	}
	return j
}
