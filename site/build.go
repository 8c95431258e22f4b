package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/signpost-directory/signpost/site/atomicfile"
	"github.com/signpost-directory/signpost/site/cachedir"
	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/pages"
	"github.com/signpost-directory/signpost/site/parts"
	"github.com/signpost-directory/signpost/site/render"
	"github.com/signpost-directory/signpost/site/report"
	"github.com/signpost-directory/signpost/site/scratch"
	"github.com/signpost-directory/signpost/site/sheets"
	"github.com/signpost-directory/signpost/theme"
	"golang.org/x/sync/errgroup"
)

// BuildOptions say what to build and where.
type BuildOptions struct {
	ContentDir string
	// OutDir is replaced, as a whole, by the new site when the build
	// succeeds, and left exactly as it was when it fails.
	OutDir string
	// BaseURL overrides the directory's base_url (e.g. for GitHub Pages).
	BaseURL string
	// ThemeDir is a theme folder whose files replace the built-in theme's.
	ThemeDir string
	Check    check.Options
	// Now is the moment "next session" dates count from; zero means now.
	Now time.Time
	// Paper overrides the directory's paper size for the printable sheets.
	Paper sheets.Paper
	// SheetCache keeps rendered sheets between builds, so unchanged ones
	// are not rendered again; "" renders every sheet.
	SheetCache string
	// CheckCache keeps, between builds, which files passed the checks
	// that read only the file itself (see CheckOptions.Cache); "" for none.
	CheckCache string
	// SearchCache keeps the search index's analysis of the listings' text
	// between builds, so that a build of unchanged listings skips it.
	SearchCache string
	// ManifestCache keeps, between builds, the list of the files the build
	// published with their checksums (see atomicfile.Manifest), so that
	// the next build tells its unchanged files without reading them (up
	// to ManifestUpTo listings).
	ManifestCache string
	// Log receives Hugo's messages.
	Log io.Writer
	// ListPageSize is the most activities a list page shows before the
	// list is split into pages; 0 means pages.ListPageSize.
	ListPageSize int
	// Part, when not the whole, builds only that part of the site, for
	// Merge to put together with the others (see package parts).
	Part parts.Part
	// RenderFirst has Hugo render the site before the other outputs are
	// written, not side by side with them, whatever the directory's size
	// (see RenderFirstAbove).
	RenderFirst bool
}

// RenderFirstAbove is the number of listings above which Hugo renders the
// site on its own first, and the search index, sheets and feeds are
// written after it, side by side. Up to tens of thousands of listings,
// side by side is as quick (10,000 listings, no sheet cache: 73-76 s
// either way); at 100,000, Hugo's pages and the outputs' working data
// together reach the collector's memory limit, and every stage crawls.
const RenderFirstAbove = 25_000

// ManifestUpTo is the most listings a directory may have for its build to
// keep a manifest of the files it published (see BuildOptions.ManifestCache).
// At 100,000 listings the manifest holds about a million files, some
// 150 MB, and the build runs near its memory limit, where every megabyte
// kept alive makes the collector run more often over the whole heap: a
// cold build took 12 min 11 s with it against 11 min 6 s without. Keeping
// the entries where the collector does not trace them (entryTable) did
// not change that: 11 min 9 s against 10 min 11 s (each pair one after
// the other, on the same machine). Larger directories compare unchanged
// files by reading them, as before.
const ManifestUpTo = 25_000

// BuildResult is what a build produced.
type BuildResult struct {
	Check  *CheckResult
	Report *report.Report
}

// ErrContentErrors means the check found errors, so nothing was published.
var ErrContentErrors = errors.New("the content has errors, so nothing was published")

// markerFile is written into every site signpost builds, so a later build
// knows the output folder is its own to replace; markerText is what it says.
const (
	markerFile = ".signpost-build"
	markerText = "This folder is replaced by every signpost build.\n"
)

// loadManifest reads the manifest of the site at out that cache keeps
// (nil when cache is ""), and gives the file it is kept in. A manifest is
// read only for the build that wrote it (see manifestSite), so a site put
// at out by anything else is compared by reading its files.
func loadManifest(cache, out, previous string) (*atomicfile.Manifest, string) {
	if cache == "" {
		return nil, ""
	}
	sum := sha256.Sum256([]byte(out))
	file := filepath.Join(cache, hex.EncodeToString(sum[:8])+manifestSuffix)
	site, err := manifestSite(out, out)
	if previous == "" || err != nil {
		return atomicfile.NewManifest(), file
	}
	// A manifest that cannot be read only costs time.
	m, _ := atomicfile.LoadManifest(file, site)
	return m, file
}

// The manifests of the keptManifests output folders built last are kept,
// in files whose names end in manifestSuffix.
const (
	keptManifests  = 4
	manifestSuffix = ".manifest"
)

