package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportImportRoundTrip: the sample, exported as a spreadsheet and
// imported into an empty folder, passes check with the same listings.
func TestExportImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	sheet := filepath.Join(dir, "directory.csv")
	code, stdout, stderr := signpost(t, "export", "csv", "--content", "../../content", "--out", sheet)
	if code != exitOK || !strings.Contains(stdout, "Wrote 55 listings") {
		t.Fatalf("export: exit %d\n%s%s", code, stdout, stderr)
	}
	content := filepath.Join(dir, "content")
	if err := os.MkdirAll(content, 0o755); err != nil {
		t.Fatal(err)
	}
	yaml, err := os.ReadFile("../../content/directory.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(content, "directory.yaml"), yaml, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = signpost(t, "import", "csv", sheet, "--out", content)
	if code != exitOK || !strings.Contains(stdout, "55 listings") {
		t.Fatalf("import: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = signpost(t, "check", "--content", content, "--today", "2026-11-21")
	if code != exitOK {
		t.Fatalf("check of the imported folder: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, id := range []string{"riverside-walking-group", "community-choir", "advice-drop-in"} {
		want, err := os.ReadFile(filepath.Join("../../content/listings", id+".md"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(content, "listings", id+".md"))
		if err != nil {
			t.Fatalf("%s was not written back under its own name: %v", id, err)
		}
		title := strings.SplitN(strings.SplitN(string(want), "title: ", 2)[1], "\n", 2)[0]
		if !strings.Contains(string(got), "title: "+title) {
			t.Errorf("%s: the title %q did not come back", id, title)
		}
	}

	// Again, without --update: nothing already there is changed.
	before, _ := os.ReadFile(filepath.Join(content, "listings", "community-choir.md"))
	if err := os.WriteFile(filepath.Join(content, "listings", "community-choir.md"), append(before, []byte("\nA local note.\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr = signpost(t, "import", "csv", sheet, "--out", content); code != exitOK {
		t.Fatalf("second import: exit %d\n%s%s", code, stdout, stderr)
	}
	after, _ := os.ReadFile(filepath.Join(content, "listings", "community-choir.md"))
	if !strings.HasSuffix(string(after), "A local note.\n") {
		t.Error("a second import without --update changed an existing file")
	}

	// With --update, a value changed in the spreadsheet reaches the file; the rest stays.
	data, err := os.ReadFile(sheet)
	if err != nil {
		t.Fatal(err)
	}
	front := strings.SplitN(string(before), "summary: ", 2)
	if len(front) != 2 {
		t.Fatalf("no summary in community-choir.md:\n%s", before)
	}
	oldSummary := strings.Trim(strings.SplitN(front[1], "\n", 2)[0], `"`)
	if !strings.Contains(string(data), oldSummary) {
		t.Fatalf("the spreadsheet does not hold %q", oldSummary)
	}
	edited := strings.Replace(string(data), oldSummary, "Sing with us on Thursdays, no experience needed.", 1)
	if err := os.WriteFile(sheet, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr = signpost(t, "import", "csv", sheet, "--out", content, "--update"); code != exitOK {
		t.Fatalf("import --update: exit %d\n%s%s", code, stdout, stderr)
	}
	updated, _ := os.ReadFile(filepath.Join(content, "listings", "community-choir.md"))
	if !strings.Contains(string(updated), "Sing with us on Thursdays, no experience needed.") {
		t.Errorf("--update did not bring the new summary:\n%s", updated)
	}
	if code, stdout, stderr = signpost(t, "check", "--content", content, "--today", "2026-11-21"); code != exitOK {
		t.Errorf("check after --update: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestImportBadSource: a source that cannot be read, or is not a
// spreadsheet of activities, is refused with where and why, exit 1, and
// nothing is written.
func TestImportBadSource(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("Colour,Size\nred,\"large\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"import", "csv", filepath.Join(dir, "missing.csv"), "--out", content}, "cannot read"},
		{[]string{"import", "csv", bad, "--out", content}, "bad.csv: "},
	} {
		code, stdout, stderr := signpost(t, c.args...)
		if code != exitProblems || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q (want %q)\n%s", c.args, code, stderr, c.want, stdout)
		}
		if _, err := os.Stat(content); err == nil {
			t.Errorf("%v wrote %s", c.args, content)
		}
	}
	if code, _, stderr := signpost(t, "import", "spreadsheet.xlsx"); code != exitUsage || !strings.Contains(stderr, "Usage: signpost import csv") {
		t.Errorf("import without csv: exit %d, %q", code, stderr)
	}
}

// TestImportHSDS: an Open Referral service, nested as the standard's
// examples are, becomes a listing with its organization and venue, keeps its
// HSDS id, and a malformed feed is refused with the JSON path, writing nothing.
func TestImportHSDS(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	feed := filepath.Join(dir, "service.json")
	const service = `{"id": "4e8f5e0b-6a7e-4f5b-9a59-2a1c2f0d7b11", "name": "Tuesday Walking Group",
  "description": "A gentle walk by the river, then tea.", "status": "active",
  "organization": {"id": "0c6a9d4e-1b7f-4c1e-8a7e-6a3d9f2b5c10", "name": "Millbrook Ramblers", "description": "Walks for everyone."},
  "service_at_locations": [{"id": "s1", "location": {"id": "l1", "name": "Riverside Park Gate", "location_type": "physical",
    "addresses": [{"id": "a1", "address_1": "River Lane", "city": "Millbrook", "postal_code": "MB1 2AB", "country": "GB", "address_type": "physical"}]}}],
  "schedules": [{"id": "sc1", "freq": "WEEKLY", "byday": "TU", "opens_at": "10:00", "closes_at": "11:30"}]}`
	if err := os.WriteFile(feed, []byte(service), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := signpost(t, "import", "hsds", feed, "--out", content)
	if code != exitOK || !strings.Contains(stdout, "1 listing") {
		t.Fatalf("import hsds: exit %d\n%s%s", code, stdout, stderr)
	}
	listing, err := os.ReadFile(filepath.Join(content, "listings", "tuesday-walking-group.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"title: Tuesday Walking Group", `source_id: "4e8f5e0b-6a7e-4f5b-9a59-2a1c2f0d7b11"`, "organization: millbrook-ramblers", "venue: riverside-park-gate"} {
		if !strings.Contains(string(listing), want) {
			t.Errorf("the listing lacks %q:\n%s", want, listing)
		}
	}

	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"id": "x", "name": "A walk", "description": "d", "status": "active", "schedules": [{"freq": "WEEKLY", "opens_at": 10}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other")
	code, _, stderr = signpost(t, "import", "hsds", bad, "--out", other)
	if code != exitProblems || !strings.Contains(stderr, "$.schedules[0].opens_at") {
		t.Errorf("malformed feed: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(other); err == nil {
		t.Error("a malformed feed wrote files")
	}
}
