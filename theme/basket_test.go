package theme_test

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
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

	if err := chromedp.Do(browser, chromedp.Navigate(base+"prescribe/"),
		chromedp.WaitVisible(`[data-basket-item="polish-cafe"] .prescription-facts`)); err != nil {
		t.Fatalf("the basket page: %v", err)
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

	pdf, err := chromedp.Run(browser, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatal(err)
	}
	artifacts := cmp.Or(os.Getenv("SIGNPOST_ARTIFACTS"), t.TempDir())
	file := filepath.Join(artifacts, "prescribe.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if n := pdfPages(pdf); n < 1 || n > 2 {
		t.Errorf("two activities print on %d A4 pages; want 1 or 2 (%s)", n, file)
	} else {
		t.Logf("two activities print on %d A4 page(s): %s", n, file)
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
