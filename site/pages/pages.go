// Package pages turns the checked directory into the project Hugo renders:
// one Markdown file per listing and per browse page, each with JSON front
// matter holding everything its template shows (schedules in words, the next
// session, costs, filter values, schema.org data), plus Hugo's configuration.
// Doing this in Go keeps the logic testable and the templates simple; this
// package does not import Hugo.
package pages

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"html"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"golang.org/x/sync/errgroup"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/parts"
	"github.com/signpost-directory/signpost/site/schedule"
)

// Options are what the pages depend on besides the content.
type Options struct {
	// BaseURL is where the site is published; it defaults to the
	// directory's base_url.
	BaseURL string
	// Now is the moment "next session" is counted from.
	Now time.Time
	// ListLimit, when set, caps how many activities a list page shows, with
	// a notice saying so. Only the live preview sets it: after every edit
	// Hugo re-renders each list holding the edited activity, and lists of
	// thousands make that slow. A published site always lists everything.
	ListLimit int
	// PageSize is the most activities a published list page shows before
	// the list is split into pages; 0 means ListPageSize.
	PageSize int
	// Preview marks pages for the live preview, which has no sitemap:
	// nobody crawls it, and Hugo would write every page's address again
	// after each save.
	Preview bool
	// Memo, when set, keeps listing pages between builds, so that a
	// rebuild makes again only the pages whose inputs changed.
	Memo *Memo
	// Part, when not the whole, makes Hugo render only that part's pages
	// (see package parts). Every page is still there for lists and links:
	// the others are marked to be linked to but not written.
	Part parts.Part
}

// Project is a Hugo project: files by slash path relative to its root, and
// the configuration to apply on top of them.
type Project struct {
	Files  map[string][]byte
	Config Config
}

// Build makes the Hugo project for a checked directory. It stops, with
// ctx's error, between listings when ctx is cancelled.
func Build(ctx context.Context, d *content.Directory, opts Options) (*Project, error) {
	opts.BaseURL = d.Config.SiteURL(opts.BaseURL)
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	g := &generator{d: d, opts: opts, files: map[string][]byte{}, used: map[string]map[string]int{},
		markdown: content.NewMarkdown()}
	g.countTerms()

	memo := opts.Memo
	if memo != nil && !memo.start(g) {
		memo = nil
	}
	// Listing pages depend on nothing but the checked directory and are
	// most of the work (13 s of one core at 100,000 listings): they are
	// made on every core, then stored in order.
	made := make([]madeListing, len(d.Listings))
	workers, wctx := errgroup.WithContext(ctx)
	workers.SetLimit(runtime.GOMAXPROCS(0))
	for i, l := range d.Listings {
		workers.Go(func() error {
			if err := wctx.Err(); err != nil {
				return err
			}
			fm, files, err := g.listingPage(l, memo)
			made[i] = madeListing{fm, files}
			return err
		})
	}
	if err := workers.Wait(); err != nil {
		return nil, err
	}
	var cards []*Listing
	for i, l := range d.Listings {
		fm, path := made[i].fm, listingPagePath(l.ID)
		g.files[path] = made[i].page
		// A page a part of the site does not write needs no detail.
		if opts.Part.Owns(path) {
			g.files[fm.Detail+".json"], g.files[fm.Detail+".jsonld"] = made[i].detail, made[i].jsonLD
		}
		// Lists and their counts hold the running activities (active or
		// full), as the home page's counts do: one definition everywhere.
		// Paused and ended ones keep their pages and are found by search.
		if l.IsActive() {
			cards = append(cards, fm)
		}
	}
	if memo != nil {
		present := make(map[string]bool, len(d.Listings))
		for _, l := range d.Listings {
			present[l.ID] = true
		}
		memo.forgetOthers(present)
	}
	if err := g.termPages(cards); err != nil {
		return nil, err
	}
	needs, categories := g.browseCounts()
	if err := g.home(cards, needs, categories); err != nil {
		return nil, err
	}
	// The search page offers browsing by need and category without
	// JavaScript. It carries its own counts: reading the home page's would
	// re-render it along with the home page after every edit.
	if err := g.write("content/search/_index.md", map[string]any{"title": "Search", "layout": "search",
		"needs": needs, "categories": categories}, ""); err != nil {
		return nil, err
	}
	if err := g.write("content/prescribe/_index.md", map[string]any{"title": "Prescription basket", "layout": "prescribe"}, ""); err != nil {
		return nil, err
	}
	// The guided match works in the browser from the search index.
	if err := g.write("content/match/_index.md", map[string]any{"title": "Find a match", "layout": "match"}, ""); err != nil {
		return nil, err
	}
	if err := g.thisWeek(); err != nil {
		return nil, err
	}
	config := g.config()
	// The filter values of every listing, for the theme's filter rules:
	// reading them from the configuration rather than from the pages keeps
	// an edit to one listing from re-rendering every page.
	config.FilterValues = filterValues(cards)
	config.ListLimit = opts.ListLimit
	config.PageSize = cmp.Or(opts.PageSize, ListPageSize)
	config.Preview = opts.Preview
	config.SiteFiles = opts.Part.Owns(SiteFilesPart)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !opts.Part.Whole() {
		for path, file := range g.files {
			if strings.HasPrefix(path, "content/") && !opts.Part.Owns(path) {
				g.files[path] = linkOnly(file)
			}
		}
	}
	return &Project{Files: g.files, Config: config}, nil
}

