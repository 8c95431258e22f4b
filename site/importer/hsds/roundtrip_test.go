package hsds_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/feeds"
	"github.com/signpost-directory/signpost/site/importer"
	"github.com/signpost-directory/signpost/site/importer/hsds"
	"github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/schedule"
)

// today is fixed so that staleness never depends on when the tests run.
var today = schedule.Date{Year: 2026, Month: 11, Day: 21}

const sample = "../../../content"

// checkDir checks a content folder as `signpost check` does.
func checkDir(t testing.TB, dir string) (*content.Directory, diag.List) {
	t.Helper()
	ck, err := check.New()
	if err != nil {
		t.Fatal(err)
	}
	folder, err := load.Scan(os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	return ck.Run(context.Background(), folder, check.Options{Today: today})
}

func errorsIn(msgs diag.List) []string {
	var out []string
	for _, m := range msgs {
		if m.Severity == diag.Error {
			where := ""
			if m.Location != nil {
				where = fmt.Sprintf("%s:%d: ", m.Location.File, m.Location.Line)
			}
			out = append(out, where+m.Text)
		}
	}
	return out
}

// publishHSDS writes the sample's HSDS API, as `signpost build` does, and
// returns the checked sample and the API folder.
func publishHSDS(t testing.TB) (*content.Directory, string) {
	t.Helper()
	d, msgs := checkDir(t, sample)
	if errs := errorsIn(msgs); len(errs) > 0 {
		t.Fatalf("the sample has errors: %v", errs)
	}
	out := t.TempDir()
	if _, err := feeds.Write(context.Background(), d, out, feeds.Options{}); err != nil {
		t.Fatal(err)
	}
	return d, filepath.Join(out, "api", "hsds")
}

// importInto reads an HSDS source and writes it into a new content folder
// with the sample's settings.
func importInto(t testing.TB, source string) (string, *importer.Report, *importer.Set) {
	t.Helper()
	set, err := hsds.Read(context.Background(), source, hsds.Options{Country: "GB"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	settings, err := os.ReadFile(filepath.Join(sample, "directory.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "directory.yaml"), settings, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := importer.Write(dir, *set, importer.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return dir, rep, set
}

func TestSampleRoundTripsThroughHSDS(t *testing.T) {
	want, api := publishHSDS(t)
	dir, _, _ := importInto(t, api)
	got, msgs := checkDir(t, dir)
	if errs := errorsIn(msgs); len(errs) > 0 {
		t.Fatalf("the imported folder fails check:\n%v", errs)
	}
	if len(got.Listings) != len(want.Listings) {
		t.Fatalf("%d listings imported, want %d", len(got.Listings), len(want.Listings))
	}
	byTitle := map[string]*content.Listing{}
	for _, l := range got.Listings {
		byTitle[l.Title] = l
	}
	for _, w := range want.Listings {
		g := byTitle[w.Title]
		if g == nil {
			t.Errorf("listing %q was not imported", w.Title)
			continue
		}
		if a, b := canonical(g.Schedule), canonical(w.Schedule); !slices.Equal(a, b) {
			t.Errorf("%s: schedule %q, want %q", w.ID, a, b)
		}
		if g.ScheduleNotes != w.ScheduleNotes {
			t.Errorf("%s: schedule_notes %q, want %q", w.ID, g.ScheduleNotes, w.ScheduleNotes)
		}
		if g.Cost != w.Cost {
			t.Errorf("%s: cost %+v, want %+v", w.ID, g.Cost, w.Cost)
		}
		if a, b := venueOf(got, g), venueOf(want, w); a != b {
			t.Errorf("%s: venue %q, want %q", w.ID, a, b)
		}
		if g.Referral != w.Referral || g.Status != w.Status || g.Summary != w.Summary {
			t.Errorf("%s: referral, status, summary %q %q %q, want %q %q %q", w.ID, g.Referral, g.Status, g.Summary, w.Referral, w.Status, w.Summary)
		}
		if !slices.Equal(g.Categories, w.Categories) || !slices.Equal(g.Needs, w.Needs) {
			t.Errorf("%s: categories %v needs %v, want %v %v", w.ID, g.Categories, g.Needs, w.Categories, w.Needs)
		}
	}
}

func canonical(rules []schedule.Rule) []string {
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = r.Canonical()
	}
	return out
}

// venueOf says where a listing is in words that do not depend on file
// names: the venue's name, address and postcode, or its online address.
func venueOf(d *content.Directory, l *content.Listing) string {
	v := d.Venue(l.Venue)
	if v == nil {
		return l.Venue + " " + l.OnlineURL
	}
	return fmt.Sprint(v.Name, " | ", v.Address, " | ", v.Town, " | ", v.Postcode, " | ", v.Accessibility)
}

// TestCapacityInAlertIsLeftToAPerson: signpost's HSDS alert carries a
// listing's places after its status news; importing it keeps the status
// and asks a person about the places, which may no longer hold, instead
// of writing them into the description.
func TestCapacityInAlertIsLeftToAPerson(t *testing.T) {
	want, api := publishHSDS(t)
	_, _, set := importInto(t, api)
	asked := map[string]bool{}
	for _, n := range set.Notes {
		if n.Field == "capacity" && strings.Contains(n.Text, "Places: ") {
			asked[n.ID] = true
		}
	}
	byTitle := map[string]*content.Listing{}
	for _, l := range set.Listings {
		byTitle[l.Title] = l
	}
	withCapacity := 0
	for _, w := range want.Listings {
		g := byTitle[w.Title]
		if w.Capacity == nil || w.Status == "ended" || g == nil {
			continue
		}
		withCapacity++
		if !asked[g.ID] || g.Status != w.Status || strings.Contains(g.Description, "Places: ") {
			t.Errorf("%s: asked %v, status %q (want %q), description %.60q", w.ID, asked[g.ID], g.Status, w.Status, g.Description)
		}
	}
	if withCapacity == 0 {
		t.Error("no sample listing has a capacity: nothing was tested")
	}
}
