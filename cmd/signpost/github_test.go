package main

// Tests for the GitHub side of the template (.github/): the issue forms
// are valid and follow the vocabularies, and the command lines the
// workflows run are real commands with documented flags that behave as
// the workflows expect. A renamed flag or vocabulary term then breaks
// these tests instead of every volunteer's pull request.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/due"
	"github.com/signpost-directory/signpost/site/pages"
	"github.com/signpost-directory/signpost/site/schedule"
)

const githubDir = "../../.github"

// decodeStrict decodes YAML, refusing keys the target does not declare, so
// a misspelt key in a form ("validation:") is an error here rather than
// silently ignored by GitHub.
func decodeStrict(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// GitHub issue forms, as documented in "Syntax for issue forms" and
// "Syntax for GitHub's form schema".
type issueForm struct {
	Name        string        `yaml:"name"`
	Description string        `yaml:"description"`
	Title       string        `yaml:"title"`
	Labels      []string      `yaml:"labels"`
	Assignees   []string      `yaml:"assignees"`
	Projects    []string      `yaml:"projects"`
	Type        string        `yaml:"type"`
	Body        []formElement `yaml:"body"`
}

type formElement struct {
	Type       string `yaml:"type"`
	ID         string `yaml:"id"`
	Attributes struct {
		Label       string      `yaml:"label"`
		Description string      `yaml:"description"`
		Placeholder string      `yaml:"placeholder"`
		Value       string      `yaml:"value"`
		Render      string      `yaml:"render"`
		Multiple    bool        `yaml:"multiple"`
		Default     *int        `yaml:"default"`
		Options     []yaml.Node `yaml:"options"`
	} `yaml:"attributes"`
	Validations struct {
		Required bool `yaml:"required"`
	} `yaml:"validations"`
}

type checkboxOption struct {
	Label    string `yaml:"label"`
	Required bool   `yaml:"required"`
}

// dropdownOptions returns a dropdown's options (plain strings).
func (e *formElement) dropdownOptions(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, n := range e.Attributes.Options {
		var s string
		if n.Kind != yaml.ScalarNode || n.Decode(&s) != nil {
			t.Errorf("dropdown %q: option on line %d is not plain text", e.ID, n.Line)
			continue
		}
		out = append(out, s)
	}
	return out
}

// checkboxOptions returns a checkboxes element's options.
func (e *formElement) checkboxOptions(t *testing.T) []checkboxOption {
	t.Helper()
	var out []checkboxOption
	for _, n := range e.Attributes.Options {
		var o checkboxOption
		if n.Kind != yaml.MappingNode || n.Decode(&o) != nil {
			t.Errorf("checkboxes %q: option on line %d is not {label, required}", e.ID, n.Line)
			continue
		}
		out = append(out, o)
	}
	return out
}

var formID = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// loadIssueForms reads and validates every form in ISSUE_TEMPLATE, keyed by
// file name.
func loadIssueForms(t *testing.T) map[string]*issueForm {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(githubDir, "ISSUE_TEMPLATE", "*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob(filepath.Join(githubDir, "ISSUE_TEMPLATE", "*.yaml"))
	paths = append(paths, more...)
	forms := map[string]*issueForm{}
	for _, path := range paths {
		name := filepath.Base(path)
		if name == "config.yml" || name == "config.yaml" {
			continue
		}
		f := &issueForm{}
		decodeStrict(t, path, f)
		validateIssueForm(t, name, f)
		forms[name] = f
	}
	return forms
}

func validateIssueForm(t *testing.T, file string, f *issueForm) {
	t.Helper()
	if f.Name == "" || f.Description == "" || len(f.Body) == 0 {
		t.Errorf("%s: name, description and body are required", file)
	}
	ids, labels := map[string]bool{}, map[string]bool{}
	fields := 0
	for i, e := range f.Body {
		where := func(msg string) string { return file + ": body[" + strconv.Itoa(i) + "] (" + e.ID + "): " + msg }
		switch e.Type {
		case "markdown":
			if strings.TrimSpace(e.Attributes.Value) == "" {
				t.Error(where("markdown needs attributes.value"))
			}
			continue
		case "input", "textarea", "dropdown", "checkboxes":
		default:
			t.Errorf("%s: body[%d]: unknown type %q", file, i, e.Type)
			continue
		}
		fields++
		switch {
		case e.ID == "":
			t.Error(where("every field needs an id (it names the field in the issue and in prefill links)"))
		case !formID.MatchString(e.ID):
			t.Error(where("ids may only contain letters, digits, - and _"))
		case ids[e.ID]:
			t.Error(where("duplicate id"))
		}
		ids[e.ID] = true
		label := strings.TrimSpace(e.Attributes.Label)
		if label == "" {
			t.Error(where("attributes.label is required"))
		} else if labels[label] {
			t.Error(where("duplicate label " + label))
		}
		labels[label] = true
		if e.Attributes.Multiple && e.Type != "dropdown" {
			t.Error(where("only dropdowns can be multiple"))
		}
		switch e.Type {
		case "dropdown":
			opts := e.dropdownOptions(t)
			if len(opts) == 0 {
				t.Error(where("a dropdown needs options"))
			}
			seen := map[string]bool{}
			for _, o := range opts {
				if strings.TrimSpace(o) == "" || seen[o] || o == "None" {
					t.Error(where("options must be non-empty, unique and not \"None\": " + o))
				}
				seen[o] = true
			}
			if d := e.Attributes.Default; d != nil && (*d < 0 || *d >= len(opts)) {
				t.Error(where("default is not an option's index"))
			}
		case "checkboxes":
			opts := e.checkboxOptions(t)
			if len(opts) == 0 {
				t.Error(where("checkboxes need options"))
			}
			for _, o := range opts {
				if strings.TrimSpace(o.Label) == "" {
					t.Error(where("every checkbox needs a label"))
				}
			}
			if e.Validations.Required {
				t.Error(where("checkboxes are required per option, not with validations"))
			}
		default:
			if len(e.Attributes.Options) > 0 {
				t.Error(where(e.Type + " has no options"))
			}
		}
	}
	if fields == 0 {
		t.Errorf("%s: a form needs at least one field that is not markdown", file)
	}
}

func element(t *testing.T, f *issueForm, id string) *formElement {
	t.Helper()
	for i := range f.Body {
		if f.Body[i].ID == id {
			return &f.Body[i]
		}
	}
	t.Errorf("%s: no field with id %q", f.Name, id)
	return nil
}

func labelsOf(v *content.Vocabulary) []string {
	out := make([]string, len(v.Terms))
	for i, term := range v.Terms {
		out[i] = term.Label
	}
	return out
}

func TestIssueForms(t *testing.T) {
	forms := loadIssueForms(t)

	report := forms["report-problem.yml"]
	if report == nil {
		t.Fatal("no .github/ISSUE_TEMPLATE/report-problem.yml (the site's \"Report a problem\" links open it)")
	}
	// The site links to ?template=report-problem.yml&listing=<id>&labels=listing-problem
	// (site/pages/listing.go): the listing field must keep its id and type.
	if e := element(t, report, "listing"); e != nil && (e.Type != "input" || !e.Validations.Required) {
		t.Errorf("report-problem.yml: listing must be a required input, not %s", e.Type)
	}
	if !slices.Contains(report.Labels, "listing-problem") {
		t.Errorf("report-problem.yml: labels %v lack listing-problem", report.Labels)
	}
	if e := element(t, report, "problem"); e != nil {
		want := []string{"Wrong time or day", "It has moved to a different place", "It has closed or ended",
			"Wrong contact details", "Something else"}
		if got := e.dropdownOptions(t); e.Type != "dropdown" || !slices.Equal(got, want) {
			t.Errorf("report-problem.yml: problem options %q, want %q", got, want)
		}
	}
	for _, id := range []string{"details", "source"} {
		if e := element(t, report, id); e != nil && !e.Validations.Required {
			t.Errorf("report-problem.yml: %s should be required", id)
		}
	}
	requiredCheckbox(t, report, "privacy")

	suggest := forms["suggest-activity.yml"]
	if suggest == nil {
		t.Fatal("no .github/ISSUE_TEMPLATE/suggest-activity.yml")
	}
	// The form mirrors a listing, so a maintainer can turn it into a file.
	for _, id := range []string{"title", "organization", "summary", "categories", "needs", "venue",
		"schedule", "cost", "audience", "accessibility", "languages", "referral", "how_to_join",
		"first_visit", "contact", "source"} {
		element(t, suggest, id)
	}
	requiredCheckbox(t, suggest, "consent")
	requiredCheckbox(t, suggest, "privacy")

	// The vocabulary dropdowns show the built-in terms' labels (what the
	// website shows), in the vocabulary's order; CONTRIBUTING.md maps them to
	// the ids written in the files (TestContributingMapsFormLabels).
	tax := content.BuiltinTaxonomy()
	for id, vocab := range map[string]*content.Vocabulary{
		"categories": tax.Categories, "needs": tax.Needs, "accessibility": tax.Accessibility, "audience": tax.Audience,
	} {
		e := element(t, suggest, id)
		if e == nil {
			continue
		}
		if e.Type != "dropdown" || !e.Attributes.Multiple {
			t.Errorf("suggest-activity.yml: %s should be a dropdown with multiple: true", id)
		}
		if got, want := e.dropdownOptions(t), labelsOf(vocab); !slices.Equal(got, want) {
			t.Errorf("suggest-activity.yml: %s options differ from the built-in vocabulary\n got: %q\nwant: %q", id, got, want)
		}
	}

	// Each referral option ends with the value written in the file.
	if e := element(t, suggest, "referral"); e != nil {
		var got []string
		for _, o := range e.dropdownOptions(t) {
			if i := strings.LastIndex(o, "("); i >= 0 && strings.HasSuffix(o, ")") {
				got = append(got, o[i+1:len(o)-1])
			}
		}
		if want := schemaEnum(t, "referral"); !slices.Equal(got, want) {
			t.Errorf("suggest-activity.yml: referral options name %q, the schema allows %q", got, want)
		}
	}

	// The schedule examples follow the grammar the check enforces.
	if e := element(t, suggest, "schedule"); e != nil {
		examples := strings.Split(strings.TrimSpace(e.Attributes.Placeholder), "\n")
		if len(examples) < 5 {
			t.Errorf("suggest-activity.yml: schedule should show the grammar's examples, has %d", len(examples))
		}
		for _, rule := range examples {
			if _, err := schedule.Parse(rule); err != nil {
				t.Errorf("suggest-activity.yml: schedule example %q: %v", rule, err)
			}
		}
	}
}

// TestReportLinkOpensTheForm follows the "Report a problem" link the site
// puts on a listing page: it must open an existing form, and every field it
// fills in must be a field of that form.
func TestReportLinkOpensTheForm(t *testing.T) {
	res, err := site.Check(context.Background(), site.CheckOptions{ContentDir: "../../content"})
	if err != nil || res.Directory == nil || len(res.Directory.Listings) == 0 {
		t.Fatalf("checking the sample: %v", err)
	}
	project, err := pages.Build(context.Background(), res.Directory, pages.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l := res.Directory.Listings[0]
	var fm pages.Listing
	if err := json.NewDecoder(bytes.NewReader(project.Files["content/listings/"+l.ID+".md"])).Decode(&fm); err != nil {
		t.Fatal(err)
	}
	link, err := url.Parse(fm.Links.ReportProblem)
	if err != nil || link.Path == "" {
		t.Fatalf("report link %q: %v", fm.Links.ReportProblem, err)
	}
	q := link.Query()
	forms := loadIssueForms(t)
	form := forms[q.Get("template")]
	if form == nil {
		t.Fatalf("the report link opens template %q, which is not in .github/ISSUE_TEMPLATE", q.Get("template"))
	}
	for key, values := range q {
		switch key {
		case "template", "title", "assignees", "projects":
			continue
		case "labels":
			for _, label := range strings.Split(values[0], ",") {
				if !slices.Contains(form.Labels, label) {
					t.Errorf("the report link adds label %q, the form has %v", label, form.Labels)
				}
			}
			continue
		}
		if e := element(t, form, key); e != nil && e.Type != "input" && e.Type != "textarea" {
			t.Errorf("the report link fills in %q, a %s (only inputs and text areas can be filled in)", key, e.Type)
		}
	}
	if q.Get("listing") != l.ID {
		t.Errorf("the report link's listing is %q, want the id %q", q.Get("listing"), l.ID)
	}
}

func requiredCheckbox(t *testing.T, f *issueForm, id string) {
	t.Helper()
	e := element(t, f, id)
	if e == nil {
		return
	}
	opts := e.checkboxOptions(t)
	if e.Type != "checkboxes" || len(opts) != 1 || !opts[0].Required {
		t.Errorf("%s: %s should be one required checkbox", f.Name, id)
	}
}

// schemaEnum returns the allowed values of a listing field from its JSON Schema.
func schemaEnum(t *testing.T, field string) []string {
	t.Helper()
	data, err := os.ReadFile("../../schema/listing.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Properties map[string]struct {
			Enum []string `json:"enum"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	return s.Properties[field].Enum
}

func TestIssueTemplateConfig(t *testing.T) {
	var cfg struct {
		BlankIssuesEnabled *bool `yaml:"blank_issues_enabled"`
		ContactLinks       []struct {
			Name  string `yaml:"name"`
			URL   string `yaml:"url"`
			About string `yaml:"about"`
		} `yaml:"contact_links"`
	}
	decodeStrict(t, filepath.Join(githubDir, "ISSUE_TEMPLATE", "config.yml"), &cfg)
	if cfg.BlankIssuesEnabled == nil {
		t.Error("config.yml: say whether blank issues are enabled")
	}
	if len(cfg.ContactLinks) == 0 {
		t.Error("config.yml: no contact links")
	}
	for _, l := range cfg.ContactLinks {
		if l.Name == "" || l.About == "" || !strings.HasPrefix(l.URL, "https://") {
			t.Errorf("config.yml: contact link %+v needs a name, an https URL and about", l)
		}
	}
}

// TestContributingMapsFormLabels keeps the reviewers' table in
// CONTRIBUTING.md (form label → word in the file) in step with the
// vocabularies.
func TestContributingMapsFormLabels(t *testing.T) {
	data, err := os.ReadFile("../../CONTRIBUTING.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range content.BuiltinTaxonomy().Vocabularies() {
		for _, term := range v.Terms {
			row := "| " + term.Label + " | `" + term.ID + "` |"
			if !bytes.Contains(data, []byte(row)) {
				t.Errorf("CONTRIBUTING.md has no row %q", row)
			}
		}
	}
}

// annotation is one GitHub workflow command printed by check --format github.
type annotation struct {
	level, file, title string
	line, col, endCol  int
}

var annotationRE = regexp.MustCompile(`^::(error|warning) file=([^,]+),line=(\d+)(?:,col=(\d+))?(?:,endColumn=(\d+))?,title=([^:]*)::.+$`)

func parseAnnotations(t *testing.T, out string) []annotation {
	t.Helper()
	var list []annotation
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		m := annotationRE.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("not a workflow annotation: %q", line)
			continue
		}
		list = append(list, annotation{level: m[1], file: m[2], line: atoi(m[3]), col: atoi(m[4]), endCol: atoi(m[5]),
			title: strings.NewReplacer("%3A", ":", "%2C", ",", "%25", "%").Replace(m[6])})
	}
	return list
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s) // "" (no column) is 0
	return n
}

// TestCheckAnnotationsPointAtTheLine runs check.yml's command on the broken
// fixture and follows each annotation back to the file: GitHub shows it on
// that line of "Files changed", so the line and columns must be right.
func TestCheckAnnotationsPointAtTheLine(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"check", "--format", "github", "--content", "testdata/broken", "--today", "2026-11-21"}, &stdout, &stderr)
	if code != exitProblems {
		t.Fatalf("exit %d, want %d (the job must fail on errors); stderr: %s", code, exitProblems, stderr.String())
	}
	list := parseAnnotations(t, stdout.String())

	// Each annotation's file exists, and its columns mark text on its line.
	for _, a := range list {
		data, err := os.ReadFile(a.file)
		if err != nil {
			t.Errorf("%s: annotation for a file that does not exist: %v", a.title, err)
			continue
		}
		lines := strings.Split(string(data), "\n")
		if a.line < 1 || a.line > len(lines) {
			t.Errorf("%s:%d: no such line (%d lines)", a.file, a.line, len(lines))
			continue
		}
		if a.col > 0 && a.endCol > a.col {
			text := lines[a.line-1]
			if a.endCol-1 > len(text) || strings.TrimSpace(text[a.col-1:a.endCol-1]) == "" {
				t.Errorf("%s:%d: columns %d-%d mark nothing in %q", a.file, a.line, a.col, a.endCol, text)
			}
		}
	}

	// Specific problems, on the lines a volunteer would look at.
	for _, want := range []struct {
		level, file string
		line        int
		title, text string // text: what the columns mark ("" when there are none)
	}{
		{"error", "testdata/broken/listings/walk.md", 5, `Unknown category "movment"`, "movment"},
		{"error", "testdata/broken/listings/walk.md", 2, `Unknown field "titel"`, "titel"},
		{"error", "testdata/broken/listings/walk.md", 3, `There is no organization "ramblrs"`, "ramblrs"},
		{"error", "testdata/broken/listings/walk.md", 8, `The schedule "every Tusday 10:00-11:30" cannot be read: "Tusday" is not a day of the week`, "Tusday"},
		{"error", "testdata/broken/listings/walk.md", 10, `"sesion" is not allowed for "cost.per"`, "sesion"},
		{"warning", "testdata/broken/listings/walk.md", 13, `Last checked on 2 March 2026, more than 6 months ago`, "2026-03-02"},
		{"error", "testdata/broken/organizations/ramblers.yaml", 4, `"phone" must be text: put it in quotes`, "01632960123"},
		{"error", "testdata/broken/venues/hall.yaml", 4, `"tv12ab" is not a postcode in GB`, "tv12ab"},
		{"error", "testdata/broken/listings/choir.md", 4, `The quote that starts this value is never closed`, `"Sing: no experience needed`},
	} {
		i := slices.IndexFunc(list, func(a annotation) bool {
			return a.level == want.level && a.file == want.file && a.line == want.line && a.title == want.title
		})
		if i < 0 {
			t.Errorf("no %s annotation %q at %s:%d in:\n%s", want.level, want.title, want.file, want.line, stdout.String())
			continue
		}
		if a := list[i]; want.text != "" {
			data, _ := os.ReadFile(a.file)
			text := strings.Split(string(data), "\n")[a.line-1]
			if a.endCol <= a.col || a.endCol-1 > len(text) || text[a.col-1:a.endCol-1] != want.text {
				t.Errorf("%s:%d: columns %d-%d of %q should mark %q", a.file, a.line, a.col, a.endCol, text, want.text)
			}
		}
	}
}

// TestCheckJSONForTheSummary pins down the parts of check --format json
// that .github/scripts/pr-summary.sh reads with jq.
func TestCheckJSONForTheSummary(t *testing.T) {
	var stdout, stderr bytes.Buffer
	run(context.Background(), []string{"check", "--format", "json", "--content", "testdata/broken", "--today", "2026-11-21"}, &stdout, &stderr)
	var report struct {
		Errors   *int `json:"errors"`
		Warnings *int `json:"warnings"`
		Findings []struct {
			Severity, Code, File, Message, Suggestion string
			Line                                      int
		} `json:"findings"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
		t.Fatal(err)
	}
	if report.Errors == nil || report.Warnings == nil || *report.Errors == 0 {
		t.Fatalf("errors and warnings counts missing: %s", stdout.String())
	}
	stale := slices.IndexFunc(report.Findings, func(f struct {
		Severity, Code, File, Message, Suggestion string
		Line                                      int
	}) bool {
		return f.Severity == "warning" && f.Code == "stale"
	})
	if stale < 0 {
		t.Fatalf(`no warning with code "stale" (the summary lists listings that need checking by it)`)
	}
	if f := report.Findings[stale]; f.File != "testdata/broken/listings/walk.md" || f.Line != 13 || f.Message == "" {
		t.Errorf("stale warning %+v", f)
	}
	if !slices.ContainsFunc(report.Findings, func(f struct {
		Severity, Code, File, Message, Suggestion string
		Line                                      int
	}) bool {
		return f.Severity == "error" && f.Suggestion == "movement"
	}) {
		t.Error(`no error with the suggestion "movement"`)
	}
}

// invocation is one signpost command line found in a workflow or script.
type invocation struct {
	source string   // file (and step) it was found in
	env    []string // the step's env, as NAME=value
	args   []string // after "signpost"
}

// signpostCall finds "./signpost ..." and "go run ./cmd/signpost ..." up to
// the end of the command (a newline, ;, &, |, > or #).
var signpostCall = regexp.MustCompile(`(?m)(?:^|[\s;&|(])(?:\./signpost|go run \./cmd/signpost)[ \t]+([^\n;&|>#]*)`)

func findInvocations(source, script string, env map[string]string) []invocation {
	var envList []string
	for k, v := range env {
		envList = append(envList, k+"="+v)
	}
	var out []invocation
	for _, m := range signpostCall.FindAllStringSubmatch(script, -1) {
		var args []string
		for _, f := range strings.Fields(m[1]) {
			args = append(args, strings.Trim(f, `"'`))
		}
		out = append(out, invocation{source: source, env: envList, args: args})
	}
	return out
}

type workflowFile struct {
	Jobs map[string]struct {
		Steps []struct {
			Name string            `yaml:"name"`
			Run  string            `yaml:"run"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// allInvocations collects the signpost command lines of every workflow's
// run: steps, the scripts the workflows call, and .ci/run.
func allInvocations(t *testing.T) []invocation {
	t.Helper()
	var all []invocation
	workflows, err := filepath.Glob(filepath.Join(githubDir, "workflows", "*.yml"))
	if err != nil || len(workflows) == 0 {
		t.Fatalf("no workflows in %s/workflows (%v)", githubDir, err)
	}
	for _, path := range workflows {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var wf workflowFile
		if err := yaml.Unmarshal(data, &wf); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for job, j := range wf.Jobs {
			for _, s := range j.Steps {
				all = append(all, findInvocations(filepath.Base(path)+" "+job+"/"+s.Name, s.Run, s.Env)...)
			}
		}
	}
	scripts, _ := filepath.Glob(filepath.Join(githubDir, "scripts", "*.sh"))
	for _, path := range append(scripts, "../../.ci/run") {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, findInvocations(filepath.Base(path), string(data), nil)...)
	}
	return all
}

// flagsOf reads a command's flags from its --help: each name, and whether
// it takes a value (printOptions writes "  --name value-name").
func flagsOf(t *testing.T, command string) map[string]bool {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{command, "--help"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("signpost %s --help: exit %d", command, code)
	}
	flags := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^  --([\w-]+)(?: (\S+))?$`).FindAllStringSubmatch(stderr.String()+stdout.String(), -1) {
		flags[m[1]] = m[2] != ""
	}
	if len(flags) == 0 {
		t.Fatalf("signpost %s --help lists no flags:\n%s", command, stderr.String())
	}
	return flags
}

// parsedCall is an invocation checked against the command's --help.
type parsedCall struct {
	invocation
	command string
	values  map[string]string // flag → value ("" for a boolean)
}

func parseCall(t *testing.T, inv invocation) (parsedCall, bool) {
	t.Helper()
	p := parsedCall{invocation: inv, values: map[string]string{}}
	if len(inv.args) == 0 {
		t.Errorf("%s: signpost without a command", inv.source)
		return p, false
	}
	p.command = inv.args[0]
	if !slices.Contains([]string{"check", "build", "new", "due", "version"}, p.command) {
		t.Errorf("%s: signpost has no command %q", inv.source, p.command)
		return p, false
	}
	if p.command == "version" {
		if len(inv.args) > 1 {
			t.Errorf("%s: signpost version takes no options: %q", inv.source, inv.args)
			return p, false
		}
		return p, true
	}
	flags := flagsOf(t, p.command)
	rest := inv.args[1:]
	for i := 0; i < len(rest); i++ {
		arg := rest[i]
		if !strings.HasPrefix(arg, "-") {
			t.Errorf("%s: unexpected argument %q in %q", inv.source, arg, inv.args)
			return p, false
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		takesValue, ok := flags[name]
		if !ok {
			t.Errorf("%s: signpost %s has no flag %q (signpost %s --help lists %v)", inv.source, p.command, arg, p.command, keys(flags))
			return p, false
		}
		if takesValue && !hasValue {
			if i+1 >= len(rest) {
				t.Errorf("%s: %s needs a value", inv.source, arg)
				return p, false
			}
			i++
			value = rest[i]
		}
		p.values[name] = value
	}
	return p, true
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestWorkflowCommandLines checks every signpost command line in the
// workflows, their scripts and .ci/run against "signpost <command> --help",
// then runs it the way the workflow does: on the sample directory it must
// succeed, and on the broken fixture the check must fail with annotations
// and the build must refuse to publish.
func TestWorkflowCommandLines(t *testing.T) {
	invs := allInvocations(t)

	// The scan must find what the workflows are known to run; otherwise a
	// change in how they call signpost would make this test check nothing.
	found := map[string]bool{}
	for _, inv := range invs {
		key := strings.SplitN(inv.source, " ", 2)[0] + ": " + strings.Join(inv.args, " ")
		found[key] = true
	}
	for _, want := range []string{
		"directory-check.yml: check --format github --content $CONTENT",
		"directory-check.yml: build --out public --content $CONTENT",
		"directory-check.yml: version",
		"directory-publish.yml: check --format github --content $CONTENT",
		"directory-publish.yml: build --out public --base-url $BASE_URL --content $CONTENT",
		"directory-verify.yml: due --format json --within $WITHIN --content $CONTENT",
		"directory-verify.yml: due --format markdown --within $WITHIN --content $CONTENT",
		"directory-verify.yml: due --within $WITHIN --content $CONTENT",
		"pr-summary.sh: check --format json --content $content",
		"run: check",
	} {
		if !found[want] {
			t.Errorf("no command line %q among %v", want, keys(found))
		}
	}

	for _, inv := range invs {
		p, ok := parseCall(t, inv)
		if !ok {
			continue
		}
		t.Run(inv.source+": "+strings.Join(inv.args, " "), func(t *testing.T) {
			switch p.command {
			case "check":
				runCheckLikeWorkflow(t, p)
			case "build":
				runBuildLikeWorkflow(t, p)
			case "due":
				runDueLikeWorkflow(t, p)
			}
		})
	}
}

// argsWith rebuilds the command line with some flags' values replaced (or
// added), such as the content folder.
func (p parsedCall) argsWith(t *testing.T, replace map[string]string) []string {
	t.Helper()
	args := []string{p.command}
	for name, value := range p.values {
		if r, ok := replace[name]; ok {
			value = r
		} else if strings.Contains(value, "$") {
			t.Fatalf("%s: no test value for --%s %s", p.source, name, value)
		}
		if value == "" {
			args = append(args, "--"+name)
		} else {
			args = append(args, "--"+name, value)
		}
	}
	for name, value := range replace {
		if _, ok := p.values[name]; !ok {
			args = append(args, "--"+name, value)
		}
	}
	return args
}

func runCheckLikeWorkflow(t *testing.T, p parsedCall) {
	var stdout, stderr bytes.Buffer
	args := p.argsWith(t, map[string]string{"content": "../../content"})
	if code := run(context.Background(), args, &stdout, &stderr); code != exitOK {
		t.Errorf("signpost %v on the sample: exit %d\n%s%s", args, code, stdout.String(), stderr.String())
	}
	stdout.Reset()
	args = p.argsWith(t, map[string]string{"content": "testdata/broken", "today": "2026-11-21"})
	if code := run(context.Background(), args, &stdout, &stderr); code != exitProblems {
		t.Errorf("signpost %v on the broken fixture: exit %d, want %d (a failed step)", args, code, exitProblems)
	}
	switch p.values["format"] {
	case "github":
		list := parseAnnotations(t, stdout.String())
		if !slices.ContainsFunc(list, func(a annotation) bool {
			return a.level == "error" && a.file == "testdata/broken/listings/walk.md" && a.line == 5
		}) {
			t.Errorf("no error annotation at walk.md line 5:\n%s", stdout.String())
		}
	case "json":
		if !json.Valid(stdout.Bytes()) {
			t.Errorf("not JSON: %s", stdout.String())
		}
	}
}

// runDueLikeWorkflow runs a verification round's command on the sample,
// whose two out-of-date listings must be listed in the form the workflow
// reads (the count it takes with jq, the issue's marker).
func runDueLikeWorkflow(t *testing.T, p parsedCall) {
	dueEnv(t)
	t.Setenv("GITHUB_REPOSITORY", "mb/directory")
	t.Chdir("../..") // the repository's root, as in the workflow: the links need the files inside it
	var stdout, stderr bytes.Buffer
	args := p.argsWith(t, map[string]string{"content": "content", "within": "30", "today": "2026-11-21"})
	if code := run(context.Background(), args, &stdout, &stderr); code != exitOK || stderr.Len() > 0 {
		t.Fatalf("signpost %v on the sample: exit %d\n%s", args, code, stderr.String())
	}
	switch p.values["format"] {
	case "json":
		var report struct {
			Stale   *int `json:"stale"`
			DueSoon *int `json:"due_soon"`
		}
		if err := json.Unmarshal(stdout.Bytes(), &report); err != nil || report.Stale == nil || report.DueSoon == nil || *report.Stale != 2 {
			t.Errorf("the workflow counts .stale + .due_soon: %v\n%s", err, stdout.String())
		}
	case "markdown":
		if !strings.HasPrefix(stdout.String(), due.Marker) || !strings.Contains(stdout.String(), "https://github.com/mb/directory/edit/") {
			t.Errorf("not the issue's body:\n%s", stdout.String())
		}
	default:
		if !strings.Contains(stdout.String(), "overdue") {
			t.Errorf("no overdue listing:\n%s", stdout.String())
		}
	}
}

func runBuildLikeWorkflow(t *testing.T, p parsedCall) {
	if testing.Short() {
		t.Skip("builds the sample site")
	}
	// The deploy workflow passes configure-pages' base_url (no trailing
	// slash) plus "/" through the step's environment.
	baseURL := "https://example.github.io/directory/"
	if v, ok := p.values["base-url"]; ok {
		name := strings.Trim(strings.TrimPrefix(v, "$"), "{}")
		i := slices.IndexFunc(p.env, func(e string) bool { return strings.HasPrefix(e, name+"=") })
		if i < 0 || !strings.HasSuffix(p.env[i], "/") {
			t.Errorf("%s: --base-url %s should come from the step's env and end with /, env %v", p.source, v, p.env)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	replace := map[string]string{"content": "../../content", "out": out}
	if _, ok := p.values["base-url"]; ok {
		replace["base-url"] = baseURL
	}
	args := p.argsWith(t, replace)
	if code := run(context.Background(), args, &stdout, &stderr); code != exitOK {
		t.Fatalf("signpost %v on the sample: exit %d\n%s", args, code, stderr.String())
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.values["base-url"]; ok && !bytes.Contains(index, []byte("/directory/")) {
		t.Errorf("the site built with --base-url %s does not use it", baseURL)
	}

	// With errors in the content, nothing is built (and so nothing uploaded
	// or deployed).
	out2 := filepath.Join(t.TempDir(), "public")
	args = p.argsWith(t, map[string]string{"content": "testdata/broken", "out": out2, "base-url": baseURL})
	if code := run(context.Background(), args, io.Discard, io.Discard); code != exitProblems {
		t.Errorf("signpost %v on the broken fixture: exit %d, want %d", args, code, exitProblems)
	}
	if _, err := os.Stat(out2); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed build left %s behind (%v)", out2, err)
	}
}

var pinnedUse = regexp.MustCompile(`^\s*(?:-\s+)?uses:\s*([^@\s]+)@(\S+)(?:\s+#\s*(\S+))?`)

// TestWorkflowActionsPinned: every action is pinned to a full commit SHA
// with its release in a comment, and each action to the same SHA in every
// workflow.
func TestWorkflowActionsPinned(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(githubDir, "workflows", "*.yml"))
	sha := regexp.MustCompile(`^[0-9a-f]{40}$`)
	version := regexp.MustCompile(`^v\d+\.\d+\.\d+$`)
	pins := map[string]string{}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for n, line := range strings.Split(string(data), "\n") {
			m := pinnedUse.FindStringSubmatch(line)
			if m == nil || strings.HasPrefix(m[1], "./") {
				continue
			}
			where := filepath.Base(path) + ":" + strconv.Itoa(n+1)
			if !sha.MatchString(m[2]) || !version.MatchString(m[3]) {
				t.Errorf("%s: %s@%s should be pinned to a commit SHA with a # vX.Y.Z comment", where, m[1], m[2])
			}
			pin := m[2] + " " + m[3]
			if prev, ok := pins[m[1]]; ok && prev != pin {
				t.Errorf("%s: %s pinned to %s here and to %s elsewhere", where, m[1], pin, prev)
			}
			pins[m[1]] = pin
		}
	}
	if len(pins) == 0 {
		t.Error("no actions found")
	}
}
