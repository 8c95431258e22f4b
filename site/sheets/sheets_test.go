package sheets

import (
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/content"
	loader "github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/schedule"
	"github.com/signpost-directory/signpost/site/synth"
)

// now is when the test sheets are printed: the day the sample content is checked as of.
var now = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

const testBaseURL = "https://gp.example.net/dir/"

// load checks a content folder and fails the test on any error. (It does
// not use site.Check: package site imports this one.)
func load(t testing.TB, dir string) *content.Directory {
	t.Helper()
	ck, err := check.New()
	if err != nil {
		t.Fatal(err)
	}
	folder, err := loader.Scan(os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	d, msgs := ck.Run(context.Background(), folder, check.Options{Today: schedule.Date{Year: 2026, Month: 11, Day: 21}})
	if msgs.HasErrors() {
		t.Fatalf("%s has errors: %v", dir, msgs)
	}
	return d
}

// need skips the test when a command-line tool is missing.
func need(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install poppler-utils qpdf zbar-tools); CI installs it", tool)
		}
	}
}

// pdfText is the text of a PDF, with all white space folded to single spaces.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// pdfInfo returns a PDF's page count and page size in points.
func pdfInfo(t *testing.T, path string) (pages int, size string) {
	t.Helper()
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", path, err)
	}
	if m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out); m != nil {
		pages, _ = strconv.Atoi(string(m[1]))
	}
	if m := regexp.MustCompile(`(?m)^Page size:\s+([\d.]+ x [\d.]+) pts`).FindSubmatch(out); m != nil {
		size = string(m[1])
	}
	return pages, size
}

// qrText decodes the QR code on a PDF's first page.
func qrText(t *testing.T, path string) string {
	t.Helper()
	png := filepath.Join(t.TempDir(), "page")
	if out, err := exec.Command("pdftoppm", "-r", "150", "-png", "-singlefile", path, png).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	out, err := exec.Command("zbarimg", "--quiet", "--raw", png+".png").Output()
	if err != nil {
		t.Fatalf("zbarimg found no code in %s: %v", path, err)
	}
	return strings.TrimSpace(string(out))
}

func write(t *testing.T, d *content.Directory, opts Options) (string, *Result) {
	t.Helper()
	out := t.TempDir()
	if opts.Now.IsZero() {
		opts.Now = now
	}
	res, err := Write(context.Background(), d, out, opts)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(out, "sheets"), res
}

func TestSampleSheets(t *testing.T) {
	need(t, "pdftotext", "pdfinfo", "pdftoppm", "zbarimg")
	d := load(t, "../../content")
	dir, res := write(t, d, Options{BaseURL: testBaseURL})
	if res.Paper != A4 || res.Sheets != len(d.Listings) || len(res.Fallback) != 0 {
		t.Errorf("result %+v: want A4, %d sheets, no fallbacks", res, len(d.Listings))
	}
	for _, tc := range []struct {
		id   string
		want []string
	}{
		{"community-choir", []string{"Your social prescription", "Millbrook Community Directory",
			"Wend Valley Community Choir", "Every Thursday, 19:30–21:00", "Next: Thursday 26 November 2026",
			"St Mary's Church Hall", "07700 900127", "£25 a term", "Information checked on 11 September 2026",
			"Nothing about you is recorded", "SNOMED CT 871731000000106", "Referral to social prescribing service",
			"Your name", "Prescribed by", "Follow-up date"}},
		// Cyrillic, printed as it is.
		{"ukrainian-support-group", []string{"Суботні зустрічі української громади", "Every Saturday, 11:00–13:00",
			"Оксана", "07700 900134", "Information checked on 24 October 2026"}},
		{"polish-cafe", []string{"Polish Sunday Café", "Every Sunday, 14:00–16:30", "07700 900107"}},
		// Written in English for Arabic speakers: nothing to fall back from.
		{"arabic-womens-group", []string{"Women's Coffee Morning (Arabic and English)", "Every Wednesday, 10:00–12:00",
			"Al-Noor Community Hall", "07700 900135", "In Arabic and English", "Information checked on 12 August 2026"}},
	} {
		t.Run(tc.id, func(t *testing.T) {
			path := filepath.Join(dir, tc.id+".pdf")
			if pages, size := pdfInfo(t, path); pages != 1 || size != "595 x 842" {
				t.Errorf("%d pages of %s pts; want 1 page of A4 (595 x 842)", pages, size)
			}
			text := pdfText(t, path)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("the sheet does not say %q; it says:\n%s", w, text)
				}
			}
			if got, want := qrText(t, path), testBaseURL+"listings/"+tc.id+"/"; got != want {
				t.Errorf("QR code says %q; want %q", got, want)
			}
		})
	}
	// Every sheet is one small page.
	for _, l := range d.Listings {
		path := filepath.Join(dir, l.ID+".pdf")
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Size() > 100_000 {
			t.Errorf("%s is %d bytes; want under 100 KB", l.ID, info.Size())
		}
		if pages, _ := pdfInfo(t, path); pages != 1 {
			t.Errorf("%s has %d pages", l.ID, pages)
		}
	}
}