// SiteFilesPart names, for package parts, the files Hugo makes for the
// site as a whole: the sitemap, robots.txt and the page-not-found page.
const SiteFilesPart = "hugo/site-files"

// linkOnly marks a page file for Hugo to link to and list, but not write:
// Hugo's build option render: link. Every page file starts with its JSON
// front matter, an object.
func linkOnly(file []byte) []byte {
	const option = `{"build":{"render":"link","list":"always"}`
	rest := bytes.TrimPrefix(file, []byte("{"))
	if !bytes.HasPrefix(bytes.TrimSpace(rest), []byte("}")) {
		return append([]byte(option+","), rest...)
	}
	return append([]byte(option), rest...)
}

// listingPagePath is the page file of the listing with the given id.
func listingPagePath(id string) string { return "content/listings/" + id + ".md" }

// madeListing is a listing's front matter and files.
type madeListing struct {
	fm *Listing
	listingFiles
}

// listingPage makes the page file of a listing and its detail files, or
// returns the remembered ones when nothing they depend on has changed. It
// runs on many goroutines at once: it reads the generator and writes
// nothing to it.
func (g *generator) listingPage(l *content.Listing, memo *Memo) (*Listing, listingFiles, error) {
	path := listingPagePath(l.ID)
	if memo != nil {
		if e, ok := memo.lookup(g, l); ok {
			return e.fm, e.listingFiles, nil
		}
	}
	fm := g.listing(l)
	detail, err := detailJSON(fm.ListingDetail)
	if err != nil {
		return nil, listingFiles{}, fmt.Errorf("detail of %s: %w", path, err)
	}
	jsonLD := []byte(fm.JSONLD)
	fm.Detail = DetailDir + "/listings/" + l.ID
	version := fnv.New64a()
	version.Write(detail)
	version.Write([]byte{0})
	version.Write(jsonLD)
	fm.DetailVersion = strconv.FormatUint(version.Sum64(), 36)
	page, err := g.encode(path, fm, l.Description)
	if err != nil {
		return nil, listingFiles{}, err
	}
	files := listingFiles{page: page, detail: detail, jsonLD: jsonLD}
	if memo != nil {
		memo.remember(g, l, fm, files)
	}
	return fm, files, nil
}

// filterValues lists, per filter, every value some listing has, sorted.
func filterValues(listings []*Listing) map[string][]string {
	sets := map[string]map[string]bool{}
	add := func(name string, values ...string) {
		if sets[name] == nil {
			sets[name] = map[string]bool{}
		}
		for _, v := range values {
			sets[name][v] = true
		}
	}
	for _, l := range listings {
		f := l.Filters
		add("days", f.Days...)
		add("times", f.Times...)
		add("cost", f.Cost)
		add("accessibility", f.Accessibility...)
		add("audience", f.Audience...)
		add("languages", f.Languages...)
		add("referral", f.Referral)
		add("area", f.Area)
	}
	out := map[string][]string{}
	for name, set := range sets {
		out[name] = slices.Sorted(maps.Keys(set))
	}
	return out
}

type generator struct {
	d     *content.Directory
	opts  Options
	files map[string][]byte
	// used counts active listings per vocabulary and term, so pages only
	// link to terms that have a page.
	used map[string]map[string]int
	// markdown renders descriptions; see write.
	markdown goldmark.Markdown
}

