package atomicfile

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestManifestTellsUnchangedFiles writes a folder with a manifest, saves
// it, and writes a new folder over it as the next build does. The
// manifest must answer for files it lists and that are still as written,
// and only for those: a file changed in place, replaced, or missing since
// is compared by reading, and a file with other bytes is written.
func TestManifestTellsUnchangedFiles(t *testing.T) {
	old, root, cache := t.TempDir(), t.TempDir(), t.TempDir()
	first := NewManifest()
	f := Folder{Root: old, New: true, Manifest: first}
	files := map[string]string{
		"same.json": "same", "changed.json": "before", "edited.json": "edited in place",
		"replaced.json": "replaced", "deleted.json": "deleted", "sub/deep.json": "deep",
	}
	for rel, text := range files {
		path := filepath.Join(old, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := f.Write(path, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	if first.Len() != len(files) {
		t.Fatalf("the manifest lists %d files, want %d", first.Len(), len(files))
	}
	file := filepath.Join(cache, "manifest")
	if err := first.Save(file, "site 1"); err != nil {
		t.Fatal(err)
	}

	// Changes behind the manifest's back, as a person or another program
	// might make them.
	edited := filepath.Join(old, "edited.json")
	if err := os.WriteFile(edited, []byte("EDITED IN PLACE"), 0o644); err != nil { // same size, same inode
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(edited, later, later); err != nil {
		t.Fatal(err)
	}
	if err := Write(filepath.Join(old, "replaced.json"), []byte("replaced")); err != nil { // another inode, same bytes
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(old, "deleted.json")); err != nil {
		t.Fatal(err)
	}

	if m, err := LoadManifest(file, "site 2"); err == nil || m.old.len() != 0 {
		t.Errorf("another site's manifest was read (%d files, error %v)", m.old.len(), err)
	}
	second, err := LoadManifest(file, "site 1")
	if err != nil || second.old.len() != len(files) {
		t.Fatalf("the manifest read back lists %d files (error %v), want %d", second.old.len(), err, len(files))
	}
	if err := os.MkdirAll(filepath.Join(root, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	g := Folder{Root: root, Old: old, New: true, Manifest: second}
	for _, tc := range []struct {
		rel, text string
		verdict   verdict
		linked    bool
	}{
		{"same.json", "same", same, true},
		{"sub/deep.json", "deep", same, true},
		{"changed.json", "after!", differs, false},
		{"edited.json", "edited in place", unknown, false},
		{"replaced.json", "replaced", unknown, true}, // read, found the same, linked
		{"deleted.json", "deleted", unknown, false},
		{"new.json", "new", unknown, false},
	} {
		path, oldPath := filepath.Join(root, filepath.FromSlash(tc.rel)), filepath.Join(old, filepath.FromSlash(tc.rel))
		if _, v := second.lookup(tc.rel, checksum([]byte(tc.text)), oldPath); v != tc.verdict {
			t.Errorf("%s: the manifest says %v, want %v", tc.rel, v, tc.verdict)
		}
		if err := g.Write(path, []byte(tc.text)); err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile(path); err != nil || string(got) != tc.text {
			t.Errorf("%s holds %q (%v), want %q", tc.rel, got, err, tc.text)
		}
		a, err1 := os.Lstat(path)
		b, err2 := os.Lstat(oldPath)
		if linked := err1 == nil && err2 == nil && os.SameFile(a, b); linked != tc.linked {
			t.Errorf("%s: linked from the old folder %v, want %v", tc.rel, linked, tc.linked)
		}
	}
	if second.Known() != 2 {
		t.Errorf("%d files known unchanged without reading, want 2", second.Known())
	}
	// The new manifest lists every file written, each as it now is.
	if second.Len() != 7 {
		t.Errorf("the new manifest lists %d files, want 7", second.Len())
	}
	if err := second.Save(file, "site 2"); err != nil {
		t.Fatal(err)
	}
	third, err := LoadManifest(file, "site 2")
	if err != nil {
		t.Fatal(err)
	}
	for rel, e := range third.old.all() {
		path := filepath.Join(root, filepath.FromSlash(rel))
		data, _ := os.ReadFile(path)
		info, err := os.Lstat(path)
		if err != nil || entryOf(info, checksum(data), e.made) != e {
			t.Errorf("%s: the manifest's entry does not match the file", rel)
		}
	}
}

// TestDamagedManifestIsEmpty: a manifest cut short, or with any byte
// changed, is read as an empty one (with an error), never as a list that
// could link a wrong file, and reading it never fails otherwise.
func TestDamagedManifestIsEmpty(t *testing.T) {
	dir := t.TempDir()
	m := NewManifest()
	f := Folder{Root: dir, New: true, Manifest: m}
	for _, name := range []string{"a.json", "b.json"} {
		if err := f.Write(filepath.Join(dir, name), []byte(name)); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(t.TempDir(), "manifest")
	if err := m.Save(file, "site"); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(good) {
		if entries, err := parseManifest(good[:n], "site"); err == nil {
			t.Errorf("a manifest cut to %d of %d bytes was read (%d files)", n, len(good), entries.len())
		}
	}
	if _, err := parseManifest(append(bytes.Clone(good), 0), "site"); err == nil {
		t.Error("a manifest with a byte more was read")
	}
	if m, err := LoadManifest(filepath.Join(dir, "missing"), "site"); err != nil || m.old.len() != 0 {
		t.Errorf("a missing manifest: %d files, error %v", m.old.len(), err)
	}
}

// FuzzParseManifest: no input crashes the reader or makes it allocate
// beyond what the input could hold, and what it reads, saved again, reads
// back the same.
func FuzzParseManifest(f *testing.F) {
	m := NewManifest()
	m.add("a.json", fileEntry{sum: checksum([]byte("a")), ino: 7, size: 1, mtime: 1e18})
	var b bytes.Buffer
	file := filepath.Join(f.TempDir(), "manifest")
	if err := m.Save(file, "site"); err != nil {
		f.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	b.Write(data)
	f.Add(b.Bytes())
	f.Add([]byte(manifestMagic))
	f.Add([]byte(manifestMagic + "\x04site\xff\xff\xff\xff\x0f"))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := parseManifest(data, "site")
		if err != nil {
			return
		}
		again := &Manifest{now: entries}
		file := filepath.Join(t.TempDir(), "manifest")
		if err := again.Save(file, "site"); err != nil {
			t.Fatal(err)
		}
		saved, _ := os.ReadFile(file)
		back, err := parseManifest(saved, "site")
		if err != nil || back.len() != entries.len() {
			t.Fatalf("saved again, it reads back %d entries (%v), want %d", back.len(), err, entries.len())
		}
		for rel, e := range entries.all() {
			if got, _ := back.get(rel); got != e {
				t.Fatalf("%q reads back as %v, want %v", rel, got, e)
			}
		}
	})
}

// TestReuseByKey: a file written with the key of what it was made from is
// linked by the next build that asks for the same key, still listed
// under that key for the build after; another key, no key, or a file
// changed since, is not reused.
func TestReuseByKey(t *testing.T) {
	old, root, cache := t.TempDir(), t.TempDir(), t.TempDir()
	keyA, keyB := NewKey(sha256.Sum256([]byte("a"))), NewKey(sha256.Sum256([]byte("b")))
	first := NewManifest()
	f := Folder{Root: old, New: true, Manifest: first}
	for name, made := range map[string]Key{"a.json": keyA, "b.json": keyB, "plain.json": {}, "edited.json": keyA} {
		if err := f.WriteMade(filepath.Join(old, name), made, []byte(name)); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(cache, "manifest")
	if err := first.Save(file, "site"); err != nil {
		t.Fatal(err)
	}
	edited := filepath.Join(old, "edited.json")
	later := time.Now().Add(time.Hour)
	if err := os.WriteFile(edited, []byte("EDITED.JSON"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(edited, later, later); err != nil {
		t.Fatal(err)
	}
	second, err := LoadManifest(file, "site")
	if err != nil {
		t.Fatal(err)
	}
	g := Folder{Root: root, Old: old, New: true, Manifest: second}
	for _, tc := range []struct {
		name string
		made Key
		want bool
	}{
		{"a.json", keyA, true},
		{"b.json", keyA, false},
		{"plain.json", Key{}, false},
		{"edited.json", keyA, false},
		{"missing.json", keyA, false},
	} {
		size, ok := g.Reuse(filepath.Join(root, tc.name), tc.made)
		if ok != tc.want {
			t.Errorf("%s: reused %v, want %v", tc.name, ok, tc.want)
			continue
		}
		if !ok {
			if _, err := os.Lstat(filepath.Join(root, tc.name)); err == nil {
				t.Errorf("%s: not reused, but a file is there", tc.name)
			}
			continue
		}
		a, _ := os.Lstat(filepath.Join(root, tc.name))
		b, _ := os.Lstat(filepath.Join(old, tc.name))
		if !os.SameFile(a, b) || size != int64(len(tc.name)) {
			t.Errorf("%s: not linked from the old folder, or size %d", tc.name, size)
		}
	}
	if err := second.Save(file, "site 2"); err != nil {
		t.Fatal(err)
	}
	third, err := LoadManifest(file, "site 2")
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := third.old.get("a.json"); e.made != keyA {
		t.Error("a reused file is not listed under its key for the next build")
	}
}

// TestEntryIsOfTheFileWritten: the manifest's entry for a file describes
// the file its writer made, even when another writer replaces it before
// the entry is noted, so the next build reads the file instead of
// trusting a checksum that is not its own.
func TestEntryIsOfTheFileWritten(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "doc.json")
	for _, fresh := range []bool{true, false} {
		f := Folder{Root: dir, New: fresh}
		mine, err := f.writeHere(path, []byte("AAAA"))
		if err != nil {
			t.Fatal(err)
		}
		if err := Write(path, []byte("BBBB")); err != nil { // another writer, same size
			t.Fatal(err)
		}
		now, err := os.Lstat(path)
		if err != nil {
			t.Fatal(err)
		}
		if entryOf(mine, checksum([]byte("AAAA")), Key{}) == entryOf(now, checksum([]byte("AAAA")), Key{}) {
			t.Errorf("new folder %v: the entry of the file written matches the file that replaced it", fresh)
		}
		os.Remove(path)
	}
}