func TestPads(t *testing.T) {
	need(t, "pdftotext", "pdfinfo")
	d := load(t, "../../content")
	dir, res := write(t, d, Options{})
	var befriending []string
	for _, l := range d.Listings {
		if l.IsActive() && slices.Contains(l.Categories, "befriending") {
			befriending = append(befriending, l.Title)
		}
	}
	if res.Pads == 0 {
		t.Fatal("no pads")
	}
	path := filepath.Join(dir, "categories", "befriending.pdf")
	if pages, _ := pdfInfo(t, path); pages != len(befriending) {
		t.Errorf("befriending pad has %d pages; want %d", pages, len(befriending))
	}
	text := pdfText(t, path)
	last := -1
	slices.SortFunc(befriending, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	for _, title := range befriending {
		i := strings.Index(text, title)
		if i < 0 || i < last {
			t.Errorf("%q missing from the pad or out of title order", title)
		}
		last = i
	}
	if _, err := os.Stat(filepath.Join(dir, "needs", "loneliness.pdf")); err != nil {
		t.Error(err)
	}
}

// The test directory asks for US Letter and no SNOMED code, and has
// listings in Welsh, Polish, Greek, Arabic, Persian and Bengali, and one far
// too long for a page.
func TestScriptsAndSettings(t *testing.T) {
	need(t, "pdftotext", "pdfinfo")
	d := load(t, "testdata/content")
	dir, res := write(t, d, Options{BaseURL: testBaseURL})
	if res.Paper != Letter {
		t.Errorf("paper %s; want letter from directory.yaml", res.Paper)
	}
	for _, tc := range []struct {
		id     string
		want   []string
		absent []string
	}{
		{"welsh-walk", []string{"Grŵp Cerdded Dydd Mawrth", "gan gynnwys cŵn a phlant", "Ŷ ŵ ŷ", "Every Tuesday, 10:00–12:00",
			"Northfield Community Hub", "07700 900201", "In Welsh"}, nil},
		{"polish-walk", []string{"Spacer dla zdrowia – Łąka i Żuraw", "Gęsi, żółwie i źdźbła trawy", "Małgorzata", "07700 900202"}, nil},
		{"greek-walk", []string{"Ομάδα περπατήματος", "Η Ελένη θα σας συναντήσει", "Ελένη"}, nil},
		// Arabic cannot be set, but there is an English translation.
		{"arabic-walk", []string{"Women's Walking Group", "Translated from Arabic", "Samira will meet you", "07700 900204"},
			[]string{"سميرة"}},
		// No translation: an English sheet that points online.
		{"farsi-circle", []string{"An activity in Persian", "written in Persian", testBaseURL + "listings/farsi-circle/",
			"Every Thursday, 18:00–19:00", "£2 a session", "07700 900207", "Maryam"}, nil},
		{"bengali-walk", []string{"An activity in Bangla", "You can read them in Bangla online", "07700 900205", "Rina"}, nil},
		{"long-walk", []string{"A Walking Group With a Remarkably Long Name", "More at " + testBaseURL + "listings/long-walk/",
			"Every Tuesday, 10:00–12:00", "07700 900203", "Information checked on 1 October 2026", "Your name"}, nil},
	} {
		t.Run(tc.id, func(t *testing.T) {
			path := filepath.Join(dir, tc.id+".pdf")
			if pages, size := pdfInfo(t, path); pages != 1 || size != "612 x 792" {
				t.Errorf("%d pages of %s pts; want 1 page of US Letter (612 x 792)", pages, size)
			}
			text := pdfText(t, path)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("the sheet does not say %q; it says:\n%s", w, text)
				}
			}
			for _, w := range append(tc.absent, "SNOMED") {
				if strings.Contains(text, w) {
					t.Errorf("the sheet says %q", w)
				}
			}
		})
	}
	if want := []string{"bengali-walk", "farsi-circle"}; strings.Join(res.Fallback, " ") != strings.Join(want, " ") {
		t.Errorf("fallbacks %v; want %v", res.Fallback, want)
	}
	// The option wins over the directory's setting.
	dir, res = write(t, d, Options{Paper: A4})
	if pages, size := pdfInfo(t, filepath.Join(dir, "long-walk.pdf")); res.Paper != A4 || pages != 1 || size != "595 x 842" {
		t.Errorf("with Paper: A4, long-walk is %d pages of %s", pages, size)
	}
}

func TestCache(t *testing.T) {
	d := load(t, "testdata/content")
	cache := t.TempDir()
	_, first := write(t, d, Options{CacheDir: cache})
	if first.Rendered != first.Sheets {
		t.Errorf("first build rendered %d of %d sheets", first.Rendered, first.Sheets)
	}
	dir, second := write(t, d, Options{CacheDir: cache})
	if second.Rendered != 0 {
		t.Errorf("second build rendered %d; want 0, all from the cache", second.Rendered)
	}
	if info, err := os.Stat(filepath.Join(dir, "welsh-walk.pdf")); err != nil || info.Size() < 1000 {
		t.Errorf("cached sheet not published: %v", err)
	}
	// A week later every next session has moved, so every sheet changes.
	_, later := write(t, d, Options{CacheDir: cache, Now: now.AddDate(0, 0, 7)})
	if later.Rendered == 0 {
		t.Error("a week later nothing was re-rendered; the next sessions are stale")
	}
}

