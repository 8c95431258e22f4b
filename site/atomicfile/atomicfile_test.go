package atomicfile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestReadersNeverSeeAPartialFile replaces a file again and again, by
// writing and by linking, while others read it: every read must find it,
// whole.
func TestReadersNeverSeeAPartialFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "feed.json")
	a, b := bytes.Repeat([]byte("a"), 64<<10), bytes.Repeat([]byte("b"), 64<<10)
	if err := Write(path, a); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "cached")
	if err := os.WriteFile(src, b, 0o644); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var readers sync.WaitGroup
	var mu sync.Mutex
	var bad []string
	for range 2 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				got, err := os.ReadFile(path)
				if err != nil || !bytes.Equal(got, a) && !bytes.Equal(got, b) {
					mu.Lock()
					bad = append(bad, fmt.Sprintf("%d bytes, %v", len(got), err))
					mu.Unlock()
				}
			}
		}()
	}
	for i := range 300 {
		var err error
		if i%2 == 0 {
			err = Link(src, path)
		} else {
			err = Write(path, a)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	readers.Wait()
	if len(bad) > 0 {
		t.Errorf("%d reads found the file missing or partial, e.g. %q", len(bad), bad[0])
	}
	// Linking the same file again changes nothing, and no temporary file
	// is left behind.
	if err := Link(src, path); err != nil {
		t.Fatal(err)
	}
	if err := Link(src, path); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("left in the folder: %v", entries)
	}
	// Files get the mode os.WriteFile gives them.
	if err := Write(path, a); err != nil {
		t.Fatal(err)
	}
	written, _ := os.Stat(path)
	if want, _ := os.Stat(src); written.Mode() != want.Mode() {
		t.Errorf("mode %v, want %v", written.Mode(), want.Mode())
	}
}

