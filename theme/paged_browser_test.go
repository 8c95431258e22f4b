package theme_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/signpost-directory/signpost/site/synth"
)

// TestPagedListsFilterTheWholeList: a list split into pages holds only some
// of its activities, so with JavaScript its filters hand over to the search
// page, with the list's category chosen, and the count there is the whole
// list's (worked out here from directory.json), not the page's. Without
// JavaScript the page says its filters choose among its own cards. The
// pages pass axe-core.
func TestPagedListsFilterTheWholeList(t *testing.T) {
	content := filepath.Join(t.TempDir(), "content")
	if err := synth.Write(content, 450); err != nil {
		t.Fatal(err)
	}
	sample := serveContent(t, content, 40)
	browser, rec := startBrowser(t, sample, 1280)
	axeJS := loadAxe(t)

	split, _ := filepath.Glob(filepath.Join(sample.out, "categories", "*", "page", "2"))
	if len(split) == 0 {
		t.Fatal("no category list is split into pages")
	}
	term := filepath.Base(filepath.Dir(filepath.Dir(split[0])))

	// What the whole category holds on Tuesdays, from the published data.
	data, err := os.ReadFile(filepath.Join(sample.out, "directory.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dir struct {
		Listings []struct {
			Status     string   `json:"status"`
			Categories []string `json:"categories"`
			Schedule   []struct {
				Days []string `json:"days"`
			} `json:"schedule"`
		} `json:"listings"`
	}
	if err := json.Unmarshal(data, &dir); err != nil {
		t.Fatal(err)
	}
	want, inCategory := 0, 0
	for _, l := range dir.Listings {
		if (l.Status != "active" && l.Status != "full") || !slices.Contains(l.Categories, term) {
			continue
		}
		inCategory++
		for _, r := range l.Schedule {
			if slices.ContainsFunc(r.Days, func(d string) bool { return strings.HasPrefix(strings.ToLower(d), "tu") }) {
				want++
				break
			}
		}
	}
	if want == 0 || inCategory <= 40 {
		t.Fatalf("%s: %d activities, %d on Tuesdays: the test would test nothing", term, inCategory, want)
	}

	page := sample.base + "categories/" + term + "/"
	if err := chromedp.Do(browser, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	notes, err := chromedp.Run(browser, chromedp.Evaluate[[]bool](`[
		document.querySelector("[data-paged-js]").offsetParent !== null,
		document.querySelector("[data-paged-nojs]").offsetParent !== null]`))
	if err != nil {
		t.Fatal(err)
	}
	if !notes[0] || notes[1] {
		t.Errorf("with JavaScript, the note that filters search the whole list shows: %v; the no-script note shows: %v", notes[0], notes[1])
	}
	runAxe(t, browser, axeJS, "categories/"+term+"/")

	if err := chromedp.Do(browser, chromedp.Click(chromedp.CSS(`label[for="f-days-tue"]`))); err != nil {
		t.Fatal(err)
	}
	// The search page, with the category and the day chosen, counts the whole list.
	const found = `new Promise((resolve, reject) => {
  const began = Date.now();
  (function look() {
    const s = document.querySelector(".search-status");
    if (location.pathname.endsWith("/search/") && s && /activit/.test(s.textContent)) { resolve([location.search, s.textContent]); return; }
    if (Date.now() - began > 15000) { reject(new Error("no results at " + location.href)); return; }
    setTimeout(look, 50);
  })();
})`
	var got []string
	for deadline := time.Now().Add(20 * time.Second); ; {
		got, err = chromedp.Run(browser, chromedp.Evaluate[[]string](found, chromedp.EvalAwaitPromise))
		if err == nil || time.Now().After(deadline) {
			break // the page may be changing under the first tries
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != "?category="+term+"&day=tue" {
		t.Errorf("the filter went to the search page as %q", got[0])
	}
	n, _ := strconv.Atoi(strings.ReplaceAll(regexp.MustCompile(`[\d,]+`).FindString(got[1]), ",", ""))
	if n != want {
		t.Errorf("the search page says %q; the whole %s list has %d activities on Tuesdays (%d in all, 40 a page)", got[1], term, want, inCategory)
	}
	rec.check(t, "a paged list and the search page it hands over to")

	// Without JavaScript the page says what its filters do.
	tab := openWithoutScript(t, browser, page)
	text, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS("[data-paged-nojs]")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "choose among the 40 activities on this page only") {
		t.Errorf("the no-script note says %q", text)
	}
}
