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
