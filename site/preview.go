package site

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/feeds"
	"github.com/signpost-directory/signpost/site/pages"
	"github.com/signpost-directory/signpost/site/render"
	"github.com/signpost-directory/signpost/site/scratch"
	"github.com/signpost-directory/signpost/site/sheets"
	"github.com/signpost-directory/signpost/theme"
)

// PreviewOptions configure a Preview.
type PreviewOptions struct {
	ContentDir string
	// ThemeDir is a theme folder whose files replace the built-in theme's.
	ThemeDir string
	// URL is where the preview is served; pages link to it.
	URL string
	// Log receives the outputs' failures and files the preview ignores.
	Log io.Writer
	// HugoLog receives Hugo's own messages; nil leaves them out. They are
	// for theme work: what breaks a page reaches Rebuilt.Messages anyway.
	HugoLog io.Writer
	// Check passes options to the checker.
	Check check.Options
	// SheetCache keeps rendered sheets between rebuilds; "" renders all.
	SheetCache string
	// Outputs, when set, replace the built-in ones (see Outputs).
	Outputs []Output
	// Open, when set, replaces Hugo: tests use a fast fake renderer to
	// exercise the preview's concurrency.
	Open OpenRenderer
}

// OpenRenderer starts a renderer in watch mode.
type OpenRenderer func(render.Options) (Renderer, error)

// Renderer is what the preview needs from Hugo (render.Session).
type Renderer interface {
	Build(ctx context.Context, changes []render.Change) error
	ThemeChange(dir, rel string, data []byte, removed bool) (render.Change, bool)
	Close() error
}

// Rebuilt is the outcome of one Rebuild.
type Rebuilt struct {
	// Messages are the check's findings, or what stopped the rebuild. With
	// errors, the last good version is still what is served.
	Messages diag.List
	// Reload says what open pages should do: "reload", "css" (only
	// stylesheets changed) or "" (nothing changed).
	Reload string
}

// Preview is the site built in a temporary folder and rebuilt after each
// change: the same stages as Build (check, pages, Hugo, the outputs), in
// the live preview's mode. Hugo re-renders only the pages whose files
// changed, and the outputs run in the background once edits pause, so a
// save shows in the browser as soon as its pages are written.
type Preview struct {
	opts     PreviewOptions
	overlays []string
	checker  *check.Checker
	// memo keeps each listing's page between rebuilds.
	memo    *pages.Memo
	outputs []Output
	// stopOutputs cancels outputs that are waiting or running, because
	// another edit came in; guarded by mu.
	stopOutputs context.CancelFunc
	// writing serialises the outputs' runs, which go on after a rebuild
	// without holding up the pages.
	writing sync.Mutex

	mu       sync.Mutex // guards the fields below and serialises rebuilds
	renderer Renderer
	dir      string
	// fallback is the folder served before the last fresh build, kept
	// until the outputs are written into the new one: until then it
	// serves them, so that they are never missing.
	fallback string
	files    map[string][]byte
	config   pages.Config
}

// previewPrefix starts the names of the preview's folders in the
// temporary folder.
const previewPrefix = "signpost-serve-"

// previewListLimit caps list pages in the preview (see pages.Options).
const previewListLimit = 300

// OutputDelay is how long edits must pause before the outputs are
// written: a burst of edits rebuilds only the pages.
const OutputDelay = 500 * time.Millisecond

// NewPreview prepares a preview; nothing is built until Rebuild.
func NewPreview(opts PreviewOptions) (*Preview, error) {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Open == nil {
		opts.Open = func(o render.Options) (Renderer, error) { return render.Open(o, true) }
	}
	overlays, err := ThemeOverrides(opts.ContentDir, opts.ThemeDir)
	if err != nil {
		return nil, err
	}
	checker, err := check.New()
	if err != nil {
		return nil, err
	}
	p := &Preview{opts: opts, overlays: overlays, checker: checker, memo: pages.NewMemo(), outputs: opts.Outputs}
	if p.outputs == nil {
		fonts, err := sheets.NewFonts()
		if err != nil {
			return nil, err
		}
		p.outputs = Outputs(OutputOptions{BaseURL: opts.URL, SheetCache: opts.SheetCache, Preview: true,
			Fonts: fonts, FeedRecord: feeds.NewRecord()})
	}
	// Folders of previews that were killed rather than stopped.
	scratch.Sweep("", previewPrefix)
	return p, nil
}

// Watched are the folders whose changes the preview needs to see: the
// content folder and the theme overrides.
func (p *Preview) Watched() []string {
	return append([]string{p.opts.ContentDir}, p.overlays...)
}

// View calls fn with the folder that holds the site ("" before the first
// good build) and the one that still holds the outputs of the version
// before ("" when there is none), while no rebuild writes into them.
func (p *Preview) View(fn func(dir, fallback string)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fn(p.dir, p.fallback)
}

