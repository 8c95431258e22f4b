// Package render runs Hugo (github.com/gohugoio/hugo, pinned in go.mod) in
// process to turn a generated Hugo project and a theme into HTML. It is the
// only package that imports Hugo: the rest of the pipeline hands it files
// and gets a folder of HTML back.
//
// The wiring follows Hugo's own commands/commandeer.go: allconfig.LoadConfig,
// hugofs.NewFromSourceAndDestination, hugolib.NewHugoSites, Build, Close.
// Everything Hugo reads lives in an in-memory file system; only the output
// folder is on disk, so no lock or cache files are left in the repository.
package render

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bep/logg"
	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/gohugoio/hugo/identity"
	"github.com/gohugoio/hugo/resources/page"
	"github.com/spf13/afero"

	"github.com/signpost-directory/signpost/site/atomicfile"
	"github.com/signpost-directory/signpost/site/scratch"
)

// workingDir is the project's folder inside the in-memory file system.
const workingDir = "/site"

const themeName = "signpost"

// Options describe one render.
type Options struct {
	// Files is the Hugo project (content/…), by slash path. Render (not
	// Open) empties the map as it hands each file to Hugo, which keeps its
	// own copy: at 100,000 listings the page files are 0.6 GB, and holding
	// them twice through the render is memory the build needs.
	Files map[string][]byte
	// Config is Hugo configuration (the keys of hugo.toml).
	Config map[string]any
	// Theme is the built-in theme.
	Theme fs.FS
	// ThemeOverrides are folders on disk laid over the theme, first one
	// winning: any file in them replaces the theme's file of the same path.
	ThemeOverrides []string
	// OutDir is the folder to write the site into. It should be empty:
	// Hugo never deletes anything there.
	OutDir string
	// Previous, when set, is the site OutDir replaces once complete (a
	// build's): a page Hugo writes with the bytes Previous already has at
	// the same place is linked from it (see atomicfile.Folder).
	Previous string
	// Staged says the folder written is a build's stage: new, and read by
	// nobody until the build publishes it, so files go straight to their
	// names (see atomicfile.Folder.New). Previous implies it.
	Staged bool
	// Manifest, when set, lists the files of Previous and receives those
	// written now (see atomicfile.Manifest).
	Manifest *atomicfile.Manifest
	// Log receives Hugo's warnings and errors, one per line.
	Log io.Writer
	// Stall is how long Hugo may go without reading a source file or
	// writing an output file before its build is judged stuck (see
	// ErrStuck); zero means DefaultStall.
	Stall time.Duration
}

// DefaultStall is long enough for any step of a healthy build on a loaded
// machine to show progress: Hugo writes pages all through rendering, and a
// list page holds a few hundred cards at most.
const DefaultStall = 3 * time.Minute

// Error is a failed render, with the errors Hugo logged along the way.
type Error struct {
	Err    error
	Logged []string
}

func (e *Error) Error() string {
	if len(e.Logged) == 0 {
		return e.Err.Error()
	}
	return e.Err.Error() + ":\n  " + strings.Join(e.Logged, "\n  ")
}

func (e *Error) Unwrap() error { return e.Err }

// Render builds the site into opts.OutDir once. It empties opts.Files (see
// Options.Files).
func Render(ctx context.Context, opts Options) error {
	s, err := open(opts, false, true)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.Build(ctx, nil)
}

// Session is a loaded Hugo project. A session opened for watching can be
// rebuilt after changes, re-rendering only what they affect.
type Session struct {
	src      afero.Fs
	dst      *stoppableFs
	h        *hugolib.HugoSites
	logs     *logCapture
	cacheDir string
	// changes receives identities Hugo wants rebuilt in watch mode; it must
	// be drained, and Hugo never closes it outside its own tests.
	changes chan []identity.Identity
	// overrides maps each theme override folder on disk to its theme name.
	overrides map[string]string
	// progress counts Hugo's file operations, the watchdog's sign of life.
	progress *progress
	// stall is how long a build may show no progress; see ErrStuck.
	stall time.Duration
	// stuck is set when a build was abandoned: Hugo may still be running
	// it, so the session can neither build again nor be closed safely.
	stuck bool
}

