package feeds_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/signpost-directory/signpost/site/feeds"
)

// hsdsReference finds the official HSDS 3.0 reference files (JSON Schemas
// and examples, copied unchanged from openreferral/specification): in
// $SIGNPOST_SHARED/reference/hsds-3.0, or in the shared folder next to the
// repository. A plain clone of the project has neither, and the HSDS
// tests skip.
func hsdsReference(t testing.TB) string {
	t.Helper()
	var candidates []string
	if shared := os.Getenv("SIGNPOST_SHARED"); shared != "" {
		candidates = append(candidates, filepath.Join(shared, "reference", "hsds-3.0"))
	}
	candidates = append(candidates, filepath.Join("..", "..", "..", "shared", "reference", "hsds-3.0"))
	for _, dir := range candidates {
		if info, err := os.Stat(filepath.Join(dir, "schema", "service.json")); err == nil && !info.IsDir() {
			return dir
		}
	}
	t.Skipf("the HSDS 3.0 reference schemas are not here (looked in %s); set SIGNPOST_SHARED to the folder "+
		"that holds reference/hsds-3.0 to run the HSDS conformance tests", strings.Join(candidates, ", "))
	return ""
}

// hsdsSchemas are the compiled HSDS schemas: one per entity, the Page
// envelope and the API root, the last two taken from the official
// OpenAPI description.
type hsdsSchemas struct {
	entity map[string]*jsonschema.Schema // by file name without .json
	page   *jsonschema.Schema
	root   *jsonschema.Schema
}

const hsdsBase = "file:///hsds-3.0/schema/"

var hsdsOnce struct {
	sync.Once
	s   *hsdsSchemas
	err error
}

func loadHSDS(t testing.TB) *hsdsSchemas {
	t.Helper()
	ref := hsdsReference(t)
	hsdsOnce.Do(func() { hsdsOnce.s, hsdsOnce.err = compileHSDS(filepath.Join(ref, "schema")) })
	if hsdsOnce.err != nil {
		t.Fatal(hsdsOnce.err)
	}
	return hsdsOnce.s
}

// compileHSDS adds every file of the schema folder as a resource under one
// base URL, so that the bare file names the schemas use in $ref
// ("phone.json") resolve to their neighbours, and compiles them as JSON
// Schema 2020-12 (the OpenAPI description's jsonSchemaDialect) with
// formats (uuid, uri, email, date-time) asserted, not just annotated.
func compileHSDS(dir string) (*hsdsSchemas, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			return nil, err
		}
		if err := c.AddResource(hsdsBase+e.Name(), doc); err != nil {
			return nil, err
		}
		if e.Name() != "openapi.json" {
			names = append(names, strings.TrimSuffix(e.Name(), ".json"))
		}
	}
	s := &hsdsSchemas{entity: map[string]*jsonschema.Schema{}}
	for _, n := range names {
		if s.entity[n], err = c.Compile(hsdsBase + n + ".json"); err != nil {
			return nil, err
		}
	}
	if s.page, err = c.Compile(hsdsBase + "openapi.json#/components/schemas/Page"); err != nil {
		return nil, err
	}
	if s.root, err = c.Compile(hsdsBase + "openapi.json#/paths/~1/get/responses/200/content/application~1json/schema"); err != nil {
		return nil, err
	}
	return s, nil
}

func decodeForSchema(t testing.TB, name string, data []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s is not JSON: %v", name, err)
	}
	return v
}

func (s *hsdsSchemas) validate(t testing.TB, name, entity string, v any) {
	t.Helper()
	sch := s.entity[entity]
	if sch == nil {
		t.Fatalf("no HSDS schema %s", entity)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("%s is not a valid HSDS %s:\n%v", name, entity, err)
	}
}

// validatePage checks a list document: the Page envelope of the OpenAPI
// description, its counts (a single page holding everything), and each
// item against the entity schema.
func (s *hsdsSchemas) validatePage(t testing.TB, name, entity string, v any) []any {
	t.Helper()
	if err := s.page.Validate(v); err != nil {
		t.Errorf("%s is not a valid HSDS Page:\n%v", name, err)
	}
	page, _ := v.(map[string]any)
	contents, ok := page["contents"].([]any)
	if !ok {
		t.Fatalf("%s has no contents list", name)
	}
	n := json.Number(itoa(len(contents)))
	want := map[string]any{"total_items": n, "size": n, "total_pages": json.Number("1"), "page_number": json.Number("1"),
		"first_page": true, "last_page": true, "empty": len(contents) == 0}
	for k, w := range want {
		if page[k] != w {
			t.Errorf("%s: %s = %v, want %v", name, k, page[k], w)
		}
	}
	for i, item := range contents {
		s.validate(t, name+" item "+itoa(i), entity, item)
	}
	return contents
}

