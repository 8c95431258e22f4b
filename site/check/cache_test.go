package check_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/load"
)

// onDisk writes files into a new content folder and returns its path.
func onDisk(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// checkerOf returns a function that checks the folder dir again with the
// same Checker, as the preview does after each save, and fails the test on
// any error.
func checkerOf(t *testing.T, dir string) func() *content.Directory {
	ck, err := check.New()
	if err != nil {
		t.Fatal(err)
	}
	return func() *content.Directory {
		t.Helper()
		folder, err := load.Scan(os.DirFS(dir), "content")
		if err != nil {
			t.Fatal(err)
		}
		d, msgs := ck.Run(context.Background(), folder, check.Options{Today: today})
		if msgs.HasErrors() {
			t.Fatalf("findings:\n%s", render(msgs))
		}
		return d
	}
}

// TestCheckedDirectoryIsNeverChangedAfterwards checks twice with the same
// Checker, as the live preview does, while the first run's Directory is
// still being read (the preview writes the feeds from it in the background):
// the second run must not change anything the first one handed back. Run it
// with -race too.
func TestCheckedDirectoryIsNeverChangedAfterwards(t *testing.T) {
	files := base()
	files["listings/walk.uk.md"] = "---\ntitle: Прогулянка\nsummary: Спокійна прогулянка.\n---\nРівна прогулянка.\n"
	dir := onDisk(t, files)
	checkDir := checkerOf(t, dir)
	title := func(d *content.Directory) string {
		if tr := d.Listing("walk").Translations["uk"]; tr != nil {
			return tr.Title
		}
		return ""
	}

	first := checkDir()
	// A reader of the first run, as the preview's background writer is.
	stop, reading := make(chan struct{}), make(chan struct{})
	var reader sync.WaitGroup
	reader.Add(1)
	go func() {
		defer reader.Done()
		for i := 0; ; i++ {
			if i == 1 {
				close(reading)
			}
			select {
			case <-stop:
				return
			default:
			}
			for _, l := range first.Listings {
				for _, tr := range l.Translations {
					_ = tr.Title
				}
			}
		}
	}()
	<-reading
	os.WriteFile(filepath.Join(dir, "listings", "walk.uk.md"),
		[]byte("---\ntitle: Прогулянка річкою\nsummary: Спокійна прогулянка.\n---\nРівна прогулянка.\n"), 0o644)
	second := checkDir()
	close(stop)
	reader.Wait()

	if got := title(first); got != "Прогулянка" {
		t.Errorf("the second run changed the first run's translation: %q", got)
	}
	if got := title(second); got != "Прогулянка річкою" {
		t.Errorf("the second run's translation is %q", got)
	}

	// Listings whose files did not change come back as the same values, so
	// that the preview's page memo can tell they did not change.
	third := checkDir()
	for _, l := range second.Listings {
		if third.Listing(l.ID) != l {
			t.Errorf("listing %s: a new value although nothing changed", l.ID)
		}
	}
}

// TestPostcodesAreCheckedAgainOnlyWhenChanged checks a folder on disk
// twice, as the preview does after each save: postcodes.csv, which can take
// a second to check, is read again only when it changed.
func TestPostcodesAreCheckedAgainOnlyWhenChanged(t *testing.T) {
	files := base()
	files["postcodes.csv"] = "postcode,lat,lon\nTV1 2AB,52.6,-1.9\n"
	dir := onDisk(t, files)
	csv := filepath.Join(dir, "postcodes.csv")
	long := time.Now().Add(-time.Minute)
	os.Chtimes(csv, long, long)
	checkDir := checkerOf(t, dir)
	first, again := checkDir(), checkDir()
	if len(first.Postcodes) != 1 || &first.Postcodes[0] != &again.Postcodes[0] {
		t.Errorf("an unchanged postcodes.csv was checked again: %v %v", first.Postcodes, again.Postcodes)
	}
	os.WriteFile(csv, []byte("postcode,lat,lon\nTV1 2AB,52.6,-1.9\nTV1 2AC,52.6,-1.9\n"), 0o644)
	os.Chtimes(csv, long, long.Add(time.Second))
	if edited := checkDir(); len(edited.Postcodes) != 2 {
		t.Errorf("after an edit, postcodes = %v", edited.Postcodes)
	}
}
