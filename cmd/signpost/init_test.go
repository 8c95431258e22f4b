package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site/initdir"
)

// initFiles are the files signpost init writes.
var initFiles = []string{
	".github/CODEOWNERS",
	".github/ISSUE_TEMPLATE/config.yml",
	".github/ISSUE_TEMPLATE/report-problem.yml",
	".github/ISSUE_TEMPLATE/suggest-activity.yml",
	".github/dependabot.yml",
	".github/pull_request_template.md",
	".github/workflows/check.yml",
	".github/workflows/deploy.yml",
	".github/workflows/verify.yml",
	".gitignore",
	"CONTRIBUTING.md",
	"README.md",
	"content/directory.yaml",
	"content/listings/example-activity.md",
	"content/organizations/example-organization.yaml",
	"content/venues/example-venue.yaml",
}

func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}

// fillTODOs replaces every line of path that holds a TODO (outside notes)
// by the line given for the text before the TODO; "" deletes the line. A
// TODO the test does not know fails it, so a changed template is noticed.
func fillTODOs(t *testing.T, path string, lines map[string]string) {
	t.Helper()
	var out []string
	for _, line := range strings.Split(read(t, path), "\n") {
		before, _, found := strings.Cut(line, "TODO")
		if !found || strings.HasPrefix(strings.TrimSpace(line), "#") {
			out = append(out, line)
			continue
		}
		with, ok := lines[before]
		if !ok {
			t.Fatalf("%s: no value for the line %q", path, line)
		}
		if with != "" {
			out = append(out, with)
		}
	}
	if err := os.WriteFile(path, []byte(strings.Join(out, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestInitStartsADirectory runs signpost init as a scheme would: the new
// directory fails the check on its TODOs and untouched examples, each
// message pointing at the line; once they are replaced it passes, builds,
// and has nothing due for a check.
func TestInitStartsADirectory(t *testing.T) {
	dueEnv(t)
	dir := filepath.Join(t.TempDir(), "riverside-directory")
	code, stdout, stderr := signpost(t, "init", dir)
	if code != exitOK || stderr != "" || !strings.Contains(stdout, "Started a new directory in "+dir+" (16 files).") ||
		!strings.Contains(stdout, "call signpost's reusable workflows at release "+initdir.SignpostVersion) {
		t.Fatalf("init: exit %d\n%s%s", code, stdout, stderr)
	}
	if got := listFiles(t, dir); !slices.Equal(got, initFiles) {
		t.Errorf("init wrote %v\nwant %v", got, initFiles)
	}

	// Untouched, the check fails and says where.
	content := filepath.Join(dir, "content")
	code, stdout, _ = signpost(t, "check", "--content", content, "--format", "json", "--today", "2026-11-21")
	var report struct {
		Findings []struct {
			Code, File, Message string
			Line                int
		}
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil || code != exitProblems {
		t.Fatalf("check on a new directory: exit %d, %v\n%s", code, err, stdout)
	}
	flagged := map[string]bool{}
	for _, f := range report.Findings {
		if f.Code != "placeholder" || f.Line == 0 || f.Message == "" {
			t.Errorf("unexpected finding %+v", f)
		}
		flagged[strings.TrimPrefix(f.File, filepath.ToSlash(content)+"/")] = true
	}
	for _, f := range []string{"directory.yaml", "listings/example-activity.md", "organizations/example-organization.yaml", "venues/example-venue.yaml"} {
		if !flagged[f] {
			t.Errorf("check does not flag %s: %v", f, flagged)
		}
	}
	for _, f := range []string{"listings/example-activity.md", "organizations/example-organization.yaml", "venues/example-venue.yaml"} {
		if !strings.Contains(read(t, filepath.Join(content, f)), "# AN EXAMPLE ") {
			t.Errorf("%s is not marked as an example", f)
		}
	}

	// Replaced, it passes.
	fillTODOs(t, filepath.Join(content, "directory.yaml"), map[string]string{
		"name: ":                          "name: Riverside Community Directory",
		"area: ":                          "area: Riverside and district",
		"contact: { email: ":              "contact: { email: directory@example.org }",
		"repository: https://github.com/": "repository: https://github.com/riverside/directory",
	})
	fillTODOs(t, filepath.Join(content, "organizations", "example-organization.yaml"), map[string]string{
		"name: ":             "name: Riverside Ramblers",
		"  ":                 "  Gentle walks for everyone, by the river.",
		"website: https://":  "",
		"email: ":            "",
		"phone: \"":          "",
		"charity_number: \"": "",
	})
	fillTODOs(t, filepath.Join(content, "venues", "example-venue.yaml"), map[string]string{
		"name: ":       "name: Riverside Community Centre",
		"  - ":         "  - 12 Mill Lane",
		"town: ":       "town: Riverside",
		"postcode: ":   "postcode: MB1 2AB",
		"directions: ": "directions: Bus 4 stops outside; use the side door.",
	})
	fill(t, filepath.Join(content, "venues", "example-venue.yaml"), map[string]string{"# lat: 52.6123\n# lon: -1.8931": "lat: 52.6123\nlon: -1.8931"})
	fillTODOs(t, filepath.Join(content, "listings", "example-activity.md"), map[string]string{
		"title: ":           "title: Riverside Walking Group",
		"summary: ":         "summary: A gentle 45-minute walk by the river, then tea and a chat.",
		"categories: [":     "categories: [movement, nature]",
		"  - ":              "  - every Tuesday 10:00-11:30",
		"cost: ":            "cost: free",
		"referral: ":        "referral: self",
		"how_to_join: ":     "how_to_join: Just turn up.",
		"first_visit: ":     "first_visit: Look for the green umbrella by the café door.",
		"contact: { name: ": `contact: { name: Sue, phone: "07700 900123" }`,
		"status: ":          "status: active",
		"verified: ":        "verified: 2026-11-02",
		"":                  "The walk is flat and about two miles long.",
	})
	code, stdout, stderr = signpost(t, "check", "--content", content, "--today", "2026-11-21")
	if code != exitOK || !strings.Contains(stdout, "No problems in 1 listing, 1 organization, 1 venue") {
		t.Fatalf("check once the examples are replaced: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = signpost(t, "due", "--content", content, "--today", "2026-11-21")
	if code != exitOK || !strings.HasPrefix(stdout, "No listing is due for a check") {
		t.Errorf("due on a new directory: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = signpost(t, "due", "--content", content, "--today", "2027-04-20")
	if code != exitOK || !strings.Contains(stdout, "listings/example-activity.md:") || !strings.Contains(stdout, "due on 3 May 2027") {
		t.Errorf("due five months later: exit %d\n%s", code, stdout)
	}

	if testing.Short() {
		return
	}
	out := filepath.Join(t.TempDir(), "public")
	code, _, stderr = signpost(t, "build", "--content", content, "--out", out, "--today", "2026-11-21")
	if code != exitOK {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	page, err := os.ReadFile(filepath.Join(out, "listings", "example-activity", "index.html"))
	if err != nil || !strings.Contains(string(page), "Riverside Walking Group") {
		t.Errorf("the built site has no page for the listing (%v)", err)
	}
}

func TestInitNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"init", dir},
		{"init"},
		{"init", "--repository", "not a repository", filepath.Join(dir, "new")},
		{"init", "a", "b"},
	} {
		code, stdout, stderr := signpost(t, args...)
		if code != exitUsage || stdout != "" || !strings.HasPrefix(stderr, "signpost init: ") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	if got := listFiles(t, dir); !slices.Equal(got, []string{"notes.txt"}) {
		t.Errorf("init changed a folder it refused: %v", got)
	}
}

// initWorkflow is a workflow init writes: each calls a reusable workflow.
type initWorkflow struct {
	Jobs map[string]struct {
		Uses        string            `yaml:"uses"`
		With        map[string]any    `yaml:"with"`
		Permissions map[string]string `yaml:"permissions"`
	} `yaml:"jobs"`
}

var reusableCall = regexp.MustCompile(`uses: signpost-directory/signpost/\.github/workflows/([a-z-]+\.yml)@(\S+)`)

// TestInitWorkflowsCallReleasedWorkflows: the workflows init writes call
// signpost's reusable workflows at init's version, one version string
// throughout, with the permissions each needs; with the reusable
// workflows of this checkout in their place, actionlint checks the calls
// (inputs, permissions) and everything else.
func TestInitWorkflowsCallReleasedWorkflows(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "directory")
	if code, _, stderr := signpost(t, "init", "--repository", "riverside/directory", dir); code != exitOK {
		t.Fatalf("init: %s", stderr)
	}
	want := map[string]struct {
		reusable    string
		permissions []string
	}{
		"check.yml":  {"directory-check.yml", nil},
		"deploy.yml": {"directory-publish.yml", []string{"contents: read", "id-token: write", "pages: write"}},
		"verify.yml": {"directory-verify.yml", []string{"contents: read", "issues: write"}},
	}
	versions := map[string]bool{}
	for file, w := range want {
		path := filepath.Join(dir, ".github", "workflows", file)
		var wf initWorkflow
		decodeStrict(t, path, &struct {
			Name        string            `yaml:"name"`
			On          map[string]any    `yaml:"on"`
			Permissions map[string]string `yaml:"permissions"`
			Concurrency map[string]any    `yaml:"concurrency"`
			Jobs        any               `yaml:"jobs"`
		}{})
		text := read(t, path)
		if err := yaml.Unmarshal([]byte(text), &wf); err != nil {
			t.Fatal(err)
		}
		calls := reusableCall.FindAllStringSubmatch(text, -1)
		if len(calls) != 1 || calls[0][1] != w.reusable || len(wf.Jobs) != 1 {
			t.Errorf("%s: calls %v, want one job calling %s", file, calls, w.reusable)
			continue
		}
		versions[calls[0][2]] = true
		for id, job := range wf.Jobs {
			var perms []string
			for k, v := range job.Permissions {
				perms = append(perms, k+": "+v)
			}
			slices.Sort(perms)
			if !slices.Equal(perms, w.permissions) {
				t.Errorf("%s job %s: permissions %v, want %v", file, id, perms, w.permissions)
			}
		}
		if _, err := os.Stat(filepath.Join(githubDir, "workflows", w.reusable)); err != nil {
			t.Errorf("%s calls %s, which signpost does not have", file, w.reusable)
		}
	}
	if len(versions) != 1 || !versions[initdir.SignpostVersion] {
		t.Errorf("the workflows call versions %v; want %s only, so upgrading is one string", keys(versions), initdir.SignpostVersion)
	}
	readme := read(t, filepath.Join(dir, "README.md"))
	if n := strings.Count(strings.TrimSpace(readme), "\n") + 1; n > 10 ||
		!strings.Contains(readme, "**Upgrading signpost:** replace the version after `@`") || strings.Contains(readme, initdir.SignpostVersion) {
		t.Errorf("README.md has %d lines or does not say how to upgrade:\n%s", n, readme)
	}
	for _, want := range []string{"repository: https://github.com/riverside/directory", "stale_after: 6 months"} {
		if !strings.Contains(read(t, filepath.Join(dir, "content", "directory.yaml")), want) {
			t.Errorf("directory.yaml does not have %q", want)
		}
	}
	if !strings.Contains(read(t, filepath.Join(dir, ".github", "ISSUE_TEMPLATE", "config.yml")), "url: https://github.com/riverside/directory/blob/main/CONTRIBUTING.md") {
		t.Error("config.yml does not link to the repository's CONTRIBUTING.md")
	}

	actionlint, err := exec.LookPath("actionlint")
	if err != nil {
		t.Skip("actionlint is not installed (go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12); .ci/run installs it")
	}
	// As written (the calls to github.com are not followed)...
	lint := func(dir string) {
		t.Helper()
		// actionlint finds the repository, and the reusable workflows
		// called by path, from its .git folder; the directory is pushed
		// to GitHub from a git repository anyway.
		if err := os.MkdirAll(filepath.Join(dir, ".git"), 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(actionlint, "-no-color")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("actionlint in %s: %v\n%s", dir, err, out)
		}
	}
	lint(dir)
	// ...and with this checkout's reusable workflows in place of the
	// released ones, so the inputs and permissions of the calls are checked.
	local := filepath.Join(t.TempDir(), "local")
	copyDir(t, filepath.Join(dir, ".github"), filepath.Join(local, ".github"))
	for _, w := range want {
		data, err := os.ReadFile(filepath.Join(githubDir, "workflows", w.reusable))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(local, ".github", "workflows", w.reusable), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for file := range want {
		path := filepath.Join(local, ".github", "workflows", file)
		text := reusableCall.ReplaceAllString(read(t, path), "uses: ./.github/workflows/$1")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lint(local)
}

// TestInitCarriesTheSameForms: the issue forms and pull request template
// init writes are this repository's, and its CONTRIBUTING.md keeps the
// sections volunteers use in step with this repository's.
func TestInitCarriesTheSameForms(t *testing.T) {
	files, err := initdir.Files(initdir.Options{Dir: "x"})
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]string{}
	for _, f := range files {
		byPath[f.Path] = string(f.Data)
	}
	for _, p := range []string{"ISSUE_TEMPLATE/report-problem.yml", "ISSUE_TEMPLATE/suggest-activity.yml", "pull_request_template.md"} {
		if byPath[".github/"+p] != read(t, filepath.Join(githubDir, p)) {
			t.Errorf("init's .github/%s differs from this repository's: copy it to site/initdir/skeleton/.github/", p)
		}
	}
	sections := func(text string) map[string]string {
		out := map[string]string{}
		for _, s := range strings.Split(text, "\n## ")[1:] {
			title, _, _ := strings.Cut(s, "\n")
			out[title] = s
		}
		return out
	}
	ours, theirs := sections(read(t, "../../CONTRIBUTING.md")), sections(byPath["CONTRIBUTING.md"])
	for title, text := range ours {
		switch other, ok := theirs[title]; {
		case !ok:
			t.Errorf("init's CONTRIBUTING.md has no section %q", title)
		case title == "Seeing your changes as you type (on your own computer)" || title == "For the people who run the directory":
			// Adapted: a directory made by init has no Go source.
			if strings.Contains(other, "go run") || strings.Contains(other, "cmd/signpost") {
				t.Errorf("init's CONTRIBUTING.md, %q, tells volunteers to use signpost's source", title)
			}
		case other != text:
			t.Errorf("init's CONTRIBUTING.md, section %q, differs from this repository's", title)
		}
	}
}

// TestInitSaysWhenItStoppedHalfway: when a write fails after some files
// were written, the message says the folder was left partly written and
// what to do. The failure is a path too long for the system (Linux's
// 4,096 bytes), reached by the deeper files only.
func TestInitSaysWhenItStoppedHalfway(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("relies on Linux's PATH_MAX")
	}
	t.Chdir(t.TempDir())
	// .github/CODEOWNERS fits; .github/ISSUE_TEMPLATE/config.yml does not.
	var dir strings.Builder
	for dir.Len() < 4096-30-200 {
		dir.WriteString(strings.Repeat("d", 199) + "/")
	}
	dir.WriteString(strings.Repeat("x", 4096-30-dir.Len()))
	code, _, stderr := signpost(t, "init", dir.String())
	if code != exitUsage || !strings.Contains(stderr, "was left partly written (1 of its files). Delete the folder") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}
