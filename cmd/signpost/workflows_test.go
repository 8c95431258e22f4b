package main

// Tests for the reusable workflows (.github/workflows/directory-*.yml),
// the workflows of this repository that call them, and the release: the
// parts GitHub would only find wrong once a directory's pull request or a
// tag runs them. actionlint (.ci/run) checks the rest.

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site/initdir"
)

// reusable are the reusable workflows, by file name.
var reusable = []string{"directory-check.yml", "directory-publish.yml", "directory-verify.yml"}

type workflowInput struct {
	Description string `yaml:"description"`
	Type        string `yaml:"type"`
	Default     any    `yaml:"default"`
	Required    bool   `yaml:"required"`
}

type callable struct {
	On struct {
		WorkflowCall *struct {
			Inputs map[string]workflowInput `yaml:"inputs"`
		} `yaml:"workflow_call"`
	} `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]struct {
		Uses        string            `yaml:"uses"`
		With        map[string]any    `yaml:"with"`
		Permissions map[string]string `yaml:"permissions"`
		Steps       []struct {
			Name string `yaml:"name"`
			Run  string `yaml:"run"`
			If   string `yaml:"if"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

func readWorkflow(t *testing.T, path string) (callable, string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var wf callable
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return wf, string(data)
}

// signpostSteps is the block of steps that installs signpost, the same in
// every reusable workflow.
var signpostSteps = regexp.MustCompile(`(?s)      # --- signpost: .*?      # --- end of the signpost steps -+\n`)

// TestReusableWorkflowsInputs: each reusable workflow is called with
// workflow_call, takes the same inputs with the same defaults, downloads
// the version init writes by default, and installs signpost with the same
// steps.
func TestReusableWorkflowsInputs(t *testing.T) {
	var block string
	for _, name := range reusable {
		wf, text := readWorkflow(t, filepath.Join(githubDir, "workflows", name))
		if wf.On.WorkflowCall == nil {
			t.Errorf("%s: not a reusable workflow (on: workflow_call)", name)
			continue
		}
		in := wf.On.WorkflowCall.Inputs
		for input, want := range map[string]workflowInput{
			"signpost-version":  {Type: "string", Default: initdir.SignpostVersion},
			"content":           {Type: "string", Default: "content"},
			"build-from-source": {Type: "boolean", Default: false},
		} {
			got, ok := in[input]
			if !ok || got.Type != want.Type || got.Default != want.Default || got.Required || got.Description == "" {
				t.Errorf("%s: input %s is %+v, want type %s, default %v, not required, with a description", name, input, got, want.Type, want.Default)
			}
		}
		if wf.Permissions["contents"] != "read" || len(wf.Permissions) != 1 {
			t.Errorf("%s: the workflow's permissions should be contents: read only, got %v", name, wf.Permissions)
		}
		// The comments show the call a directory makes, at init's version.
		if !strings.Contains(text, "uses: signpost-directory/signpost/.github/workflows/"+name+"@"+initdir.SignpostVersion) {
			t.Errorf("%s: its comment does not show how to call it at %s", name, initdir.SignpostVersion)
		}
		steps := signpostSteps.FindString(text)
		switch {
		case steps == "":
			t.Errorf("%s: no signpost steps (between # --- signpost: and # --- end of the signpost steps)", name)
		case block == "":
			block = steps
		case steps != block:
			t.Errorf("%s: the signpost steps differ from %s's; keep them identical", name, reusable[0])
		}
	}
	// The download fetches the archives release.sh makes.
	release, err := os.ReadFile(filepath.Join(githubDir, "scripts", "release.sh"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"linux/amd64", "linux/arm64", "darwin/amd64", "darwin/arm64", "windows/amd64", "windows/arm64",
		"name=signpost_${goos}_${goarch}", `"$out/$name.tar.gz"`, "pr-summary.sh", "checksums.txt"} {
		if !strings.Contains(string(release), want) {
			t.Errorf("release.sh does not have %q", want)
		}
	}
	for _, want := range []string{`"$base/signpost_$target.tar.gz"`, `"$base/checksums.txt"`, "sha256sum --check", "X64) target=linux_amd64", "ARM64) target=linux_arm64",
		`"$RUNNER_TEMP/signpost/pr-summary.sh"`} {
		if !strings.Contains(block, want) && !strings.Contains(readFile(t, filepath.Join(githubDir, "workflows", reusable[0])), want) {
			t.Errorf("the signpost steps do not have %q", want)
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestOwnWorkflowsCallTheReusableOnes: this repository's check, deploy and
// CI workflows run the reusable workflows, built from the change itself,
// so every pull request tests them; the caller grants what each needs.
func TestOwnWorkflowsCallTheReusableOnes(t *testing.T) {
	for file, want := range map[string]struct {
		uses        string
		permissions []string
		with        map[string]any
	}{
		"check.yml":  {"./.github/workflows/directory-check.yml", nil, map[string]any{"build-from-source": true}},
		"deploy.yml": {"./.github/workflows/directory-publish.yml", []string{"contents: read", "id-token: write", "pages: write"}, map[string]any{"build-from-source": true}},
		"ci.yml":     {"./.github/workflows/directory-verify.yml", []string{"contents: read", "issues: write"}, map[string]any{"build-from-source": true, "dry-run": true}},
	} {
		wf, _ := readWorkflow(t, filepath.Join(githubDir, "workflows", file))
		found := false
		for id, job := range wf.Jobs {
			if job.Uses != want.uses {
				continue
			}
			found = true
			var perms []string
			for k, v := range job.Permissions {
				perms = append(perms, k+": "+v)
			}
			slices.Sort(perms)
			if want.permissions != nil && !slices.Equal(perms, want.permissions) {
				t.Errorf("%s job %s: permissions %v, want %v", file, id, perms, want.permissions)
			}
			for k, v := range want.with {
				if job.With[k] != v {
					t.Errorf("%s job %s: with %s: %v, want %v", file, id, k, job.With[k], v)
				}
			}
		}
		if !found {
			t.Errorf("%s: no job uses %s", file, want.uses)
		}
	}
}

// TestReleaseWorkflow: a version tag builds the archives with release.sh
// from a full checkout (so Go stamps the tag) and publishes them.
func TestReleaseWorkflow(t *testing.T) {
	text := readFile(t, filepath.Join(githubDir, "workflows", "release.yml"))
	var wf struct {
		On struct {
			Push struct {
				Tags []string `yaml:"tags"`
			} `yaml:"push"`
		} `yaml:"on"`
	}
	if err := yaml.Unmarshal([]byte(text), &wf); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(wf.On.Push.Tags, []string{"v*.*.*"}) {
		t.Errorf("release.yml runs on tags %v", wf.On.Push.Tags)
	}
	for _, want := range []string{"fetch-depth: 0", `bash .github/scripts/release.sh "$TAG" dist`, "contents: write",
		`gh release create "$TAG" dist/* --verify-tag`} {
		if !strings.Contains(text, want) {
			t.Errorf("release.yml does not have %q", want)
		}
	}
	// release.sh reads the version init writes from this line.
	src := readFile(t, "../../site/initdir/initdir.go")
	if !strings.Contains(src, "\nconst SignpostVersion = \""+initdir.SignpostVersion+"\"\n") {
		t.Error(`site/initdir/initdir.go must keep the line const SignpostVersion = "vX.Y.Z" that release.sh reads`)
	}
}

// fakeGH stands in for GitHub's gh command: it logs each call and answers
// the listing calls from FAKE_OPEN, FAKE_CLOSED and FAKE_LABELS (what gh
// would print after its --jq).
const fakeGH = `#!/usr/bin/env bash
printf '%s\n' "$*" >>"$GH_LOG"
case "$1 $2 $3 $4" in
  "issue list --state open") printf '%s' "$FAKE_OPEN" ;;
  "issue list --state closed") printf '%s' "$FAKE_CLOSED" ;;
  "label list"*) printf '%s' "$FAKE_LABELS" ;;
esac
`

// TestVerificationRoundKeepsOneIssue runs the step of directory-verify.yml
// that keeps the issue, with a stand-in for gh, in every situation: it
// never opens a second issue, closes the issue when nothing is due, opens
// the last one again rather than a new one, and does nothing when nothing
// is due and no issue is open.
func TestVerificationRoundKeepsOneIssue(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	wf, _ := readWorkflow(t, filepath.Join(githubDir, "workflows", "directory-verify.yml"))
	var script string
	for _, s := range wf.Jobs["verify"].Steps {
		if s.Name == "Open, update or close the issue" {
			script = s.Run
		}
	}
	if script == "" {
		t.Fatal(`no step "Open, update or close the issue" in directory-verify.yml`)
	}
	const body = "--title Listings due for a check --body-file "
	for _, tt := range []struct {
		name                      string
		count, open, closed, lbls string
		want                      []string // the calls that change something
	}{
		{"nothing due, no issue", "0", "", "", "", nil},
		{"nothing due, an issue open", "0", "7", "", "", []string{"issue close 7 --reason completed --comment *"}},
		{"due, an issue open", "3", "7", "", "", []string{"issue edit 7 " + body + "*"}},
		{"due, the issue closed before", "3", "", "4", "", []string{"issue reopen 4", "issue edit 4 " + body + "*"}},
		{"due for the first time", "3", "", "", "", []string{"label create verification-round *", "issue create --title Listings due for a check --label verification-round --body-file *"}},
		{"due, the label already made", "3", "", "", "bug\nverification-round\n", []string{"issue create --title Listings due for a check --label verification-round --body-file *"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "gh"), []byte(fakeGH), 0o755); err != nil {
				t.Fatal(err)
			}
			log := filepath.Join(dir, "gh.log")
			// As GitHub runs a run: step: bash -e -o pipefail.
			cmd := exec.Command(bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
			cmd.Env = append(os.Environ(), "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"), "GH_LOG="+log,
				"RUNNER_TEMP="+dir, "LABEL=verification-round", "COUNT="+tt.count,
				"FAKE_OPEN="+tt.open, "FAKE_CLOSED="+tt.closed, "FAKE_LABELS="+tt.lbls)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			data, _ := os.ReadFile(log)
			var changes []string
			for _, call := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				if call != "" && !strings.Contains(call, " list ") && !strings.HasPrefix(call, "label list") {
					changes = append(changes, call)
				}
			}
			if len(changes) != len(tt.want) {
				t.Fatalf("gh calls %q, want %q", changes, tt.want)
			}
			for i, want := range tt.want {
				// * stands for the rest of the words (a path, a comment).
				pattern := "^" + strings.ReplaceAll(regexp.QuoteMeta(want), `\*`, `.*`) + "$"
				if !regexp.MustCompile(pattern).MatchString(changes[i]) {
					t.Errorf("gh call %q, want %q", changes[i], want)
				}
			}
		})
	}
}
