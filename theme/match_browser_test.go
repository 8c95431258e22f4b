package theme_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/signpost-directory/signpost/site/schedule"
)

// TestMatchBrowser drives /match/ in Chromium: for loneliness, free, on a
// Tuesday morning, near Wendbridge, the activities shown are exactly those
// that fit (worked out here from directory.json and the schedule package),
// nearest first, each saying why; one added to the basket keeps its reason.
func TestMatchBrowser(t *testing.T) {
	sample := serveSample(t)
	data, err := os.ReadFile(filepath.Join(sample.out, "directory.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dir struct {
		Listings []struct {
			ID, Title, Venue, Status string
			Needs                    []string            `json:"needs"`
			Cost                     struct{ Free bool } `json:"cost"`
			Schedule                 []struct {
				Canonical string `json:"canonical"`
			} `json:"schedule"`
		} `json:"listings"`
	}
	if err := json.Unmarshal(data, &dir); err != nil {
		t.Fatal(err)
	}
	pos := venuePositions(t, data)
	type fit struct {
		title string
		km    float64
	}
	var want []fit
	for _, l := range dir.Listings {
		if !slices.Contains(l.Needs, "loneliness") || !l.Cost.Free || (l.Status != "active" && l.Status != "full") {
			continue
		}
		tuesdayMorning := false
		for _, r := range l.Schedule {
			rule, err := schedule.Parse(r.Canonical)
			if err != nil {
				t.Fatal(err)
			}
			if rule.Start < 12*60 && schedule.DaysOfWeek([]schedule.Rule{rule})[time.Tuesday] {
				tuesdayMorning = true
			}
		}
		if !tuesdayMorning {
			continue
		}
		km := math.Inf(1)
		if p, ok := pos[l.Venue]; ok {
			km = haversineKm(52.5915, -1.8630, p[0], p[1]) // Wendbridge, places.yaml
		}
		want = append(want, fit{l.Title, km})
	}
	slices.SortStableFunc(want, func(a, b fit) int {
		if a.km == b.km {
			return 0
		}
		if a.km < b.km {
			return -1
		}
		return 1
	})
	if len(want) < 3 {
		t.Fatalf("only %d sample activities fit: the test proves little", len(want))
	}

	browser, rec := startBrowser(t, sample, 1280)

	const query = "match/?need=loneliness&day=tue&time=morning&cost=free&near=Wendbridge"
	if err := chromedp.Do(browser, chromedp.Navigate(sample.base+query)); err != nil {
		t.Fatal(err)
	}
	const read = `new Promise((resolve, reject) => {
  let last = "", same = 0, tries = 0;
  const tick = () => {
    const status = document.querySelector("[data-match-status]").textContent;
    const rows = Array.from(document.querySelectorAll("[data-match-list] > li")).map(li =>
      [li.querySelector(".search-result-title").textContent, (li.querySelector(".match-why") || {}).textContent || ""]);
    const now = JSON.stringify([status, rows]);
    if (status && now === last) { same++; } else { same = 0; }
    last = now;
    if (same >= 4) { resolve(now); return; }
    if (++tries > 300) { reject(new Error("no match results: " + now)); return; }
    setTimeout(tick, 25);
  };
  tick();
})`
	raw, err := chromedp.Run(browser, chromedp.Evaluate[string](read, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	rec.check(t, query)
	var got struct {
		status string
		rows   [][2]string
	}
	var v [2]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(v[0], &got.status)
	json.Unmarshal(v[1], &got.rows)
	if want := strconv.Itoa(len(want)) + " activities fit."; got.status != want {
		t.Errorf("status %q, want %q", got.status, want)
	}
	if len(got.rows) != len(want) {
		t.Fatalf("%d results, want %d: %q", len(got.rows), len(want), got.rows)
	}
	for i, w := range want {
		row := got.rows[i]
		wantWhy := "Why this fits: Loneliness and isolation · Tuesday mornings · Free"
		if !math.IsInf(w.km, 1) {
			wantWhy += " · " + miles(w.km)
		}
		// Listings at one venue tie: the reasons (with the distance) must come in
		// this order, and every title that fits must be shown (below).
		if row[1] != wantWhy {
			t.Errorf("result %d: %q says %q, want %q (like %q)", i, row[0], row[1], wantWhy, w.title)
		}
	}
	var titles []string
	for _, r := range got.rows {
		titles = append(titles, r[0])
	}
	for _, w := range want {
		if !slices.Contains(titles, w.title) {
			t.Errorf("%q fits but is not shown", w.title)
		}
	}
	if axeJS := loadAxe(t); axeJS != "" {
		runAxe(t, browser, axeJS, query)
	}

	// Added to the basket from here, an activity keeps why it fits.
	first := `[data-match-list] > li:first-child [data-basket-add]`
	if err := chromedp.Do(browser, chromedp.Click(first), chromedp.Navigate(sample.base+"prescribe/"),
		chromedp.WaitVisible(`.prescription-why`)); err != nil {
		t.Fatal(err)
	}
	why, err := chromedp.Run(browser, chromedp.Evaluate[string](`document.querySelector(".prescription-why").textContent`))
	if err != nil || why != got.rows[0][1] {
		t.Errorf("the basket says %q, want %q (%v)", why, got.rows[0][1], err)
	}

	// 320 pixels, and without JavaScript the page points to the filters.
	if err := chromedp.Do(browser, chromedp.EmulateViewport(320, 800), chromedp.Navigate(sample.base+query)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(browser, chromedp.Evaluate[string](read, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	if width, err := chromedp.Run(browser, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil || width > 320 {
		t.Errorf("/match/ is %d CSS pixels wide at 320 (%v)", width, err)
	}
	tab := openWithoutScript(t, browser, sample.base+"match/")
	text, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector("[data-match-nojs]").offsetParent ? document.querySelector("[data-match-nojs]").textContent : ""`))
	if err != nil || !strings.Contains(text, "needs JavaScript") {
		t.Errorf("without JavaScript /match/ says %q (%v)", text, err)
	}
}
