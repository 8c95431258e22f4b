package check

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/suggest"
)

// How a value that is not a term's id was recognised as one.
type termMatch int

const (
	noMatch   termMatch = iota
	asID                // the id in capitals or with spaces: Movement, Peer Support
	asLabel             // the label the site shows: Movement and exercise
	asSynonym           // a word people use for it: walking
	asTypo              // a near miss: movment
)

// foldID writes a value the way ids are written, so "Peer Support" and
// "peer_support" compare equal to peer-support.
func foldID(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '-' || r == '_' || r == '\t'
	}), "-")
}

// matchTerm finds the term a volunteer most likely meant by value: the
// site shows terms by their labels, so volunteers type those, in any case.
func matchTerm(value string, v *content.Vocabulary) (string, termMatch) {
	want := foldID(value)
	for _, how := range []termMatch{asID, asLabel, asSynonym} {
		for _, t := range v.Terms {
			if termWords(t, how, want) {
				return t.ID, how
			}
		}
	}
	if id := suggest.Closest(value, v.IDs()); id != "" {
		return id, asTypo
	}
	return "", noMatch
}

// termWords reports whether the folded value is one of t's words of the kind how.
func termWords(t content.Term, how termMatch, want string) bool {
	var words []string
	switch how {
	case asID:
		words = []string{t.ID}
	case asLabel:
		words = []string{t.Label}
		for _, tr := range t.Translations {
			words = append(words, tr.Label)
		}
	case asSynonym:
		words = t.Synonyms
	}
	for _, w := range words {
		if w != "" && foldID(w) == want {
			return true
		}
	}
	return false
}

// unknownTerm explains a value of a vocabulary list that is not a term's id.
func unknownTerm(f *load.File, item *yaml.Node, v *content.Vocabulary) diag.Message {
	nouns := termNouns(v.Name)
	id, how := matchTerm(item.Value, v)
	m := diag.Message{Severity: diag.Error, Code: diag.UnknownTerm, Location: valueLocation(f.Source, item),
		Text:       fmt.Sprintf("Unknown %s %q", nouns.singular, item.Value),
		Suggestion: id,
		Hint: fmt.Sprintf("%s are written as ids, in small letters with hyphens: %s.\nNew ones can be added in taxonomy.yaml.",
			upperFirst(nouns.plural), strings.Join(v.IDs(), ", "))}
	switch how {
	case asID, asLabel:
		m.Text = fmt.Sprintf("Write the %s %q as its id, %s", nouns.singular, item.Value, id)
		m.Hint = fmt.Sprintf("The site shows the %s %s as %q; a listing names it by its id.\n", nouns.singular, id, v.Label(id, "")) + m.Hint
	case asSynonym:
		m.Hint = fmt.Sprintf("People who search for %q find the %s %s.\n", item.Value, nouns.singular, id) + m.Hint
	}
	return m
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// referenceSuggestion is the id a volunteer most likely meant by value in
// a reference to another file: the id in capitals or with spaces
// (Village Hall for village-hall), the name written in the file (names
// maps each folded name to its file's id), or a near miss.
func referenceSuggestion(value string, known []string, names map[string]string) (id string, byName bool) {
	want := foldID(value)
	for _, k := range known {
		if foldID(k) == want {
			return k, false
		}
	}
	if id, ok := names[want]; ok {
		return id, true
	}
	return suggest.Closest(value, known), false
}