// Pads are kept in the sheet cache under a hash of their sheets: a build
// with nothing changed links every pad from the cache, one with a listing
// changed puts together only the pads that listing is in, and the cache
// keeps only the pads of the last build.
func TestPadCache(t *testing.T) {
	d := load(t, "testdata/content")
	cache := t.TempDir()
	cachedPads := func() int {
		t.Helper()
		entries, err := os.ReadDir(filepath.Join(cache, padFolder))
		if err != nil {
			t.Fatal(err)
		}
		return len(entries)
	}
	dir1, first := write(t, d, Options{CacheDir: cache})
	if first.Pads == 0 || first.Assembled != first.Pads || cachedPads() != first.Pads {
		t.Fatalf("first build: %d pads, %d put together, %d in the cache; want all", first.Pads, first.Assembled, cachedPads())
	}
	dir2, second := write(t, d, Options{CacheDir: cache})
	if second.Assembled != 0 {
		t.Errorf("second build put together %d pads; want 0, all from the cache", second.Assembled)
	}
	pads := 0
	for _, group := range []string{"categories", "needs"} {
		entries, err := os.ReadDir(filepath.Join(dir1, group))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			a, errA := os.ReadFile(filepath.Join(dir1, group, e.Name()))
			b, errB := os.ReadFile(filepath.Join(dir2, group, e.Name()))
			if errA != nil || errB != nil || !bytes.Equal(a, b) {
				t.Errorf("%s/%s differs from the cache's copy (%v, %v)", group, e.Name(), errA, errB)
			}
			pads++
		}
	}
	if pads != first.Pads {
		t.Errorf("%d pad files published, the result says %d", pads, first.Pads)
	}

	// One listing changed: only its pads are put together again, and the
	// cache lets go of the pads it replaced.
	i := slices.IndexFunc(d.Listings, func(l *content.Listing) bool { return l.ID == "long-walk" })
	if i < 0 {
		t.Fatal("no long-walk in testdata/content")
	}
	changed := d.Listings[i]
	changed.Title += " (moved to Thursdays)"
	_, third := write(t, d, Options{CacheDir: cache})
	if want := len(changed.Categories) + len(changed.Needs); third.Assembled != want || third.Rendered != 1 {
		t.Errorf("after changing %s: %d sheets drawn and %d pads put together; want 1 and %d (its categories and needs)",
			changed.ID, third.Rendered, third.Assembled, want)
	}
	if n := cachedPads(); n != third.Pads {
		t.Errorf("the cache keeps %d pads after the third build of %d", n, third.Pads)
	}
}

func TestPrintable(t *testing.T) {
	f, err := NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Plain English, £3.50 – “quoted” …", true},
		{"Welsh: ŵ ŷ Ŵ Ŷ ẁ ẃ ẅ ỳ", true},
		{"Polish: ą ę ł ż ź ć ń ó ś Ą Ę Ł Ż", true},
		{"Greek: Ομάδα περπατήματος", true},
		{"Cyrillic: Суботні зустрічі, Ґґ Її", true},
		{clean("w\u0302"), true}, // composes to ŵ
		{"Arabic: مرحبا", false},
		{"Hebrew: שלום", false},
		{"Bengali: হাঁটা", false},
		{"Gurmukhi: ਲੰਗਰ", false},
		{"Chinese: 你好", false},
		{"Devanagari: नमस्ते", false},
		{"Emoji 🙂", false},
		{"x\u0301\u0302", false}, // no precomposed form: would print a loose mark
	} {
		if got := f.Printable(clean(tc.text)); got != tc.want {
			t.Errorf("Printable(%q) = %v; want %v", tc.text, got, tc.want)
		}
	}
}

func TestWrapNeverOverflows(t *testing.T) {
	f, err := NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"", "short", strings.Repeat("word ", 200), strings.Repeat("x", 500),
		"https://example.org/a/very/long/address/that/has/no/spaces/at/all/and/goes/on/and/on/"} {
		for _, line := range wrap(f, 0, sizeBody, text, 200) {
			if w := f.width(0, line, sizeBody); w > 200 {
				t.Errorf("line %q is %.1f pt wide; limit 200", line, w)
			}
		}
	}
}

// TestArtifact renders a sheet to PNG for people to look at: under
// $SIGNPOST_ARTIFACTS when set, else in a temporary folder.
func TestArtifact(t *testing.T) {
	need(t, "pdftoppm")
	d := load(t, "../../content")
	dir, _ := write(t, d, Options{BaseURL: testBaseURL})
	out := os.Getenv("SIGNPOST_ARTIFACTS")
	if out == "" {
		out = t.TempDir()
	}
	for _, id := range []string{"community-choir", "ukrainian-support-group"} {
		png := filepath.Join(out, "sheet-"+id)
		if b, err := exec.Command("pdftoppm", "-r", "100", "-png", "-singlefile", filepath.Join(dir, id+".pdf"), png).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v: %s", err, b)
		}
		t.Logf("sheet rendered to %s.png", png)
	}
}

// BenchmarkSheets prints 1,000 synthetic listings' sheets without a cache,
// with and without the pads (which print each listing about five more
// times), and reports listing sheets per second.
func BenchmarkSheets(b *testing.B) {
	dir := b.TempDir()
	if err := synth.Write(dir, 1000); err != nil {
		b.Fatal(err)
	}
	d := load(b, dir)
	fonts, err := NewFonts()
	if err != nil {
		b.Fatal(err)
	}
	for _, withPads := range []bool{false, true} {
		b.Run(fmt.Sprintf("pads=%v", withPads), func(b *testing.B) {
			out := b.TempDir()
			var res *Result
			for b.Loop() {
				if res, err = Write(context.Background(), d, out, Options{Now: now, Fonts: fonts, NoPads: !withPads}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Sheets*b.N)/b.Elapsed().Seconds(), "sheets/s")
			b.ReportMetric(float64(res.Pads), "pads")
		})
	}
}

