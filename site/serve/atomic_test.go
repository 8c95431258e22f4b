package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestServedFilesAreNeverMissingOrPartial reads the feeds, sheets and search
// index over and over while saves rewrite them: directory.yaml (which
// starts the site afresh in a new folder) and a listing, with pauses that
// stop the background writers at every stage. A file that is there before
// and after must be served every time, whole: never a 404, never empty or
// cut short.
func TestServedFilesAreNeverMissingOrPartial(t *testing.T) {
	if testing.Short() {
		t.Skip("rewrites the feeds a dozen times")
	}
	dir := sample(t)
	url, stopPreview := runFake(Options{ContentDir: dir, Debounce: 10 * time.Millisecond})
	defer func() {
		if err := stopPreview(); err != nil {
			t.Error(err)
		}
	}()

	files := []string{"feed.json", "directory.json", "api/hsds/services.json", "calendar.ics",
		"listings/riverside-walking-group/calendar.ics", "sheets/riverside-walking-group.pdf",
		"sheets/riverside-walking-group.json", "sheets/FONTS-LICENSE.txt", "search/manifest.json"}
	fetch := func(rel string) (int, []byte) {
		resp, err := http.Get(url + rel)
		if err != nil {
			return 0, []byte(err.Error())
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return 0, []byte(err.Error())
		}
		return resp.StatusCode, b
	}
	// whole reports what is wrong with a response, or "".
	whole := func(rel string, code int, b []byte) string {
		switch {
		case code != http.StatusOK:
			return fmt.Sprintf("status %d", code)
		case len(b) == 0:
			return "empty"
		case strings.HasSuffix(rel, ".json") && !json.Valid(b):
			return fmt.Sprintf("cut short at %d bytes", len(b))
		case strings.HasSuffix(rel, ".ics") && !bytes.HasSuffix(b, []byte("END:VCALENDAR\r\n")):
			return fmt.Sprintf("cut short at %d bytes", len(b))
		case strings.HasSuffix(rel, ".pdf") && !bytes.Contains(b[max(0, len(b)-32):], []byte("%%EOF")):
			return fmt.Sprintf("cut short at %d bytes", len(b))
		}
		return ""
	}
	deadline := time.Now().Add(2 * time.Minute)
	for _, rel := range files {
		for code, b := fetch(rel); whole(rel, code, b) != ""; code, b = fetch(rel) {
			if time.Now().After(deadline) {
				t.Fatalf("%s is never served: %s", rel, whole(rel, code, b))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	stop := make(chan struct{})
	var readers sync.WaitGroup
	var mu sync.Mutex
	bad := map[string]int{}
	reads := 0
	for r := range 3 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for i := r; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				rel := files[i%len(files)]
				code, b := fetch(rel)
				mu.Lock()
				reads++
				if problem := whole(rel, code, b); problem != "" {
					bad[rel+": "+problem]++
				}
				mu.Unlock()
			}
		}()
	}

	settings := filepath.Join(dir, "directory.yaml")
	listing := filepath.Join(dir, "listings", "riverside-walking-group.md")
	originalSettings, _ := os.ReadFile(settings)
	originalListing, _ := os.ReadFile(listing)
	last := ""
	for i, pause := range []time.Duration{100, 700, 900, 1200, 300, 2500, 600, 800, 1500, 200, 1000, 3000} {
		last = fmt.Sprintf("Edit %d", i)
		if i%2 == 0 {
			os.WriteFile(settings, bytes.Replace(originalSettings, []byte("name: Millbrook"), []byte("name: "+last+" Millbrook"), 1), 0o644)
		} else {
			os.WriteFile(listing, bytes.Replace(originalListing, []byte("summary: "), []byte("summary: "+last+". "), 1), 0o644)
		}
		time.Sleep(pause * time.Millisecond)
	}
	for {
		code, b := fetch("directory.json")
		if code == http.StatusOK && bytes.Contains(b, []byte(last)) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the last save %q never reached directory.json", last)
		}
		time.Sleep(50 * time.Millisecond)
	}
	close(stop)
	readers.Wait()
	for problem, n := range bad {
		t.Errorf("%s (%d times)", problem, n)
	}
	t.Logf("%d reads", reads)
}

// TestOutputsFollowEditsThatChangeNoPage: places.yaml is on no page, so
// saving it changes no page; the places the browser reads must still be
// written again.
func TestOutputsFollowEditsThatChangeNoPage(t *testing.T) {
	dir := sample(t)
	url, stopPreview := runFake(Options{ContentDir: dir, Debounce: 10 * time.Millisecond})
	defer func() {
		if err := stopPreview(); err != nil {
			t.Error(err)
		}
	}()
	served := func(want string) bool {
		resp, err := http.Get(url + "places/index.json")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode == http.StatusOK && bytes.Contains(b, []byte(want))
	}
	waitFor := func(want string) {
		t.Helper()
		for deadline := time.Now().Add(time.Minute); !served(want); time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("places/index.json never held %q", want)
			}
		}
	}
	waitFor("Bus Station")
	file := filepath.Join(dir, "places.yaml")
	original, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, bytes.Replace(original, []byte("Bus Station"), []byte("Coach Station"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("Coach Station")
}
