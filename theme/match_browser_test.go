package theme_test

import (
	"cmp"
	"encoding/json"
	"math"
	"net/url"
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

// matchListing is a listing of directory.json, as the test's own model of
// the guided match reads it.
type matchListing struct {
	ID, Title, Venue, Status string
	Needs                    []string `json:"needs"`
	Categories               []string `json:"categories"`
	Accessibility            []string `json:"accessibility"`
	Languages                []string `json:"languages"`
	Cost                     struct {
		Free   bool
		Amount float64
		Per    string
		Text   string
	} `json:"cost"`
	Schedule []struct {
		Canonical string `json:"canonical"`
	} `json:"schedule"`
	rules  []schedule.Rule
	access []string
	number int
}

// matchCase is what a link worker ticks on /match/. Lists are in the form's
// order (the taxonomy's, access needs by label): the reasons come in that order.
type matchCase struct {
	name        string
	needs       []string
	categories  []string
	days        []time.Weekday
	times       []string // morning, afternoon, evening
	cost        string   // "", "free" or "up-to-N"
	access      []string
	language    string
	near        string // a place of places.yaml, at point
	point       [2]float64
	radiusMiles int
}

func (c matchCase) query() string {
	v := url.Values{}
	for _, n := range c.needs {
		v.Add("need", n)
	}
	for _, n := range c.categories {
		v.Add("category", n)
	}
	for _, d := range c.days {
		v.Add("day", strings.ToLower(d.String()[:3]))
	}
	for _, t := range c.times {
		v.Add("time", t)
	}
	if c.cost != "" {
		v.Set("cost", c.cost)
	}
	for _, a := range c.access {
		v.Add("access", a)
	}
	if c.language != "" {
		v.Set("language", c.language)
	}
	if c.near != "" {
		v.Set("near", c.near)
	}
	if c.radiusMiles > 0 {
		v.Set("radius", strconv.Itoa(c.radiusMiles))
	}
	return "match/?" + v.Encode()
}

type matchRow struct {
	title, why string
}

// expect works out, from directory.json alone, what /match/ must show for c:
// the running activities with one of the chosen needs or interests (3 points a
// need, 2 an interest), that meet every hard choice (cost, access, language,
// a session on a chosen day at a chosen time, within the radius), best score
// first, then nearest, then in the directory's order; and why each fits.
func (c matchCase) expect(t *testing.T, listings []matchListing, labels map[string]string, pos map[string][2]float64) []matchRow {
	t.Helper()
	type fit struct {
		l     matchListing
		score int
		km    float64
		why   []string
	}
	var fits []fit
	for _, l := range listings {
		if l.Status != "active" && l.Status != "full" {
			continue
		}
		f := fit{l: l, km: math.Inf(1)}
		for _, n := range c.needs {
			if slices.Contains(l.Needs, n) {
				f.score += 3
				f.why = append(f.why, labels[n])
			}
		}
		for _, n := range c.categories {
			if slices.Contains(l.Categories, n) {
				f.score += 2
				f.why = append(f.why, labels[n])
			}
		}
		if len(c.needs)+len(c.categories) > 0 && f.score == 0 {
			continue
		}
		switch {
		case c.cost == "free" && !l.Cost.Free:
			continue
		case strings.HasPrefix(c.cost, "up-to-"):
			limit, _ := strconv.ParseFloat(strings.TrimPrefix(c.cost, "up-to-"), 64)
			if !l.Cost.Free && !((l.Cost.Per == "session" || l.Cost.Per == "") && l.Cost.Amount <= limit) {
				continue
			}
		}
		if !containsAll(l.access, c.access) || c.language != "" && !slices.Contains(l.Languages, c.language) {
			continue
		}
		if len(c.days)+len(c.times) > 0 {
			when := ""
		rules:
			for _, r := range l.rules {
				time := "evening"
				if r.Start < 12*60 {
					time = "morning"
				} else if r.Start < 17*60 {
					time = "afternoon"
				}
				if len(c.times) > 0 && !slices.Contains(c.times, time) {
					continue
				}
				for wd, on := range schedule.DaysOfWeek([]schedule.Rule{r}) {
					if on && (len(c.days) == 0 || slices.Contains(c.days, time0(wd))) {
						switch {
						case len(c.days) > 0 && len(c.times) > 0:
							when = time0(wd).String() + " " + time + "s"
						case len(c.days) > 0:
							when = time0(wd).String()
						default:
							when = strings.ToUpper(time[:1]) + time[1:] + "s"
						}
						break rules
					}
				}
			}
			if when == "" {
				continue
			}
			f.why = append(f.why, when)
		}
		switch {
		case c.cost == "free":
			f.why = append(f.why, "Free")
		case c.cost != "":
			f.why = append(f.why, l.Cost.Text)
		}
		if c.near != "" {
			if p, ok := pos[l.Venue]; ok {
				f.km = haversineKm(c.point[0], c.point[1], p[0], p[1])
				if c.radiusMiles > 0 && f.km > float64(c.radiusMiles)*1.609344 {
					continue
				}
				f.why = append(f.why, miles(f.km))
			}
		}
		for _, a := range c.access {
			f.why = append(f.why, labels[a])
		}
		fits = append(fits, f)
	}
	// Distances are compared to the metre: the page rounds positions to
	// 1e-4 degrees, which must not reorder real ties.
	slices.SortStableFunc(fits, func(a, b fit) int {
		return cmp.Or(b.score-a.score, cmp.Compare(math.Round(a.km*1000), math.Round(b.km*1000)), a.l.number-b.l.number)
	})
	var rows []matchRow
	for _, f := range fits {
		why := ""
		if len(f.why) > 0 {
			why = "Why this fits: " + strings.Join(f.why, " · ")
		}
		rows = append(rows, matchRow{f.l.Title, why})
	}
	return rows
}

func time0(wd int) time.Weekday { return time.Weekday(wd) }

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

// readMatch waits for /match/'s results to settle and returns the status and rows.
const readMatch = `new Promise((resolve, reject) => {
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

func decodeMatch(t *testing.T, raw string) (string, []matchRow) {
	t.Helper()
	var v [2]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatal(err)
	}
	var status string
	var rows [][2]string
	if err := json.Unmarshal(v[0], &status); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(v[1], &rows); err != nil {
		t.Fatal(err)
	}
	var out []matchRow
	for _, r := range rows {
		out = append(out, matchRow{r[0], r[1]})
	}
	return status, out
}

// TestMatchBrowser drives /match/ in Chromium with several combinations of
// what matters (needs and interests with their weights, days and times, free
// or a price limit, access needs, a language, a place and a radius): the
// activities shown, their order and each one's "why this fits" must be what
// the test works out from directory.json and the schedule package. Then an
// activity added to the basket keeps its reason, the page fits 320 pixels, and
// without JavaScript it points to the filters.
func TestMatchBrowser(t *testing.T) {
	sample := serveSample(t)
	data, err := os.ReadFile(filepath.Join(sample.out, "directory.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dir struct {
		Listings []matchListing `json:"listings"`
		Venues   []struct {
			ID            string   `json:"id"`
			Accessibility []string `json:"accessibility"`
		} `json:"venues"`
		Taxonomy map[string][]struct{ ID, Label string } `json:"taxonomy"`
	}
	if err := json.Unmarshal(data, &dir); err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{}
	for _, terms := range dir.Taxonomy {
		for _, term := range terms {
			labels[term.ID] = term.Label
		}
	}
	venueAccess := map[string][]string{}
	for _, v := range dir.Venues {
		venueAccess[v.ID] = v.Accessibility
	}
	// The index numbers listings in the order of their ids.
	slices.SortFunc(dir.Listings, func(a, b matchListing) int { return strings.Compare(a.ID, b.ID) })
	for i := range dir.Listings {
		l := &dir.Listings[i]
		l.number = i
		l.access = append(slices.Clone(l.Accessibility), venueAccess[l.Venue]...)
		for _, r := range l.Schedule {
			rule, err := schedule.Parse(r.Canonical)
			if err != nil {
				t.Fatal(err)
			}
			l.rules = append(l.rules, rule)
		}
	}
	pos := venuePositions(t, data)
	wendbridge := [2]float64{52.5915, -1.8630} // places.yaml

	cases := []matchCase{
		{name: "lonely, free, Tuesday morning, near Wendbridge", needs: []string{"loneliness"}, days: []time.Weekday{time.Tuesday},
			times: []string{"morning"}, cost: "free", near: "Wendbridge", point: wendbridge},
		{name: "loneliness or low mood, and music: weights", needs: []string{"loneliness", "low-mood"}, categories: []string{"music"}},
		{name: "physical activity within 3 miles, up to £5 a session", needs: []string{"physical-activity"}, cost: "up-to-5",
			near: "Wendbridge", point: wendbridge, radiusMiles: 3},
		{name: "step-free with a hearing loop, afternoons", needs: []string{"loneliness", "low-mood"}, times: []string{"afternoon"},
			access: []string{"hearing-loop", "step-free"}},
		{name: "in Arabic", needs: []string{"loneliness"}, language: "ar"},
		{name: "weekends only", categories: []string{"social", "music", "arts"}, days: []time.Weekday{time.Saturday, time.Sunday}},
	}
	browser, rec := startBrowser(t, sample, 1280)
	axeJS := loadAxe(t)
	var first []matchRow
	for i, c := range cases {
		want := c.expect(t, dir.Listings, labels, pos)
		if i < 3 && len(want) < 3 {
			t.Errorf("%s: only %d sample activities fit: the case proves little", c.name, len(want))
		}
		if err := chromedp.Do(browser, chromedp.Navigate(sample.base+c.query())); err != nil {
			t.Fatal(err)
		}
		raw, err := chromedp.Run(browser, chromedp.Evaluate[string](readMatch, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		rec.check(t, c.query())
		status, got := decodeMatch(t, raw)
		wantStatus := strconv.Itoa(len(want)) + " activities fit."
		switch len(want) {
		case 0:
			wantStatus = "No activity fits all of these. Untick a day, a time or an access need, allow a higher cost, or choose a larger distance."
		case 1:
			wantStatus = "1 activity fits."
		}
		if status != wantStatus {
			t.Errorf("%s: status %q, want %q", c.name, status, wantStatus)
		}
		// The page shows the first twenty (then "Show more").
		if !slices.Equal(got, want[:min(20, len(want))]) {
			t.Errorf("%s (%s):\n got %q\nwant %q", c.name, c.query(), got, want)
		}
		if len(want) > 20 {
			// Show more: twenty more, and the focus on the first of them.
			if err := chromedp.Do(browser, chromedp.Click(`[data-match-more]`)); err != nil {
				t.Fatal(err)
			}
			raw, err := chromedp.Run(browser, chromedp.Evaluate[string](readMatch, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			_, more := decodeMatch(t, raw)
			if !slices.Equal(more, want[:min(40, len(want))]) {
				t.Errorf("%s, after Show more:\n got %q\nwant %q", c.name, more, want[:min(40, len(want))])
			}
			focus, err := chromedp.Run(browser, chromedp.Evaluate[string](`document.activeElement.textContent`))
			if err != nil || focus != want[20].title {
				t.Errorf("%s: after Show more the focus is on %q, want the 21st result %q (%v)", c.name, focus, want[20].title, err)
			}
		}
		if i == 0 {
			first = got
			if axeJS != "" {
				runAxe(t, browser, axeJS, c.query())
			}
		}
	}

	// The price limits offered are the index's: here, up to £2, £5 and £10 a session.
	costs, err := chromedp.Run(browser, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("input[name=cost]")).map(i => document.querySelector("label[for='" + i.id + "']").textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Any cost", "Free only", "Up to £2 a session", "Up to £5 a session"}; !slices.Equal(costs[:min(4, len(costs))], want) {
		t.Errorf("cost choices %q, want them to start %q", costs, want)
	}

	// Keyboard only: tick a need with the space bar, submit with Enter; the results
	// heading takes the focus.
	if err := chromedp.Do(browser, chromedp.Navigate(sample.base+"match/"), chromedp.WaitVisible(`#match-need-loneliness`),
		chromedp.Focus(`#match-need-loneliness`), chromedp.KeyEvent(" "), chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	raw, err := chromedp.Run(browser, chromedp.Evaluate[string](readMatch, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if _, got := decodeMatch(t, raw); len(got) == 0 || !strings.HasPrefix(got[0].why, "Why this fits: Loneliness and isolation") {
		t.Errorf("after ticking Loneliness by keyboard: %q", got)
	}
	focus, err := chromedp.Run(browser, chromedp.Evaluate[string](`document.activeElement.id`))
	if err != nil || focus != "match-results-title" {
		t.Errorf("after submitting, the focus is on %q, want the results heading (%v)", focus, err)
	}

	// Added to the basket from here, an activity keeps why it fits.
	if err := chromedp.Do(browser, chromedp.Navigate(sample.base+cases[0].query())); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(browser, chromedp.Evaluate[string](readMatch, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	addFirst := `[data-match-list] > li:first-child [data-basket-add]`
	if err := chromedp.Do(browser, chromedp.Click(addFirst), chromedp.Navigate(sample.base+"prescribe/"),
		chromedp.WaitVisible(`.prescription-why`)); err != nil {
		t.Fatal(err)
	}
	why, err := chromedp.Run(browser, chromedp.Evaluate[string](`document.querySelector(".prescription-why").textContent`))
	if err != nil || len(first) == 0 || why != first[0].why {
		t.Errorf("the basket says %q, want %q (%v)", why, first, err)
	}

	// 320 pixels, and without JavaScript the page points to the filters.
	if err := chromedp.Do(browser, chromedp.EmulateViewport(320, 800), chromedp.Navigate(sample.base+cases[0].query())); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(browser, chromedp.Evaluate[string](readMatch, chromedp.EvalAwaitPromise)); err != nil {
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
