package search

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	regexpchar "github.com/blevesearch/bleve/v2/analysis/char/regexp"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"

	// The language analyzers a listing's language can select.
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ar"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ckb"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/da"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/de"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/es"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fa"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fr"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hi"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/it"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/nl"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/pl"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/pt"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ro"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ru"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/sv"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/tr"

	"github.com/signpost-directory/signpost/site/content"
)

// fields are the indexed fields with their boosts: the title counts most,
// then the summary and tags, then the rest. The listing's own text comes
// first; the labels and synonyms of its categories and needs ("lonely",
// "isolated" for Loneliness) are not its own words, so a listing found
// only through them ranks below every listing whose own text has the word
// (see postings).
var fields = []struct {
	name  string
	boost float64
	own   bool
}{
	{"title", 3, true}, {"summary", 2, true}, {"tags", 2, true},
	{"description", 1, true}, {"organization", 1, true}, {"place", 1, true},
	{"labels", 1.5, false}, {"synonyms", 1, false},
}

// analyzers maps a language's base code to the bleve analyzer for it;
// other languages get plainAnalyzer (words, lower-cased, no stemming).
var analyzers = map[string]string{
	"ar": "ar", "zh": "cjk", "ja": "cjk", "ko": "cjk", "ckb": "ckb", "da": "da", "de": "de",
	"es": "es", "fa": "fa", "fr": "fr", "hi": "hi", "it": "it", "nl": "nl", "pl": "pl", "pt": "pt",
	"ro": "ro", "ru": "ru", "sv": "sv", "tr": "tr",
	"en": englishAnalyzer,
}

// englishAnalyzer is bleve's English analyzer (possessives, lower case,
// stop words, Porter stemming) with one fix before it: "walk in" in the
// sense of dropping in ("walk in without an appointment", "just walk in.",
// "a walk-in clinic") is rewritten "drop in", so that a search for walking
// groups does not find every drop-in. js/search.js rewrites queries the
// same way (walkIn there); keep the two patterns together.
const englishAnalyzer = "signpost-en"

// walkIn is the "walk in" that means "drop in": hyphenated, or followed by
// a word or mark that ends the phrase. Go's regexp has no lookahead, so
// the follower is captured and put back ($2).
const walkIn = `(?im)\bwalk(?:-ins?\b()|[ ]ins?\b(\s+(?:without|any\s?time|anytime|centres?|centers?|clinics?|sessions?|service)\b|\s*[.,;:!?)]|\s*$))`

// plainAnalyzer splits text into words and lower-cases them; it also gives
// the surface words of the word→term table.
const plainAnalyzer = "plain"

// maxTermBytes leaves out terms nobody types (long numbers, stray URLs).
const maxTermBytes = 48

func analyzerFor(lang string) string {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	if a, ok := analyzers[base]; ok {
		return a
	}
	return plainAnalyzer
}

// document is what bleve indexes: one listing's text in one language.
type document struct {
	analyzer     string
	Title        string `json:"title"`
	Summary      string `json:"summary"`
	Tags         string `json:"tags"`
	Labels       string `json:"labels"`
	Synonyms     string `json:"synonyms"`
	Description  string `json:"description"`
	Organization string `json:"organization"`
	Place        string `json:"place"`
}

// BleveType makes the document's type (and so its analyzer) its language's.
func (doc *document) BleveType() string { return doc.analyzer }

func (doc *document) texts() []string {
	return []string{doc.Title, doc.Summary, doc.Tags, doc.Labels, doc.Synonyms, doc.Description, doc.Organization, doc.Place}
}

// corpus is what goes in the index: the listings that are not ended, in
// the directory's order (their position is their number in the index),
// and their documents, with ids "<number>" and "<number>.<lang>".
type corpus struct {
	listings []*content.Listing
	docs     map[string]*document
	ids      []string // sorted the way they were added
}