// ErrStuck means Hugo stopped making progress (no file read or written for
// Options.Stall) and its build was abandoned. Hugo v0.165.0 can block for
// ever when a build has ten or more render errors (hugolib/site_render.go
// stops its page workers while the page walker waits to hand them work),
// which a broken template on a large site triggers. A slow build is not
// stuck: it keeps writing pages, however long it takes. Open a new Session
// after this error.
var ErrStuck = errors.New("hugo stopped making progress (no page written for a long while) and was abandoned; this happens when the theme has errors on many pages")

// cachePrefix starts the name of Hugo's cache folder in the temporary folder.
const cachePrefix = "signpost-hugo-cache-"

// Open prepares a session; watch enables Rebuild.
func Open(opts Options, watch bool) (*Session, error) {
	return open(opts, watch, false)
}

// open prepares a session; consume empties opts.Files (see Options.Files).
func open(opts Options, watch, consume bool) (*Session, error) {
	outDir, err := filepath.Abs(opts.OutDir)
	if err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	p := &progress{}
	s := &Session{src: &countingFs{Fs: afero.NewMemMapFs(), progress: p}, dst: &stoppableFs{Fs: afero.NewOsFs(), progress: p, reuse: atomicfile.Folder{Root: outDir, Old: opts.Previous, New: opts.Staged, Manifest: opts.Manifest}},
		progress: p, overrides: map[string]string{}, stall: cmp.Or(opts.Stall, DefaultStall)}
	ok := false
	defer func() {
		if !ok {
			s.Close()
		}
	}()
	// A run killed before it closed its session left its cache folder.
	scratch.Sweep("", cachePrefix)
	if s.cacheDir, err = scratch.Make("", cachePrefix); err != nil {
		return nil, fmt.Errorf("creating Hugo's cache folder: %w", err)
	}
	// Hugo only watches the folders that exist when it starts.
	for _, d := range hugoFolders() {
		if err := s.src.MkdirAll(path.Join(workingDir, d), 0o755); err != nil {
			return nil, err
		}
	}
	for name, data := range opts.Files {
		if err := afero.WriteFile(s.src, path.Join(workingDir, name), data, 0o644); err != nil {
			return nil, fmt.Errorf("preparing %s: %w", name, err)
		}
		if consume {
			delete(opts.Files, name)
		}
	}
	var themes []string
	for i, dir := range opts.ThemeOverrides {
		name := fmt.Sprintf("override-%d", i)
		if err := copyFS(s.src, path.Join(workingDir, "themes", name), os.DirFS(dir)); err != nil {
			return nil, fmt.Errorf("reading theme folder %s: %w", dir, err)
		}
		s.overrides[dir] = name
		themes = append(themes, name)
	}
	if err := copyFS(s.src, path.Join(workingDir, "themes", themeName), opts.Theme); err != nil {
		return nil, fmt.Errorf("preparing the built-in theme: %w", err)
	}
	themes = append(themes, themeName)

	// Flags are Hugo's highest-priority configuration, as on its command line.
	flags := config.New()
	for k, v := range opts.Config {
		flags.Set(k, v)
	}
	flags.Set("workingDir", workingDir)
	flags.Set("publishDir", outDir)
	flags.Set("cacheDir", s.cacheDir)
	flags.Set("theme", themes)
	// Otherwise Hugo takes a lock file on the real disk in workingDir.
	flags.Set("noBuildLock", true)
	if watch {
		// As Hugo's own server sets it; "internal" cannot come from config files.
		flags.Set("internal", map[string]any{"running": true, "watch": true})
	}

	s.logs = &logCapture{w: opts.Log}
	logger := loggers.New(loggers.Options{
		Level: logg.LevelWarn, DistinctLevel: logg.LevelWarn, StdOut: s.logs, StdErr: s.logs,
	})
	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs: s.src, Flags: flags, Logger: logger, Environment: "production",
		// Never empty: an empty Environ makes Hugo read os.Environ(), and
		// HUGO_* variables would then override our configuration.
		Environ:      []string{"SIGNPOST=1"},
		SkipNpmCheck: true,
	})
	if err != nil {
		return nil, &Error{Err: fmt.Errorf("hugo configuration: %w", err), Logged: s.logs.errors()}
	}
	flags.Set("publishDir", configs.Base.PublishDir)
	flags.Set("publishDirStatic", configs.Base.PublishDir)
	flags.Set("publishDirDynamic", configs.Base.PublishDir)

	cfg := deps.DepsCfg{
		Configs:  configs,
		Fs:       hugofs.NewFromSourceAndDestination(s.src, s.dst, flags),
		StdOut:   s.logs,
		StdErr:   s.logs,
		LogLevel: logg.LevelWarn,
	}
	if watch {
		s.changes = make(chan []identity.Identity, 10)
		cfg.ChangesFromBuild = s.changes
		go func(c chan []identity.Identity) {
			for range c {
			}
		}(s.changes)
	}
	if s.h, err = hugolib.NewHugoSites(cfg); err != nil {
		return nil, &Error{Err: fmt.Errorf("hugo: %w", err), Logged: s.logs.errors()}
	}
	ok = true
	return s, nil
}

