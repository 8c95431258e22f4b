package schedule

import (
	"unicode/utf8"

	"github.com/signpost-directory/signpost/site/suggest"
)

// closestWord returns the suggestion for the vocabulary word closest to low, if
// it is close enough and no other suggestion is as close.
func closestWord(low string, v vocab) string {
	n := utf8.RuneCountInString(low)
	limit := 3
	switch {
	case n <= 2:
		limit = 0
	case n <= 4:
		limit = 1
	case n <= 8:
		limit = 2
	}
	best, bestS, tie := limit+1, "", false
	for _, e := range v {
		if abs(utf8.RuneCountInString(e.word)-n) > limit {
			continue
		}
		d := suggest.Distance(low, e.word)
		switch {
		case d < best:
			best, bestS, tie = d, e.suggestion, false
		case d == best && e.suggestion != bestS:
			tie = true
		}
	}
	if best > limit || tie {
		return ""
	}
	return bestS
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// unknownWord reports a word that does not fit, suggesting a replacement
// from v when one is close.
func (p *parser) unknownWord(t *token, v vocab, msg string) *Error {
	if s := closestWord(t.low, v); s != "" {
		return p.errAt(t, t, "we didn't understand "+quote(t.text), s)
	}
	return p.errAt(t, t, msg, "")
}

const noForm = "this doesn't match any of the schedule forms"

func (p *parser) startError(t *token) *Error {
	switch t.kind {
	case tkWord:
		switch t.low {
		case "fortnightly":
			return p.errAt(t, t, `for a fortnightly activity, write "every other", like "every other Wednesday 14:00-16:00 from 2026-01-07"`, "every other")
		case "weekly":
			return p.errAt(t, t, `for a weekly activity, write "every", like "every Monday 10:00-11:00"`, "every")
		case "monthly":
			return p.errAt(t, t, `for a monthly activity, say which week, like "first Monday of the month 14:00-16:00"`, "")
		case "the":
			if _, st := nthOf(p.peekAt(1)); st != notNth {
				return p.errAt(t, t, `leave out "the", like "first Monday of the month 14:00-16:00"`, "")
			}
		}
		if d, ok := dayWords[t.low]; ok {
			return p.errAt(t, t, `start with "every", like "every `+dayName(d)+` 10:00-11:00"`, "every "+dayName(d))
		}
		if s := closestWord(t.low, startVocab); s != "" {
			return p.errAt(t, t, "we didn't understand "+quote(t.text), s)
		}
		if s := closestWord(t.low, dayVocab); s != "" {
			return p.errAt(t, t, "we didn't understand "+quote(t.text), "every "+s)
		}
	case tkNum:
		if d, msg, _ := parseDate(t.text); msg == "" {
			return p.errAt(t, t, `start a one-off date with "on", like "on 2026-03-14 10:00-15:00"`, "on "+d.String())
		}
		if _, msg, _ := parseClock(t.text); msg == "" {
			return p.errAt(t, t, `put the days first and the times after them, like "every Monday 10:00-11:00"`, "")
		}
	}
	return p.errAt(t, t, noForm, "")
}
