package atomicfile

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/signpost-directory/signpost/site/regularfile"
)

// A Manifest lists the files a build wrote through a Folder, each with the
// checksum of its bytes and what tells the file apart on the disk (its
// inode, size and modification time). The next build, given the manifest
// of the site it replaces, knows without reading a file whether the old
// site already has the bytes it is about to write: the checksums say
// whether the bytes are the same, and an unchanged inode, size and time
// say that the old file is still the one that was written. Comparing by
// reading cost a warm 10,000-listing build about 3 s of CPU, for some
// 90,000 files, nearly all unchanged.
//
// A Manifest is safe for use by several writers at once.
type Manifest struct {
	// old describes the site being replaced, by slash path; it is only
	// read once loaded.
	old *entryTable

	mu  sync.Mutex
	now *entryTable // the files written so far, by slash path
	// known counts the files found unchanged without reading them.
	known int
}

// fileEntry is one file of a manifest.
type fileEntry struct {
	sum [sumSize]byte
	// made is the key of what the file was made from, when its writer
	// gave one (see Folder.WriteMade); zero otherwise.
	made  Key
	ino   uint64
	size  int64
	mtime int64 // nanoseconds since 1970
}

// A Key names everything a file is made from (a listing, and what its
// documents read of the rest of the directory and of the program), so
// that a file the last build made from the same is known to be the same
// without being made again: the writer hashes the inputs, which is
// cheaper than making the file. The zero Key names nothing.
type Key [sumSize]byte

// NewKey is the Key of inputs hashed with SHA-256.
func NewKey(sum [sha256.Size]byte) Key { return Key(sum[:sumSize]) }

// sumSize is how many bytes of the file's SHA-256 a manifest keeps:
// collisions need about 2^64 tries, which no contributor can make.
const sumSize = 16

func checksum(data []byte) [sumSize]byte {
	full := sha256.Sum256(data)
	return [sumSize]byte(full[:sumSize])
}

// NewManifest returns a Manifest that knows nothing of an older site.
func NewManifest() *Manifest {
	return &Manifest{old: newEntryTable(0), now: newEntryTable(0)}
}

// manifestMagic starts a manifest file; the number goes up when the
// format changes, and a file of another format is not read.
const manifestMagic = "signpost manifest 2\n"

// Most a manifest may hold; a longer file is not one this program wrote.
const (
	maxManifestPath = 4096
	maxManifestSize = 256 << 20 // a build of 25,000 listings keeps about 25 MB
)

// LoadManifest reads the manifest Save wrote in file for site, a name that
// stands for one build of one folder (signpost build uses the folder and
// an id it writes into the site). A manifest that is missing, unreadable,
// damaged or another site's only costs time, so it gives an empty
// Manifest, and the error for those who want to say why.
func LoadManifest(file, site string) (*Manifest, error) {
	m := NewManifest()
	data, err := regularfile.ReadAll(file, maxManifestSize)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			err = nil
		}
		return m, err
	}
	old, err := parseManifest(data, site)
	if err != nil {
		return m, fmt.Errorf("manifest %s: %w", file, err)
	}
	m.old = old
	return m, nil
}

var errDamaged = errors.New("damaged or of another version")

