package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// dueEnv clears what GitHub Actions sets, so the tests give the same
// links on a laptop and in CI.
func dueEnv(t *testing.T) {
	t.Setenv("GITHUB_REPOSITORY", "")
	t.Setenv("GITHUB_REF_NAME", "")
	t.Setenv("GITHUB_SERVER_URL", "")
}

type dueJSON struct {
	Version       int    `json:"version"`
	Today         string `json:"today"`
	Stale         int    `json:"stale"`
	DueSoon       int    `json:"due_soon"`
	Organizations []struct {
		ID, Name string
		Listings []struct {
			ID, Title, File, Verified, Due, State string
			Line                                  int
			EditURL                               string `json:"edit_url"`
		}
	} `json:"organizations"`
}

// TestDueListsWhatCheckCallsStale: on the sample directory, the listings
// due lists as overdue are exactly those check warns about (same file and
// line), with links into the repository's web editor.
func TestDueListsWhatCheckCallsStale(t *testing.T) {
	dueEnv(t)
	t.Chdir("../..") // the repository's root, as in the workflow
	code, stdout, stderr := signpost(t, "check", "--format", "json", "--today", "2026-11-21")
	if code != exitOK {
		t.Fatalf("check: exit %d\n%s", code, stderr)
	}
	var checked struct {
		Findings []struct {
			Code, File string
			Line       int
		}
	}
	if err := json.Unmarshal([]byte(stdout), &checked); err != nil {
		t.Fatal(err)
	}
	var stale []string
	for _, f := range checked.Findings {
		if f.Code == "stale" {
			stale = append(stale, f.File+":"+strconv.Itoa(f.Line))
		}
	}

	code, stdout, stderr = signpost(t, "due", "--format", "json", "--today", "2026-11-21", "--within", "30",
		"--repository", "mb/directory", "--branch", "main")
	if code != exitOK || stderr != "" {
		t.Fatalf("due: exit %d\n%s", code, stderr)
	}
	var report dueJSON
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatal(err)
	}
	var overdue []string
	soon := 0
	for _, o := range report.Organizations {
		for _, l := range o.Listings {
			if l.State == "stale" {
				overdue = append(overdue, l.File+":"+strconv.Itoa(l.Line))
			} else {
				soon++
			}
			if want := "https://github.com/mb/directory/edit/main/" + l.File + "#L" + strconv.Itoa(l.Line); l.EditURL != want {
				t.Errorf("%s: edit link %q, want %q", l.ID, l.EditURL, want)
			}
		}
	}
	slices.Sort(stale)
	slices.Sort(overdue)
	if len(stale) == 0 || !slices.Equal(stale, overdue) {
		t.Errorf("check warns about %v, due lists %v as overdue", stale, overdue)
	}
	if report.Version != 1 || report.Today != "2026-11-21" || report.Stale != len(overdue) || report.DueSoon != soon || soon == 0 {
		t.Errorf("counts: %+v", report)
	}

	// The text names the file and line to change, and today's date.
	code, stdout, _ = signpost(t, "due", "--today", "2026-11-21")
	if code != exitOK || !strings.Contains(stdout, "content/listings/wendbridge-tea-dance.md:20: Wendbridge Tea Dance: last checked on 14 February 2026, overdue since 15 August 2026.") ||
		!strings.Contains(stdout, "set verified: 2026-11-21") {
		t.Errorf("due: exit %d\n%s", code, stdout)
	}
}

// TestDueLinksFromGitHubActions: in a workflow the links come from the
// variables GitHub sets.
func TestDueLinksFromGitHubActions(t *testing.T) {
	dueEnv(t)
	t.Setenv("GITHUB_REPOSITORY", "wend/valley")
	t.Setenv("GITHUB_REF_NAME", "live")
	t.Chdir("../..")
	code, stdout, stderr := signpost(t, "due", "--format", "markdown", "--today", "2026-11-21")
	if code != exitOK || !strings.Contains(stdout, "(https://github.com/wend/valley/edit/live/content/listings/wendbridge-tea-dance.md#L20)") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
}

func TestDueRefusesBadOptions(t *testing.T) {
	dueEnv(t)
	for _, args := range [][]string{
		{"due", "--format", "github", "--content", "testdata/minimal"},
		{"due", "--within", "400", "--content", "testdata/minimal"},
		{"due", "--today", "21/11/2026", "--content", "testdata/minimal"},
		{"due", "--repository", "not a repository", "--content", "../../content"},
		{"due", "extra", "--content", "testdata/minimal"},
	} {
		code, stdout, stderr := signpost(t, args...)
		if code != exitUsage || stdout != "" || !strings.HasPrefix(stderr, "signpost due: ") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

// TestDueRefusesBrokenSettings: when directory.yaml has an error (as init
// writes it, with TODOs, or a wrong value) or is missing, due has no
// stale_after to measure by; it fails in every format rather than say
// nothing is due, which would close the verification issue.
func TestDueRefusesBrokenSettings(t *testing.T) {
	dueEnv(t)
	const settings = "name: Millbrook Directory\nbase_url: https://example.org/millbrook/\ntimezone: Europe/London\ncountry: GB\nstale_after: 6 months\n"
	for name, text := range map[string]string{
		"a TODO":        strings.Replace(settings, "name: Millbrook Directory", "name: TODO the directory's name", 1),
		"a wrong value": strings.Replace(settings, "country: GB", "country: 12", 1),
		"missing":       "",
	} {
		dir := t.TempDir()
		if text != "" {
			if err := os.WriteFile(filepath.Join(dir, "directory.yaml"), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, format := range []string{"text", "json", "markdown"} {
			code, stdout, stderr := signpost(t, "due", "--format", format, "--content", dir, "--today", "2026-11-21")
			if code != exitUsage || stdout != "" || !strings.Contains(stderr, "directory.yaml has errors: run signpost check") {
				t.Errorf("%s, --format %s: exit %d, stdout %q, stderr %q", name, format, code, stdout, stderr)
			}
		}
	}
	// The same settings without the error are fine.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "directory.yaml"), []byte(settings), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := signpost(t, "due", "--format", "json", "--content", dir, "--today", "2026-11-21"); code != exitOK ||
		!strings.Contains(stdout, `"stale_after": "6 months"`) {
		t.Errorf("good settings: exit %d\n%s%s", code, stdout, stderr)
	}
}
