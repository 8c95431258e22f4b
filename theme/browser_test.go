package theme_test

// The browser test builds the sample directory with the real pipeline, serves
// it under a sub-path (as on GitHub Pages) and drives Debian's Chromium with
// github.com/chromedp/chromedp, the well-kept pure-Go client for the Chrome
// DevTools Protocol: no Node.js, no WebDriver, no browser download.
//
// It checks what a clinician relies on: pages load with no console errors and
// no request to any other server; axe-core finds no serious or critical WCAG
// 2.x A/AA problem; filters work with JavaScript switched off; there is no
// sideways scrolling at 320 CSS pixels; a listing prints on one A4 page.
//
// It skips when Chromium is missing (apt-get install chromium), and skips only
// the axe part when axe-core is missing (npm install axe-core; set AXE_CORE_JS
// to its axe.min.js). Screenshots go to $SIGNPOST_ARTIFACTS, or a temporary
// folder.

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/signpost-directory/signpost/site"
)

// subPath is where the test serves the site, so that every link is checked
// to keep the base URL's path.
const subPath = "/millbrook/"

func TestBrowser(t *testing.T) {
	start := time.Now()
	sample := serveSample(t)
	chromium, base, out := sample.chromium, sample.base, sample.out
	host := sample.host
	t.Logf("built and serving %s in %v", base, time.Since(start).Round(time.Millisecond))

	listing := pickListing(t, out)
	category := pickFilterPage(t, out)

	artifacts := os.Getenv("SIGNPOST_ARTIFACTS")
	if artifacts == "" {
		artifacts = t.TempDir()
	}
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true), // small /dev/shm in containers
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	)
	defer cancelAlloc()
	ctx, cancelCtx := context.WithTimeout(allocCtx, 90*time.Second)
	defer cancelCtx()

	rec := &recorder{host: host}
	browser, cancelBrowser := chromedp.NewContext(ctx, chromedp.WithListener(rec.listen))
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}

	axeJS := loadAxe(t)

	// Every kind of page; screenshots of each go to the artifacts folder.
	pages := []struct{ name, path string }{
		{"home", ""},
		{"listing", "listings/" + listing + "/"},
		{"listing-translated", "listings/" + pickPage(t, out, "listings", `class="translation"`) + "/"},
		{"category", category},
		{"all-activities", "listings/"},
		{"need", "needs/" + pickPage(t, out, "needs", `class="card`) + "/"},
		{"organization", "organizations/" + pickPage(t, out, "organizations", `class="card`) + "/"},
		{"venue", "venues/" + pickPage(t, out, "venues", `class="card`) + "/"},
		{"needs", "needs/"},
		{"search", "search/"},
		{"prescribe", "prescribe/"},
		{"match", "match/"},
		{"this-week", "this-week/"},
		{"not-found", "404.html"},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			rec.reset()
			u := base + p.path
			resp, err := chromedp.Run(browser, chromedp.NavigateResponse(u))
			if err != nil {
				t.Fatalf("loading %s: %v", u, err)
			}
			if resp.Status != http.StatusOK {
				t.Fatalf("loading %s: status %d", u, resp.Status)
			}
			// Let deferred scripts and late requests finish.
			if err := chromedp.Do(browser, chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
				t.Fatal(err)
			}
			time.Sleep(200 * time.Millisecond)
			rec.check(t, u)

			shot, err := chromedp.Run(browser, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(artifacts, p.name+".png")
			if err := os.WriteFile(file, shot, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot of %s: %s", u, file)
			if axeJS != "" {
				runAxe(t, browser, axeJS, u)
			}
		})
	}

	t.Run("narrow", func(t *testing.T) {
		// WCAG 1.4.10 reflow: no sideways scrolling at 320 CSS pixels.
		for _, path := range []string{"", "listings/" + listing + "/", category, "this-week/"} {
			if err := chromedp.Do(browser, chromedp.EmulateViewport(320, 800), chromedp.Navigate(base+path)); err != nil {
				t.Fatal(err)
			}
			width, err := chromedp.Run(browser, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
			if err != nil {
				t.Fatal(err)
			}
			if width > 320 {
				t.Errorf("%s is %d CSS pixels wide at a 320-pixel viewport: it scrolls sideways", base+path, width)
			}
		}
		shot, err := chromedp.Run(browser, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(artifacts, "filters-320.png")
		if err := os.WriteFile(file, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot at 320 pixels: %s", file)
		if err := chromedp.Do(browser, chromedp.EmulateViewport(1280, 1000)); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("print", func(t *testing.T) {
		u := base + "listings/" + listing + "/"
		if err := chromedp.Do(browser, chromedp.Navigate(u)); err != nil {
			t.Fatal(err)
		}
		pdf, file := printPDF(t, browser, filepath.Join(artifacts, "listing.pdf"))
		if n := pdfPages(pdf); n != 1 {
			t.Errorf("%s prints on %d A4 pages, want 1 (%s)", u, n, file)
		} else {
			t.Logf("print preview, one A4 page: %s", file)
		}
	})

	t.Run("filters with JavaScript", func(t *testing.T) {
		name, value, _ := pickOption(t, filepath.Join(out, category, "index.html"))
		u := base + category
		if err := chromedp.Do(browser, chromedp.Navigate(u)); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(browser, chromedp.Click(chromedp.CSS(fmt.Sprintf(`label[for="f-%s-%s"]`, name, value)))); err != nil {
			t.Fatal(err)
		}
		loc, err := chromedp.Run(browser, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		want := url.Values{name: {value}}.Encode()
		if !strings.Contains(loc, "?"+want) {
			t.Errorf("after choosing %s=%s the address is %s, want it to end in ?%s", name, value, loc, want)
		}
		live, err := chromedp.Run(browser, chromedp.Evaluate[string](`document.querySelector("[data-live]").textContent`))
		if err != nil {
			t.Fatal(err)
		}
		if live == "" {
			t.Error("the live region announced nothing after a filter changed")
		}
		// Reloading the address restores the choice.
		if err := chromedp.Do(browser, chromedp.Navigate(loc)); err != nil {
			t.Fatal(err)
		}
		checked, err := chromedp.Run(browser, chromedp.Evaluate[bool](fmt.Sprintf(`document.getElementById("f-%s-%s").checked`, name, value)))
		if err != nil {
			t.Fatal(err)
		}
		if !checked {
			t.Errorf("opening %s did not restore the filter %s=%s", loc, name, value)
		}
	})

	t.Run("filters without JavaScript", func(t *testing.T) {
		u := base + category
		tab := openWithoutScript(t, browser, u)
		name, value, count := pickOption(t, filepath.Join(out, category, "index.html"))
		before := visibleCards(t, tab)
		labels, err := chromedp.Run(tab, chromedp.Nodes(chromedp.CSS(fmt.Sprintf(`label[for="f-%s-%s"]`, name, value))))
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(tab, chromedp.MouseClickNode(labels[0])); err != nil {
			t.Fatal(err)
		}
		after := visibleCards(t, tab)
		t.Logf("%s: %d cards shown; after choosing %s=%s, %d shown", u, len(before), name, value, len(after))
		if len(after) == 0 || len(after) >= len(before) {
			t.Errorf("choosing %s=%s without JavaScript left %d of %d cards shown; want some hidden and some shown", name, value, len(after), len(before))
		}
		if len(after) != count {
			t.Errorf("choosing %s=%s shows %d cards, but its label promises %d", name, value, len(after), count)
		}
		// "Any" shows them all again.
		anyLabel, err := chromedp.Run(tab, chromedp.Nodes(chromedp.CSS(fmt.Sprintf(`label[for="f-%s-any"]`, name))))
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(tab, chromedp.MouseClickNode(anyLabel[0])); err != nil {
			t.Fatal(err)
		}
		if again := visibleCards(t, tab); len(again) != len(before) {
			t.Errorf("choosing Any shows %d cards, want all %d", len(again), len(before))
		}
	})

	t.Logf("browser test took %v", time.Since(start).Round(time.Millisecond))
}

// TestBuiltSite checks the HTML of the whole sample site without a browser:
// every internal link keeps the base URL's sub-path and leads to a page that
// exists (and every #fragment to an id on its page), no value was refused by
// Go's HTML templates (ZgotmplZ), and no page has inline styles, inline
// scripts or anything loaded from another server.
func TestBuiltSite(t *testing.T) {
	const base = "https://example.org" + subPath
	out := filepath.Join(t.TempDir(), "site")
	var buildLog bytes.Buffer
	if _, err := site.Build(context.Background(), site.BuildOptions{
		ContentDir: "../content", OutDir: out, BaseURL: base, Log: &buildLog,
	}); err != nil {
		t.Fatalf("building the sample site: %v\n%s", err, buildLog.String())
	}
	if strings.Contains(buildLog.String(), "WARN") || strings.Contains(buildLog.String(), "ERROR") {
		t.Logf("Hugo said:\n%s", buildLog.String())
	}
	attrRE := regexp.MustCompile(`\s(href|src|action)="([^"]*)"`)
	idRE := regexp.MustCompile(`\sid="([^"]+)"`)
	scriptRE := regexp.MustCompile(`<script\b[^>]*>`)
	inlineScriptRE := regexp.MustCompile(`(?s)<script>(.*?)</script>`)
	cspRE := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)
	files, err := filepath.Glob(filepath.Join(out, "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob(filepath.Join(out, "*", "*", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, more...)
	for _, dir := range []string{"listings", "categories", "needs", "organizations", "venues", "search", "prescribe", "this-week"} {
		files = append(files, filepath.Join(out, dir, "index.html"))
	}
	exists := func(path string) bool {
		_, err := os.Stat(path)
		return err == nil
	}
	pages, links := 0, 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Error(err)
			continue
		}
		pages++
		html := string(b)
		rel, _ := filepath.Rel(out, f)
		if strings.Contains(html, "ZgotmplZ") {
			t.Errorf("%s: a value was refused by the HTML template (ZgotmplZ)", rel)
		}
		if strings.Contains(html, " style=") {
			t.Errorf("%s: has an inline style attribute", rel)
		}
		for _, tag := range scriptRE.FindAllString(html, -1) {
			// Data blocks (JSON-LD, /this-week/'s activities) are not run; the one
			// script in <head> (js/early.js) is checked below.
			if !strings.Contains(tag, `type="application/ld+json"`) && !strings.Contains(tag, `type="application/json"`) &&
				!strings.Contains(tag, " src=") && tag != "<script>" {
				t.Errorf("%s: has an inline script: %s", rel, tag)
			}
		}
		// The only script written into a page is allowed by its own hash in the page's
		// Content-Security-Policy, and by nothing looser ('unsafe-inline').
		if inline := inlineScriptRE.FindAllStringSubmatch(html, -1); len(inline) != 1 {
			t.Errorf("%s: %d inline scripts, want js/early.js alone", rel, len(inline))
		} else {
			sum := sha256.Sum256([]byte(inline[0][1]))
			want := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
			csp := cspRE.FindStringSubmatch(html)
			if csp == nil || !strings.Contains(strings.ReplaceAll(csp[1], "&#43;", "+"), "script-src 'self' "+want+";") || strings.Contains(csp[1], "unsafe") {
				t.Errorf("%s: the inline script's hash %s is not what the Content-Security-Policy allows: %q", rel, want, csp)
			}
		}
		ids := map[string]bool{}
		for _, m := range idRE.FindAllStringSubmatch(html, -1) {
			ids[m[1]] = true
		}
		for _, m := range attrRE.FindAllStringSubmatch(html, -1) {
			attr, ref := m[1], strings.ReplaceAll(m[2], "&amp;", "&")
			links++
			switch {
			case strings.HasPrefix(ref, "#"):
				if !ids[ref[1:]] {
					t.Errorf("%s: link to #%s, which is not on the page", rel, ref[1:])
				}
				continue
			case strings.HasPrefix(ref, "mailto:"), strings.HasPrefix(ref, "tel:"), strings.HasPrefix(ref, "sms:"):
				continue
			case strings.HasPrefix(ref, base):
				ref = strings.TrimPrefix(ref, "https://example.org")
			case strings.HasPrefix(ref, "http://"), strings.HasPrefix(ref, "https://"):
				if attr != "href" {
					t.Errorf("%s: loads %s from another server", rel, ref)
				}
				continue
			}
			if !strings.HasPrefix(ref, subPath) {
				t.Errorf("%s: %s=%q does not keep the base URL's path %s", rel, attr, ref, subPath)
				continue
			}
			path := strings.TrimPrefix(ref, subPath)
			path, _, _ = strings.Cut(path, "#")
			path, _, _ = strings.Cut(path, "?")
			if path == "" || strings.HasSuffix(path, "/") {
				path += "index.html"
			}
			if !exists(filepath.Join(out, filepath.FromSlash(path))) {
				t.Errorf("%s: %s=%q leads nowhere", rel, attr, ref)
			}
		}
	}
	if pages < 50 {
		t.Errorf("checked only %d pages", pages)
	}
	t.Logf("checked %d pages and %d links", pages, links)
	checkPlaces(t, out)
}

// checkPlaces: every listing whose directory.json entry has a capacity
// shows it on its page under "Places", in its words, with a <time> of the
// date it was given; the sample has some.
func checkPlaces(t *testing.T, out string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "directory.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Listings []struct {
			ID, Status string
			Capacity   *struct {
				Updated, Text, Note string
			}
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	shown := 0
	for _, l := range doc.Listings {
		b, err := os.ReadFile(filepath.Join(out, "listings", l.ID, "index.html"))
		if err != nil {
			t.Error(err)
			continue
		}
		page := string(b)
		if l.Capacity == nil || l.Status == "ended" {
			if strings.Contains(page, "fact-places") {
				t.Errorf("listings/%s: shows places it does not have", l.ID)
			}
			continue
		}
		shown++
		i := strings.Index(page, `<div class="fact fact-places">`)
		if i < 0 {
			t.Errorf("listings/%s: no places on the page for %q", l.ID, l.Capacity.Text)
			continue
		}
		fact, _, _ := strings.Cut(page[i:], "</div>")
		if !strings.Contains(fact, "<dt>Places</dt>") || !strings.Contains(fact, `<time datetime="`+l.Capacity.Updated+`">As of `) {
			t.Errorf("listings/%s: places %s", l.ID, fact)
		}
		// Each sentence of the words shows, apart from the date said in <time>.
		for _, sentence := range strings.SplitAfter(l.Capacity.Text, ". ") {
			sentence = strings.TrimSuffix(strings.TrimSpace(sentence), ".")
			if sentence == "" || strings.HasPrefix(sentence, "As of") {
				continue
			}
			if !strings.Contains(strings.ReplaceAll(fact, "&#39;", "'"), sentence) {
				t.Errorf("listings/%s: the page's places do not say %q: %s", l.ID, sentence, fact)
			}
		}
	}
	if shown < 2 {
		t.Errorf("only %d sample pages show places", shown)
	}
}

// recorder collects, for the page being checked, console errors, uncaught
// exceptions, failed loads and every request, from the tab's event loop.
type recorder struct {
	host string

	mu       sync.Mutex
	requests []string
	problems []string
}

func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests, r.problems = nil, nil
}

func (r *recorder) listen(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		r.requests = append(r.requests, ev.Request.URL)
	case *network.EventLoadingFailed:
		r.problems = append(r.problems, fmt.Sprintf("a request failed: %s (%s)", ev.ErrorText, ev.BlockedReason))
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			r.problems = append(r.problems, fmt.Sprintf("%s answered %d", ev.Response.URL, ev.Response.Status))
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value))
			}
			r.problems = append(r.problems, "console."+string(ev.Type)+": "+strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		r.problems = append(r.problems, fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, text))
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level == cdplog.EntryLevelError {
			r.problems = append(r.problems, fmt.Sprintf("browser log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
		}
	}
}

// check fails the test for any problem seen while loading u, and for any
// request to another server than the test server (data: URLs are fine).
func (r *recorder) check(t *testing.T, u string) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range r.problems {
		t.Errorf("%s: %s", u, p)
	}
	if len(r.requests) == 0 {
		t.Errorf("%s: no network requests were seen; is the listener working?", u)
	}
	for _, req := range r.requests {
		parsed, err := url.Parse(req)
		if err != nil {
			t.Errorf("%s: unreadable request address %q", u, req)
			continue
		}
		if parsed.Scheme == "data" {
			continue
		}
		if parsed.Host != r.host {
			t.Errorf("%s: request to another server: %s", u, req)
		}
	}
}