// write stores one content file: JSON front matter, then the body, a
// description in Markdown, rendered here as HTML. Hugo reads every page
// body for shortcodes ({{< … >}}) and runs them whatever the page's
// format, and content is data, never code: so the body is handed to Hugo
// as HTML (markup "html", which Hugo passes through) with every "{"
// written as a character reference, which browsers show as "{" and Hugo
// never takes for a shortcode.
func (g *generator) write(path string, frontMatter any, markdown string) error {
	file, err := g.encode(path, frontMatter, markdown)
	if err != nil {
		return err
	}
	g.files[path] = file
	return nil
}

// encode makes the content file that write stores.
func (g *generator) encode(path string, frontMatter any, markdown string) ([]byte, error) {
	var b bytes.Buffer
	// Compact JSON: indenting ten thousand front matters costs a quarter
	// of a second on every rebuild, and nobody reads these files.
	if err := json.NewEncoder(&b).Encode(frontMatter); err != nil {
		return nil, fmt.Errorf("front matter of %s: %w", path, err)
	}
	if markdown == "" {
		return b.Bytes(), nil
	}
	// Every front matter is a JSON object: add the format before its "}".
	b.Truncate(b.Len() - len("}\n"))
	b.WriteString(`,"markup":"html"}` + "\n")
	b.WriteString(strings.ReplaceAll(g.html(markdown), "{", "&#123;"))
	return b.Bytes(), nil
}

// html renders a description written in Markdown. goldmark writing into
// memory cannot fail; if it ever did, the text is shown as it was written.
func (g *generator) html(markdown string) string {
	out, err := content.MarkdownHTML(g.markdown, markdown)
	if err != nil {
		return "<p>" + html.EscapeString(markdown) + "</p>\n"
	}
	return out
}

func (g *generator) countTerms() {
	add := func(vocab, id string) {
		if g.used[vocab] == nil {
			g.used[vocab] = map[string]int{}
		}
		g.used[vocab][id]++
	}
	for _, l := range g.d.Listings {
		if !l.IsActive() {
			continue
		}
		for _, c := range l.Categories {
			add("categories", c)
		}
		for _, n := range l.Needs {
			add("needs", n)
		}
		add("organizations", l.Organization)
		if !l.IsOnline() {
			add("venues", l.Venue)
		}
	}
}

// termURL is the page of a term, or "" when no active listing uses it.
func (g *generator) termURL(vocab, id string) string {
	if g.used[vocab][id] == 0 {
		return ""
	}
	return vocab + "/" + id + "/"
}

func (g *generator) terms(vocab *content.Vocabulary, ids []string, lang string, linked bool) []Term {
	out := make([]Term, 0, len(ids))
	for _, id := range ids {
		t := Term{ID: id, Label: vocab.Label(id, lang)}
		if linked {
			t.URL = g.termURL(vocab.Name, id)
		}
		out = append(out, t)
	}
	return out
}

// config is Hugo's configuration for the site.
func (g *generator) config() Config {
	c := g.d.Config
	return Config{
		Title: c.Name, BaseURL: g.opts.BaseURL, Locale: c.DefaultLanguage(), TimeZone: c.Timezone,
		Directory: DirectorySettings{Name: c.Name, Area: c.Area, Repository: c.Repository, Language: c.DefaultLanguage(),
			Contact: Contact{Name: c.Contact.Name, Phone: c.Contact.Phone, Email: c.Contact.Email,
				TelURL: telURL(c.Contact.Phone, c.Country)},
			Zone: c.Zone(), Unit: content.DistanceUnit(c.Country), ZoneOffsets: g.zoneOffsets()},
	}
}

// browseCounts are the needs and categories with their numbers of active
// listings, for browsing.
func (g *generator) browseCounts() (needs, categories []Count) {
	lang := g.d.Config.DefaultLanguage()
	counts := func(v *content.Vocabulary) []Count {
		out := make([]Count, 0, len(v.Terms))
		for _, t := range v.Terms {
			out = append(out, Count{Term: Term{ID: t.ID, Label: v.Label(t.ID, lang), URL: g.termURL(v.Name, t.ID)},
				Description: t.Description, Count: g.used[v.Name][t.ID]})
		}
		return out
	}
	return counts(g.d.Taxonomy.Needs), counts(g.d.Taxonomy.Categories)
}

