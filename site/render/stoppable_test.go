package render

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/signpost-directory/signpost/site/atomicfile"
)

// With an old site to reuse, a page Hugo writes reaches the disk when Hugo
// closes it: linked from the old site when it has the same bytes, written
// otherwise; a folder that is not there refuses the file as the disk
// would; and a page that cannot be put on the disk is remembered, since
// Hugo does not always look at what Close returns.
func TestPendingPages(t *testing.T) {
	old, root := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(old, "same.html"), []byte("same"), 0o644); err != nil {
		t.Fatal(err)
	}
	dst := &stoppableFs{Fs: nil, progress: &progress{}, reuse: atomicfile.Folder{Root: root, Old: old}}
	write := func(name, text string) error {
		t.Helper()
		f, err := dst.Create(filepath.Join(root, name))
		if err != nil {
			return err
		}
		if _, err := f.WriteString(text); err != nil {
			t.Fatal(err)
		}
		return f.Close()
	}
	for _, tc := range []struct{ name, text string }{{"same.html", "same"}, {"new.html", "new"}} {
		if err := write(tc.name, tc.text); err != nil {
			t.Fatal(err)
		}
		if b, err := os.ReadFile(filepath.Join(root, tc.name)); err != nil || string(b) != tc.text {
			t.Errorf("%s: %q, %v", tc.name, b, err)
		}
	}
	a, _ := os.Stat(filepath.Join(old, "same.html"))
	b, _ := os.Stat(filepath.Join(root, "same.html"))
	if !os.SameFile(a, b) {
		t.Error("an unchanged page was written again, not linked")
	}
	if err := write("missing/page.html", "x"); !os.IsNotExist(err) {
		t.Errorf("a page in a missing folder: %v, want a not-exist error", err)
	}
	if err := dst.failure(); err != nil {
		t.Errorf("failure after good writes: %v", err)
	}
	// The folder goes away between Create and Close.
	if err := os.Mkdir(filepath.Join(root, "gone"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := dst.Create(filepath.Join(root, "gone", "page.html"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(root, "gone")); err != nil {
		t.Fatal(err)
	}
	f.Close() // as Hugo might: the error unread
	if err := dst.failure(); err == nil {
		t.Error("a page that could not be written went unnoticed")
	}
}
