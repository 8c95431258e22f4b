package schedule

import (
	"errors"
	"fmt"
	"go/doc/comment"
	goparser "go/parser"
	gotoken "go/token"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// These tests hold the grammar in the package documentation (doc.go), the
// examples in Grammar and the parser to one another: every example is a
// sentence of the grammar, every sentence of the grammar parses, and every
// rule written back by Canonical is a sentence of the grammar.

// TestGrammarExamples checks that every example in Grammar parses, is a
// sentence of the documented grammar, and that the examples show every kind
// of rule.
func TestGrammarExamples(t *testing.T) {
	g := docGrammar(t)
	shown := map[Kind]bool{}
	for line := range strings.Lines(Grammar) {
		if !strings.HasPrefix(line, "  ") {
			continue
		}
		ex, _, _ := strings.Cut(strings.TrimSpace(line), "  (")
		r, err := Parse(ex)
		if err != nil {
			t.Errorf("Parse(%q): %v", ex, err)
		}
		shown[r.Kind] = true
		if !g.matches("Rule", ex) {
			t.Errorf("%q is in Grammar but is not a Rule of the grammar in doc.go", ex)
		}
	}
	for k := Weekly; k <= ByAppointment; k++ {
		if !shown[k] {
			t.Errorf("Grammar shows no %v rule", k)
		}
	}
}

// TestGrammarSentencesParse parses random sentences of the documented
// grammar. Each must parse, with its Canonical form a sentence too, or be
// refused for one of the reasons the documentation gives beyond the
// grammar.
func TestGrammarSentencesParse(t *testing.T) {
	g := docGrammar(t)
	beyondGrammar := []string{
		"ends before it starts", "starts and ends at the same time", // a range ends after it starts
		"is not a real date", "is before the start date", ", not a ", // real dates, in order, on their day
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	parsed := map[Kind]int{}
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for range n {
		s := g.sentence(rnd, "Rule")
		r, err := Parse(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || !slices.ContainsFunc(beyondGrammar, func(m string) bool { return strings.Contains(e.Message, m) }) {
				t.Fatalf("Parse(%q), a sentence of the grammar: %v", s, err)
			}
			continue
		}
		parsed[r.Kind]++
		if c := r.Canonical(); !g.matches("Rule", c) {
			t.Fatalf("Parse(%q).Canonical() = %q is not a sentence of the grammar", s, c)
		}
	}
	t.Logf("of %d sentences, these parsed: %v", n, parsed)
	for k := Weekly; k <= ByAppointment; k++ {
		if parsed[k] == 0 {
			t.Errorf("no %v rule among the sentences parsed", k)
		}
	}
}

// TestGrammarWords checks that the grammar's day and week words are the
// parser's, both ways.
func TestGrammarWords(t *testing.T) {
	g := docGrammar(t)
	for w := range dayWords {
		if !g.matches("dayName", w) {
			t.Errorf("the parser reads %q as a day, but the grammar does not", w)
		}
	}
	for w := range weekWords {
		if !g.matches("week", w) {
			t.Errorf("the parser reads %q as a week of the month, but the grammar does not", w)
		}
	}
	rnd := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		if w := g.sentence(rnd, "day"); !isDayWord(&lex(w)[0]) {
			t.Errorf("the grammar has %q as a day, but the parser does not", w)
		}
		if w := g.sentence(rnd, "week"); !isWeekWord(w) {
			t.Errorf("the grammar has %q as a week of the month, but the parser does not", w)
		}
	}
}

func isWeekWord(w string) bool {
	_, st := nthOf(&lex(w)[0])
	return st == goodNth
}

// ebnf is a grammar in the EBNF of the Go specification. Productions with
// lower-case names are lexical: written without spaces inside them.
type ebnf map[string]expr

type (
	expr any
	alt  []expr // one of
	seq  []expr // each in turn
	opt  struct{ e expr }
	rep  struct{ e expr }
	term string
	rng  struct{ lo, hi byte } // "0" … "9"
	ref  string                // a production's name
)

// ebnfSc is the scanner and parser of an EBNF grammar.
type ebnfSc struct {
	toks []string
	pos  int
}

// docGrammar returns the grammar in the package documentation: the code
// block that starts with the Rule production.
func docGrammar(t testing.TB) ebnf {
	t.Helper()
	f, err := goparser.ParseFile(gotoken.NewFileSet(), "doc.go", nil, goparser.ParseComments|goparser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	var src string
	for _, b := range new(comment.Parser).Parse(f.Doc.Text()).Content {
		if c, ok := b.(*comment.Code); ok && strings.HasPrefix(c.Text, "Rule ") {
			src = c.Text
		}
	}
	if src == "" {
		t.Fatal("doc.go has no code block starting with the Rule production")
	}
	g, err := parseEBNF(src)
	if err != nil {
		t.Fatalf("the grammar in doc.go: %v", err)
	}
	if err := g.check("Rule"); err != nil {
		t.Fatalf("the grammar in doc.go: %v", err)
	}
	return g
}

func isLexical(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsLower(r)
}

func parseEBNF(src string) (ebnf, error) {
	var s ebnfSc
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '"':
			j := strings.IndexByte(src[i+1:], '"')
			if j < 0 {
				return nil, fmt.Errorf("unterminated string at %q", src[i:])
			}
			s.toks = append(s.toks, src[i:i+j+2])
			i += j + 2
		case unicode.IsLetter(r):
			j := i
			for j < len(src) && (unicode.IsLetter(rune(src[j])) || unicode.IsDigit(rune(src[j]))) {
				j++
			}
			s.toks = append(s.toks, src[i:j])
			i = j
		default:
			s.toks = append(s.toks, string(r))
			i += size
		}
	}
	g := ebnf{}
	for s.pos < len(s.toks) {
		name := s.next()
		if s.next() != "=" {
			return nil, fmt.Errorf("production %s: want =", name)
		}
		e, err := s.expression()
		if err != nil {
			return nil, fmt.Errorf("production %s: %v", name, err)
		}
		if s.next() != "." {
			return nil, fmt.Errorf("production %s: want . at its end", name)
		}
		if _, dup := g[name]; dup {
			return nil, fmt.Errorf("production %s defined twice", name)
		}
		g[name] = e
	}
	return g, nil
}

