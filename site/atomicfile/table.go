package atomicfile

import (
	"bytes"
	"hash/maphash"
	"iter"
	"slices"
)

// entryTable maps slash paths to file entries without a pointer per
// entry: the paths lie end to end in one byte slice, the entries in
// another slice, and the index maps a hash of the path to the entry's
// place. A map[string]fileEntry holds a string per file that the
// collector traces on every cycle, the whole build long: with a million
// files alive, one collection took 57-86 ms against 0.9-4.4 ms for this
// table (BenchmarkCollectorWithManifest). Memory is another matter: the
// table is no smaller, which is why the largest builds keep no manifest
// (site.ManifestUpTo).
//
// An entryTable is not safe for use by several goroutines at once.
type entryTable struct {
	seed    maphash.Seed
	paths   []byte
	entries []tableEntry
	index   map[uint64]int
	// spill holds the paths whose hash an earlier path already had; with
	// 64-bit hashes under a random seed, it stays empty but for bad luck.
	spill map[string]int
}

// tableEntry is one entry of an entryTable, with where its path lies in
// the table's paths.
type tableEntry struct {
	fileEntry
	pathAt, pathLen int
}

// newEntryTable returns an empty table with room for about n entries.
func newEntryTable(n int) *entryTable {
	n = min(max(n, 0), 1<<16)
	return &entryTable{
		seed:    maphash.MakeSeed(),
		entries: make([]tableEntry, 0, n),
		index:   make(map[uint64]int, n),
	}
}

func (t *entryTable) len() int { return len(t.entries) }

func (t *entryTable) path(e *tableEntry) []byte {
	return t.paths[e.pathAt : e.pathAt+e.pathLen]
}

// find gives the place of the entry for rel, or -1.
func (t *entryTable) find(rel string) int {
	if t == nil {
		return -1
	}
	i, ok := t.index[maphash.String(t.seed, rel)]
	if !ok {
		return -1
	}
	if string(t.path(&t.entries[i])) == rel {
		return i
	}
	if i, ok := t.spill[rel]; ok {
		return i
	}
	return -1
}

// get gives the entry for rel, if there is one (none in a nil table).
func (t *entryTable) get(rel string) (fileEntry, bool) {
	i := t.find(rel)
	if i < 0 {
		return fileEntry{}, false
	}
	return t.entries[i].fileEntry, true
}

// put makes e the entry for rel, in place of any it had.
func (t *entryTable) put(rel string, e fileEntry) {
	if i := t.find(rel); i >= 0 {
		t.entries[i].fileEntry = e
		return
	}
	i := len(t.entries)
	t.entries = append(t.entries, tableEntry{fileEntry: e, pathAt: len(t.paths), pathLen: len(rel)})
	t.paths = append(t.paths, rel...)
	h := maphash.String(t.seed, rel)
	if _, taken := t.index[h]; !taken {
		t.index[h] = i
		return
	}
	if t.spill == nil {
		t.spill = map[string]int{}
	}
	t.spill[rel] = i
}

// all gives each path and its entry, in the order they were first put.
func (t *entryTable) all() iter.Seq2[string, fileEntry] {
	return func(yield func(string, fileEntry) bool) {
		for i := range t.entries {
			if !yield(string(t.path(&t.entries[i])), t.entries[i].fileEntry) {
				return
			}
		}
	}
}

// snapshot gives the table's paths and entries as they are now: paths
// are only ever appended, so the bytes up to their length stay as they
// are, but put changes entries in place, so they are copied.
func (t *entryTable) snapshot() ([]byte, []tableEntry) {
	return t.paths[:len(t.paths):len(t.paths)], slices.Clone(t.entries)
}

// sortByPath puts entries, whose paths lie in paths, in the order of
// their paths.
func sortByPath(paths []byte, entries []tableEntry) {
	slices.SortFunc(entries, func(a, b tableEntry) int {
		return bytes.Compare(paths[a.pathAt:a.pathAt+a.pathLen], paths[b.pathAt:b.pathAt+b.pathLen])
	})
}