func newCorpus(d *content.Directory) *corpus {
	c := &corpus{docs: map[string]*document{}}
	tax := d.Taxonomy
	for _, l := range d.Listings {
		if l.Status == "ended" {
			continue
		}
		n := len(c.listings)
		c.listings = append(c.listings, l)
		labels := func(lang string) string {
			var out []string
			for _, id := range l.Categories {
				out = append(out, tax.Categories.Label(id, lang))
			}
			for _, id := range l.Needs {
				out = append(out, tax.Needs.Label(id, lang))
			}
			return strings.Join(out, ". ")
		}
		synonyms := func(lang string) string {
			var out []string
			for _, id := range l.Categories {
				if t := tax.Categories.Term(id); t != nil {
					out = append(out, t.SynonymsIn(lang, d.Config.DefaultLanguage())...)
				}
			}
			for _, id := range l.Needs {
				if t := tax.Needs.Term(id); t != nil {
					out = append(out, t.SynonymsIn(lang, d.Config.DefaultLanguage())...)
				}
			}
			return strings.Join(out, ". ")
		}
		doc := &document{analyzer: analyzerFor(l.Lang), Title: l.Title, Summary: l.Summary,
			Tags: strings.Join(l.Tags, ". "), Labels: labels(d.Config.DefaultLanguage()),
			Synonyms: synonyms(d.Config.DefaultLanguage()), Description: l.Description}
		if o := d.Organization(l.Organization); o != nil {
			doc.Organization = o.Name
		}
		if v := d.Venue(l.Venue); v != nil {
			doc.Place = v.Name + ". " + v.Town
		} else if l.IsOnline() {
			doc.Place = "Online"
		}
		c.add(strconv.Itoa(n), doc)
		for _, code := range slices.Sorted(maps.Keys(l.Translations)) {
			t := l.Translations[code]
			c.add(strconv.Itoa(n)+"."+code, &document{analyzer: analyzerFor(code), Title: t.Title,
				Summary: t.Summary, Labels: labels(code), Synonyms: synonyms(code), Description: t.Description})
		}
	}
	return c
}

func (c *corpus) add(id string, doc *document) {
	c.docs[id] = doc
	c.ids = append(c.ids, id)
}

// posting is one listing's score for a term.
type posting struct {
	n     int32
	score float64
}

// dictionary is what the export needs from bleve: every term's postings,
// sorted by listing number, and the word→term table.
type dictionary struct {
	terms    map[string][]posting
	termList []string            // sorted
	words    map[string][]string // surface word → its analysed terms, when they differ from the word
	// phrases are synonyms made only of stop words ("on my own"), indexed
	// joined by underscores ("on_my_own") so that they are not dropped;
	// the client joins them in a query the same way.
	phrases []string
}

func indexMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	if err := m.AddCustomAnalyzer(plainAnalyzer, map[string]any{
		"type": custom.Name, "tokenizer": unicode.Name, "token_filters": []any{lowercase.Name},
	}); err != nil {
		return nil, err
	}
	if err := m.AddCustomCharFilter("walk-in", map[string]any{"type": regexpchar.Name, "regexp": walkIn, "replace": "drop in$2"}); err != nil {
		return nil, err
	}
	if err := m.AddCustomAnalyzer(englishAnalyzer, map[string]any{
		"type": custom.Name, "char_filters": []any{"walk-in"}, "tokenizer": unicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name, en.StopName, porter.Name},
	}); err != nil {
		return nil, err
	}
	m.DefaultAnalyzer = plainAnalyzer
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.IndexDynamic = false
	seen := map[string]bool{}
	for _, a := range append(slices.Sorted(maps.Values(analyzers)), plainAnalyzer) {
		if seen[a] {
			continue
		}
		seen[a] = true
		dm := bleve.NewDocumentStaticMapping()
		dm.DefaultAnalyzer = a
		for _, f := range fields {
			fm := bleve.NewTextFieldMapping()
			fm.Analyzer = a
			fm.Store = false
			fm.IncludeInAll = false
			fm.IncludeTermVectors = false
			fm.DocValues = false
			dm.AddFieldMappingsAt(f.name, fm)
		}
		m.AddDocumentMapping(a, dm)
	}
	m.DefaultMapping = bleve.NewDocumentDisabledMapping()
	return m, nil
}

