package main

// Tests for the reusable workflows (.github/workflows/directory-*.yml),
// the workflows of this repository that call them, and the release: the
// parts GitHub would only find wrong once a directory's pull request or a
// tag runs them. actionlint (.ci/run) checks the rest.

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site/due"
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
	Defaults    struct {
		Run struct {
			Shell string `yaml:"shell"`
		} `yaml:"run"`
	} `yaml:"defaults"`
	Jobs map[string]struct {
		Uses        string            `yaml:"uses"`
		With        map[string]any    `yaml:"with"`
		Permissions map[string]string `yaml:"permissions"`
		Needs       any               `yaml:"needs"`
		Steps       []workflowStep    `yaml:"steps"`
	} `yaml:"jobs"`
}

type workflowStep struct {
	Name  string            `yaml:"name"`
	ID    string            `yaml:"id"`
	Run   string            `yaml:"run"`
	If    string            `yaml:"if"`
	Uses  string            `yaml:"uses"`
	Shell string            `yaml:"shell"`
	Env   map[string]string `yaml:"env"`
	With  map[string]any    `yaml:"with"`
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

// TestReleaseWorkflow: a version tag like release.sh accepts (no -rc)
// builds the archives with release.sh from a full checkout (so Go stamps
// the tag) in a job that cannot write to the repository, and a second job,
// which compiles nothing, checks and publishes them.
func TestReleaseWorkflow(t *testing.T) {
	path := filepath.Join(githubDir, "workflows", "release.yml")
	text := readFile(t, path)
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
	if !slices.Equal(wf.On.Push.Tags, []string{"v[0-9]+.[0-9]+.[0-9]+"}) {
		t.Errorf("release.yml runs on tags %v, want only those release.sh accepts", wf.On.Push.Tags)
	}
	script := readFile(t, filepath.Join(githubDir, "scripts", "release.sh"))
	if !strings.Contains(script, `[[ $tag =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]`) {
		t.Error("release.sh no longer accepts exactly vX.Y.Z: make release.yml's tags agree")
	}
	jobs, _ := readWorkflow(t, path)
	build, publish := jobs.Jobs["build"], jobs.Jobs["publish"]
	if !maps.Equal(build.Permissions, map[string]string{"contents": "read"}) ||
		!maps.Equal(publish.Permissions, map[string]string{"contents": "write"}) || publish.Needs != "build" {
		t.Errorf("build permissions %v, publish permissions %v needs %v: want read, write, build", build.Permissions, publish.Permissions, publish.Needs)
	}
	var buildText, publishText []string
	for _, s := range build.Steps {
		buildText = append(buildText, s.Uses, s.Run, fmt.Sprint(s.With))
	}
	for _, s := range publish.Steps {
		publishText = append(publishText, s.Uses, s.Run, fmt.Sprint(s.With))
		if strings.HasPrefix(s.Uses, "actions/checkout") || strings.HasPrefix(s.Uses, "actions/setup-go") || strings.Contains(s.Run, "go ") {
			t.Errorf("the publish job, which can write, builds or checks out code: %q %q", s.Uses, s.Run)
		}
	}
	for _, want := range []string{"fetch-depth:0", `bash .github/scripts/release.sh "$TAG" dist`, "actions/upload-artifact@"} {
		if !strings.Contains(strings.Join(buildText, "\n"), want) {
			t.Errorf("release.yml's build job does not have %q", want)
		}
	}
	for _, want := range []string{"actions/download-artifact@", "sha256sum --check --strict checksums.txt",
		`gh release create "$TAG" dist/* --verify-tag`} {
		if !strings.Contains(strings.Join(publishText, "\n"), want) {
			t.Errorf("release.yml's publish job does not have %q", want)
		}
	}
	// release.sh reads the version init writes from this line.
	src := readFile(t, "../../site/initdir/initdir.go")
	if !strings.Contains(src, "\nconst SignpostVersion = \""+initdir.SignpostVersion+"\"\n") {
		t.Error(`site/initdir/initdir.go must keep the line const SignpostVersion = "vX.Y.Z" that release.sh reads`)
	}
}

// runStep runs a run: step's script as GitHub runs it with "shell:
// bash": bash --noprofile --norc -eo pipefail {0}, {0} being the script in
// a file. It returns the output and whether the step succeeded.
func runStep(t *testing.T, script, dir string, env ...string) (string, bool) {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	file := filepath.Join(t.TempDir(), "step.sh")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bash, "--noprofile", "--norc", "-eo", "pipefail", file)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return string(out), err == nil
}

