// Package report summarises a build for the people who run a directory:
// what was published, what needs attention (warnings, listings nobody has
// checked for a while) and where the directory has nothing to offer (needs
// and kinds of activity with no active listing). It is printed after every
// build and written to report.json next to the site.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
)

// Report is the summary of one build.
type Report struct {
	Directory string   `json:"directory"`
	Counts    Counts   `json:"counts"`
	Warnings  []Item   `json:"warnings"`
	Stale     []Stale  `json:"stale"`
	Coverage  Coverage `json:"coverage"`
	Stages    []Stage  `json:"stages"`
	TotalMS   int64    `json:"total_ms"`
	// RenderedFirst says Hugo rendered the site before the other outputs
	// ran, rather than side by side with them (a large directory).
	RenderedFirst bool `json:"rendered_first,omitempty"`
	// Sizes holds extra figures later stages add (search index size and so on).
	Sizes map[string]int64 `json:"sizes,omitempty"`
	// Sheets says what the printable sheets stage did.
	Sheets Sheets `json:"sheets"`
	// KnownUnchanged counts the files found unchanged since the last build
	// by the checksums it kept, without reading them (see
	// atomicfile.Manifest).
	KnownUnchanged int `json:"files_known_unchanged,omitempty"`

	// mu guards what the stages add while they run side by side.
	mu sync.Mutex
}

// Sheets is what the printable sheets stage did.
type Sheets struct {
	Paper    string `json:"paper"`
	Sheets   int    `json:"sheets"`
	Pads     int    `json:"pads"`
	Rendered int    `json:"rendered"` // the rest came from the cache
	// Assembled is how many pads were put together; the rest came from
	// the cache.
	Assembled int `json:"pads_assembled"`
	// Fallback lists listings printed as an English sheet pointing online,
	// because their script cannot be printed.
	Fallback []string `json:"fallback,omitempty"`
}

// Counts are how many things were published.
type Counts struct {
	Listings       int `json:"listings"`
	ActiveListings int `json:"active_listings"`
	Organizations  int `json:"organizations"`
	Venues         int `json:"venues"`
	Translations   int `json:"translations"`
	Pages          int `json:"pages"`
}

// Item is one warning from the check.
type Item struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// Stale is a listing not verified within the directory's stale_after.
type Stale struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Verified string `json:"verified"`
	File     string `json:"file"`
}

// Coverage shows where the directory has gaps.
type Coverage struct {
	// NeedsWithoutListings and CategoriesWithoutListings have no active listing at all.
	NeedsWithoutListings      []string `json:"needs_without_listings"`
	CategoriesWithoutListings []string `json:"categories_without_listings"`
	// Gaps are the combinations of a need and a category with no
	// active listing; Pairs counts all the combinations, Covered those
	// with one.
	Gaps    []Gap `json:"gaps"`
	Pairs   int   `json:"pairs"`
	Covered int   `json:"covered"`
}

// Gap is a need and a category with no active listing between them.
type Gap struct {
	Need     string `json:"need"`
	Category string `json:"category"`
}

// Stage is how long one step of the build took.
type Stage struct {
	Name string `json:"name"`
	MS   int64  `json:"ms"`
}

// New summarises a checked directory and the check's messages.
func New(d *content.Directory, msgs diag.List) *Report {
	r := &Report{Directory: d.Config.Name, Warnings: []Item{}, Stale: []Stale{}}
	r.Counts = Counts{Listings: len(d.Listings), Organizations: len(d.Organizations), Venues: len(d.Venues)}
	for _, m := range msgs {
		if m.Severity != diag.Warning {
			continue
		}
		it := Item{Message: m.Text}
		if m.Location != nil {
			it.File, it.Line = m.Location.File, m.Location.Line
		}
		r.Warnings = append(r.Warnings, it)
	}
	covered := map[[2]string]bool{}
	needs, categories := map[string]bool{}, map[string]bool{}
	for _, l := range d.Listings {
		r.Counts.Translations += len(l.Translations)
		if l.Stale {
			r.Stale = append(r.Stale, Stale{ID: l.ID, Title: l.Title, Verified: l.Verified.String(), File: l.File})
		}
		if !l.IsActive() {
			continue
		}
		r.Counts.ActiveListings++
		for _, n := range l.Needs {
			needs[n] = true
			for _, c := range l.Categories {
				covered[[2]string{n, c}] = true
			}
		}
		for _, c := range l.Categories {
			categories[c] = true
		}
	}
	slices.SortFunc(r.Stale, func(a, b Stale) int { return strings.Compare(a.Verified, b.Verified) })
	cov := &r.Coverage
	cov.NeedsWithoutListings, cov.CategoriesWithoutListings, cov.Gaps = []string{}, []string{}, []Gap{}
	for _, n := range d.Taxonomy.Needs.IDs() {
		if !needs[n] {
			cov.NeedsWithoutListings = append(cov.NeedsWithoutListings, n)
		}
		for _, c := range d.Taxonomy.Categories.IDs() {
			cov.Pairs++
			if covered[[2]string{n, c}] {
				cov.Covered++
			} else {
				cov.Gaps = append(cov.Gaps, Gap{Need: n, Category: c})
			}
		}
	}
	for _, c := range d.Taxonomy.Categories.IDs() {
		if !categories[c] {
			cov.CategoriesWithoutListings = append(cov.CategoriesWithoutListings, c)
		}
	}
	return r
}