// analyse indexes the corpus with bleve, in memory, and reads back every
// term's postings with bleve's score, and the word→term table.
func analyse(ctx context.Context, c *corpus) (*dictionary, error) {
	m, err := indexMapping()
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	phrases, err := joinPhrases(m, c)
	if err != nil {
		return nil, err
	}
	// An empty path keeps scorch in memory: nothing is written to disk.
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("creating the index: %w", err)
	}
	defer idx.Close()
	batch := idx.NewBatch()
	for _, id := range c.ids {
		if err := batch.Index(id, c.docs[id]); err != nil {
			return nil, fmt.Errorf("indexing listing %s: %w", id, err)
		}
		if batch.Size() >= 1000 {
			if err := idx.Batch(batch); err != nil {
				return nil, fmt.Errorf("indexing: %w", err)
			}
			batch.Reset()
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	if err := idx.Batch(batch); err != nil {
		return nil, fmt.Errorf("indexing: %w", err)
	}

	words, err := wordTable(m, c)
	if err != nil {
		return nil, err
	}
	terms, err := postings(ctx, idx)
	if err != nil {
		return nil, err
	}
	return newDictionary(terms, words, phrases), nil
}

// newDictionary is a dictionary with its sorted list of terms.
func newDictionary(terms map[string][]posting, words map[string][]string, phrases []string) *dictionary {
	return &dictionary{terms: terms, termList: slices.Sorted(maps.Keys(terms)), words: words, phrases: phrases}
}

// postings reads, for every term of every field, bleve's tf-idf score of
// each listing with the term (a term searcher's score: sqrt(tf) × idf ×
// field norm), multiplies it by the field's boost and sums over fields and
// over a listing's languages.
func postings(ctx context.Context, idx bleve.Index) (map[string][]posting, error) {
	ai, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := ai.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()

	// Internal document ids → listing numbers.
	listingOf := map[string]int32{}
	all, err := r.DocIDReaderAll()
	if err != nil {
		return nil, err
	}
	maxN := int32(-1)
	for {
		id, err := all.Next()
		if err != nil {
			return nil, err
		}
		if id == nil {
			break
		}
		ext, err := r.ExternalID(id)
		if err != nil {
			return nil, err
		}
		num, _, _ := strings.Cut(ext, ".")
		n, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("document id %q: %w", ext, err)
		}
		listingOf[string(id)] = int32(n)
		maxN = max(maxN, int32(n))
	}
	all.Close()

	byTerm := map[string][]int{} // term → indexes into fields
	for i, f := range fields {
		dict, err := r.FieldDict(f.name)
		if err != nil {
			return nil, err
		}
		for {
			e, err := dict.Next()
			if err != nil {
				return nil, err
			}
			if e == nil {
				break
			}
			if len(e.Term) <= maxTermBytes {
				byTerm[e.Term] = append(byTerm[e.Term], i)
			}
		}
		dict.Close()
	}

	own := make([]float64, maxN+1)   // score from the listing's own text
	given := make([]float64, maxN+1) // score from its terms' labels and synonyms
	var touched []int32
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(16, 0)}
	out := make(map[string][]posting, len(byTerm))
	for term, fs := range byTerm {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		touched = touched[:0]
		for _, fi := range fs {
			s, err := searcher.NewTermSearcher(ctx, r, term, fields[fi].name, 1, bsearch.SearcherOptions{})
			if err != nil {
				return nil, fmt.Errorf("term %q: %w", term, err)
			}
			acc := given
			if fields[fi].own {
				acc = own
			}
			for {
				dm, err := s.Next(sctx)
				if err != nil {
					s.Close()
					return nil, fmt.Errorf("term %q: %w", term, err)
				}
				if dm == nil {
					break
				}
				n := listingOf[string(dm.IndexInternalID)]
				if own[n] == 0 && given[n] == 0 {
					touched = append(touched, n)
				}
				acc[n] += fields[fi].boost * dm.Score
				sctx.DocumentMatchPool.Put(dm)
			}
			s.Close()
		}
		slices.Sort(touched)
		out[term] = tiered(touched, own, given)
	}
	return out, nil
}