// loadAxe returns axe-core's source, or "" (and says so) when it is missing.
func loadAxe(t *testing.T) string {
	candidates := []string{os.Getenv("AXE_CORE_JS"), "../node_modules/axe-core/axe.min.js", "../.ci/node/node_modules/axe-core/axe.min.js"}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		b, err := os.ReadFile(c)
		if err == nil {
			t.Logf("axe-core: %s", c)
			return string(b)
		}
	}
	// Chromium is here (the browser tests run), so a missing axe-core would drop the
	// accessibility checks without a word under plain go test, which hides skips: fail
	// instead, unless the person running the tests says they know.
	if os.Getenv("SIGNPOST_NO_AXE") == "" {
		t.Fatal("axe-core not found, so the accessibility checks cannot run. Install it with " +
			"`npm install --no-save axe-core` at the repository root (or set AXE_CORE_JS to its axe.min.js), " +
			"or set SIGNPOST_NO_AXE=1 to run the other browser tests without them.")
	}
	t.Log("axe-core not found and SIGNPOST_NO_AXE is set: SKIPPING the accessibility checks")
	return ""
}

type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target         []any  `json:"target"`
		HTML           string `json:"html"`
		FailureSummary string `json:"failureSummary"`
	} `json:"nodes"`
}

// runAxe injects axe-core into the page (DevTools evaluation is not subject to
// the page's Content-Security-Policy) and fails on serious or critical
// violations of WCAG 2.x A and AA.
func runAxe(t *testing.T, ctx context.Context, axeJS, u string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeJS)); err != nil {
		t.Fatalf("injecting axe-core: %v", err)
	}
	const run = `axe.run(document, {
		runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
		resultTypes: ["violations"]
	}).then(r => JSON.stringify(r.violations))`
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe-core: %v", err)
	}
	var violations []axeViolation
	if err := json.Unmarshal([]byte(raw), &violations); err != nil {
		t.Fatalf("reading axe-core's results: %v", err)
	}
	serious := 0
	for _, v := range violations {
		var b strings.Builder
		fmt.Fprintf(&b, "axe %s [%s] %s: %s (%s)", u, v.Impact, v.ID, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    at %v: %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.FailureSummary, "\n", "\n      "))
		}
		if v.Impact == "serious" || v.Impact == "critical" {
			serious++
			t.Error(b.String())
		} else {
			t.Log(b.String())
		}
	}
	t.Logf("axe-core on %s: %d violations, %d serious or critical", u, len(violations), serious)
}

