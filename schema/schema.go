// Package schema holds the JSON Schemas (draft 2020-12) that describe every
// content file, embedded into the binary. The same files are what editors use
// for completion and tooltips (VS Code's YAML extension reads the
// "# yaml-language-server: $schema=" header), so the descriptions and
// examples in them double as the hints `signpost check` prints.
package schema

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed *.schema.json
var files embed.FS

// Kind names one of the schemas.
type Kind string

const (
	Directory    Kind = "directory"
	Organization Kind = "organization"
	Venue        Kind = "venue"
	Listing      Kind = "listing"
	Translation  Kind = "translation"
	Taxonomy     Kind = "taxonomy"
	Places       Kind = "places"
)

// Kinds lists every schema that describes a whole file.
var Kinds = []Kind{Directory, Organization, Venue, Listing, Translation, Taxonomy, Places}

// FileName returns the schema's file name, e.g. "listing.schema.json".
func (k Kind) FileName() string { return string(k) + ".schema.json" }

// FS returns the schema files, for writing them next to a site or serving them.
func FS() fs.FS { return files }

// baseURL is where the compiler believes the schemas live; they refer to
// each other by relative file name, which works both here and in editors.
const baseURL = "file:///signpost/schema/"

// Set is the compiled schemas plus their raw JSON, for looking up field help.
type Set struct {
	compiled map[Kind]*jsonschema.Schema
	quick    map[Kind]*quickSchema     // nil when the quick check cannot read every schema
	raw      map[string]map[string]any // by file name
}

// Load compiles the embedded schemas.
func Load() (*Set, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	set := &Set{compiled: map[Kind]*jsonschema.Schema{}, raw: map[string]map[string]any{}}
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil, fmt.Errorf("reading embedded schemas: %w", err)
	}
	for _, e := range entries {
		data, err := fs.ReadFile(files, e.Name())
		if err != nil {
			return nil, fmt.Errorf("reading schema %s: %w", e.Name(), err)
		}
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(string(data)))
		if err != nil {
			return nil, fmt.Errorf("parsing schema %s: %w", e.Name(), err)
		}
		if err := c.AddResource(baseURL+e.Name(), doc); err != nil {
			return nil, fmt.Errorf("adding schema %s: %w", e.Name(), err)
		}
		var raw map[string]any
		if err := json.Unmarshal(data, &raw); err != nil {
			return nil, fmt.Errorf("parsing schema %s: %w", e.Name(), err)
		}
		set.raw[e.Name()] = raw
	}
	for _, k := range Kinds {
		s, err := c.Compile(baseURL + k.FileName())
		if err != nil {
			return nil, fmt.Errorf("compiling schema %s: %w", k.FileName(), err)
		}
		set.compiled[k] = s
	}
	set.quick = map[Kind]*quickSchema{}
	quick := &quickCompiler{raw: set.raw, compiled: map[string]*quickSchema{}, formats: map[string]*jsonschema.Schema{}}
	for _, k := range Kinds {
		// When the quick check cannot read one schema, every document is
		// validated in full: a schema it could not read may be half
		// compiled, and others refer to its parts
		// (TestQuickCheckReadsEverySchema makes sure this never happens).
		q, err := quick.ref(k.FileName(), "")
		if err != nil {
			set.quick = nil
			break
		}
		set.quick[k] = q
	}
	return set, nil
}

// Validate checks a decoded document (maps, slices, strings, float64, int64,
// bool, nil) against the schema of the given kind. A failure is a
// *jsonschema.ValidationError.
func (s *Set) Validate(k Kind, doc any) error {
	if s.Passes(k, doc) {
		return nil
	}
	return s.ValidateFully(k, doc)
}

// Passes is the quick check of Validate (quick.go): true when doc
// certainly passes the schema of kind k; false when it fails or the quick
// check cannot tell.
func (s *Set) Passes(k Kind, doc any) bool {
	q := s.quick[k]
	return q != nil && q.check(doc) == passes
}

// ValidateFully is Validate without the quick check.
func (s *Set) ValidateFully(k Kind, doc any) error {
	sch, ok := s.compiled[k]
	if !ok {
		return fmt.Errorf("no schema for %q", k)
	}
	return sch.Validate(doc)
}

// Field is the help a schema gives about one place in a document.
type Field struct {
	Description string
	Examples    []string
	// Properties are the field names allowed at this place, when it is an object.
	Properties []string
	// Enum lists the allowed values, when there is a fixed list.
	Enum []string
}

// Field returns the help for the value at path (object keys and array
// indexes as strings) in a document of the given kind. Unknown paths give
// an empty Field.
func (s *Set) Field(k Kind, path []string) Field {
	file := k.FileName()
	node := s.raw[file]
	for _, tok := range path {
		file, node = s.resolve(file, node)
		next := s.child(node, tok)
		if next == nil {
			return Field{}
		}
		node = next
	}
	// The description next to a $ref wins over the referenced one, as
	// editors show it.
	f := Field{}
	fillField(&f, node)
	_, node = s.resolve(file, node)
	fillField(&f, node)
	return f
}

func fillField(f *Field, node map[string]any) {
	if node == nil {
		return
	}
	if d, ok := node["description"].(string); ok && f.Description == "" {
		f.Description = d
	}
	if ex, ok := node["examples"].([]any); ok && f.Examples == nil {
		for _, e := range ex {
			if s, ok := e.(string); ok {
				f.Examples = append(f.Examples, s)
			}
		}
	}
	if props, ok := node["properties"].(map[string]any); ok && f.Properties == nil {
		for name := range props {
			f.Properties = append(f.Properties, name)
		}
	}
	if enum, ok := node["enum"].([]any); ok && f.Enum == nil {
		for _, e := range enum {
			if s, ok := e.(string); ok {
				f.Enum = append(f.Enum, s)
			}
		}
	}
}

// resolve follows $ref until it reaches a schema without one.
func (s *Set) resolve(file string, node map[string]any) (string, map[string]any) {
	for range 8 { // refs in these schemas are never deeper; this bounds cycles
		ref, ok := node["$ref"].(string)
		if !ok {
			return file, node
		}
		target, pointer, _ := strings.Cut(ref, "#")
		if target != "" {
			file = target
		}
		node = s.raw[file]
		for _, part := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
			if part == "" {
				continue
			}
			m, _ := node[part].(map[string]any)
			node = m
		}
		if node == nil {
			return file, nil
		}
	}
	return file, node
}

// child steps from an object or array schema to the schema of one member.
func (s *Set) child(node map[string]any, tok string) map[string]any {
	if node == nil {
		return nil
	}
	if props, ok := node["properties"].(map[string]any); ok {
		if p, ok := props[tok].(map[string]any); ok {
			return p
		}
	}
	if items, ok := node["items"].(map[string]any); ok {
		return items
	}
	if extra, ok := node["additionalProperties"].(map[string]any); ok {
		return extra
	}
	// cost is "free" or an object: look into the alternative that is an object.
	if alts, ok := node["oneOf"].([]any); ok {
		for _, a := range alts {
			if m, ok := a.(map[string]any); ok {
				if c := s.child(m, tok); c != nil {
					return c
				}
			}
		}
	}
	return nil
}