// tiered makes the postings of one term from the scores of the listings
// in touched, and clears those scores. A listing whose own text has the
// term keeps its score, nudged up by its labels' and synonyms' share; one
// found only through labels and synonyms is scaled to rank below them all
// (to at most half the lowest own score, and below it once quantised),
// keeping their order among themselves.
func tiered(touched []int32, own, given []float64) []posting {
	lowestOwn, highestGiven := math.Inf(1), 0.0
	for _, n := range touched {
		if own[n] > 0 {
			lowestOwn = min(lowestOwn, own[n])
		} else {
			highestGiven = max(highestGiven, given[n])
		}
	}
	// Own-text scores start at the second quantum, so that the first is
	// left for listings found only through their labels.
	floor := unquantise(2)
	below := 0.0
	if !math.IsInf(lowestOwn, 1) {
		below = unquantise(quantise(max(lowestOwn, floor)) - 1)
	}
	ps := make([]posting, 0, len(touched))
	for _, n := range touched {
		var score float64
		switch {
		case own[n] > 0:
			score = max(own[n]+given[n]/10, floor)
		case !math.IsInf(lowestOwn, 1):
			score = min(lowestOwn/2*given[n]/highestGiven, below)
		default:
			score = given[n]
		}
		ps = append(ps, posting{n: n, score: score})
		own[n], given[n] = 0, 0
	}
	return ps
}

// wordTable analyses every surface word of the corpus on its own with the
// analyzer of its document, and keeps those whose analysed form differs
// from the word: "walking" → "walk", "the" → nothing (a stop word).
func wordTable(m *mapping.IndexMappingImpl, c *corpus) (map[string][]string, error) {
	get := func(name string) (analysis.Analyzer, error) {
		if a := m.AnalyzerNamed(name); a != nil {
			return a, nil
		}
		return nil, fmt.Errorf("no analyzer %q", name)
	}
	plain, err := get(plainAnalyzer)
	if err != nil {
		return nil, err
	}
	seen := map[string]map[string]bool{} // analyzer → words done
	words := map[string][]string{}
	for _, id := range c.ids {
		doc := c.docs[id]
		a, err := get(doc.analyzer)
		if err != nil {
			return nil, err
		}
		done := seen[doc.analyzer]
		if done == nil {
			done = map[string]bool{}
			seen[doc.analyzer] = done
		}
		for _, text := range doc.texts() {
			for _, tok := range plain.Analyze([]byte(text)) {
				w := string(tok.Term)
				if done[w] || len(w) > maxTermBytes {
					continue
				}
				done[w] = true
				var terms []string
				for _, t := range a.Analyze(tok.Term) {
					terms = append(terms, string(t.Term))
				}
				if len(terms) == 1 && terms[0] == w {
					continue
				}
				for _, t := range terms {
					if !slices.Contains(words[w], t) {
						words[w] = append(words[w], t)
					}
				}
				if terms == nil && words[w] == nil {
					words[w] = []string{} // a stop word
				}
			}
		}
	}
	if english := seen[englishAnalyzer]; english != nil {
		a, err := get(englishAnalyzer)
		if err != nil {
			return nil, err
		}
		// A form that some listing's text uses is analysed as that text is.
		used := func(w string) bool {
			for _, done := range seen {
				if done[w] {
					return true
				}
			}
			return false
		}
		// From every word the text uses, and from every stem, so that the
		// forms go both ways: a text that only says "gardening" is found by
		// "gardener" (through the stem garden) as well as by "garden".
		bases := map[string]bool{}
		for w := range english {
			bases[w] = true
			for _, t := range a.Analyze([]byte(w)) {
				bases[string(t.Term)] = true
			}
		}
		for _, w := range slices.Sorted(maps.Keys(bases)) {
			addForms(words, used, a, w)
		}
	}
	for w := range words {
		slices.Sort(words[w])
	}
	return words, nil
}

