// Package check validates a loaded content folder and builds the typed model
// every output is rendered from. It runs the JSON Schemas (types, required
// and unknown fields, lengths, formats) and then the checks a schema cannot
// express: references between files, vocabularies, the schedule grammar,
// Markdown safety, postcodes, duplicate ids and staleness; and the optional
// places.yaml and postcodes.csv (places.go), the latter streamed, since it
// can hold millions of rows. Every problem is
// a diag.Message pointing at the file, line and column to fix; one broken
// file never hides the problems of another.
package check

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/yuin/goldmark"
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
	// Verdicts, when set, remembers from one run to the next the files
	// whose own checks found nothing, which are then not validated again
	// until they change. Save it after the run.
	Verdicts *Verdicts
}

// Checker holds what is expensive to prepare (compiled schemas, the
// Markdown parser) and remembers what it found in each file, so that
// checking again after an edit, as `serve` does, re-reads only the files
// that changed. A Checker runs one check at a time.
type Checker struct {
	schemas  *schema.Set
	markdown goldmark.Markdown
	// oneRun is set for a Checker that runs once: it does not look at
	// files' stamps or keep their results.
	oneRun bool

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
	// postcodes is what the last run found in postcodes.csv, which can
	// take a second to check: the preview checks it again only when it
	// changed.
	postcodes postcodesCache
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

// NewForOneRun prepares a Checker that is run once, as `check` and
// `build` do: it skips what only serves checking again (a file's stamp,
// one more call to the file system for each file, and keeping every
// file's result).
func NewForOneRun() (*Checker, error) {
	ck, err := New()
	if err != nil {
		return nil, err
	}
	ck.oneRun = true
	return ck, nil
}

// checker is one run: the Checker plus what the run has learnt so far.
type checker struct {
	*Checker
	config   content.Config
	taxonomy *content.Taxonomy
	today    schedule.Date
	// skips are the clock changes of the coming year that skip times.
	skips    []schedule.Transition
	verdicts *Verdicts
}

// Run reads and checks every file of a content folder. The Directory is
// returned even when there are errors, holding what could be read, so
// callers can report more; it must not be published unless the list has
// no errors. Each file is read and checked in one pass on a pool of
// goroutines, one per CPU.
func (ck *Checker) Run(ctx context.Context, folder *load.Folder, opts Options) (*content.Directory, diag.List) {
	msgs := slices.Clone(folder.Messages)
	r := &checker{Checker: ck, taxonomy: content.BuiltinTaxonomy(), verdicts: opts.Verdicts}

	// Settings and vocabularies come first: other files are checked against them.
	settings, vocabularies, rest := readShared(folder, &msgs)
	msgs.Extend(r.prepare(settings, vocabularies, opts))
	rest, placesEntries := splitPlaces(rest)
	ck.startGeneration(generation(r.today, slices.Concat(settings, vocabularies)))

	results, err := r.files(ctx, folder, rest)
	if err != nil {
		msgs.Add(diag.Message{Severity: diag.Error, Code: diag.Cancelled, Text: "The check was stopped before it finished"})
		return nil, msgs
	}
	ck.forget(rest)

	d := &content.Directory{Config: r.config, Taxonomy: r.taxonomy}
	for _, res := range results {
		msgs.Extend(res.msgs)
	}
	msgs.Extend(r.crossFile(d, results))
	for _, e := range placesEntries {
		var found diag.List
		if e.Kind == load.PlacesFile {
			d.Places, found = r.places(folder, e)
		} else {
			d.Postcodes, found = r.cachedPostcodes(folder, e)
		}
		msgs.Extend(found)
	}
	msgs.Sort()
	return d, msgs
}

// readShared reads the settings and vocabularies, which every other file
// is checked against, and returns the entries of the other files.
func readShared(folder *load.Folder, msgs *diag.List) (settings, vocabularies []*load.File, rest []load.Entry) {
	for _, e := range folder.Entries {
		if e.Kind != load.DirectoryFile && e.Kind != load.TaxonomyFile {
			rest = append(rest, e)
			continue
		}
		f, readMsgs := folder.Read(e)
		msgs.Extend(readMsgs)
		switch {
		case f.Data == nil:
		case e.Kind == load.DirectoryFile:
			settings = append(settings, f)
		default:
			vocabularies = append(vocabularies, f)
		}
	}
	return settings, vocabularies, rest
}

// splitPlaces takes places.yaml and postcodes.csv out of entries: they
// are checked on their own, after the other files.
func splitPlaces(entries []load.Entry) (rest, places []load.Entry) {
	for _, e := range entries {
		if e.Kind == load.PlacesFile || e.Kind == load.PostcodesFile {
			places = append(places, e)
		} else {
			rest = append(rest, e)
		}
	}
	return rest, places
}

// prepare checks the settings and vocabularies and learns from them, and
// from opts, what the other files are checked against.
func (r *checker) prepare(settings, vocabularies []*load.File, opts Options) diag.List {
	var msgs diag.List
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
	return msgs
}

// files checks each file on its own, on a pool of goroutines; the results
// are in the order of entries. The error says the context was cancelled.
func (r *checker) files(ctx context.Context, folder *load.Folder, entries []load.Entry) ([]fileResult, error) {
	results := make([]fileResult, len(entries))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, e := range entries {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			results[i] = r.entry(folder, e)
			return nil
		})
	}
	return results, g.Wait()
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
		Text:     fmt.Sprintf(hiddenText, len(rest)),
		Hint: fmt.Sprintf("Only the first %d problems of a file are shown. Fix these and check again to see the rest.\n"+
			"If most of them are unknown fields, is this the right file, in the right folder?", perFile)})
}

// hiddenText is the text of the message that stands for the problems of
// a file that are not shown.
const hiddenText = "…and %d more problems in this file"

// HiddenProblems returns how many problems, errors and warnings, a
// diag.TooManyProblems message stands for; 0 for any other message. A
// count of a run's problems adds these to the messages shown and does not
// count the TooManyProblems message itself.
func HiddenProblems(m diag.Message) int {
	if m.Code != diag.TooManyProblems {
		return 0
	}
	var n int
	if _, err := fmt.Sscanf(m.Text, hiddenText, &n); err != nil {
		return 0
	}
	return n
}

func hasPlaceholders(msgs diag.List) bool {
	return slices.ContainsFunc(msgs, func(m diag.Message) bool { return m.Code == diag.Placeholder })
}

// validate runs the schema; it reports whether the file is fit to decode.
func (r *checker) validate(f *load.File, k schema.Kind, msgs *diag.List) bool {
	// A template from `signpost new` is full of TODOs; until they are
	// filled in, the other checks would only repeat the same news.
	if placeholders := findPlaceholders(f); len(placeholders) > 0 {
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
