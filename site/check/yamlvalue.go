package check

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/load"
)

// toValue turns a YAML node into the plain values a JSON Schema validator
// understands (map[string]any, []any, string, int64, float64, bool, nil).
// Dates stay the text they were written as, so "verified: 2026-10-02"
// validates as a date string. Duplicate keys are reported, because YAML
// silently keeps the last one and a volunteer's edit could vanish.
func toValue(src *diag.Source, n *yaml.Node, msgs *diag.List) any {
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				msgs.Add(diag.Message{Severity: diag.Error, Code: diag.YAMLSyntax, Location: src.At(k.Line, k.Column, 1),
					Text: "A field name must be a plain word", Hint: "Write details as \"name: value\", like: title: Riverside Walking Group"})
				continue
			}
			if _, dup := m[k.Value]; dup {
				first := firstKey(n, k.Value)
				msgs.Add(diag.Message{Severity: diag.Error, Code: diag.DuplicateField, Location: keyLocation(src, k),
					Text:  fmt.Sprintf("%q is given twice", k.Value),
					Hint:  "Only the last one would be used. Keep one and delete the other.",
					Notes: []diag.Note{{Text: "It is first given here:", Location: keyLocation(src, first)}}})
				continue
			}
			m[k.Value] = toValue(src, v, msgs)
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			s[i] = toValue(src, c, msgs)
		}
		return s
	case yaml.ScalarNode:
		return scalarValue(n)
	}
	return nil
}

// firstKey is the first key named name of mapping n.
func firstKey(n *yaml.Node, name string) *yaml.Node {
	for i := 0; i < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == name {
			return k
		}
	}
	return nil
}

func scalarValue(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var i int64
		if n.Decode(&i) == nil {
			return i
		}
		var f float64
		if n.Decode(&f) == nil {
			return f
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f
		}
	}
	return n.Value
}

// locate finds the key and value nodes at a path of object keys and array
// indexes. When the path runs out of the document, it returns the deepest
// node it reached.
func locate(root *yaml.Node, path []string) (key, value *yaml.Node) {
	value = root
	for _, tok := range path {
		switch value.Kind {
		case yaml.MappingNode:
			found := false
			for i := 0; i+1 < len(value.Content); i += 2 {
				if value.Content[i].Value == tok {
					key, value = value.Content[i], value.Content[i+1]
					found = true
					break
				}
			}
			if !found {
				return key, value
			}
		case yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(value.Content) {
				return key, value
			}
			key, value = nil, value.Content[i]
		default:
			return key, value
		}
	}
	return key, value
}

// keyOf returns the key node of a field in a mapping, or nil.
func keyOf(m *yaml.Node, field string) *yaml.Node {
	k, _ := locate(m, []string{field})
	if k != nil && k.Value == field {
		return k
	}
	return nil
}

// keysOf returns the key nodes of a mapping by name, the first of each
// name when one is given twice (as keyOf finds it).
func keysOf(m *yaml.Node) map[string]*yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	keys := make(map[string]*yaml.Node, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; keys[k.Value] == nil {
			keys[k.Value] = k
		}
	}
	return keys
}

func keyLocation(src *diag.Source, k *yaml.Node) *diag.Location {
	return src.At(k.Line, k.Column, len([]rune(k.Value)))
}

// valueLocation underlines a scalar as written, quotes included; for lists
// and groups it marks where they start.
func valueLocation(src *diag.Source, n *yaml.Node) *diag.Location {
	if n.Kind != yaml.ScalarNode {
		return src.At(n.Line, n.Column, 1)
	}
	length := len([]rune(n.Value))
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		length += 2
	}
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 || strings.Contains(n.Value, "\n") {
		length = 1
	}
	return src.At(n.Line, n.Column, length)
}

// offsetLocation points at a byte range inside a plain or quoted one-line scalar.
func offsetLocation(src *diag.Source, n *yaml.Node, offset, size int) *diag.Location {
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 || strings.ContainsAny(n.Value, "\n\\") ||
		offset > len(n.Value) {
		return valueLocation(src, n)
	}
	col := n.Column + len([]rune(n.Value[:offset]))
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		col++
	}
	end := min(offset+size, len(n.Value))
	return src.At(n.Line, col, len([]rune(n.Value[offset:end])))
}

