package check_test

import (
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