// readHSDSExample reads one of the specification's examples.
func readHSDSExample(t *testing.T, ref, name string) any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(ref, "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	return decodeForSchema(t, name, data)
}

// TestHSDSExamples validates the official examples against the official
// schemas with the same set-up the conformance test uses, to show that the
// set-up (resources, $ref resolution, formats) is right.
func TestHSDSExamples(t *testing.T) {
	s := loadHSDS(t)
	ref := hsdsReference(t)
	read := func(name string) any { return readHSDSExample(t, ref, name) }
	for _, tt := range []struct{ file, entity string }{
		{"service_full.json", "service"},
		{"organization_full.json", "organization"},
		{"service_at_location_full.json", "service_at_location"},
		{"location.json", "location"},
		{"taxonomy.json", "taxonomy"},
		{"taxonomy_term.json", "taxonomy_term"},
	} {
		s.validate(t, tt.file, tt.entity, read(tt.file))
	}
	for _, tt := range []struct{ file, entity string }{
		{"service_list.json", "service"},
		{"organization_list.json", "organization"},
		{"service_at_location_list.json", "service_at_location"},
		{"taxonomy_list.json", "taxonomy"},
		{"taxonomy_term_list.json", "taxonomy_term"},
	} {
		v := read(tt.file)
		if err := s.page.Validate(v); err != nil {
			t.Errorf("%s is not a valid Page: %v", tt.file, err)
		}
		for i, item := range v.(map[string]any)["contents"].([]any) {
			s.validate(t, tt.file+" item "+itoa(i), tt.entity, item)
		}
	}
	if err := s.root.Validate(read("base.json")); err != nil {
		t.Errorf("base.json is not a valid API root: %v", err)
	}
	// And the set-up does reject what is wrong.
	bad := read("service_full.json").(map[string]any)
	bad["status"] = "open"
	bad["id"] = "not-a-uuid"
	if s.entity["service"].Validate(bad) == nil {
		t.Error("a service with a bad status and id passed")
	}
	phone := read("service_full.json").(map[string]any)
	phone["phones"].([]any)[0].(map[string]any)["id"] = "123"
	if s.entity["service"].Validate(phone) == nil {
		t.Error("a service with a bad id in a nested phone passed: $ref to phone.json is not followed")
	}
}

// TestHSDSConformance validates every HSDS document written for the
// sample directory against the official HSDS 3.0 schemas.
func TestHSDSConformance(t *testing.T) {
	s := loadHSDS(t)
	dir := written(t)
	files := tree(t, filepath.Join(dir, "api", "hsds"))
	kinds := map[string]string{
		"services": "service", "organizations": "organization", "service_at_locations": "service_at_location",
		"taxonomies": "taxonomy", "taxonomy_terms": "taxonomy_term",
	}
	ids := map[string]map[string]bool{} // by collection
	for _, name := range sortedNames(files) {
		data := files[name]
		v := decodeForSchema(t, name, data)
		switch folder, file, nested := strings.Cut(name, "/"); {
		case name == "index.json":
			if err := s.root.Validate(v); err != nil {
				t.Errorf("index.json is not a valid API root: %v", err)
			}
			root := v.(map[string]any)
			if root["version"] != "3.0" || root["profile"] == nil || root["openapi_url"] == nil {
				t.Errorf("index.json = %v, want version 3.0, profile and openapi_url", root)
			}
		case !nested && strings.HasSuffix(name, ".json") && kinds[strings.TrimSuffix(name, ".json")] != "":
			collection := strings.TrimSuffix(name, ".json")
			ids[collection] = map[string]bool{}
			for _, item := range s.validatePage(t, name, kinds[collection], v) {
				id := item.(map[string]any)["id"].(string)
				if ids[collection][id] {
					t.Errorf("%s lists %s twice", name, id)
				}
				ids[collection][id] = true
				if collection == "service_at_locations" {
					s.validate(t, name+" service", "service", item.(map[string]any)["service"])
				}
			}
		case nested && kinds[folder] != "" && strings.HasPrefix(file, "page-"):
			// The pages of a list; the sample's lists have one, page-1.json.
			if file != "page-1.json" || !bytes.Equal(data, files[folder+".json"]) {
				t.Errorf("%s is not a copy of %s.json", name, folder)
			}
			s.validatePage(t, name, kinds[folder], v)
		case nested && kinds[folder] != "":
			s.validate(t, name, kinds[folder], v)
			id := strings.TrimSuffix(file, ".json")
			if got := v.(map[string]any)["id"]; got != id {
				t.Errorf("%s holds id %v", name, got)
			}
			if folder == "organizations" {
				for i, svc := range v.(map[string]any)["services"].([]any) {
					s.validate(t, name+" service "+itoa(i), "service", svc)
				}
			}
		default:
			t.Errorf("unexpected file api/hsds/%s", name)
		}
	}
	// Every item of a list has its own document, and no document is missing from its list.
	for collection, listed := range ids {
		for id := range listed {
			if files[collection+"/"+id+".json"] == nil || files[collection+"/"+id] == nil {
				t.Errorf("%s lists %s, which has no document of its own", collection, id)
			}
		}
		for name := range files {
			if id, ok := strings.CutPrefix(strings.TrimSuffix(name, ".json"), collection+"/"); ok && !listed[id] &&
				!strings.HasPrefix(id, "page-") {
				t.Errorf("%s is not in %s.json", name, collection)
			}
		}
	}
	if n := len(ids["services"]); n != len(sample(t).Listings) {
		t.Errorf("services.json has %d services for %d listings", n, len(sample(t).Listings))
	}
}

