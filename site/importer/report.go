package importer

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/schedule"
)

// check finds, in what will be written, the values check would refuse,
// so the report names each one: every import either passes check or
// fails it only where the report says.
func (p *plan) check() []Note {
	var notes []Note
	tax := content.BuiltinTaxonomy()
	for _, f := range p.files {
		note := func(field, text string) {
			notes = append(notes, Note{Kind: f.kind, ID: f.key, Field: field, Text: text})
		}
		for _, key := range f.fields.missing {
			note(key, fmt.Sprintf("%q is not in the source: replace TODO", key))
		}
		m := f.fields.root
		terms(m, "categories", "category", tax.Categories, note)
		terms(m, "needs", "need", tax.Needs, note)
		terms(m, "accessibility", "accessibility term", tax.Accessibility, note)
		if a := value(m, "audience"); a != nil {
			terms(a, "groups", "audience group", tax.Audience, note)
		}
		if v := value(m, "venue"); v != nil && v.Value == content.Online && value(m, "online_url") == nil {
			note("venue", "The activity is online, but no online_url says where to join: add one")
		}
		tooLong(m, "title", 80, note)
		tooLong(m, "summary", 200, note)
		if s := value(m, "schedule"); s != nil && !contains(f.fields.missing, "schedule") {
			for _, r := range s.Content {
				if _, err := schedule.Parse(r.Value); err != nil {
					note("schedule", fmt.Sprintf("%q is not a schedule rule: %v", r.Value, err))
				}
			}
		}
	}
	return notes
}

func value(m *yaml.Node, key string) *yaml.Node {
	if i := keyIndex(m, key); i >= 0 {
		return m.Content[i+1]
	}
	return nil
}

func terms(m *yaml.Node, key, what string, v *content.Vocabulary, note func(field, text string)) {
	list := value(m, key)
	if list == nil {
		return
	}
	for _, t := range list.Content {
		if !v.Has(t.Value) {
			note(key, fmt.Sprintf("Unknown %s %q", what, t.Value))
		}
	}
}

func tooLong(m *yaml.Node, key string, max int, note func(field, text string)) {
	if v := value(m, key); v != nil {
		if n := utf8.RuneCountInString(v.Value); n > max {
			note(key, fmt.Sprintf("The %s is %d characters long: shorten it to at most %d", key, n, max))
		}
	}
}

// place puts each note in the file written, at the line of its field.
func (p *plan) place(notes []Note) {
	byKey := map[string]*file{}
	for _, f := range p.files {
		byKey[f.kind+"/"+f.key] = f
	}
	for _, n := range notes {
		f := byKey[n.Kind+"/"+n.ID]
		if f == nil || f.text == nil {
			continue // its file was left as it was
		}
		p.report.Decide = append(p.report.Decide, Decision{Note: n, File: f.path, Line: lineOf(f, n.Field)})
	}
	// In the order of the files, as check reports, so each file is fixed in one go.
	slices.SortStableFunc(p.report.Decide, func(a, b Decision) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
}

// lineOf is the line of field in f's text; 1 when it is not there.
func lineOf(f *file, field string) int {
	front, offset := f.text, 0
	if f.kind == "listing" {
		front, _ = splitFrontMatter(f.text)
		offset = 1
	}
	var doc yaml.Node
	if yaml.Unmarshal(front, &doc) != nil || len(doc.Content) == 0 {
		return 1
	}
	m := doc.Content[0]
	if i := keyIndex(m, field); i >= 0 {
		return m.Content[i].Line + offset
	}
	if field == "description" && f.kind == "listing" {
		return strings.Count(string(front), "\n") + 3
	}
	return 1
}

// duplicates reports likely duplicates among what was written: the same
// title at the same venue, the same charity number, the same phone.
func (p *plan) duplicates(set Set) {
	seen := map[string]*file{}
	for _, f := range p.files {
		if f.text == nil {
			continue
		}
		for _, k := range duplicateKeys(f) {
			first, ok := seen[k.key]
			if !ok {
				seen[k.key] = f
				continue
			}
			if first == f {
				continue
			}
			p.report.Duplicates = append(p.report.Duplicates, Decision{
				Note: Note{Kind: f.kind, ID: f.id, Field: k.field,
					Text: fmt.Sprintf("Likely the same as %s: %s", first.path, k.why)},
				File: f.path, Line: lineOf(f, k.field)})
		}
	}
}

type dupKey struct{ key, field, why string }

func duplicateKeys(f *file) []dupKey {
	m := f.fields.root
	text := func(key string) string {
		if v := value(m, key); v != nil && v.Kind == yaml.ScalarNode && v.Value != placeholder {
			return v.Value
		}
		return ""
	}
	var keys []dupKey
	if t, v := text("title"), text("venue"); t != "" && v != "" && v != content.Online {
		keys = append(keys, dupKey{"title|" + strings.ToLower(t) + "|" + v, "title", "the same title at the same venue"})
	}
	if c := text("charity_number"); c != "" {
		keys = append(keys, dupKey{"charity|" + content.Digits(c), "charity_number", "the same charity number"})
	}
	phone := text("phone")
	if c := value(m, "contact"); c != nil {
		if v := value(c, "phone"); v != nil {
			phone = v.Value
		}
	}
	if phone != "" && f.kind != "listing" {
		keys = append(keys, dupKey{"phone|" + content.Digits(phone), "phone", "the same phone number"})
	}
	return keys
}

// WriteText prints the report for a person: what was written, what was
// dropped, then every value to decide as file:line: text, as check does.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Wrote %s.\n", r.Written)
	if r.Updated != (Counts{}) {
		fmt.Fprintf(&b, "Updated %s.\n", r.Updated)
	}
	if r.Unchanged != (Counts{}) {
		fmt.Fprintf(&b, "Left %s as they were: they are already there (import with --update to update them).\n", r.Unchanged)
	}
	fields := make([]string, 0, len(r.Dropped))
	for f := range r.Dropped {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	for _, f := range fields {
		fmt.Fprintf(&b, "Dropped %s: %s had nowhere to go.\n", plural(r.Dropped[f], "value"), f)
	}
	section(&b, "to decide", r.Decide)
	section(&b, "likely duplicates", r.Duplicates)
	_, err := io.WriteString(w, b.String())
	return err
}

func section(b *strings.Builder, title string, ds []Decision) {
	if len(ds) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%d %s:\n", len(ds), title)
	for _, d := range ds {
		fmt.Fprintf(b, "%s:%d: %s", d.File, d.Line, d.Text)
		if d.Source != "" {
			fmt.Fprintf(b, " (%s)", d.Source)
		}
		b.WriteByte('\n')
	}
}

func (c Counts) String() string {
	s := fmt.Sprintf("%s, %s and %s", plural(c.Listings, "listing"), plural(c.Organizations, "organization"), plural(c.Venues, "venue"))
	if c.Translations > 0 {
		s += fmt.Sprintf(" (and %s)", plural(c.Translations, "translation"))
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
