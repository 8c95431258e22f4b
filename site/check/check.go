// Package check validates a loaded content folder and builds the typed model
// every output is rendered from. It runs the JSON Schemas (types, required
// and unknown fields, lengths, formats) and then the checks a schema cannot
// express: references between files, vocabularies, the schedule grammar,
// Markdown safety, postcodes, duplicate ids and staleness. Every problem is
// a diag.Message pointing at the file, line and column to fix; one broken
// file never hides the problems of another.
package check

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/yuin/goldmark"
	"go.yaml.in/yaml/v3"
	"golang.org/x/sync/errgroup"

	"github.com/signpost-directory/signpost/schema"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/schedule"
)

// Options change what counts as a problem.
type Options struct {
	// Today is the date staleness and past sessions are measured against.
	// The zero value means today in the directory's time zone.
	Today schedule.Date
}

// Checker holds what is expensive to prepare (compiled schemas, the
// Markdown parser) and remembers what it found in each file, so that
// checking again after an edit, as `serve` does, re-reads only the files
// that changed. A Checker runs one check at a time.
type Checker struct {
	schemas  *schema.Set
	markdown goldmark.Markdown

	mu sync.Mutex
	// cache holds each file's result by path, valid while the file's
	// stamp and the run's generation (settings, vocabularies, today) match.
	cache      map[string]cachedFile
	generation string
	// translated holds, by the cached listing it was made from, the copy
	// with translations attached that the last run handed back. Values a
	// run hands back are never changed afterwards (the preview still reads
	// them while the next run checks), so a listing with translations is
	// handed back as a copy, and the same copy again while its translations
	// stay the same, so that later stages can tell by identity that it
	// did not change.
	translated map[*content.Listing]*content.Listing
}

type cachedFile struct {
	stamp  string
	result fileResult
}

// New prepares a Checker.
func New() (*Checker, error) {
	set, err := schema.Load()
	if err != nil {
		return nil, fmt.Errorf("loading schemas: %w", err)
	}
	return &Checker{
		schemas: set,
		// The same extensions the site renders with, so the check sees
		// exactly the links and HTML the site would.
		markdown: content.NewMarkdown(),
	}, nil
}

// checker is one run: the Checker plus what the run has learnt so far.
type checker struct {
	*Checker
	config   content.Config
	taxonomy *content.Taxonomy
	today    schedule.Date
	// skips are the clock changes of the coming year that skip times.
	skips []schedule.Transition
}

// fileResult is what checking one file produced.
type fileResult struct {
	file  *load.File
	msgs  diag.List
	org   *content.Organization
	venue *content.Venue
	list  *content.Listing
	trans *content.Translation
}

// Run reads and checks every file of a content folder. The Directory is
// returned even when there are errors, holding what could be read, so
// callers can report more; it must not be published unless the list has
// no errors. Each file is read and checked in one pass on a pool of
// goroutines, one per CPU.
func (ck *Checker) Run(ctx context.Context, folder *load.Folder, opts Options) (*content.Directory, diag.List) {
	msgs := slices.Clone(folder.Messages)
	r := &checker{Checker: ck, taxonomy: content.BuiltinTaxonomy()}

	// Settings and vocabularies come first: other files are checked against them.
	var rest []load.Entry
	var settings, vocabularies []*load.File
	for _, e := range folder.Entries {
		switch e.Kind {
		case load.DirectoryFile, load.TaxonomyFile:
			f, readMsgs := folder.Read(e)
			msgs.Extend(readMsgs)
			if f.Data == nil {
				continue
			}
			if e.Kind == load.DirectoryFile {
				settings = append(settings, f)
			} else {
				vocabularies = append(vocabularies, f)
			}
		default:
			rest = append(rest, e)
		}
	}
	for _, f := range settings {
		msgs.Extend(r.directory(f))
	}
	if r.config.Location == nil {
		r.config.Location = time.UTC
	}
	r.today = opts.Today
	if r.today.IsZero() {
		r.today = schedule.DateOf(time.Now().In(r.config.Location))
	}
	r.skips = clocksForward(r.config.Location, r.today)
	for _, f := range vocabularies {
		msgs.Extend(r.vocabularies(f))
	}
	// Every file is checked against the settings, the vocabularies and
	// today's date: when any of them changes, nothing cached is valid.
	generation := r.today.String()
	for _, f := range append(settings, vocabularies...) {
		generation += "\x00" + f.Source.Text
	}
	ck.mu.Lock()
	if generation != ck.generation || ck.cache == nil {
		ck.cache, ck.generation = map[string]cachedFile{}, generation
	}
	ck.mu.Unlock()

	results := make([]fileResult, len(rest))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, e := range rest {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			stamp, modified, stamped := folder.Stamp(e)
			ck.mu.Lock()
			cached, hit := ck.cache[e.Path]
			ck.mu.Unlock()
			// Some file systems keep modification times to the second, so
			// a file changed just now is compared by its content.
			if stamped && hit && cached.stamp == stamp && time.Since(modified) > 2*time.Second {
				results[i] = cached.result
				return nil
			}
			f, readMsgs := folder.Read(e)
			if hit && f.Source != nil && cached.result.file.Source != nil && f.Source.Text == cached.result.file.Source.Text {
				results[i] = cached.result
				return nil
			}
			results[i] = r.file(f)
			results[i].msgs = limitPerFile(append(readMsgs, results[i].msgs...))
			if stamped {
				ck.mu.Lock()
				ck.cache[e.Path] = cachedFile{stamp: stamp, result: results[i]}
				ck.mu.Unlock()
			}
			return nil
		})
	}
	if g.Wait() != nil {
		msgs.Add(diag.Message{Severity: diag.Error, Code: diag.Cancelled, Text: "The check was stopped before it finished"})
		return nil, msgs
	}

	// Forget files that are gone.
	ck.mu.Lock()
	if len(ck.cache) > len(rest) {
		present := make(map[string]bool, len(rest))
		for _, e := range rest {
			present[e.Path] = true
		}
		for p := range ck.cache {
			if !present[p] {
				delete(ck.cache, p)
			}
		}
	}
	ck.mu.Unlock()

	d := &content.Directory{Config: r.config, Taxonomy: r.taxonomy}
	for _, res := range results {
		msgs.Extend(res.msgs)
	}
	msgs.Extend(r.crossFile(d, results))
	msgs.Sort()
	return d, msgs
}