func parseManifest(data []byte, site string) (*entryTable, error) {
	r := bytes.NewReader(data)
	magic := make([]byte, len(manifestMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != manifestMagic {
		return nil, errDamaged
	}
	text := func() (string, error) {
		n, err := binary.ReadUvarint(r)
		if err != nil || n > maxManifestPath || n > uint64(r.Len()) {
			return "", errDamaged
		}
		b := make([]byte, n)
		io.ReadFull(r, b)
		return string(b), nil
	}
	written, err := text()
	if err != nil {
		return nil, err
	}
	if written != site {
		return nil, fmt.Errorf("written for %q, not %q", written, site)
	}
	count, err := binary.ReadUvarint(r)
	// Every entry takes more than 2*sumSize bytes.
	if err != nil || count > uint64(r.Len()/(2*sumSize)) {
		return nil, errDamaged
	}
	entries := newEntryTable(int(min(count, 1<<16)))
	for range count {
		rel, err := text()
		if err != nil {
			return nil, err
		}
		var e fileEntry
		if _, err := io.ReadFull(r, e.sum[:]); err != nil {
			return nil, errDamaged
		}
		if _, err := io.ReadFull(r, e.made[:]); err != nil {
			return nil, errDamaged
		}
		ino, err1 := binary.ReadUvarint(r)
		size, err2 := binary.ReadVarint(r)
		mtime, err3 := binary.ReadVarint(r)
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, errDamaged
		}
		e.ino, e.size, e.mtime = ino, size, mtime
		entries.put(rel, e)
	}
	if r.Len() != 0 {
		return nil, errDamaged
	}
	return entries, nil
}

// Save writes to file, whole or not at all, the files written since the
// Manifest was made or loaded, as the manifest of site (see LoadManifest):
// the folder they were written into, once it is published.
func (m *Manifest) Save(file, site string) error {
	m.mu.Lock()
	paths, entries := m.now.snapshot()
	m.mu.Unlock()
	sortByPath(paths, entries)
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	w.WriteString(manifestMagic)
	text := func(s []byte) {
		w.Write(binary.AppendUvarint(nil, uint64(len(s))))
		w.Write(s)
	}
	text([]byte(site))
	w.Write(binary.AppendUvarint(nil, uint64(len(entries))))
	var num []byte
	for _, e := range entries {
		text(paths[e.pathAt : e.pathAt+e.pathLen])
		w.Write(e.sum[:])
		w.Write(e.made[:])
		num = binary.AppendUvarint(num[:0], e.ino)
		num = binary.AppendVarint(num, e.size)
		num = binary.AppendVarint(num, e.mtime)
		w.Write(num)
	}
	w.Flush()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return Write(file, b.Bytes())
}

// Len is how many files have been written into the manifest so far.
func (m *Manifest) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.now.len()
}

// verdict is what a manifest knows of an old file.
type verdict int

const (
	unknown verdict = iota // not listed, or changed since it was written
	same                   // listed with these bytes, and still that file
	differs                // listed with other bytes, and still that file
)

// lookup says whether the old site's file at rel, whose path is old, holds
// bytes with the checksum sum, and gives its entry.
func (m *Manifest) lookup(rel string, sum [sumSize]byte, old string) (fileEntry, verdict) {
	e, ok := m.intact(rel, old)
	switch {
	case !ok:
		return e, unknown
	case e.sum != sum:
		return e, differs
	}
	return e, same
}

// intact gives the entry of the old site's file at rel, whose path is old,
// when the manifest lists it and it is still the file written.
func (m *Manifest) intact(rel, old string) (fileEntry, bool) {
	e, ok := m.old.get(rel)
	if !ok {
		return e, false
	}
	info, err := os.Lstat(old)
	if err != nil || !info.Mode().IsRegular() || entryOf(info, e.sum, e.made) != e {
		return e, false
	}
	return e, true
}

// add notes that the file at slash path rel is now e.
func (m *Manifest) add(rel string, e fileEntry) {
	m.mu.Lock()
	m.now.put(rel, e)
	m.mu.Unlock()
}

// addKnown notes that the file at rel is the old site's e, found
// unchanged by its checksum.
func (m *Manifest) addKnown(rel string, e fileEntry) {
	m.mu.Lock()
	m.now.put(rel, e)
	m.known++
	m.mu.Unlock()
}

// Known is how many files were found unchanged by their checksums, without
// being read.
func (m *Manifest) Known() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.known
}

// Identity names the file at path as it is now, by its inode, size and
// modification time: a file written again, or replaced, gets another.
func Identity(path string) (string, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return "", err
	}
	e := entryOf(info, [sumSize]byte{}, Key{})
	return fmt.Sprintf("%d %d %d", e.ino, e.size, e.mtime), nil
}

func entryOf(info fs.FileInfo, sum [sumSize]byte, made Key) fileEntry {
	return fileEntry{sum: sum, made: made, ino: inode(info), size: info.Size(), mtime: info.ModTime().UnixNano()}
}