func (s *ebnfSc) peek() string {
	if s.pos < len(s.toks) {
		return s.toks[s.pos]
	}
	return ""
}

func (s *ebnfSc) next() string {
	t := s.peek()
	s.pos++
	return t
}

func (s *ebnfSc) expression() (expr, error) {
	var a alt
	for {
		var q seq
		for t := s.peek(); t != "" && !strings.Contains("|.)]}", t); t = s.peek() {
			e, err := s.term()
			if err != nil {
				return nil, err
			}
			q = append(q, e)
		}
		a = append(a, q)
		if s.peek() != "|" {
			break
		}
		s.next()
	}
	if len(a) == 1 {
		return a[0], nil
	}
	return a, nil
}

func (s *ebnfSc) term() (expr, error) {
	t := s.next()
	closing := map[string]string{"(": ")", "[": "]", "{": "}"}
	switch {
	case closing[t] != "":
		e, err := s.expression()
		if err != nil {
			return nil, err
		}
		if s.next() != closing[t] {
			return nil, fmt.Errorf("want %s", closing[t])
		}
		switch t {
		case "[":
			return opt{e}, nil
		case "{":
			return rep{e}, nil
		}
		return e, nil
	case strings.HasPrefix(t, `"`):
		lit := t[1 : len(t)-1]
		if s.peek() != "…" {
			return term(lit), nil
		}
		s.next()
		hi := s.next()
		if len(lit) != 1 || len(hi) != 3 || hi[0] != '"' {
			return nil, fmt.Errorf("range %s … %s: want two one-byte strings", t, hi)
		}
		return rng{lit[0], hi[1]}, nil
	case t != "" && unicode.IsLetter(rune(t[0])):
		return ref(t), nil
	}
	return nil, fmt.Errorf("unexpected %q", t)
}

