package schema

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestQuickCheckReadsEverySchema(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Kinds {
		if set.quick[k] == nil {
			t.Errorf("the quick check cannot read %s", k.FileName())
		}
	}
	c := &quickCompiler{raw: map[string]map[string]any{"x.json": {"type": "string", "if": map[string]any{}}},
		compiled: map[string]*quickSchema{}}
	if _, err := c.ref("x.json", ""); err == nil || !strings.Contains(err.Error(), `"if"`) {
		t.Errorf("a keyword the quick check does not know: %v", err)
	}
}

// sampleDocuments reads the sample directory's files as check hands them
// to Validate: integers as int64, dates as the text written.
func sampleDocuments(t *testing.T) map[string]any {
	t.Helper()
	docs := map[string]any{}
	for _, pattern := range []string{"*.yaml", "*/*.yaml", "*/*.md"} {
		paths, _ := filepath.Glob(filepath.Join("..", "content", pattern))
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(p, ".md") {
				parts := strings.SplitN(string(data), "---\n", 3)
				data = []byte(parts[1])
			}
			var n yaml.Node
			if err := yaml.Unmarshal(data, &n); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			docs[filepath.ToSlash(p)] = plainValue(n.Content[0])
		}
	}
	if len(docs) < 40 {
		t.Fatalf("only %d sample files", len(docs))
	}
	return docs
}

func plainValue(n *yaml.Node) any {
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = plainValue(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		s := []any{}
		for _, c := range n.Content {
			s = append(s, plainValue(c))
		}
		return s
	}
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		return n.Value == "true"
	case "!!int":
		if i, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
			return i
		}
	case "!!float":
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return f
		}
	}
	return n.Value
}

// kindOf is the schema a sample file is checked against.
func kindOf(path string) Kind {
	switch {
	case strings.HasSuffix(path, "directory.yaml"):
		return Directory
	case strings.HasSuffix(path, "taxonomy.yaml"):
		return Taxonomy
	case strings.HasSuffix(path, "places.yaml"):
		return Places
	case strings.Contains(path, "organizations/"):
		return Organization
	case strings.Contains(path, "venues/"):
		return Venue
	case strings.Count(filepath.Base(path), ".") > 1:
		return Translation
	}
	return Listing
}

// assertQuickAgrees fails when the quick check passes a document the
// validator refuses; it reports what the quick check said.
func assertQuickAgrees(t *testing.T, set *Set, k Kind, doc any, what string) bool {
	t.Helper()
	quick := set.Passes(k, doc)
	if err := set.ValidateFully(k, doc); quick && err != nil {
		got, _ := json.Marshal(doc)
		t.Fatalf("%s: the quick check passes what the validator refuses (%v):\n%s", what, err, got)
	}
	return quick
}

// replacements are values put in place of each value of the sample's
// files, to see the quick check refuse, or leave to the validator, what
// the validator refuses.
var replacements = []any{nil, "", "x", "free", "session", "every Monday 10:00-11:00", "walking", "2026-02-30",
	"2026-10-02", "not an email", "sue@example.org", "07700 900123", "https://example.org/", "en", "Café",
	strings.Repeat("long ", 400), int64(0), int64(-1), int64(18), int64(1) << 60, 1.5, 18.0, -2.5, true,
	[]any{}, []any{"x", "x"}, []any{"walking", "lunch"}, []any{int64(1)}, map[string]any{},
	map[string]any{"amount": 3.5, "per": "session"}, map[string]any{"min_age": int64(18)}}

// TestQuickCheckAgreesWithValidator: on every file of the sample and on
// every change of one of their values (replaced, or deleted, or an unknown
// field added), the quick check never passes what the validator refuses,
// and it passes every file of the sample, which are valid.
func TestQuickCheckAgreesWithValidator(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	variants := 0
	for path, doc := range sampleDocuments(t) {
		k := kindOf(path)
		if !assertQuickAgrees(t, set, k, doc, path) {
			t.Errorf("%s: the quick check does not pass a file of the sample (%v)", path, set.ValidateFully(k, doc))
		}
		for variant := range mutations(doc) {
			assertQuickAgrees(t, set, k, variant, path+" changed")
			variants++
		}
	}
	t.Logf("%d changed documents", variants)
}

// mutations yields copies of doc with one value replaced or deleted, or
// one field added.
func mutations(doc any) func(yield func(any) bool) {
	return func(yield func(any) bool) {
		var walk func(v any, set func(any) any) bool
		walk = func(v any, set func(any) any) bool {
			for _, r := range replacements {
				if !yield(set(r)) {
					return false
				}
			}
			switch v := v.(type) {
			case map[string]any:
				for key, child := range v {
					setChild := func(r any) any {
						m := maps.Clone(v)
						m[key] = r
						return set(m)
					}
					if !walk(child, setChild) {
						return false
					}
					m := maps.Clone(v)
					delete(m, key)
					if !yield(set(m)) {
						return false
					}
				}
				m := maps.Clone(v)
				m["unknown_field"] = "x"
				return yield(set(m))
			case []any:
				for i, child := range v {
					setChild := func(r any) any {
						s := append([]any(nil), v...)
						s[i] = r
						return set(s)
					}
					if !walk(child, setChild) {
						return false
					}
				}
			}
			return true
		}
		walk(doc, func(r any) any { return r })
	}
}

// FuzzQuickCheck: for any JSON document and any schema, the quick check
// never passes what the validator refuses.
func FuzzQuickCheck(f *testing.F) {
	set, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(`{"name": "Hall", "postcode": "MB1 0AB", "lat": 52.1, "lon": -1.7}`)
	f.Add(`{"title": "Walk", "cost": {"amount": 0, "per": "week"}, "audience": {"min_age": 18.0}, "tags": ["a", "a"]}`)
	f.Add(`{"name": "Trust", "email": "a@b", "phone": "01632 960000", "website": "https://x.org"}`)
	f.Add(`{"needs": {"x": {"label": "X", "translations": {"pl": {"label": "Y"}}}}}`)
	f.Fuzz(func(t *testing.T, text string) {
		dec := json.NewDecoder(bytes.NewReader([]byte(text)))
		dec.UseNumber()
		var doc any
		if dec.Decode(&doc) != nil {
			return
		}
		doc = fromJSON(doc)
		for _, k := range Kinds {
			assertQuickAgrees(t, set, k, doc, string(k))
		}
	})
}

func fromJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, c := range v {
			v[k] = fromJSON(c)
		}
	case []any:
		for i, c := range v {
			v[i] = fromJSON(c)
		}
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		f, _ := v.Float64()
		return f
	}
	return v
}
