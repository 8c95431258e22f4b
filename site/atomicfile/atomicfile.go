// Package atomicfile replaces files in a folder that is being read: the
// live preview's web server serves the site while the preview rewrites the
// search index, sheets and feeds in it. A reader opening a file written
// here gets the old file or the new one, complete, and never finds it
// missing or empty: the new file is made under a temporary name in the
// same folder and renamed over the old one, which replaces it in one step.
package atomicfile

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/signpost-directory/signpost/site/regularfile"
)

// Write puts data in the file at path, which readers see whole or not at
// all. A failed Write leaves the old file as it was.
func Write(path string, data []byte) error {
	_, err := replace(path, bytes.NewReader(data))
	return err
}

// Link puts the file at src at path too: a hard link where the file system
// allows one (files linked this way must never be changed in place, only
// replaced), a copy otherwise. An old file at path stays until the new one
// replaces it.
func Link(src, path string) error {
	info, err := os.Stat(src)
	if err != nil {
		return err
	}
	if old, err := os.Stat(path); err == nil && os.SameFile(info, old) {
		return nil
	}
	tmp := tmpName(filepath.Dir(path))
	if err := os.Link(src, tmp); err != nil {
		in, err := os.Open(src)
		if err != nil {
			return err
		}
		defer in.Close()
		_, err = replace(path, in)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// replace writes what r reads to a temporary file next to path and renames
// it over path. It gives what the file was when written (a rename keeps
// it), not what is at path by the time it returns.
func replace(path string, r io.Reader) (fs.FileInfo, error) {
	tmp, f, err := create(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	_, err = io.Copy(f, r)
	var info fs.FileInfo
	if err == nil {
		info, err = f.Stat()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return nil, err
	}
	return info, nil
}

// create makes a new file under a temporary name in dir, with the mode
// os.WriteFile would give it.
func create(dir string) (string, *os.File, error) {
	// 64 random bits collide only when something else makes these names.
	for range 100 {
		name := tmpName(dir)
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if !os.IsExist(err) {
			return name, f, err
		}
	}
	return "", nil, fmt.Errorf("no free temporary name in %s", dir)
}

// tmpName is a name in dir for a file being made; the leading dot keeps it
// apart from the site's own names.
func tmpName(dir string) string {
	return filepath.Join(dir, fmt.Sprintf(".tmp-%016x", rand.Uint64()))
}

// A Folder is where an output writes its files: either a folder being read
// while it is written (the live preview's site), or, with Old set, a new
// folder that replaces Old once it is complete (a build's stage).
//
// A build writes tens of thousands of files that have not changed since
// the last one (feeds, baskets, the search index). A file about to be
// written with the bytes Old already has at the same place is linked from
// there instead: on the disks this was measured on, reading the old file
// and making a new name for it costs a fifth of making a new file.
type Folder struct {
	// Root is the folder written into.
	Root string
	// Old, when set, is the folder Root replaces when it is complete, and
	// Root is new: nobody reads it until then.
	Old string
	// New says Root is new and nobody reads it until it is complete (a
	// build's stage), whether or not there is an Old: files are written
	// straight to their names. The temporary name and rename that keep a
	// folder being read whole cost as much again as making the file (on
	// the disks this was measured on, 50 µs a file against 25 µs).
	New bool
	// Manifest, when set, lists the files of Old with their checksums,
	// and receives an entry for each file Write puts in Root, for the
	// next build: a file listed as unchanged is linked without being read.
	Manifest *Manifest
}

// fresh reports whether nobody reads Root while it is written.
func (f Folder) fresh() bool { return f.New || f.Old != "" }

// Write puts data in the file at path, inside f.Root: linked from f.Old
// when that has the same bytes at the same place, written otherwise (in a
// new folder straight to its name, else as Write does).
func (f Folder) Write(path string, data []byte) error {
	if f.Manifest != nil {
		return f.writeListed(path, data, Key{})
	}
	if old, ok := f.old(path); ok && sameBytes(old, data) {
		if err := os.Link(old, path); err == nil {
			return nil
		}
	}
	_, err := f.writeHere(path, data)
	return err
}

// writeHere writes data to path, in a new folder straight to its name,
// and gives what the file was when written.
func (f Folder) writeHere(path string, data []byte) (fs.FileInfo, error) {
	if f.fresh() {
		return writeNew(path, data)
	}
	return replace(path, bytes.NewReader(data))
}

// writeListed is Write with a Manifest, for data made from inputs with
// the key made (or the zero Key): the old file is read only when the
// manifest cannot tell whether it holds data.
func (f Folder) writeListed(path string, data []byte, made Key) error {
	sum := checksum(data)
	rel, ok := f.rel(path)
	if !ok {
		_, err := f.writeHere(path, data)
		return err
	}
	// Each entry describes the file this call put at path, not whatever
	// is there when it is noted: should two writers write one path, the
	// entry of the file replaced no longer matches what is there, and the
	// next build reads the file rather than trusting it.
	if old := f.oldAt(rel); old != "" {
		entry, verdict := f.Manifest.lookup(rel, sum, old)
		switch {
		case verdict == same && os.Link(old, path) == nil:
			entry.made = made
			f.Manifest.addKnown(rel, entry)
			return nil
		case verdict == unknown && sameBytes(old, data) && os.Link(old, path) == nil:
			// The old site is not written by this build: its file is
			// the one just linked.
			if info, err := os.Lstat(old); err == nil {
				f.Manifest.add(rel, entryOf(info, sum, made))
			}
			return nil
		}
	}
	info, err := f.writeHere(path, data)
	if err != nil {
		return err
	}
	f.Manifest.add(rel, entryOf(info, sum, made))
	return nil
}

// WriteMade is Write, for data made from inputs with the key made: with a
// Manifest, the next build can then find the file by its key with Reuse,
// without making it.
func (f Folder) WriteMade(path string, made Key, data []byte) error {
	if f.Manifest == nil {
		return f.Write(path, data)
	}
	return f.writeListed(path, data, made)
}

// Reuse puts at path, inside f.Root, the file f.Old has at the same place
// when the Manifest lists it as made from inputs with the key made, and
// it is still as written; it reports whether it did, and the file's size.
// The caller then need not make the file.
func (f Folder) Reuse(path string, made Key) (int64, bool) {
	if f.Manifest == nil || made == (Key{}) {
		return 0, false
	}
	rel, ok := f.rel(path)
	old := f.oldAt(rel)
	if !ok || old == "" {
		return 0, false
	}
	entry, ok := f.Manifest.intact(rel, old)
	if !ok || entry.made != made || os.Link(old, path) != nil {
		return 0, false
	}
	f.Manifest.addKnown(rel, entry)
	return entry.size, true
}

// rel is path relative to f.Root, with slashes, if it lies inside it.
func (f Folder) rel(path string) (string, bool) {
	rel, err := filepath.Rel(f.Root, path)
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// writeNew writes data to a new file at path. A file already there may be
// a link to one of Old's (or another name's) and must not be changed in
// place: it is replaced as Write does.
// It gives what the file was when written.
func writeNew(path string, data []byte) (fs.FileInfo, error) {
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if os.IsExist(err) {
		return replace(path, bytes.NewReader(data))
	}
	if err != nil {
		return nil, err
	}
	_, err = file.Write(data)
	var info fs.FileInfo
	if err == nil {
		info, err = file.Stat()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	return info, nil
}

// Link puts the file at src at path too, inside f.Root. In a new folder
// (see New) the link goes straight to its name; otherwise see Link.
func (f Folder) Link(src, path string) error {
	if f.fresh() {
		if info, err := os.Lstat(src); err == nil && info.Mode().IsRegular() && os.Link(src, path) == nil {
			return nil
		}
	}
	return Link(src, path)
}

// old is where f.Old has the file path would be in f.Root.
func (f Folder) old(path string) (string, bool) {
	rel, ok := f.rel(path)
	return f.oldAt(rel), ok && f.Old != ""
}

// oldAt is where f.Old has the file at the slash path rel, or "" when there
// is no Old.
func (f Folder) oldAt(rel string) string {
	if f.Old == "" {
		return ""
	}
	return filepath.Join(f.Old, filepath.FromSlash(rel))
}

// compareChunk is the most sameBytes reads at a time.
const compareChunk = 64 << 10

// sameBytes reports whether the regular file at path holds data. It reads
// the file a piece at a time into one small buffer, and stops at the first
// difference: most files a rebuild compares are unchanged, and reading
// each whole into a buffer of its own size (os.ReadFile, which also reads
// once more to find the end) cost a warm 10,000-listing build about 4 s of
// CPU, on files up to the tens of megabytes of directory.json.
func sameBytes(path string, data []byte) bool {
	// regularfile.Open refuses a link or special file as os.Lstat did
	// here, in two system calls where Lstat and os.Open made five.
	file, err := regularfile.Open(path)
	if err != nil {
		return false
	}
	defer file.Close()
	if file.Size() != int64(len(data)) {
		return false
	}
	// One byte more than is left, so that a read that comes back short
	// has found the end of the file without another call.
	buf := make([]byte, min(len(data)+1, compareChunk))
	for {
		n, err := file.Read(buf)
		if n > len(data) || !bytes.Equal(buf[:n], data[:n]) {
			return false
		}
		data = data[n:]
		switch {
		case err == io.EOF || (len(data) == 0 && n < len(buf)):
			return len(data) == 0
		case err != nil:
			return false
		}
	}
}
