package atomicfile

import (
	"fmt"
	"hash/maphash"
	"runtime"
	"testing"
)

// TestEntryTable: entries are found by their paths, a path put again
// keeps one entry with the new value, and two paths with one hash (made
// here by hand, as 64-bit hashes do not collide in a test) are both kept.
func TestEntryTable(t *testing.T) {
	table := newEntryTable(0)
	for i := range 1000 {
		table.put(fmt.Sprintf("listings/%d/index.html", i), fileEntry{size: int64(i)})
	}
	table.put("listings/7/index.html", fileEntry{size: 70})
	if table.len() != 1000 {
		t.Errorf("%d entries, want 1000", table.len())
	}
	for i := range 1000 {
		want := int64(i)
		if i == 7 {
			want = 70
		}
		e, ok := table.get(fmt.Sprintf("listings/%d/index.html", i))
		if !ok || e.size != want {
			t.Errorf("listing %d: %v %v, want size %d", i, e, ok, want)
		}
	}
	if _, ok := table.get("listings/1000/index.html"); ok {
		t.Error("a path never put was found")
	}

	// "b" is given the hash "a" has, as if they collided.
	table.index[maphash.String(table.seed, "b")] = table.find("listings/1/index.html")
	table.put("b", fileEntry{size: -1})
	table.put("b", fileEntry{size: -2})
	if e, ok := table.get("b"); !ok || e.size != -2 || len(table.spill) != 1 || table.len() != 1001 {
		t.Errorf("a path whose hash was taken: %v %v (spill %v, %d entries)", e, ok, table.spill, table.len())
	}
	// "c" is given that hash too, and never put.
	table.index[maphash.String(table.seed, "c")] = table.find("listings/1/index.html")
	if e, ok := table.get("c"); ok {
		t.Errorf("a path never put, whose hash was taken, was found: %v", e)
	}
	if e, ok := table.get("listings/1/index.html"); !ok || e.size != 1 {
		t.Errorf("the path whose hash was taken first: %v %v", e, ok)
	}

	var none *entryTable
	if _, ok := none.get("b"); ok {
		t.Error("a nil table has an entry")
	}

	paths, entries := table.snapshot()
	table.put("listings/2/index.html", fileEntry{size: 2000})
	sortByPath(paths, entries)
	if got := string(paths[entries[0].pathAt : entries[0].pathAt+entries[0].pathLen]); got != "b" {
		t.Errorf("the first path in order is %q, want b", got)
	}
	for _, e := range entries {
		if e.size == 2000 {
			t.Error("a snapshot changed with the table")
		}
	}
}

// BenchmarkCollectorWithManifest is what one collection costs with a
// million-file manifest alive (a 100,000-listing build), as a table and
// as the map of strings it replaced.
func BenchmarkCollectorWithManifest(b *testing.B) {
	const files = 1_000_000
	path := func(i int) string { return fmt.Sprintf("listings/l%07d/calendar.ics", i) }
	b.Run("table", func(b *testing.B) {
		table := newEntryTable(0)
		for i := range files {
			table.put(path(i), fileEntry{size: int64(i)})
		}
		for b.Loop() {
			runtime.GC()
		}
		runtime.KeepAlive(table)
	})
	b.Run("map", func(b *testing.B) {
		m := map[string]fileEntry{}
		for i := range files {
			m[path(i)] = fileEntry{size: int64(i)}
		}
		for b.Loop() {
			runtime.GC()
		}
		runtime.KeepAlive(m)
	})
}
