package theme_test

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// waitResults is a script that waits until the search results settle and
// returns their titles (or the status line when there are none).
const waitResults = `new Promise((resolve, reject) => {
  let last = "", same = 0, tries = 0;
  const tick = () => {
    const status = document.querySelector(".search-status");
    const titles = Array.from(document.querySelectorAll(".search-result-title")).map(e => e.textContent);
    const now = (status ? status.textContent : "") + "|" + titles.join("|");
    if (status && status.textContent && now === last) { same++; } else { same = 0; }
    last = now;
    if (same >= 3) { resolve(titles.length ? titles : [status.textContent]); return; }
    if (++tries > 200) { reject(new Error("no search results: " + now)); return; }
    setTimeout(tick, 25);
  };
  tick();
})`

// TestSearchBrowser drives the search client in Chromium against the built
// sample: stemming, typo tolerance, filters, the address and the keyboard.
func TestSearchBrowser(t *testing.T) {
	sample := serveSample(t)
	chromium, base := sample.chromium, sample.base

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.NoFirstRun,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000))
	defer cancelAlloc()
	ctx, cancelCtx := context.WithTimeout(allocCtx, 90*time.Second)
	defer cancelCtx()
	rec := &recorder{host: sample.host}
	browser, cancelBrowser := chromedp.NewContext(ctx, chromedp.WithListener(rec.listen))
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}

	results := func(t *testing.T) []string {
		t.Helper()
		titles, err := chromedp.Run(browser, chromedp.Evaluate[[]string](waitResults, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		return titles
	}
	eval := func(t *testing.T, js string) string {
		t.Helper()
		v, err := chromedp.Run(browser, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	walkers := []string{"Riverside Walking Group", "Northfield Health Walk", "Walking Football for Over-50s", "Wendbridge Village Walk"}

	t.Run("walk", func(t *testing.T) {
		rec.reset()
		u := base + "search/?q=walk"
		if err := chromedp.Do(browser, chromedp.Navigate(u)); err != nil {
			t.Fatal(err)
		}
		titles := results(t)
		for _, w := range walkers {
			if !slices.Contains(titles, w) {
				t.Errorf("walk: %q not among %q", w, titles)
			}
		}
		if !slices.Contains(walkers, titles[0]) {
			t.Errorf("walk: the first result is %q, not a walking group", titles[0])
		}
		if marks := eval(t, `Array.from(document.querySelectorAll(".search-results mark")).map(m => m.textContent.toLowerCase()).join(" ")`); !strings.Contains(marks, "walk") {
			t.Errorf("walk: matched words not highlighted (marks %q)", marks)
		}
		if status := eval(t, `document.querySelector(".search-status[role=status]").textContent`); !strings.Contains(status, "found") {
			t.Errorf("walk: status %q", status)
		}
		if hidden := eval(t, `String(document.querySelector("[data-search-fallback]").hidden)`); hidden != "true" {
			t.Error("the no-JavaScript notice is still shown")
		}
		time.Sleep(100 * time.Millisecond)
		rec.check(t, u)
	})

	t.Run("gardning typed", func(t *testing.T) {
		if err := chromedp.Do(browser, chromedp.Navigate(base+"search/"),
			chromedp.SendKeys(chromedp.CSS("#search-page-q"), "gardning")); err != nil {
			t.Fatal(err)
		}
		titles := results(t)
		if !slices.Contains(titles, "Community Plot Gardening Sessions") {
			t.Errorf("gardning: gardening listing not among %q", titles)
		}
		// Typing goes into the address, replacing (not adding) history entries.
		loc, err := chromedp.Run(browser, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		if u, _ := url.Parse(loc); u.Query().Get("q") != "gardning" {
			t.Errorf("address %s does not hold the query", loc)
		}
	})

	t.Run("filter narrows and the address round-trips", func(t *testing.T) {
		if err := chromedp.Do(browser, chromedp.Navigate(base+"search/?q=walk")); err != nil {
			t.Fatal(err)
		}
		all := results(t)
		// Choose the first day that some but not all walking results have.
		value := eval(t, `(async () => {
		  const sel = document.querySelector("select[name=day]");
		  for (const o of Array.from(sel.options).slice(1)) {
		    const r = await window.signpostSearch.search("walk", {day: o.value});
		    if (r.ids.length > 0 && r.ids.length < `+strconv.Itoa(len(all))+`) { sel.value = o.value; sel.dispatchEvent(new Event("change")); return o.value; }
		  }
		  return "";
		})()`)
		if value == "" {
			t.Fatal("no day filter narrows the walking results")
		}
		narrowed := results(t)
		if len(narrowed) == 0 || len(narrowed) >= len(all) {
			t.Fatalf("day=%s: %d results, without it %d", value, len(narrowed), len(all))
		}
		loc, err := chromedp.Run(browser, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		if u, _ := url.Parse(loc); u.Query().Get("day") != value || u.Query().Get("q") != "walk" {
			t.Fatalf("address %s does not hold q=walk&day=%s", loc, value)
		}
		// The same address, opened afresh, gives the same results and filter.
		if err := chromedp.Do(browser, chromedp.Navigate("about:blank"), chromedp.Navigate(loc)); err != nil {
			t.Fatal(err)
		}
		if again := results(t); !slices.Equal(again, narrowed) {
			t.Errorf("reopened %s: %q, want %q", loc, again, narrowed)
		}
		if got := eval(t, `document.querySelector("select[name=day]").value`); got != value {
			t.Errorf("reopened %s: day filter %q", loc, got)
		}
		// Back goes to the unfiltered search.
		if err := chromedp.Do(browser, chromedp.Navigate(base+"search/?q=walk")); err != nil {
			t.Fatal(err)
		}
		results(t)
		eval(t, `(() => { const s = document.querySelector("select[name=day]"); s.value = "`+value+`"; s.dispatchEvent(new Event("change")); return ""; })()`)
		results(t)
		if err := chromedp.Do(browser, chromedp.NavigateBack()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(150 * time.Millisecond)
		if back := results(t); len(back) != len(all) {
			t.Errorf("after going back: %d results, want %d", len(back), len(all))
		}
	})

	t.Run("no results", func(t *testing.T) {
		if err := chromedp.Do(browser, chromedp.Navigate(base+"search/?q=xylophonequartet")); err != nil {
			t.Fatal(err)
		}
		status := results(t)
		if !strings.HasPrefix(status[0], "No activities match") {
			t.Errorf("status %q", status)
		}
		if n := eval(t, `String(document.querySelectorAll(".search-browse a[href*='/needs/']").length)`); n == "0" {
			t.Error("no results: no links to browse by need")
		}
	})

	t.Run("dropdown and keyboard", func(t *testing.T) {
		rec.reset()
		u := base + "listings/"
		if err := chromedp.Do(browser, chromedp.Navigate(u), chromedp.SendKeys(chromedp.CSS("#site-search"), "choir")); err != nil {
			t.Fatal(err)
		}
		titles := results(t)
		if !slices.ContainsFunc(titles, func(s string) bool { return strings.Contains(strings.ToLower(s), "choir") }) {
			t.Errorf("choir: %q", titles)
		}
		if err := chromedp.Do(browser, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
			t.Fatal(err)
		}
		if got := eval(t, `document.activeElement.closest(".search-result") ? "result" : document.activeElement.id`); got != "result" {
			t.Errorf("arrow down from the box: focus on %q, want the first result", got)
		}
		if err := chromedp.Do(browser, chromedp.KeyEvent(kb.Escape)); err != nil {
			t.Fatal(err)
		}
		if got := eval(t, `document.activeElement.id`); got != "site-search" {
			t.Errorf("Escape: focus on %q, want the search box", got)
		}
		rec.check(t, u)
	})
}
