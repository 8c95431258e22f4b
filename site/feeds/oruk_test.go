package feeds_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/signpost-directory/signpost/site/feeds"
)

// The Open Referral UK profile of HSDS 3.0, as its validator
// (tpximpact/OpenReferralApi, also OpenReferralUK/oruk-validator) checks
// an API: it reads "version" from GET /, and for 3.0 takes the schemas of
// its V3.0-UK folder (testdata/oruk-3.0); it requires GET /, GET
// /services and GET /services/{id} to answer 2xx with valid bodies (the
// other endpoints are tagged Optional); it pages /services with ?page=1,
// then the middle page and the last from the first page's total_pages;
// and it allows properties the schemas do not list (its
// AllowAdditionalProperties is true by default).

// orukSpecURL is where the validator's open_api.json points its $refs.
const orukSpecURL = "https://raw.githubusercontent.com/tpximpact/OpenReferralApi/refs/heads/main/OpenReferralApi/Schemas/V3.0-UK/"

type orukSchemas struct {
	root, services, service *jsonschema.Schema // the responses of GET /, /services, /services/{id} in open_api.json
	servicePage             *jsonschema.Schema // service_list.json: a Page of UK services
}

func compileORUK(t testing.TB) *orukSchemas {
	t.Helper()
	dir := filepath.Join("testdata", "oruk-3.0")
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	for _, name := range []string{"open_api.json", "api_details.json", "service_list.json", "service.json"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := c.AddResource(orukSpecURL+name, doc); err != nil {
			t.Fatal(err)
		}
	}
	compile := func(loc string) *jsonschema.Schema {
		s, err := c.Compile(orukSpecURL + loc)
		if err != nil {
			t.Fatalf("compiling %s: %v", loc, err)
		}
		return s
	}
	response := func(path string) string {
		return "open_api.json#/paths/" + strings.ReplaceAll(path, "/", "~1") + "/get/responses/200/content/application~1json/schema"
	}
	return &orukSchemas{root: compile(response("/")), services: compile(response("/services")),
		service: compile(response("/services/{id}")), servicePage: compile("service_list.json")}
}

// orukProfileVersion is how the validator reads the version from GET /
// (OpenApiDiscoveryService.ExtractVersionNumber): "HSDS-UK-" and any "v"
// taken out, the rest a number.
func orukProfileVersion(version string) (float64, bool) {
	v := strings.NewReplacer("HSDS-UK-", "", "hsds-uk-", "", "V", "", "v", "").Replace(version)
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	return f, err == nil
}

// staticPage is the file a static host serves for GET /<kind>?page=n with
// the rewrites in site/README.md: <kind>/page-<n>.json.
func staticPage(kind string, n int) string {
	return fmt.Sprintf("api/hsds/%s/page-%d.json", kind, n)
}

// TestORUKRequiredEndpoints validates what the ORUK validator requires of
// the sample's static API: the root, every page of /services and every
// service, against the V3.0-UK schemas.
func TestORUKRequiredEndpoints(t *testing.T) {
	s := compileORUK(t)
	dir := written(t)
	root := decodeForSchema(t, "index.json", readFile(t, dir, "api/hsds/index.json"))
	if err := s.root.Validate(root); err != nil {
		t.Errorf("index.json is not a valid ORUK api_details:\n%v", err)
	}
	if v, ok := orukProfileVersion(root.(map[string]any)["version"].(string)); !ok || v != 3.0 {
		t.Errorf("the ORUK validator reads version %v (%v) from index.json, not 3.0: it would check against another profile", v, ok)
	}
	page := decodeForSchema(t, "services.json", readFile(t, dir, "api/hsds/services.json"))
	for name, sch := range map[string]*jsonschema.Schema{"the /services response": s.services, "service_list.json": s.servicePage} {
		if err := sch.Validate(page); err != nil {
			t.Errorf("services.json is not valid against ORUK %s:\n%v", name, err)
		}
	}
	files := tree(t, filepath.Join(dir, "api", "hsds", "services"))
	n := 0
	for _, name := range sortedNames(files) {
		if strings.HasPrefix(name, "page-") {
			continue
		}
		n++
		if err := s.service.Validate(decodeForSchema(t, name, files[name])); err != nil {
			t.Errorf("services/%s is not a valid ORUK service:\n%v", name, err)
		}
	}
	if want := 2 * len(sample(t).Listings); n != want {
		t.Errorf("%d service documents (with their extensionless twins), want %d", n, want)
	}
}

