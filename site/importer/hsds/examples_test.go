package hsds_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signpost-directory/signpost/site/importer/hsds"
)

const examples = "../../../../shared/reference/hsds-3.0/examples"

// The official examples describe one counselling service, in several
// documents. What they lack for signpost (a category: their only term is
// the placeholder "name"; a usable schedule: bymonthday and byweekno
// besides byday) must be reported, and check must fail on nothing else.
func TestOfficialExamplesImportAndReportWhatIsMissing(t *testing.T) {
	if _, err := os.Stat(examples); err != nil {
		t.Skipf("the HSDS 3.0 examples are not here (%s): %v", examples, err)
	}
	dir, rep, set := importInto(t, examples)
	if len(set.Listings) != 1 || len(set.Organizations) != 1 || len(set.Venues) != 1 {
		t.Fatalf("read %d listings, %d organizations, %d venues; want one of each (one service in several documents)",
			len(set.Listings), len(set.Organizations), len(set.Venues))
	}
	reported := map[string]bool{}
	for _, d := range rep.Decide {
		reported[filepath.Base(d.File)+":"+d.Field] = true
	}
	_, msgs := checkDir(t, dir)
	for _, e := range errorsIn(msgs) {
		file, rest, _ := strings.Cut(e, ":")
		field := fieldOf(rest)
		if !reported[filepath.Base(file)+":"+field] {
			t.Errorf("check fails on something the import did not report: %s (reported: %v)", e, reported)
		}
	}
	for _, want := range []string{"community-counselling.md:categories", "community-counselling.md:schedule"} {
		if !reported[want] {
			t.Errorf("the report does not name %s; it names %v", want, reported)
		}
	}
}

// fieldOf finds the field a check message is about from the line quoted,
// like `categories: TODO`.
func fieldOf(rest string) string {
	for _, f := range []string{"postcode", "categories", "schedule", "cost", "venue", "lat", "summary", "description", "phone", "email", "website", "online_url", "verified", "referral"} {
		if strings.Contains(rest, f) {
			return f
		}
	}
	return rest
}

func TestOneOfficialServiceAlone(t *testing.T) {
	file := filepath.Join(examples, "service_full.json")
	if _, err := os.Stat(file); err != nil {
		t.Skipf("the HSDS 3.0 examples are not here: %v", err)
	}
	set, err := hsds.Read(context.Background(), file, hsds.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l := set.Listings[0]
	if l.Title != "Community Counselling" || l.Contact.Phone != "+44 1234 234567" || l.Cost.Amount != 35 || l.Referral != "professional" {
		t.Errorf("listing %+v", l)
	}
	if *l.Audience.MinAge != 12 || l.Languages[0] != "ur" || l.VerifiedText != "2005-01-01" {
		t.Errorf("audience %v, languages %v, verified %s", *l.Audience.MinAge, l.Languages, l.VerifiedText)
	}
	if !strings.Contains(l.ScheduleNotes, "10 am to 6pm weekdays") {
		t.Errorf("schedule_notes %q do not keep the schedule's words", l.ScheduleNotes)
	}
}
