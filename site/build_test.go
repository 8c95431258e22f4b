package site_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/signpost-directory/signpost/site"
	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/pages"
	"github.com/signpost-directory/signpost/site/parts"
	"github.com/signpost-directory/signpost/site/render"
	"github.com/signpost-directory/signpost/site/report"
	"github.com/signpost-directory/signpost/site/schedule"
	"github.com/signpost-directory/signpost/site/synth"
	"github.com/signpost-directory/signpost/theme"
)

var buildToday = schedule.Date{Year: 2026, Month: 11, Day: 21}

// copySample copies the bundled sample so a test can change it.
func copySample(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, os.DirFS("../content")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func build(t testing.TB, contentDir, out, baseURL string) (*site.BuildResult, error) {
	t.Helper()
	var log bytes.Buffer
	res, err := site.Build(context.Background(), site.BuildOptions{ContentDir: contentDir, OutDir: out, BaseURL: baseURL,
		Check: check.Options{Today: buildToday}, Now: buildToday.Time(time.UTC), Log: &log})
	if log.Len() > 0 {
		t.Logf("hugo said:\n%s", log.String())
	}
	return res, err
}

// page is a parsed HTML file.
type page struct {
	path string
	doc  *html.Node
}

func parse(t *testing.T, path string) page {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return page{path, doc}
}

// text is the visible text of the page, with whitespace collapsed.
func (p page) text() string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style" || n.Data == "head") {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.doc)
	return strings.Join(strings.Fields(b.String()), " ")
}

// elements returns every element with the given tag.
func (p page) elements(tag string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.doc)
	return out
}

func attr(n *html.Node, name string) string {
	v, _ := attrOK(n, name)
	return v
}

