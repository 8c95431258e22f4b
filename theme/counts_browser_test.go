package theme_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCountsAgree: one definition of what is counted (the running
// activities: active or full), everywhere. Each need and category tile on
// the home page says as many activities as its page lists and says it
// lists; the all-activities page holds every running listing of
// directory.json; and with filters chosen, every filter option's count is
// the number of activities a click on it shows.
func TestCountsAgree(t *testing.T) {
	sample := serveSample(t)
	browser, rec := startBrowser(t, sample, 1280)
	number := regexp.MustCompile(`\d+`)
	first := func(s string) int {
		n, err := strconv.Atoi(number.FindString(s))
		if err != nil {
			t.Fatalf("no number in %q", s)
		}
		return n
	}
	// shown is what a list page says and holds once its script has run: the
	// cards on screen, the total it says, and the cards in the page.
	const shown = `new Promise(resolve => setTimeout(() => resolve([
  Array.from(document.querySelectorAll(".cards > .card")).filter(c => c.offsetParent !== null).length,
  document.querySelector(".result-count") ? document.querySelector(".result-count").textContent : "",
  document.querySelectorAll(".cards > .card").length]), 150))`

	if err := chromedp.Do(browser, chromedp.Navigate(sample.base)); err != nil {
		t.Fatal(err)
	}
	tiles, err := chromedp.Run(browser, chromedp.Evaluate[[][2]string](
		`Array.from(document.querySelectorAll("a.term")).map(a => [a.getAttribute("href"), a.querySelector(".term-count").textContent])`))
	if err != nil {
		t.Fatal(err)
	}
	if len(tiles) < 20 {
		t.Fatalf("only %d need and category tiles on the home page", len(tiles))
	}
	for _, tile := range tiles {
		if err := chromedp.Do(browser, chromedp.Navigate(sample.base+tile[0][len(subPath):])); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(browser, chromedp.Evaluate[[]json.RawMessage](shown, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		var onScreen, inPage int
		var says string
		json.Unmarshal(got[0], &onScreen)
		json.Unmarshal(got[1], &says)
		json.Unmarshal(got[2], &inPage)
		total := number.FindAllString(says, -1)
		want := first(tile[1])
		// "Showing N of M": N is a CSS counter of the cards shown (onScreen), so the text holds M.
		if onScreen != want || inPage != want || len(total) != 1 || total[0] != strconv.Itoa(want) {
			t.Errorf("%s: the home page says %q; the page shows %d of %d cards and says %q", tile[0], tile[1], onScreen, inPage, says)
		}
	}
	rec.check(t, "need and category pages")

	// The all-activities page: every running listing.
	data, err := os.ReadFile(filepath.Join(sample.out, "directory.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dir struct {
		Listings []struct{ Status string } `json:"listings"`
	}
	if err := json.Unmarshal(data, &dir); err != nil {
		t.Fatal(err)
	}
	running := 0
	for _, l := range dir.Listings {
		if l.Status == "active" || l.Status == "full" {
			running++
		}
	}
	if running == len(dir.Listings) {
		t.Fatal("the sample has no paused or ended listing: the test cannot tell the definitions apart")
	}
	if err := chromedp.Do(browser, chromedp.Navigate(sample.base+"listings/")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(browser, chromedp.Evaluate[[]json.RawMessage](shown, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var inPage int
	json.Unmarshal(got[2], &inPage)
	if inPage != running {
		t.Errorf("all activities: %d cards, want the %d running listings of directory.json", inPage, running)
	}

	// Filter counts follow the other choices: with Tuesday chosen, each option says what
	// a click on it shows.
	const options = `Array.from(document.querySelectorAll("form.filters input[type=radio]:not([value=''])")).map(i =>
  [i.name, i.value, (i.parentNode.querySelector(".opt-count") || {}).textContent || ""])`
	if err := chromedp.Do(browser, chromedp.Navigate(sample.base+"listings/?days=tue")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(browser, chromedp.Evaluate[[]json.RawMessage](shown, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	opts, err := chromedp.Run(browser, chromedp.Evaluate[[][3]string](options))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, o := range opts {
		if o[0] == "days" {
			continue
		}
		if err := chromedp.Do(browser, chromedp.Navigate(sample.base+"listings/?days=tue&"+o[0]+"="+o[1])); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(browser, chromedp.Evaluate[[]json.RawMessage](shown, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		var onScreen int
		json.Unmarshal(got[0], &onScreen)
		if say := first(o[2]); say != onScreen {
			t.Errorf("with Tuesday chosen, %s=%s says %q but shows %d", o[0], o[1], o[2], onScreen)
		}
		checked++
	}
	if checked < 10 {
		t.Errorf("only %d filter options checked", checked)
	}
}
