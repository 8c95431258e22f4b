package schedule

import (
	"github.com/signpost-directory/signpost/site/suggest"

	"slices"
	"strconv"
	"strings"
	"time"
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

// ---- lexer ----

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

// ---- vocabulary ----

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

// ---- parser ----

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

// unknownWord reports a word that does not fit, suggesting a replacement
// from v when one is close.
func (p *parser) unknownWord(t *token, v vocab, msg string) *Error {
	if s := closestWord(t.low, v); s != "" {
		return p.errAt(t, t, "we didn't understand "+quote(t.text), s)
	}
	return p.errAt(t, t, msg, "")
}

const noForm = "this doesn't match any of the schedule forms"

func (p *parser) parse() (Rule, *Error) {
	t := p.peek()
	if t == nil {
		return Rule{}, &Error{Message: `the rule is empty: say when the activity happens, like "every Tuesday 10:00-11:30"`}
	}
	switch {
	case t.is("every"):
		p.next()
		return p.every(t)
	case t.is("weekdays"):
		p.next()
		return p.finish(Rule{Kind: Weekdays}, true)
	case t.is("daily"):
		p.next()
		return p.finish(Rule{Kind: Daily}, true)
	case t.is("on"):
		p.next()
		return p.once(t)
	case t.is("by"):
		p.next()
		return p.byAppointment()
	}
	if _, st := nthOf(t); st != notNth {
		return p.monthly()
	}
	return Rule{}, p.startError(t)
}

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

// every parses what follows "every".
func (p *parser) every(every *token) (Rule, *Error) {
	t := p.peek()
	switch {
	case t.is("other"):
		p.next()
		return p.fortnightly()
	case t.is("day"):
		p.next()
		return p.finish(Rule{Kind: Daily}, true)
	case t.is("weekday", "weekdays"):
		p.next()
		return p.finish(Rule{Kind: Weekdays}, true)
	case t.is("fortnight", "fortnightly"):
		return Rule{}, p.errAt(t, t, `for a fortnightly activity, write "every other", like "every other Wednesday 14:00-16:00 from 2026-01-07"`, "other")
	}
	if _, st := nthOf(t); st != notNth {
		monthly := false
		for _, u := range p.toks[p.pos:] {
			monthly = monthly || u.is("month")
		}
		if n, _ := nthOf(t); n == 2 && !monthly {
			return Rule{}, p.errAt(t, t, `for a session every two weeks, write "every other"`, "other")
		}
		return Rule{}, p.errAt(every, every, `leave out "every" for a monthly rule, like "first Monday of the month 14:00-16:00"`, "")
	}
	days, err := p.days()
	if err != nil {
		return Rule{}, err
	}
	return p.finish(Rule{Kind: Weekly, Days: days}, true)
}

func (p *parser) fortnightly() (Rule, *Error) {
	d, err := p.day(`the day of the week is missing: write it like "every other Wednesday"`)
	if err != nil {
		return Rule{}, err
	}
	if err := p.oneDay(`"every other" takes one day: write a separate rule for each day`); err != nil {
		return Rule{}, err
	}
	r, err := p.finish(Rule{Kind: Fortnightly, Days: []time.Weekday{d}}, true)
	if err == nil && r.From.IsZero() {
		err = p.errEnd(`"every other" needs a start date: add "from 2026-01-06" so we know which weeks`)
	}
	return r, err
}

// oneDay reports an error if a list of days follows the day just parsed.
func (p *parser) oneDay(msg string) *Error {
	t := p.peek()
	if t == nil || !(t.is("and") || t.kind == tkComma) {
		return nil
	}
	if u := p.peekAt(1); u != nil {
		if _, ok := dayWords[u.low]; ok && u.kind == tkWord {
			return p.errAt(t, u, msg, "")
		}
	}
	return nil
}

// days parses a list of days: "Monday", "Monday and Tuesday",
// "Monday, Tuesday and Friday".
func (p *parser) days() ([]time.Weekday, *Error) {
	const missing = `the day of the week is missing: write it like "every Monday"`
	d, err := p.day(missing)
	if err != nil {
		return nil, err
	}
	days := []time.Weekday{d}
	for {
		t := p.peek()
		if t == nil {
			break
		}
		if t.kind == tkComma {
			u := p.peekAt(1)
			if u == nil || u.kind != tkWord || u.is("from", "until", "at", "noon", "midday") {
				break // a comma before the times
			}
			p.next()
			if p.peek().is("and") {
				p.next()
			}
		} else if t.is("and") {
			p.next()
		} else {
			if d, ok := dayWords[t.low]; ok && t.kind == tkWord {
				return nil, p.errAt(t, t, `put "and" or a comma between days`, "and "+dayName(d))
			}
			break
		}
		d, err := p.day(missing)
		if err != nil {
			return nil, err
		}
		days = append(days, d)
	}
	// Monday first, no repeats.
	slices.SortFunc(days, func(a, b time.Weekday) int { return int((a+6)%7) - int((b+6)%7) })
	return slices.Compact(days), nil
}

// day parses one day of the week.
func (p *parser) day(missing string) (time.Weekday, *Error) {
	t := p.peek()
	if t == nil {
		return 0, p.errEnd(missing)
	}
	if t.kind != tkWord {
		return 0, p.errAt(t, t, missing, "")
	}
	if d, ok := dayWords[t.low]; ok {
		p.next()
		// "Mon." and the like
		if u := p.peek(); u != nil && u.text == "." && u.off == t.end && len(t.low) <= 5 {
			p.next()
		}
		return d, nil
	}
	if t.is("and", "from", "until", "of", "to", "at", "noon", "midday") {
		return 0, p.errAt(t, t, missing, "")
	}
	return 0, p.errAt(t, t, quote(t.text)+" is not a day of the week", closestWord(t.low, dayVocab))
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

func (p *parser) monthly() (Rule, *Error) {
	var nth []int
	for {
		t := p.peek()
		if t == nil {
			return Rule{}, p.errEnd(`say which week of the month, like "first and third Monday of the month"`)
		}
		n, st := nthOf(t)
		switch st {
		case badNth:
			if n == 5 {
				return Rule{}, p.errAt(t, t, quote(t.text)+` is not supported, as not every month has one: use "last" instead`, "")
			}
			return Rule{}, p.errAt(t, t, quote(t.text)+" is not a week of the month: use first, second, third, fourth or last", "")
		case notNth:
			msg := quote(t.text) + " is not a week of the month: use first, second, third, fourth or last"
			if t.kind != tkWord {
				return Rule{}, p.errAt(t, t, msg, "")
			}
			return Rule{}, p.errAt(t, t, msg, closestWord(t.low, nthVocab))
		}
		p.next()
		if u := p.peek(); n != -1 && u.is("last") {
			return Rule{}, p.errAt(t, u, quote(p.text[t.off:u.end])+` is not supported: use "last", or a week like "fourth"`, "")
		}
		if !slices.Contains(nth, n) {
			nth = append(nth, n)
		}
		u := p.peek()
		if u == nil || !(u.is("and") || u.kind == tkComma) {
			break
		}
		p.next()
		if u.kind == tkComma && p.peek().is("and") {
			p.next()
		}
	}
	slices.SortFunc(nth, func(a, b int) int {
		if a < 0 {
			a = 100
		}
		if b < 0 {
			b = 100
		}
		return a - b
	})
	d, err := p.day(`the day of the week is missing: write it like "first Monday of the month"`)
	if err != nil {
		return Rule{}, err
	}
	if err := p.oneDay(`a monthly rule takes one day: write a separate rule for each day`); err != nil {
		return Rule{}, err
	}
	const ofTheMonth = `add "of the month" after the day, like "first Monday of the month"`
	t := p.peek()
	if !t.is("of") {
		if t != nil && t.kind == tkWord {
			return Rule{}, p.unknownWord(t, words("of"), ofTheMonth)
		}
		return Rule{}, p.errMissing(ofTheMonth)
	}
	p.next()
	t = p.peek()
	if t.is("the", "each", "every") {
		p.next()
		t = p.peek()
	}
	if !t.is("month") {
		if t != nil && t.kind == tkWord {
			return Rule{}, p.unknownWord(t, words("the", "month"), ofTheMonth)
		}
		return Rule{}, p.errMissing(ofTheMonth)
	}
	p.next()
	return p.finish(Rule{Kind: Monthly, Days: []time.Weekday{d}, Nth: nth}, true)
}

func (p *parser) once(on *token) (Rule, *Error) {
	const missing = `the date is missing: write it like "on 2026-03-14 10:00-15:00"`
	var wdTok *token
	if t := p.peek(); t != nil && t.kind == tkWord {
		if _, ok := dayWords[t.low]; ok {
			wdTok = p.next()
			if u := p.peek(); u != nil && u.kind == tkComma {
				p.next()
			}
		}
	}
	if t := p.peek(); wdTok != nil && (t == nil || isTimeStart(t)) {
		d := dayName(dayWords[wdTok.low])
		return Rule{}, p.errAt(on, wdTok, `for a weekly activity, write "every `+d+`"`, "every "+d)
	}
	d, dt, err := p.date(missing)
	if err != nil {
		return Rule{}, err
	}
	if wdTok != nil && dayWords[wdTok.low] != d.Weekday() {
		return Rule{}, p.errAt(wdTok, wdTok, dt.text+" is a "+dayName(d.Weekday())+", not a "+dayName(dayWords[wdTok.low]), dayName(d.Weekday()))
	}
	r, err := p.finish(Rule{Kind: Once, On: d}, false)
	return r, err
}

func (p *parser) byAppointment() (Rule, *Error) {
	t := p.peek()
	if !t.is("appointment") {
		const msg = `write "by appointment"`
		if t != nil && t.kind == tkWord {
			return Rule{}, p.unknownWord(t, words("appointment"), msg)
		}
		return Rule{}, p.errMissing(msg)
	}
	p.next()
	if p.peek().is("only") {
		p.next()
	}
	if t := p.peek(); t != nil {
		last := &p.toks[len(p.toks)-1]
		return Rule{}, p.errAt(t, last, `nothing can follow "by appointment": put details like `+quote(p.text[t.off:last.end])+" in the description", "")
	}
	return Rule{Kind: ByAppointment}, nil
}

// finish parses the time range, the from and until dates (if bounds is
// true) and checks that nothing follows.
func (p *parser) finish(r Rule, bounds bool) (Rule, *Error) {
	if t := p.peek(); t != nil && t.kind == tkComma {
		p.next()
	}
	var err *Error
	if r.Start, r.End, err = p.timeRange(); err != nil {
		return Rule{}, err
	}
	if bounds {
		if err := p.bounds(&r); err != nil {
			return Rule{}, err
		}
	}
	t := p.peek()
	if t == nil {
		return r, nil
	}
	last := &p.toks[len(p.toks)-1]
	rest := quote(p.text[t.off:last.end])
	switch {
	case !bounds && t.is("from", "until"):
		return Rule{}, p.errAt(t, t, `a one-off date can't have "from" or "until": use "every ..." for a repeating activity`, "")
	case t.kind == tkWord && bounds:
		if s := closestWord(t.low, boundVocab); s != "" {
			return Rule{}, p.errAt(t, t, "we didn't understand "+quote(t.text), s)
		}
	}
	if t.is("and") || t.kind == tkComma {
		for _, u := range p.toks[p.pos:] {
			if _, msg, _ := parseClock(u.text); msg == "" && u.kind == tkNum {
				return Rule{}, p.errAt(t, last, "a rule can only have one time range: write a separate rule for each time", "")
			}
		}
	}
	return Rule{}, p.errAt(t, last, rest+" is not part of the schedule: put notes like this in the description", "")
}

// bounds parses optional "from <date>" and "until <date>", in either order.
func (p *parser) bounds(r *Rule) *Error {
	var fromTok, untilTok *token
	for {
		t := p.peek()
		if t != nil && t.kind == tkComma {
			if u := p.peekAt(1); u.is("from", "until") {
				p.next()
				t = u
			}
		}
		var err *Error
		switch {
		case t.is("from"):
			if fromTok != nil {
				return p.errAt(t, t, `there can only be one "from" date`, "")
			}
			p.next()
			r.From, fromTok, err = p.date(`the date is missing after "from": add one like 2026-01-12`)
		case t.is("until"):
			if untilTok != nil {
				return p.errAt(t, t, `there can only be one "until" date`, "")
			}
			p.next()
			r.Until, untilTok, err = p.date(`the date is missing after "until": add one like 2026-03-23`)
		case t.is("to", "till", "til") && fromTok != nil && untilTok == nil:
			return p.errAt(t, t, `write "until" before the end date`, "until")
		default:
			if fromTok != nil && untilTok != nil && r.Until.Before(r.From) {
				return p.errAt(untilTok, untilTok, "the end date "+r.Until.String()+" is before the start date "+r.From.String(), "")
			}
			return nil
		}
		if err != nil {
			return err
		}
	}
}

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

// clockTok is a time as written, before am/pm is settled.
type clockTok struct {
	h, m     int
	mer      byte // 'a', 'p' or 0 when no am/pm was given
	hasMin   bool // minutes were given
	flexible bool // no am/pm, hour 1-12 without a leading zero: may take am/pm from the other end
	tok      *token
	text     string
}

// minutes returns the time in minutes since midnight, taking it as am or
// pm (mer 'a' or 'p') or as a 24-hour time (mer 0).
func (c clockTok) minutes(mer byte) int {
	switch mer {
	case 'a':
		return c.h%12*60 + c.m
	case 'p':
		return (c.h%12+12)*60 + c.m
	}
	return c.h*60 + c.m
}

const timeFormat = "write times like 10:00, 9:30, 10am or 2:30pm"

// parseClock parses a time such as 10:00, 9:30, 10am, 2:30pm or a bare
// hour. On failure it returns a message and perhaps a suggestion.
func parseClock(s string) (c clockTok, msg, suggestion string) {
	c.text = s
	i := strings.IndexFunc(s, func(r rune) bool { return r != ':' && r != '.' && r != '/' && (r < '0' || r > '9') })
	num, suf := s, ""
	if i >= 0 {
		num, suf = s[:i], strings.ToLower(s[i:])
	}
	notTime := quote(s) + " is not a time: " + timeFormat
	switch suf {
	case "":
	case "am":
		c.mer = 'a'
	case "pm":
		c.mer = 'p'
	default:
		return c, notTime, ""
	}
	digitsOnly := func(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }
	hs, ms, colon := strings.Cut(num, ":")
	switch {
	case strings.Count(num, ".") == 1 && !colon:
		hs, ms, _ = strings.Cut(num, ".")
		if digitsOnly(hs) && len(hs) <= 2 && digitsOnly(ms) && len(ms) == 2 {
			return c, "write times with a colon, like 10:30", hs + ":" + ms + suf
		}
		return c, notTime, ""
	case !colon && digitsOnly(num) && len(num) <= 2:
	case !colon && digitsOnly(num) && (len(num) == 3 || len(num) == 4):
		hs, ms = num[:len(num)-2], num[len(num)-2:]
		if h, _ := strconv.Atoi(hs); h <= 23 && ms < "60" {
			return c, notTime, hs + ":" + ms + suf
		}
		return c, notTime, ""
	case colon && digitsOnly(hs) && len(hs) <= 2 && digitsOnly(ms) && len(ms) == 2:
		c.hasMin = true
	default:
		return c, notTime, ""
	}
	c.h, _ = strconv.Atoi(hs)
	if c.hasMin {
		c.m, _ = strconv.Atoi(ms)
	}
	switch {
	case c.m > 59:
		return c, quote(s) + " is not a time: minutes go up to 59", ""
	case c.mer != 0 && c.h > 12 && c.h <= 23:
		fix := num
		if !c.hasMin {
			fix += ":00"
		}
		return c, quote(s) + " mixes the 24-hour clock with am/pm: write " + fix, fix
	case c.mer != 0 && (c.h < 1 || c.h > 12):
		return c, quote(s) + " is not a time: with am or pm, hours go from 1 to 12", ""
	case c.h > 23:
		return c, quote(s) + " is not a time: hours go up to 23", ""
	}
	c.flexible = c.mer == 0 && c.h >= 1 && c.h <= 12 && hs[0] != '0'
	return c, "", ""
}

// clock parses one time at the current token, with an optional separate
// "am" or "pm" after it.
func (p *parser) clock(missing string) (clockTok, *Error) {
	t := p.peek()
	if t == nil {
		return clockTok{}, p.errEnd(missing)
	}
	switch t.kind {
	case tkWord:
		if t.is("noon", "midday") {
			p.next()
			return clockTok{h: 12, mer: 'p', hasMin: true, tok: t, text: t.text}, nil
		}
		if t.is("from", "until", "and") {
			return clockTok{}, p.errAt(t, t, missing, "")
		}
		if _, ok := dayWords[t.low]; ok {
			return clockTok{}, p.errAt(t, t, missing, "")
		}
		return clockTok{}, p.unknownWord(t, words("noon", "midday"), quote(t.text)+" is not a time: "+timeFormat)
	case tkNum:
		if _, msg, _ := parseDate(t.text); msg == "" {
			return clockTok{}, p.errAt(t, t, missing, "")
		}
	default:
		return clockTok{}, p.errAt(t, t, missing, "")
	}
	c, msg, sugg := parseClock(t.text)
	if msg != "" {
		return c, p.errAt(t, t, msg, sugg)
	}
	p.next()
	c.tok = t
	if u := p.peek(); c.mer == 0 && u.is("am", "pm") {
		p.next()
		c, msg, sugg = parseClock(t.text + u.low)
		c.tok, c.text = t, p.text[t.off:u.end]
		if msg != "" {
			return c, p.errAt(t, u, msg, sugg)
		}
	}
	return c, nil
}

func isTimeStart(t *token) bool {
	if t == nil {
		return false
	}
	if t.is("noon", "midday") {
		return true
	}
	_, msg, _ := parseClock(t.text)
	return t.kind == tkNum && msg == ""
}

// timeRange parses a range such as "10:00-11:30", "10am to 2pm" or
// "from 10:00 to 11:30".
func (p *parser) timeRange() (start, end Clock, err *Error) {
	const missing = "the time range is missing: add one like 10:00-11:30"
	const missingEnd = "the end time is missing: write the time range like 10:00-11:30"
	if t := p.peek(); t.is("from", "at") && isTimeStart(p.peekAt(1)) {
		p.next()
	}
	a, err := p.clock(missing)
	if err != nil {
		return 0, 0, err
	}
	t := p.peek()
	switch {
	case t == nil:
		return 0, 0, p.errEnd(missingEnd)
	case t.kind == tkDash || t.is("to"):
		p.next()
	case t.is("until", "till") && isTimeStart(p.peekAt(1)):
		p.next()
	case isTimeStart(t):
		return 0, 0, p.errAt(t, t, "put a dash between the start and end times, like 10:00-11:30", "")
	default:
		return 0, 0, p.errAt(t, t, missingEnd, "")
	}
	b, err := p.clock(missingEnd)
	if err != nil {
		return 0, 0, err
	}
	s, e, err := p.settle(a, b)
	if err != nil {
		return 0, 0, err
	}
	span := quote(p.text[a.tok.off:p.toks[p.pos-1].end])
	span = span[1 : len(span)-1]
	switch {
	case e < s:
		return 0, 0, p.errAt(a.tok, &p.toks[p.pos-1], span+" ends before it starts", "")
	case e == s:
		return 0, 0, p.errAt(a.tok, &p.toks[p.pos-1], span+" starts and ends at the same time", "")
	}
	return Clock(s), Clock(e), nil
}

// settle works out the start and end in minutes, letting a time without
// am/pm take it from the other end: "2-4pm" is 14:00-16:00, "10-12pm" is
// 10:00-12:00 and "11am-1:30" is 11:00-13:30.
func (p *parser) settle(a, b clockTok) (int, int, *Error) {
	bare := func(c clockTok) *Error {
		msg := quote(c.text) + " needs minutes, like " + strconv.Itoa(c.h) + ":00"
		sugg := strconv.Itoa(c.h) + ":00"
		if c.h >= 1 && c.h <= 12 {
			mer := "pm"
			if c.h >= 7 && c.h <= 11 {
				mer = "am"
			}
			msg = quote(c.text) + " needs minutes or am/pm, like " + strconv.Itoa(c.h) + ":00 or " + strconv.Itoa(c.h) + mer
			sugg = ""
		}
		return p.errAt(c.tok, c.tok, msg, sugg)
	}
	other := func(mer byte) byte {
		if mer == 'a' {
			return 'p'
		}
		return 'a'
	}
	switch {
	case a.mer != 0 && b.mer != 0:
		return a.minutes(a.mer), b.minutes(b.mer), nil
	case a.mer == 0 && b.mer != 0:
		e := b.minutes(b.mer)
		if !a.flexible {
			if !a.hasMin {
				return 0, 0, bare(a)
			}
			return a.minutes(0), e, nil
		}
		if s := a.minutes(b.mer); s < e {
			return s, e, nil
		}
		if s := a.minutes(other(b.mer)); s < e {
			return s, e, nil
		}
		return a.minutes(b.mer), e, nil
	case a.mer != 0 && b.mer == 0:
		s := a.minutes(a.mer)
		if !b.flexible {
			if !b.hasMin {
				return 0, 0, bare(b)
			}
			return s, b.minutes(0), nil
		}
		if e := b.minutes(a.mer); e > s {
			return s, e, nil
		}
		if e := b.minutes(other(a.mer)); e > s {
			return s, e, nil
		}
		return s, b.minutes(a.mer), nil
	}
	if !a.hasMin {
		return 0, 0, bare(a)
	}
	if !b.hasMin {
		return 0, 0, bare(b)
	}
	return a.minutes(0), b.minutes(0), nil
}