// visibleCards returns the listing cards that are displayed, read from the
// computed style through the DevTools CSS domain, which works with the page's
// JavaScript switched off.
func visibleCards(t *testing.T, ctx context.Context) []cdp.NodeID {
	t.Helper()
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll("li.card")))
	if err != nil {
		t.Fatal(err)
	}
	var shown []cdp.NodeID
	for _, n := range nodes {
		res, err := chromedp.Call(ctx, css.GetComputedStyleForNode, css.GetComputedStyleForNodeParams{NodeID: n.NodeID})
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(res.ComputedStyle, func(p *css.ComputedStyleProperty) bool { return p.Name == "display" })
		if i < 0 {
			t.Fatal("no display property in the computed style of a card")
		}
		if res.ComputedStyle[i].Value != "none" {
			shown = append(shown, n.NodeID)
		}
	}
	return shown
}

// pickListing returns a listing id that the built site has, preferring one
// with plenty on its page.
func pickListing(t *testing.T, out string) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(out, "listings", "riverside-walking-group", "index.html")); err == nil {
		return "riverside-walking-group"
	}
	entries, err := os.ReadDir(filepath.Join(out, "listings"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			return e.Name()
		}
	}
	t.Fatal("the built site has no listing pages")
	return ""
}

// pickPage returns the id of the first page in a folder of the built site
// whose HTML contains marker.
func pickPage(t *testing.T, out, folder, marker string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(out, folder, "*", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(marker)) {
			return filepath.Base(filepath.Dir(f))
		}
	}
	t.Fatalf("no page in %s/ has %s", folder, marker)
	return ""
}

