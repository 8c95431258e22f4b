package feeds_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/signpost-directory/signpost/site/feeds"
	"github.com/signpost-directory/signpost/site/schedule"
)

func TestDirectoryJSON(t *testing.T) {
	d := sample(t)
	data := readFile(t, written(t), "directory.json")
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range top {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := []string{"directory", "listings", "organizations", "taxonomy", "venues", "version"}; !slices.Equal(keys, want) {
		t.Errorf("top-level keys %v, want %v", keys, want)
	}
	var doc struct {
		Version   int
		Directory struct {
			Name, Timezone string
			BaseURL        string `json:"base_url"`
		}
		Organizations []struct{ ID, Name string }
		Venues        []struct{ ID, Name string }
		Listings      []map[string]any
		Taxonomy      map[string][]struct {
			ID, Label string
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != feeds.DirectoryVersion {
		t.Errorf("version %d", doc.Version)
	}
	if doc.Directory.Name != d.Config.Name || doc.Directory.Timezone != "Europe/London" ||
		doc.Directory.BaseURL != "https://example.org/millbrook/" {
		t.Errorf("directory %+v", doc.Directory)
	}
	if len(doc.Organizations) != len(d.Organizations) || len(doc.Venues) != len(d.Venues) || len(doc.Listings) != len(d.Listings) {
		t.Fatalf("%d organizations, %d venues, %d listings", len(doc.Organizations), len(doc.Venues), len(doc.Listings))
	}
	for name, terms := range doc.Taxonomy {
		if v := d.Taxonomy.Vocabulary(name); v == nil || len(terms) != len(v.Terms) {
			t.Errorf("taxonomy %s has %d terms", name, len(terms))
		}
	}
	if len(doc.Taxonomy) != 4 {
		t.Errorf("%d vocabularies", len(doc.Taxonomy))
	}
	for i, l := range d.Listings {
		got := doc.Listings[i]
		if got["id"] != l.ID || got["title"] != l.Title || got["verified"] != l.VerifiedText ||
			got["status"] != l.Status || got["hsds_id"] != serviceID(l.ID) {
			t.Errorf("listing %d: %v, want %s", i, got["id"], l.ID)
		}
		// What depends on the day of the build stays out.
		for _, k := range []string{"stale", "next"} {
			if _, ok := got[k]; ok {
				t.Errorf("%s has %q, which depends on the build date", l.ID, k)
			}
		}
		// The schedule is complete: each rule's canonical text parses back to the rule.
		rules, _ := got["schedule"].([]any)
		if len(rules) != len(l.Schedule) {
			t.Fatalf("%s: %d rules", l.ID, len(rules))
		}
		for j, r := range l.Schedule {
			canonical, _ := rules[j].(map[string]any)["canonical"].(string)
			back, err := schedule.Parse(canonical)
			if err != nil || !reflect.DeepEqual(back, r) {
				t.Errorf("%s rule %d: %q parses to %+v (%v), want %+v", l.ID, j, canonical, back, err, r)
			}
		}
	}
}
