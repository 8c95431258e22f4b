package cachedir

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestPruneKeepsTheNewest: of five files with the suffix, the two newest
// stay; files with other names and folders are left alone.
func TestPruneKeepsTheNewest(t *testing.T) {
	dir := t.TempDir()
	start := time.Now().Add(-time.Hour)
	for i, name := range []string{"a.dict", "b.dict", "c.dict", "d.dict", "e.dict", "other.txt"} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		at := start.Add(time.Duration(i) * time.Minute)
		if err := os.Chtimes(path, at, at); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "old.dict"), 0o755); err != nil {
		t.Fatal(err)
	}
	Prune(dir, ".dict", 2)
	entries, _ := os.ReadDir(dir)
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if want := []string{"d.dict", "e.dict", "old.dict", "other.txt"}; !slices.Equal(left, want) {
		t.Errorf("left %v, want %v", left, want)
	}
	Prune(filepath.Join(dir, "missing"), ".dict", 2) // no folder: nothing to do
}
