package feeds_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The strict HSDS tests validate the way the HSDS specification's own CI
// does (openreferral/specification, validate_examples_json_schema.sh):
// each entity schema is compiled with openreferral/hsds_schema_tools
// (hsds_schema.py: the $refs of properties inlined, an organization given
// its services and a service_at_location its service), and then with
// compiletojsonschema --set-additional-properties-false-everywhere, which
// sets "additionalProperties": false on every schema that has properties.
// A property HSDS does not define is then an error at any depth, where
// the plain schemas let it through. Both steps are ported here (the
// tools are Python, and CI has no network to install them): hsdsCompile
// and closeObjects. TestHSDSCompileMatchesUpstream shows the port makes
// the same schemas as the tools.
//
// The list endpoints are validated against the response schemas of the
// OpenAPI description (schema/openapi.json): the Page object, with its
// contents, whose items are the compiled list schemas. Their $refs name
// raw.githubusercontent.com URLs; the compiled schemas are registered
// under those URLs, so nothing is fetched.

// hsdsSpecURL is where the OpenAPI description's $refs point.
const hsdsSpecURL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

// hsdsStrictSchemas are the strict schemas of the static API, by the
// OpenAPI path whose response they describe ("/services/{id}").
type hsdsStrictSchemas struct {
	byPath map[string]*jsonschema.Schema
	entity map[string]*jsonschema.Schema // the strict schema of each entity file, by name without .json
}

var hsdsStrictOnce struct {
	sync.Once
	s   *hsdsStrictSchemas
	err error
}

func loadHSDSStrict(t testing.TB) *hsdsStrictSchemas {
	t.Helper()
	ref := hsdsReference(t)
	hsdsStrictOnce.Do(func() {
		hsdsStrictOnce.s, hsdsStrictOnce.err = compileHSDSStrict(filepath.Join(ref, "schema"))
	})
	if hsdsStrictOnce.err != nil {
		t.Fatal(hsdsStrictOnce.err)
	}
	return hsdsStrictOnce.s
}

// readSchemaFolder reads every .json file of dir, by file name.
func readSchemaFolder(dir string) (map[string]map[string]any, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	docs := map[string]map[string]any{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		docs[e.Name()] = doc
	}
	return docs, nil
}

// deepCopy copies a decoded JSON value.
func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = deepCopy(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = deepCopy(x)
		}
		return out
	}
	return v
}

// maxInlineDepth bounds hsdsInline: the HSDS schemas nest five levels
// deep (organization → services → service_at_locations → location →
// accessibility → attributes → taxonomy_term → taxonomy); a cycle of
// $refs would otherwise never end.
const maxInlineDepth = 16

// hsdsInline is compile_schema of hsds_schema.py: every property that is
// a $ref, or an array whose items are a $ref, to a neighbouring file gets
// a copy of that file's schema (itself inlined), the property's own
// keywords taking precedence over the copy's.
func hsdsInline(schema map[string]any, schemas map[string]map[string]any, depth int) (map[string]any, error) {
	if depth > maxInlineDepth {
		return nil, fmt.Errorf("the $refs of %v nest more than %d deep", schema["name"], maxInlineDepth)
	}
	props, _ := schema["properties"].(map[string]any)
	for name, p := range props {
		prop, ok := p.(map[string]any)
		if !ok {
			continue
		}
		if items, ok := prop["items"].(map[string]any); ok {
			if ref, ok := items["$ref"].(string); ok {
				delete(items, "$ref")
				target, err := hsdsRefTarget(ref, schemas, depth)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", name, err)
				}
				// As in the Python: what the items had beside $ref goes to the property.
				for k, v := range items {
					prop[k] = v
				}
				prop["items"] = target
			}
		}
		if ref, ok := prop["$ref"].(string); ok {
			delete(prop, "$ref")
			target, err := hsdsRefTarget(ref, schemas, depth)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			for k, v := range prop {
				target[k] = v
			}
			props[name] = target
		}
	}
	return schema, nil
}

func hsdsRefTarget(ref string, schemas map[string]map[string]any, depth int) (map[string]any, error) {
	s, ok := schemas[ref]
	if !ok {
		return nil, fmt.Errorf("$ref %q is not a schema of the folder", ref)
	}
	return hsdsInline(deepCopy(s).(map[string]any), schemas, depth+1)
}

// hsdsRemoveOneToMany is remove_one_to_many of hsds_schema.py: a list
// item has its one-to-one fields only, at every depth.
func hsdsRemoveOneToMany(props map[string]any) {
	for name, p := range props {
		prop, _ := p.(map[string]any)
		if prop["type"] == "array" && prop["items"] != nil {
			delete(props, name)
		}
		if inner, ok := prop["properties"].(map[string]any); ok && prop["type"] == "object" {
			hsdsRemoveOneToMany(inner)
		}
	}
}

