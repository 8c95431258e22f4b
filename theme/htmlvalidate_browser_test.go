package theme_test

import (
	"cmp"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestHTMLValidate runs html-validate (an HTML and accessibility linter the
// pages are not written against) over every page of the built sample, with its
// recommended rules but the two about source formatting (the case of DOCTYPE,
// trailing spaces left by templates), which readers never see. Among what it
// holds: phone numbers that cannot break across lines, forms with a submit
// button, titles short enough to show whole, ARIA used where it means something.
func TestHTMLValidate(t *testing.T) {
	bin := cmp.Or(os.Getenv("HTML_VALIDATE"), "../.ci/node/node_modules/.bin/html-validate")
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("html-validate not found at %s (npm install --prefix .ci/node html-validate@9, or set HTML_VALIDATE): SKIPPING", bin)
	}
	sample := serveSample(t)
	var pages []string
	err := filepath.WalkDir(sample.out, func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(path, ".html") {
			pages = append(pages, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(t.TempDir(), "htmlvalidate.json")
	rules := `{"extends": ["html-validate:recommended"], "rules": {"doctype-style": "off", "no-trailing-whitespace": "off"}}`
	if err := os.WriteFile(config, []byte(rules), 0o644); err != nil {
		t.Fatal(err)
	}
	// The report goes to a file: Node may exit before a large report written to a
	// pipe is all out.
	report := filepath.Join(t.TempDir(), "report.json")
	cmdOut, err := exec.Command(bin, append([]string{"--config", config, "--formatter", "json=" + report}, pages...)...).CombinedOutput()
	out, rerr := os.ReadFile(report)
	if rerr != nil {
		t.Fatalf("html-validate: %v %v: %s", err, rerr, cmdOut)
	}
	var results []struct {
		FilePath string `json:"filePath"`
		Messages []struct {
			RuleID  string `json:"ruleId"`
			Message string `json:"message"`
			Line    int    `json:"line"`
			Column  int    `json:"column"`
		} `json:"messages"`
	}
	if jerr := json.Unmarshal(out, &results); jerr != nil {
		t.Fatalf("html-validate: %v %v: %s", err, jerr, out)
	}
	for _, r := range results {
		rel, _ := filepath.Rel(sample.out, r.FilePath)
		for _, m := range r.Messages {
			t.Errorf("%s:%d:%d: %s (%s)", rel, m.Line, m.Column, m.Message, m.RuleID)
		}
	}
	if len(pages) < 100 {
		t.Errorf("only %d pages validated", len(pages))
	}
}
