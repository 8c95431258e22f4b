package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// signpost runs the real command in-process and returns its exit code and output.
func signpost(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/signpost -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (review, then run with -update):\n--- got ---\n%s", path, got)
	}
}

const broken = "testdata/broken"

func TestCheckBrokenText(t *testing.T) {
	code, out, errOut := signpost(t, "check", "--content", broken, "--today", "2026-11-21")
	if code != exitProblems {
		t.Errorf("exit code %d, want %d; stderr: %s", code, exitProblems, errOut)
	}
	golden(t, "broken.txt", out)
}

func TestCheckBrokenGitHub(t *testing.T) {
	code, out, _ := signpost(t, "--content", broken, "check", "--format", "github", "--today", "2026-11-21")
	if code != exitProblems {
		t.Errorf("exit code %d, want %d", code, exitProblems)
	}
	golden(t, "broken.github", out)
	// Each annotation must name the file and line GitHub attaches it to.
	annotation := regexp.MustCompile(`^::(error|warning) file=([^,]+),line=(\d+),col=(\d+)(,endColumn=\d+)?,title=[^:]*::.+$`)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, line := range lines {
		if !annotation.MatchString(line) {
			t.Errorf("not a workflow command: %q", line)
		}
	}
	if !strings.Contains(out, "::error file=testdata/broken/listings/walk.md,line=5,col=14,endColumn=21,title=Unknown category \"movment\"::") {
		t.Errorf("no annotation for the misspelt category in:\n%s", out)
	}
}

func TestCheckBrokenJSON(t *testing.T) {
	code, out, _ := signpost(t, "check", "--content", broken, "--format", "json", "--today", "2026-11-21")
	if code != exitProblems {
		t.Errorf("exit code %d, want %d", code, exitProblems)
	}
	golden(t, "broken.json", out)
	var report struct {
		Version  int `json:"version"`
		Errors   int `json:"errors"`
		Warnings int `json:"warnings"`
		Findings []struct {
			Severity, Code, Message, File string
			Line, Column                  int
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatal(err)
	}
	if report.Version != 1 || report.Errors != 12 || report.Warnings != 1 || len(report.Findings) != 13 {
		t.Errorf("version %d, %d errors, %d warnings, %d findings", report.Version, report.Errors, report.Warnings, len(report.Findings))
	}
}

func TestCheckStrict(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "../../content", dir)
	// The sample has listings that were deliberately not checked for a long
	// time; those warnings pass normally and fail with --strict.
	code, out, _ := signpost(t, "check", "--content", dir, "--today", "2026-11-21")
	if code != exitOK || !strings.Contains(out, "2 warnings") {
		t.Errorf("without --strict: exit %d\n%s", code, out)
	}
	code, _, _ = signpost(t, "check", "--content", dir, "--today", "2026-11-21", "--strict")
	if code != exitProblems {
		t.Errorf("with --strict: exit %d, want %d", code, exitProblems)
	}
}

func TestSampleDirectoryPasses(t *testing.T) {
	code, out, errOut := signpost(t, "check", "--content", "../../content")
	if code != exitOK {
		t.Fatalf("the sample directory fails its own check (exit %d):\n%s%s", code, out, errOut)
	}
	if strings.Contains(out, "[ERROR]") {
		t.Errorf("errors in the sample:\n%s", out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"chek"},
		{"check", "--format", "xml"},
		{"check", "--today", "tomorrow"},
		{"check", "--content", "does-not-exist"},
		{"check", "extra"},
		{"serve", "--content", "does-not-exist", "--port", "0"},
		{"serve", "--port", "0", "extra"},
		{"new", "listing"},
		{"new", "event", "x"},
		{"new", "listing", "Bad Id"},
	} {
		code, _, errOut := signpost(t, args...)
		if code != exitUsage {
			t.Errorf("signpost %v: exit %d, want %d", args, code, exitUsage)
		}
		if errOut == "" {
			t.Errorf("signpost %v: nothing on stderr", args)
		}
	}
	if code, out, _ := signpost(t, "check", "--help"); code != exitOK {
		t.Errorf("check --help: exit %d\n%s", code, out)
	}
}