// Change is one file of the Hugo project that changed: written when Data
// is set, removed when Removed is.
type Change struct {
	Path    string // relative to the project, e.g. content/listings/walk.md
	Data    []byte
	Removed bool
}

// ThemeChange returns the Change for a file in a theme override folder on
// disk, so an edited theme file reaches Hugo; ok is false when dir is not
// one of the session's override folders.
func (s *Session) ThemeChange(dir, rel string, data []byte, removed bool) (Change, bool) {
	name, ok := s.overrides[dir]
	if !ok {
		return Change{}, false
	}
	return Change{Path: path.Join("themes", name, filepath.ToSlash(rel)), Data: data, Removed: removed}, true
}

// Build renders the site; with changes, only what they affect (the session
// must have been opened for watching).
func (s *Session) Build(ctx context.Context, changes []Change) error {
	var events []fsnotify.Event
	for _, c := range changes {
		name := path.Join(workingDir, c.Path)
		if c.Removed {
			if err := s.src.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("removing %s: %w", c.Path, err)
			}
			if hugoFolder(c.Path) {
				events = append(events, fsnotify.Event{Name: name, Op: fsnotify.Remove})
			}
			continue
		}
		op := fsnotify.Write
		if _, err := s.src.Stat(name); err != nil {
			op = fsnotify.Create
		}
		if err := s.src.MkdirAll(path.Dir(name), 0o755); err != nil {
			return err
		}
		if err := afero.WriteFile(s.src, name, c.Data, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", c.Path, err)
		}
		if hugoFolder(c.Path) {
			events = append(events, fsnotify.Event{Name: name, Op: op})
		}
	}
	if s.stuck {
		return ErrStuck
	}
	// Hugo builds everything when it is given no events: changes to data
	// files alone (which pages that read them announce with changes of
	// their own) leave nothing to do.
	if len(changes) > 0 && len(events) == 0 {
		return nil
	}
	// Hugo's Build takes no context: cancellation is honoured before it
	// starts, and during it by abandoning the build (as when it is stuck),
	// so Ctrl+C stops a large render at once.
	if err := ctx.Err(); err != nil {
		return err
	}
	s.logs.reset()
	s.h.Log.Reset()
	// The global logger counts towards Hugo's "logged N error(s)" too.
	loggers.Log().Reset()
	done := make(chan error, 1)
	go func() { done <- s.h.Build(hugolib.BuildCfg{NoBuildLock: true}, events...) }()
	err, abandoned := awaitProgress(ctx, done, s.progress.count, s.stall)
	if abandoned {
		s.stuck = true
		s.dst.stop()
		if errors.Is(err, ErrStuck) {
			return &Error{Err: ErrStuck, Logged: s.logs.errors()}
		}
		return err
	}
	s.logs.flush()
	if err == nil {
		// A page is put on the disk when Hugo closes it, and Hugo does not
		// always look at what Close returns.
		err = s.dst.failure()
	}
	if err != nil {
		return &Error{Err: fmt.Errorf("hugo: %w", err), Logged: s.logs.errors()}
	}
	if errs := s.logs.errors(); len(errs) > 0 {
		return &Error{Err: errors.New("hugo reported problems with the theme"), Logged: errs}
	}
	return nil
}