// attrOK is attr, saying whether the attribute is there at all.
func attrOK(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

func TestBuildSample(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	res, err := build(t, copySample(t), out, "")
	if err != nil {
		t.Fatal(err)
	}
	// The sample's lists are short enough for one page each, as they always were.
	if split, _ := filepath.Glob(filepath.Join(out, "*", "*", "page")); len(split) > 0 {
		t.Errorf("the sample's lists are split into pages: %v", split)
	}
	if _, err := os.Stat(filepath.Join(out, "listings", "page")); err == nil {
		t.Error("the sample's list of all activities is split into pages")
	}
	d := res.Check.Directory
	for _, l := range d.Listings {
		p := parse(t, filepath.Join(out, "listings", l.ID, "index.html"))
		text := p.text()
		want := []string{l.Title, l.Schedule[0].String()}
		if v := d.Venue(l.Venue); v != nil {
			want = append(want, v.Name)
		}
		if l.Contact.Phone != "" {
			want = append(want, l.Contact.Phone)
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: page does not show %q", l.ID, w)
			}
		}
	}
	for _, f := range []string{"index.html", "404.html", "sitemap.xml", "robots.txt", "report.json",
		"categories/movement/index.html", "needs/loneliness/index.html", "listings/index.html",
		"organizations/millbrook-food-bank/index.html", "venues/wend-riverside-park/index.html", "search/index.html", "this-week/index.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	// The live preview's script is injected by signpost serve only.
	filepath.WalkDir(out, func(path string, de os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".html") {
			if data, _ := os.ReadFile(path); strings.Contains(string(data), "_signpost") {
				t.Errorf("%s refers to the live preview's script", path)
			}
		}
		return nil
	})
	if robots, err := os.ReadFile(filepath.Join(out, "robots.txt")); err != nil || !strings.Contains(string(robots), "Sitemap: https://example.org/millbrook/sitemap.xml") {
		t.Errorf("robots.txt does not point to the sitemap: %s %v", robots, err)
	}
	// Without JavaScript the search page offers browsing by need and by
	// category instead.
	search, err := os.ReadFile(filepath.Join(out, "search", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, link := range []string{`href="/millbrook/needs/loneliness/"`, `href="/millbrook/categories/movement/"`} {
		if !strings.Contains(string(search), link) {
			t.Errorf("the search page has no link %s", link)
		}
	}
	if res.Report.Counts.Pages < len(d.Listings) {
		t.Errorf("report counts %d pages", res.Report.Counts.Pages)
	}
	// Hugo must leave nothing behind in the working directory.
	for _, leftover := range []string{".hugo_build.lock", "resources", "hugo_stats.json"} {
		if _, err := os.Stat(leftover); err == nil {
			t.Errorf("the build left %s in the working directory", leftover)
		}
	}
}

// TestNoBrokenLinks follows every internal link and asset reference in the
// built site, served under a sub-path as on GitHub Pages.
func TestNoBrokenLinks(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	const base = "https://directory.example.net/millbrook/"
	if _, err := build(t, copySample(t), out, base); err != nil {
		t.Fatal(err)
	}
	pagesChecked := 0
	err := filepath.WalkDir(out, func(path string, de os.DirEntry, err error) error {
		if err != nil || de.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		pagesChecked++
		p := parse(t, path)
		rel, _ := filepath.Rel(out, path)
		pageURL, _ := url.Parse(base + filepath.ToSlash(rel))
		for _, tag := range []string{"a", "link", "script", "img", "form", "source", "iframe"} {
			for _, n := range p.elements(tag) {
				ref := attr(n, "href") + attr(n, "src") + attr(n, "action")
				if ref == "" || strings.HasPrefix(ref, "#") {
					continue
				}
				u, err := pageURL.Parse(ref)
				if err != nil {
					t.Errorf("%s: bad link %q", rel, ref)
					continue
				}
				if u.Host != "directory.example.net" {
					// Only plain links may leave the site: anything the
					// browser loads by itself must come from the site.
					if tag != "a" {
						t.Errorf("%s: <%s> loads %s from another site", rel, tag, ref)
					}
					continue
				}
				if !strings.HasPrefix(u.Path, "/millbrook/") {
					t.Errorf("%s: link %q escapes the base path", rel, ref)
					continue
				}
				target := filepath.Join(out, strings.TrimPrefix(u.Path, "/millbrook/"))
				if strings.HasSuffix(u.Path, "/") {
					target = filepath.Join(target, "index.html")
				}
				if _, err := os.Stat(target); err != nil {
					t.Errorf("%s: broken link %q", rel, ref)
				}
			}
		}
		canonical := ""
		for _, n := range p.elements("link") {
			if attr(n, "rel") == "canonical" {
				canonical = attr(n, "href")
			}
		}
		if rel != "404.html" && canonical != pageURL.String() && canonical != strings.TrimSuffix(pageURL.String(), "index.html") {
			t.Errorf("%s: canonical %q", rel, canonical)
		}
		csp := false
		for _, n := range p.elements("meta") {
			if strings.EqualFold(attr(n, "http-equiv"), "Content-Security-Policy") {
				csp = strings.Contains(attr(n, "content"), "default-src 'self'")
			}
		}
		if !csp {
			t.Errorf("%s: no Content-Security-Policy allowing only 'self'", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pagesChecked < 100 {
		t.Errorf("only %d pages checked", pagesChecked)
	}
}

func TestHTMLFromContentIsEscaped(t *testing.T) {
	dir := copySample(t)
	path := filepath.Join(dir, "listings", "riverside-walking-group.md")
	b, _ := os.ReadFile(path)
	evil := `title: "<img src=x onerror=alert(1)> Walk"`
	b = bytes.Replace(b, []byte("title: Riverside Walking Group"), []byte(evil), 1)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, dir, out, ""); err != nil {
		t.Fatal(err)
	}
	p := parse(t, filepath.Join(out, "listings", "riverside-walking-group", "index.html"))
	if len(p.elements("img")) > 0 {
		t.Error("the title's <img> became an element")
	}
	if !strings.Contains(p.text(), "<img src=x onerror=alert(1)> Walk") {
		t.Error("the title is not shown as text")
	}
}

// TestFailedBuildLeavesOutputUntouched builds once, breaks a listing, and
// checks the second build changes nothing in the output folder.
func TestFailedBuildLeavesOutputUntouched(t *testing.T) {
	dir := copySample(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, dir, out, ""); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	os.WriteFile(filepath.Join(dir, "listings", "riverside-walking-group.md"), []byte("---\ntitle: [broken\n---\n"), 0o644)
	res, err := build(t, dir, out, "")
	if !errors.Is(err, site.ErrContentErrors) || res == nil || !res.Check.Messages.HasErrors() {
		t.Fatalf("broken content built: %v", err)
	}
	if after := snapshot(t, out); after != before {
		t.Error("a failed build changed the output folder")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("the failed build left %d entries next to the output", len(entries))
	}
}

// TestBuildsIntoAFolderNotYetMade: --out may name a folder inside one
// that is not there yet (site/public in a fresh clone); the build makes it.
func TestBuildsIntoAFolderNotYetMade(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site", "2026", "public")
	if _, err := build(t, copySample(t), out, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Error(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("the build left %d entries next to the output", len(entries))
	}
}

func TestRefusesToReplaceForeignFolders(t *testing.T) {
	dir := copySample(t)
	notOurs := t.TempDir()
	os.WriteFile(filepath.Join(notOurs, "thesis.docx"), []byte("precious"), 0o644)
	for _, out := range []string{notOurs, dir, filepath.Dir(dir)} {
		if _, err := build(t, dir, out, ""); err == nil || !strings.Contains(err.Error(), "refusing") {
			t.Errorf("build into %s: %v", out, err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(notOurs, "thesis.docx")); string(b) != "precious" {
		t.Error("a foreign folder was touched")
	}
}

// A listing page written for an older signpost (its detail read from the
// front matter) is warned about; the built-in one, copied, is not.
func TestOutdatedListingPageOverride(t *testing.T) {
	dir := copySample(t)
	page := filepath.Join(dir, "_theme", "layouts", "listings", "page.html")
	os.MkdirAll(filepath.Dir(page), 0o755)
	outdated := func() bool {
		t.Helper()
		res, err := site.Check(context.Background(), site.CheckOptions{ContentDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(res.Messages, func(m diag.Message) bool {
			return m.Code == diag.ThemeOutdated && m.Severity == diag.Warning && strings.HasSuffix(m.Location.File, "layouts/listings/page.html")
		})
	}
	os.WriteFile(page, []byte(`{{ define "main" }}<ul>{{ range .Params.schedule }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}`), 0o644)
	if !outdated() {
		t.Error("a listing page that reads the schedule from the front matter was not warned about")
	}
	builtIn, err := fs.ReadFile(theme.FS(), "layouts/listings/page.html")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(page, builtIn, 0o644)
	if outdated() {
		t.Error("a copy of the built-in listing page was warned about")
	}

	// The same page in a --theme folder: the build warns.
	themeDir := t.TempDir()
	os.MkdirAll(filepath.Join(themeDir, "layouts", "listings"), 0o755)
	os.WriteFile(filepath.Join(themeDir, "layouts", "listings", "page.html"), []byte(`{{ define "main" }}{{ .Params.schedule }}{{ end }}`), 0o644)
	res, err := site.Build(context.Background(), site.BuildOptions{ContentDir: dir, OutDir: filepath.Join(t.TempDir(), "public"), ThemeDir: themeDir,
		Check: check.Options{Today: buildToday}, Now: buildToday.Time(time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(res.Check.Messages, func(m diag.Message) bool { return m.Code == diag.ThemeOutdated }) {
		t.Error("a --theme listing page that does not read its detail was not warned about")
	}
	// And the live preview with that folder.
	preview, err := site.NewPreview(site.PreviewOptions{ContentDir: dir, ThemeDir: themeDir, URL: "http://127.0.0.1:1313/",
		Check: check.Options{Today: buildToday}, Outputs: []site.Output{}})
	if err != nil {
		t.Fatal(err)
	}
	defer preview.Close()
	rebuilt := preview.Rebuild(context.Background(), nil)
	if !slices.ContainsFunc(rebuilt.Messages, func(m diag.Message) bool { return m.Code == diag.ThemeOutdated }) {
		t.Error("the live preview did not warn about the --theme listing page")
	}
}

func TestThemeOverride(t *testing.T) {
	dir := copySample(t)
	override := filepath.Join(dir, "_theme", "layouts")
	os.MkdirAll(override, 0o755)
	os.WriteFile(filepath.Join(override, "404.html"), []byte("<!doctype html><title>Custom</title><p>Our own 404</p>"), 0o644)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, dir, out, ""); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(out, "404.html"))
	if !strings.Contains(string(b), "Our own 404") {
		t.Error("content/_theme did not override the built-in 404 page")
	}
	if _, err := os.Stat(filepath.Join(out, "listings", "riverside-walking-group", "index.html")); err != nil {
		t.Error("the rest of the built-in theme was not used")
	}
}

func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, _ := d.Info()
		data := []byte{}
		if !d.IsDir() {
			data, _ = os.ReadFile(path)
		}
		fmt.Fprintf(&b, "%s %d %x\n", path, info.Size(), data)
		return nil
	})
	return b.String()
}

// stageTimes adds up the report's stage times over a benchmark's runs.
type stageTimes struct {
	ms   map[string]int64
	runs int
}

func (st *stageTimes) add(res *site.BuildResult) {
	if st.ms == nil {
		st.ms = map[string]int64{}
	}
	for _, s := range res.Report.Stages {
		st.ms[s.Name] += s.MS
	}
	st.runs++
}

// report gives each stage's mean time, so the site itself (check, pages,
// render) can be compared with bare Hugo.
func (st *stageTimes) report(b *testing.B) {
	for name, ms := range st.ms {
		b.ReportMetric(float64(ms)/float64(st.runs), name+"-ms/op")
	}
}

// BenchmarkBuild times a full `signpost build` of generated directories and,
// in the same run, bare Hugo rendering the very same pages (the generated
// Hugo project, no check, no report, no swap), so the ratio is visible.
// Goals at 10,000 listings (issue 18): cold ≤ 2.0 × bare Hugo, warm ≤ 1.3 ×.
// Run the two side by side, interleaved (-count), on a quiet machine.
func BenchmarkBuild(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(400)) // as cmd/signpost does
	for _, n := range []int{1000, 10000} {
		dir := filepath.Join(b.TempDir(), "content")
		if err := synth.Write(dir, n); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("signpost/listings=%d", n), func(b *testing.B) {
			out := filepath.Join(b.TempDir(), "public")
			var stages stageTimes
			for b.Loop() {
				res, err := build(b, dir, out, "")
				if err != nil {
					b.Fatal(err)
				}
				stages.add(res)
			}
			stages.report(b)
		})
		// Warm: the sheets and the search analysis cached by an earlier
		// build, as on a scheme's machine or CI cache from one build to
		// the next.
		b.Run(fmt.Sprintf("signpost-warm/listings=%d", n), func(b *testing.B) {
			out, cache, searchCache, checkCache, manifests := filepath.Join(b.TempDir(), "public"), b.TempDir(), b.TempDir(), b.TempDir(), b.TempDir()
			warm := func() (*site.BuildResult, error) {
				return site.Build(context.Background(), site.BuildOptions{ContentDir: dir, OutDir: out, SheetCache: cache, SearchCache: searchCache, CheckCache: checkCache, ManifestCache: manifests,
					Check: check.Options{Today: buildToday}, Now: buildToday.Time(time.UTC)})
			}
			if _, err := warm(); err != nil {
				b.Fatal(err)
			}
			var stages stageTimes
			for b.Loop() {
				res, err := warm()
				if err != nil {
					b.Fatal(err)
				}
				stages.add(res)
			}
			stages.report(b)
		})
		b.Run(fmt.Sprintf("hugo/listings=%d", n), func(b *testing.B) {
			res, err := site.Check(context.Background(), site.CheckOptions{ContentDir: dir, Check: check.Options{Today: buildToday}})
			if err != nil {
				b.Fatal(err)
			}
			project, err := pages.Build(context.Background(), res.Directory, pages.Options{Now: buildToday.Time(time.UTC)})
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				out := b.TempDir()
				// Render lets go of the files it is given: each run gets its own map.
				if err := render.Render(context.Background(), render.Options{Files: maps.Clone(project.Files), Config: project.Config.Map(),
					Theme: theme.FS(), OutDir: out}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestRebuildDeletesTheOldSiteWithinTheBuild: the replaced site is gone
// when build returns (nothing is left next to the output), and the time it
// took to delete is a stage of the report, inside its total, in the
// printed report and in the published report.json alike.
func TestRebuildDeletesTheOldSiteWithinTheBuild(t *testing.T) {
	dir := copySample(t)
	out := filepath.Join(t.TempDir(), "public")
	for range 2 {
		res, err := build(t, dir, out, "")
		if err != nil {
			t.Fatal(err)
		}
		entries, _ := os.ReadDir(filepath.Dir(out))
		if len(entries) != 1 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Fatalf("the build left %v next to the output", names)
		}
		var published report.Report
		b, err := os.ReadFile(filepath.Join(out, "report.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &published); err != nil {
			t.Fatal(err)
		}
		for _, rep := range []*report.Report{res.Report, &published} {
			i := slices.IndexFunc(rep.Stages, func(s report.Stage) bool { return s.Name == "cleanup" })
			if i < 0 {
				t.Fatalf("no cleanup stage in %+v", rep.Stages)
			}
			if rep.Stages[i].MS > rep.TotalMS {
				t.Errorf("cleanup took %d ms, more than the total %d ms", rep.Stages[i].MS, rep.TotalMS)
			}
		}
		if published.TotalMS != res.Report.TotalMS {
			t.Errorf("report.json says the build took %d ms, the report %d ms", published.TotalMS, res.Report.TotalMS)
		}
	}
}

// TestLongListsArePaginated: a list longer than pages.ListPageSize is split
// into pages of at most that many cards, each activity on exactly one of
// them, with links between the pages; a long category's filters hand over
// to the search page with the category chosen; and without JavaScript the
// page says its filters choose among its own cards only.
func TestLongListsArePaginated(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 450 listings")
	}
	dir := filepath.Join(t.TempDir(), "content")
	if err := synth.Write(dir, 450); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	// Pages of 40, so that categories (some 60 activities each) are split too.
	const size = 40
	if _, err := site.Build(context.Background(), site.BuildOptions{ContentDir: dir, OutDir: out, BaseURL: "/",
		Check: check.Options{Today: buildToday}, Now: buildToday.Time(time.UTC), ListPageSize: size}); err != nil {
		t.Fatal(err)
	}
	cardsOn := func(p page) []string {
		var hrefs []string
		for _, li := range p.elements("li") {
			if !strings.Contains(" "+attr(li, "class")+" ", " card ") {
				continue
			}
			for _, a := range (page{doc: li}).elements("a") {
				if strings.Contains(attr(a, "href"), "/listings/") {
					hrefs = append(hrefs, attr(a, "href"))
					break
				}
			}
		}
		return hrefs
	}
	seen := map[string]int{}
	count := 0
	for n := 1; ; n++ {
		path := filepath.Join(out, "listings", "index.html")
		if n > 1 {
			path = filepath.Join(out, "listings", "page", fmt.Sprint(n), "index.html")
		}
		if _, err := os.Stat(path); err != nil {
			break
		}
		count++
		p := parse(t, path)
		cards := cardsOn(p)
		if len(cards) > size || len(cards) == 0 {
			t.Errorf("page %d has %d cards", n, len(cards))
		}
		for _, c := range cards {
			seen[c]++
		}
		nav := p.elements("nav")
		var pager *html.Node
		for _, x := range nav {
			if attr(x, "class") == "pager" {
				pager = x
			}
		}
		if pager == nil {
			t.Fatalf("page %d has no links to the other pages", n)
		}
		var current []string
		for _, a := range (page{doc: pager}).elements("a") {
			if attr(a, "aria-current") == "page" {
				current = append(current, (page{doc: a}).text())
			}
		}
		if len(current) != 1 || strings.TrimSpace(current[0]) != fmt.Sprint(n) {
			t.Errorf("page %d marks %q as the current page", n, current)
		}
		// Links to the first and last pages and to two either side, not to all twelve.
		if links := len((page{doc: pager}).elements("a")); links > 9 {
			t.Errorf("page %d has %d links to other pages", n, links)
		}
		text := p.text()
		if !strings.Contains(text, fmt.Sprintf("Activities %d to", (n-1)*size+1)) {
			t.Errorf("page %d does not say which activities it shows", n)
		}
		if strings.Contains(text, "This preview shows") {
			t.Errorf("page %d of a published list carries the live preview's notice", n)
		}
		if !strings.Contains(text, "the filters choose among the") {
			t.Errorf("page %d does not say that, without JavaScript, its filters choose among its own cards", n)
		}
	}
	if count != 12 {
		t.Errorf("450 activities in %d pages of %d; want 12", count, size)
	}
	if len(seen) != 450 {
		t.Errorf("%d different activities over the pages; want 450", len(seen))
	}
	for href, n := range seen {
		if n != 1 {
			t.Errorf("%s is on %d pages", href, n)
		}
	}

	// The largest category is long enough to be split: its filters go to the search page.
	categories, _ := filepath.Glob(filepath.Join(out, "categories", "*", "page", "2", "index.html"))
	if len(categories) == 0 {
		t.Fatal("no category has a second page")
	}
	term := filepath.Base(filepath.Dir(filepath.Dir(filepath.Dir(categories[0]))))
	first := parse(t, filepath.Join(out, "categories", term, "index.html"))
	var handOver string
	for _, div := range first.elements("div") {
		if _, ok := attrOK(div, "data-paged"); ok {
			handOver = attr(div, "data-search")
		}
	}
	if want := "/search/?category=" + term; handOver != want {
		t.Errorf("the %s list hands its filters to %q; want %q", term, handOver, want)
	}
	var named int
	for _, fs := range first.elements("fieldset") {
		if attr(fs, "data-search-name") != "" {
			named++
		}
	}
	if named == 0 {
		t.Error("no filter names its search page equivalent")
	}
}

// TestSplitBuildMergesToTheWholeSite: a build split into parts (as a CI
// matrix runs it) writes each page, sheet and feed in one part only, and
// the parts merged are the one-shot build's site, byte for byte, search
// index and feeds included (report.json, which records how each build
// went, aside).
func TestSplitBuildMergesToTheWholeSite(t *testing.T) {
	if testing.Short() || raceDetector {
		t.Skip("builds 2,000 listings four times")
	}
	dir := filepath.Join(t.TempDir(), "content")
	if err := synth.Write(dir, 2000); err != nil {
		t.Fatal(err)
	}
	buildPart := func(out string, part parts.Part) {
		t.Helper()
		if _, err := site.Build(context.Background(), site.BuildOptions{ContentDir: dir, OutDir: out, BaseURL: "https://example.org/",
			Check: check.Options{Today: buildToday}, Now: buildToday.Time(time.UTC), Part: part}); err != nil {
			t.Fatalf("%s: %v", part, err)
		}
	}
	root := t.TempDir()
	whole := filepath.Join(root, "whole")
	buildPart(whole, parts.Part{})
	const n = 3
	var folders []string
	pageOwner := map[string]int{}
	for i := 1; i <= n; i++ {
		folder := filepath.Join(root, fmt.Sprintf("part-%d", i))
		buildPart(folder, parts.Part{N: i, Of: n})
		folders = append(folders, folder)
		pagesHere := 0
		filepath.WalkDir(folder, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(folder, path)
			if strings.HasSuffix(rel, ".html") || strings.HasSuffix(rel, ".pdf") || strings.HasSuffix(rel, ".ics") {
				if other, ok := pageOwner[rel]; ok {
					t.Errorf("%s is written by parts %d and %d", rel, other, i)
				}
				pageOwner[rel] = i
				pagesHere++
			}
			return nil
		})
		t.Logf("part %d of %d: %d pages, sheets and calendars", i, n, pagesHere)
		// The whole outputs go one to each part: the search index to the first,
		// the feeds to the second, the places to the third.
		for j, file := range []string{"search/manifest.json", "feed.json", "places"} {
			if _, err := os.Stat(filepath.Join(folder, file)); (err == nil) != (j == i-1) {
				t.Errorf("part %d: %s there: %v", i, file, err == nil)
			}
		}
	}
	merged := filepath.Join(root, "merged")
	if err := site.Merge(context.Background(), site.MergeOptions{Parts: folders, OutDir: merged}); err != nil {
		t.Fatal(err)
	}
	files := func(root string) map[string]string {
		out := map[string]string{}
		filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			if rel != "report.json" {
				b, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				out[rel] = string(b)
			}
			return nil
		})
		return out
	}
	want, got := files(whole), files(merged)
	for rel, w := range want {
		g, ok := got[rel]
		switch {
		case !ok:
			t.Errorf("%s is missing from the merged parts", rel)
		case g != w:
			t.Errorf("%s differs between the one-shot build and the merged parts", rel)
		}
	}
	for rel := range got {
		if _, ok := want[rel]; !ok {
			t.Errorf("%s is in the merged parts but not in the one-shot build", rel)
		}
	}
	t.Logf("%d files compared", len(want))

	// Parts that disagree on a file they share do not merge.
	tampered := filepath.Join(root, "tampered")
	if err := os.CopyFS(tampered, os.DirFS(folders[1])); err != nil {
		t.Fatal(err)
	}
	shared, _ := filepath.Glob(filepath.Join(tampered, "css", "*.css"))
	if len(shared) == 0 {
		t.Fatal("no stylesheet in part 2")
	}
	if err := os.WriteFile(shared[0], []byte("body{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := site.Merge(context.Background(), site.MergeOptions{Parts: []string{folders[0], tampered, folders[2]}, OutDir: merged})
	if err == nil || !strings.Contains(err.Error(), "differs between") {
		t.Errorf("merging parts that disagree: %v", err)
	}
	// A part missing, or one given twice, is refused before anything is copied.
	for want, set := range map[string][]string{
		"part 3 of 3 is missing": {folders[0], folders[1]},
		"are both part 2 of 3":   {folders[0], folders[1], folders[1], folders[2]},
	} {
		if err := site.Merge(context.Background(), site.MergeOptions{Parts: set, OutDir: merged}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("merging %d folders: got %v, want an error saying %q", len(set), err, want)
		}
	}
	if got := files(merged); len(got) != len(want) {
		t.Errorf("the failed merge changed the output folder (%d files, was %d)", len(got), len(want))
	}
}

// A large directory has Hugo render first and the outputs follow (see
// RenderFirstAbove): the site must be the same, file for file, as the one
// built side by side, and the report must say which way it was built.
func TestRenderFirstBuildsTheSameSite(t *testing.T) {
	dir := copySample(t)
	files := func(first bool) (map[string][]byte, *site.BuildResult) {
		out := filepath.Join(t.TempDir(), "public")
		res, err := site.Build(context.Background(), site.BuildOptions{ContentDir: dir, OutDir: out, ListPageSize: 3,
			Check: check.Options{Today: buildToday}, Now: buildToday.Time(time.UTC), RenderFirst: first})
		if err != nil {
			t.Fatal(err)
		}
		return siteFiles(out), res
	}
	side, sideRes := files(false)
	first, firstRes := files(true)
	if sideRes.Report.RenderedFirst || !firstRes.Report.RenderedFirst {
		t.Errorf("the reports say rendered first: %v side by side, %v first", sideRes.Report.RenderedFirst, firstRes.Report.RenderedFirst)
	}
	if _, ok := side["/categories/befriending/page/2/index.html"]; !ok {
		t.Error("no second page of a list: the test does not see paginated lists")
	}
	for name, data := range side {
		if !bytes.Equal(first[name], data) {
			t.Errorf("%s differs", name)
		}
	}
	for name := range first {
		if _, ok := side[name]; !ok {
			t.Errorf("%s is only in the site rendered first", name)
		}
	}
}

// TestRebuildLinksWhatDidNotChange: a rebuild links the outputs' files
// that did not change from the site it replaces (the same file, not a
// copy), writes those that did, and publishes exactly what a build into
// an empty folder publishes.
//
// It runs with and without a manifest cache (see atomicfile.Manifest).
// With one, the rebuild must know the unchanged files by their checksums;
// and once a build that keeps no manifest has replaced the site, the
// manifest left describes files no longer there, and must not be used.
func TestRebuildLinksWhatDidNotChange(t *testing.T) {
	t.Run("compared by reading", func(t *testing.T) { testRebuildLinks(t, "") })
	t.Run("with a manifest", func(t *testing.T) { testRebuildLinks(t, t.TempDir()) })
}

func testRebuildLinks(t *testing.T, manifests string) {
	dir := copySample(t)
	out := filepath.Join(t.TempDir(), "public")
	build := func(manifests string) *site.BuildResult {
		t.Helper()
		res, err := site.Build(context.Background(), site.BuildOptions{ContentDir: dir, OutDir: out, ManifestCache: manifests,
			Check: check.Options{Today: buildToday}, Now: buildToday.Time(time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	build(manifests)
	if manifests != "" {
		// The first build had no manifest to read; the second reads the
		// first's, and knows the unchanged files without reading them.
		if res := build(manifests); res.Report.KnownUnchanged < 100 {
			t.Fatalf("a rebuild of the same content knew %d files unchanged by the manifest", res.Report.KnownUnchanged)
		}
	}
	// A listing's HSDS service document is named by a UUID: find it by its page's address.
	serviceOf := func(id string) string {
		t.Helper()
		docs, _ := filepath.Glob(filepath.Join(out, "api", "hsds", "services", "*.json"))
		for _, doc := range docs {
			if b, _ := os.ReadFile(doc); bytes.Contains(b, []byte("/listings/"+id+"/")) {
				return filepath.ToSlash(doc[len(out)+1:])
			}
		}
		t.Fatalf("no HSDS service document for %s", id)
		return ""
	}
	unchanged := []string{serviceOf("advice-drop-in"), "listings/advice-drop-in/calendar.ics", "listings/advice-drop-in/index.html",
		"sheets/advice-drop-in.json", "sheets/FONTS-LICENSE.txt", "search/near.json"}
	editedDoc := serviceOf("after-loss-cafe")
	changed := []string{editedDoc, "sheets/after-loss-cafe.json", "directory.json", "listings/after-loss-cafe/index.html"}
	before := map[string]os.FileInfo{}
	for _, name := range append(slices.Clone(unchanged), changed...) {
		info, err := os.Stat(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		before[name] = info
	}

	listing := filepath.Join(dir, "listings", "after-loss-cafe.md")
	rename := func(prefix string) {
		t.Helper()
		text, err := os.ReadFile(listing)
		if err != nil {
			t.Fatal(err)
		}
		edited := strings.Replace(string(text), "\ntitle: ", "\ntitle: "+prefix, 1)
		if edited == string(text) {
			t.Fatal("after-loss-cafe.md has no title line to edit")
		}
		if err := os.WriteFile(listing, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rename("Renamed ")
	if res := build(manifests); manifests != "" && res.Report.KnownUnchanged < 100 {
		t.Errorf("a rebuild after an edit knew %d files unchanged by the manifest", res.Report.KnownUnchanged)
	}
	for _, name := range unchanged {
		after, err := os.Stat(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if !os.SameFile(before[name], after) {
			t.Errorf("%s did not change but was written again", name)
		}
	}
	for _, name := range changed {
		after, err := os.Stat(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if os.SameFile(before[name], after) {
			t.Errorf("%s changed but is the old file", name)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(out, editedDoc)); !bytes.Contains(b, []byte("Renamed ")) {
		t.Error("the edited listing's HSDS document does not have the new title")
	}
	sameAsFresh(t, dir, out)

	if manifests == "" {
		return
	}
	// A listing's documents are made from its organization, its venue and
	// the directory's settings as well: the documents of the listings
	// they name must be made again when they change, and only those.
	for _, edit := range []struct{ file, from, to string }{
		{"organizations/st-marys-millbrook.yaml", "name: ", "name: Renamed "},
		{"venues/old-mill-cafe.yaml", "name: ", "name: Renamed "},
		{"directory.yaml", "name: ", "name: Renamed "},
	} {
		path := filepath.Join(dir, filepath.FromSlash(edit.file))
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(text, []byte(edit.from)) {
			t.Fatalf("%s does not start with %q", edit.file, edit.from)
		}
		if err := os.WriteFile(path, bytes.Replace(text, []byte(edit.from), []byte(edit.to), 1), 0o644); err != nil {
			t.Fatal(err)
		}
		build(manifests)
		sameAsFresh(t, dir, out)
	}
	// A build that keeps no manifest replaces the site; the manifest kept
	// now names files that are gone, and the next build must not use it.
	build("")
	rename("Again ")
	if res := build(manifests); res.Report.KnownUnchanged != 0 {
		t.Errorf("a rebuild used the manifest of a site since replaced (%d files known unchanged)", res.Report.KnownUnchanged)
	}
	sameAsFresh(t, dir, out)
}

// sameAsFresh checks that the site at out holds the same files, byte for
// byte, as the content of dir built into an empty folder.
func sameAsFresh(t *testing.T, dir, out string) {
	t.Helper()
	fresh := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, dir, fresh, ""); err != nil {
		t.Fatal(err)
	}
	rebuilt, whole := siteFiles(out), siteFiles(fresh)
	for name, data := range whole {
		if got, ok := rebuilt[name]; !ok || !bytes.Equal(got, data) {
			t.Errorf("%s differs from a fresh build of the same content (present: %v)", name, ok)
		}
	}
	for name := range rebuilt {
		if _, ok := whole[name]; !ok {
			t.Errorf("%s is only in the rebuilt site", name)
		}
	}
}

// siteFiles reads every file of a built site but report.json (which holds
// the build's times), by its path from the site's root.
func siteFiles(root string) map[string][]byte {
	got := map[string][]byte{}
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != "report.json" {
			got[path[len(root):]], _ = os.ReadFile(path)
		}
		return err
	})
	return got
}
