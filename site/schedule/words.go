package schedule

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

var dayWords = map[string]time.Weekday{
	"monday": time.Monday, "mon": time.Monday, "mondays": time.Monday,
	"tuesday": time.Tuesday, "tue": time.Tuesday, "tues": time.Tuesday, "tuesdays": time.Tuesday,
	"wednesday": time.Wednesday, "wed": time.Wednesday, "weds": time.Wednesday, "wednesdays": time.Wednesday,
	"thursday": time.Thursday, "thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursdays": time.Thursday,
	"friday": time.Friday, "fri": time.Friday, "fridays": time.Friday,
	"saturday": time.Saturday, "sat": time.Saturday, "saturdays": time.Saturday,
	"sunday": time.Sunday, "sun": time.Sunday, "sundays": time.Sunday,
}

var nthWords = map[string]int{
	"first": 1, "1st": 1,
	"second": 2, "2nd": 2,
	"third": 3, "3rd": 3,
	"fourth": 4, "4th": 4,
	"last": -1,
}

var monthWords = map[string]time.Month{}

func init() {
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		monthWords[name] = m
		monthWords[name[:3]] = m
	}
	monthWords["sept"] = time.September
}

// vocab maps words to the suggestion made for words close to them.
type vocab []struct{ word, suggestion string }

func words(ws ...string) vocab {
	v := make(vocab, len(ws))
	for i, w := range ws {
		v[i].word, v[i].suggestion = w, w
	}
	return v
}

var (
	dayVocab   vocab
	nthVocab   = words("first", "second", "third", "fourth", "last")
	startVocab = append(words("every", "weekdays", "daily", "by", "first", "second", "third", "fourth", "last"),
		vocab{{"everyday", "daily"}, {"weekday", "weekdays"}}...)
	boundVocab = words("from", "until")
)

func init() {
	for w, d := range dayWords {
		dayVocab = append(dayVocab, struct{ word, suggestion string }{w, dayName(d)})
	}
	// Map iteration order is random; keep suggestions deterministic.
	slices.SortFunc(dayVocab, func(a, b struct{ word, suggestion string }) int { return strings.Compare(a.word, b.word) })
}

type nthStatus uint8

const (
	notNth nthStatus = iota
	goodNth
	badNth // fifth, 5th, 21st...
)

// nthOf reports whether t is a week-of-the-month word such as "first",
// "last" or "3rd".
func nthOf(t *token) (int, nthStatus) {
	if t == nil {
		return 0, notNth
	}
	if n, ok := nthWords[t.low]; ok {
		return n, goodNth
	}
	if t.is("fifth") {
		return 5, badNth
	}
	if t.kind == tkNum {
		i := strings.IndexFunc(t.low, func(r rune) bool { return r < '0' || r > '9' })
		if i > 0 && slices.Contains([]string{"st", "nd", "rd", "th"}, t.low[i:]) {
			n, err := strconv.Atoi(t.low[:i])
			if err == nil && n >= 1 && n <= 4 {
				return n, goodNth // 1th, 2st... are forgiven
			}
			return n, badNth
		}
	}
	return 0, notNth
}
