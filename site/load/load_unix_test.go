//go:build linux || darwin || freebsd || netbsd || openbsd

package load

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLinksOnDiskAreNotFollowed builds a content folder on disk with the
// links and special files a pull request (or a mistake) can bring: a link
// to a file outside the repository with valid details, a link to the
// process environment, a named pipe (opening it would wait for ever) and a
// linked folder. Each is refused by name and none is opened.
func TestLinksOnDiskAreNotFollowed(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "content")
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	const secret = "SECRET-7d1f"
	write("content/directory.yaml", directory)
	write("content/listings/walk.md", "---\ntitle: Walk\n---\nA walk.\n")
	write("outside/stolen.md", "---\ntitle: "+secret+"\n---\n"+secret+"\n")
	write("outside/venues/hall.yaml", "name: "+secret+"\n")
	link(filepath.Join(root, "outside", "stolen.md"), "listings/stolen.md")
	link("walk.md", "listings/inside.md")
	link("/proc/self/environ", "listings/environ.md")
	link(filepath.Join(root, "outside", "venues"), "venues")
	if err := syscall.Mkfifo(filepath.Join(dir, "listings", "pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SIGNPOST_TEST_SECRET", secret)

	type result struct {
		c    *content
		text string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		c, msgs, err := readAll(os.DirFS(dir), "content")
		var b strings.Builder
		for _, m := range msgs {
			b.WriteString(m.Location.String() + " " + m.Text + "\n")
		}
		done <- result{c, b.String(), err}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("loading blocked: was the named pipe opened?")
	}
	if r.err != nil {
		t.Fatal(r.err)
	}
	for _, name := range []string{"listings/stolen.md", "listings/inside.md", "listings/environ.md", "venues"} {
		if !strings.Contains(r.text, "content/"+name+" is a symbolic link") {
			t.Errorf("no message for %s in:\n%s", name, r.text)
		}
	}
	if !strings.Contains(r.text, "content/listings/pipe.md is a named pipe") {
		t.Errorf("no message for the named pipe in:\n%s", r.text)
	}
	for _, f := range r.c.Files {
		if strings.Contains(f.Source.Text, secret) || f.ID != "walk" && f.Kind != DirectoryFile {
			t.Errorf("%s was read", f.Source.Path)
		}
	}
	if strings.Contains(r.text, secret) {
		t.Errorf("a message shows the secret:\n%s", r.text)
	}
}
