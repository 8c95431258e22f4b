package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signpost-directory/signpost/site/diag"
)

// FuzzPlainProse: a text plainProse lets through unparsed is one the
// Markdown check, parsing it, finds nothing wrong with.
func FuzzPlainProse(f *testing.F) {
	seeds, _ := filepath.Glob("../../content/listings/*.md")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(string(b))
			f.Add(strings.NewReplacer("<", "", "[", "", ":", "", "@", "", "&", "", "www", "").Replace(string(b)))
		}
	}
	f.Add("<b>x</b> [a](javascript:x) www.x.org a@b.org &#8238;")
	f.Add("Walk  \\\n*tea* `x` ![](y) WwW.example.org\n\n    code\n\n> quote\n\n| a | b |\n|---|---|\n")
	ck, err := New()
	if err != nil {
		f.Fatal(err)
	}
	r := &checker{Checker: ck}
	at := func(offset, size int) *diag.Location { return &diag.Location{File: "x.md", Line: 1, Column: 1} }
	f.Fuzz(func(t *testing.T, md string) {
		if !plainProse(md) {
			return
		}
		if msgs := r.parseAndCheckMarkdown(md, at); len(msgs) > 0 {
			t.Fatalf("plainProse lets through %q, in which the Markdown check finds %v", md, msgs)
		}
	})
}