// check reports productions that are used but not defined, defined but
// not reachable from start, or lexical but made of non-lexical ones.
func (g ebnf) check(start string) error {
	reached := map[string]bool{}
	var walk func(from string, e expr) error
	walk = func(from string, e expr) error {
		if r, ok := e.(ref); ok {
			name := string(r)
			if _, ok := g[name]; !ok {
				return fmt.Errorf("%s uses %s, which is not defined", from, name)
			}
			if isLexical(from) && !isLexical(name) {
				return fmt.Errorf("lexical %s uses %s, which is not", from, name)
			}
			if reached[name] {
				return nil
			}
			reached[name] = true
			return walk(name, g[name])
		}
		for _, x := range parts(e) {
			if err := walk(from, x); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(start, ref(start)); err != nil {
		return err
	}
	for name := range g {
		if !reached[name] {
			return fmt.Errorf("%s is not reachable from %s", name, start)
		}
	}
	return nil
}

// parts returns the expressions that e is made of.
func parts(e expr) []expr {
	switch e := e.(type) {
	case alt:
		return e
	case seq:
		return e
	case opt:
		return []expr{e.e}
	case rep:
		return []expr{e.e}
	}
	return nil
}

// sentence returns a random sentence of production name, with one space
// between the items of non-lexical productions and words in random case.
func (g ebnf) sentence(rnd *rand.Rand, name string) string {
	items := g.generate(rnd, ref(name))
	for i, w := range items {
		switch rnd.IntN(6) {
		case 0:
			items[i] = strings.ToUpper(w)
		case 1:
			r, size := utf8.DecodeRuneInString(w)
			items[i] = string(unicode.ToUpper(r)) + w[size:]
		}
	}
	return strings.Join(items, " ")
}

func (g ebnf) generate(rnd *rand.Rand, e expr) []string {
	switch e := e.(type) {
	case term:
		return []string{string(e)}
	case rng:
		return []string{string(rune(e.lo + byte(rnd.IntN(int(e.hi-e.lo)+1))))}
	case ref:
		items := g.generate(rnd, g[string(e)])
		if isLexical(string(e)) {
			return []string{strings.Join(items, "")}
		}
		return items
	case alt:
		return g.generate(rnd, e[rnd.IntN(len(e))])
	case seq:
		var items []string
		for _, x := range e {
			items = append(items, g.generate(rnd, x)...)
		}
		return items
	case opt:
		if rnd.IntN(2) == 0 {
			return g.generate(rnd, e.e)
		}
	case rep:
		var items []string
		for range rnd.IntN(3) {
			items = append(items, g.generate(rnd, e.e)...)
		}
		return items
	}
	return nil
}

// matches reports whether s is a sentence of production name, ignoring
// case, with spaces allowed between the items of non-lexical productions
// and needed between two letters or digits.
func (g ebnf) matches(name, s string) bool {
	m := matcher{g: g, s: s}
	for _, end := range m.match(ref(name), 0, isLexical(name)) {
		if m.skipSpaces(end) == len(s) {
			return true
		}
	}
	return false
}

type matcher struct {
	g ebnf
	s string
}

// match returns the offsets at which e can end when it starts at pos.
func (m *matcher) match(e expr, pos int, lexical bool) []int {
	switch e := e.(type) {
	case term, rng:
		if !lexical {
			return m.token(pos, func(pos int) []int { return m.match(e, pos, true) })
		}
		return m.char(e, pos)
	case ref:
		body := m.g[string(e)]
		if !lexical && isLexical(string(e)) {
			return m.token(pos, func(pos int) []int { return m.match(body, pos, true) })
		}
		return m.match(body, pos, lexical)
	case alt:
		var ends []int
		for _, x := range e {
			ends = union(ends, m.match(x, pos, lexical))
		}
		return ends
	case seq:
		ends := []int{pos}
		for _, x := range e {
			var next []int
			for _, p := range ends {
				next = union(next, m.match(x, p, lexical))
			}
			ends = next
		}
		return ends
	case opt:
		return union([]int{pos}, m.match(e.e, pos, lexical))
	case rep:
		return m.repeat(e.e, pos, lexical)
	}
	panic(fmt.Sprintf("unknown expression %T", e))
}

// char matches a string or a range of characters, ignoring case.
func (m *matcher) char(e expr, pos int) []int {
	switch e := e.(type) {
	case term:
		if len(m.s)-pos >= len(e) && strings.EqualFold(m.s[pos:pos+len(e)], string(e)) {
			return []int{pos + len(e)}
		}
	case rng:
		if pos < len(m.s) && m.s[pos] >= e.lo && m.s[pos] <= e.hi {
			return []int{pos + 1}
		}
	}
	return nil
}

// repeat matches e any number of times.
func (m *matcher) repeat(e expr, pos int, lexical bool) []int {
	ends, frontier := []int{pos}, []int{pos}
	for len(frontier) > 0 {
		var next []int
		for _, p := range frontier {
			for _, q := range m.match(e, p, lexical) {
				if !slices.Contains(ends, q) {
					next = union(next, []int{q})
				}
			}
		}
		ends, frontier = union(ends, next), next
	}
	return ends
}

// token matches one item of a non-lexical production: spaces, then what
// match matches, ending where two letters or digits do not touch.
func (m *matcher) token(pos int, match func(int) []int) []int {
	var ends []int
	for _, end := range match(m.skipSpaces(pos)) {
		if end == len(m.s) || !isAlnum(m.s[end-1]) || !isAlnum(m.s[end]) {
			ends = append(ends, end)
		}
	}
	return ends
}

func (m *matcher) skipSpaces(pos int) int {
	for pos < len(m.s) && m.s[pos] == ' ' {
		pos++
	}
	return pos
}

func isAlnum(b byte) bool {
	return b < utf8.RuneSelf && (unicode.IsLetter(rune(b)) || unicode.IsDigit(rune(b)))
}

func union(a, b []int) []int {
	for _, x := range b {
		if !slices.Contains(a, x) {
			a = append(a, x)
		}
	}
	return a
}

// TestEBNFMatcher checks the test's own grammar tools on a small grammar.
func TestEBNFMatcher(t *testing.T) {
	g, err := parseEBNF(`S = "a" { "," "a" } [ n ] . n = "1" … "3" [ "x" ] .`)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.check("S"); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"a": true, "A , a": true, "a,a 2x": true, "a 4": false, "aa": false, "a 2 x": false, "a a": false}
	got := map[string]bool{}
	for s := range want {
		got[s] = g.matches("S", s)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("matches = %v, want %v", got, want)
	}
	if err := (ebnf{"S": ref("T")}).check("S"); err == nil {
		t.Error("check: want an error for an undefined production")
	}
}