// TestHSDSReferences checks that what a service points at exists.
func TestHSDSReferences(t *testing.T) {
	dir := written(t)
	ids := func(name string) map[string]bool {
		var page struct{ Contents []struct{ ID string } }
		if err := json.Unmarshal(readFile(t, dir, "api/hsds/"+name), &page); err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, c := range page.Contents {
			out[c.ID] = true
		}
		return out
	}
	orgs, terms, taxonomies := ids("organizations.json"), ids("taxonomy_terms.json"), ids("taxonomies.json")
	var terms2 struct{ Contents []hsdsTerm }
	if err := json.Unmarshal(readFile(t, dir, "api/hsds/taxonomy_terms.json"), &terms2); err != nil {
		t.Fatal(err)
	}
	for _, term := range terms2.Contents {
		if !taxonomies[term.TaxonomyID] {
			t.Errorf("term %s is in a taxonomy that is not published", term.Code)
		}
	}
	for _, l := range sample(t).Listings {
		svc := service(t, dir, l.ID)
		if !orgs[svc.OrganizationID] || svc.Organization.ID != svc.OrganizationID {
			t.Errorf("%s: organization %s is not published", l.ID, svc.OrganizationID)
		}
		for _, a := range svc.Attributes {
			if !terms[a.TaxonomyTermID] || a.TaxonomyTerm.ID != a.TaxonomyTermID || a.LinkID != svc.ID {
				t.Errorf("%s: attribute %+v points nowhere", l.ID, a)
			}
		}
		wantAttrs := len(l.Categories) + len(l.Needs) + len(l.Accessibility) + len(l.Audience.Groups)
		if len(svc.Attributes) != wantAttrs {
			t.Errorf("%s: %d attributes, want %d", l.ID, len(svc.Attributes), wantAttrs)
		}
		if len(svc.ServiceAtLocations) != 1 || svc.ServiceAtLocations[0].LocationID != svc.ServiceAtLocations[0].Location.ID {
			t.Errorf("%s: service_at_locations = %+v", l.ID, svc.ServiceAtLocations)
		}
	}
}

// hsdsService is the part of an HSDS service the tests look at.
type hsdsService struct {
	ID             string
	OrganizationID string `json:"organization_id"`
	Name           string
	Status         string
	Alert          string
	AssuredDate    string `json:"assured_date"`
	Organization   struct{ ID string }
	Schedules      []map[string]any
	CostOptions    []map[string]any `json:"cost_options"`
	Attributes     []struct {
		LinkID         string   `json:"link_id"`
		LinkType       string   `json:"link_type"`
		TaxonomyTermID string   `json:"taxonomy_term_id"`
		TaxonomyTerm   hsdsTerm `json:"taxonomy_term"`
	}
	ServiceAtLocations []struct {
		LocationID string `json:"location_id"`
		Location   struct {
			ID           string
			LocationType string `json:"location_type"`
			URL          string
		}
	} `json:"service_at_locations"`
}

