package scaffold_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/scaffold"
	"github.com/signpost-directory/signpost/site/schedule"
)

// checkNew writes the template of kind as the file name into a small
// valid content folder and checks it.
func checkNew(t *testing.T, kind, name string) (text string, msgs diag.List) {
	t.Helper()
	text, err := scaffold.Render(kind, "fresh", "")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"directory.yaml":              {Data: []byte("name: Test\nbase_url: https://example.org/\ntimezone: Europe/London\ncountry: GB\n")},
		"organizations/ramblers.yaml": {Data: []byte("name: Ramblers\ndescription: We walk.\n")},
		"venues/hall.yaml":            {Data: []byte("name: Hall\naddress: [1 Main Street]\ntown: Testville\npostcode: TV1 2AB\nlat: 52.6\nlon: -1.9\n")},
		name:                          {Data: []byte(text)},
	}
	folder, err := load.Scan(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	ck, err := check.New()
	if err != nil {
		t.Fatal(err)
	}
	_, msgs = ck.Run(context.Background(), folder, check.Options{Today: schedule.Date{Year: 2026, Month: 11, Day: 21}})
	return text, msgs
}

// TestNewFileFailsUntilEveryFactIsChosen checks that a fresh template
// states no fact a person did not choose: every detail it writes is a
// TODO (one message each, on its line) or an empty list, and optional
// details with believable values are left as notes.
func TestNewFileFailsUntilEveryFactIsChosen(t *testing.T) {
	for _, tt := range []struct {
		kind, name string
		fields     []string // the fields with a placeholder message, in order
	}{
		{"listing", "listings/fresh.md", []string{"title", "organization", "summary", "categories", "venue", "schedule",
			"cost", "referral", "how_to_join", "first_visit", "contact", "contact", "contact", "status", "verified", "description"}},
		{"organization", "organizations/fresh.yaml", []string{"name", "description", "website", "email", "phone", "charity_number"}},
		{"venue", "venues/fresh.yaml", []string{"name", "address", "town", "postcode", "directions"}},
	} {
		t.Run(tt.kind, func(t *testing.T) {
			text, msgs := checkNew(t, tt.kind, tt.name)
			var got []string
			for _, m := range msgs {
				if m.Code != diag.Placeholder || m.Location == nil || !strings.Contains(m.Location.LineText, "TODO") {
					t.Errorf("not a placeholder on a TODO line: %s %s %q at %v", m.Severity, m.Code, m.Text, m.Location)
					continue
				}
				field, _, _ := strings.Cut(strings.Trim(m.Text, `"`), `"`)
				if strings.HasPrefix(m.Text, "The description") {
					field = "description"
				}
				got = append(got, field)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.fields) {
				t.Errorf("placeholders for %v, want %v", got, tt.fields)
			}
			details, _, _ := strings.Cut(strings.TrimPrefix(text, "---\n"), "\n---\n")
			for i, line := range strings.Split(details, "\n") {
				if statesAFact(line) {
					t.Errorf("line %d states a fact nobody chose: %s", i+1, line)
				}
			}
		})
	}
}

// statesAFact reports whether a template line gives a detail a value that
// is neither a TODO nor empty.
func statesAFact(line string) bool {
	trimmed := strings.TrimSpace(line)
	if trimmed == "" || strings.HasPrefix(trimmed, "#") || strings.Contains(trimmed, "TODO") || trimmed == "---" {
		return false
	}
	_, value, _ := strings.Cut(trimmed, ":")
	value = strings.TrimSpace(value)
	return value != "" && value != "[]" && value != "|"
}

// TestPlaceholderHintQuotesTheNoteAboveTheLine checks that the message
// says where the template's note about a field is, and what it says.
func TestPlaceholderHintQuotesTheNoteAboveTheLine(t *testing.T) {
	_, msgs := checkNew(t, "listing", "listings/fresh.md")
	for _, m := range msgs {
		if !strings.HasPrefix(m.Text, `"cost"`) {
			continue
		}
		if strings.Contains(m.Hint, "on the line") || !strings.Contains(m.Hint, "the note above the line") ||
			!strings.Contains(m.Hint, "{ amount: 3.50, per: session") {
			t.Errorf("hint for cost:\n%s", m.Hint)
		}
		return
	}
	t.Fatal("no message about cost")
}
