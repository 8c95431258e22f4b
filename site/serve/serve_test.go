package serve_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/signpost-directory/signpost/site/serve"
	"github.com/signpost-directory/signpost/site/synth"
)

// start runs the preview over contentDir on a free port and returns its
// address; the server stops when the test ends, and the test checks that
// the port is then free again.
func start(t testing.TB, contentDir string) string {
	t.Helper()
	return startWith(t, serve.Options{ContentDir: contentDir})
}

// startWith is start with more options.
func startWith(t testing.TB, opts serve.Options) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	if opts.Debounce == 0 {
		opts.Debounce = 20 * time.Millisecond
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	opts.Ready = func(url string) { ready <- url }
	go func() { done <- serve.Run(ctx, opts) }()
	var url string
	select {
	case url = <-ready:
	case err := <-done:
		t.Fatalf("server stopped: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("server did not start")
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("shutdown: %v", err)
		}
		addr := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")
		if ln, err := net.Listen("tcp", addr); err != nil {
			t.Errorf("port still in use after shutdown: %v", err)
		} else {
			ln.Close()
		}
	})
	return url
}

func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// eventually polls until ok returns true, failing after a bounded wait.
func eventually(t testing.TB, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func copySample(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	return dir
}

type problems struct {
	Errors   int `json:"errors"`
	Findings []struct {
		File    string `json:"file"`
		Line    int    `json:"line"`
		Message string `json:"message"`
	} `json:"findings"`
}

func TestEditBreakFixRemove(t *testing.T) {
	dir := copySample(t)
	var terminal syncBuffer
	url := startWith(t, serve.Options{ContentDir: dir, Log: &terminal})
	page := url + "listings/riverside-walking-group/"
	file := filepath.Join(dir, "listings", "riverside-walking-group.md")
	original, _ := os.ReadFile(file)

	code, body := get(t, page)
	if code != 200 || !strings.Contains(body, "Riverside Walking Group") {
		t.Fatalf("first page: %d", code)
	}
	if !strings.Contains(body, "/_signpost/live.js") {
		t.Error("the live-reload script is not injected")
	}
	// The preview has no sitemap (Hugo would rewrite it after every save),
	// and robots.txt does not point to one.
	if code, _ := get(t, url+"sitemap.xml"); code != http.StatusNotFound {
		t.Errorf("sitemap.xml in the preview: %d", code)
	}
	if _, robots := get(t, url+"robots.txt"); strings.Contains(robots, "Sitemap") {
		t.Errorf("robots.txt in the preview names a sitemap:\n%s", robots)
	}

	// An edit shows up.
	edited := strings.Replace(string(original), "title: Riverside Walking Group", "title: Riverside Stroll and Tea", 1)
	os.WriteFile(file, []byte(edited), 0o644)
	eventually(t, "the new title is served", func() bool {
		_, body := get(t, page)
		return strings.Contains(body, "Riverside Stroll and Tea")
	})
	// What only the listing's page shows lives in a detail file of its
	// own, which Hugo is not told about: the page must follow it too.
	edited = strings.Replace(edited, "Look for Sue with the green umbrella", "Look for Sue with the yellow umbrella", 1)
	os.WriteFile(file, []byte(edited), 0o644)
	eventually(t, "a change to the first visit is served", func() bool {
		_, body := get(t, page)
		return strings.Contains(body, "yellow umbrella")
	})
	// Lists show the listing's card, which the theme caches per listing:
	// the cache must follow the edit. /this-week/ (the walk is on every
	// Tuesday) is made from every listing and must follow it too.
	for _, list := range []string{"listings/", "categories/movement/", "organizations/wend-valley-ramblers/", "this-week/"} {
		if _, body := get(t, url+list); !strings.Contains(body, "Riverside Stroll and Tea") {
			t.Errorf("%s still shows the old title", list)
		}
	}

	// The sheets and feeds follow the pages, in the background.
	eventually(t, "the listing's sheet and calendar are served", func() bool {
		c1, _ := get(t, url+"sheets/riverside-walking-group.pdf")
		c2, body := get(t, url+"listings/riverside-walking-group/calendar.ics")
		return c1 == 200 && c2 == 200 && strings.Contains(body, "Riverside Stroll and Tea")
	})

	// A broken save keeps the last good page and reports where the problem is.
	broken := strings.Replace(edited, "categories: [movement, nature]", "categories: [movment, nature]", 1)
	os.WriteFile(file, []byte(broken), 0o644)
	var p problems
	eventually(t, "the problem is reported", func() bool {
		_, body := get(t, url+"_signpost/problems")
		json.Unmarshal([]byte(body), &p)
		return p.Errors > 0
	})
	f := p.Findings[0]
	if !strings.HasSuffix(f.File, "listings/riverside-walking-group.md") || f.Line != 5 || !strings.Contains(f.Message, `"movment"`) {
		t.Errorf("problem = %+v", f)
	}
	if code, body := get(t, page); code != 200 || !strings.Contains(body, "Riverside Stroll and Tea") {
		t.Errorf("last good page not served while broken: %d", code)
	}
	// The terminal shows the message as signpost check does: where, what,
	// the line with the mistake marked, and the suggestion.
	eventually(t, "the terminal shows the problem", func() bool {
		return strings.Contains(terminal.String(), "Unknown category \"movment\"")
	})
	for _, want := range []string{"riverside-walking-group.md:5:14:", "categories: [movment, nature]", "~~~~~~~", "movement",
		"still serving the last good version"} {
		if !strings.Contains(terminal.String(), want) {
			t.Errorf("the terminal does not show %q:\n%s", want, terminal.String())
		}
	}

	// Fixing it clears the problem.
	os.WriteFile(file, original, 0o644)
	eventually(t, "the problem clears and the fix is served", func() bool {
		_, body := get(t, url+"_signpost/problems")
		json.Unmarshal([]byte(body), &p)
		_, page := get(t, page)
		return p.Errors == 0 && strings.Contains(page, "Riverside Walking Group")
	})

	// A removed listing's page goes away.
	os.Remove(file)
	eventually(t, "the removed listing's page is a 404", func() bool {
		code, _ := get(t, page)
		return code == http.StatusNotFound
	})
}

// TestThemeCSSChange edits a stylesheet in a theme folder: open pages are
// told to swap their styles rather than reload, and the page then links to
// the new stylesheet.
func TestThemeCSSChange(t *testing.T) {
	dir := copySample(t)
	themeDir := t.TempDir()
	css := filepath.Join(themeDir, "assets", "css", "main.css")
	original, err := os.ReadFile("../../theme/assets/css/main.css")
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Dir(css), 0o755)
	if err := os.WriteFile(css, append(original, "\n.theme-test{color:#010203}\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	url := startWith(t, serve.Options{ContentDir: dir, ThemeDir: themeDir})
	page := url + "listings/riverside-walking-group/"
	stylesheet := func() string {
		_, body := get(t, page)
		for _, link := range strings.Split(body, "<link ")[1:] {
			if strings.Contains(link, `rel="stylesheet"`) && strings.Contains(link, "/css/main") {
				href := strings.SplitN(strings.SplitN(link, `href="`, 2)[1], `"`, 2)[0]
				_, css := get(t, strings.TrimSuffix(url, "/")+href)
				return css
			}
		}
		t.Fatal("the page links no main stylesheet")
		return ""
	}
	if !strings.Contains(stylesheet(), "#010203") {
		t.Fatal("the theme folder's stylesheet is not used")
	}

	resp, err := http.Get(url + "_signpost/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 16)
	go func() {
		defer close(events)
		lines := bufio.NewScanner(resp.Body)
		for lines.Scan() {
			if name, ok := strings.CutPrefix(lines.Text(), "event: "); ok {
				events <- name
			}
		}
	}()
	if first := <-events; first != "problems" {
		t.Fatalf("first event %q, want the current problems", first)
	}

	if err := os.WriteFile(css, append(original, "\n.theme-test{color:#040506}\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(30 * time.Second)
	for swapped := false; !swapped; {
		select {
		case name, ok := <-events:
			if !ok {
				t.Fatal("the event stream ended")
			}
			if name == "reload" {
				t.Fatal("a stylesheet change reloaded the page instead of swapping the styles")
			}
			swapped = name == "css"
		case <-deadline:
			t.Fatal("no css event after the stylesheet changed")
		}
	}
	if css := stylesheet(); !strings.Contains(css, "#040506") || strings.Contains(css, "#010203") {
		t.Error("the page does not link the new stylesheet")
	}
}

// syncBuffer is the terminal of a server under test.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestEditorSavePatterns saves the way editors do: writing a temporary
// file and renaming it over the original, or deleting the file and
// creating it again, with several events per save. Each save must be
// served, and must rebuild once.
func TestEditorSavePatterns(t *testing.T) {
	dir := copySample(t)
	var terminal syncBuffer
	// The preview's own debounce, so that a slow machine's save is one burst.
	url := startWith(t, serve.Options{ContentDir: dir, Log: &terminal, Debounce: 100 * time.Millisecond})
	page := url + "listings/riverside-walking-group/"
	file := filepath.Join(dir, "listings", "riverside-walking-group.md")
	original, _ := os.ReadFile(file)
	saves := []struct {
		name string
		save func(data []byte)
	}{
		{"rename over", func(data []byte) {
			tmp := filepath.Join(dir, "listings", ".riverside-walking-group.md.tmp")
			os.WriteFile(tmp, data, 0o644)
			os.Chmod(tmp, 0o644)
			os.Rename(tmp, file)
			os.Chtimes(file, time.Now(), time.Now())
		}},
		{"delete and create", func(data []byte) {
			os.Remove(file)
			os.WriteFile(file, data[:len(data)/2], 0o644) // written in two parts
			f, _ := os.OpenFile(file, os.O_WRONLY|os.O_APPEND, 0o644)
			f.Write(data[len(data)/2:])
			f.Close()
		}},
		{"a backup file and a vim probe alongside", func(data []byte) {
			os.WriteFile(file+"~", original, 0o644)
			os.WriteFile(filepath.Join(dir, "listings", "4913"), nil, 0o644)
			os.Remove(filepath.Join(dir, "listings", "4913"))
			os.WriteFile(file, data, 0o644)
		}},
	}
	for i, s := range saves {
		builds := strings.Count(terminal.String(), "rebuilt in")
		title := fmt.Sprintf("Riverside Save %d", i)
		s.save([]byte(strings.Replace(string(original), "title: Riverside Walking Group", "title: "+title, 1)))
		eventually(t, s.name+" is served", func() bool {
			_, body := get(t, page)
			return strings.Contains(body, title)
		})
		time.Sleep(300 * time.Millisecond) // time for a second, unwanted rebuild to show
		if n := strings.Count(terminal.String(), "rebuilt in") - builds; n != 1 {
			t.Errorf("%s: %d rebuilds, want 1", s.name, n)
		}
		// The terminal names the file saved, not the editor's temporary
		// file or probe.
		if last := lastLine(terminal.String()); !strings.HasPrefix(last, "Changed "+filepath.ToSlash(file)+": rebuilt in ") {
			t.Errorf("%s: the terminal says %q", s.name, last)
		}
	}
	if strings.Contains(terminal.String(), "still serving the last good version") {
		t.Errorf("the saves reported problems:\n%s", terminal.String())
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// TestTerminalNamesTheSave: each rebuild says which file was saved and
// how long it took. Hugo's own lines ("hugo: Source changed …") mean
// nothing to an editor and show only with Verbose, for theme work.
func TestTerminalNamesTheSave(t *testing.T) {
	for _, verbose := range []bool{false, true} {
		t.Run(fmt.Sprintf("verbose=%v", verbose), func(t *testing.T) {
			dir := copySample(t)
			var terminal syncBuffer
			startWith(t, serve.Options{ContentDir: dir, Log: &terminal, Verbose: verbose})
			file := filepath.Join(dir, "listings", "riverside-walking-group.md")
			original, _ := os.ReadFile(file)
			edited := strings.Replace(string(original), "title: Riverside Walking Group", "title: Riverside Stroll", 1)
			os.WriteFile(file, []byte(edited), 0o644)
			eventually(t, "the first build and the rebuild are reported", func() bool {
				return strings.Count(terminal.String(), " ms.") >= 2
			})
			out := terminal.String()
			if !strings.Contains(out, "\nChanged "+filepath.ToSlash(file)+": rebuilt in ") {
				t.Errorf("the terminal does not name the saved file:\n%s", out)
			}
			if hugo := strings.Contains(out, "hugo:"); hugo != verbose {
				t.Errorf("Hugo's own lines shown: %v, want %v:\n%s", hugo, verbose, out)
			}
		})
	}
}

// TestRenamedContentFolder renames the content folder away and back, as
// happens when switching branches or undoing a move: the last good site
// stays up meanwhile, and edits made while it was away are picked up.
func TestRenamedContentFolder(t *testing.T) {
	dir := copySample(t)
	url := start(t, dir)
	page := url + "listings/riverside-walking-group/"
	away := dir + "-moved"
	if err := os.Rename(dir, away); err != nil {
		t.Fatal(err)
	}
	var p problems
	eventually(t, "the missing folder is reported", func() bool {
		_, body := get(t, url+"_signpost/problems")
		json.Unmarshal([]byte(body), &p)
		return p.Errors > 0
	})
	if code, body := get(t, page); code != 200 || !strings.Contains(body, "Riverside Walking Group") {
		t.Errorf("the last good page is not served while the folder is away: %d", code)
	}
	file := filepath.Join(away, "listings", "riverside-walking-group.md")
	data, _ := os.ReadFile(file)
	os.WriteFile(file, []byte(strings.Replace(string(data), "title: Riverside Walking Group", "title: Riverside Homecoming", 1)), 0o644)
	if err := os.Rename(away, dir); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the folder is back and the edit made meanwhile is served", func() bool {
		_, body := get(t, url+"_signpost/problems")
		json.Unmarshal([]byte(body), &p)
		_, page := get(t, page)
		return p.Errors == 0 && strings.Contains(page, "Riverside Homecoming")
	})
	// Edits after the return are watched again.
	data, _ = os.ReadFile(filepath.Join(dir, "listings", "riverside-walking-group.md"))
	os.WriteFile(filepath.Join(dir, "listings", "riverside-walking-group.md"),
		[]byte(strings.Replace(string(data), "title: Riverside Homecoming", "title: Riverside Watched Again", 1)), 0o644)
	eventually(t, "an edit after the return is served", func() bool {
		_, body := get(t, page)
		return strings.Contains(body, "Riverside Watched Again")
	})
}

// TestStopWithAnUnusedConnection stops the preview while a connection is
// open that never sent a request, as browsers open ahead of time: stopping
// must still succeed and free the port (checked by start's cleanup).
func TestStopWithAnUnusedConnection(t *testing.T) {
	// Cleanups run last-registered first: this one closes the connection
	// only after start's cleanup has stopped the server.
	var conn net.Conn
	t.Cleanup(func() {
		if conn != nil {
			conn.Close()
		}
	})
	url := start(t, copySample(t))
	var err error
	if conn, err = net.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")); err != nil {
		t.Fatal(err)
	}
}

// TestBindAllInterfaces listens on every interface, as --bind 0.0.0.0
// does: the preview must give an address other devices can open, and the
// pages must link to it rather than to 0.0.0.0.
func TestBindAllInterfaces(t *testing.T) {
	url := startWith(t, serve.Options{ContentDir: copySample(t), Addr: "0.0.0.0:0"})
	if strings.Contains(url, "0.0.0.0") {
		t.Fatalf("the preview is at %s, which no browser can open", url)
	}
	code, body := get(t, url+"listings/riverside-walking-group/")
	if code != 200 || !strings.Contains(body, `rel="canonical" href="`+url+"listings/riverside-walking-group/") {
		t.Errorf("%d: the page's canonical link does not use %s", code, url)
	}
}

// TestPortInUse says what to do when the port is taken, and stops.
func TestPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	err = serve.Run(context.Background(), serve.Options{ContentDir: copySample(t), Addr: ln.Addr().String(), Log: io.Discard})
	if err == nil || !strings.Contains(err.Error(), "already using "+ln.Addr().String()) || !strings.Contains(err.Error(), "--port") {
		t.Errorf("Run on a port in use = %v", err)
	}
}

func TestNastySaves(t *testing.T) {
	dir := copySample(t)
	url := start(t, dir)
	// Binary junk, an empty file, a new folder with a listing in it and a
	// deleted folder: nothing may crash the server.
	os.WriteFile(filepath.Join(dir, "listings", "junk.md"), []byte{0, 1, 2, 0xff}, 0o644)
	os.WriteFile(filepath.Join(dir, "venues", "empty.yaml"), nil, 0o644)
	os.MkdirAll(filepath.Join(dir, "listings", "nested"), 0o755)
	os.WriteFile(filepath.Join(dir, "listings", "nested", "x.md"), []byte("---\n"), 0o644)
	os.RemoveAll(filepath.Join(dir, "organizations"))
	var p problems
	eventually(t, "problems are reported", func() bool {
		_, body := get(t, url+"_signpost/problems")
		json.Unmarshal([]byte(body), &p)
		return p.Errors >= 3
	})
	if code, _ := get(t, url); code != 200 {
		t.Errorf("home page: %d", code)
	}
}

// BenchmarkEditToServed measures how long after saving a listing the new
// title is served, at 1,000 and 10,000 listings. Goals: < 0.5 s and < 2 s.
func BenchmarkEditToServed(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(400)) // as cmd/signpost does
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("listings=%d", n), func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "content")
			if err := synth.Write(dir, n); err != nil {
				b.Fatal(err)
			}
			// The preview's default debounce, so the figure is what a volunteer
			// waits for after saving.
			url := startWith(b, serve.Options{ContentDir: dir, Debounce: 100 * time.Millisecond})
			file := filepath.Join(dir, "listings", "listing-7.md")
			page := url + "listings/listing-7/"
			original, _ := os.ReadFile(file)
			i := 0
			for b.Loop() {
				i++
				title := fmt.Sprintf("Edited title %d", i)
				text := strings.Replace(string(original), "title: ", "title: "+title+" ", 1)
				if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
					b.Fatal(err)
				}
				eventually(b, "the edit is served", func() bool {
					_, body := get(b, page)
					return strings.Contains(body, title)
				})
			}
		})
	}
}

