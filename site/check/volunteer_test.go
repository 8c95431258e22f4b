package check_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/signpost-directory/signpost/site/diag"
)

// finding is one expected message, with what its hint must and must not say.
type finding struct {
	want
	hintHas, hintLacks []string
}

// checkFindings checks the files and compares every message with wants, in order.
func checkFindings(t *testing.T, files map[string]string, wants []finding) {
	t.Helper()
	_, msgs := run(t, files)
	if len(msgs) != len(wants) {
		t.Fatalf("got %d findings, want %d:\n%s", len(msgs), len(wants), render(msgs))
	}
	for i, w := range wants {
		m := msgs[i]
		got := want{severity: m.Severity, code: m.Code, suggestion: m.Suggestion}
		if m.Location != nil {
			got.file, got.line, got.col = m.Location.File, m.Location.Line, m.Location.Column
		}
		if got.file != w.file || got.line != w.line || got.col != w.col || got.severity != w.severity ||
			got.code != w.code || got.suggestion != w.suggestion || !strings.Contains(m.Text, w.text) {
			t.Errorf("finding %d:\n got %s:%d:%d %s %s %q (suggestion %q)\nwant %s:%d:%d %s %s %q (suggestion %q)",
				i, got.file, got.line, got.col, got.severity, got.code, m.Text, got.suggestion,
				w.file, w.line, w.col, w.severity, w.code, w.text, w.suggestion)
		}
		for _, s := range w.hintHas {
			if !strings.Contains(m.Hint, s) {
				t.Errorf("finding %d: hint does not say %q:\n%s", i, s, m.Hint)
			}
		}
		for _, s := range w.hintLacks {
			if strings.Contains(m.Hint, s) {
				t.Errorf("finding %d: hint says %q:\n%s", i, s, m.Hint)
			}
		}
	}
}

// walkWith is the base files with the listing's text old replaced by new.
func walkWith(old, new string) map[string]string {
	files := base()
	if !strings.Contains(files["listings/walk.md"], old) {
		panic("fixture does not contain " + old)
	}
	files["listings/walk.md"] = strings.Replace(files["listings/walk.md"], old, new, 1)
	return files
}

const walkFile = "content/listings/walk.md"

func TestMisspeltFieldIsOneMessageAtTheKey(t *testing.T) {
	checkFindings(t, walkWith("summary:", "summery:"), []finding{{
		want:      want{walkFile, 4, 1, diag.Error, "unknown-field", `Unknown field "summery"`, "summary"},
		hintLacks: []string{"description", "lang,"},
	}})
}

func TestMissingFieldStillReportedWhenNoKeyLooksLikeIt(t *testing.T) {
	checkFindings(t, walkWith("summary: A gentle walk.\n", "colour: green\n"), []finding{
		{want: want{walkFile, 1, 1, diag.Error, "missing-field", `The required field "summary" is missing`, ""}},
		{want: want{walkFile, 4, 1, diag.Error, "unknown-field", `Unknown field "colour"`, ""},
			hintHas: []string{"summary", "title"}},
	})
}

func TestCategoryLabelSuggestsItsID(t *testing.T) {
	checkFindings(t, walkWith("categories: [movement]", "categories: [Movement and exercise]"), []finding{{
		want:      want{walkFile, 5, 14, diag.Error, "unknown-term", `Write the category "Movement and exercise" as its id, movement`, "movement"},
		hintHas:   []string{"Movement and exercise", "arts, music, movement"},
		hintLacks: []string{"file name", ".yaml or .md"},
	}})
}

func TestCapitalisedCategoriesAreOneMessageEach(t *testing.T) {
	checkFindings(t, walkWith("categories: [movement]", "categories: [Movement, Nature]"), []finding{
		{want: want{walkFile, 5, 14, diag.Error, "unknown-term", `Write the category "Movement" as its id, movement`, "movement"},
			hintLacks: []string{"file name"}},
		{want: want{walkFile, 5, 24, diag.Error, "unknown-term", `Write the category "Nature" as its id, nature`, "nature"},
			hintLacks: []string{"file name"}},
	})
}

func TestTermNearMissesAndTaxonomyLabels(t *testing.T) {
	files := walkWith("needs: [loneliness]", "needs: [Low Mood, lonelyness]")
	files["listings/walk.md"] = strings.Replace(files["listings/walk.md"], "categories: [movement]", "categories: [sea swimming, Arts]", 1)
	files["taxonomy.yaml"] = "categories:\n  sea-swimming:\n    label: Sea Swimming\n    description: Swimming in the sea.\n"
	checkFindings(t, files, []finding{
		{want: want{walkFile, 5, 14, diag.Error, "unknown-term", `Write the category "sea swimming" as its id, sea-swimming`, "sea-swimming"},
			hintHas: []string{"sea-swimming"}},
		{want: want{walkFile, 5, 28, diag.Error, "unknown-term", `Write the category "Arts" as its id, arts`, "arts"}},
		{want: want{walkFile, 6, 9, diag.Error, "unknown-term", `Write the need "Low Mood" as its id, low-mood`, "low-mood"}},
		{want: want{walkFile, 6, 19, diag.Error, "unknown-term", `Unknown need "lonelyness"`, "loneliness"}},
	})
}

