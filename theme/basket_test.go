package theme_test

import (
	"cmp"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/signpost-directory/signpost/site/schedule"
)

// TestBasket adds two listings to the prescription basket, checks that
// /prescribe/ shows both, prints them together, and that Clear empties it.
func TestBasket(t *testing.T) {
	sample := serveSample(t)
	chromium, base := sample.chromium, sample.base

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 1000))
	defer cancelAlloc()
	ctx, cancelCtx := context.WithTimeout(allocCtx, 60*time.Second)
	defer cancelCtx()
	browser, cancelBrowser := chromedp.NewContext(ctx)
	defer cancelBrowser()

	titles := map[string]string{"community-choir": "Wend Valley Community Choir", "polish-cafe": "Polish Sunday Café"}
	for _, id := range []string{"community-choir", "polish-cafe"} {
		button := `.listing-actions [data-basket-add="` + id + `"]`
		if err := chromedp.Do(browser, chromedp.Navigate(base+"listings/"+id+"/"), chromedp.WaitVisible(button),
			chromedp.Click(button)); err != nil {
			t.Fatalf("adding %s: %v", id, err)
		}
		pressed, err := chromedp.Run(browser, chromedp.Evaluate[string](`document.querySelector('`+button+`').getAttribute("aria-pressed")`))
		if err != nil || pressed != "true" {
			t.Errorf("%s: aria-pressed=%q after adding (%v)", id, pressed, err)
		}
		sheet, err := chromedp.Run(browser, chromedp.Evaluate[string](`document.querySelector(".sheet-link").getAttribute("href")`))
		if err != nil || !strings.HasSuffix(sheet, "sheets/"+id+".pdf") {
			t.Errorf("%s: the Print prescription link is %q (%v)", id, sheet, err)
		}
	}

	// The header counts what the basket holds, on every page.
	countText := func() string {
		v, err := chromedp.Run(browser, chromedp.Evaluate[string](`(() => { const c = document.querySelector(".site-nav [data-basket-count]"); return c.hidden ? "hidden" : c.textContent; })()`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := countText(); got != "(2)" {
		t.Errorf("after adding two, the header's basket count is %q", got)
	}
	// Search results have the button too.
	if err := chromedp.Do(browser, chromedp.Navigate(base+"search/?q=memory+lane"),
		chromedp.WaitVisible(`.search-results [data-basket-add="memory-lane-singers"]`),
		chromedp.Click(`.search-results [data-basket-add="memory-lane-singers"]`)); err != nil {
		t.Fatalf("adding from the search results: %v", err)
	}
	titles["memory-lane-singers"] = "Memory Lane Singers"
	if got := countText(); got != "(3)" {
		t.Errorf("after adding from the search results, the header's count is %q", got)
	}

	if err := chromedp.Do(browser, chromedp.Navigate(base+"prescribe/"),
		chromedp.WaitVisible(`[data-basket-item="polish-cafe"] .prescription-facts`),
		chromedp.WaitVisible(`[data-basket-item="memory-lane-singers"] .prescription-facts`)); err != nil {
		t.Fatalf("the basket page: %v", err)
	}
	checkHandOver(t, browser, sample, []string{"community-choir", "polish-cafe", "memory-lane-singers"})
	// With activities in it, the page is accessible and fits 320 pixels.
	if axeJS := loadAxe(t); axeJS != "" {
		runAxe(t, browser, axeJS, base+"prescribe/ (three activities)")
	}
	if err := chromedp.Do(browser, chromedp.EmulateViewport(320, 800)); err != nil {
		t.Fatal(err)
	}
	if width, err := chromedp.Run(browser, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil || width > 320 {
		wide, _ := chromedp.Run(browser, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > 321).slice(0, 6).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right)).join("; ")`))
		t.Errorf("the basket page is %d CSS pixels wide at 320 (%v): %s", width, err, wide)
	}
	if err := chromedp.Do(browser, chromedp.EmulateViewport(1280, 1000)); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(browser, chromedp.Evaluate[string](`document.querySelector("[data-basket-items]").innerText`))
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range titles {
		if !strings.Contains(text, title) {
			t.Errorf("the basket does not list %q:\n%s", title, text)
		}
	}
	if !strings.Contains(text, "07700 900127") || !strings.Contains(text, "Every Sunday, 14:00–16:30") {
		t.Errorf("the basket lacks the phone or schedule:\n%s", text)
	}

	pdf, file := printPDF(t, browser, filepath.Join(cmp.Or(os.Getenv("SIGNPOST_ARTIFACTS"), t.TempDir()), "prescribe.pdf"))
	// One combined prescription: activities follow each other, each kept whole
	// on a page (its title with its phone number), so short ones share a page
	// and there are never more pages than activities.
	n := pdfPages(pdf)
	if n < 1 || n > len(titles) {
		t.Errorf("%d activities print on %d A4 pages; want 1 to %d (%s)", len(titles), n, len(titles), file)
	}
	t.Logf("%d activities print on %d A4 page(s): %s", len(titles), n, file)
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext is missing (apt-get install poppler-utils): SKIPPING the check that no activity is split across pages")
	} else {
		phones := map[string]string{"community-choir": "07700 900127", "polish-cafe": "07700 900107", "memory-lane-singers": "07700 900128"}
		for id, title := range titles {
			whole := false
			for page := 1; page <= n; page++ {
				text, err := exec.Command("pdftotext", "-enc", "UTF-8", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), file, "-").Output()
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(string(text), title) && strings.Contains(string(text), phones[id]) {
					whole = true
				}
			}
			if !whole {
				t.Errorf("%s is split across pages: no page has both its title and its phone number", title)
			}
		}
	}
	// In print the prescription takes the page's width, not the screen's reading column.
	if _, err := chromedp.Call(browser, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	share, err := chromedp.Run(browser, chromedp.Evaluate[float64](`document.querySelector("[data-basket-sheet]").getBoundingClientRect().width / document.documentElement.clientWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if share < 0.9 {
		t.Errorf("printed, the prescription is %.0f %% of the page's width; want at least 90 %%", 100*share)
	}
	if _, err := chromedp.Call(browser, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}

	if err := chromedp.Do(browser, chromedp.Click(`[data-basket-clear]`)); err != nil {
		t.Fatal(err)
	}
	state, err := chromedp.Run(browser, chromedp.Evaluate[string](
		`document.querySelectorAll("[data-basket-item]").length + " " + (sessionStorage.getItem("signpost-basket") === null) + " " + document.querySelector("[data-basket-status]").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(state, "0 true ") {
		t.Errorf("after Clear: items, storage empty, status = %q; want 0 items and nothing stored", state)
	}
}

// checkHandOver checks the basket page's ways of handing the basket over:
// the link that reopens it (in a fresh browser), and the exact text and
// email messages, made from the activities' own data files.
func checkHandOver(t *testing.T, browser context.Context, sample sampleSite, ids []string) {
	t.Helper()
	type sheet struct {
		Title, Next, Venue, Address, Cost, Phone, URL string
		Schedule                                      []string
	}
	// The next session as it is today, from the schedule rules in
	// directory.json (the data files' own "next" dates from the build).
	var dir struct {
		Listings []struct {
			ID       string `json:"id"`
			Schedule []struct {
				Canonical string `json:"canonical"`
			} `json:"schedule"`
		} `json:"listings"`
	}
	raw, err := os.ReadFile(filepath.Join(sample.out, "directory.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &dir); err != nil {
		t.Fatal(err)
	}
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	nextOf := func(id string) string {
		for _, l := range dir.Listings {
			if l.ID != id {
				continue
			}
			var rules []schedule.Rule
			for _, r := range l.Schedule {
				rule, err := schedule.Parse(r.Canonical)
				if err != nil {
					t.Fatal(err)
				}
				rules = append(rules, rule)
			}
			o, ok := schedule.Next(rules, time.Now(), london)
			if !ok {
				return ""
			}
			return o.Start.Format("Monday 2 January, 15:04") + "–" + o.End.Format("15:04")
		}
		return ""
	}
	var sheets []sheet
	for _, id := range ids {
		data, err := os.ReadFile(filepath.Join(sample.out, "sheets", id+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var s sheet
		if err := json.Unmarshal(data, &s); err != nil {
			t.Fatal(err)
		}
		s.Next = nextOf(id)
		sheets = append(sheets, s)
	}
	const site = "Millbrook Community Directory"
	var sms, email []string
	for _, s := range sheets {
		lines := []string{s.Title}
		if s.Next != "" {
			lines = append(lines, "Next: "+s.Next)
		}
		if s.Phone != "" {
			lines = append(lines, "Call "+s.Phone)
		}
		sms = append(sms, strings.Join(append(lines, s.URL), "\n"))
		full := []string{s.Title, "When: " + strings.Join(s.Schedule, "; ")}
		if s.Next != "" {
			full = append(full, "Next: "+s.Next)
		}
		if s.Venue != "" {
			full = append(full, "Where: "+s.Venue+", "+s.Address)
		}
		full = append(full, "Cost: "+s.Cost)
		if s.Phone != "" {
			full = append(full, "Call "+s.Phone)
		}
		email = append(email, strings.Join(append(full, s.URL), "\n"))
	}
	wantSMS := "sms:?body=" + url.QueryEscape("Activities suggested for you ("+site+"):\n\n"+strings.Join(sms, "\n\n"))
	wantEmail := "mailto:?subject=" + url.QueryEscape("Activities suggested for you – "+site) + "&body=" +
		url.QueryEscape(strings.ReplaceAll("Here are the activities we talked about. Each has a phone number to ask about joining.\n\n"+
			strings.Join(email, "\n\n")+"\n\nFrom "+site, "\n", "\r\n")) // RFC 6068: CR LF in a mailto: body
	// As encodeURIComponent writes them: spaces as %20, and ( ) ! * ' ~ as they are.
	js := strings.NewReplacer("+", "%20", "%28", "(", "%29", ")", "%21", "!", "%2A", "*", "%27", "'", "%7E", "~")
	wantSMS, wantEmail = js.Replace(wantSMS), js.Replace(wantEmail)
	got, err := chromedp.Run(browser, chromedp.Evaluate[[]string](`[document.querySelector("[data-basket-sms]").getAttribute("href"), document.querySelector("[data-basket-email]").getAttribute("href"), document.querySelector("[data-basket-link]").value]`))
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != wantSMS {
		t.Errorf("Send by text:\n got %s\nwant %s", got[0], wantSMS)
	}
	if got[1] != wantEmail {
		t.Errorf("Send by email:\n got %s\nwant %s", got[1], wantEmail)
	}
	if want := sample.base + "prescribe/#ids=" + strings.Join(ids, ","); got[2] != want {
		t.Errorf("the basket's link is %q, want %q", got[2], want)
	}

	// The link, opened in another browser (nothing shared), shows the same basket,
	// added to what that browser's tab already holds.
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(sample.chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(t.TempDir()))
	defer cancelAlloc()
	other, cancelOther := chromedp.NewContext(allocCtx)
	defer cancelOther()
	sel := `[data-basket-item="` + ids[len(ids)-1] + `"] .prescription-facts`
	if err := chromedp.Do(other, chromedp.Navigate(sample.base+"listings/knit-and-natter/"),
		chromedp.WaitVisible(`.listing-actions [data-basket-add="knit-and-natter"]`),
		chromedp.Click(`.listing-actions [data-basket-add="knit-and-natter"]`),
		chromedp.Navigate(got[2]), chromedp.WaitVisible(sel)); err != nil {
		t.Fatalf("opening the basket's link in a fresh browser: %v", err)
	}
	state, err := chromedp.Run(other, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("[data-basket-item]")).map(li => li.getAttribute("data-basket-item") + "=" + li.querySelector(".prescription-title").textContent).join("|") + " " + location.search + " " + document.querySelector(".site-nav [data-basket-count]").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"knit-and-natter=Knit and Natter"}
	for i, id := range ids {
		want = append(want, id+"="+sheets[i].Title)
	}
	if wantState := strings.Join(want, "|") + "  (4)"; state != wantState {
		t.Errorf("the reopened basket: %q, want %q", state, wantState)
	}
	// Removing one counts down in the header at once.
	if err := chromedp.Do(other, chromedp.Click(`[data-basket-item="knit-and-natter"] .prescription-remove`)); err != nil {
		t.Fatal(err)
	}
	after, err := chromedp.Run(other, chromedp.Evaluate[string](`document.querySelectorAll("[data-basket-item]").length + " " + document.querySelector(".site-nav [data-basket-count]").textContent`))
	if err != nil || after != "3 (3)" {
		t.Errorf("after removing one: %q (%v), want 3 items and (3)", after, err)
	}
	// By keyboard: Enter on an item's Remove moves the focus to the next item's title,
	// and from the last one left to the message that the basket is empty.
	focused := `(document.activeElement.closest("[data-basket-item]") || {getAttribute: () => ""}).getAttribute("data-basket-item") + "|" + document.activeElement.textContent.trim().slice(0, 40)`
	for i := range ids {
		if err := chromedp.Do(other, chromedp.Focus(`[data-basket-item]:first-child .prescription-remove`), chromedp.KeyEvent("\r")); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(other, chromedp.Evaluate[string](focused))
		if err != nil {
			t.Fatal(err)
		}
		var want string
		if i+1 < len(ids) {
			want = ids[i+1] + "|" + sheets[i+1].Title[:min(40, len(sheets[i+1].Title))]
		} else {
			empty, _ := chromedp.Run(other, chromedp.Evaluate[string](`document.querySelector("[data-basket-empty]").textContent.trim().slice(0, 40)`))
			want = "|" + empty
		}
		if got != want {
			t.Errorf("after removing item %d by keyboard, the focus is on %q, want %q", i+1, got, want)
		}
	}
}