// perFile is how many problems are shown for one file. A file with more
// is usually not a content file at all (thousands of unknown fields), and
// the first few are what a volunteer fixes first.
const perFile = 20

// limitPerFile keeps the first perFile of one file's messages, in the
// order of the file, and says how many more there are. Warnings are never
// summed up on their own: a file has only a few, and the summary is an
// error, which would stop publication.
func limitPerFile(msgs diag.List) diag.List {
	if len(msgs) <= perFile {
		return msgs
	}
	msgs.Sort()
	rest := msgs[perFile:]
	if !rest.HasErrors() {
		return msgs
	}
	return append(msgs[:perFile:perFile], diag.Message{Severity: diag.Error, Code: diag.TooManyProblems,
		Location: rest[0].Location,
		Text:     fmt.Sprintf("…and %d more problems in this file", len(rest)),
		Hint: fmt.Sprintf("Only the first %d problems of a file are shown. Fix these and check again to see the rest.\n"+
			"If most of them are unknown fields, is this the right file, in the right folder?", perFile)})
}

// file checks one organization, venue, listing or translation on its own.
// Checks that read the YAML nodes directly (vocabularies, schedules,
// Markdown) run even when the schema failed, so one round of fixes is
// enough; building the typed model needs a file the schema accepted.
func (r *checker) file(f *load.File) fileResult {
	res := fileResult{file: f}
	if f.Data == nil {
		return res
	}
	k := map[load.Kind]schema.Kind{
		load.OrganizationFile: schema.Organization, load.VenueFile: schema.Venue,
		load.ListingFile: schema.Listing, load.TranslationFile: schema.Translation,
	}[f.Kind]
	if !r.validate(f, k, &res.msgs) && hasPlaceholders(res.msgs) {
		return res
	}
	valid := !res.msgs.HasErrors()
	var description string
	switch f.Kind {
	case load.OrganizationFile:
		res.msgs.Extend(r.markdownField(f, "description"))
		res.msgs.Extend(r.linkAddresses(f, res.msgs, "website"))
	case load.VenueFile:
		res.msgs.Extend(r.terms(f, []string{"accessibility"}, r.taxonomy.Accessibility))
	case load.ListingFile, load.TranslationFile:
		res.msgs.Extend(r.body(f, &description))
	}
	var rules []schedule.Rule
	if f.Kind == load.ListingFile {
		for _, v := range []struct {
			path  []string
			vocab *content.Vocabulary
		}{
			{[]string{"categories"}, r.taxonomy.Categories},
			{[]string{"needs"}, r.taxonomy.Needs},
			{[]string{"accessibility"}, r.taxonomy.Accessibility},
			{[]string{"audience", "groups"}, r.taxonomy.Audience},
		} {
			res.msgs.Extend(r.terms(f, v.path, v.vocab))
		}
		var msgs diag.List
		rules, msgs = r.parseSchedule(f)
		res.msgs.Extend(msgs)
		res.msgs.Extend(r.linkAddresses(f, res.msgs, "online_url"))
		res.msgs.Extend(r.verified(f))
	}
	if !valid {
		return res
	}
	switch f.Kind {
	case load.OrganizationFile:
		o := &content.Organization{ID: f.ID, File: f.Source.Path}
		if r.decode(f, o, &res.msgs) {
			res.org = o
		}
	case load.VenueFile:
		v := &content.Venue{ID: f.ID, File: f.Source.Path}
		if r.decode(f, v, &res.msgs) {
			res.msgs.Extend(r.venue(f, v))
			res.venue = v
		}
	case load.ListingFile:
		l := &content.Listing{ID: f.ID, File: f.Source.Path}
		if r.decode(f, l, &res.msgs) {
			if f.Markdown {
				l.Description = description
			}
			l.Schedule = rules
			l.Verified, l.Stale = r.verifiedDate(f)
			res.msgs.Extend(r.listing(f, l))
			res.list = l
		}
	case load.TranslationFile:
		t := &content.Translation{Lang: f.Lang, File: f.Source.Path}
		if r.decode(f, t, &res.msgs) {
			if f.Markdown {
				t.Description = description
			}
			res.trans = t
		}
	}
	return res
}