// pickFilterPage returns the path of the category page with filters and the
// most listings.
func pickFilterPage(t *testing.T, out string) string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(out, "categories", "*", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	best, most := "", 0
	for _, f := range dirs {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(`class="filters"`)) {
			continue
		}
		if n := bytes.Count(b, []byte(`<li class="card`)); n > most {
			best, most = f, n
		}
	}
	if best == "" {
		t.Fatal("no category page has filters")
	}
	rel, err := filepath.Rel(out, filepath.Dir(best))
	if err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(rel) + "/"
}

var optionRE = regexp.MustCompile(`<input type="radio" name="([a-z]+)" id="f-[^"]+" value="([^"]+)"><label for="[^"]+">[^<]*<span class="opt-count">\((\d+)\)</span>`)

// pickOption returns a filter option of the page that matches some of its
// cards but not all, with the number it matches.
func pickOption(t *testing.T, file string) (name, value string, count int) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	total := bytes.Count(b, []byte(`<li class="card`))
	for _, m := range optionRE.FindAllSubmatch(b, -1) {
		n, _ := strconv.Atoi(string(m[3]))
		if n > 0 && n < total {
			return string(m[1]), string(m[2]), n
		}
	}
	t.Fatalf("%s has no filter option that matches some cards but not all", file)
	return "", "", 0
}