type hsdsTerm struct {
	ID         string
	Code       string
	TaxonomyID string `json:"taxonomy_id"`
}

// serviceID is the HSDS id of a listing, worked out here independently of
// the package: UUIDv5 of "service/<id>" in the namespace named by the
// directory's base URL.
func serviceID(listing string) string {
	ns := uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://example.org/millbrook/"))
	return uuid.NewSHA1(ns, []byte("service/"+listing)).String()
}

func service(t *testing.T, dir, listing string) hsdsService {
	t.Helper()
	var s hsdsService
	if err := json.Unmarshal(readFile(t, dir, "api/hsds/services/"+serviceID(listing)+".json"), &s); err != nil {
		t.Fatalf("service of %s: %v", listing, err)
	}
	return s
}

func TestHSDSIDs(t *testing.T) {
	// Pinned: these ids are in other systems' databases and must not change.
	if got, want := serviceID("riverside-walking-group"), "5e81612a-8579-5cac-865f-4518c5c145f3"; got != want {
		t.Fatalf("the id scheme changed: %s, want %s", got, want)
	}
	s := service(t, written(t), "riverside-walking-group")
	if s.Name != "Riverside Walking Group" {
		t.Errorf("services/%s.json is %q", serviceID("riverside-walking-group"), s.Name)
	}
}