func hasPlaceholders(msgs diag.List) bool {
	return slices.ContainsFunc(msgs, func(m diag.Message) bool { return m.Code == diag.Placeholder })
}

// validate runs the schema; it reports whether the file is fit to decode.
func (r *checker) validate(f *load.File, k schema.Kind, msgs *diag.List) bool {
	// A template from `signpost new` is full of TODOs; until they are
	// filled in, the other checks would only repeat the same news.
	if placeholders := findPlaceholders(f.Source, f.Data); len(placeholders) > 0 {
		msgs.Extend(placeholders)
		return false
	}
	var local diag.List
	doc := toValue(f.Source, f.Data, &local)
	if err := r.schemas.Validate(k, doc); err != nil {
		local.Extend(r.schemaMessages(f.Source, k, f.Data, err))
	}
	local.Extend(numberMessages(f.Source, f.Data, k, local))
	msgs.Extend(local)
	return !local.HasErrors()
}

func (r *checker) decode(f *load.File, into any, msgs *diag.List) bool {
	if err := f.Data.Decode(into); err != nil {
		// The schema accepted the file, so this is a gap between the
		// schema and the model; say so plainly rather than crash.
		msgs.Add(diag.Message{Severity: diag.Error, Code: diag.Schema, Location: f.Source.At(f.Data.Line, 1, 0),
			Text: fmt.Sprintf("These details cannot be read: %v", err),
			Hint: "This is likely a bug in signpost; please report it with the file."})
		return false
	}
	return true
}