// A start date before the day the sheet is printed is history, and only
// confuses ("from 8 January 2026" on a sheet handed out in November); a
// start date still to come is news and prints.
func TestStartDateOnlyWhenFuture(t *testing.T) {
	need(t, "pdftotext")
	d := load(t, "../../content")
	for _, tc := range []struct {
		name    string
		now     time.Time
		id      string
		present []string
		absent  []string
	}{
		{"past start", now, "wendbridge-fortnightly-walk",
			[]string{"Every other Thursday, 10:00–12:30"}, []string{"8 January 2026"}},
		{"past start", now, "shared-reading-group",
			[]string{"Every other Monday, 14:00–15:30"}, []string{"5 January 2026"}},
		{"future start", now, "cook-and-eat-on-a-budget",
			[]string{"Every Thursday, 10:00–12:30, 14 January – 4 March 2027"}, nil},
		{"future start", time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC), "shared-reading-group",
			[]string{"Every other Monday, 14:00–15:30, from 5 January 2026"}, nil},
		{"course begun", time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC), "cook-and-eat-on-a-budget",
			[]string{"Every Thursday, 10:00–12:30, until 4 March 2027"}, []string{"14 January"}},
	} {
		t.Run(tc.name+"/"+tc.id, func(t *testing.T) {
			dir, _ := write(t, d, Options{Now: tc.now, NoPads: true})
			text := pdfText(t, filepath.Join(dir, tc.id+".pdf"))
			for _, w := range tc.present {
				if !strings.Contains(text, w) {
					t.Errorf("printed on %s, the sheet does not say %q; it says:\n%s", tc.now.Format(time.DateOnly), w, text)
				}
			}
			for _, w := range tc.absent {
				if strings.Contains(text, w) {
					t.Errorf("printed on %s, the sheet says %q; it says:\n%s", tc.now.Format(time.DateOnly), w, text)
				}
			}
		})
	}
}

// Every PDF says what it is and which language it is in: the catalog's
// /Lang (so a screen reader picks the right voice), the Info dictionary
// and the same in XMP metadata.
func TestDocumentLanguageAndMetadata(t *testing.T) {
	need(t, "pdfinfo")
	sample, testdata := load(t, "../../content"), load(t, "testdata/content")
	sampleDir, _ := write(t, sample, Options{})
	testDir, _ := write(t, testdata, Options{NoPads: true})
	for _, tc := range []struct {
		path, title, subject, lang string
	}{
		{filepath.Join(sampleDir, "riverside-walking-group.pdf"), "Riverside Walking Group",
			"A gentle 45-minute walk by the River Wend, then tea and a chat at the Old Mill Café.", "en-GB"},
		{filepath.Join(sampleDir, "ukrainian-support-group.pdf"), "Суботні зустрічі української громади", "", "uk"},
		{filepath.Join(testDir, "polish-walk.pdf"), "Spacer dla zdrowia – Łąka i Żuraw", "", "pl"},
		// Printed from its English translation, so in English.
		{filepath.Join(testDir, "arabic-walk.pdf"), "Women's Walking Group", "", "en-GB"},
		{filepath.Join(sampleDir, "categories", "befriending.pdf"), "Befriending: social prescriptions",
			"Social prescriptions from Millbrook Community Directory, one activity a page", "en-GB"},
	} {
		t.Run(filepath.Base(tc.path), func(t *testing.T) {
			cmd := exec.Command("pdfinfo", "-enc", "UTF-8", tc.path)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			info, err := cmd.Output()
			if err != nil || stderr.Len() > 0 {
				t.Fatalf("pdfinfo: %v %s", err, stderr.String())
			}
			want := []string{"Title: " + tc.title, "Creator: signpost", "Metadata Stream: yes"}
			if tc.subject != "" {
				want = append(want, "Subject: "+tc.subject)
			}
			folded := strings.Join(strings.Fields(string(info)), " ")
			for _, w := range want {
				if !strings.Contains(folded, w) {
					t.Errorf("pdfinfo does not say %q:\n%s", w, info)
				}
			}
			meta, err := exec.Command("pdfinfo", "-meta", tc.path).Output()
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range []string{"<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xmlText(tc.title),
				"<dc:language><rdf:Bag><rdf:li>" + tc.lang + "</rdf:li>", "<xmp:CreatorTool>signpost</xmp:CreatorTool>"} {
				if !strings.Contains(string(meta), w) {
					t.Errorf("XMP metadata has no %q:\n%s", w, meta)
				}
			}
			if got := catalogLang(t, tc.path); got != "("+tc.lang+")" {
				t.Errorf("catalog /Lang is %s; want (%s)", got, tc.lang)
			}
		})
	}
}

