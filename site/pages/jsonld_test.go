package pages

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

// schemaOrg is the part of the schema.org vocabulary the test needs (see
// testdata/README.md).
type schemaOrg struct {
	Types      map[string][]string `json:"types"`      // type → its direct supertypes
	Properties map[string][]string `json:"properties"` // property → the types it belongs to
	Members    []string            `json:"members"`    // enumeration members, like EventScheduled
}

// is reports whether typ is want or one of its subtypes.
func (v *schemaOrg) is(typ, want string) bool {
	if typ == want {
		return true
	}
	for _, super := range v.Types[typ] {
		if v.is(super, want) {
			return true
		}
	}
	return false
}

// problems lists what in node the vocabulary does not allow: unknown
// types, properties the node's type does not have, unknown terms.
func (v *schemaOrg) problems(node any, path string) []string {
	var out []string
	switch n := node.(type) {
	case []any:
		for _, x := range n {
			out = append(out, v.problems(x, path)...)
		}
	case string:
		if term, ok := strings.CutPrefix(n, "https://schema.org/"); ok && term != "" &&
			!slices.Contains(v.Members, term) && v.Types[term] == nil && v.Properties[term] == nil {
			out = append(out, path+": "+n+" is not a schema.org term")
		}
	case map[string]any:
		typ, _ := n["@type"].(string)
		if _, known := v.Types[typ]; !known {
			return append(out, path+": unknown type "+typ)
		}
		for key, value := range n {
			if strings.HasPrefix(key, "@") {
				continue
			}
			domains, known := v.Properties[key]
			if !known {
				out = append(out, path+": unknown property "+key)
			} else if !slices.ContainsFunc(domains, func(d string) bool { return v.is(typ, d) }) {
				out = append(out, path+": "+typ+" has no property "+key)
			}
			out = append(out, v.problems(value, path+"."+key)...)
		}
	}
	return out
}

// TestJSONLDFitsSchemaOrg checks every listing's JSON-LD of the sample (event
// series, by-appointment services, online and at a venue) against the
// schema.org vocabulary: known types, and only properties those types have.
func TestJSONLDFitsSchemaOrg(t *testing.T) {
	data, err := os.ReadFile("testdata/schemaorg-30.0.json")
	if err != nil {
		t.Fatal(err)
	}
	var vocab schemaOrg
	if err := json.Unmarshal(data, &vocab); err != nil {
		t.Fatal(err)
	}
	p, err := Build(context.Background(), sample(t), Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for path := range p.Files {
		if !strings.HasPrefix(path, "content/listings/") || strings.HasSuffix(path, "_index.md") {
			continue
		}
		l, _ := frontMatter[Listing](t, p, path)
		var doc map[string]any
		if err := json.Unmarshal([]byte(l.JSONLD), &doc); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		seen[doc["@type"].(string)]++
		for _, problem := range vocab.problems(doc, l.ID) {
			t.Error(problem)
		}
	}
	if seen["EventSeries"] == 0 || seen["Service"] == 0 {
		t.Errorf("the sample should give both kinds of listing: %v", seen)
	}
}
