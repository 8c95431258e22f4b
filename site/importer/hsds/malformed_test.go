package hsds_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signpost-directory/signpost/site/importer/hsds"
)

func TestMalformedSourcesSayWhereAndReadNothing(t *testing.T) {
	cases := []struct{ name, doc, want string }{
		{"bad JSON", "{\"contents\": [\n  {\"id\": \"a\", \"name\": \"Walk\" \"status\": \"active\"}\n]}", `services.json: line 2, column 30, at $.contents[0].name: this is not JSON`},
		{"text for a number", `{"id": "a", "name": "Walk", "status": "active", "minimum_age": "eighteen"}`, `services.json: line 1, column 64, at $.minimum_age: expected a number, found text`},
		{"object for a list", `{"contents": [{"id": "a", "name": "Walk", "status": "active", "schedules": {"freq": "WEEKLY"}}]}`, `at $.contents[0].schedules: expected a list ([...]), found an object`},
		{"nested wrong type", `{"id": "a", "name": "W", "status": "active", "service_at_locations": [{"location": {"latitude": "52.1"}}]}`, `at $.service_at_locations[0].location.latitude: expected a number, found text`},
		{"not HSDS", `{"hello": "world"}`, `services.json: this is not an HSDS 3.0 service`},
		{"a list at the top", `[1, 2]`, `at $: expected an object ({...}), found a list`},
		{"empty", ``, `this is not JSON`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "services.json")
			if err := os.WriteFile(file, []byte(c.doc), 0o644); err != nil {
				t.Fatal(err)
			}
			set, err := hsds.Read(context.Background(), file, hsds.Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Read = %v, want an error with %q", err, c.want)
			}
			if set != nil {
				t.Errorf("Read returned a set with an error")
			}
		})
	}
}

func TestABadFileInAFolderStopsTheImport(t *testing.T) {
	dir := t.TempDir()
	good := `{"id": "a", "name": "Walk", "status": "active"}`
	os.WriteFile(filepath.Join(dir, "a.json"), []byte(good), 0o644)
	os.WriteFile(filepath.Join(dir, "b.json"), []byte(`{"id": "b", "name": 3, "status": "active"}`), 0o644)
	_, err := hsds.Read(context.Background(), dir, hsds.Options{})
	if err == nil || !strings.Contains(err.Error(), "b.json: line 1, column 21, at $.name: expected text") {
		t.Errorf("Read = %v", err)
	}
	if _, err := hsds.Read(context.Background(), filepath.Join(dir, "missing"), hsds.Options{}); err == nil {
		t.Error("a missing source gave no error")
	}
}

// FuzzRead checks that no document makes the reader panic or hang.
func FuzzRead(f *testing.F) {
	for _, seed := range []string{
		`{"id": "a", "name": "Walk", "status": "active", "schedules": [{"freq": "MONTHLY", "byday": "-1FR", "opens_at": "10:00", "closes_at": "11:00"}]}`,
		`{"contents": [{"id": "a", "name": "W", "status": "active", "cost_options": [{"amount": 2, "amount_description": "a session"}]}]}`,
		`{"id": "o", "name": "Org", "website": "x", "services": [{"id": "s", "name": "S", "status": "defunct"}]}`,
		`{"id": "x", "service": {"id": "s", "name": "S", "status": "active"}, "location": {"location_type": "virtual"}}`,
		`{"contents": [{"id": "1", "name": "a", "status": "active", "service_at_locations": [{"location": {"name": "Hall", "latitude": 1e308, "longitude": -1}}]}]}`,
	} {
		f.Add([]byte(seed))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, doc []byte) {
		file := filepath.Join(dir, "doc.json")
		if err := os.WriteFile(file, doc, 0o644); err != nil {
			t.Fatal(err)
		}
		set, err := hsds.Read(context.Background(), file, hsds.Options{Country: "GB"})
		if err == nil && set == nil {
			t.Fatal("no set and no error")
		}
	})
}