// catalogLang is the /Lang of the catalog a reader sees: with qpdf, which
// follows the cross-reference sections, else the newest catalog in the file.
func catalogLang(t *testing.T, path string) string {
	t.Helper()
	lang := regexp.MustCompile(`/Lang\s*(\([^)]*\)|<[^>]*>)`)
	if _, err := exec.LookPath("qpdf"); err == nil {
		out, err := exec.Command("qpdf", "--show-object=trailer", path).Output()
		if err != nil {
			t.Fatalf("qpdf: %v", err)
		}
		root := regexp.MustCompile(`/Root (\d+) 0 R`).FindSubmatch(out)
		if root == nil {
			t.Fatalf("no /Root in the trailer: %s", out)
		}
		if out, err = exec.Command("qpdf", "--show-object="+string(root[1]), path).Output(); err != nil {
			t.Fatalf("qpdf: %v", err)
		}
		if m := lang.FindSubmatch(out); m != nil {
			return string(m[1])
		}
		return ""
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	all := regexp.MustCompile(`(?s)/Type /Catalog.*?endobj|1 0 obj\s*<<[^>]*?/Lang[^>]*>>`).FindAll(data, -1)
	for i := len(all) - 1; i >= 0; i-- {
		if m := lang.FindSubmatch(all[i]); m != nil {
			return string(m[1])
		}
	}
	return ""
}

func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// A web address on paper is typed in by hand: its hyphens must look like
// hyphens, not dashes, and its figures plain. The sheets are set in
// Atkinson Hyperlegible, with Noto Sans for what it cannot set.
func TestFontsPrintHyphensAndFigures(t *testing.T) {
	f, err := NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	for face, name := range faceNames {
		ttf := [numFaces][]byte{atkinsonRegular, atkinsonBold, notoRegular, notoBold}[face]
		hyphen, dash := inkWidth(t, ttf, '-'), inkWidth(t, ttf, '–')
		if 5*hyphen > 4*dash {
			t.Errorf("%s: the hyphen is %d units wide, the en dash %d: a hyphen must be clearly shorter (at most 4/5)", name, hyphen, dash)
		}
		if face/2 == mainFamily && f.advance[face]['1'] == f.advance[face]['0'] {
			t.Errorf("%s: every figure is as wide as the next, like a typewriter's", name)
		}
	}
	if f.face("riverside-walking-group", regular) != mainFamily*2 || f.face("Grŵp", bold) != fallbackFamily*2+bold ||
		f.face("Суботні", regular) != fallbackFamily*2 {
		t.Error("English should be set in the main family, Welsh ŵ and Cyrillic in the fallback")
	}

	need(t, "pdftotext", "pdffonts")
	d := load(t, "../../content")
	dir, _ := write(t, d, Options{BaseURL: testBaseURL, NoPads: true})
	for _, tc := range []struct {
		id    string
		fonts []string
	}{
		{"riverside-walking-group", []string{"AtkinsonHyperlegible-Bold", "AtkinsonHyperlegible-Regular"}},
		{"ukrainian-support-group", []string{"AtkinsonHyperlegible-Bold", "AtkinsonHyperlegible-Regular", "NotoSans-Bold", "NotoSans-Regular"}},
	} {
		path := filepath.Join(dir, tc.id+".pdf")
		url := testBaseURL + "listings/" + tc.id + "/"
		if text := pdfText(t, path); !strings.Contains(text, url) {
			t.Errorf("%s: the sheet does not print %s with plain hyphens; it says:\n%s", tc.id, url, text)
		}
		if got := pdfFonts(t, path); !slices.Equal(got, tc.fonts) {
			t.Errorf("%s: fonts %v; want %v", tc.id, got, tc.fonts)
		}
	}
}

// inkWidth is the width of r's drawing in font units per 1000 em.
func inkWidth(t *testing.T, ttf []byte, r rune) int {
	t.Helper()
	f, err := sfnt.Parse(ttf)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	i, err := f.GlyphIndex(&buf, r)
	if err != nil || i == 0 {
		t.Fatalf("no glyph for %q: %v", r, err)
	}
	b, _, err := f.GlyphBounds(&buf, i, fixed.I(1000), font.HintingNone)
	if err != nil {
		t.Fatal(err)
	}
	return (b.Max.X - b.Min.X).Round()
}

// pdfFonts lists the fonts a PDF embeds, sorted, subset prefixes removed.
func pdfFonts(t *testing.T, path string) []string {
	t.Helper()
	out, err := exec.Command("pdffonts", path).Output()
	if err != nil {
		t.Fatalf("pdffonts %s: %v", path, err)
	}
	var names []string
	for _, line := range strings.Split(string(out), "\n")[2:] {
		if fields := strings.Fields(line); len(fields) > 0 {
			name := fields[0]
			if i := strings.IndexByte(name, '+'); i == 6 {
				name = name[i+1:]
			}
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// A sheet uses its page before it shortens anything: everything at full
// size when it fits, then smaller type down to a floor (body text never
// below 11 pt), and only then whole sentences cut, least useful first.
// The venue's directions are always printed.
func TestSheetsUseThePage(t *testing.T) {
	need(t, "pdftotext", "pdfinfo")
	f, err := NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	sentenceEnd := regexp.MustCompile(`[.!?]["'’”)\]]*$`)
	for _, folder := range []string{"../../content", "testdata/content"} {
		d := load(t, folder)
		for _, paper := range []Paper{A4, Letter} {
			dir, _ := write(t, d, Options{Paper: paper, BaseURL: testBaseURL, NoPads: true})
			set := settings{baseURL: testBaseURL, now: now}
			for _, l := range d.Listings {
				t.Run(fmt.Sprintf("%s/%s/%s", strings.TrimPrefix(folder, "../../"), paper, l.ID), func(t *testing.T) {
					s := describe(d, l, f, set)
					lay := measure(f, s, paper)
					path := filepath.Join(dir, l.ID+".pdf")
					if pages, _ := pdfInfo(t, path); pages != 1 {
						t.Errorf("%d pages", pages)
					}
					text := pdfText(t, path)
					// Every sample listing fits whole, in smaller type where needed.
					if folder == "../../content" && lay.shortened() {
						t.Errorf("shortened on %s paper", paper)
					}
					for _, p := range append(lay.paras(), lay.more) {
						if p.pt < p.size.floor || p.size == bodySize && p.pt < 11 {
							t.Errorf("%q set at %.2f pt; the floor is %.2f", p.text(), p.pt, p.size.floor)
						}
						if p.kept == 0 {
							continue
						}
						printed := strings.Join(strings.Fields(p.text()), " ")
						if !strings.Contains(text, printed) {
							t.Errorf("the sheet does not print %q whole; it says:\n%s", printed, text)
						}
						if p.shortened() && !sentenceEnd.MatchString(printed) {
							t.Errorf("%q is cut mid-sentence", printed)
						}
					}
					if strings.Contains(text, "…") && !strings.Contains(s.Title+s.Summary+s.HowToJoin+s.FirstVisit+s.Directions, "…") {
						t.Errorf("the sheet has an ellipsis: a text was cut mid-sentence:\n%s", text)
					}
					// Directions always print; on the sample directory, whole.
					if s.Directions != "" {
						want := strings.Join(strings.Fields(s.Directions), " ")
						if folder != "../../content" {
							want = sentences(want)[0]
						}
						if !strings.Contains(text, want) {
							t.Errorf("the sheet does not give the directions %q; it says:\n%s", want, text)
						}
					}
					t.Logf("type at %.0f %% of the way to the floor (body %.2f pt), shortened: %v", 100*lay.shrink, bodySize.at(lay.shrink), lay.shortened())
				})
			}
		}
	}
	// The sheet from the issue: all of the first visit, and the directions.
	d := load(t, "../../content")
	dir, _ := write(t, d, Options{NoPads: true})
	text := pdfText(t, filepath.Join(dir, "riverside-walking-group.pdf"))
	for _, want := range []string{"someone will walk back with you. Tea afterwards is optional.",
		"Groups meet at the bandstand, five minutes' walk from the Mill Lane entrance."} {
		if !strings.Contains(text, want) {
			t.Errorf("riverside-walking-group does not say %q; it says:\n%s", want, text)
		}
	}
}

func TestSentences(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"", nil},
		{"One.", []string{"One."}},
		{"Bus 12 stops outside. Free car park. Ring first!", []string{"Bus 12 stops outside.", "Free car park.", "Ring first!"}},
		{"Meet Dr. Patel at St. Mary's. Then tea.", []string{"Meet Dr. Patel at St. Mary's.", "Then tea."}},
		{"Bring e.g. a coat. Or not.", []string{"Bring e.g. a coat.", "Or not."}},
		{`He said "come in." Then we sat.`, []string{`He said "come in."`, "Then we sat."}},
		{"Open 10 a.m. daily. 3 rooms.", []string{"Open 10 a.m. daily.", "3 rooms."}},
		{"no capital. after", []string{"no capital. after"}},
	} {
		if got := sentences(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("sentences(%q) = %q; want %q", tc.text, got, tc.want)
		}
	}
}

// Pads are put together from the listings' single sheets (readSheetPage,
// assemblePad), with the whole fonts: each page of a pad must look exactly
// like the listing's own sheet, pixel for pixel, and read the same.
func TestPadPagesAreTheSheets(t *testing.T) {
	need(t, "pdftotext", "pdfinfo", "pdftoppm", "pdffonts", "qpdf")
	d := load(t, "testdata/content") // Welsh, Greek and other scripts: both font families
	dir, _ := write(t, d, Options{BaseURL: testBaseURL})
	pads, _ := filepath.Glob(filepath.Join(dir, "*", "*.pdf"))
	if len(pads) == 0 {
		t.Fatal("no pads")
	}
	families := map[string]bool{}
	for _, pad := range pads {
		if out, err := exec.Command("qpdf", "--check", pad).CombinedOutput(); err != nil {
			t.Fatalf("qpdf --check %s: %v\n%s", pad, err, out)
		}
		fonts, err := exec.Command("pdffonts", pad).Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(fonts), "\n")[2:] {
			if f := strings.Fields(line); len(f) > 0 {
				families[f[0]] = true
				// name, type, encoding, then embedded, subset, Unicode map, object.
				if len(f) < 8 || !strings.Contains(line, "CID TrueType") || strings.Join(f[len(f)-5:len(f)-2], " ") != "yes no yes" {
					t.Errorf("%s: font not embedded whole with a Unicode map: %s", pad, line)
				}
			}
		}
	}
	if !families["NotoSans-Regular"] || !families["AtkinsonHyperlegible-Bold"] {
		t.Errorf("the pads use only %v: the test does not see both families", slices.Sorted(maps.Keys(families)))
	}

	// The pad with the most pages, page by page against the sheets.
	pad := slices.MaxFunc(pads, func(a, b string) int {
		pa, _ := pdfInfo(t, a)
		pb, _ := pdfInfo(t, b)
		return cmp.Compare(pa, pb)
	})
	pages, _ := pdfInfo(t, pad)
	if pages < 3 {
		t.Fatalf("the largest pad, %s, has %d pages", pad, pages)
	}
	raster := func(path string, page int) []byte {
		out, err := exec.Command("pdftoppm", "-r", "40", "-gray", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), path).Output()
		if err != nil {
			t.Fatalf("pdftoppm %s: %v", path, err)
		}
		return out
	}
	pageText := func(path string, page int) string {
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), path, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", path, err)
		}
		return string(out)
	}
	sheetOf := map[string]string{} // a sheet's text → its file
	singles, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	for _, f := range singles {
		sheetOf[pageText(f, 1)] = f
	}
	for page := 1; page <= pages; page++ {
		text := pageText(pad, page)
		single, ok := sheetOf[text]
		if !ok {
			t.Errorf("page %d of %s reads like no listing's sheet:\n%.300s", page, pad, text)
			continue
		}
		if !bytes.Equal(raster(pad, page), raster(single, 1)) {
			t.Errorf("page %d of %s does not look like %s", page, pad, single)
		}
	}
}

