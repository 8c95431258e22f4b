package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/importer"
	"github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/schedule"
)

// contentDir makes an empty content folder with the sample's settings,
// inside a temporary folder, so check can run on what is written.
func contentDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	settings, err := os.ReadFile("../../content/directory.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "directory.yaml"), settings, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// checkDir runs the real check on a content folder.
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
	d, msgs := ck.Run(context.Background(), folder, check.Options{Today: schedule.Date{Year: 2026, Month: 11, Day: 1}})
	return d, msgs
}

func errorsOf(msgs diag.List) []diag.Message {
	var out []diag.Message
	for _, m := range msgs {
		if m.Severity == diag.Error {
			out = append(out, m)
		}
	}
	return out
}

func sampleSet() importer.Set {
	lat, lon := 52.61, -1.89
	return importer.Set{
		Organizations: []*content.Organization{{ID: "o1", Name: "Wend Valley Walkers", Description: "We walk.", Phone: "01632 960123", CharityNumber: "1234567"}},
		Venues:        []*content.Venue{{ID: "v1", Name: "Village Hall", Address: []string{"1 Main Street"}, Town: "Millbrook", Postcode: "MB1 2AB", Lat: &lat, Lon: &lon}},
		Listings: []*content.Listing{{ID: "row 2", Title: "Café Walk & Talk", Organization: "o1", Venue: "v1",
			Summary: "A gentle walk: then tea.", Categories: []string{"movement"}, Needs: []string{"loneliness"},
			ScheduleText: []string{"every Tuesday 10:00-11:30"}, Cost: content.Cost{Amount: 3.5, Per: "session"},
			Referral: "self", Status: "active", VerifiedText: "2026-10-02", Contact: content.Contact{Name: "Ann", Phone: "07700 900123"},
			SourceID: "42", Description: "A flat walk along the river.\n\nEveryone welcome."}},
	}
}