// crossFile checks what involves more than one file (duplicate ids,
// references, translations) and fills the Directory.
func (r *checker) crossFile(d *content.Directory, results []fileResult) diag.List {
	var msgs diag.List
	seen := map[string]*load.File{}
	dup := func(kind string, f *load.File) bool {
		key := kind + "/" + f.ID + "/" + f.Lang
		first, ok := seen[key]
		if !ok {
			seen[key] = f
			return false
		}
		msgs.Add(diag.Message{Severity: diag.Error, Code: diag.DuplicateID,
			Location: f.Source.At(1, 1, 0),
			Text:     fmt.Sprintf("Two files have the id %q", f.ID),
			Hint:     "Ids must be unique: keep one file, or rename one (and the references to it).",
			Notes:    []diag.Note{{Text: "The other file is " + first.Source.Path, Location: first.Source.At(1, 1, 0)}}})
		return true
	}
	listingFiles := map[*content.Listing]*load.File{}
	var translations []fileResult
	// Every file's id counts as known, even one that has problems of its
	// own, so a broken organization does not also break its listings.
	known := map[load.Kind][]string{}
	for _, res := range results {
		known[res.file.Kind] = append(known[res.file.Kind], res.file.ID)
		if res.org == nil && res.venue == nil && res.list == nil && res.trans == nil {
			dup(res.file.Kind.String(), res.file)
		}
	}
	for _, res := range results {
		switch {
		case res.org != nil && !dup(res.file.Kind.String(), res.file):
			d.Organizations = append(d.Organizations, res.org)
		case res.venue != nil && !dup(res.file.Kind.String(), res.file):
			d.Venues = append(d.Venues, res.venue)
		case res.list != nil && !dup(res.file.Kind.String(), res.file):
			d.Listings = append(d.Listings, res.list)
			listingFiles[res.list] = res.file
		case res.trans != nil && !dup(res.file.Kind.String(), res.file):
			translations = append(translations, res)
		}
	}
	byID := func(a, b string) int { return cmp.Compare(a, b) }
	slices.SortFunc(d.Organizations, func(a, b *content.Organization) int { return byID(a.ID, b.ID) })
	slices.SortFunc(d.Venues, func(a, b *content.Venue) int { return byID(a.ID, b.ID) })
	slices.SortFunc(d.Listings, func(a, b *content.Listing) int { return byID(a.ID, b.ID) })
	d.Index()

	orgIDs := known[load.OrganizationFile]
	venueIDs := append(known[load.VenueFile], content.Online)
	listingIDs := known[load.ListingFile]
	// References are read from the YAML itself, so they are checked even
	// in a listing whose other details have problems.
	for _, res := range results {
		f := res.file
		if f.Kind != load.ListingFile || f.Data == nil {
			continue
		}
		if org, ok := fieldValue(f.Data, "organization"); ok && isText(org) && !slices.Contains(orgIDs, org.Value) {
			msgs.Add(r.unknownReference(f, "organization", org, orgIDs, "organizations"))
		}
		if venue, ok := fieldValue(f.Data, "venue"); ok && isText(venue) && !slices.Contains(venueIDs, venue.Value) {
			msgs.Add(r.unknownReference(f, "venue", venue, venueIDs, "venues"))
		}
	}
	titles := map[string]*load.File{}
	for _, l := range d.Listings {
		f := listingFiles[l]
		if first, ok := titles[l.Title]; ok {
			msgs.Add(diag.Message{Severity: diag.Warning, Code: diag.DuplicateTitle,
				Location: fieldLocation(f.Source, f.Data, "title"),
				Text:     fmt.Sprintf("Another listing has the same title %q", l.Title),
				Hint:     "Clinicians pick from titles: make each one distinct, for example by adding the place or day.",
				Notes:    []diag.Note{{Text: "The other listing:", Location: fieldLocation(first.Source, first.Data, "title")}}})
		} else {
			titles[l.Title] = f
		}
	}
	// Listings may come from the cache and were handed back by earlier
	// runs, so they are never changed: translations are gathered here and
	// attached to copies below.
	attached := map[*content.Listing]map[string]*content.Translation{}
	for _, res := range translations {
		f, t := res.file, res.trans
		base := d.Listing(f.ID)
		if base == nil && slices.Contains(listingIDs, f.ID) {
			continue // the listing has problems of its own
		}
		if base == nil {
			msgs.Add(diag.Message{Severity: diag.Error, Code: diag.UnknownReference, Location: f.Source.At(1, 1, 0),
				Text:       fmt.Sprintf("This translation is for a listing %q that does not exist", f.ID),
				Suggestion: closestFileName(f.ID, listingIDs, f.Lang),
				Hint:       "A translation is named after its listing: walking-group.pl.md translates listings/walking-group.md."})
			continue
		}
		if base.Lang == t.Lang {
			msgs.Add(diag.Message{Severity: diag.Error, Code: diag.TranslationLanguage, Location: f.Source.At(1, 1, 0),
				Text: fmt.Sprintf("This translation is in %q, the language the listing itself is written in", t.Lang),
				Hint: "Edit the listing itself instead, or rename this file to the language it is written in."})
			continue
		}
		if attached[base] == nil {
			attached[base] = map[string]*content.Translation{}
		}
		attached[base][t.Lang] = t
	}
	r.attach(d, attached)
	return msgs
}

// attach puts in d, in place of each listing that has translations, a copy
// with them attached: the one the last run handed back when the
// translations are the same, else a new one.
func (r *checker) attach(d *content.Directory, attached map[*content.Listing]map[string]*content.Translation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	previous := r.translated
	r.translated = make(map[*content.Listing]*content.Listing, len(attached))
	if len(attached) == 0 {
		return
	}
	for i, l := range d.Listings {
		tr, ok := attached[l]
		if !ok {
			continue
		}
		c, ok := previous[l]
		if !ok || !maps.Equal(c.Translations, tr) {
			copied := *l
			copied.Translations = tr
			c = &copied
		}
		d.Listings[i], r.translated[l] = c, c
	}
	d.Index()
}

// isText reports whether a node is a plain text value (not a list, group or number).
func isText(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" && n.Value != ""
}

// fieldValue returns the value node of a top-level field; ok is false
// when the field is absent.
func fieldValue(m *yaml.Node, field string) (value *yaml.Node, ok bool) {
	k, v := locate(m, []string{field})
	return v, k != nil
}

// fieldLocation marks the value of a top-level field, or the start of the
// group when the field is absent.
func fieldLocation(src *diag.Source, m *yaml.Node, field string) *diag.Location {
	if v, ok := fieldValue(m, field); ok {
		return valueLocation(src, v)
	}
	return valueLocation(src, m)
}
