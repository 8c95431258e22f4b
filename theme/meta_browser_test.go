package theme_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestEveryPageHasADescription: every page of the built sample carries a meta
// description of its own words (link previews and search engines show it),
// and its headings never skip a level.
func TestEveryPageHasADescription(t *testing.T) {
	sample := serveSample(t)
	description := regexp.MustCompile(`<meta name="description" content="([^"]*)">`)
	heading := regexp.MustCompile(`<h([1-6])[\s>]`)
	pages, missing := 0, 0
	err := filepath.WalkDir(sample.out, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		page := string(data)
		if strings.Contains(page, `http-equiv="refresh"`) { // Hugo's redirects
			return nil
		}
		pages++
		rel, _ := filepath.Rel(sample.out, path)
		m := description.FindStringSubmatch(page)
		if m == nil || len(strings.TrimSpace(m[1])) < 20 || strings.Contains(m[1], "{{") {
			missing++
			t.Errorf("%s: meta description %q", rel, m)
		}
		last := 0
		for _, h := range heading.FindAllStringSubmatch(page, -1) {
			level := int(h[1][0] - '0')
			if level > last+1 {
				t.Errorf("%s: an h%d follows an h%d", rel, level, last)
				break
			}
			last = level
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 100 {
		t.Errorf("only %d pages read", pages)
	}
	t.Logf("%d pages, %d without a description", pages, missing)

	// Pages the script fills in: the search results, plain and in groups near a place.
	browser, _ := startBrowser(t, sample, 1280)
	for _, path := range []string{"search/?q=walk", "search/?q=walk&near=MB1"} {
		if err := chromedp.Do(browser, chromedp.Navigate(sample.base+path)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(browser, chromedp.Evaluate[string](waitSearch, chromedp.EvalAwaitPromise)); err != nil {
			t.Fatal(err)
		}
		levels, err := chromedp.Run(browser, chromedp.Evaluate[[]int](`Array.from(document.querySelectorAll("h1,h2,h3,h4,h5,h6")).map(h => +h.tagName[1])`))
		if err != nil {
			t.Fatal(err)
		}
		last := 0
		for _, level := range levels {
			if level > last+1 {
				t.Errorf("%s: an h%d follows an h%d (headings %v)", path, level, last, levels)
				break
			}
			last = level
		}
	}
}

// TestNoLayoutShift: what the scripts do after the first paint (fold the filters on a
// phone, show the place-and-time controls, put in search results) moves nothing that
// was already on screen: the cumulative layout shift of each page stays under 0.1
// (the "good" threshold of Core Web Vitals), on a phone and on a desktop.
func TestNoLayoutShift(t *testing.T) {
	sample := serveSample(t)
	const observe = `window.__shift = 0; new PerformanceObserver(list => { for (const e of list.getEntries()) { if (!e.hadRecentInput) { window.__shift += e.value; } } }).observe({type: "layout-shift", buffered: true});`
	for _, width := range []int{390, 1280} {
		browser, rec := startBrowser(t, sample, width)
		if err := chromedp.Do(browser, chromedp.EmulateViewport(int64(width), 900)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(browser, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: observe}); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"needs/loneliness/", "listings/?days=tue", "search/?q=walk", "search/?q=walk&near=MB1", "match/?need=loneliness"} {
			if err := chromedp.Do(browser, chromedp.Navigate(sample.base+path)); err != nil {
				t.Fatal(err)
			}
			shift, err := chromedp.Run(browser, chromedp.Evaluate[float64](`new Promise(resolve => setTimeout(() => resolve(window.__shift), 1500))`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			if shift >= 0.1 {
				t.Errorf("%s at %d pixels: cumulative layout shift %.3f", path, width, shift)
			}
			rec.check(t, path)
		}
	}
}