// readSheetPage only ever reads the sheets write made, but a PDF it does
// not recognise must give an error, never a panic or a wrong page.
func TestReadSheetPageRefusesDamagedInput(t *testing.T) {
	d := load(t, "../../content")
	fonts, err := NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	s := describe(d, d.Listings[0], fonts, settings{baseURL: "https://example.org/", now: now})
	var buf bytes.Buffer
	if err := render(t.Context(), &buf, fonts, A4, docInfo{Title: "T", Lang: "en"}, s); err != nil {
		t.Fatal(err)
	}
	pdf := buf.Bytes()
	if _, err := readSheetPage(pdf); err != nil {
		t.Fatalf("a sheet as write makes it: %v", err)
	}
	for cut := 0; cut < len(pdf); cut += 97 {
		if _, err := readSheetPage(pdf[:cut]); err == nil {
			t.Errorf("cut at %d of %d: no error", cut, len(pdf))
		}
	}
	xref := bytes.Index(pdf, []byte("xref\n0 "))
	for _, odd := range [][]byte{
		[]byte("xref\n0 99999999999999999999\n"), // a count too large to be a number
		[]byte("xref\n0 400000000000000000\n"),   // a count that 20 times overflows
	} {
		end := bytes.IndexByte(pdf[xref+len("xref\n0 "):], '\n') + xref + len("xref\n0 ") + 1
		if _, err := readSheetPage(slices.Concat(pdf[:xref], odd, pdf[end:])); err == nil {
			t.Errorf("a table headed %q: no error", odd)
		}
	}
	first := bytes.Index(pdf[xref:], []byte("\n0000000000 65535 f \n")) + xref + len("\n0000000000 65535 f \n")
	if _, err := readSheetPage(slices.Concat(pdf[:first], []byte("-000000001"), pdf[first+10:])); err == nil {
		t.Error("an object at a negative offset: no error")
	}
	if _, err := readSheetPage(bytes.Replace(pdf, []byte(" 00000 n \n"), []byte(" 00000 f \n"), 1)); err == nil {
		t.Error("a table with a free object: no error")
	}
	if _, err := readSheetPage(bytes.Replace(pdf, []byte("/BaseFont /AtkinsonHyperlegible-Regular"), []byte("/BaseFont /AtkinsonHyperlegible-Italic!"), -1)); err == nil {
		t.Error("a font that is not one of the sheets': no error")
	}
	// Same length, so the table still holds: a link that points at the page.
	if _, err := readSheetPage(bytes.Replace(pdf, []byte("/Border [0 0 0]"), []byte("/P 5 0 R       "), 1)); err == nil {
		t.Error("an annotation that refers to another object: no error")
	}
}

