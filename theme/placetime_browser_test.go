package theme_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/signpost-directory/signpost/site"
	"github.com/signpost-directory/signpost/site/schedule"
	"github.com/signpost-directory/signpost/site/search"
)

// waitCards waits until the visible cards of a list page settle and returns
// them in page order: title, distance text and next-session text.
const waitCards = `new Promise((resolve, reject) => {
  let last = "", same = 0, tries = 0;
  const tick = () => {
    const cards = Array.from(document.querySelectorAll("[data-results] .card")).filter(c => c.offsetParent !== null)
      .map(c => [c.querySelector(".card-title").textContent.trim(),
        (c.querySelector(".card-distance") || {}).textContent || "",
        (c.querySelector(".card-next") || {}).textContent || ""]);
    const msg = (document.querySelector("[data-results] [data-near-message]") || {}).textContent || "";
    const now = JSON.stringify([cards, msg]);
    if (now === last) { same++; } else { same = 0; }
    last = now;
    if (same >= 4) { resolve(now); return; }
    if (++tries > 300) { reject(new Error("the list did not settle")); return; }
    setTimeout(tick, 25);
  };
  tick();
})`

// waitSearch is waitCards for the search page's results.
const waitSearch = `new Promise((resolve, reject) => {
  let last = "", same = 0, tries = 0;
  const tick = () => {
    const status = document.querySelector(".search-status");
    const items = Array.from(document.querySelectorAll(".search-results > li")).map(li => li.classList.contains("search-group")
      ? ["#" + li.textContent.trim(), "", ""]
      : [(li.querySelector(".search-result-title") || li).textContent.trim(),
        (li.querySelector(".search-result-distance") || {}).textContent || "",
        (li.querySelector(".search-result-next") || {}).textContent || ""]);
    const now = JSON.stringify([items, status ? status.textContent : ""]);
    if (status && status.textContent && now === last) { same++; } else { same = 0; }
    last = now;
    if (same >= 4) { resolve(now); return; }
    if (++tries > 300) { reject(new Error("no search results: " + now)); return; }
    setTimeout(tick, 25);
  };
  tick();
})`

type card struct{ title, distance, next string }

func decodeCards(t *testing.T, raw string) ([]card, string) {
	t.Helper()
	var v [2]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	var rows [][3]string
	var msg string
	if err := json.Unmarshal(v[0], &rows); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(v[1], &msg); err != nil {
		t.Fatal(err)
	}
	out := make([]card, len(rows))
	for i, r := range rows {
		out[i] = card{r[0], r[1], r[2]}
	}
	return out, msg
}

// directoryDoc is what the test reads of directory.json, the open data
// export, to work out the expected answers independently of the page.
type directoryDoc struct {
	Directory struct {
		Timezone string `json:"timezone"`
	} `json:"directory"`
	Listings []struct {
		ID, Title, Venue, Status string
		Schedule                 []struct {
			Canonical string `json:"canonical"`
		} `json:"schedule"`
	} `json:"listings"`
}

type expected struct {
	title    string
	km       float64 // from MB1
	lat, lon float64
	place    bool
	rules    []schedule.Rule
	on       bool // active or full
}

func readDirectory(t *testing.T, out string) ([]expected, *time.Location) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "directory.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d directoryDoc
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	pos := venuePositions(t, data)
	loc, err := time.LoadLocation(d.Directory.Timezone)
	if err != nil {
		t.Fatal(err)
	}
	var out2 []expected
	for _, l := range d.Listings {
		if l.Status == "ended" {
			continue
		}
		e := expected{title: l.Title, on: l.Status == "active" || l.Status == "full"}
		if p, ok := pos[l.Venue]; ok {
			e.place = true
			e.lat, e.lon = p[0], p[1]
			e.km = haversineKm(52.6006, -1.9010, p[0], p[1]) // MB1, from postcodes.csv
		}
		for _, r := range l.Schedule {
			rule, err := schedule.Parse(r.Canonical)
			if err != nil {
				t.Fatalf("%s: %v", l.ID, err)
			}
			e.rules = append(e.rules, rule)
		}
		out2 = append(out2, e)
	}
	return out2, loc
}

