package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/signpost-directory/signpost/site"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/render"
	"github.com/signpost-directory/signpost/site/report"
)

// fakeSession renders each listing's front matter title into a page, so
// the preview's own concurrency (watcher, rebuilds, events, HTTP) can be
// hammered under the race detector many times faster than with Hugo; the
// Hugo-backed tests in serve_test.go cover real rendering, and CI runs
// them under the race detector too.
type fakeSession struct {
	mu  sync.Mutex
	out string
	src map[string][]byte
}

func openFake(opts render.Options) (site.Renderer, error) {
	f := &fakeSession{out: opts.OutDir, src: map[string][]byte{}}
	for p, data := range opts.Files {
		f.src[p] = data
	}
	return f, nil
}

func (f *fakeSession) Build(ctx context.Context, changes []render.Change) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range changes {
		if c.Removed {
			delete(f.src, c.Path)
		} else {
			f.src[c.Path] = c.Data
		}
	}
	for p, data := range f.src {
		if !strings.HasPrefix(p, "content/listings/") || strings.HasSuffix(p, "_index.md") {
			continue
		}
		var fm struct{ Title string }
		json.NewDecoder(strings.NewReader(string(data))).Decode(&fm)
		dir := filepath.Join(f.out, "listings", strings.TrimSuffix(path.Base(p), ".md"))
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "index.html"), []byte("<html><head></head><body><h1>"+fm.Title+"</h1></body></html>"), 0o644)
	}
	return nil
}

func (f *fakeSession) ThemeChange(string, string, []byte, bool) (render.Change, bool) {
	return render.Change{}, false
}

func (f *fakeSession) Close() error { return nil }

// sample copies the bundled sample content for a test to change.
func sample(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runFake runs the preview with the fake renderer on a free port and
// returns its address and a function that stops it, returning what Run
// returned.
func runFake(opts Options) (url string, stop func() error) {
	opts.Addr, opts.Log = "127.0.0.1:0", io.Discard
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	opts.Ready = func(u string) { ready <- u }
	go func() { done <- run(ctx, opts, openFake) }()
	select {
	case url = <-ready:
	case err := <-done:
		cancel()
		return "", func() error { return err }
	}
	return url, func() error {
		cancel()
		return <-done
	}
}

// funcOutput is an output written by a function, for tests.
type funcOutput func(ctx context.Context, d *content.Directory, dir string) error

func (funcOutput) Stage() string { return "test" }
func (funcOutput) What() string  { return "a test output" }
func (f funcOutput) Write(ctx context.Context, d *content.Directory, dir string, _ *report.Report) error {
	return f(ctx, d, dir)
}

// TestConcurrencyUnderRace edits a listing while pages and the event
// stream are read concurrently; run it with go test -race.
func TestConcurrencyUnderRace(t *testing.T) {
	dir := sample(t)
	url, stop := runFake(Options{ContentDir: dir, Debounce: 10 * time.Millisecond})
	page := url + "listings/riverside-walking-group/"

	// Readers: pages, the problems endpoint and an event stream, all at once.
	stopReaders := make(chan struct{})
	var readers sync.WaitGroup
	for _, u := range []string{page, url + "_signpost/problems"} {
		readers.Add(1)
		go func(u string) {
			defer readers.Done()
			for {
				select {
				case <-stopReaders:
					return
				default:
				}
				if resp, err := http.Get(u); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		}(u)
	}
	events, err := http.Get(url + "_signpost/events")
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, events.Body)

	file := filepath.Join(dir, "listings", "riverside-walking-group.md")
	original, _ := os.ReadFile(file)
	for i, title := range []string{"Walk One", "Walk Two", "Walk Three"} {
		text := strings.Replace(string(original), "title: Riverside Walking Group", "title: "+title, 1)
		if i == 1 {
			os.WriteFile(file, []byte("---\ntitle: [\n---\n"), 0o644) // a broken save in between
			time.Sleep(30 * time.Millisecond)
		}
		os.WriteFile(file, []byte(text), 0o644)
		deadline := time.Now().Add(20 * time.Second)
		for {
			resp, err := http.Get(page)
			if err == nil {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if strings.Contains(string(b), title) {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("%q never served", title)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	close(stopReaders)
	readers.Wait()
	events.Body.Close()
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestNextCheckLeavesTheModelAlone saves a translation again and again,
// each time while a slow background writer is still reading the model of
// the previous save, as the sheets and feeds do for seconds at 1,000
// listings: the next check must not change that model. Run it with go test
// -race too.
func TestNextCheckLeavesTheModelAlone(t *testing.T) {
	dir := sample(t)
	const id = "english-conversation-club"
	var mu sync.Mutex
	var changed []string // what a writer saw change under it
	seen := ""           // the title the latest writer saw
	title := func(d *content.Directory) string {
		if l := d.Listing(id); l != nil && l.Translations["uk"] != nil {
			return l.Translations["uk"].Title
		}
		return ""
	}
	slowReader := funcOutput(func(ctx context.Context, d *content.Directory, outDir string) error {
		first := title(d)
		mu.Lock()
		seen = first
		mu.Unlock()
		// A writer in the middle of a file does not look at ctx.
		for end := time.Now().Add(time.Second); time.Now().Before(end); time.Sleep(time.Millisecond) {
			for _, l := range d.Listings {
				for _, tr := range l.Translations {
					_ = tr.Title
				}
			}
			if now := title(d); now != first {
				mu.Lock()
				changed = append(changed, first+" → "+now)
				mu.Unlock()
				return nil
			}
		}
		return nil
	})
	_, stop := runFake(Options{ContentDir: dir, Debounce: 10 * time.Millisecond, outputs: []site.Output{slowReader}})

	file := filepath.Join(dir, "listings", id+".uk.md")
	original, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	const line = "title: Клуб англійської розмовної мови"
	last := ""
	// The writers start site.OutputDelay after a rebuild and read for a second,
	// so each save comes while the previous one's writer is reading.
	for i := range 5 {
		last = fmt.Sprintf("Розмовний клуб %d", i)
		os.WriteFile(file, []byte(strings.Replace(string(original), line, "title: "+last, 1)), 0o644)
		time.Sleep(site.OutputDelay + 200*time.Millisecond)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		mu.Lock()
		ok := seen == last
		mu.Unlock()
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the last save %q never reached the writers", last)
		}
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if len(changed) > 0 {
		t.Errorf("the model changed while a writer read it: %v", changed)
	}
}