// TestNewTemplatesPassOnceFilled creates each kind of file with `new`,
// checks that the untouched template is refused, fills in the
// placeholders the way a volunteer would, and checks that it then passes.
func TestNewTemplatesPassOnceFilled(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "testdata/minimal", dir)
	chdir(t, "../..") // so "schema/" resolves for the editor header
	for _, kind := range []string{"organization", "venue", "listing"} {
		code, out, errOut := signpost(t, "new", kind, "my-"+kind, "--content", dir)
		if code != exitOK || !strings.Contains(out, "Created") {
			t.Fatalf("new %s: exit %d\n%s%s", kind, code, out, errOut)
		}
	}
	code, out, _ := signpost(t, "check", "--content", dir, "--format", "json")
	if code != exitProblems || !strings.Contains(out, `"placeholder"`) {
		t.Fatalf("unfilled templates passed the check (exit %d):\n%s", code, out)
	}
	if strings.Contains(out, `"code": "unknown-field"`) || strings.Contains(out, `"code": "yaml-syntax"`) {
		t.Errorf("templates have problems other than placeholders:\n%s", out)
	}

	org := filepath.Join(dir, "organizations", "my-organization.yaml")
	orgText := read(t, org)
	if !strings.HasPrefix(orgText, "# yaml-language-server: $schema=") {
		t.Errorf("organization template has no schema header:\n%s", orgText)
	}
	schemaRef := strings.TrimSpace(strings.TrimPrefix(strings.SplitN(orgText, "\n", 2)[0], "# yaml-language-server: $schema="))
	if _, err := os.Stat(filepath.Join(filepath.Dir(org), schemaRef)); err != nil {
		t.Errorf("schema header points at %s, which does not exist: %v", schemaRef, err)
	}
	fill(t, org, map[string]string{
		"TODO the organization's name":                               "Millbrook Knitters",
		"TODO What the organization does, in a few short sentences.": "We knit and natter.",
		"https://TODO":           "https://example.org/knit",
		"email: TODO":            "email: knit@example.org",
		`phone: "TODO"`:          `phone: "01632 960555"`,
		`charity_number: "TODO"`: `charity_number: "1234567"`,
	})
	fill(t, filepath.Join(dir, "venues", "my-venue.yaml"), map[string]string{
		"TODO the venue's name": "Church Hall",
		"  - TODO":              "  - 2 Church Lane",
		"town: TODO":            "town: Millbrook",
		"postcode: TODO":        "postcode: MB1 4AA",
		"directions: TODO":      "directions: Side door, up the ramp.",
	})
	fill(t, filepath.Join(dir, "listings", "my-listing.md"), map[string]string{
		"title: TODO the activity's name, at most 80 characters": "title: Knit and Natter",
		"organization: TODO": "organization: my-organization",
		"summary: TODO one or two plain sentences saying what happens, at most 200 characters": "summary: Knitting, tea and a chat.",
		"categories: [TODO]":                 "categories: [arts]",
		"venue: TODO":                        "venue: my-venue",
		"  - TODO every Tuesday 10:00-11:30": "  - every Tuesday 10:00-11:30",
		"how_to_join: TODO what to do to join, in plain words":                                        "how_to_join: Just come along.",
		"first_visit: TODO what to expect the first time - where to go, who meets you, what to bring": "first_visit: Ask for Jean at the door.",
		`contact: { name: TODO, phone: "TODO", email: TODO }`:                                         `contact: { name: Jean, phone: "01632 960556" }`,
		"verified: TODO":                                   "verified: 2026-11-01",
		"cost: TODO free or an amount":                     "cost: free",
		"referral: TODO self, professional or link-worker": "referral: self",
		"status: TODO active, full, paused or ended":       "status: active",
		"TODO Describe the activity":                       "We knit. Describe the activity",
	})
	code, out, _ = signpost(t, "check", "--content", dir, "--today", "2026-11-21")
	if code != exitOK {
		t.Fatalf("filled-in templates fail the check (exit %d):\n%s", code, out)
	}

	code, _, errOut := signpost(t, "new", "listing", "my-listing", "--content", dir)
	if code != exitUsage || !strings.Contains(errOut, "already exists") {
		t.Errorf("new over an existing file: exit %d, %s", code, errOut)
	}
	if got := read(t, filepath.Join(dir, "listings", "my-listing.md")); !strings.Contains(got, "Knit and Natter") {
		t.Error("new overwrote an existing listing")
	}
}