// FuzzReadSheetPage: whatever the bytes, an error or a page, never a panic.
func FuzzReadSheetPage(f *testing.F) {
	d := load(f, "../../content")
	fonts, err := NewFonts()
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	s := describe(d, d.Listings[0], fonts, settings{baseURL: "https://example.org/", now: now})
	if err := render(f.Context(), &buf, fonts, A4, docInfo{Title: "T", Lang: "en"}, s); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("%PDF-1.7\nstartxref\n9\n%%EOF\n"))
	f.Fuzz(func(t *testing.T, pdf []byte) {
		if p, err := readSheetPage(pdf); err == nil && p.content == nil {
			t.Error("a page with no contents")
		}
	})
}

// A category or need with more activities than a pad holds gets a pad per
// area, in parts when an area has more still: every activity is in exactly
// one of them, in title order, and none is longer than the limit.
func TestPadsSplitByAreaOverTheLimit(t *testing.T) {
	need(t, "pdftotext", "pdfinfo")
	d := load(t, "../../content")
	const limit = 3
	dir, _ := write(t, d, Options{PadLimit: limit})
	byTerm := map[string][]*content.Listing{}
	for _, l := range d.Listings {
		if l.IsActive() {
			for _, c := range l.Categories {
				byTerm[c] = append(byTerm[c], l)
			}
		}
	}
	split := 0
	for term, listings := range byTerm {
		whole := filepath.Join(dir, "categories", term+".pdf")
		_, err := os.Stat(whole)
		if len(listings) <= limit {
			if err != nil {
				t.Errorf("%s has %d activities and no pad of its own: %v", term, len(listings), err)
			}
			continue
		}
		split++
		slices.SortStableFunc(listings, func(a, b *content.Listing) int {
			return strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title))
		})
		if err == nil {
			t.Errorf("%s has %d activities, more than %d, and still one pad", term, len(listings), limit)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "categories", term, "*.pdf"))
		if len(files) == 0 {
			t.Fatalf("%s: no pads by area", term)
		}
		seen := map[string]int{}
		for _, f := range files {
			if pages, _ := pdfInfo(t, f); pages > limit {
				t.Errorf("%s has %d pages, more than %d", f, pages, limit)
			}
			text := pdfText(t, f)
			last := -1
			for _, l := range listings {
				if i := strings.Index(text, l.Title); i >= 0 {
					seen[l.ID]++
					area := d.Filters(l).Area
					if base := strings.TrimSuffix(filepath.Base(f), ".pdf"); base != area && !strings.HasPrefix(base, area+"_") {
						t.Errorf("%s (area %s) is in %s", l.ID, area, f)
					}
					if i < last {
						t.Errorf("%s is out of title order in %s", l.Title, f)
					}
					last = i
				}
			}
		}
		for _, l := range listings {
			if seen[l.ID] != 1 {
				t.Errorf("%s is in %d of %s's pads", l.ID, seen[l.ID], term)
			}
		}
	}
	if split == 0 {
		t.Fatal("no category has more activities than the limit: the test tests nothing")
	}
}