// fieldName renders a path for messages: ["contact", "phone"] → "contact.phone";
// list indexes are left out because the caret shows which item.
func fieldName(path []string) string {
	var parts []string
	for _, p := range path {
		if _, err := strconv.Atoi(p); err == nil {
			continue
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ".")
}

// Placeholder marks the values `signpost new` leaves for people to fill in.
const Placeholder = "TODO"

// placeholderWord finds Placeholder as a word anywhere in a value, so that
// https://TODO and "TODO" in quotes are found too.
var placeholderWord = regexp.MustCompile(`\b` + Placeholder + `\b`)

// isPlaceholder reports whether n is a value `signpost new` left to fill in.
func isPlaceholder(n *yaml.Node) bool {
	// The plain search first: the regular expression, run on every value
	// of every file, was a twentieth of the whole check.
	return n.Kind == yaml.ScalarNode && strings.Contains(n.Value, Placeholder) && placeholderWord.MatchString(n.Value)
}

// findPlaceholders reports every value that still holds Placeholder, and
// a Markdown body that starts with it. Each message points at the note
// the template left about that field, where it really is.
func findPlaceholders(f *load.File) diag.List {
	var msgs diag.List
	root := f.Data
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, value := root.Content[i], root.Content[i+1]
		hint := placeholderHint(key, value)
		walkScalars(value, func(n *yaml.Node) {
			if isPlaceholder(n) {
				msgs.Add(diag.Message{Severity: diag.Error, Code: diag.Placeholder, Location: placeholderLocation(f.Source, n),
					Text: fmt.Sprintf("%q is still a placeholder from the template", key.Value), Hint: hint})
			}
		})
	}
	if body := strings.TrimSpace(f.Body); f.Markdown && strings.HasPrefix(body, Placeholder) {
		at := f.BodyOffset + strings.Index(f.Body, Placeholder)
		msgs.Add(diag.Message{Severity: diag.Error, Code: diag.Placeholder, Location: f.Source.AtOffset(at, len(Placeholder)),
			Text: "The description below the details is still the template's",
			Hint: "Replace it with a few short paragraphs about the activity: what happens, who comes, what it is like."})
	}
	return msgs
}

// placeholderLocation marks the value holding a placeholder; in a block
// of text (description: |) it marks the TODO in the lines below.
func placeholderLocation(src *diag.Source, n *yaml.Node) *diag.Location {
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		return valueLocation(src, n)
	}
	for line := n.Line + 1; line <= src.Lines(); line++ {
		if i := strings.Index(src.LineText(line), Placeholder); i >= 0 {
			return src.At(line, utf8.RuneCountInString(src.LineText(line)[:i])+1, len(Placeholder))
		}
	}
	return valueLocation(src, n)
}

// walkScalars calls fn for every scalar in n.
func walkScalars(n *yaml.Node, fn func(*yaml.Node)) {
	if n.Kind == yaml.ScalarNode {
		fn(n)
	}
	for _, c := range n.Content {
		walkScalars(c, fn)
	}
}

// placeholderHint says how to fill in the field key, quoting the note
// left about it: the comment lines just above the field, or the comment
// at the end of its line.
func placeholderHint(key, value *yaml.Node) string {
	const fill = "Replace the TODO with the real details"
	if note := lastParagraph(key.HeadComment); note != "" {
		return fill + ", as the note above the line says:\n\n" + note +
			"\n\nIf the note says it is optional and you do not need it, delete the line."
	}
	if note := lastParagraph(cmp.Or(value.LineComment, key.LineComment)); note != "" {
		return fill + ", as the note at the end of the line says:\n\n" + note
	}
	return fill + "."
}

// lastParagraph is the last block of comment lines, without blank lines:
// the note just above a field, not the file's introduction.
func lastParagraph(comment string) string {
	comment = strings.TrimSpace(comment)
	if i := strings.LastIndex(comment, "\n\n"); i >= 0 {
		comment = comment[i+2:]
	}
	var lines []string
	for line := range strings.Lines(comment) {
		lines = append(lines, "  "+strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "#")))
	}
	return strings.Join(lines, "\n")
}

// isText reports whether a node is a plain text value (not a list, group or number).
func isText(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" && n.Value != ""
}

// fieldValue returns the value node of a top-level field; ok is false
// when the field is absent.
func fieldValue(m *yaml.Node, field string) (value *yaml.Node, ok bool) {
	k, v := locate(m, []string{field})
	return v, k != nil
}

// fieldLocation marks the value of a top-level field, or the start of the
// group when the field is absent.
func fieldLocation(src *diag.Source, m *yaml.Node, field string) *diag.Location {
	if v, ok := fieldValue(m, field); ok {
		return valueLocation(src, v)
	}
	return valueLocation(src, m)
}
