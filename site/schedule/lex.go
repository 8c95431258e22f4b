package schedule

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

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

func (t *token) is(words ...string) bool {
	return t != nil && t.kind == tkWord && slices.Contains(words, t.low)
}

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
			kind = tkWord
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r) {
					break
				}
				j += size
			}
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
	digits := func(j int) int {
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		return j
	}
	j := digits(i)
	// date: digits-digits-digits
	if j < len(s) && s[j] == '-' {
		if k := digits(j + 1); k > j+1 && k < len(s) && s[k] == '-' {
			if l := digits(k + 1); l > k+1 {
				return l
			}
		}
	}
	for j < len(s) {
		c := s[j]
		if isDigit(c) || c == ':' || c == '/' || c == '.' && j+1 < len(s) && isDigit(s[j+1]) {
			j++
			continue
		}
		break
	}
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !unicode.IsLetter(r) {
			break
		}
		j += size
	}
	return j
}
