package theme_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/signpost-directory/signpost/site"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/schedule"
)

// thisWeekBuilt is the date the /this-week/ test builds the sample on, a
// Tuesday in London, four days before the clocks go forward.
var thisWeekBuilt = time.Date(2027, 3, 23, 9, 0, 0, 0, time.UTC)

// A title that would end the page's data block if it were written as it is.
const scriptTitle = "Riverside Walking Group </script><script>alert(1)</script>"

// TestThisWeek checks /this-week/: without JavaScript it shows the seven
// days from the build date; with JavaScript, three days later, the seven
// days from that day in the directory's zone (whatever the computer's), the
// same sessions as schedule.Sessions, at the same wall-clock times across
// the clock change; finished sessions are marked; and the page passes
// axe-core and fits 320 CSS pixels.
func TestThisWeek(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	chromium := cmp.Or(os.Getenv("SIGNPOST_CHROMIUM"), "/usr/bin/chromium")
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("browser test: no Chromium at %s", chromium)
	}
	// The sample, with a title that tries to break out of the data block.
	contentDir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(contentDir, os.DirFS("../content")); err != nil {
		t.Fatal(err)
	}
	listingFile := filepath.Join(contentDir, "listings", "riverside-walking-group.md")
	src, err := os.ReadFile(listingFile)
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte("title: Riverside Walking Group\n"), []byte("title: \""+scriptTitle+"\"\n"), 1)
	if err := os.WriteFile(listingFile, src, 0o644); err != nil {
		t.Fatal(err)
	}
	checked, err := site.Check(context.Background(), site.CheckOptions{ContentDir: contentDir})
	if err != nil {
		t.Fatal(err)
	}
	if checked.Messages.HasErrors() {
		t.Fatalf("checking the sample: %v", checked.Messages)
	}
	d := checked.Directory
	if l := d.Listing("riverside-walking-group"); l == nil || l.Title != scriptTitle {
		t.Fatalf("the title was not changed: %+v", l)
	}

	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String() + subPath
	out := filepath.Join(t.TempDir(), "site")
	var buildLog bytes.Buffer
	if _, err := site.Build(context.Background(), site.BuildOptions{ContentDir: contentDir, OutDir: out, BaseURL: base,
		Now: thisWeekBuilt, Log: &buildLog}); err != nil {
		t.Fatalf("building the sample: %v\n%s", err, buildLog.String())
	}
	srv.Config.Handler = http.StripPrefix(strings.TrimSuffix(subPath, "/"), http.FileServer(http.Dir(out)))
	srv.Start()
	t.Cleanup(srv.Close)
	u := base + "this-week/"

	html, err := os.ReadFile(filepath.Join(out, "this-week", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(html, []byte("<script>alert(1)")) {
		t.Error("the title is written into the page as markup")
	}

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 1000))
	defer cancelAlloc()
	ctx, cancelCtx := context.WithTimeout(allocCtx, 90*time.Second)
	defer cancelCtx()
	browser, cancelBrowser := chromedp.NewContext(ctx)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}

	t.Run("without JavaScript", func(t *testing.T) {
		tab := openWithoutScript(t, browser, u)
		asOf, days := readWeek(t, tab)
		if asOf != "As of Tuesday 23 March 2027." {
			t.Errorf("the page says %q, want the build date", asOf)
		}
		compareWeek(t, d, schedule.Date{Year: 2027, Month: 3, Day: 23}, days, -1)
	})

	// A tab whose clock says at, in New York (so the computer's date can
	// differ from London's).
	openAt := func(t *testing.T, at time.Time) (context.Context, *recorder, func()) {
		rec := &recorder{host: srv.Listener.Addr().String()}
		var tab context.Context
		tab, cancel := chromedp.NewContext(browser, chromedp.WithListener(func(ev any) {
			if d, ok := ev.(*page.EventJavascriptDialogOpening); ok {
				rec.mu.Lock()
				rec.problems = append(rec.problems, "a dialog opened: "+d.Message)
				rec.mu.Unlock()
				go chromedp.Call(tab, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
			}
			rec.listen(ev)
		}))
		fake := fmt.Sprintf(`(() => {
			const fixed = %d, Real = Date;
			class Fixed extends Real {
				constructor(...a) { if (a.length === 0) { super(fixed); } else { super(...a); } }
				static now() { return fixed; }
			}
			window.Date = Fixed;
		})();`, at.UnixMilli())
		if _, err := chromedp.Call(tab, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "America/New_York"}); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fake}); err != nil {
			t.Fatal(err)
		}
		return tab, rec, cancel
	}

	t.Run("three days later, across the clock change", func(t *testing.T) {
		// 01:30 on Friday 26 March in London is still Thursday 25 March in New York.
		at := time.Date(2027, 3, 26, 1, 30, 0, 0, time.UTC)
		tab, rec, cancel := openAt(t, at)
		defer cancel()
		if err := chromedp.Do(tab, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
			t.Fatal(err)
		}
		local, err := chromedp.Run(tab, chromedp.Evaluate[string](`new Date().toDateString() + " " + Intl.DateTimeFormat().resolvedOptions().timeZone`))
		if err != nil || local != "Thu Mar 25 2027 America/New_York" {
			t.Fatalf("the tab's clock says %q (%v), want Thursday 25 March in New York", local, err)
		}
		asOf, days := waitWeek(t, tab, "Today is Friday 26 March 2027.")
		if asOf != "Today is Friday 26 March 2027." {
			t.Errorf("the page says %q, want today in London", asOf)
		}
		compareWeek(t, d, schedule.Date{Year: 2027, Month: 3, Day: 26}, days, 90)
		// The Tuesday walk is at 10:00 after the clocks change as before.
		walk := "10:00–11:30|" + scriptTitle
		if !slices.ContainsFunc(days[4].sessions, func(s string) bool { return strings.HasPrefix(s, walk) }) {
			t.Errorf("%s: no %q in %q", days[4].heading, walk, days[4].sessions)
		}
		time.Sleep(200 * time.Millisecond)
		rec.check(t, u)
		if axeJS := loadAxe(t); axeJS != "" {
			runAxe(t, tab, axeJS, u)
		}
	})

	t.Run("finished sessions", func(t *testing.T) {
		// 13:00 in London (BST) on Wednesday 31 March.
		at := time.Date(2027, 3, 31, 12, 0, 0, 0, time.UTC)
		tab, rec, cancel := openAt(t, at)
		defer cancel()
		if err := chromedp.Do(tab, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
			t.Fatal(err)
		}
		_, days := waitWeek(t, tab, "Today is Wednesday 31 March 2027.")
		compareWeek(t, d, schedule.Date{Year: 2027, Month: 3, Day: 31}, days, 13*60)
		finished := 0
		for _, s := range days[0].sessions {
			if strings.HasSuffix(s, "|true") {
				finished++
			}
		}
		if finished == 0 || finished == len(days[0].sessions) {
			t.Errorf("%d of %d sessions are marked finished at 13:00; want some, not all", finished, len(days[0].sessions))
		}
		rec.check(t, u)
		if axeJS := loadAxe(t); axeJS != "" {
			runAxe(t, tab, axeJS, u+" (with finished sessions)")
		}
	})

	t.Run("narrow", func(t *testing.T) {
		tab, _, cancel := openAt(t, time.Date(2027, 3, 26, 12, 0, 0, 0, time.UTC))
		defer cancel()
		if err := chromedp.Do(tab, chromedp.EmulateViewport(320, 800), chromedp.Navigate(u),
			chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
			t.Fatal(err)
		}
		waitWeek(t, tab, "Today is Friday 26 March 2027.")
		width, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if width > 320 {
			t.Errorf("%s is %d CSS pixels wide at a 320-pixel viewport: it scrolls sideways", u, width)
		}
		shot, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		artifacts := cmp.Or(os.Getenv("SIGNPOST_ARTIFACTS"), t.TempDir())
		if err := os.WriteFile(filepath.Join(artifacts, "this-week-320.png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
		pdf, file := printPDF(t, tab, filepath.Join(artifacts, "this-week.pdf"))
		t.Logf("the week prints on %d A4 pages: %s", pdfPages(pdf), file)
	})
}

// weekDay is one day as the page shows it.
type weekDay struct {
	heading  string
	sessions []string // "10:00–11:30|title|place|cost|full|finished"
	empty    bool
}

const readWeekJS = `JSON.stringify({
	asOf: document.querySelector("[data-week-asof]").textContent,
	days: [...document.querySelectorAll(".week-day")].map(s => ({
		heading: s.querySelector("h2").textContent,
		empty: !!s.querySelector(".week-empty"),
		sessions: [...s.querySelectorAll(".week-session")].map(li => [
			li.querySelector("time").textContent, li.querySelector(".week-title a").textContent,
			li.querySelector(".week-place").textContent, li.querySelector(".week-cost").textContent,
			String(!!li.querySelector(".badge-full")), String(li.classList.contains("week-finished"))].join("|"))
	}))
})`

func readWeek(t *testing.T, tab context.Context) (string, []weekDay) {
	t.Helper()
	raw, err := chromedp.Run(tab, chromedp.Evaluate[string](readWeekJS))
	if err != nil {
		t.Fatalf("reading the page: %v", err)
	}
	var v struct {
		AsOf string `json:"asOf"`
		Days []struct {
			Heading  string   `json:"heading"`
			Empty    bool     `json:"empty"`
			Sessions []string `json:"sessions"`
		} `json:"days"`
	}
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatal(err)
	}
	var days []weekDay
	for _, d := range v.Days {
		days = append(days, weekDay{heading: d.Heading, sessions: d.Sessions, empty: d.Empty})
	}
	return v.AsOf, days
}