// manifestSite names the site at out, for its manifest: the folder, and
// the marker file in dir (out, or the stage about to become out), which
// every build and merge writes anew, so that its inode and time tell one
// build's site from another's.
func manifestSite(out, dir string) (string, error) {
	id, err := atomicfile.Identity(filepath.Join(dir, markerFile))
	if err != nil {
		return "", err
	}
	return out + "\n" + id, nil
}

// Build checks the content and, when it has no errors, renders the site
// into a new folder next to OutDir and then swaps it in, so OutDir holds
// either the old site or the new one, never a mixture.
func Build(ctx context.Context, opts BuildOptions) (*BuildResult, error) {
	start := time.Now()
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	out, err := filepath.Abs(opts.OutDir)
	if err != nil {
		return nil, fmt.Errorf("output folder %s: %w", opts.OutDir, err)
	}
	if err := safeToReplace(out, opts.ContentDir); err != nil {
		return nil, err
	}
	overrides, err := ThemeOverrides(opts.ContentDir, opts.ThemeDir)
	if err != nil {
		return nil, err
	}

	checked, err := Check(ctx, CheckOptions{ContentDir: opts.ContentDir, Check: opts.Check, Cache: opts.CheckCache})
	if err != nil {
		return nil, err
	}
	checked.Messages = append(checked.Messages, outdatedOverrides(opts.ContentDir, overrides)...)
	res := &BuildResult{Check: checked}
	if checked.Messages.HasErrors() {
		return res, ErrContentErrors
	}
	d := checked.Directory
	rep := report.New(d, checked.Messages)
	res.Report = rep
	rep.AddStage("check", checked.Duration)

	stageStart := time.Now()
	project, err := pages.Build(ctx, d, pages.Options{BaseURL: opts.BaseURL, Now: opts.Now, PageSize: opts.ListPageSize, Part: opts.Part})
	if err != nil {
		return res, err
	}
	rep.AddStage("pages", time.Since(stageStart))

	stage, err := makeStage(out)
	if err != nil {
		return res, err
	}
	// Removing the stage is harmless after the swap: it then holds the old
	// site. A cancelled build leaves it, marked, for the next build's sweep:
	// deleting thousands of files would keep Ctrl+C waiting.
	defer func() {
		if ctx.Err() == nil {
			scratch.Remove(stage)
		}
	}()

	// Hugo and the outputs are independent views of the same checked
	// model, written to separate places in the new folder: they run side
	// by side, or, for a large directory, Hugo first and then the outputs
	// side by side (see RenderFirstAbove).
	//
	// Both link what has not changed from the site being replaced (out,
	// left as it is until the swap): most of a rebuild's files. A first
	// build has nothing to link from.
	previous := out
	if _, err := os.Stat(out); err != nil {
		previous = ""
	}
	manifestCache := opts.ManifestCache
	if len(d.Listings) > ManifestUpTo {
		manifestCache = ""
	}
	manifest, manifestFile := loadManifest(manifestCache, out, previous)
	outputs := Outputs(OutputOptions{BaseURL: opts.BaseURL, Now: opts.Now, Paper: opts.Paper, SheetCache: opts.SheetCache,
		SearchCache: opts.SearchCache, Part: opts.Part, Previous: previous, Staged: true, Manifest: manifest})
	times := make([]time.Duration, 1+len(outputs))
	timed := func(i int, work func() error) func() error {
		return func() error {
			began := time.Now()
			err := work()
			times[i] = time.Since(began)
			return err
		}
	}
	renderSite := func(ctx context.Context) func() error {
		return timed(0, func() error {
			if err := render.Render(ctx, render.Options{Files: project.Files, Config: project.Config.Map(), Theme: theme.FS(),
				ThemeOverrides: overrides, OutDir: stage, Previous: previous, Staged: true, Manifest: manifest, Log: opts.Log}); err != nil {
				return fmt.Errorf("rendering the site: %w", err)
			}
			return nil
		})
	}
	renderFirst := opts.RenderFirst || len(d.Listings) > RenderFirstAbove
	if renderFirst {
		if err := renderSite(ctx)(); err != nil {
			return res, err
		}
		rep.RenderedFirst = true
	}
	g, gctx := errgroup.WithContext(ctx)
	if !renderFirst {
		g.Go(renderSite(gctx))
	}
	for i, o := range outputs {
		g.Go(timed(i+1, func() error {
			if err := o.Write(gctx, d, stage, rep); err != nil {
				return fmt.Errorf("writing %s: %w", o.What(), err)
			}
			return nil
		}))
	}
	if err := g.Wait(); err != nil {
		return res, err
	}
	rep.AddStage("render", times[0])
	for i, o := range outputs {
		rep.AddStage(o.Stage(), times[i+1])
	}

	if manifest != nil {
		rep.KnownUnchanged = manifest.Known()
	}
	// Stages ran side by side, so the total is the time on the clock.
	rep.TotalMS = time.Since(start).Milliseconds()
	rep.Counts.Pages, err = countPages(stage)
	if err != nil {
		return res, err
	}
	if err := writeReport(rep, filepath.Join(stage, "report.json")); err != nil {
		return res, err
	}
	if err := os.WriteFile(filepath.Join(stage, markerFile), []byte(markerText), 0o644); err != nil {
		return res, err
	}
	if !opts.Part.Whole() {
		if err := writePartManifest(stage, opts); err != nil {
			return res, err
		}
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if err := scratch.Unmark(stage); err != nil {
		return res, err
	}
	// Named before the swap, which keeps the marker's identity: after it,
	// another build could already have put its own site at out.
	site, siteErr := manifestSite(out, stage)
	if err := swap(stage, out); err != nil {
		return res, fmt.Errorf("publishing to %s: %w", out, err)
	}
	// The stage now holds the old site. Deleting it is part of the build
	// (at 10,000 listings, about 96,000 files): it is timed, and counted in
	// the total. Should it fail, the marked folder is left for the next
	// build's sweep; the new site is already published.
	cleanStart := time.Now()
	if scratch.Mark(stage) == nil {
		scratch.Remove(stage)
	}
	rep.AddStage("cleanup", time.Since(cleanStart))
	if manifest != nil && siteErr == nil {
		// Losing it only costs the next build time.
		_ = manifest.Save(manifestFile, site)
		cachedir.Prune(manifestCache, manifestSuffix, keptManifests)
	}
	rep.TotalMS = time.Since(start).Milliseconds()
	// The site is published: should this rewrite fail, report.json keeps
	// the figures written before the swap, and the build has succeeded.
	writeReport(rep, filepath.Join(out, "report.json"))
	return res, nil
}

// makeStage makes the folder a build or a merge writes the new site into,
// next to out, once it has removed those that builds killed before they
// finished left there. The folder out goes in is made if it is not there
// yet (--out site/public in a fresh clone).
func makeStage(out string) (string, error) {
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("making the folder for %s: %w", out, err)
	}
	prefix := "." + filepath.Base(out) + ".new-"
	scratch.Sweep(parent, prefix)
	stage, err := scratch.Make(parent, prefix)
	if err != nil {
		return "", fmt.Errorf("creating a folder next to %s: %w", out, err)
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		scratch.Remove(stage)
		return "", err
	}
	return stage, nil
}

