package hsds

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site/content"
)

// Target is a term of one of the directory's vocabularies.
type Target struct {
	Vocabulary string // categories, needs, accessibility or audience
	Term       string // the term's id, like "movement"
}

func (t Target) String() string { return t.Vocabulary + "/" + t.Term }

// Terms maps the taxonomy terms of an HSDS feed to the directory's
// vocabularies. A term is looked up, in this order, in the user's map
// (MAP.yaml), in the directory's own vocabularies when the feed names them
// (as signpost's export does), in the defaults for common Open Referral UK
// and LGA terms, and last by the labels and synonyms of the directory's
// terms. The zero value is not usable; make one with NewTerms.
type Terms struct {
	taxonomy *content.Taxonomy
	user     map[string][]Target
	defaults map[string][]Target
	words    map[string][]Target
}

// NewTerms makes the mapping for a directory's vocabularies (nil means the
// built-in ones), with the user's map read from MAP.yaml (nil for none).
func NewTerms(tax *content.Taxonomy, mapFile []byte) (*Terms, error) {
	if tax == nil {
		tax = content.BuiltinTaxonomy()
	}
	t := &Terms{taxonomy: tax, user: map[string][]Target{}, defaults: map[string][]Target{}, words: map[string][]Target{}}
	for name, targets := range defaultTerms {
		for _, s := range targets {
			target, err := t.target(s)
			if err != nil {
				continue // a directory may have removed the term: the default does not apply
			}
			t.defaults[normal(name)] = append(t.defaults[normal(name)], target)
		}
	}
	t.indexWords()
	if mapFile != nil {
		if err := t.readMap(mapFile); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// indexWords indexes every term of the directory by id, label and synonym.
func (t *Terms) indexWords() {
	for _, v := range t.taxonomy.Vocabularies() {
		for _, term := range v.Terms {
			target := Target{v.Name, term.ID}
			words := append([]string{term.ID, term.Label}, term.Synonyms...)
			for _, w := range words {
				key := normal(w)
				if !slices.Contains(t.words[key], target) {
					t.words[key] = append(t.words[key], target)
				}
			}
		}
	}
}

// readMap reads MAP.yaml:
//
//	terms:
//	  "Physical activity": [movement, physical-activity]
//	  "esd-needs:123": [needs/loneliness]
//	  "Adult social care": []     # known, and left out on purpose
func (t *Terms) readMap(data []byte) error {
	var doc struct {
		Terms yaml.Node `yaml:"terms"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("reading the map: %w", err)
	}
	n := &doc.Terms
	if n.Kind == 0 {
		return fmt.Errorf("the map has no terms: write them under \"terms:\", like\n  terms:\n    \"Physical activity\": [movement]")
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: terms must be a list of \"HSDS term\": [signpost terms]", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		targets, err := t.targets(value)
		if err != nil {
			return fmt.Errorf("line %d: %q: %w", value.Line, key.Value, err)
		}
		t.user[normal(key.Value)] = targets
	}
	return nil
}

// targets reads one value of the map: a term, or a list of them.
func (t *Terms) targets(n *yaml.Node) ([]Target, error) {
	var names []string
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Value != "" {
			names = []string{n.Value}
		}
	case yaml.SequenceNode:
		for _, item := range n.Content {
			if item.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("write each term as text, like movement or needs/loneliness")
			}
			names = append(names, item.Value)
		}
	default:
		return nil, fmt.Errorf("write a term or a list of terms, like [movement, needs/loneliness]")
	}
	out := []Target{}
	for _, name := range names {
		target, err := t.target(name)
		if err != nil {
			return nil, err
		}
		out = append(out, target)
	}
	return out, nil
}

// target reads "vocabulary/term", or a bare term id found in exactly one
// vocabulary.
func (t *Terms) target(s string) (Target, error) {
	s = strings.TrimSpace(s)
	if vocab, id, ok := strings.Cut(s, "/"); ok {
		v := t.taxonomy.Vocabulary(vocab)
		if v == nil {
			return Target{}, fmt.Errorf("%q: there is no vocabulary %q; the vocabularies are categories, needs, accessibility and audience", s, vocab)
		}
		if !v.Has(id) {
			return Target{}, fmt.Errorf("%q: %s has no term %q; its terms are %s", s, vocab, id, strings.Join(v.IDs(), ", "))
		}
		return Target{vocab, id}, nil
	}
	var found []Target
	for _, v := range t.taxonomy.Vocabularies() {
		if v.Has(s) {
			found = append(found, Target{v.Name, s})
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return Target{}, fmt.Errorf("%q is not a term of any vocabulary (categories, needs, accessibility, audience)", s)
	}
	return Target{}, fmt.Errorf("%q is a term of %s and %s: write %s or %s", s, found[0].Vocabulary, found[1].Vocabulary, found[0], found[1])
}

// Term is an HSDS taxonomy term as a feed gives it.
type Term struct {
	Taxonomy string // the taxonomy's name, like "categories" or "esdNeeds"
	Code     string
	Name     string
}

func (t Term) String() string {
	s := cmpOr(t.Name, t.Code)
	if t.Taxonomy != "" {
		s = t.Taxonomy + ": " + s
	}
	return s
}

// Map returns the directory's terms for an HSDS term. ok is false when
// nothing is known about the term; a term the user mapped to nothing is
// known, with no targets.
func (t *Terms) Map(term Term) (targets []Target, ok bool) {
	keys := []string{term.Taxonomy + ":" + term.Code, term.Taxonomy + ":" + term.Name, term.Code, term.Name}
	for _, k := range keys {
		if got, ok := t.user[normal(k)]; ok && normal(k) != "" {
			return got, true
		}
	}
	if v := t.taxonomy.Vocabulary(term.Taxonomy); v != nil && v.Has(term.Code) {
		return []Target{{v.Name, term.Code}}, true
	}
	for _, table := range []map[string][]Target{t.defaults, t.words} {
		for _, k := range []string{term.Name, term.Code} {
			if got := table[normal(k)]; len(got) > 0 {
				return got, true
			}
		}
	}
	return nil, false
}

// normal folds a term for lookup: lower case, "&" as "and", punctuation
// as spaces, spaces collapsed; so "Arts & Crafts" finds "arts and crafts".
func normal(s string) string {
	s = strings.ReplaceAll(strings.ToLower(s), "&", " and ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == ':' || r == '+' {
			return r
		}
		return ' '
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