// haversineKm is the great-circle distance, written here apart from the
// page's own.
func haversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * 6371.0088 * math.Asin(math.Sqrt(a))
}

func miles(km float64) string {
	n := km / 1.609344
	switch {
	case n < 0.1:
		return "under 0.1 miles"
	case n < 10:
		s := strconv.FormatFloat(math.Round(n*10)/10, 'f', -1, 64)
		if s == "1" {
			return "1 mile"
		}
		return s + " miles"
	}
	return strconv.Itoa(int(math.Round(n))) + " miles"
}

// onAt says whether rules have a session in the when= window at the
// moment at (in the directory's zone), and which.
func onAt(rules []schedule.Rule, when string, at time.Time) (schedule.Date, [2]int, bool) {
	today := schedule.DateOf(at)
	minutes := at.Hour()*60 + at.Minute()
	day := func(k int) schedule.Date {
		return schedule.DateOf(time.Date(today.Year, today.Month, today.Day+k, 12, 0, 0, 0, time.UTC))
	}
	first := func(d schedule.Date, keep func([2]int) bool) ([2]int, bool) {
		s := schedule.Sessions(rules, d)
		slices.SortStableFunc(s, func(a, b [2]int) int { return a[0]*2000 + a[1] - b[0]*2000 - b[1] })
		for _, x := range s {
			if keep(x) {
				return x, true
			}
		}
		return [2]int{}, false
	}
	switch when {
	case "now":
		if s, ok := first(today, func(x [2]int) bool { return x[1] > minutes && x[0] <= minutes+60 }); ok {
			return today, s, true
		}
		if minutes+60 >= 1440 {
			if s, ok := first(day(1), func(x [2]int) bool { return x[0] <= minutes+60-1440 }); ok {
				return day(1), s, true
			}
		}
	case "today":
		if s, ok := first(today, func(x [2]int) bool { return x[1] > minutes }); ok {
			return today, s, true
		}
	case "tomorrow":
		if s, ok := first(day(1), func([2]int) bool { return true }); ok {
			return day(1), s, true
		}
	case "week":
		for k := range 7 {
			if s, ok := first(day(k), func(x [2]int) bool { return k > 0 || x[1] > minutes }); ok {
				return day(k), s, true
			}
		}
	}
	return schedule.Date{}, [2]int{}, false
}

// fixClock makes the page's Date start at moment (and run on from there),
// in a browser whose own time zone is not the directory's.
func fixClock(t *testing.T, browser context.Context, moment time.Time) {
	t.Helper()
	script := fmt.Sprintf(`(() => {
  const Real = Date, offset = %d - Real.now();
  class Fixed extends Real {
    constructor(...a) { if (a.length === 0) { super(Real.now() + offset); } else { super(...a); } }
    static now() { return Real.now() + offset; }
  }
  window.Date = Fixed;
})();`, moment.UnixMilli())
	if _, err := chromedp.Call(browser, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "America/New_York"}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(browser, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script}); err != nil {
		t.Fatal(err)
	}
}