// AddStage records how long a step took. Steps may overlap; TotalMS is
// set by the caller from the clock.
// A nil Report records nothing (the live preview keeps none).
func (r *Report) AddStage(name string, d time.Duration) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Stages = append(r.Stages, Stage{Name: name, MS: d.Milliseconds()})
}

// SetSheets records what the printable sheets stage did.
func (r *Report) SetSheets(s Sheets) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Sheets = s
}

// AddSize records the size of something the build wrote, for the summary.
func (r *Report) AddSize(name string, bytes int64) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Sizes == nil {
		r.Sizes = map[string]int64{}
	}
	r.Sizes[name] = bytes
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the report for a person reading the terminal.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	c := r.Counts
	fmt.Fprintf(&b, "%s: %d listings (%d active), %d organizations, %d venues, %d translations; %d pages.\n",
		r.Directory, c.Listings, c.ActiveListings, c.Organizations, c.Venues, c.Translations, c.Pages)
	if len(r.Stale) > 0 {
		fmt.Fprintf(&b, "\n%d listings need checking (not verified for a long time):\n", len(r.Stale))
		for _, s := range r.Stale {
			fmt.Fprintf(&b, "  %s  %s (%s)\n", s.Verified, s.Title, s.File)
		}
	}
	if n := len(r.Warnings); n > 0 {
		// The build prints the warnings in full, each with what to do,
		// just before the report: here they are only counted.
		fmt.Fprintf(&b, "\n%s from the check, shown above: they do not stop publishing.\n", plural(n, "warning"))
	}
	writeCoverage(&b, r.Coverage)
	if sh := r.Sheets; sh.Sheets > 0 {
		fmt.Fprintf(&b, "\nPrescription sheets: %d (%s) and %d pads; %d sheets and %d pads made, the rest unchanged.\n",
			sh.Sheets, sh.Paper, sh.Pads, sh.Rendered, sh.Assembled)
		if len(sh.Fallback) > 0 {
			fmt.Fprintf(&b, "  Printed in English with a pointer online (script not printable): %s\n", strings.Join(sh.Fallback, ", "))
		}
	}
	if len(r.Sizes) > 0 {
		b.WriteString("\n")
		for _, k := range slices.Sorted(maps.Keys(r.Sizes)) {
			fmt.Fprintf(&b, "%s: %s\n", k, humanBytes(r.Sizes[k]))
		}
	}
	var stages []string
	for _, s := range r.Stages {
		stages = append(stages, fmt.Sprintf("%s %d ms", s.Name, s.MS))
	}
	order := "the outputs run side by side"
	if r.RenderedFirst {
		order = "the render first, then the other outputs side by side"
	}
	fmt.Fprintf(&b, "\nTime: %s (%s; total %d ms).\n", strings.Join(stages, ", "), order, r.TotalMS)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeCoverage says, in words, how many of the combinations of a need
// (needs: in a listing) and a type of activity (categories:) the active
// listings offer, with an example of one that nothing offers yet.
func writeCoverage(b *strings.Builder, cov Coverage) {
	fmt.Fprintf(b, "\nCoverage: %d of the %d combinations of a need and a type of activity have at least one active listing.\n",
		cov.Covered, cov.Pairs)
	if len(cov.Gaps) > 0 {
		g := cov.Gaps[0]
		fmt.Fprintf(b, "  %d have none, such as need %s with activity %s; report.json lists them all.\n",
			len(cov.Gaps), g.Need, g.Category)
	}
	if len(cov.NeedsWithoutListings) > 0 {
		fmt.Fprintf(b, "  Needs with no active listing: %s\n", strings.Join(cov.NeedsWithoutListings, ", "))
	}
	if len(cov.CategoriesWithoutListings) > 0 {
		fmt.Fprintf(b, "  Types of activity with no active listing: %s\n", strings.Join(cov.CategoriesWithoutListings, ", "))
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
