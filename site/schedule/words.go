package schedule

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// The vocabulary of rules: the words for days, months and weeks of the
// month, one table each, what the parser makes of them, and the lists of
// words that hints.go compares misspellings with.

// weekdays is the one table of the days of the week, indexed by
// time.Weekday: the name that rules, pages and sheets use, the RFC 5545
// code, and the other ways volunteers write the day: short forms, which
// may end in a full stop (see parser.day), and plurals, as in "every
// Mondays".
var weekdays = [7]struct {
	name, code string
	spellings  []string
}{
	time.Sunday:    {"Sunday", "SU", []string{"sun", "sundays"}},
	time.Monday:    {"Monday", "MO", []string{"mon", "mondays"}},
	time.Tuesday:   {"Tuesday", "TU", []string{"tue", "tues", "tuesdays"}},
	time.Wednesday: {"Wednesday", "WE", []string{"wed", "weds", "wednesdays"}},
	time.Thursday:  {"Thursday", "TH", []string{"thu", "thur", "thurs", "thursdays"}},
	time.Friday:    {"Friday", "FR", []string{"fri", "fridays"}},
	time.Saturday:  {"Saturday", "SA", []string{"sat", "saturdays"}},
}

// workingWeek is the days of a Weekdays rule.
var workingWeek = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}

func dayName(d time.Weekday) string {
	if d >= 0 && int(d) < len(weekdays) {
		return weekdays[d].name
	}
	return d.String()
}

func dayCode(d time.Weekday) string {
	if d >= 0 && int(d) < len(weekdays) {
		return weekdays[d].code
	}
	return ""
}

// dayWords maps every way of writing a day, in lower case, to the day.
var dayWords = func() map[string]time.Weekday {
	m := map[string]time.Weekday{}
	for d, w := range weekdays {
		m[strings.ToLower(w.name)] = time.Weekday(d)
		for _, s := range w.spellings {
			m[s] = time.Weekday(d)
		}
	}
	return m
}()

// dayOf returns the day that t names, if it is a day word.
func dayOf(t *token) (time.Weekday, bool) {
	if t == nil || t.kind != tkWord {
		return 0, false
	}
	d, ok := dayWords[t.low]
	return d, ok
}

func isDayWord(t *token) bool {
	_, ok := dayOf(t)
	return ok
}

// monthWords maps month names and their short forms, in lower case, to the
// month. Rules never name months: they are known only to recognise a date
// written out, "14 March 2026", and suggest its year-month-day form.
var monthWords = func() map[string]time.Month {
	m := map[string]time.Month{"sept": time.September}
	for mo := time.January; mo <= time.December; mo++ {
		name := strings.ToLower(mo.String())
		m[name], m[name[:3]] = mo, mo
	}
	return m
}()

// weeksOfMonth are the weeks a monthly rule can name, in the order
// Rule.Nth keeps them, with the number Nth holds for each. There is no
// fifth: not every month has one.
var weeksOfMonth = []weekOfMonth{
	{1, "first", "1st"},
	{2, "second", "2nd"},
	{3, "third", "3rd"},
	{4, "fourth", "4th"},
	{-1, "last", ""},
}

type weekOfMonth struct {
	nth         int
	word, short string
}

// weekWords maps the week words and their short forms to their Nth
// numbers.
var weekWords = func() map[string]int {
	m := map[string]int{}
	for _, w := range weeksOfMonth {
		m[w.word] = w.nth
		if w.short != "" {
			m[w.short] = w.nth
		}
	}
	return m
}()

// weekNames is the week words in order: first, second, third, fourth, last.
var weekNames = func() []string {
	var names []string
	for _, w := range weeksOfMonth {
		names = append(names, w.word)
	}
	return names
}()

// weekChoices lists the week words for messages.
var weekChoices = strings.Join(weekNames[:len(weekNames)-1], ", ") + " or " + weekNames[len(weekNames)-1]

func nthName(n int) string {
	if i := weekIndex(n); i >= 0 {
		return weeksOfMonth[i].word
	}
	return strconv.Itoa(n) + "th"
}

// weekIndex returns the place of week n in weeksOfMonth, or -1.
func weekIndex(n int) int {
	return slices.IndexFunc(weeksOfMonth, func(w weekOfMonth) bool { return w.nth == n })
}

type nthStatus uint8

const (
	notNth nthStatus = iota
	goodNth
	badNth // fifth, 5th, 21st...
)

// nthOf reports whether t is a week-of-the-month word such as "first",
// "last" or "3rd", and which week it names. A bad one looks like a week of
// the month but names none that every month has, so that monthly can say
// so instead of "we didn't understand".
func nthOf(t *token) (int, nthStatus) {
	if t == nil {
		return 0, notNth
	}
	if n, ok := weekWords[t.low]; ok {
		return n, goodNth
	}
	if t.is("fifth") {
		return 5, badNth
	}
	if t.kind == tkNum {
		return numberedWeek(t.low)
	}
	return 0, notNth
}

// numberedWeek reads a week written with digits, such as "3rd".
func numberedWeek(low string) (int, nthStatus) {
	i := strings.IndexFunc(low, func(r rune) bool { return r < '0' || r > '9' })
	if i <= 0 || !slices.Contains([]string{"st", "nd", "rd", "th"}, low[i:]) {
		return 0, notNth
	}
	n, err := strconv.Atoi(low[:i])
	if err == nil && n >= 1 && n <= 4 {
		return n, goodNth // 1th, 2st... are forgiven
	}
	return n, badNth
}

// vocab is a list of words that hints.go compares a misspelling with, each
// with the suggestion made for it.
type vocab []vocabWord

type vocabWord struct{ word, suggestion string }

func words(ws ...string) vocab {
	v := make(vocab, len(ws))
	for i, w := range ws {
		v[i].word, v[i].suggestion = w, w
	}
	return v
}

var (
	// dayVocab suggests a day's name for any way of writing it.
	dayVocab = func() vocab {
		var v vocab
		for w, d := range dayWords {
			v = append(v, vocabWord{w, dayName(d)})
		}
		// Map iteration order is random; keep suggestions deterministic.
		slices.SortFunc(v, func(a, b vocabWord) int { return strings.Compare(a.word, b.word) })
		return v
	}()
	nthVocab = words(weekNames...)
	// startVocab is the words a rule can start with, and two that people
	// write for them.
	startVocab = append(words(append([]string{"every", "weekdays", "daily", "by"}, weekNames...)...),
		vocab{{"everyday", "daily"}, {"weekday", "weekdays"}}...)
	boundVocab = words("from", "until")
)
