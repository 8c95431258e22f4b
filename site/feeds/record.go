package feeds

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// Record remembers what Write put in a folder: the checksum of every file
// and whether this Write made it again. It serves one Write at a time. A
// nil *Record remembers nothing.
type Record struct {
	mu   sync.Mutex
	dir  string
	sums map[string][sha256.Size]byte
	// made holds the files the current Write has made or found unchanged.
	made map[string]bool
}

// NewRecord returns an empty Record.
func NewRecord() *Record { return &Record{} }

// begin starts a Write into dir; a record of another folder is forgotten.
func (r *Record) begin(dir string) *Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.dir != dir || r.sums == nil {
		r.dir, r.sums = dir, map[string][sha256.Size]byte{}
	}
	r.made = map[string]bool{}
	return r
}

// unchanged reports whether rel already holds data, and counts it as made.
// The file must still be there: the preview deletes the folder of a page
// whose listing was removed, and the listing may come back before the
// feeds are written again.
func (r *Record) unchanged(rel string, data []byte) bool {
	if r == nil {
		return false
	}
	sum := sha256.Sum256(data)
	r.mu.Lock()
	prev, ok := r.sums[rel]
	r.mu.Unlock()
	if !ok || prev != sum {
		return false
	}
	if _, err := os.Stat(filepath.Join(r.dir, filepath.FromSlash(rel))); err != nil {
		return false
	}
	r.mu.Lock()
	r.made[rel] = true
	r.mu.Unlock()
	return true
}

// wrote notes that rel now holds data.
func (r *Record) wrote(rel string, data []byte) {
	if r == nil {
		return
	}
	sum := sha256.Sum256(data)
	r.mu.Lock()
	r.sums[rel], r.made[rel] = sum, true
	r.mu.Unlock()
}

// removeOthers deletes the files an earlier Write made and this one did
// not; it is called only after a Write that finished.
func (r *Record) removeOthers(dir string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for rel := range r.sums {
		if r.made[rel] {
			continue
		}
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(rel))); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("removing %s, which is no longer made: %w", rel, err)
		}
		delete(r.sums, rel)
	}
	return nil
}