// TestCapacityOnSheets: a listing's places and waiting time are printed
// with the date the organizer gave them; a listing without says nothing.
func TestCapacityOnSheets(t *testing.T) {
	need(t, "pdftotext", "pdfinfo")
	d := load(t, "../../content")
	dir, _ := write(t, d, Options{BaseURL: testBaseURL})
	printed := 0
	for _, l := range d.Listings {
		text := pdfText(t, filepath.Join(dir, l.ID+".pdf"))
		c := l.Capacity
		if c == nil || l.Status == "ended" {
			if strings.Contains(text, "As of ") || strings.Contains(text, "places left") {
				t.Errorf("%s has no capacity, but its sheet says:\n%s", l.ID, text)
			}
			continue
		}
		printed++
		for _, want := range []string{"Places", c.PlacesText(), c.WaitText(), "As of " + content.LongDate(c.Updated)} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the sheet does not say %q; it says:\n%s", l.ID, want, text)
			}
		}
		if pages, _ := pdfInfo(t, filepath.Join(dir, l.ID+".pdf")); pages != 1 {
			t.Errorf("%s: %d pages with its places", l.ID, pages)
		}
	}
	if printed < 2 {
		t.Errorf("only %d sample sheets print places", printed)
	}
}

// TestCacheKeyNamesTheProgram: a sheet kept by another signpost program
// (another layout, other fonts, another PDF writer) is not reused, even
// when the listing is the same.
func TestCacheKeyNamesTheProgram(t *testing.T) {
	d := load(t, "testdata/content")
	fonts, err := NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	s := describe(d, d.Listings[0], fonts, settings{baseURL: "https://example.org/", now: now})
	key := func(program string) string {
		w := &writer{fonts: fonts, paper: A4, program: program, cfg: &d.Config, keys: map[*sheet]string{}}
		k, err := w.key(s)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	if a, b := key("program-a"), key("program-b"); a == b || a != key("program-a") {
		t.Errorf("keys for two programs: %s and %s", a, b)
	}
}

// A pad put together from the pages kept while its sheets were drawn is
// the pad put together from the sheets read back from their files.
func TestPadsFromKeptPagesAreThePadsFromFiles(t *testing.T) {
	d := load(t, "testdata/content")
	cache := t.TempDir()
	kept, first := write(t, d, Options{CacheDir: cache})
	if first.Rendered != first.Sheets || first.Assembled != first.Pads {
		t.Fatalf("first build drew %d of %d sheets and put together %d of %d pads; want all", first.Rendered, first.Sheets, first.Assembled, first.Pads)
	}
	// The sheets now come from the cache, the pads do not: each page is read from a file.
	if err := os.RemoveAll(filepath.Join(cache, padFolder)); err != nil {
		t.Fatal(err)
	}
	read, second := write(t, d, Options{CacheDir: cache})
	if second.Rendered != 0 || second.Assembled != second.Pads {
		t.Fatalf("second build drew %d sheets and put together %d of %d pads; want 0 and all", second.Rendered, second.Assembled, second.Pads)
	}
	pads, _ := filepath.Glob(filepath.Join(kept, "*", "*.pdf"))
	if len(pads) != first.Pads {
		t.Fatalf("%d pad files, the result says %d", len(pads), first.Pads)
	}
	for _, a := range pads {
		rel, _ := filepath.Rel(kept, a)
		x, errA := os.ReadFile(a)
		y, errB := os.ReadFile(filepath.Join(read, rel))
		if errA != nil || errB != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs when its pages are read back from the sheets (%v, %v)", rel, errA, errB)
		}
	}
}

// The page cache holds no more than its room, and a kept page does not
// hold on to (or change with) the whole PDF it came from.
func TestPageCacheIsBounded(t *testing.T) {
	d := load(t, "../../content")
	dir, _ := write(t, d, Options{NoPads: true})
	a, errA := os.ReadFile(filepath.Join(dir, d.Listings[0].ID+".pdf"))
	b, errB := os.ReadFile(filepath.Join(dir, d.Listings[1].ID+".pdf"))
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	first, err := readSheetPage(a)
	if err != nil {
		t.Fatal(err)
	}
	room := len(first.content)
	for _, x := range first.annots {
		room += len(x)
	}
	c := newPageCache(room)
	sa, sb := &sheet{}, &sheet{}
	pa, err := c.parse(sa, a)
	if err != nil {
		t.Fatal(err)
	}
	if c.get(sa) != pa || c.room != 0 {
		t.Fatalf("the first page, which fits exactly, was not kept (room left %d)", c.room)
	}
	if _, err := c.parse(sb, b); err != nil {
		t.Fatal(err)
	}
	if c.get(sb) != nil {
		t.Error("a page was kept past the cache's room")
	}
	content := bytes.Clone(pa.content)
	clear(a)
	if !bytes.Equal(pa.content, content) {
		t.Error("the kept page shares its bytes with the PDF it was read from")
	}
	if _, err := c.parse(&sheet{}, []byte("%PDF-1.7\nnot a sheet")); err == nil {
		t.Error("parse took a damaged PDF")
	}
}
