//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestImportFromAPipe: a named pipe given as the source is refused at once,
// not waited on for ever, and nothing is written.
func TestImportFromAPipe(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	fifo := filepath.Join(dir, "pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"csv", "hsds"} {
		code, _, stderr := signpost(t, "import", kind, fifo, "--out", content)
		if code != exitProblems || !strings.Contains(stderr, "is not a file or a folder") {
			t.Errorf("import %s from a pipe: exit %d, %q", kind, code, stderr)
		}
	}
	if _, err := os.Stat(content); err == nil {
		t.Error("an import from a pipe wrote files")
	}
}