func TestBrokenFromTheStart(t *testing.T) {
	dir := copySample(t)
	file := filepath.Join(dir, "listings", "riverside-walking-group.md")
	original, _ := os.ReadFile(file)
	os.WriteFile(file, []byte("---\ntitle: [\n---\n"), 0o644)
	url := start(t, dir)
	// Nothing from the working directory may be served in place of a site.
	code, body := get(t, url+"serve_test.go")
	if code != http.StatusServiceUnavailable || strings.Contains(body, "package serve_test") || !strings.Contains(body, "live.js") {
		t.Fatalf("before the first good build: %d %q", code, body)
	}
	os.WriteFile(file, original, 0o644)
	eventually(t, "the site is served once fixed", func() bool {
		code, _ := get(t, url+"listings/riverside-walking-group/")
		return code == 200
	})
}

// TestLongListsAreCappedInThePreview checks that the preview shows at most
// 300 cards on a list page, and says so.
func TestLongListsAreCappedInThePreview(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := synth.Write(dir, 400); err != nil {
		t.Fatal(err)
	}
	url := start(t, dir)
	_, body := get(t, url+"listings/")
	if n := strings.Count(body, `<li class="card`); n != 300 {
		t.Errorf("the all-activities list shows %d cards, want 300", n)
	}
	if !strings.Contains(body, "This preview shows the first 300 of 400 activities") {
		t.Error("no notice that the list is cut short")
	}
}