// waitWeek reads the page once its script has said what today is.
func waitWeek(t *testing.T, tab context.Context, asOf string) (string, []weekDay) {
	t.Helper()
	for range 50 {
		got, days := readWeek(t, tab)
		if got == asOf {
			return got, days
		}
		time.Sleep(100 * time.Millisecond)
	}
	return readWeek(t, tab)
}

// compareWeek checks the seven days from first against schedule.Sessions.
// now is the minutes after midnight on the first day, for finished
// sessions; -1 when nothing can be finished (the page as built).
func compareWeek(t *testing.T, d *content.Directory, first schedule.Date, days []weekDay, now int) {
	t.Helper()
	if len(days) != 7 {
		t.Fatalf("%d days shown, want 7", len(days))
	}
	for i, day := range days {
		date := schedule.DateOf(time.Date(first.Year, first.Month, first.Day+i, 12, 0, 0, 0, time.UTC))
		heading := schedule.DayName(date.Weekday()) + " " + strconv.Itoa(date.Day) + " " + date.Month.String()
		if day.heading != heading {
			t.Errorf("day %d is %q, want %q", i, day.heading, heading)
		}
		type session struct {
			start, end int
			title, url string
			line       string
		}
		var want []session
		for _, l := range d.Listings {
			if !l.IsActive() {
				continue
			}
			card := d.Card(l)
			for _, s := range schedule.Sessions(l.Schedule, date) {
				finished := i == 0 && now >= 0 && s[1] <= now
				line := fmt.Sprintf("%s–%s|%s|%s|%s|%t|%t", schedule.Clock(s[0]), schedule.Clock(s[1]), l.Title, card.Where,
					card.Cost, l.Status == "full", finished)
				want = append(want, session{s[0], s[1], l.Title, "listings/" + l.ID + "/", line})
			}
		}
		slices.SortFunc(want, func(a, b session) int {
			return cmp.Or(cmp.Compare(a.start, b.start), strings.Compare(a.title, b.title), cmp.Compare(a.end, b.end),
				strings.Compare(a.url, b.url))
		})
		var lines []string
		for _, s := range want {
			lines = append(lines, s.line)
		}
		if !slices.Equal(day.sessions, lines) {
			t.Errorf("%s shows\n  %s\nwant\n  %s", heading, strings.Join(day.sessions, "\n  "), strings.Join(lines, "\n  "))
		}
		if day.empty != (len(lines) == 0) {
			t.Errorf("%s: says nothing is on: %t, with %d sessions", heading, day.empty, len(lines))
		}
	}
}