// TestWorkflowsRunBashWithPipefail: every run: step of the reusable
// workflows and the release runs in bash with pipefail (defaults: run:
// shell: bash), which runStep copies; without it GitHub runs bash -e {0}.
func TestWorkflowsRunBashWithPipefail(t *testing.T) {
	for _, name := range append(slices.Clone(reusable), "release.yml") {
		wf, _ := readWorkflow(t, filepath.Join(githubDir, "workflows", name))
		if wf.Defaults.Run.Shell != "bash" {
			t.Errorf("%s: defaults: run: shell is %q, want bash", name, wf.Defaults.Run.Shell)
		}
		for id, job := range wf.Jobs {
			for _, s := range job.Steps {
				if s.Run != "" && s.Shell != "" && s.Shell != "bash" {
					t.Errorf("%s job %s step %q: shell %s", name, id, s.Name, s.Shell)
				}
			}
		}
	}
}

// verifyStep is the script of the step of directory-verify.yml with the
// given name, and its env.
func verifyStep(t *testing.T, name string) workflowStep {
	t.Helper()
	wf, _ := readWorkflow(t, filepath.Join(githubDir, "workflows", "directory-verify.yml"))
	for _, s := range wf.Jobs["verify"].Steps {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no step %q in directory-verify.yml", name)
	return workflowStep{}
}

// TestVerificationRoundNeedsAList runs the step of directory-verify.yml
// that makes the list, with a stand-in for signpost: the count it passes
// on is a number taken from a list measured against stale_after; when due
// fails, prints no JSON or the directory sets no stale_after, the step
// fails and the issue is left alone.
func TestVerificationRoundNeedsAList(t *testing.T) {
	if _, err := exec.LookPath("jq"); err != nil {
		t.Skip("no jq")
	}
	step := verifyStep(t, "List the listings due for a check")
	for _, tt := range []struct {
		name, json string
		exit       int
		count      string // "" when the step must fail
	}{
		{"two due", `{"stale_after":"6 months","stale":1,"due_soon":1}`, 0, "2"},
		{"nothing due", `{"stale_after":"6 months","stale":0,"due_soon":0}`, 0, "0"},
		{"no stale_after", `{"stale_after":"","stale":0,"due_soon":0}`, 0, ""},
		{"due failed", ``, 2, ""},
		{"not JSON", `directory.yaml sets no stale_after`, 0, ""},
		{"no counts", `{"stale_after":"6 months"}`, 0, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			fake := fmt.Sprintf("#!/usr/bin/env bash\ncase \"$*\" in *json*) printf '%%s' %s ;; *) echo list ;; esac\nexit %d\n",
				shellQuote(tt.json), tt.exit)
			if err := os.WriteFile(filepath.Join(dir, "signpost"), []byte(fake), 0o755); err != nil {
				t.Fatal(err)
			}
			output := filepath.Join(dir, "output")
			out, ok := runStep(t, step.Run, dir, "RUNNER_TEMP="+dir, "GITHUB_OUTPUT="+output,
				"GITHUB_STEP_SUMMARY="+filepath.Join(dir, "summary"), "CONTENT=content", "WITHIN=30")
			data, _ := os.ReadFile(output)
			if ok != (tt.count != "") || (ok && string(data) != "count="+tt.count+"\n") {
				t.Errorf("step succeeded %v, output %q; want count %q\n%s", ok, data, tt.count, out)
			}
		})
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// fakeGH stands in for GitHub's gh command: it logs each call and answers
// the listing calls from FAKE_OPEN, FAKE_CLOSED (gh's JSON) and
// FAKE_LABELS (what gh would print after its --jq).
const fakeGH = `#!/usr/bin/env bash
printf '%s\n' "$*" >>"$GH_LOG"
case "$1 $2 $3 $4" in
  "issue list --state open") printf '%s' "${FAKE_OPEN:-[]}" ;;
  "issue list --state closed") printf '%s' "${FAKE_CLOSED:-[]}" ;;
  "label list"*) printf '%s' "$FAKE_LABELS" ;;
esac
`

// TestVerificationRoundKeepsOneIssue runs the step of directory-verify.yml
// that keeps the issue, with a stand-in for gh, in every situation: it
// never opens a second issue, closes the issue when nothing is due, opens
// the last one again rather than a new one, does nothing when nothing is
// due and no issue is open, and never touches a labelled issue it did not
// write (whose text does not start with the marker).
func TestVerificationRoundKeepsOneIssue(t *testing.T) {
	if _, err := exec.LookPath("jq"); err != nil {
		t.Skip("no jq")
	}
	step := verifyStep(t, "Open, update or close the issue")
	if step.Env["MARKER"] != due.Marker {
		t.Fatalf("the step's MARKER is %q, but signpost due writes %q", step.Env["MARKER"], due.Marker)
	}
	issues := func(numbers ...int) string {
		var list []map[string]any
		for _, n := range numbers {
			body := due.Marker + "\n\nListings…"
			if n >= 100 { // someone else's issue, with the label
				body = "Please check @someone's listing. " + due.Marker
			}
			list = append(list, map[string]any{"number": n, "body": body})
		}
		data, _ := json.Marshal(list)
		return string(data)
	}
	const body = "--title Listings due for a check --body-file "
	for _, tt := range []struct {
		name                      string
		count, open, closed, lbls string
		want                      []string // the calls that change something
	}{
		{"nothing due, no issue", "0", "", "", "", nil},
		{"nothing due, an issue open", "0", issues(7), "", "", []string{"issue close 7 --reason completed --comment *"}},
		{"nothing due, only someone else's issue open", "0", issues(100), "", "", nil},
		{"due, an issue open", "3", issues(7), "", "", []string{"issue edit 7 " + body + "*"}},
		{"due, someone else's issue and ours open", "3", issues(100, 7, 8), "", "", []string{"issue edit 7 " + body + "*"}},
		{"due, the issue closed before", "3", "", issues(4), "", []string{"issue reopen 4", "issue edit 4 " + body + "*"}},
		{"due, someone else's issue closed", "3", issues(100), issues(101, 4), "verification-round\n",
			[]string{"issue reopen 4", "issue edit 4 " + body + "*"}},
		{"due for the first time", "3", "", "", "", []string{"label create verification-round *", "issue create --title Listings due for a check --label verification-round --body-file *"}},
		{"due, only someone else's issues", "3", issues(100), issues(101), "bug\nverification-round\n",
			[]string{"issue create --title Listings due for a check --label verification-round --body-file *"}},
		{"due, the label already made", "3", "", "", "bug\nverification-round\n", []string{"issue create --title Listings due for a check --label verification-round --body-file *"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "gh"), []byte(fakeGH), 0o755); err != nil {
				t.Fatal(err)
			}
			log := filepath.Join(dir, "gh.log")
			if out, ok := runStep(t, step.Run, dir, "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"), "GH_LOG="+log,
				"RUNNER_TEMP="+dir, "LABEL=verification-round", "COUNT="+tt.count, "MARKER="+due.Marker,
				"FAKE_OPEN="+tt.open, "FAKE_CLOSED="+tt.closed, "FAKE_LABELS="+tt.lbls); !ok {
				t.Fatalf("the step failed:\n%s", out)
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
	// Without a count (signpost due failed), nothing is touched.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "gh"), []byte(fakeGH), 0o755); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(dir, "gh.log")
	if _, ok := runStep(t, step.Run, dir, "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"), "GH_LOG="+log,
		"RUNNER_TEMP="+dir, "LABEL=verification-round", "COUNT=", "MARKER="+due.Marker, "FAKE_OPEN="+issues(7)); ok {
		t.Error("the step succeeded without a count")
	}
	if data, _ := os.ReadFile(log); len(data) > 0 {
		t.Errorf("gh called without a count: %s", data)
	}
}