// hsdsCompile makes the compiled schemas of hsds_schema.py
// (_compile_schemas), by the name of their file under schema/compiled/:
// service, organization (with its services) and service_at_location (with
// its service, less that service's service_at_locations), each also as a
// list item (<name>_list: one-to-one fields only).
func hsdsCompile(schemas map[string]map[string]any) (map[string]map[string]any, error) {
	entity := func(name string) map[string]any { return deepCopy(schemas[name+".json"]).(map[string]any) }
	props := func(s map[string]any) map[string]any { return s["properties"].(map[string]any) }
	out := map[string]map[string]any{}

	service, err := hsdsInline(entity("service"), schemas, 0)
	if err != nil {
		return nil, err
	}

	org := entity("organization")
	props(org)["services"] = map[string]any{"type": "array", "items": map[string]any{"$ref": "service.json"}}
	if org, err = hsdsInline(org, schemas, 0); err != nil {
		return nil, err
	}

	sal := entity("service_at_location")
	props(sal)["service"] = map[string]any{"name": "service", "$ref": "service.json"}
	if sal, err = hsdsInline(sal, schemas, 0); err != nil {
		return nil, err
	}
	delete(props(props(sal)["service"].(map[string]any)), "service_at_locations")

	for name, s := range map[string]map[string]any{"service": service, "organization": org, "service_at_location": sal} {
		out[name] = s
		list := deepCopy(s).(map[string]any)
		hsdsRemoveOneToMany(props(list))
		out[name+"_list"] = list
	}
	return out, nil
}

// closeObjects is compiletojsonschema's
// --set-additional-properties-false-everywhere: every schema with
// properties, reached through properties, items, oneOf, anyOf and allOf,
// allows no other property.
func closeObjects(v any) {
	s, ok := v.(map[string]any)
	if !ok {
		return
	}
	if props, ok := s["properties"].(map[string]any); ok {
		for _, p := range props {
			closeObjects(p)
		}
		s["additionalProperties"] = false
	}
	closeObjects(s["items"])
	for _, k := range []string{"oneOf", "anyOf", "allOf"} {
		list, _ := s[k].([]any)
		for _, sub := range list {
			closeObjects(sub)
		}
	}
}

// hsdsListPaths are the OpenAPI paths that answer with a Page.
var hsdsListPaths = []string{"/services", "/organizations", "/service_at_locations", "/taxonomies", "/taxonomy_terms"}