// TestHSDSMapping checks how listing fields map to HSDS, rule kind by rule
// kind and status by status.
func TestHSDSMapping(t *testing.T) {
	dir := written(t)
	tests := []struct {
		listing string
		rule    int
		want    map[string]any // fields of the schedule; nil means absent
	}{
		{"riverside-walking-group", 0, map[string]any{"freq": "WEEKLY", "interval": 1.0, "byday": "TU",
			"opens_at": "10:00", "closes_at": "11:30", "dtstart": "2026-10-06", "until": nil, "count": nil,
			"description": "Every Tuesday, 10:00–11:30"}},
		{"riverside-walking-group", 1, map[string]any{"freq": "MONTHLY", "interval": 1.0, "byday": "1SA",
			"opens_at": "09:30", "closes_at": "12:00", "dtstart": "2026-10-03"}},
		{"wendbridge-fortnightly-walk", 0, map[string]any{"freq": "WEEKLY", "interval": 2.0, "wkst": "MO"}},
		{"cook-and-eat-on-a-budget", 0, map[string]any{"freq": "WEEKLY", "byday": "TH", "dtstart": "2027-01-14",
			"valid_from": "2027-01-14", "until": "2027-03-04", "valid_to": "2027-03-04"}},
		{"community-christmas-lunch", 0, map[string]any{"freq": "WEEKLY", "count": 1.0, "byday": "FR",
			"dtstart": "2026-12-25", "valid_from": "2026-12-25", "valid_to": "2026-12-25", "interval": nil}},
		{"gurdwara-langar", 0, map[string]any{"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU"}},
		{"carers-support-appointments", 0, map[string]any{"description": "By appointment", "freq": nil,
			"opens_at": nil, "dtstart": nil, "byday": nil}},
	}
	for _, tt := range tests {
		s := service(t, dir, tt.listing)
		if tt.rule >= len(s.Schedules) {
			t.Errorf("%s has %d schedules", tt.listing, len(s.Schedules))
			continue
		}
		got := s.Schedules[tt.rule]
		for k, want := range tt.want {
			if got[k] != want {
				t.Errorf("%s rule %d: %s = %v, want %v", tt.listing, tt.rule, k, got[k], want)
			}
		}
	}
	for _, l := range sample(t).Listings {
		s := service(t, dir, l.ID)
		want := map[string]string{"active": "active", "full": "active", "paused": "temporarily closed", "ended": "defunct"}[l.Status]
		if s.Status != want {
			t.Errorf("%s: status %q for %q, want %q", l.ID, s.Status, l.Status, want)
		}
		// The alert carries the status news and, HSDS 3.0 having no
		// service_capacity, the capacity in words (see capacity_test.go).
		hasCapacity := l.Capacity != nil && l.Status != "ended"
		if (l.Status == "full" || l.Status == "paused" || hasCapacity) != (s.Alert != "") {
			t.Errorf("%s (%s): alert %q", l.ID, l.Status, s.Alert)
		}
		if s.AssuredDate != l.VerifiedText {
			t.Errorf("%s: assured_date %q, verified %q", l.ID, s.AssuredDate, l.VerifiedText)
		}
		if len(s.Schedules) != len(l.Schedule) {
			t.Errorf("%s: %d schedules for %d rules", l.ID, len(s.Schedules), len(l.Schedule))
		}
		loc := s.ServiceAtLocations[0].Location
		if l.IsOnline() != (loc.LocationType == "virtual") || l.IsOnline() && loc.URL != l.OnlineURL {
			t.Errorf("%s: location %+v", l.ID, loc)
		}
		amount, _ := s.CostOptions[0]["amount"].(float64)
		if l.Cost.Free && amount != 0 || !l.Cost.Free && amount != l.Cost.Amount {
			t.Errorf("%s: cost option %v for %+v", l.ID, s.CostOptions[0], l.Cost)
		}
	}
}

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// TestHSDSPages: a list longer than a page is split, page n of <kind>.json
// being <kind>/page-<n>.json (page 1 being both), each a valid HSDS Page whose numbers agree
// (total_items, total_pages, page_number, size, first_page, last_page)
// and whose items, page after page, are the whole list's in its order.
func TestHSDSPages(t *testing.T) {
	s := loadHSDS(t)
	d := sample(t)
	dir := t.TempDir()
	const size = 40
	if _, err := feeds.Write(context.Background(), d, dir, feeds.Options{HSDSPageSize: size}); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []struct{ name, entity string }{
		{"services", "service"}, {"service_at_locations", "service_at_location"}, {"organizations", "organization"},
	} {
		var whole struct{ Contents []json.RawMessage }
		if err := json.Unmarshal(readFile(t, written(t), "api/hsds/"+kind.name+".json"), &whole); err != nil {
			t.Fatal(err)
		}
		total := (len(whole.Contents) + size - 1) / size
		var got []json.RawMessage
		for n := 1; n <= total; n++ {
			rel := fmt.Sprintf("api/hsds/%s/page-%d.json", kind.name, n)
			data := readFile(t, dir, rel)
			if n == 1 && !bytes.Equal(data, readFile(t, dir, "api/hsds/"+kind.name+".json")) {
				t.Errorf("%s and %s.json differ", rel, kind.name)
			}
			v := decodeForSchema(t, rel, data)
			if err := s.page.Validate(v); err != nil {
				t.Errorf("%s is not a valid HSDS Page:\n%v", rel, err)
			}
			var page struct {
				TotalItems int  `json:"total_items"`
				TotalPages int  `json:"total_pages"`
				PageNumber int  `json:"page_number"`
				Size       int  `json:"size"`
				FirstPage  bool `json:"first_page"`
				LastPage   bool `json:"last_page"`
				Empty      bool `json:"empty"`
				Contents   []json.RawMessage
			}
			if err := json.Unmarshal(data, &page); err != nil {
				t.Fatal(err)
			}
			wantSize := min(size, len(whole.Contents)-(n-1)*size)
			if page.TotalItems != len(whole.Contents) || page.TotalPages != total || page.PageNumber != n ||
				page.Size != wantSize || len(page.Contents) != wantSize || page.FirstPage != (n == 1) ||
				page.LastPage != (n == total) || page.Empty {
				t.Errorf("%s: %+v (without contents); want %d items, %d pages, page %d of size %d",
					rel, struct{ TotalItems, TotalPages, PageNumber, Size int }{page.TotalItems, page.TotalPages, page.PageNumber, page.Size},
					len(whole.Contents), total, n, wantSize)
			}
			for i, item := range page.Contents {
				s.validate(t, fmt.Sprintf("%s item %d", rel, i), kind.entity, decodeForSchema(t, rel, item))
			}
			got = append(got, page.Contents...)
		}
		if _, err := readOptional(dir, fmt.Sprintf("api/hsds/%s/page-%d.json", kind.name, total+1)); err == nil {
			t.Errorf("%s has a page after its last", kind.name)
		}
		if len(got) != len(whole.Contents) {
			t.Fatalf("%s: the pages hold %d items, the list %d", kind.name, len(got), len(whole.Contents))
		}
		for i := range got {
			if string(got[i]) != string(whole.Contents[i]) {
				t.Errorf("%s item %d differs between the pages and the whole list", kind.name, i)
				break
			}
		}
	}
}
