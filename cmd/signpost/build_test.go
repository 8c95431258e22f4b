package main

import (
	"os"
	"path/filepath"
	"slices"
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

	// The built site's Open Referral API imports back (issue 17's round trip): into an
	// empty folder with the same directory.yaml, it passes check with the same titles.
	back := filepath.Join(t.TempDir(), "content")
	if err := os.MkdirAll(back, 0o755); err != nil {
		t.Fatal(err)
	}
	yaml, err := os.ReadFile(filepath.Join(dir, "directory.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(back, "directory.yaml"), yaml, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr = signpost(t, "import", "hsds", filepath.Join(out, "api", "hsds"), "--out", back); code != exitOK {
		t.Fatalf("import hsds of the built site: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, stdout, stderr = signpost(t, "check", "--content", back, "--today", "2026-11-21"); code != exitOK {
		t.Fatalf("check of what was imported: exit %d\n%s%s", code, stdout, stderr)
	}
	titles := func(folder string) []string {
		var out []string
		files, _ := filepath.Glob(filepath.Join(folder, "listings", "*.md"))
		for _, f := range files {
			if strings.Count(filepath.Base(f), ".") > 1 {
				continue // a translation
			}
			data, _ := os.ReadFile(f)
			if _, rest, ok := strings.Cut(string(data), "\ntitle: "); ok {
				out = append(out, strings.Trim(strings.SplitN(rest, "\n", 2)[0], `"`))
			}
		}
		slices.Sort(out)
		return out
	}
	if got, want := titles(back), titles(dir); len(want) < 50 || !slices.Equal(got, want) {
		t.Errorf("imported titles differ:\n got %q\nwant %q", got, want)
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