// home is the front matter of the home page.
func (g *generator) home(cards []*Listing, needs, categories []Count) error {
	recent := slices.Clone(cards)
	slices.SortStableFunc(recent, func(a, b *Listing) int {
		return cmp.Or(strings.Compare(b.Verified.Date, a.Verified.Date), strings.Compare(a.Title, b.Title))
	})
	var ids []string
	for _, l := range recent {
		if l.Status.ID == "active" && len(ids) < 8 {
			ids = append(ids, l.ID)
		}
	}
	active := 0
	for _, l := range g.d.Listings {
		if l.IsActive() {
			active++
		}
	}
	return g.write("content/_index.md", Home{Title: g.d.Config.Name, Area: g.d.Config.Area,
		Needs: needs, Categories: categories, Recent: ids, Listings: active}, "")
}

// termPages writes the browse pages: all activities, and one page per
// category, need, organization and venue that has listings.
func (g *generator) termPages(cards []*Listing) error {
	lang := g.d.Config.DefaultLanguage()
	latest := latestDate(cards)
	if err := g.write("content/listings/_index.md", TermPage{Title: "All activities", Kind: "all",
		Facets: g.facets(cards), Count: len(cards), Date: latest, Lastmod: latest}, ""); err != nil {
		return err
	}
	for vocab, title := range map[string]string{"categories": "Types of activity", "needs": "Needs",
		"organizations": "Organizations", "venues": "Venues"} {
		fm := map[string]any{"title": title}
		if latest != "" {
			fm["date"], fm["lastmod"] = latest, latest
		}
		if err := g.write("content/"+vocab+"/_index.md", fm, ""); err != nil {
			return err
		}
	}
	// Group the listings under each term in one pass, so the cost stays
	// proportional to the number of listings, not listings × terms.
	members := map[string][]*Listing{}
	for _, l := range cards {
		for _, c := range l.Categories {
			members["categories/"+c] = append(members["categories/"+c], l)
		}
		for _, n := range l.Needs {
			members["needs/"+n] = append(members["needs/"+n], l)
		}
		members["organizations/"+l.Organization.ID] = append(members["organizations/"+l.Organization.ID], l)
		if l.Venue != nil {
			members["venues/"+l.Venue.ID] = append(members["venues/"+l.Venue.ID], l)
		}
	}
	type termSpec struct {
		vocab, kind, id, title, description, body string
		org                                       *Organization
		venue                                     *Venue
	}
	var specs []termSpec
	tax := g.d.Taxonomy
	for _, browse := range []struct {
		vocab *content.Vocabulary
		kind  string
	}{{tax.Categories, "category"}, {tax.Needs, "need"}} {
		for _, t := range browse.vocab.Terms {
			specs = append(specs, termSpec{vocab: browse.vocab.Name, kind: browse.kind, id: t.ID,
				title: browse.vocab.Label(t.ID, lang), description: t.Description})
		}
	}
	for _, o := range g.d.Organizations {
		org := g.organization(o)
		specs = append(specs, termSpec{vocab: "organizations", kind: "organization", id: o.ID, title: o.Name,
			body: o.Description, org: &org})
	}
	for _, v := range g.d.Venues {
		venue := g.venue(v)
		specs = append(specs, termSpec{vocab: "venues", kind: "venue", id: v.ID, title: v.Name,
			description: strings.Join(venue.Address, ", "), venue: &venue})
	}
	for _, s := range specs {
		if g.used[s.vocab][s.id] == 0 {
			continue // Hugo makes no page for a term without listings
		}
		matching := members[s.vocab+"/"+s.id]
		date := latestDate(matching)
		page := TermPage{Title: s.title, Description: s.description, Kind: s.kind, ID: s.id,
			Facets: g.facets(matching), Count: len(matching), Date: date, Lastmod: date,
			Organization: s.org, Venue: s.venue}
		if err := g.write("content/"+s.vocab+"/"+s.id+"/_index.md", page, s.body); err != nil {
			return err
		}
	}
	return nil
}

// latestDate is the most recent verified date among listings ("" for none).
func latestDate(listings []*Listing) string {
	latest := ""
	for _, l := range listings {
		latest = max(latest, l.Date)
	}
	return latest
}

// zoneOffsets is the directory's zone's UTC offsets from the start of the
// build's year to the end of the year two years later, as JSON.
func (g *generator) zoneOffsets() string {
	// Two numbers to a change, a few changes a year: it always marshals.
	data, _ := json.Marshal(schedule.ZoneOffsets(g.d.Config.Location, g.opts.Now, 2))
	return string(data)
}