// TestPlaceTimeBrowser drives near= and when= in Chromium on the built
// sample: distances and order against an independent haversine over
// directory.json, the radius, an unknown place, and the sessions on now,
// today, tomorrow and this week against the schedule package, with the
// browser's clock fixed on both sides of a clock change and its own time
// zone set elsewhere.
func TestPlaceTimeBrowser(t *testing.T) {
	sample := serveSample(t)
	listings, zone := readDirectory(t, sample.out)
	axeJS := loadAxe(t)

	start := func(t *testing.T, moment time.Time, width int) (context.Context, *recorder) {
		t.Helper()
		browser, rec := startBrowser(t, sample, width)
		if !moment.IsZero() {
			fixClock(t, browser, moment)
		}
		return browser, rec
	}
	open := func(t *testing.T, browser context.Context, path, wait string) string {
		t.Helper()
		if err := chromedp.Do(browser, chromedp.Navigate(sample.base+path)); err != nil {
			t.Fatal(err)
		}
		raw, err := chromedp.Run(browser, chromedp.Evaluate[string](wait, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return raw
	}

	t.Run("near", func(t *testing.T) {
		browser, rec := start(t, time.Time{}, 1280)
		raw := open(t, browser, "listings/?near="+url.QueryEscape("MB1"), waitCards)
		rec.check(t, "listings/?near=MB1")
		cards, msg := decodeCards(t, raw)
		if msg != "Sorted by distance from MB1." {
			t.Errorf("message: %q", msg)
		}
		// Expected: placed listings by distance (ties A to Z), then the others. List pages
		// hold the running activities only (paused ones are found by search).
		var placed, rest []expected
		listed := 0
		for _, e := range listings {
			if !e.on {
				continue
			}
			listed++
			if e.place {
				placed = append(placed, e)
			} else {
				rest = append(rest, e)
			}
		}
		slices.SortStableFunc(placed, func(a, b expected) int { return strings.Compare(a.title, b.title) })
		slices.SortStableFunc(placed, func(a, b expected) int {
			// Positions are rounded to 1e-4 degrees in the page data; compare
			// distances to the metre so rounding cannot reorder real ties.
			return int(math.Round(a.km*1000)) - int(math.Round(b.km*1000))
		})
		if len(cards) != listed {
			t.Fatalf("%d cards shown, want %d", len(cards), listed)
		}
		for i, e := range placed {
			if cards[i].title != e.title || cards[i].distance != miles(e.km) {
				t.Errorf("card %d: %q at %q, want %q at %q", i, cards[i].title, cards[i].distance, e.title, miles(e.km))
			}
		}
		for _, c := range cards[len(placed):] {
			if c.distance != "" || !slices.ContainsFunc(rest, func(e expected) bool { return e.title == c.title }) {
				t.Errorf("after the placed cards: %+v", c)
			}
		}
		if len(rest) == 0 {
			t.Error("the sample has no online activity: the online group is not tested")
		}
		// The online group's heading shows after the nearest activities, above its own.
		below, err := chromedp.Run(browser, chromedp.Evaluate[bool](`(() => {
  const h = document.querySelector(".cards-group"), main = document.querySelector("#results");
  return h.getBoundingClientRect().top > main.getBoundingClientRect().bottom &&
    h.getBoundingClientRect().bottom <= h.nextElementSibling.getBoundingClientRect().top; })()`))
		if err != nil || !below {
			t.Errorf("the online group's heading is not between the nearest activities and its own (%v)", err)
		}
		runAxe(t, browser, axeJS, "listings/?near=MB1")

		// A radius keeps only what is within it.
		raw = open(t, browser, "listings/?near=MB1&radius=1", waitCards)
		cards, _ = decodeCards(t, raw)
		within := 0
		for _, e := range placed {
			if e.km <= 1.609344 {
				within++
			}
		}
		if len(cards) != within+len(rest) || within == 0 || within == len(placed) {
			t.Errorf("within 1 mile: %d cards, want %d placed (of %d) and %d online", len(cards), within, len(placed), len(rest))
		}

		// The search page: the same order, from a full postcode of MB1.
		raw = open(t, browser, "search/?near="+url.QueryEscape("mb1 2ab"), waitSearch)
		results, status := decodeCards(t, raw)
		// MB1 2AB is not in postcodes.csv: the middle of MB1 stands in, and the page says so.
		said, _ := chromedp.Run(browser, chromedp.Evaluate[string](`document.querySelector("[data-search-app] [data-near-message]").textContent`))
		if !strings.HasSuffix(status, "activities found.") || said != "We do not have the postcode MB1 2AB: distances are from the middle of MB1." {
			t.Errorf("search status %q, message %q", status, said)
		}
		// Listings at one venue tie: compare distances in order, and each
		// title with its own distance.
		distance := map[string]string{}
		for _, e := range placed {
			distance[e.title] = miles(e.km)
		}
		for i := range min(10, len(results)) {
			if results[i].distance != miles(placed[i].km) || distance[results[i].title] != results[i].distance {
				t.Errorf("search result %d: %q at %q, want %q at %q", i, results[i].title, results[i].distance, placed[i].title, miles(placed[i].km))
			}
		}
		runAxe(t, browser, axeJS, "search/?near=mb1 2ab")

		// A postcode the table has, written without its space.
		raw = open(t, browser, "listings/?near=mb12hx", waitCards)
		cards, msg = decodeCards(t, raw)
		if msg != "Sorted by distance from MB1 2HX." {
			t.Errorf("message: %q", msg)
		}
		for i := 1; i < len(placed); i++ {
			if parseMiles(cards[i].distance) < parseMiles(cards[i-1].distance) {
				t.Errorf("from MB1 2HX, %q (%s) comes after %q (%s)", cards[i].title, cards[i].distance, cards[i-1].title, cards[i-1].distance)
			}
		}
	})

	t.Run("near me", func(t *testing.T) {
		browser, rec := start(t, time.Time{}, 1280)
		// Wendbridge (places.yaml), given as the browser's position.
		lat, lon, accuracy := 52.5915, -1.8630, 10.0
		if _, err := chromedp.CallBrowser(browser, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
			Permission: &cdpbrowser.PermissionDescriptor{Name: "geolocation"}, Setting: cdpbrowser.PermissionSettingGranted}); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(browser, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{
			Latitude: &lat, Longitude: &lon, Accuracy: &accuracy}); err != nil {
			t.Fatal(err)
		}
		open(t, browser, "listings/", waitCards)
		rec.reset()
		if err := chromedp.Do(browser, chromedp.Click(chromedp.CSS(`[data-results] [data-near-me]`))); err != nil {
			t.Fatal(err)
		}
		raw, err := chromedp.Run(browser, chromedp.Evaluate[string](waitCards, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		cards, msg := decodeCards(t, raw)
		if msg != "Sorted by distance from where you are." {
			t.Errorf("message: %q", msg)
		}
		// The same order as near=Wendbridge, and the address never holds the position.
		meOrder := cards
		search, _ := chromedp.Run(browser, chromedp.Evaluate[string](`location.search`))
		if search != "?near=me" {
			t.Errorf("address after Near me: %q", search)
		}
		// A list page needs nothing from the network to sort: the position is used in the page.
		rec.mu.Lock()
		if len(rec.requests) != 0 || len(rec.problems) != 0 {
			t.Errorf("Near me on a list page: requests %q, problems %q", rec.requests, rec.problems)
		}
		rec.mu.Unlock()
		raw = open(t, browser, "listings/?near=Wendbridge", waitCards)
		cards, _ = decodeCards(t, raw)
		if fmt.Sprint(cards) != fmt.Sprint(meOrder) {
			t.Errorf("Near me at Wendbridge:\n%v\nnear=Wendbridge:\n%v", meOrder, cards)
		}
		// A shared near=me link asks the next reader's browser for its own position.
		raw = open(t, browser, "search/?near=me&q=walk", waitSearch)
		results, _ := decodeCards(t, raw)
		said, _ := chromedp.Run(browser, chromedp.Evaluate[string](`document.querySelector("[data-search-app] [data-near-message]").textContent`))
		if said != "Sorted by distance from where you are." || len(results) == 0 || results[0].distance == "" {
			t.Errorf("search near=me: %q, %+v", said, results)
		}
	})

	t.Run("unknown place", func(t *testing.T) {
		browser, _ := start(t, time.Time{}, 1280)
		raw := open(t, browser, "listings/?near=Atlantis", waitCards)
		cards, msg := decodeCards(t, raw)
		if !strings.HasPrefix(msg, "We do not know “Atlantis”.") || !strings.Contains(msg, "Did you mean:") {
			t.Errorf("message: %q", msg)
		}
		running := 0
		for _, e := range listings {
			if e.on {
				running++
			}
		}
		if len(cards) != running {
			t.Errorf("an unknown place left %d cards, want all %d running ones", len(cards), running)
		}
		// What someone types is text, in the message too.
		raw = open(t, browser, "listings/?near="+url.QueryEscape("$& <b>x</b>"), waitCards)
		_, msg = decodeCards(t, raw)
		if !strings.HasPrefix(msg, "We do not know “$& <b>x</b>”.") {
			t.Errorf("message for a pattern and markup: %q", msg)
		}
		// A near miss is offered, and choosing it sorts the list.
		raw = open(t, browser, "listings/?near=Wendbrige", waitCards)
		_, msg = decodeCards(t, raw)
		if !strings.Contains(msg, "Wendbridge") {
			t.Fatalf("no suggestion of Wendbridge: %q", msg)
		}
		if err := chromedp.Do(browser, chromedp.Click(chromedp.CSS(`[data-results] [data-near-message] button`))); err != nil {
			t.Fatal(err)
		}
		raw, err := chromedp.Run(browser, chromedp.Evaluate[string](waitCards, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		cards, msg = decodeCards(t, raw)
		if msg != "Sorted by distance from Wendbridge." || cards[0].distance == "" {
			t.Errorf("after choosing the suggestion: %q, first card %+v", msg, cards[0])
		}
		loc, _ := chromedp.Run(browser, chromedp.Evaluate[string](`location.search`))
		if loc != "?near=Wendbridge" {
			t.Errorf("address: %q", loc)
		}
		runAxe(t, browser, axeJS, "listings/?near=Atlantis")

		// A postcode of an outward code the directory does not cover.
		raw = open(t, browser, "listings/?near="+url.QueryEscape("ZZ9 9ZZ"), waitCards)
		cards, msg = decodeCards(t, raw)
		if !strings.HasPrefix(msg, "We do not know “ZZ9 9ZZ”.") || len(cards) != running {
			t.Errorf("unknown postcode: %q, %d cards", msg, len(cards))
		}
		// On the search page, with words, the words' results stay.
		raw = open(t, browser, "search/?q=walk&near="+url.QueryEscape("ZZ9 9ZZ"), waitSearch)
		results, status := decodeCards(t, raw)
		if !strings.Contains(status, "activities found") || len(results) == 0 {
			t.Errorf("search with an unknown postcode: %q, %d results", status, len(results))
		}
		// The filters (and the message among them) wait for the first results
		// before they are laid out: they must be on screen once the results are.
		const shownMessage = `(() => {
  const m = document.querySelector("[data-search-app] [data-near-message]");
  return (m.offsetParent === null ? "(hidden) " : "") + m.textContent;
})()`
		near, _ := chromedp.Run(browser, chromedp.Evaluate[string](shownMessage))
		if !strings.HasPrefix(near, "We do not know “ZZ9 9ZZ”.") {
			t.Errorf("search page message: %q", near)
		}
		// Without words there are no results to wait for: the message still shows.
		open(t, browser, "search/?near="+url.QueryEscape("ZZ9 9ZZ"), `new Promise((resolve, reject) => {
  let tries = 0;
  const tick = () => {
    const m = document.querySelector("[data-search-app] [data-near-message]");
    if (m && m.textContent) { resolve(""); return; }
    if (++tries > 200) { reject(new Error("no message")); return; }
    setTimeout(tick, 25);
  };
  tick();
})`)
		near, _ = chromedp.Run(browser, chromedp.Evaluate[string](shownMessage))
		if !strings.HasPrefix(near, "We do not know “ZZ9 9ZZ”.") {
			t.Errorf("search page message without words: %q", near)
		}
	})

	// Moments on both sides of the UK's clock change on 28 March 2027, and
	// late evening (now= reaches past midnight).
	moments := []time.Time{
		time.Date(2027, 3, 27, 10, 30, 0, 0, zone),
		time.Date(2027, 3, 28, 10, 30, 0, 0, zone),
		time.Date(2027, 3, 29, 18, 45, 0, 0, zone),
		time.Date(2026, 12, 24, 23, 20, 0, 0, zone),
		// Beyond the offsets the pages carry (the build's year and two more):
		// the browser's own time zone data, on the day of a clock change.
		time.Date(2030, 3, 31, 10, 30, 0, 0, zone),
	}
	for _, moment := range moments {
		t.Run("when "+moment.Format("2006-01-02T15:04Z07:00"), func(t *testing.T) {
			browser, _ := start(t, moment, 1280)
			for _, when := range []string{"now", "today", "tomorrow", "week"} {
				raw := open(t, browser, "listings/?when="+when, waitCards)
				cards, _ := decodeCards(t, raw)
				var want []string
				next := map[string]string{}
				for _, e := range listings {
					if !e.on {
						continue
					}
					d, s, ok := onAt(e.rules, when, moment)
					if !ok {
						continue
					}
					want = append(want, e.title)
					next[e.title] = sessionText(d, s, moment)
				}
				var got []string
				for _, c := range cards {
					got = append(got, c.title)
					if c.next != "Next: "+next[c.title] {
						t.Errorf("when=%s: %q says %q, want %q", when, c.title, c.next, "Next: "+next[c.title])
					}
				}
				slices.Sort(want)
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Errorf("when=%s at %v: shown %q\nwant %q", when, moment, got, want)
				}
				if when == "week" && len(want) == 0 {
					t.Errorf("nothing on in a week: the test proves nothing")
				}
			}
			// On the search page with no words, the soonest come first.
			raw := open(t, browser, "search/?when=week", waitSearch)
			results, _ := decodeCards(t, raw)
			var starts []string
			for _, r := range results {
				starts = append(starts, r.next)
			}
			type soon struct {
				day  schedule.Date
				at   [2]int
				text string
			}
			var sooner []soon
			for _, e := range listings {
				if d, s, ok := onAt(e.rules, "week", moment); ok && e.on {
					sooner = append(sooner, soon{d, s, "Next: " + sessionText(d, s, moment)})
				}
			}
			slices.SortStableFunc(sooner, func(a, b soon) int {
				return a.day.Compare(b.day)*10000 + (a.at[0]-b.at[0])*2 + min(max(a.at[1]-b.at[1], -1), 1)
			})
			var want []string
			for _, x := range sooner[:min(10, len(sooner))] {
				want = append(want, x.text)
			}
			if !slices.Equal(starts, want) {
				t.Errorf("search when=week, soonest first:\n got %q\nwant %q", starts, want)
			}
			// The search page agrees, combined with near=.
			raw = open(t, browser, "search/?when=week&near=Wendbridge", waitSearch)
			results, status := decodeCards(t, raw)
			count := 0
			for _, e := range listings {
				if _, _, ok := onAt(e.rules, "week", moment); ok && e.on {
					count++
				}
			}
			if !strings.HasPrefix(status, strconv.Itoa(count)+" activities found") && !(count == 1 && strings.HasPrefix(status, "1 activity found")) {
				t.Errorf("search when=week: %q, want %d", status, count)
			}
			if len(results) == 0 || results[0].next == "" || results[0].distance == "" {
				t.Errorf("search results lack distance or next session: %+v", results)
			}
		})
	}

	t.Run("narrow and accessible", func(t *testing.T) {
		browser, _ := start(t, moments[0], 320)
		for _, path := range []string{"listings/?near=MB1&radius=3&when=week", "search/?q=walk&near=Northfield&when=week"} {
			wait := waitCards
			if strings.HasPrefix(path, "search/") {
				wait = waitSearch
			}
			if err := chromedp.Do(browser, chromedp.EmulateViewport(320, 800)); err != nil {
				t.Fatal(err)
			}
			open(t, browser, path, wait)
			width, err := chromedp.Run(browser, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
			if err != nil {
				t.Fatal(err)
			}
			if width > 320 {
				t.Errorf("%s is %d CSS pixels wide at 320: it scrolls sideways", path, width)
			}
			runAxe(t, browser, axeJS, path)
		}
	})

	// After the other searches, as it rewrites the served search index: cells of at most three
	// listings, so that the search page must read cells nearest first and
	// stop once it is sure, and still agree with a brute force.
	t.Run("many cells", func(t *testing.T) {
		res, err := site.Check(context.Background(), site.CheckOptions{ContentDir: "../content"})
		if err != nil {
			t.Fatal(err)
		}
		browser, rec := start(t, time.Time{}, 1280)
		online := 0
		for _, e := range listings {
			if !e.place {
				online++
			}
		}
		// Positions around and between the sample's places, given as lat,lon.
		var points [][2]float64
		for lat := 52.57; lat <= 52.62; lat += 0.0125 {
			for lon := -1.95; lon <= -1.85; lon += 0.025 {
				points = append(points, [2]float64{lat, lon})
			}
		}
		for _, cellListings := range []int{4, 12} {
			if _, err := search.Write(context.Background(), res.Directory, sample.out, search.Options{CellListings: cellListings}); err != nil {
				t.Fatal(err)
			}
			reads := 0
			for k, p := range points {
				var placed []expected
				for _, e := range listings {
					if e.place {
						e.km = haversineKm(p[0], p[1], e.lat, e.lon)
						placed = append(placed, e)
					}
				}
				slices.SortStableFunc(placed, func(a, b expected) int { return int(math.Round(a.km*1000)) - int(math.Round(b.km*1000)) })
				radii := []float64{0}
				if k%4 == 0 {
					radii = append(radii, 1, 3)
				}
				for _, radius := range radii {
					path := fmt.Sprintf("search/?near=%.4f,%.4f", p[0], p[1])
					want := placed
					if radius > 0 {
						path += "&radius=" + strconv.Itoa(int(radius))
						want = slices.DeleteFunc(slices.Clone(placed), func(e expected) bool { return e.km > radius*1.609344 })
					}
					rec.reset()
					raw := open(t, browser, path, waitSearch)
					results, status := decodeCards(t, raw)
					if total := strconv.Itoa(len(want)+online) + " activities found."; status != total {
						t.Errorf("cells of %d, %s: %q, want %q", cellListings, path, status, total)
					}
					for i := range min(10, len(want)) {
						if i >= len(results) || results[i].distance != miles(want[i].km) {
							t.Errorf("cells of %d, %s: result %d is %+v, want %q at %s", cellListings, path, i, results[min(i, len(results)-1)], want[i].title, miles(want[i].km))
							break
						}
					}
					rec.mu.Lock()
					for _, r := range rec.requests {
						if strings.Contains(r, "/search/g/") {
							reads++
						}
					}
					rec.mu.Unlock()
				}
			}
			t.Logf("cells of at most %d listings: %d files of search/g/ read for %d queries", cellListings, reads, len(points)+len(points)/2)
		}
		// Show more reads on until the next twenty are certain too.
		raw := open(t, browser, "search/?near=Wendbridge", waitSearch)
		if err := chromedp.Do(browser, chromedp.Click(chromedp.CSS(".search-more"))); err != nil {
			t.Fatal(err)
		}
		more30 := `new Promise((resolve, reject) => { let n = 0; const tick = () => {
  if (document.querySelectorAll(".search-results > li").length > 10) { resolve(); return; }
  if (++n > 200) { reject(new Error("Show more showed nothing more")); return; }
  setTimeout(tick, 25); }; tick(); })`
		if err := chromedp.Do(browser, chromedp.Evaluate[chromedp.Void](more30, chromedp.EvalAwaitPromise)); err != nil {
			t.Fatal(err)
		}
		raw2, err := chromedp.Run(browser, chromedp.Evaluate[string](waitSearch, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		first, _ := decodeCards(t, raw)
		more, _ := decodeCards(t, raw2)
		focus, err := chromedp.Run(browser, chromedp.Evaluate[string](`document.activeElement.textContent`))
		if err != nil || len(more) < 11 || focus != more[10].title {
			t.Errorf("after Show more the focus is on %q, want the 11th result (%v)", focus, err)
		}
		var placed []expected
		for _, e := range listings {
			if e.place {
				e.km = haversineKm(52.5915, -1.8630, e.lat, e.lon) // Wendbridge
				placed = append(placed, e)
			}
		}
		slices.SortStableFunc(placed, func(a, b expected) int { return int(math.Round(a.km*1000)) - int(math.Round(b.km*1000)) })
		if len(first) != 10 || len(more) != 30 {
			t.Fatalf("%d results, then %d after Show more", len(first), len(more))
		}
		for i := range more {
			if more[i].distance != miles(placed[i].km) {
				t.Errorf("after Show more, result %d is %+v, want %s", i, more[i], miles(placed[i].km))
			}
		}
	})

	// A common word's postings are cut into the best ones (in its shard) and the rest (a
	// file of their own): the page shows what the best give at once, then the complete
	// answer. Index the sample with two postings a word in its shard, so every query here
	// takes that path, and the settled page must be the one a complete index gives.
	t.Run("quick answers settle on the complete one", func(t *testing.T) {
		res, err := site.Check(context.Background(), site.CheckOptions{ContentDir: "../content"})
		if err != nil {
			t.Fatal(err)
		}
		browser, rec := start(t, moments[0], 1280)
		paths := []string{"search/?q=group&when=today", "search/?q=club&when=today", "search/?q=walk&when=week",
			"search/?q=support+group", "search/?q=free+group", "search/?q=community+support", "search/?q=club&need=loneliness", "search/?q=group&near=Northfield",
			"search/?q=group&near=Northfield&when=week", "search/?q=support&near=MB1&radius=3"}
		settled := func(opts search.Options) []string {
			if _, err := search.Write(context.Background(), res.Directory, sample.out, opts); err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, path := range paths {
				if err := chromedp.Do(browser, chromedp.Navigate(sample.base+path)); err != nil {
					t.Fatal(err)
				}
				raw, err := chromedp.Run(browser, chromedp.Evaluate[string](waitSearch, chromedp.EvalAwaitPromise))
				if err != nil {
					rec.mu.Lock()
					t.Fatalf("%s: %v %q", path, err, rec.problems)
				}
				out = append(out, raw)
			}
			return out
		}
		want := settled(search.Options{})
		for i, raw := range want {
			if results, status := decodeCards(t, raw); len(results) < 2 {
				t.Errorf("%s: %q, %d results: the test needs a query with several", paths[i], status, len(results))
			}
		}
		rec.reset()
		got := settled(search.Options{HeadPostings: 2})
		for i, path := range paths {
			if got[i] != want[i] {
				t.Errorf("%s with two postings a word in its shard settles on\n%s\nwith a complete index:\n%s", path, got[i], want[i])
			}
		}
		rec.mu.Lock()
		rest := 0
		for _, r := range rec.requests {
			if strings.Contains(r, "/search/x/") {
				rest++
			}
		}
		rec.mu.Unlock()
		if rest == 0 {
			t.Error("no query read the rest of a word's postings: the quick path was not taken")
		}
		if _, err := search.Write(context.Background(), res.Directory, sample.out, search.Options{}); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("without JavaScript", func(t *testing.T) {
		browser, _ := start(t, time.Time{}, 1280)
		tab := openWithoutScript(t, browser, sample.base+"listings/?near=MB1")
		text, err := chromedp.Run(tab, chromedp.Evaluate[string](
			`(document.querySelector("[data-near-when-nojs]").offsetParent ? document.querySelector("[data-near-when-nojs]").textContent : "") + "|" + String(document.querySelector("[data-near-when-fields]").offsetParent !== null)`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, "need JavaScript") || !strings.HasSuffix(text, "|false") {
			t.Errorf("without JavaScript the near and when box shows %q", text)
		}
	})
}

// sessionText is the page's "Today, 10:00–11:30" form.
func sessionText(d schedule.Date, s [2]int, at time.Time) string {
	times := fmt.Sprintf("%02d:%02d–%02d:%02d", s[0]/60, s[0]%60, s[1]/60, s[1]%60)
	today := schedule.DateOf(at)
	switch d.Time(time.UTC).Sub(today.Time(time.UTC)) / (24 * time.Hour) {
	case 0:
		return "Today, " + times
	case 1:
		return "Tomorrow, " + times
	}
	return d.Time(time.UTC).Format("Monday 2 January") + ", " + times
}

// parseMiles reads "0.8 miles", "1 mile" or "under 0.1 miles".
func parseMiles(s string) float64 {
	f, err := strconv.ParseFloat(strings.Fields(strings.TrimPrefix(s, "under "))[0], 64)
	if err != nil {
		return math.NaN()
	}
	return f
}

// venuePositions reads the positions of the venues that have one from
// directory.json's data, by venue id.
func venuePositions(t testing.TB, data []byte) map[string][2]float64 {
	t.Helper()
	var dir struct {
		Venues []struct {
			ID  string   `json:"id"`
			Lat *float64 `json:"lat"`
			Lon *float64 `json:"lon"`
		} `json:"venues"`
	}
	if err := json.Unmarshal(data, &dir); err != nil {
		t.Fatal(err)
	}
	pos := map[string][2]float64{}
	for _, v := range dir.Venues {
		if v.Lat != nil && v.Lon != nil {
			pos[v.ID] = [2]float64{*v.Lat, *v.Lon}
		}
	}
	return pos
}
