//go:build linux || darwin || freebsd || netbsd || openbsd

package load

import (
	"fmt"
	"io/fs"
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
	for name, open := range map[string]func(string) fs.FS{"Dir": Dir, "os.DirFS": os.DirFS} {
		t.Run(name, func(t *testing.T) { testLinksNotFollowed(t, open) })
	}
}

func testLinksNotFollowed(t *testing.T, open func(string) fs.FS) {
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
		c, msgs, err := readAll(open(dir), "content")
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

// TestFilesReplacedAfterScan: a file replaced between Scan and Read (by a
// link to a secret, a named pipe, a folder, or text too large) is refused
// when it is read, by both ways of reading a folder on disk, and never
// followed or waited for; files of every size up to the limit are read
// whole.
func TestFilesReplacedAfterScan(t *testing.T) {
	for name, open := range map[string]func(string) fs.FS{"Dir": Dir, "os.DirFS": os.DirFS} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "content")
			const secret = "SECRET-91ac"
			listing := func(size int) string {
				head := "---\ntitle: Walk\n---\n"
				return head + strings.Repeat("a", max(size-len(head)-1, 0)) + "\n"
			}
			files := map[string]string{"directory.yaml": directory}
			sizes := map[string]int{}
			for _, size := range []int{20, 511, 512, 4095, 4096, 4097, 65536, MaxFileSize} {
				id := fmt.Sprintf("size-%d", size)
				files["listings/"+id+".md"] = listing(size)
				sizes[id] = len(listing(size))
			}
			for _, id := range []string{"link", "pipe", "folder", "grown"} {
				files["listings/"+id+".md"] = listing(20)
			}
			for name, text := range files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(root, "secret.md"), []byte("---\ntitle: "+secret+"\n---\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			folder, err := Scan(open(dir), "content")
			if err != nil {
				t.Fatal(err)
			}
			listings := filepath.Join(dir, "listings")
			for _, change := range []func() error{
				func() error { os.Remove(filepath.Join(listings, "link.md")); return nil },
				func() error { return os.Symlink(filepath.Join(root, "secret.md"), filepath.Join(listings, "link.md")) },
				func() error { os.Remove(filepath.Join(listings, "pipe.md")); return nil },
				func() error { return syscall.Mkfifo(filepath.Join(listings, "pipe.md"), 0o644) },
				func() error { os.Remove(filepath.Join(listings, "folder.md")); return nil },
				func() error { return os.Mkdir(filepath.Join(listings, "folder.md"), 0o755) },
				func() error {
					return os.WriteFile(filepath.Join(listings, "grown.md"), []byte(listing(MaxFileSize+1)), 0o644)
				},
			} {
				if err := change(); err != nil {
					t.Fatal(err)
				}
			}
			done := make(chan struct{})
			go func() {
				defer close(done)
				for _, e := range folder.Entries {
					f, msgs := folder.Read(e)
					var text strings.Builder
					for _, m := range msgs {
						text.WriteString(m.Text + "\n")
					}
					if strings.Contains(f.Source.Text+text.String(), secret) {
						t.Errorf("%s: the secret was read", e.Path)
					}
					want := map[string]string{"link": "is a symbolic link", "pipe": "is a named pipe",
						"folder": "is not an ordinary file", "grown": "is larger than"}[f.ID]
					switch {
					case want != "" && !strings.Contains(text.String(), want):
						t.Errorf("%s: %q not said in:\n%s", e.Path, want, text.String())
					case want == "" && len(msgs) > 0:
						t.Errorf("%s: %s", e.Path, text.String())
					case sizes[f.ID] > 0 && len(f.Source.Text) != sizes[f.ID]:
						t.Errorf("%s: %d bytes read of %d", e.Path, len(f.Source.Text), sizes[f.ID])
					}
				}
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("reading blocked: was the named pipe opened?")
			}
		})
	}
}