// addForms adds to the word table the inflected forms of an English word
// that the analyzer stems as it stems the word itself, and that the text
// never uses: the client has no stemmer, so without them a search for
// "gardening" finds nothing in a directory that only ever says "garden".
// The forms are the regular ones (plurals, -ed, -ing, -er, -ly, -ness,
// -ment, with a final e dropped, a final consonant doubled, or y turned
// to i); each is kept only when the analyzer agrees, so none can point a
// query at the wrong term.
func addForms(words map[string][]string, used func(string) bool, a analysis.Analyzer, w string) {
	stems := a.Analyze([]byte(w))
	if len(stems) != 1 || len(w) < 3 || !isLetters(w) {
		return
	}
	stem := string(stems[0].Term)
	var forms []string
	for _, suffix := range []string{"s", "es", "ed", "ing", "er", "ers", "ly", "ness", "ment", "ments"} {
		forms = append(forms, w+suffix)
	}
	last := w[len(w)-1]
	switch {
	case last == 'e':
		base := w[:len(w)-1]
		forms = append(forms, base+"ing", base+"ed", w+"d", w+"r", w+"rs")
	case last == 'y':
		base := w[:len(w)-1]
		forms = append(forms, base+"ies", base+"ied", base+"ier", base+"iness", base+"ily")
	case !isVowel(last) && isVowel(w[len(w)-2]) && !isVowel(w[len(w)-3]) && last != 'w' && last != 'x' && last != 'y':
		forms = append(forms, w+string(last)+"ing", w+string(last)+"ed", w+string(last)+"er")
	}
	for _, f := range forms {
		if used(f) || len(f) > maxTermBytes {
			continue
		}
		got := a.Analyze([]byte(f))
		if len(got) == 1 && string(got[0].Term) == stem && !slices.Contains(words[f], stem) {
			words[f] = append(words[f], stem)
		}
	}
}

func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

func isVowel(b byte) bool { return strings.IndexByte("aeiou", b) >= 0 }

// quantise maps a score to 1…255 on a log scale (about 5 % a step), the
// same scale for every term so that scores can be summed in the browser:
// q = round(20 × ln(1 + 100 × score)); the browser inverts it.
func quantise(score float64) int {
	q := int(math.Round(scoreScale * math.Log1p(100*score)))
	return min(max(q, 1), 255)
}

const scoreScale = 20

// unquantise is the score quantum q stands for, as the client decodes it.
func unquantise(q int) float64 { return math.Expm1(float64(q)/scoreScale) / 100 }

// joinPhrases rewrites, in every document's synonyms, the synonyms of two
// or more words that its analyzer would drop entirely (stop words only:
// "on my own") as one word joined by underscores, which analyzers keep
// whole, and returns them, sorted, as written.
func joinPhrases(m *mapping.IndexMappingImpl, c *corpus) ([]string, error) {
	found := map[string]bool{}
	for _, id := range c.ids {
		doc := c.docs[id]
		a := m.AnalyzerNamed(doc.analyzer)
		if a == nil {
			return nil, fmt.Errorf("no analyzer %q", doc.analyzer)
		}
		synonyms := strings.Split(doc.Synonyms, ". ")
		for i, s := range synonyms {
			ws := strings.Fields(strings.ToLower(s))
			if len(ws) < 2 || len(a.Analyze([]byte(s))) > 0 {
				continue
			}
			synonyms[i] = strings.Join(ws, "_")
			found[strings.Join(ws, " ")] = true
		}
		doc.Synonyms = strings.Join(synonyms, ". ")
	}
	return slices.Sorted(maps.Keys(found)), nil
}
