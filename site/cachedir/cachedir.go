// Package cachedir keeps the folders where builds leave work for the next
// build (search analyses, file manifests) from growing without end.
package cachedir

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Prune removes all but the keep newest files in dir whose names end in
// suffix. What cannot be removed is left: a cache only saves time.
func Prune(dir, suffix string, keep int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type kept struct {
		name string
		mod  int64
	}
	var files []kept
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), suffix) || !e.Type().IsRegular() {
			continue
		}
		if info, err := e.Info(); err == nil {
			files = append(files, kept{e.Name(), info.ModTime().UnixNano()})
		}
	}
	slices.SortFunc(files, func(a, b kept) int { return cmp.Compare(b.mod, a.mod) })
	for _, f := range files[min(keep, len(files)):] {
		os.Remove(filepath.Join(dir, f.name))
	}
}