func fill(t *testing.T, path string, replacements map[string]string) {
	t.Helper()
	text := read(t, path)
	for old, new := range replacements {
		if !strings.Contains(text, old) {
			t.Fatalf("%s has no %q:\n%s", path, old, text)
		}
		text = strings.Replace(text, old, new, 1)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
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

func chdir(t *testing.T, dir string) {
	t.Helper()
	t.Chdir(dir)
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil && !os.IsExist(err) {
		t.Fatal(err)
	}
}

// TestMemoryLimit checks the soft memory limit that keeps a large build
// from running out of memory, and that GOGC and GOMEMLIMIT win over it.
func TestMemoryLimit(t *testing.T) {
	if _, err := os.Stat("/proc/meminfo"); err != nil {
		t.Skip("no /proc/meminfo: the limit is left to the Go runtime here")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))

	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	tuneMemory()
	total := availableMemory()
	if total < 64<<20 {
		t.Fatalf("available memory %d bytes", total)
	}
	if got, want := debug.SetMemoryLimit(-1), min(total/4*3, 7<<30); got != want {
		t.Errorf("memory limit %d, want %d: three quarters of %d, at most 7 GiB", got, want, total)
	}
	for _, c := range []struct{ total, want int64 }{
		{8 << 30, 6 << 30},  // a small machine: three quarters
		{24 << 30, 7 << 30}, // this kind of machine: the cap
		{1 << 40, 7 << 30},
	} {
		if got := softMemoryLimit(c.total); got != c.want {
			t.Errorf("softMemoryLimit(%d) = %d, want %d", c.total, got, c.want)
		}
	}
	if got := debug.SetGCPercent(400); got != gcPercent {
		t.Errorf("GC percent %d, want %d", got, gcPercent)
	}

	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
	t.Setenv("GOGC", "50")
	t.Setenv("GOMEMLIMIT", "1GiB")
	tuneMemory()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("GOMEMLIMIT set, but the limit was changed to %d", got)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set, but the GC percent was changed to %d", got)
	}
}

// TestCheckNamesThemeOverrides: templates in content/_theme are code, so
// check names them for whoever reviews the pull request, in both formats.
func TestCheckNamesThemeOverrides(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	layout := filepath.Join(dir, "_theme", "layouts", "_partials", "footer.html")
	if err := os.MkdirAll(filepath.Dir(layout), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(layout, []byte("<footer>ours</footer>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, _ := signpost(t, "check", "--content", dir, "--today", "2026-11-21")
	if !strings.Contains(out, "_theme are in use (1 files: layouts/_partials/footer.html)") {
		t.Errorf("text output does not name the override:\n%s", out)
	}
	_, out, _ = signpost(t, "check", "--content", dir, "--format", "github", "--today", "2026-11-21")
	if !strings.Contains(out, "::notice title=Theme overrides in use::") {
		t.Errorf("github output has no notice:\n%s", out)
	}
}

// TestBuildRefusesLinkedThemeFiles: a theme override that is a symbolic
// link (git stores them, so a pull request can add one) must not publish
// the file it points at.
func TestBuildRefusesLinkedThemeFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte("TOKEN=hunter2"), 0o600); err != nil {
		t.Fatal(err)
	}
	static := filepath.Join(dir, "_theme", "static")
	if err := os.MkdirAll(filepath.Join(dir, "_theme", "layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(static, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(static, "leak.txt")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, errOut := signpost(t, "build", "--content", dir, "--out", out)
	if code == exitOK {
		t.Fatal("a build with a linked theme file succeeded")
	}
	if !strings.Contains(stdout+errOut, "_theme/static/leak.txt is a link or a special file") {
		t.Errorf("the error does not name the link:\n%s\n%s", stdout, errOut)
	}
	// check says so too, before anyone builds.
	if code, stdout, _ := signpost(t, "check", "--content", dir); code != exitProblems ||
		!strings.Contains(stdout, "leak.txt is a link or a special file") {
		t.Errorf("check: exit %d\n%s", code, stdout)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the build published %s", out)
	}
}

// TestBuildRefusesBadBaseURL: --base-url meets the same rules as base_url.
func TestBuildRefusesBadBaseURL(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	for _, bad := range []string{`https://example.org/"><script>`, "https://user:pw@example.org/", "http://[::1]/", "example.org"} {
		code, _, errOut := signpost(t, "build", "--content", "../../content", "--out", out, "--base-url", bad)
		if code != exitUsage || !strings.Contains(errOut, "--base-url:") {
			t.Errorf("--base-url %s: exit %d, %s", bad, code, errOut)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused --base-url built %s", out)
	}
}