// compileHSDSStrict compiles the strict schemas from the HSDS schema
// folder. Entities and their compiled forms are closed as the HSDS CI
// closes them. The Page envelope cannot be closed the same way (its fields
// come from an allOf, which additionalProperties does not see, so that
// would reject every page): each list response gets
// "unevaluatedProperties": false instead, which does see them.
func compileHSDSStrict(dir string) (*hsdsStrictSchemas, error) {
	docs, err := readSchemaFolder(dir)
	if err != nil {
		return nil, err
	}
	api, ok := docs["openapi.json"]
	if !ok {
		return nil, fmt.Errorf("%s has no openapi.json", dir)
	}
	delete(docs, "openapi.json")

	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	add := func(url string, doc map[string]any) error {
		// Through JSON again, so the compiler sees json.Number as it expects.
		data, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(string(data)))
		if err != nil {
			return err
		}
		return c.AddResource(url, v)
	}

	s := &hsdsStrictSchemas{byPath: map[string]*jsonschema.Schema{}, entity: map[string]*jsonschema.Schema{}}
	for name := range docs {
		// compiletojsonschema resolves every $ref before closing; for an entity
		// that is hsds_schema.py's inlining, whose refs are all in properties.
		inlined, err := hsdsInline(deepCopy(docs[name]).(map[string]any), docs, 0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		closeObjects(inlined)
		if err := add(hsdsSpecURL+name, inlined); err != nil {
			return nil, err
		}
	}
	compiled, err := hsdsCompile(docs)
	if err != nil {
		return nil, err
	}
	for name, doc := range compiled {
		closeObjects(doc)
		if err := add(hsdsSpecURL+"compiled/"+name+".json", doc); err != nil {
			return nil, err
		}
	}

	paths, _ := api["paths"].(map[string]any)
	response := func(path string) (map[string]any, error) {
		p, _ := paths[path].(map[string]any)
		get, _ := p["get"].(map[string]any)
		responses, _ := get["responses"].(map[string]any)
		success, _ := responses["200"].(map[string]any)
		content, _ := success["content"].(map[string]any)
		media, _ := content["application/json"].(map[string]any)
		schema, found := media["schema"].(map[string]any)
		if !found {
			return nil, fmt.Errorf("openapi.json: no JSON response schema for GET %s", path)
		}
		return schema, nil
	}
	for _, path := range hsdsListPaths {
		r, err := response(path)
		if err != nil {
			return nil, err
		}
		r["unevaluatedProperties"] = false
	}
	root, err := response("/")
	if err != nil {
		return nil, err
	}
	closeObjects(root)
	if err := add(hsdsSpecURL+"openapi.json", api); err != nil {
		return nil, err
	}

	for path := range paths {
		if _, err := response(path); err != nil {
			continue // not a GET with a JSON answer
		}
		ptr := "#/paths/" + strings.ReplaceAll(strings.ReplaceAll(path, "~", "~0"), "/", "~1") +
			"/get/responses/200/content/application~1json/schema"
		if s.byPath[path], err = c.Compile(hsdsSpecURL + "openapi.json" + ptr); err != nil {
			return nil, fmt.Errorf("the response of GET %s: %w", path, err)
		}
	}
	// openapi.json (3.0) answers GET /service_at_locations/{id} with
	// compiled/service.json, a service, which no service_at_location can
	// be (it has no name or status); hsds_schema.py compiles
	// compiled/service_at_location.json for it, and the specification's CI
	// validates the service_at_location example against that.
	if s.byPath["/service_at_locations/{id}"], err = c.Compile(hsdsSpecURL + "compiled/service_at_location.json"); err != nil {
		return nil, err
	}
	for name := range docs {
		if s.entity[strings.TrimSuffix(name, ".json")], err = c.Compile(hsdsSpecURL + name); err != nil {
			return nil, err
		}
	}
	for name := range compiled {
		if s.entity["compiled/"+name], err = c.Compile(hsdsSpecURL + "compiled/" + name + ".json"); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// hsdsRoute is the OpenAPI path a file of api/hsds/ answers: services.json
// and services/page-<n>.json are /services, services/<id>(.json) is
// /services/{id}, index.json is /.
func hsdsRoute(name string) (string, bool) {
	if name == "index.json" {
		return "/", true
	}
	folder, file, nested := strings.Cut(name, "/")
	switch {
	case !nested:
		kind, ok := strings.CutSuffix(name, ".json")
		return "/" + kind, ok
	case strings.Contains(file, "/"):
		return "", false
	case strings.HasPrefix(file, "page-") && strings.HasSuffix(file, ".json"):
		return "/" + folder, true
	}
	return "/" + folder + "/{id}", true
}

func (s *hsdsStrictSchemas) validate(t testing.TB, name string, v any) {
	t.Helper()
	path, ok := hsdsRoute(name)
	sch := s.byPath[path]
	if !ok || sch == nil {
		t.Errorf("api/hsds/%s answers no path of the OpenAPI description", name)
		return
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("api/hsds/%s is not a valid response to GET %s with additionalProperties false everywhere:\n%v", name, path, err)
	}
}

// TestHSDSCompileMatchesUpstream: the port of hsds_schema.py makes, from
// the schema folder, the compiled list schemas the specification
// publishes (copied in testdata/hsds-3.0-compiled), key for key.
func TestHSDSCompileMatchesUpstream(t *testing.T) {
	docs, err := readSchemaFolder(filepath.Join(hsdsReference(t), "schema"))
	if err != nil {
		t.Fatal(err)
	}
	delete(docs, "openapi.json")
	compiled, err := hsdsCompile(docs)
	if err != nil {
		t.Fatal(err)
	}
	upstream, err := readSchemaFolder(filepath.Join("testdata", "hsds-3.0-compiled"))
	if err != nil {
		t.Fatal(err)
	}
	if len(upstream) != 3 {
		t.Fatalf("testdata/hsds-3.0-compiled has %d schemas, want the 3 list schemas", len(upstream))
	}
	for file, want := range upstream {
		got := compiled[strings.TrimSuffix(file, ".json")]
		if !reflect.DeepEqual(got, want) {
			t.Errorf("compiled %s differs from the specification's schema/compiled/%s", file, file)
		}
	}
}

// TestHSDSStrictExamples validates the official examples with the strict
// set-up, as the specification's CI does, to show it is right: they pass,
// and an unknown property at any depth does not.
func TestHSDSStrictExamples(t *testing.T) {
	s := loadHSDSStrict(t)
	ref := hsdsReference(t)
	read := func(name string) any { return readHSDSExample(t, ref, name) }
	// The pairs of validate_examples_json_schema.sh.
	for _, tt := range []struct{ example, schema string }{
		{"location.json", "location"},
		{"organization_full.json", "compiled/organization"},
		{"service_at_location_full.json", "compiled/service_at_location"},
		{"service_full.json", "compiled/service"},
		{"taxonomy.json", "taxonomy"},
		{"taxonomy_term.json", "taxonomy_term"},
	} {
		if err := s.entity[tt.schema].Validate(read(tt.example)); err != nil {
			t.Errorf("the official %s does not pass the strict %s:\n%v", tt.example, tt.schema, err)
		}
	}
	bad := read("service_full.json").(map[string]any)
	bad["service_at_locations"].([]any)[0].(map[string]any)["location"].(map[string]any)["parking"] = "yes"
	if s.entity["compiled/service"].Validate(bad) == nil {
		t.Error("a service with an unknown property in its location passed the strict schema")
	}
}

// TestHSDSStrict validates every HSDS document written for the sample
// against the strict schemas of its OpenAPI path: lists against the
// response schema (Page and contents), documents by id against the
// compiled schemas, the root against its own.
func TestHSDSStrict(t *testing.T) {
	s := loadHSDSStrict(t)
	files := tree(t, filepath.Join(written(t), "api", "hsds"))
	paths := map[string]int{}
	for _, name := range sortedNames(files) {
		s.validate(t, name, decodeForSchema(t, name, files[name]))
		if p, ok := hsdsRoute(name); ok {
			paths[p]++
		}
	}
	t.Logf("%d files validated strictly", len(files))
	// Every path of the static API has been seen (none is missing from the build).
	for _, p := range append([]string{"/"}, hsdsListPaths...) {
		if paths[p] == 0 {
			t.Errorf("no file answers GET %s", p)
		}
		if p != "/" && paths[p+"/{id}"] == 0 {
			t.Errorf("no file answers GET %s/{id}", p)
		}
	}
}

// TestHSDSStrictRejectsUnknownProperty adds a property HSDS does not
// define to real documents of the sample build, at several depths, and
// expects each to fail: what the strict tests exist for.
func TestHSDSStrictRejectsUnknownProperty(t *testing.T) {
	s := loadHSDSStrict(t)
	dir := written(t)
	read := func(rel string) map[string]any {
		return decodeForSchema(t, rel, readFile(t, dir, "api/hsds/"+rel)).(map[string]any)
	}
	svc := "services/" + serviceID("riverside-walking-group") + ".json"
	first := func(v any, key string) map[string]any { return v.(map[string]any)[key].([]any)[0].(map[string]any) }
	org := "organizations/" + first(read("organizations.json"), "contents")["id"].(string) + ".json"
	sal := "service_at_locations/" + first(read("service_at_locations.json"), "contents")["id"].(string)
	tests := []struct {
		name, file string
		change     func(doc map[string]any)
	}{
		{"service", svc, func(d map[string]any) { d["colour"] = "green" }},
		{"schedule of a service", svc, func(d map[string]any) { first(d, "schedules")["colour"] = "green" }},
		{"location of a service", svc, func(d map[string]any) {
			first(d, "service_at_locations")["location"].(map[string]any)["colour"] = "green"
		}},
		{"taxonomy term of an attribute", svc, func(d map[string]any) {
			first(d, "attributes")["taxonomy_term"].(map[string]any)["colour"] = "green"
		}},
		{"organization of a service", svc, func(d map[string]any) { d["organization"].(map[string]any)["colour"] = "green" }},
		{"page of services", "services.json", func(d map[string]any) { d["colour"] = "green" }},
		{"service in a page", "services.json", func(d map[string]any) { first(d, "contents")["colour"] = "green" }},
		{"one-to-many field in a list item", "services.json", func(d map[string]any) { first(d, "contents")["phones"] = []any{} }},
		{"taxonomy term in a page", "taxonomy_terms.json", func(d map[string]any) { first(d, "contents")["colour"] = "green" }},
		{"organization in a page", "organizations.json", func(d map[string]any) { first(d, "contents")["colour"] = "green" }},
		{"service of an organization", org, func(d map[string]any) { first(d, "services")["colour"] = "green" }},
		{"service of a service_at_location", sal, func(d map[string]any) { d["service"].(map[string]any)["colour"] = "green" }},
		{"root", "index.json", func(d map[string]any) { d["colour"] = "green" }},
	}
	for _, tt := range tests {
		doc := read(tt.file)
		path, _ := hsdsRoute(tt.file)
		if err := s.byPath[path].Validate(doc); err != nil {
			t.Fatalf("%s fails before the change: %v", tt.file, err)
		}
		tt.change(doc)
		if s.byPath[path].Validate(doc) == nil {
			t.Errorf("%s: an unknown property in the %s passed", tt.file, tt.name)
		}
	}
}