// Close waits for outputs still being written and removes the preview's
// folders. Deleting a large site takes seconds, and Ctrl+C should not wait
// for that: what is left after a second stays, marked, and the next
// preview removes it.
func (p *Preview) Close() {
	// Stop the outputs, then wait for the one running, taking the locks in
	// the order fresh does: mu, then writing.
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopOutputs != nil {
		p.stopOutputs()
	}
	p.writing.Lock()
	defer p.writing.Unlock()
	if p.renderer != nil {
		p.renderer.Close()
		p.renderer = nil
	}
	removed := make(chan struct{})
	go func(dirs ...string) {
		for _, dir := range dirs {
			if dir != "" {
				scratch.Remove(dir)
			}
		}
		close(removed)
	}(p.dir, p.fallback)
	select {
	case <-removed:
	case <-time.After(time.Second):
	}
}

// Rebuild re-checks the content and renders what changed. changed lists
// the paths on disk that changed (nil for the first build).
//
// Hugo's own watch-mode rebuild is used at every size: measured after a
// title edit, it took 20-27 ms for the sample directory against 135-200 ms
// for a fresh in-process build, and 126-166 ms against 1.1-1.2 s at 1,000
// listings. A fresh session is opened only when Hugo's configuration
// changes (directory.yaml) or a build got stuck.
func (p *Preview) Rebuild(ctx context.Context, changed []string) Rebuilt {
	p.mu.Lock()
	defer p.mu.Unlock()
	// Outputs for the previous version are no longer wanted, and would
	// slow this rebuild down.
	if p.stopOutputs != nil {
		p.stopOutputs()
	}
	res, err := Check(ctx, CheckOptions{ContentDir: p.opts.ContentDir, Check: p.opts.Check, Checker: p.checker})
	if err != nil {
		return Rebuilt{Messages: diag.List{{Severity: diag.Error, Code: diag.Unreadable, Text: err.Error(),
			Hint: "The preview keeps showing the last good version until the folder is back."}}}
	}
	res.Messages = append(res.Messages, outdatedOverrides(p.opts.ContentDir, p.overlays)...)
	if res.Messages.HasErrors() {
		return Rebuilt{Messages: res.Messages}
	}
	project, err := pages.Build(ctx, res.Directory, pages.Options{BaseURL: p.opts.URL, Now: time.Now(),
		ListLimit: previewListLimit, Preview: true, Memo: p.memo})
	if err != nil {
		return Rebuilt{Messages: diag.List{{Severity: diag.Error, Code: diag.Render, Text: err.Error()}}}
	}
	themeChanges := p.themeChanges(changed)
	reload := "reload"
	if p.renderer == nil || !project.Config.Equal(p.config) {
		err = p.fresh(ctx, project)
	} else {
		changes := diffFiles(p.files, project.Files)
		changes = append(changes, themeChanges...)
		if len(changes) == 0 {
			// No page changed, but the outputs may have: places.yaml and
			// postcodes.csv are on no page, and the outputs of this very
			// version were stopped above when the editor's save came as
			// two events.
			p.startOutputs(ctx, res.Directory)
			return Rebuilt{Messages: res.Messages}
		}
		if onlyCSS(changes) {
			reload = "css"
		}
		err = p.renderer.Build(ctx, changes)
		p.removeStalePages(changes)
	}
	if errors.Is(err, render.ErrStuck) {
		// Hugo may still be busy with the abandoned build: leave that
		// session behind (Close only removes its cache folder) and start
		// afresh after the next save.
		if p.renderer != nil {
			p.renderer.Close()
		}
		p.renderer, p.config = nil, pages.Config{}
	}
	if err != nil {
		return Rebuilt{Messages: diag.List{renderMessage(err)}}
	}
	p.files, p.config = project.Files, project.Config
	p.startOutputs(ctx, res.Directory)
	return Rebuilt{Messages: res.Messages, Reload: reload}
}

// startOutputs writes the outputs of d in the background, once edits
// pause; the next Rebuild or Close stops them. Called with mu held.
func (p *Preview) startOutputs(ctx context.Context, d *content.Directory) {
	outputsCtx, cancel := context.WithCancel(ctx)
	p.stopOutputs = cancel
	go p.writeOutputs(outputsCtx, d, p.dir)
}

// renderMessage explains a failed render with what Hugo logged.
func renderMessage(err error) diag.Message {
	msg := diag.Message{Severity: diag.Error, Code: diag.Render, Text: err.Error(),
		Hint: "The theme could not be rendered. The preview keeps the last good version."}
	var rerr *render.Error
	if errors.As(err, &rerr) {
		msg.Text = rerr.Err.Error()
		if len(rerr.Logged) > 0 {
			msg.Hint = strings.Join(rerr.Logged, "\n")
		}
	}
	return msg
}

// writeOutputs writes the outputs next to the pages once edits pause.
// Unchanged sheets come from the cache; a failure is reported in the log
// and does not take the preview down.
func (p *Preview) writeOutputs(ctx context.Context, d *content.Directory, dir string) {
	select {
	case <-ctx.Done():
		return
	case <-time.After(OutputDelay):
	}
	if p.runOutputs(ctx, d, dir) {
		p.dropFallback(dir)
	}
}

