package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestSummaryCountsProblemsThatAreNotShown: a file with a hundred unknown
// fields shows the first 20 and one message for the other 80; the closing
// line counts all of them, not 21.
func TestSummaryCountsProblemsThatAreNotShown(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "../../content", dir)
	path := filepath.Join(dir, "listings", "chatty-table.md")
	var fields strings.Builder
	for i := range 100 {
		fmt.Fprintf(&fields, "k%d: v\n", i)
	}
	fill(t, path, map[string]string{"cost: free\n": "cost: free\n" + fields.String()})

	code, out, errOut := signpost(t, "check", "--content", dir, "--today", "2026-11-21")
	if code != exitProblems {
		t.Fatalf("exit code %d, want %d; stderr: %s", code, exitProblems, errOut)
	}
	if !strings.Contains(out, "…and 80 more problems in this file") {
		t.Fatalf("no message for the problems not shown:\n%s", out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := lines[len(lines)-1]
	// The sample has 2 warnings of its own (see TestCheckStrict).
	if !strings.HasPrefix(last, "102 problems (20 errors and 2 warnings shown, 80 more not shown) in ") ||
		!strings.HasSuffix(last, ". Fix the errors before this can be published.") {
		t.Errorf("summary: %q", last)
	}
}
