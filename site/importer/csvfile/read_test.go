package csvfile_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/signpost-directory/signpost/site/importer"
	"github.com/signpost-directory/signpost/site/importer/csvfile"
)

// TestMessySpreadsheet reads testdata/messy.csv, saved the way Excel
// saves: a byte order mark, CRLF, a line break and commas inside quoted
// cells, a blank row, a row that leaves the merged organization and venue
// cells empty, dates as 31/12/2025, times as 10.30 and 10am, schedules in
// free text, one that cannot be read, a bad cost and a bad date, and a
// column nobody maps.
func TestMessySpreadsheet(t *testing.T) {
	f, err := os.Open("testdata/messy.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	set, err := csvfile.Read(f, csvfile.Map{})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Listings) != 5 || len(set.Organizations) != 2 || len(set.Venues) != 2 {
		t.Fatalf("%d listings, %d organizations, %d venues; want 5, 2, 2", len(set.Listings), len(set.Organizations), len(set.Venues))
	}
	knit, coffee, memory, yoga := set.Listings[0], set.Listings[1], set.Listings[2], set.Listings[3]
	for _, c := range []struct{ name, got, want string }{
		{"title after the BOM", knit.Title, "Knit & Natter"},
		{"Tuesdays 10-12", strings.Join(knit.ScheduleText, ";"), "every Tuesday 10:00-12:00"},
		{"31/12/2025", knit.VerifiedText, "2025-12-31"},
		{"line break in a cell", knit.Description, "Bring needles.\nWool provided."},
		{"£2.50 per session", strconv.FormatFloat(knit.Cost.Amount, 'f', 2, 64) + " " + knit.Cost.Per, "2.50 session"},
		{"10.30", strings.Join(coffee.ScheduleText, ";"), "every Wednesday 10:30-12:00"},
		{"merged organization", coffee.Organization, knit.Organization},
		{"merged venue", coffee.Venue, knit.Venue},
		{"unreadable rule kept", memory.ScheduleNotes, "first Monday of the month."},
		{"peer support", strings.Join(memory.Categories, ","), "peer-support"},
		{"10am and Fridays 2-3", strings.Join(yoga.ScheduleText, ";"), "every Thursday 10:00-11:00;every Friday 14:00-15:00"},
		{"comma in a quoted cell", strings.Join(set.Venues[1].Address, "|"), "Unit 3|The Mill"},
		{"online", set.Listings[4].Venue, "online"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	if set.Dropped[`column "Internal notes"`] != 1 {
		t.Errorf("dropped: %v", set.Dropped)
	}
	notes := map[string]bool{}
	for _, n := range set.Notes {
		notes[n.Source+": "+n.Text] = true
	}
	for _, want := range []string{
		`row 5, column When: "first Monday of the month" is not a schedule rule signpost can read`,
		`row 6, column When: "Fridays 2-3" was read as "every Friday 14:00-15:00": check the times are right`,
		`row 6, column Price: "donations welcome" is not a cost signpost can read`,
		`row 6, column Last checked: "2026-13-45" is not a date`,
	} {
		found := false
		for n := range notes {
			found = found || strings.HasPrefix(n, want)
		}
		if !found {
			t.Errorf("no note %q in %v", want, set.Notes)
		}
	}
}

// TestMessySpreadsheetFailsCheckOnlyWhereTheReportSays writes the messy
// sheet and runs the real check: every error is on a line the report names.
func TestMessySpreadsheetFailsCheckOnlyWhereTheReportSays(t *testing.T) {
	f, _ := os.Open("testdata/messy.csv")
	defer f.Close()
	set, err := csvfile.Read(f, csvfile.Map{})
	if err != nil {
		t.Fatal(err)
	}
	dir := contentDir(t)
	report, err := importer.Write(dir, set, importer.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]bool{}
	for _, d := range report.Decide {
		named[filepath.Base(d.File)+":"+strconv.Itoa(d.Line)] = true
	}
	_, msgs := checkDir(t, dir)
	for _, m := range errorsOf(msgs) {
		if m.Location == nil || !named[filepath.Base(m.Location.File)+":"+strconv.Itoa(m.Location.Line)] {
			t.Errorf("check refuses %v (%s), which the report does not name", m.Location, m.Text)
		}
	}
	if report.Written != (importer.Counts{Listings: 5, Organizations: 2, Venues: 2}) {
		t.Errorf("written: %+v", report.Written)
	}
}

func TestBadInputSaysWhere(t *testing.T) {
	for name, c := range map[string]struct{ text, want string }{
		"bare quote":  {"Title,Cost\nWalk,\"free\nRun,fr\"ee\"x\n", "line 3, column"},
		"no title":    {"Price,When\nfree,mondays\n", "no column holds the activities' names"},
		"empty":       {"", "the file is empty"},
		"two titles":  {"Title,Activity\na,b\n", `columns "Title" and "Activity" both look like title`},
		"map unknown": {"Name of group\nx\n", "no column holds"},
	} {
		_, err := csvfile.Read(strings.NewReader(c.text), csvfile.Map{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to say %q", name, err, c.want)
		}
	}
	set, err := csvfile.Read(strings.NewReader("Name of group;Cost\nWalk;free\n"), csvfile.Map{Columns: map[string]string{"title": "name of group"}})
	if err != nil || len(set.Listings) != 1 || set.Listings[0].Title != "Walk" || !set.Listings[0].Cost.Free {
		t.Errorf("mapped semicolon sheet: %v %+v", err, set.Listings)
	}
}

func FuzzRead(f *testing.F) {
	messy, _ := os.ReadFile("testdata/messy.csv")
	f.Add(messy)
	f.Add([]byte("Title,When\r\nx,\"Tuesdays 10-12\"\r\n"))
	f.Add([]byte("sep=;\nTitle;Cost\n\"a\nb\";£3.50 per week\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := csvfile.Read(strings.NewReader(string(data)), csvfile.Map{})
		if err != nil {
			return
		}
		for _, l := range set.Listings {
			if l.Title == "" && l.Organization == "" && l.Venue == "" && len(l.ScheduleText) == 0 && l.Summary == "" {
				continue
			}
		}
	})
}

// TestPlacesColumns: places and waiting times are found under the headers
// spreadsheets use; a number that is not one, or places without a date,
// is reported where it is, and the date is left for a person to write.
func TestPlacesColumns(t *testing.T) {
	const sheet = "Activity,Organisation,Venue,When,Cost,Spaces left,Capacity,Waiting time (weeks),Waiting list,Places updated\r\n" +
		"Lunch club,Good Neighbours,Village Hall,every Thursday 12:00-14:00,free,0,30,8,Ring Pam,12/11/2026\r\n" +
		"Walk,Ramblers,Park,every Tuesday 10:00-11:00,free,lots,,,,\r\n" +
		"Choir,Singers,Church,every Monday 19:00-21:00,free,,,3,,\r\n"
	set, err := csvfile.Read(strings.NewReader(sheet), csvfile.Map{})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Listings) != 3 {
		t.Fatalf("%d listings, want 3", len(set.Listings))
	}
	lunch, walk, choir := set.Listings[0].Capacity, set.Listings[1].Capacity, set.Listings[2].Capacity
	if lunch == nil || lunch.PlacesLeft == nil || *lunch.PlacesLeft != 0 || lunch.TotalPlaces == nil || *lunch.TotalPlaces != 30 ||
		lunch.WaitWeeks == nil || *lunch.WaitWeeks != 8 || lunch.Note != "Ring Pam" || lunch.UpdatedText != "2026-11-12" {
		t.Errorf("lunch club capacity %+v", lunch)
	}
	if walk != nil {
		t.Errorf("\"lots\" made a capacity %+v", walk)
	}
	if choir == nil || choir.WaitWeeks == nil || *choir.WaitWeeks != 3 || choir.UpdatedText != "" {
		t.Errorf("choir capacity %+v", choir)
	}
	notes := map[string]bool{}
	for _, n := range set.Notes {
		notes[n.Source+": "+n.Text] = true
	}
	for _, want := range []string{
		`row 3, column Spaces left: "lots" is not a number of places left from 0 to 10000: it was left out`,
		`row 4, column Places updated: the places have no date: write when the organizer gave them, as year-month-day, in capacity's updated`,
	} {
		if !notes[want] {
			t.Errorf("no note %q; notes: %v", want, notes)
		}
	}
}