// TestORUKRejects shows the ORUK set-up does check: a service without a
// name, with an id that is not a UUID, or a page whose contents are not a
// list, fails.
func TestORUKRejects(t *testing.T) {
	s := compileORUK(t)
	dir := written(t)
	rel := "api/hsds/services/" + serviceID("riverside-walking-group") + ".json"
	for _, change := range []func(map[string]any){
		func(d map[string]any) { delete(d, "name") },
		func(d map[string]any) { d["id"] = "riverside-walking-group" },
		func(d map[string]any) { d["schedules"].([]any)[0].(map[string]any)["id"] = 7 },
	} {
		doc := decodeForSchema(t, rel, readFile(t, dir, rel)).(map[string]any)
		change(doc)
		if s.service.Validate(doc) == nil {
			t.Errorf("a changed service passed the ORUK service schema: %v", doc["id"])
		}
	}
	page := decodeForSchema(t, "services.json", readFile(t, dir, "api/hsds/services.json")).(map[string]any)
	page["contents"] = map[string]any{}
	if s.servicePage.Validate(page) == nil {
		t.Error("a page whose contents are not a list passed service_list.json")
	}
}

// TestORUKPagination walks /services as the validator does (page 1, the
// middle page, the last), through the files a static host serves with the
// rewrites of site/README.md, on a build with pages small enough that the
// sample has several; each page validates and is the page asked for.
func TestORUKPagination(t *testing.T) {
	s := compileORUK(t)
	d := sample(t)
	dir := t.TempDir()
	size := max(1, len(d.Listings)/5) // five or six pages
	if _, err := feeds.Write(context.Background(), d, dir, feeds.Options{HSDSPageSize: size}); err != nil {
		t.Fatal(err)
	}
	type page struct {
		TotalPages int `json:"total_pages"`
		PageNumber int `json:"page_number"`
		Contents   []json.RawMessage
	}
	read := func(n int) page {
		rel := staticPage("services", n)
		data := readFile(t, dir, rel)
		v := decodeForSchema(t, rel, data)
		for name, sch := range map[string]*jsonschema.Schema{"the /services response": s.services, "service_list.json": s.servicePage} {
			if err := sch.Validate(v); err != nil {
				t.Errorf("%s (GET /services?page=%d) is not valid against ORUK %s:\n%v", rel, n, name, err)
			}
		}
		var p page
		if err := json.Unmarshal(data, &p); err != nil {
			t.Fatal(err)
		}
		if p.PageNumber != n || len(p.Contents) == 0 {
			t.Errorf("GET /services?page=%d is served page %d with %d services", n, p.PageNumber, len(p.Contents))
		}
		return p
	}
	total := read(1).TotalPages
	t.Logf("%d services, %d pages of %d", len(d.Listings), total, size)
	if total < 3 {
		t.Fatalf("%d pages of %d: the test needs a middle page", total, size)
	}
	tested := []int{1}
	for _, n := range []int{total / 2, total} {
		if !slices.Contains(tested, n) {
			read(n)
			tested = append(tested, n)
		}
	}
	if _, err := readOptional(dir, staticPage("services", total+1)); err == nil {
		t.Errorf("there is a page %d after the last, %d", total+1, total)
	}
}

// outsideSchema lists, as paths like "schedules[].until", the properties
// of v that schema (a compiled schema, every $ref inlined) does not list,
// at every depth where it lists any.
func outsideSchema(v any, schema map[string]any, path string, found map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		props, ok := schema["properties"].(map[string]any)
		if !ok {
			return
		}
		for k, x := range v {
			sub, listed := props[k].(map[string]any)
			if !listed {
				found[strings.TrimPrefix(path+"."+k, ".")] = true
				continue
			}
			outsideSchema(x, sub, path+"."+k, found)
		}
	case []any:
		items, _ := schema["items"].(map[string]any)
		for _, x := range v {
			outsideSchema(x, items, path+"[]", found)
		}
	}
}

// TestORUKFieldsOutsideProfile lists what signpost writes in a service
// that the UK profile leaves out of HSDS 3.0, and compares it with the
// list site/README.md gives ("Open Referral UK"): when this test fails,
// the output or the profile changed, and the README must say so.
func TestORUKFieldsOutsideProfile(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "oruk-3.0", "service.json"))
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	dir := written(t)
	found := map[string]bool{}
	for _, l := range sample(t).Listings {
		var doc any
		if err := json.Unmarshal(readFile(t, dir, "api/hsds/services/"+serviceID(l.ID)+".json"), &doc); err != nil {
			t.Fatal(err)
		}
		outsideSchema(doc, schema, "", found)
	}
	want := []string{
		"application_process", "eligibility_description", "fees_description", "phones",
		"organization.phones",
		"languages[].code", "languages[].name",
		"schedules[].count", "schedules[].until", "schedules[].wkst",
		"contacts[].email",
		"cost_options[].currency",
		"attributes[].link_entity",
		"attributes[].taxonomy_term.code", "attributes[].taxonomy_term.language", "attributes[].taxonomy_term.taxonomy_detail",
		"service_at_locations[].location.transportation", "service_at_locations[].location.url",
		"service_at_locations[].location.addresses[].address_2",
	}
	got := sortedNames(found)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the services have these properties outside the UK profile:\n%s\nwant (as site/README.md says):\n%s",
			strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