func TestWrittenFilesPassCheckAndReadBack(t *testing.T) {
	dir := contentDir(t)
	report, err := importer.Write(dir, sampleSet(), importer.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if report.Written != (importer.Counts{Listings: 1, Organizations: 1, Venues: 1}) || len(report.Decide) != 0 {
		t.Fatalf("report: %+v", report)
	}
	d, msgs := checkDir(t, dir)
	if errs := errorsOf(msgs); len(errs) > 0 {
		t.Fatalf("check: %v", errs)
	}
	l := d.Listing("cafe-walk-talk")
	if l == nil {
		t.Fatalf("no listing cafe-walk-talk: %v", d.Listings)
	}
	if l.Organization != "wend-valley-walkers" || l.Venue != "village-hall" || l.Cost.Amount != 3.5 || l.SourceID != "42" ||
		l.Summary != "A gentle walk: then tea." || !strings.Contains(l.Description, "Everyone welcome.") {
		t.Errorf("listing read back as %+v", l)
	}
	text, _ := os.ReadFile(filepath.Join(dir, "listings", "cafe-walk-talk.md"))
	order := []string{"title:", "organization:", "summary:", "categories:", "needs:", "venue:", "schedule:", "cost:", "referral:", "contact:", "status:", "verified:", "source_id:"}
	last := -1
	for _, key := range order {
		i := strings.Index(string(text), "\n"+key)
		if i < last {
			t.Errorf("%s is not in the order of signpost new:\n%s", key, text)
		}
		last = i
	}
	if !strings.Contains(string(text), "# Write self (anyone can join)") || !strings.Contains(string(text), `phone: "07700 900123"`) {
		t.Errorf("no notes, or phone not quoted:\n%s", text)
	}
}

// TestCheckFailsOnlyWhereTheReportSays: what the source lacks is written
// as TODO, and every line check refuses is a line the report names.
func TestCheckFailsOnlyWhereTheReportSays(t *testing.T) {
	dir := contentDir(t)
	set := sampleSet()
	l := set.Listings[0]
	l.Summary, l.ScheduleText, l.Status = "", nil, ""
	l.Categories = []string{"movement", "dancing"}
	set.Notes = []importer.Note{{Kind: "listing", ID: "row 2", Field: "schedule_notes", Source: "row 2, column When", Text: `"after lunch" is not a schedule rule: it was kept in schedule_notes`}}
	report, err := importer.Write(dir, set, importer.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]bool{}
	for _, d := range report.Decide {
		named[filepath.Base(d.File)+":"+itoa(d.Line)] = true
	}
	_, msgs := checkDir(t, dir)
	errs := errorsOf(msgs)
	if len(errs) == 0 {
		t.Fatal("check passed a listing with TODOs")
	}
	for _, m := range errs {
		if m.Location == nil || !named[filepath.Base(m.Location.File)+":"+itoa(m.Location.Line)] {
			t.Errorf("check refuses %s:%d (%s), which the report does not name: %v", m.Location.File, m.Location.Line, m.Text, report.Decide)
		}
	}
	var b strings.Builder
	report.WriteText(&b)
	for _, want := range []string{`cafe-walk-talk.md:7: "summary" is not in the source: replace TODO`, `(row 2, column When)`, `Unknown category "dancing"`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestExistingFilesAreNeverOverwrittenWithoutUpdate(t *testing.T) {
	dir := contentDir(t)
	if _, err := importer.Write(dir, sampleSet(), importer.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "listings", "cafe-walk-talk.md")
	edited := strings.Replace(read(t, path), "tags:", "tags:", 1) + "A volunteer's edit.\n"
	os.WriteFile(path, []byte(edited), 0o644)
	set := sampleSet()
	set.Listings[0].Summary = "Changed at the source."
	report, err := importer.Write(dir, set, importer.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if report.Unchanged != (importer.Counts{Listings: 1, Organizations: 1, Venues: 1}) || report.Written != (importer.Counts{}) {
		t.Errorf("second import: %+v", report)
	}
	if read(t, path) != edited {
		t.Error("an existing listing was overwritten without --update")
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "listings"))
	if len(entries) != 1 {
		t.Errorf("second import added files: %v", entries)
	}
}

func TestUpdateRewritesOnlyWhatTheSourceOwns(t *testing.T) {
	dir := contentDir(t)
	if _, err := importer.Write(dir, sampleSet(), importer.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "listings", "cafe-walk-talk.md")
	local := strings.Replace(read(t, path), "status: active", "status: active\n# Checked by phone with Ann.\ntags: [walking]", 1)
	os.WriteFile(path, []byte(local), 0o644)
	set := sampleSet()
	set.Listings[0].Summary = "Changed at the source."
	set.Listings[0].Title = "Riverside Walk" // a new title, the same source id: the same file
	set.Listings[0].VerifiedText = ""        // the source lost it: the file's date must stay, not become TODO
	report, err := importer.Write(dir, set, importer.WriteOptions{Update: true})
	if err != nil {
		t.Fatal(err)
	}
	if report.Updated.Listings != 1 {
		t.Errorf("report: %+v", report)
	}
	text := read(t, path)
	for _, want := range []string{"summary: Changed at the source.", "title: Riverside Walk", "# Checked by phone with Ann.", "tags: [walking]", "Everyone welcome.", "verified: 2026-10-02"} {
		if !strings.Contains(text, want) {
			t.Errorf("updated file lacks %q:\n%s", want, text)
		}
	}
	if _, msgs := checkDir(t, dir); len(errorsOf(msgs)) > 0 {
		t.Errorf("check after update: %v", errorsOf(msgs))
	}
}

func TestIDsAreSlugsMadeUnique(t *testing.T) {
	dir := contentDir(t)
	set := sampleSet()
	second := *set.Listings[0]
	second.ID, second.SourceID, second.Venue = "row 3", "43", content.Online
	second.OnlineURL = "https://example.org/walk"
	set.Listings = append(set.Listings, &second)
	set.Organizations = append(set.Organizations, &content.Organization{ID: "o2", Name: "Wend Valley Walkers!", Description: "Same."})
	report, err := importer.Write(dir, set, importer.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"listings/cafe-walk-talk.md", "listings/cafe-walk-talk-2.md"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	if report.Written.Organizations != 1 {
		t.Errorf("the same organization name twice made %d files", report.Written.Organizations)
	}
}

func TestLikelyDuplicatesAreReported(t *testing.T) {
	dir := contentDir(t)
	set := sampleSet()
	second := *set.Listings[0]
	second.ID, second.SourceID = "row 3", "43"
	set.Listings = append(set.Listings, &second)
	set.Organizations = append(set.Organizations, &content.Organization{ID: "o2", Name: "Walkers of Wend", Description: "Same.", CharityNumber: "1234567"})
	report, err := importer.Write(dir, set, importer.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	report.WriteText(&b)
	for _, want := range []string{"cafe-walk-talk-2.md:4: Likely the same as", "the same title at the same venue", "walkers-of-wend.yaml:", "the same charity number"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Café & Chat (Tuesdays)": "cafe-chat-tuesdays",
		"  --  ":                 "listing",
		"Men's Shed":             "men-s-shed",
		"Łódź":                   "odz",
	} {
		if got := importer.Slug(in, "listing"); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestTranslationsAreWrittenBesideTheirListing: a listing's translations
// become listings/<id>.<lang>.md, which check attaches to it; an existing
// translation is left alone without Update and rewritten with it.
func TestTranslationsAreWrittenBesideTheirListing(t *testing.T) {
	dir := contentDir(t)
	set := sampleSet()
	set.Listings[0].Translations = map[string]*content.Translation{
		"pl": {Lang: "pl", Title: "Spacer i rozmowa", Summary: "Spokojny spacer, potem herbata.", Description: "Zapraszamy wszystkich."},
	}
	report, err := importer.Write(dir, set, importer.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if report.Written.Translations != 1 {
		t.Errorf("report: %+v", report.Written)
	}
	path := filepath.Join(dir, "listings", "cafe-walk-talk.pl.md")
	if text := read(t, path); !strings.Contains(text, "title: Spacer i rozmowa") || !strings.Contains(text, "Zapraszamy wszystkich.") {
		t.Errorf("translation file:\n%s", text)
	}
	d, msgs := checkDir(t, dir)
	if errs := errorsOf(msgs); len(errs) > 0 {
		t.Fatalf("check: %v", errs)
	}
	if l := d.Listing("cafe-walk-talk"); l == nil || l.Translations["pl"] == nil || l.Translations["pl"].Title != "Spacer i rozmowa" {
		t.Errorf("check did not attach the translation: %+v", l)
	}

	set.Listings[0].Translations["pl"].Title = "Spacer i herbata"
	if _, err := importer.Write(dir, set, importer.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(read(t, path), "Spacer i herbata") {
		t.Error("an existing translation was changed without Update")
	}
	if _, err := importer.Write(dir, set, importer.WriteOptions{Update: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(read(t, path), "title: Spacer i herbata") {
		t.Errorf("Update did not rewrite the translation:\n%s", read(t, path))
	}
}
