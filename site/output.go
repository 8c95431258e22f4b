package site

import (
	"context"
	"time"

	"github.com/signpost-directory/signpost/site/atomicfile"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/feeds"
	"github.com/signpost-directory/signpost/site/parts"
	"github.com/signpost-directory/signpost/site/places"
	"github.com/signpost-directory/signpost/site/report"
	"github.com/signpost-directory/signpost/site/search"
	"github.com/signpost-directory/signpost/site/sheets"
)

// Output writes one part of the site from the checked model, beside the
// pages Hugo renders: the search index, the printable sheets, the open
// data feeds. Outputs only read the model, so they run side by side with
// each other and with Hugo, each writing its own files and replacing each
// whole (see package atomicfile), so that the live preview can serve the
// folder while they write. Adding an output to the site is adding one
// value to the list Outputs returns; build and the preview both run it.
type Output interface {
	// Stage names the output in the build report, e.g. "search".
	Stage() string
	// What says what it writes, for messages: "the search index".
	What() string
	// Write writes the output for d into dir, the site's root, and adds
	// its figures to rep (which may be nil).
	Write(ctx context.Context, d *content.Directory, dir string, rep *report.Report) error
}

// OutputOptions configure the built-in outputs.
type OutputOptions struct {
	// BaseURL overrides the directory's base_url.
	BaseURL string
	// Now is the moment "next session" dates count from; zero means now.
	Now time.Time
	// Paper overrides the directory's paper size for the sheets.
	Paper sheets.Paper
	// SheetCache keeps rendered sheets between builds ("" for none).
	SheetCache string
	// SearchCache keeps the search index's analysis of the listings' text
	// between builds ("" for none).
	SearchCache string
	// Preview makes the outputs the live preview's: no category and need
	// pads (slow to print, and nobody prints a pad from a preview), the
	// fonts loaded once, and feeds that rewrite only the files that
	// changed since the last rebuild.
	Preview bool
	Fonts   *sheets.Fonts
	// FeedRecord remembers the feeds written last time (preview only).
	FeedRecord *feeds.Record
	// Part, when not the whole, writes only that part's share (see
	// package parts): its sheets and pads, and each other output whole
	// in the one part that owns it.
	Part parts.Part
	// Previous, when set, is the site the outputs' folder replaces (a
	// build's): files it already has with the same bytes are linked from
	// it rather than written again (see atomicfile.Folder).
	Previous string
	// Staged says the folder written is a build's stage: new, and read by
	// nobody until the build publishes it, so files go straight to their
	// names (see atomicfile.Folder.New). Previous implies it.
	Staged bool
	// Manifest, when set, lists the files of Previous and receives those
	// written now (see atomicfile.Manifest).
	Manifest *atomicfile.Manifest
}

// Outputs are the parts of the site written beside the pages, in the order
// the report lists them.
func Outputs(opts OutputOptions) []Output {
	return []Output{
		partOf(opts.Part, 0, searchOutput{search.Options{CacheDir: opts.SearchCache, Previous: opts.Previous, Staged: opts.Staged, Manifest: opts.Manifest}}),
		sheetsOutput{sheets.Options{BaseURL: opts.BaseURL, Paper: opts.Paper, Now: opts.Now, CacheDir: opts.SheetCache,
			Fonts: opts.Fonts, NoPads: opts.Preview, Part: opts.Part, Previous: opts.Previous, Staged: opts.Staged, Manifest: opts.Manifest}},
		partOf(opts.Part, 1, feedsOutput{feeds.Options{BaseURL: opts.BaseURL, Record: opts.FeedRecord, Previous: opts.Previous, Staged: opts.Staged, Manifest: opts.Manifest}}),
		partOf(opts.Part, 2, placesOutput{}),
	}
}

// partOf is o, written only by the part of a split build that owns it:
// the whole outputs go to parts 1, 2, 3… in turn (by hash, two of them
// could land in one part and leave another with none).
func partOf(part parts.Part, turn int, o Output) Output {
	if part.Whole() {
		return o
	}
	return ownedOutput{Output: o, mine: turn%part.Of == part.N-1}
}

type ownedOutput struct {
	Output
	mine bool
}

func (o ownedOutput) Write(ctx context.Context, d *content.Directory, dir string, rep *report.Report) error {
	if !o.mine {
		return nil
	}
	return o.Output.Write(ctx, d, dir, rep)
}

type searchOutput struct{ opts search.Options }

func (searchOutput) Stage() string { return "search" }
func (searchOutput) What() string  { return "the search index" }

func (o searchOutput) Write(ctx context.Context, d *content.Directory, dir string, rep *report.Report) error {
	found, err := search.Write(ctx, d, dir, o.opts)
	if err != nil {
		return err
	}
	rep.AddSize("search index", found.Bytes)
	rep.AddSize("largest search shard", found.LargestShard)
	return nil
}

type sheetsOutput struct{ opts sheets.Options }

func (sheetsOutput) Stage() string { return "sheets" }
func (sheetsOutput) What() string  { return "the printable sheets" }

func (o sheetsOutput) Write(ctx context.Context, d *content.Directory, dir string, rep *report.Report) error {
	printed, err := sheets.Write(ctx, d, dir, o.opts)
	if err != nil {
		return err
	}
	rep.SetSheets(report.Sheets{Paper: string(printed.Paper), Sheets: printed.Sheets, Pads: printed.Pads,
		Rendered: printed.Rendered, Assembled: printed.Assembled, Fallback: printed.Fallback})
	return nil
}

type feedsOutput struct{ opts feeds.Options }

func (feedsOutput) Stage() string { return "feeds" }
func (feedsOutput) What() string  { return "the open data feeds" }

func (o feedsOutput) Write(ctx context.Context, d *content.Directory, dir string, rep *report.Report) error {
	fed, err := feeds.Write(ctx, d, dir, o.opts)
	if err != nil {
		return err
	}
	rep.AddSize("open data feeds", fed.Bytes)
	return nil
}

type placesOutput struct{}

func (placesOutput) Stage() string { return "places" }
func (placesOutput) What() string  { return "the places and postcodes" }

func (placesOutput) Write(ctx context.Context, d *content.Directory, dir string, rep *report.Report) error {
	wrote, err := places.Write(ctx, d, dir)
	if err != nil {
		return err
	}
	rep.AddSize("places and postcodes", wrote.Bytes)
	return nil
}