// hugoFolder reports whether a project file lies in one of the folders
// Hugo reads by itself. Files elsewhere are data a template reads when it
// asks (os.ReadFile): Hugo is not told when they change (it tracks no
// dependency on them), so a page that reads such a file must change
// with it (see pages.Listing.DetailVersion).
func hugoFolder(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return slices.Contains(hugoFolders(), first)
}

// hugoFolders are the folders of a project Hugo reads by itself.
func hugoFolders() []string {
	return []string{"content", "data", "layouts", "assets", "static", "i18n", "archetypes", "themes"}
}

// Close releases Hugo and removes its cache folder.
func (s *Session) Close() error {
	var err error
	// A stuck build may hold Hugo's locks; closing would block as well.
	if s.h != nil && !s.stuck {
		err = s.h.Close()
		s.h = nil
		// Hugo keeps the last build's sorted page lists in a package-level
		// cache (resources/page's spc), cleared only when a build starts:
		// every page it holds keeps the whole site reachable, 6 GB after a
		// 100,000-listing render. Hugo clears it itself at every build, so
		// clearing it here cannot harm a session still open elsewhere.
		err = errors.Join(err, page.Clear())
	}
	// An abandoned build may still send on changes: closing it would make
	// that send panic, so the channel (and its drain) stay.
	if s.changes != nil && !s.stuck {
		close(s.changes)
		s.changes = nil
	}
	if s.cacheDir != "" {
		scratch.Remove(s.cacheDir)
		s.cacheDir = ""
	}
	return err
}

// copyFS copies every file of src into dst under dir. Only folders and
// regular files are copied: a theme override folder lives in the content
// folder, which comes from pull requests, and a symbolic link there (git
// stores them) must not publish a file from elsewhere, nor a FIFO block
// the build.
func copyFS(dst afero.Fs, dir string, src fs.FS) error {
	return fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := path.Join(dir, p)
		if d.IsDir() {
			return dst.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file (a link or a special file): theme files must be plain files", p)
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		return afero.WriteFile(dst, target, b, 0o644)
	})
}

// logCapture forwards Hugo's log lines and keeps the ones that mean the
// site is broken. It removes the colour codes and terminal progress
// sequences Hugo writes when the process runs in a terminal.
type logCapture struct {
	mu   sync.Mutex
	w    io.Writer
	buf  bytes.Buffer
	errs []string
}

func (c *logCapture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.buf.Write(p)
	for {
		i := bytes.IndexByte(c.buf.Bytes(), '\n')
		if i < 0 {
			break
		}
		c.line(stripANSI(strings.TrimRight(string(c.buf.Next(i+1)), "\n")))
	}
	return len(p), nil
}

func (c *logCapture) line(l string) {
	if strings.TrimSpace(l) == "" {
		return
	}
	switch {
	case strings.HasPrefix(l, "ERROR "):
		c.errs = append(c.errs, strings.TrimSpace(strings.TrimPrefix(l, "ERROR ")))
	// A missing layout renders an empty page without failing the build.
	case strings.HasPrefix(l, "WARN ") && strings.Contains(l, "found no layout file"):
		c.errs = append(c.errs, strings.TrimSpace(strings.TrimPrefix(l, "WARN ")))
	}
	fmt.Fprintln(c.w, "hugo: "+l)
}

func (c *logCapture) flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.line(stripANSI(c.buf.String()))
	c.buf.Reset()
}

func (c *logCapture) reset() {
	c.mu.Lock()
	c.errs = nil
	c.mu.Unlock()
}

func (c *logCapture) errors() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.errs...)
}

// stripANSI removes CSI colour sequences and OSC sequences such as Hugo's
// terminal progress report ("\x1b]9;4;…\x07").
func stripANSI(s string) string {
	if !strings.Contains(s, "\x1b") {
		return s
	}
	var b strings.Builder
	r := bufio.NewReader(strings.NewReader(s))
	for {
		c, err := r.ReadByte()
		if err != nil {
			break
		}
		if c != 0x1b {
			b.WriteByte(c)
			continue
		}
		switch n, _ := r.ReadByte(); n {
		case '[':
			for {
				c, err := r.ReadByte()
				if err != nil || (c >= 0x40 && c <= 0x7e) {
					break
				}
			}
		case ']':
			for {
				c, err := r.ReadByte()
				if err != nil || c == 0x07 {
					break
				}
			}
		}
	}
	return b.String()
}