// pdfPages counts the pages of a PDF that Chromium wrote.
func pdfPages(pdf []byte) int {
	return len(regexp.MustCompile(`/Type\s*/Page\b`).FindAll(pdf, -1))
}

// sampleSite is the bundled sample, built with the real pipeline and
// served under a sub-path, as on GitHub Pages.
type sampleSite struct {
	base, out, host, chromium string
}

// serveSample skips the test without Chromium, and otherwise builds and
// serves the sample until the test ends.
func serveSample(t testing.TB) sampleSite {
	t.Helper()
	return serveContent(t, "../content", 0)
}

// serveContent is serveSample for any content folder, with lists split into
// pages of pageSize activities (0 for the usual size).
func serveContent(t testing.TB, contentDir string, pageSize int) sampleSite {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	chromium := cmp.Or(os.Getenv("SIGNPOST_CHROMIUM"), "/usr/bin/chromium")
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("browser test: no Chromium at %s (install it with apt-get install chromium, or set SIGNPOST_CHROMIUM)", chromium)
	}
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String() + subPath
	out := filepath.Join(t.TempDir(), "site")
	var buildLog bytes.Buffer
	if _, err := site.Build(context.Background(), site.BuildOptions{
		ContentDir: contentDir, OutDir: out, BaseURL: base, Log: &buildLog, ListPageSize: pageSize,
	}); err != nil {
		t.Fatalf("building the site of %s: %v\n%s", contentDir, err, buildLog.String())
	}
	srv.Config.Handler = http.StripPrefix(strings.TrimSuffix(subPath, "/"), http.FileServer(http.Dir(out)))
	srv.Start()
	t.Cleanup(srv.Close)
	return sampleSite{base: base, out: out, host: srv.Listener.Addr().String(), chromium: chromium}
}