// runOutputs runs the outputs, one run at a time; it reports whether they
// were all written, so that the folder before can stop serving them.
func (p *Preview) runOutputs(ctx context.Context, d *content.Directory, dir string) bool {
	p.writing.Lock()
	defer p.writing.Unlock()
	written := true
	for _, o := range p.outputs {
		if ctx.Err() != nil {
			return false
		}
		if err := o.Write(ctx, d, dir, nil); err != nil {
			written = false
			if ctx.Err() == nil {
				fmt.Fprintf(p.opts.Log, "Could not write %s: %v\n", o.What(), err)
			}
		}
	}
	return written && ctx.Err() == nil
}

// dropFallback removes the folder served before dir, once dir has
// everything.
func (p *Preview) dropFallback(dir string) {
	p.mu.Lock()
	old := ""
	if p.dir == dir {
		old, p.fallback = p.fallback, ""
	}
	p.mu.Unlock()
	if old != "" {
		p.writing.Lock() // outputs of an older version may still be there
		scratch.Remove(old)
		p.writing.Unlock()
	}
}

// fresh opens a new Hugo session and renders everything into a new folder,
// as on start and after directory.yaml changes the site's configuration.
// The previous session and folder stay in use until this succeeds.
func (p *Preview) fresh(ctx context.Context, project *pages.Project) error {
	dir, err := scratch.Make("", previewPrefix)
	if err != nil {
		return fmt.Errorf("creating a folder for the preview: %w", err)
	}
	renderer, err := p.opts.Open(render.Options{Files: project.Files, Config: project.Config.Map(), Theme: theme.FS(),
		ThemeOverrides: p.overlays, OutDir: dir, Log: p.opts.HugoLog})
	if err == nil {
		err = renderer.Build(ctx, nil)
		if err != nil {
			renderer.Close()
		}
	}
	if err != nil {
		scratch.Remove(dir)
		return err
	}
	if p.renderer != nil {
		p.renderer.Close()
	}
	old := p.dir
	p.renderer, p.dir = renderer, dir
	switch {
	case old == "":
	case p.fallback == "":
		// The new folder has only the pages so far: the old one serves
		// the outputs until they are written.
		p.fallback = old
	default:
		// The old folder never got them: the one before still serves them.
		p.writing.Lock() // outputs may still be writing there
		scratch.Remove(old)
		p.writing.Unlock()
	}
	return nil
}

// themeChanges turns changed files in theme folders into Hugo changes.
func (p *Preview) themeChanges(changed []string) []render.Change {
	var out []render.Change
	for _, file := range changed {
		for _, dir := range p.overlays {
			rel, err := filepath.Rel(dir, file)
			if err != nil || strings.HasPrefix(rel, "..") {
				continue
			}
			data, err := readRegular(file)
			if errors.Is(err, errNotRegular) {
				fmt.Fprintf(p.opts.Log, "%s is a link or a special file, not a plain file: it is not used.\n", file)
			}
			if p.renderer == nil {
				continue
			}
			if c, ok := p.renderer.ThemeChange(dir, rel, data, err != nil); ok {
				out = append(out, c)
			}
		}
	}
	return out
}

// errNotRegular is the error for theme files that are links or special
// files: a link could bring in a file from anywhere, and a FIFO would block.
var errNotRegular = errors.New("not a regular file")

// readRegular reads a file that is a plain file, without following a link.
func readRegular(name string) ([]byte, error) {
	info, err := os.Lstat(name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, errNotRegular
	}
	return os.ReadFile(name)
}

// removeStalePages deletes the output of pages whose source went away:
// Hugo never deletes anything it wrote.
func (p *Preview) removeStalePages(changes []render.Change) {
	for _, c := range changes {
		if !c.Removed || !strings.HasPrefix(c.Path, "content/") {
			continue
		}
		rel := strings.TrimSuffix(strings.TrimPrefix(c.Path, "content/"), ".md")
		rel = strings.TrimSuffix(rel, "/_index")
		if rel == "" || rel == "_index" {
			continue
		}
		os.RemoveAll(filepath.Join(p.dir, filepath.FromSlash(rel)))
	}
}

// diffFiles lists what changed between two versions of the project.
func diffFiles(old, new map[string][]byte) []render.Change {
	var out []render.Change
	for name, data := range new {
		if prev, ok := old[name]; !ok || string(prev) != string(data) {
			out = append(out, render.Change{Path: name, Data: data})
		}
	}
	for name := range old {
		if _, ok := new[name]; !ok {
			out = append(out, render.Change{Path: name, Removed: true})
		}
	}
	slices.SortFunc(out, func(a, b render.Change) int { return strings.Compare(a.Path, b.Path) })
	return out
}

func onlyCSS(changes []render.Change) bool {
	for _, c := range changes {
		if path.Ext(c.Path) != ".css" {
			return false
		}
	}
	return len(changes) > 0
}
