package csvfile_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/importer"
	"github.com/signpost-directory/signpost/site/importer/csvfile"
	"github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/schedule"
)

var today = schedule.Date{Year: 2026, Month: 11, Day: 21}

func checkDir(t testing.TB, dir string) (*content.Directory, diag.List) {
	t.Helper()
	ck, err := check.New()
	if err != nil {
		t.Fatal(err)
	}
	folder, err := load.Scan(os.DirFS(dir), "content")
	if err != nil {
		t.Fatal(err)
	}
	return ck.Run(context.Background(), folder, check.Options{Today: today})
}

func errorsOf(msgs diag.List) diag.List {
	var out diag.List
	for _, m := range msgs {
		if m.Severity == diag.Error {
			out = append(out, m)
		}
	}
	return out
}

// contentDir is an empty content folder with the sample's settings.
func contentDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	os.MkdirAll(dir, 0o755)
	settings, err := os.ReadFile("../../../content/directory.yaml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "directory.yaml"), settings, 0o644)
	return dir
}

// TestSampleRoundTrip: sample → export csv → import csv → check passes,
// and every listing reads back the same.
func TestSampleRoundTrip(t *testing.T) {
	sample, msgs := checkDir(t, "../../../content")
	if msgs.HasErrors() {
		t.Fatalf("the sample does not pass check: %v", errorsOf(msgs))
	}
	var sheet bytes.Buffer
	if err := csvfile.Export(&sheet, sample); err != nil {
		t.Fatal(err)
	}
	set, err := csvfile.Read(&sheet, csvfile.Map{})
	if err != nil {
		t.Fatal(err)
	}
	dir := contentDir(t)
	report, err := importer.Write(dir, set, importer.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Decide) > 0 || len(report.Dropped) > 0 {
		t.Errorf("the export reads back with values to decide or dropped: %+v %v", report.Decide, report.Dropped)
	}
	back, msgs := checkDir(t, dir)
	if errs := errorsOf(msgs); len(errs) > 0 {
		t.Fatalf("check on the imported export: %v", errs)
	}
	if len(back.Listings) != len(sample.Listings) || len(back.Organizations) != len(sample.Organizations) {
		t.Errorf("%d listings and %d organizations read back from %d and %d", len(back.Listings), len(back.Organizations), len(sample.Listings), len(sample.Organizations))
	}
	// Every file keeps its id, so the directory keeps its web addresses.
	byID := map[string]*content.Listing{}
	for _, l := range back.Listings {
		byID[l.ID] = l
	}
	for _, o := range sample.Organizations {
		if back.Organization(o.ID) == nil {
			t.Errorf("organization %s did not come back under its id", o.ID)
		}
	}
	for _, v := range sample.Venues {
		if back.Venue(v.ID) == nil {
			t.Errorf("venue %s did not come back under its id", v.ID)
		}
	}
	translations, capacities := 0, 0
	for _, want := range sample.Listings {
		if want.Capacity != nil {
			capacities++
		}
		got := byID[want.ID]
		if got == nil {
			t.Errorf("%s did not come back", want.ID)
			continue
		}
		same(t, want.ID, "listing", comparable(sample, want), comparable(back, got))
		// Translations come back too, as listings/<id>.<lang>.md.
		if len(got.Translations) != len(want.Translations) {
			t.Errorf("%s: %d translations back, want %d", want.ID, len(got.Translations), len(want.Translations))
		}
		for lang, wt := range want.Translations {
			gt := got.Translations[lang]
			if gt == nil {
				t.Errorf("%s: the %s translation did not come back", want.ID, lang)
				continue
			}
			w, g := *wt, *gt
			w.File, g.File = "", ""
			w.Description, g.Description = strings.TrimSpace(w.Description), strings.TrimSpace(g.Description)
			if w != g {
				t.Errorf("%s.%s: translation\n got %+v\nwant %+v", want.ID, lang, g, w)
			}
		}
		translations += len(want.Translations)
	}
	if translations == 0 {
		t.Error("the sample has no translations: the round trip of translations is not tested")
	}
	if capacities == 0 {
		t.Error("the sample has no capacity: the round trip of places and waiting times is not tested")
	}
}

// comparable is a listing with its references replaced by what they name,
// since ids are made again from names.
func comparable(d *content.Directory, l *content.Listing) content.Listing {
	c := *l
	// Where a field sits in its file is not part of the listing: the importer writes the
	// fields in its own order.
	c.ID, c.File, c.SourceID, c.Translations, c.Schedule, c.Stale, c.VerifiedLine = "", "", "", nil, nil, false, 0
	// Ages are compared by value; text by what it says, not its final line break.
	c.Tags = append(slices.Clone(c.Tags), age(l.Audience.MinAge), age(l.Audience.MaxAge))
	c.Audience.MinAge, c.Audience.MaxAge = nil, nil
	c.Description = strings.TrimSpace(c.Description)
	if o := d.Organization(l.Organization); o != nil {
		org := *o
		org.ID, org.File = "", ""
		c.Organization = org.Name + "|" + strings.TrimSpace(org.Description) + "|" + org.Website + "|" + org.Email + "|" + org.Phone + "|" + org.CharityNumber
	}
	if v := d.Venue(l.Venue); v != nil {
		c.Venue = v.Name + "|" + v.Postcode + "|" + v.Town + "|" + v.Directions
		c.Tags = append(append(c.Tags, v.Address...), v.Accessibility...)
	}
	return c
}

func age(p *int) string {
	if p == nil {
		return "-"
	}
	return strconv.Itoa(*p)
}

func same(t *testing.T, id, what string, want, got any) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		t.Errorf("%s: %s differs after the round trip:\nwant %+v\n got %+v", id, what, want, got)
	}
}

// TestExportedFormulasStayText: a value a spreadsheet would run as a
// formula is exported with an apostrophe before it, so the spreadsheet
// shows it as text, and imports back as it was written.
func TestExportedFormulasStayText(t *testing.T) {
	sample, msgs := checkDir(t, "../../../content")
	if msgs.HasErrors() {
		t.Fatalf("the sample does not pass check: %v", errorsOf(msgs))
	}
	const formula = `=HYPERLINK("https://evil.example/","Call Pam")`
	l := sample.Listings[0]
	l.Summary, l.HowToJoin = formula, "@everyone welcome"
	var sheet bytes.Buffer
	if err := csvfile.Export(&sheet, sample); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(sheet.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		for j, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("row %d, column %d starts a formula: %q", i+1, j+1, cell)
			}
		}
	}
	if !strings.Contains(sheet.String(), `"'=HYPERLINK(""https://evil.example/""`) {
		t.Errorf("the formula is not exported as text:\n%.400s", sheet.String())
	}
	set, err := csvfile.Read(bytes.NewReader(sheet.Bytes()), csvfile.Map{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, got := range set.Listings {
		if got.Title != l.Title {
			continue
		}
		found = true
		if got.Summary != formula || got.HowToJoin != "@everyone welcome" {
			t.Errorf("read back summary %q, how to join %q", got.Summary, got.HowToJoin)
		}
	}
	if !found {
		t.Errorf("%q was not read back", l.Title)
	}
}