// A Folder with an old folder links each file the old one has with the
// same bytes, and writes every other: a changed file, a new one, one the
// old folder has as a link to elsewhere, and one outside the folder.
func TestFolderReusesUnchangedFiles(t *testing.T) {
	old, root, elsewhere := t.TempDir(), t.TempDir(), t.TempDir()
	put := func(path, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	put(filepath.Join(old, "api", "same.json"), "same")
	put(filepath.Join(old, "api", "changed.json"), "before")
	put(filepath.Join(old, "api", "longer.json"), "same")
	put(filepath.Join(elsewhere, "secret"), "linked")
	if err := os.Symlink(filepath.Join(elsewhere, "secret"), filepath.Join(old, "api", "link.json")); err != nil {
		t.Fatal(err)
	}
	put(filepath.Join(elsewhere, "outside.json"), "outside")
	if err := os.MkdirAll(filepath.Join(root, "api"), 0o755); err != nil {
		t.Fatal(err)
	}
	f := Folder{Root: root, Old: old}
	for _, tc := range []struct {
		path, text string
		linked     bool
	}{
		{filepath.Join(root, "api", "same.json"), "same", true},
		{filepath.Join(root, "api", "changed.json"), "after!", false},
		{filepath.Join(root, "api", "longer.json"), "same, and more", false},
		{filepath.Join(root, "api", "new.json"), "new", false},
		{filepath.Join(root, "api", "link.json"), "linked", false},
		{filepath.Join(root, "..", filepath.Base(elsewhere), "outside.json"), "outside", false},
	} {
		if err := f.Write(tc.path, []byte(tc.text)); err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		got, err := os.ReadFile(tc.path)
		if err != nil || string(got) != tc.text {
			t.Errorf("%s holds %q (%v), want %q", tc.path, got, err, tc.text)
		}
		rel, _ := filepath.Rel(root, tc.path)
		if !filepath.IsLocal(rel) {
			continue // outside the folder: written where asked, nothing to link
		}
		newInfo, err1 := os.Lstat(tc.path)
		oldInfo, err2 := os.Lstat(filepath.Join(old, rel))
		linked := err1 == nil && err2 == nil && os.SameFile(newInfo, oldInfo)
		if linked != tc.linked {
			t.Errorf("%s: linked from the old folder %v, want %v", rel, linked, tc.linked)
		}
	}
	// The old folder's copies are untouched.
	if b, _ := os.ReadFile(filepath.Join(old, "api", "changed.json")); string(b) != "before" {
		t.Errorf("the old folder's changed.json now holds %q", b)
	}
	// Writing again over a linked file replaces it rather than failing.
	if err := f.Write(filepath.Join(root, "api", "same.json"), []byte("same")); err != nil {
		t.Fatal(err)
	}
	// Link goes straight to the name in a new folder, and replaces one there.
	src := filepath.Join(elsewhere, "cached.pdf")
	put(src, "pdf")
	for range 2 {
		if err := f.Link(src, filepath.Join(root, "sheet.pdf")); err != nil {
			t.Fatal(err)
		}
	}
	a, _ := os.Stat(src)
	b, _ := os.Stat(filepath.Join(root, "sheet.pdf"))
	if !os.SameFile(a, b) {
		t.Error("Link made a copy")
	}
	// With no old folder, Write writes.
	if err := (Folder{Root: root}).Write(filepath.Join(root, "plain.json"), []byte("x")); err != nil {
		t.Fatal(err)
	}
}

// In a new folder files go straight to their names, and a name written a
// second time, after it was linked from the old folder or from another
// name, is replaced: the file the link shares is never changed in place.
func TestNewFolderNeverChangesALinkedFile(t *testing.T) {
	for _, f := range []Folder{{Root: t.TempDir(), Old: t.TempDir()}, {Root: t.TempDir(), New: true}} {
		oldPage := filepath.Join(t.TempDir(), "page.html")
		if f.Old != "" {
			oldPage = filepath.Join(f.Old, "page.html")
		}
		if err := os.WriteFile(oldPage, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		page := filepath.Join(f.Root, "page.html")
		if f.Old != "" {
			if err := f.Write(page, []byte("old")); err != nil {
				t.Fatal(err)
			}
		} else if err := f.Link(oldPage, page); err != nil {
			t.Fatal(err)
		}
		if a, _ := os.Stat(oldPage); !os.SameFile(a, must(os.Stat(page))) {
			t.Fatalf("%+v: the page was not linked", f)
		}
		if err := f.Write(page, []byte("new")); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(oldPage); string(b) != "old" {
			t.Errorf("%+v: the linked file now holds %q", f, b)
		}
		if b, _ := os.ReadFile(page); string(b) != "new" {
			t.Errorf("%+v: the page holds %q", f, b)
		}
		fresh := filepath.Join(f.Root, "fresh.json")
		if err := f.Write(fresh, []byte("{}")); err != nil {
			t.Fatal(err)
		}
		if info := must(os.Stat(fresh)); info.Mode().Perm() != 0o644 {
			t.Errorf("%+v: a new file has mode %v", f, info.Mode())
		}
		if entries, _ := os.ReadDir(f.Root); len(entries) != 2 {
			t.Errorf("%+v: the folder holds %d files, want 2 (nothing temporary left)", f, len(entries))
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestSameBytes compares files around the sizes where sameBytes' reads
// end: empty, smaller than one read, exactly one or several reads, and one
// byte over; equal, differing only in the last byte, and of another length.
func TestSameBytes(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 100, compareChunk - 1, compareChunk, compareChunk + 1, 3 * compareChunk, 3*compareChunk + 7} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(i*7 + i/251)
		}
		path := filepath.Join(dir, fmt.Sprintf("file-%d", size))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if !sameBytes(path, data) {
			t.Errorf("%d bytes: the file holds the same bytes, sameBytes says not", size)
		}
		if size > 0 {
			changed := bytes.Clone(data)
			changed[size-1]++
			if sameBytes(path, changed) {
				t.Errorf("%d bytes: the last byte differs, sameBytes says the same", size)
			}
			if sameBytes(path, data[:size-1]) {
				t.Errorf("%d bytes: compared with one byte fewer, sameBytes says the same", size)
			}
		}
		if sameBytes(path, append(bytes.Clone(data), 'x')) {
			t.Errorf("%d bytes: compared with one byte more, sameBytes says the same", size)
		}
	}
	// A difference anywhere is found: at the start, around the ends of the
	// reads, and in the last read.
	data := bytes.Repeat([]byte("abcdefg"), 3*compareChunk/7+5)
	path := filepath.Join(dir, "pieces")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, at := range []int{0, 1, compareChunk - 1, compareChunk, compareChunk + 1, 2 * compareChunk, len(data) - 2} {
		changed := bytes.Clone(data)
		changed[at] ^= 1
		if sameBytes(path, changed) {
			t.Errorf("the bytes differ at %d of %d, sameBytes says the same", at, len(data))
		}
	}
	// A link to a file with the same bytes is not that file: linking it
	// would put the link itself in the new folder.
	if err := os.Symlink(path, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if sameBytes(filepath.Join(dir, "link"), data) {
		t.Error("a symbolic link to the same bytes counts as the same file")
	}
	// A file that holds more than its size says (Linux's /proc files say 0).
	if _, err := os.Lstat("/proc/self/status"); err == nil && sameBytes("/proc/self/status", nil) {
		t.Error("/proc/self/status, of size 0 but not empty, counts as empty")
	}
	if sameBytes(filepath.Join(dir, "missing"), nil) {
		t.Error("a missing file holds no bytes, not the same as none")
	}
	if sameBytes(dir, nil) {
		t.Error("a folder is not a file with no bytes")
	}
}

// BenchmarkSameBytes compares unchanged files as a rebuild does, against
// reading each whole (os.ReadFile, what sameBytes did before): a listing's
// feed document of 2 KB, and a whole-directory file of 20 MB.
func BenchmarkSameBytes(b *testing.B) {
	readWhole := func(path string, data []byte) bool {
		info, err := os.Lstat(path)
		if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(data)) {
			return false
		}
		held, err := os.ReadFile(path)
		return err == nil && bytes.Equal(held, data)
	}
	for _, size := range []int{2 << 10, 20 << 20} {
		data := bytes.Repeat([]byte("signpost "), size/9)
		path := filepath.Join(b.TempDir(), "file")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			b.Fatal(err)
		}
		for _, c := range []struct {
			name string
			same func(string, []byte) bool
		}{{"pieces", sameBytes}, {"whole", readWhole}} {
			b.Run(fmt.Sprintf("%s/bytes=%d", c.name, len(data)), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					if !c.same(path, data) {
						b.Fatal("not the same")
					}
				}
			})
		}
	}
}
