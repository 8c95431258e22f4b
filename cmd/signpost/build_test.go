package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildSaysHowToLookAtTheSite: the built pages link by addresses from
// the site's root, so opening public/index.html from disk shows a plain
// page with broken links. The last words of a build point to the preview,
// with the same content folder, and to publishing the folder.
func TestBuildSaysHowToLookAtTheSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample site")
	}
	dir := filepath.Join(t.TempDir(), "my content")
	copyDir(t, "../../content", dir)
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := signpost(t, "build", "--content", dir, "--out", out, "--today", "2026-11-21")
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	want := "\nBuilt the site into " + out + ". To publish it, upload that folder to your web host.\n" +
		"To look through it first, run: signpost serve --content \"" + dir + "\"\n"
	if !strings.HasSuffix(stderr, want) {
		t.Errorf("build ends with\n%s\nwant\n%s", lastLines(stderr, 3), want)
	}
	if strings.Contains(stderr, "index.html") {
		t.Errorf("build still suggests opening index.html from disk:\n%s", lastLines(stderr, 3))
	}
	_, _, help := signpost(t, "build", "--help")
	if strings.Contains(help, "index.html") || !strings.Contains(help, "signpost serve") {
		t.Errorf("build --help:\n%s", help)
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