func TestReferencesWrittenAsNamesSuggestTheFile(t *testing.T) {
	files := walkWith("organization: ramblers", "organization: Ramblers")
	files["listings/walk.md"] = strings.Replace(files["listings/walk.md"], "venue: hall", "venue: Village Hall", 1)
	checkFindings(t, files, []finding{
		{want: want{walkFile, 3, 15, diag.Error, "unknown-reference", `There is no organization "Ramblers"`, "ramblers"},
			hintHas: []string{"organizations/"}},
		{want: want{walkFile, 7, 8, diag.Error, "unknown-reference", `There is no venue "Village Hall"`, "hall"},
			hintHas: []string{"venues/hall.yaml"}},
	})
}

func TestPlaceholderReferenceIsOneMessage(t *testing.T) {
	files := walkWith("organization: ramblers", "organization: TODO")
	files["listings/walk.md"] = strings.Replace(files["listings/walk.md"], "venue: hall", "venue: TODO", 1)
	checkFindings(t, files, []finding{
		{want: want{walkFile, 3, 15, diag.Error, "placeholder", `"organization" is still a placeholder`, ""}},
		{want: want{walkFile, 7, 8, diag.Error, "placeholder", `"venue" is still a placeholder`, ""}},
	})
}

func TestNoSpaceAfterTheColon(t *testing.T) {
	checkFindings(t, walkWith("cost: free", "cost:free"), []finding{{
		want:    want{walkFile, 10, 1, diag.Error, "yaml-syntax", "A space is needed after the colon", "cost: free"},
		hintHas: []string{"cost: free"}, hintLacks: []string{"missing the colon"},
	}})
	checkFindings(t, walkWith("  - every Tuesday 10:00-11:30\ncost: free", "  - every Tuesday 10:00-11:30\ncost: free\nreferral:self"), []finding{{
		want: want{walkFile, 11, 1, diag.Error, "yaml-syntax", "A space is needed after the colon", "referral: self"},
	}})
	checkFindings(t, walkWith("{ min_age: 18,", "{ min_age:18,"), []finding{{
		want: want{walkFile, 11, 13, diag.Error, "unknown-field", "A space is needed after the colon", "min_age: 18"},
	}})
}

func TestOverIndentedScheduleLine(t *testing.T) {
	checkFindings(t, walkWith("  - every Tuesday 10:00-11:30\n", "  - every Tuesday 10:00-11:30\n    - every Friday 10:00-12:00\n"), []finding{{
		want:      want{walkFile, 10, 1, diag.Error, "bad-schedule", "This line is indented further than the rule above", "  - every Friday 10:00-12:00"},
		hintLacks: []string{"description"},
	}})
}

func TestScheduleTimesSuggestARewrite(t *testing.T) {
	for _, tt := range []struct{ rule, times, col, suggestion string }{
		{"every Tuesday 10am-12 noon", "10am-12 noon", "19", "10:00-12:00"},
		{"every Tuesday 10.30am - 1pm", "10.30am - 1pm", "19", "10:30-13:00"},
		{"every Tuesday 2-4.30pm", "2-4.30pm", "19", "14:00-16:30"},
		{"first Monday of the month 9.30 to 12 noon", "9.30 to 12 noon", "31", "09:30-12:00"},
	} {
		t.Run(tt.rule, func(t *testing.T) {
			col, _ := strconv.Atoi(tt.col)
			checkFindings(t, walkWith("every Tuesday 10:00-11:30", tt.rule), []finding{{
				want:      want{walkFile, 9, col, diag.Error, "bad-schedule", `The times "` + tt.times + `" cannot be read`, tt.suggestion},
				hintHas:   []string{"10:00-12:00"},
				hintLacks: []string{"description"},
			}})
		})
	}
}

func TestVerifiedDateWrittenDayFirst(t *testing.T) {
	for _, tt := range []struct{ written, suggestion string }{
		{"31/12/2025", "2025-12-31"},
		{"2/10/2026", "2026-10-02"},
		{"2026/10/2", "2026-10-02"},
		{"2 October 2026", "2026-10-02"},
	} {
		t.Run(tt.written, func(t *testing.T) {
			checkFindings(t, walkWith("verified: 2026-10-02", "verified: "+tt.written), []finding{{
				want: want{walkFile, 14, 11, diag.Error, "bad-format",
					`"` + tt.written + `" is not a date written as year-month-day, like ` + tt.suggestion, tt.suggestion},
			}})
		})
	}
}