// writeReport writes the build report as JSON, replacing any older one whole.
func writeReport(rep *report.Report, name string) error {
	var js bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		return err
	}
	if err := atomicfile.Write(name, js.Bytes()); err != nil {
		return fmt.Errorf("writing report.json: %w", err)
	}
	return nil
}

// within reports whether dir is parent or lies inside it (both absolute).
func within(dir, parent string) bool {
	return dir == parent || strings.HasPrefix(dir+string(filepath.Separator), parent+string(filepath.Separator))
}

// safeToReplace refuses output folders whose loss would hurt: anything
// holding the content, and any non-empty folder signpost did not build.
func safeToReplace(out, contentDir string) error {
	content, err := filepath.Abs(contentDir)
	if err != nil {
		return err
	}
	if within(content, out) {
		return fmt.Errorf("refusing to build into %s: it holds the content folder", out)
	}
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("output folder %s: %w", out, err)
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, markerFile)); err != nil {
		return fmt.Errorf("refusing to replace %s: it is not empty and was not made by signpost build (choose another --out, or empty it)", out)
	}
	return nil
}

// ThemeOverrides lists the theme folders on disk that win over the
// built-in theme, most important first: themeDir (the --theme flag), then
// content/_theme, then a theme/ folder in the working directory (as in a
// copy of the signpost repository, so edits to the theme show without
// recompiling).
func ThemeOverrides(contentDir, themeDir string) ([]string, error) {
	var dirs []string
	if themeDir != "" {
		info, err := os.Stat(themeDir)
		if err != nil || !info.IsDir() {
			return nil, fmt.Errorf("theme folder %s: not found", themeDir)
		}
		dirs = append(dirs, themeDir)
	}
	for _, candidate := range []string{filepath.Join(contentDir, "_theme"), "theme"} {
		if realDir(candidate) && realDir(filepath.Join(candidate, "layouts")) {
			dirs = append(dirs, candidate)
		}
	}
	return dirs, nil
}

// realDir reports whether path is a folder and not a link to one: a link
// in the content folder could bring in files from anywhere.
func realDir(path string) bool {
	info, err := os.Lstat(path)
	return err == nil && info.IsDir()
}

func countPages(dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(d.Name(), ".html") {
			n++
		}
		return err
	})
	return n, err
}
