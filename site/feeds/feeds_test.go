package feeds_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/feeds"
	"github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/schedule"
	"github.com/signpost-directory/signpost/site/synth"
)

// today is the day the sample is checked on; the feeds do not depend on it.
var today = schedule.Date{Year: 2026, Month: 11, Day: 21}

// checkDir checks a content folder and fails the test on any error.
func checkDir(t testing.TB, dir string) *content.Directory {
	t.Helper()
	checker, err := check.New()
	if err != nil {
		t.Fatal(err)
	}
	folder, err := load.Scan(os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	d, msgs := checker.Run(context.Background(), folder, check.Options{Today: today})
	if msgs.HasErrors() {
		t.Fatalf("%s does not check cleanly:\n%v", dir, msgs)
	}
	return d
}

var sampleOnce struct {
	sync.Once
	d *content.Directory
}

// sample is the bundled sample directory, checked once per test binary.
// Tests must not change it.
func sample(t testing.TB) *content.Directory {
	t.Helper()
	sampleOnce.Do(func() { sampleOnce.d = checkDir(t, "../../content") })
	if sampleOnce.d == nil {
		t.Fatal("the sample directory could not be checked")
	}
	return sampleOnce.d
}

var writtenOnce struct {
	sync.Once
	dir string
	err error
}

// written is the output of Write for the sample, made once per test binary.
func written(t testing.TB) string {
	t.Helper()
	d := sample(t)
	writtenOnce.Do(func() {
		dir, err := os.MkdirTemp("", "signpost-feeds-")
		if err == nil {
			_, err = feeds.Write(context.Background(), d, dir, feeds.Options{})
		}
		writtenOnce.dir, writtenOnce.err = dir, err
	})
	if writtenOnce.err != nil {
		t.Fatal(writtenOnce.err)
	}
	return writtenOnce.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if writtenOnce.dir != "" {
		os.RemoveAll(writtenOnce.dir)
	}
	os.Exit(code)
}

func readFile(t testing.TB, dir, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// readOptional reads a file that may not be there.
func readOptional(dir, rel string) ([]byte, error) {
	return os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
}

// writeFeeds runs Write with default options.
func writeFeeds(t testing.TB, d *content.Directory, dir string) (feeds.Stats, error) {
	t.Helper()
	return feeds.Write(context.Background(), d, dir, feeds.Options{})
}

func itoa(i int) string { return strconv.Itoa(i) }

// tree reads every file under dir, by slash path.
func tree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		data, err := os.ReadFile(path)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestWriteFiles(t *testing.T) {
	d := sample(t)
	dir := t.TempDir()
	stats, err := feeds.Write(context.Background(), d, dir, feeds.Options{})
	if err != nil {
		t.Fatal(err)
	}
	files := tree(t, dir)
	var total int64
	for _, data := range files {
		total += int64(len(data))
	}
	if stats.Files != len(files) || stats.Bytes != total {
		t.Errorf("Stats = %+v, but the folder holds %d files of %d bytes", stats, len(files), total)
	}
	for _, want := range []string{"feed.json", "calendar.ics", "directory.json", "api/hsds/index.json",
		"api/hsds/services.json", "api/hsds/organizations.json", "api/hsds/service_at_locations.json",
		"api/hsds/taxonomies.json", "api/hsds/taxonomy_terms.json", "fhir/bundle.json",
		"listings/riverside-walking-group/calendar.ics"} {
		if files[want] == nil {
			t.Errorf("%s was not written", want)
		}
	}
	// Every document with an id is also at the path without .json, byte for
	// byte; the first page of each list is also <kind>/page-1.json.
	for path, data := range files {
		base, ok := strings.CutSuffix(path, ".json")
		if !ok || !strings.HasPrefix(path, "api/hsds/") {
			continue
		}
		if strings.Count(path, "/") == 2 && path != "api/hsds/index.json" {
			if first := base + "/page-1.json"; !bytes.Equal(files[first], data) {
				t.Errorf("%s has no identical copy at %s", path, first)
			}
			continue
		}
		if strings.Count(path, "/") < 3 || strings.Contains(path, "/page-") {
			continue
		}
		if !bytes.Equal(files[base], data) {
			t.Errorf("%s has no identical copy at %s", path, base)
		}
	}
	// By-appointment-only listings get no calendar; others do.
	for _, l := range d.Listings {
		_, has := files["listings/"+l.ID+"/calendar.ics"]
		appointments := !slices.ContainsFunc(l.Schedule, func(r schedule.Rule) bool { return r.Kind != schedule.ByAppointment })
		if has == appointments {
			t.Errorf("listing %s (by appointment only: %v) has a calendar: %v", l.ID, appointments, has)
		}
		if has != feeds.HasCalendar(d, l) {
			t.Errorf("HasCalendar(%s) = %v, but the calendar was written: %v", l.ID, !has, has)
		}
	}
}

// TestDeterministic writes the feeds twice, at different times and with
// different clocks, and expects the same bytes.
func TestDeterministic(t *testing.T) {
	d := sample(t)
	a, b := t.TempDir(), t.TempDir()
	if _, err := feeds.Write(context.Background(), d, a, feeds.Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if _, err := feeds.Write(context.Background(), d, b, feeds.Options{Now: time.Date(2031, 7, 9, 12, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	ta, tb := tree(t, a), tree(t, b)
	if len(ta) != len(tb) {
		t.Fatalf("%d files, then %d", len(ta), len(tb))
	}
	for path, data := range ta {
		if !bytes.Equal(data, tb[path]) {
			t.Errorf("%s differs between two runs", path)
		}
	}
}

func TestWriteError(t *testing.T) {
	dir := t.TempDir()
	// A file where the HSDS folder should be.
	if err := os.WriteFile(filepath.Join(dir, "api"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := feeds.Write(context.Background(), sample(t), dir, feeds.Options{})
	if err == nil || !strings.Contains(err.Error(), "api/hsds/") {
		t.Errorf("Write = %v, want an error naming the file it could not write", err)
	}
}

func TestWriteCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := feeds.Write(ctx, sample(t), t.TempDir(), feeds.Options{}); err == nil {
		t.Error("Write with a cancelled context succeeded")
	}
}

// BenchmarkWrite times Write for generated directories of 1,000, 10,000
// and 100,000 listings (checking them is not timed), and reports the sizes
// of the two files that hold every listing whole: directory.json and
// calendar.ics.
func BenchmarkWrite(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src := b.TempDir()
			if err := synth.Write(src, n); err != nil {
				b.Fatal(err)
			}
			d := checkDir(b, src)
			var stats feeds.Stats
			var out string
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				var err error
				out, err = os.MkdirTemp(b.TempDir(), "out-")
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				stats, err = feeds.Write(context.Background(), d, out, feeds.Options{})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(stats.Files), "files")
			b.ReportMetric(float64(stats.Bytes)/1e6, "MB")
			for unit, name := range map[string]string{"directory-MB": "directory.json", "calendar-MB": "calendar.ics"} {
				if info, err := os.Stat(filepath.Join(out, name)); err == nil {
					b.ReportMetric(float64(info.Size())/1e6, unit)
				}
			}
		})
	}
}

// TestRecordRewritesOnlyWhatChanged writes the feeds of a copy of the
// sample, edits one listing and removes another, and writes again into the
// same folder with the same Record, as the live preview does. The folder
// must then hold exactly what a fresh Write makes, and files whose bytes
// did not change must not have been written again.
func TestRecordRewritesOnlyWhatChanged(t *testing.T) {
	src := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(src, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	out, fresh := t.TempDir(), t.TempDir()
	record := feeds.NewRecord()
	if _, err := feeds.Write(context.Background(), checkDir(t, src), out, feeds.Options{Record: record}); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for rel := range tree(t, out) {
		if err := os.Chtimes(filepath.Join(out, filepath.FromSlash(rel)), old, old); err != nil {
			t.Fatal(err)
		}
	}
	edited := filepath.Join(src, "listings", "riverside-walking-group.md")
	data := readFile(t, src, "listings/riverside-walking-group.md")
	if err := os.WriteFile(edited, bytes.Replace(data, []byte("title: Riverside Walking Group"), []byte("title: Riverside Rambles"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(src, "listings", "community-choir.md")); err != nil {
		t.Fatal(err)
	}
	d := checkDir(t, src)
	if _, err := feeds.Write(context.Background(), d, out, feeds.Options{Record: record}); err != nil {
		t.Fatal(err)
	}
	if _, err := feeds.Write(context.Background(), d, fresh, feeds.Options{}); err != nil {
		t.Fatal(err)
	}
	got, want := tree(t, out), tree(t, fresh)
	for rel, data := range want {
		if !bytes.Equal(got[rel], data) {
			t.Errorf("%s differs from a fresh Write", rel)
		}
	}
	for rel := range got {
		if _, ok := want[rel]; !ok {
			t.Errorf("%s is left over from the first Write", rel)
		}
	}
	changed, kept := 0, 0
	for rel := range got {
		info, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		if info.ModTime().Equal(old) {
			kept++
		} else {
			changed++
		}
	}
	// The edited listing's documents and calendar, and the lists holding
	// it, are written again; the other listings' documents are not.
	if kept < len(got)/2 || changed == 0 {
		t.Errorf("%d files written again and %d kept, of %d", changed, kept, len(got))
	}
	for _, rel := range []string{"listings/community-choir/calendar.ics", "listings/riverside-walking-group/calendar.ics"} {
		_, inFresh := want[rel]
		_, inOut := got[rel]
		if rel == "listings/community-choir/calendar.ics" && inOut {
			t.Errorf("%s of the removed listing is still there", rel)
		}
		if rel == "listings/riverside-walking-group/calendar.ics" && (!inOut || !inFresh) {
			t.Errorf("%s is missing", rel)
		}
	}
	riverside, _ := os.Stat(filepath.Join(out, "listings", "riverside-walking-group", "calendar.ics"))
	if riverside != nil && riverside.ModTime().Equal(old) {
		t.Error("the edited listing's calendar was not written again")
	}
	t.Logf("%d files written again, %d kept", changed, kept)
}