// openWithoutScript opens u in a new tab of browser with JavaScript turned
// off, and fails the test if a script ran all the same.
func openWithoutScript(t *testing.T, browser context.Context, u string) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	if _, err := chromedp.Call(tab, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(u)); err != nil {
		t.Fatal(err)
	}
	class, err := chromedp.Run(tab, chromedp.AttributeValue(chromedp.CSS("html"), "class"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(class.Value, "js") {
		t.Fatalf("JavaScript ran in the tab that should have none (html class %q)", class.Value)
	}
	return tab
}

// startBrowser starts headless Chromium for a test, width CSS pixels wide,
// recording the requests and problems of its pages (see recorder); it stops
// when the test ends.
func startBrowser(t testing.TB, sample sampleSite, width int) (context.Context, *recorder) {
	t.Helper()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(sample.chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.NoFirstRun,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, 1000))
	t.Cleanup(cancelAlloc)
	ctx, cancelCtx := context.WithTimeout(allocCtx, 120*time.Second)
	t.Cleanup(cancelCtx)
	rec := &recorder{host: sample.host}
	browser, cancelBrowser := chromedp.NewContext(ctx, chromedp.WithListener(rec.listen))
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return browser, rec
}

// printPDF prints the page of ctx on A4 as Chromium does, saves the PDF at
// file, and returns it.
func printPDF(t testing.TB, ctx context.Context, file string) ([]byte, string) {
	t.Helper()
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return pdf, file
}
