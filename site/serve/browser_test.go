package serve_test

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/chromedp"
)

// TestLivePreviewInTheBrowser opens a listing in headless Chromium and
// edits its file, as a volunteer does: the page must reload by itself with
// the new title; a broken save must put the check's message over the page
// while the last good page stays; fixing the file must clear it. It skips
// when Chromium is missing (apt-get install chromium, or set
// SIGNPOST_CHROMIUM).
func TestLivePreviewInTheBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	chromium := cmp.Or(os.Getenv("SIGNPOST_CHROMIUM"), "/usr/bin/chromium")
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("browser test: no Chromium at %s (install it with apt-get install chromium, or set SIGNPOST_CHROMIUM)", chromium)
	}
	dir := copySample(t)
	url := start(t, dir)
	file := filepath.Join(dir, "listings", "riverside-walking-group.md")
	original, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-dev-shm-usage", true))
	defer cancelAlloc()
	// The preview's Content-Security-Policy must let the overlay's script,
	// styles and event stream through: the browser logs what it blocks.
	var blockedMu sync.Mutex
	var blocked []string
	listen := func(ev any) {
		if e, ok := ev.(*cdplog.EventEntryAdded); ok && e.Entry.Level == cdplog.EntryLevelError {
			blockedMu.Lock()
			blocked = append(blocked, fmt.Sprintf("%s: %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL))
			blockedMu.Unlock()
		}
	}
	browser, cancelBrowser := chromedp.NewContext(allocCtx, chromedp.WithListener(listen))
	defer cancelBrowser()
	ctx, cancel := context.WithTimeout(browser, 2*time.Minute)
	defer cancel()

	eval := func(script string) string {
		t.Helper()
		out, err := chromedp.Run(ctx, chromedp.Evaluate[string](script))
		if err != nil {
			return "" // the page may be reloading
		}
		return out
	}
	heading := `(document.querySelector("h1") || {}).textContent || ""`
	overlay := `(document.getElementById("signpost-problems") || {}).textContent || ""`

	if err := chromedp.Do(ctx, chromedp.Navigate(url+"listings/riverside-walking-group/"),
		chromedp.WaitVisible("h1")); err != nil {
		t.Fatal(err)
	}
	// The live-reload script holds an event stream open; give it a moment
	// to connect, then mark this copy of the page to tell a reload apart.
	eventually(t, "the event stream is connected", func() bool {
		return eval(`document.documentElement.getAttribute("data-signpost-live") || ""`) == "connected"
	})
	eval(`window.signpostTestMark = "before"; "ok"`)

	edited := strings.Replace(string(original), "title: Riverside Walking Group", "title: Riverside Stroll and Tea", 1)
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the open page shows the new title by itself", func() bool {
		return strings.Contains(eval(heading), "Riverside Stroll and Tea")
	})
	if eval(`String(window.signpostTestMark)`) == "before" {
		t.Error("the title changed without a reload")
	}

	broken := strings.Replace(edited, "categories: [movement, nature]", "categories: [movment, nature]", 1)
	if err := os.WriteFile(file, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the problem is shown over the page", func() bool {
		return strings.Contains(eval(overlay), `Unknown category "movment"`)
	})
	text := eval(overlay)
	for _, want := range []string{"riverside-walking-group.md:5:14", "movement", "1 problem",
		"5 │ categories: [movment, nature]", "~~~~~~~"} {
		if !strings.Contains(text, want) {
			t.Errorf("the overlay does not say %q: %q", want, text)
		}
	}
	if role := eval(`document.getElementById("signpost-problems").getAttribute("role")`); role != "alert" {
		t.Errorf("the overlay's role is %q, want alert (read out by screen readers)", role)
	}
	if pos := eval(`getComputedStyle(document.getElementById("signpost-problems")).position`); pos != "fixed" {
		t.Errorf("the overlay's styles are not applied (position %q): was live.css blocked?", pos)
	}
	if !strings.Contains(eval(heading), "Riverside Stroll and Tea") {
		t.Error("the last good page is not shown under the overlay")
	}
	if dir := os.Getenv("SIGNPOST_ARTIFACTS"); dir != "" {
		if shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
			os.WriteFile(filepath.Join(dir, "serve-overlay.png"), shot, 0o644)
		}
	}

	if err := os.WriteFile(file, original, 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the overlay clears and the fixed page shows", func() bool {
		return eval(overlay) == "" && strings.Contains(eval(heading), "Riverside Walking Group")
	})
	blockedMu.Lock()
	defer blockedMu.Unlock()
	for _, b := range blocked {
		t.Errorf("the browser reported: %s", b)
	}
}
