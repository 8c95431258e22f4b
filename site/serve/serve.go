// Package serve is the live preview for editors: it builds the site,
// serves it on this computer, watches the content and theme folders, and
// after each save re-checks the content, re-renders only the pages that
// changed and reloads the pages open in the browser. When a save breaks the
// check, it keeps serving the last good site and shows the same
// file:line:col messages as `signpost check`, over every open page and in
// the terminal, until the file is fixed.
package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/signpost-directory/signpost/site"
	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/feeds"
	"github.com/signpost-directory/signpost/site/pages"
	"github.com/signpost-directory/signpost/site/render"
	"github.com/signpost-directory/signpost/site/scratch"
	"github.com/signpost-directory/signpost/site/search"
	"github.com/signpost-directory/signpost/site/sheets"
	"github.com/signpost-directory/signpost/theme"
)

// Options configure the preview server.
type Options struct {
	ContentDir string
	// ThemeDir is a theme folder whose files replace the built-in theme's.
	ThemeDir string
	// Addr is where to listen; the default is 127.0.0.1:1313. Use port 0
	// for any free port.
	Addr string
	// Log is the terminal: build results and problems are printed there.
	Log   io.Writer
	Color bool
	// Debounce is how long the folders must be quiet after a change
	// before rebuilding; editors write several events per save.
	Debounce time.Duration
	// Check passes options to the checker.
	Check check.Options
	// Ready, if set, is called once the first build is served.
	Ready func(url string)
	// SheetCache keeps rendered sheets between rebuilds; "" renders all.
	SheetCache string

	// extras, when set, replace the writers run in the background after
	// the pages (tests use it).
	extras []extra
}

// extra is a part of the site written in the background after the pages
// (see writeExtras), from the checked model of one rebuild. The model is
// shared with the rebuilds after it: it must only be read.
type extra struct {
	what  string // for the terminal: "The search index"
	write func(ctx context.Context, d *content.Directory, outDir string) error
}

// Server is a running preview.
type Server struct {
	opts     Options
	url      string
	hosts    hosts
	outDir   string
	overlays []string

	events *broker

	open    opener
	checker *check.Checker
	// memo keeps each listing's page between rebuilds.
	memo *pages.Memo
	// feedRecord lets the feeds rewrite only files that changed.
	feedRecord *feeds.Record
	// extras serialises writing the printable sheets and open data feeds,
	// which runs after a rebuild without holding up the pages.
	extras     sync.Mutex
	fonts      *sheets.Fonts
	sheetCache string
	// stopExtras cancels extras that are waiting or running, because
	// another edit came in; guarded by mu.
	stopExtras context.CancelFunc
	// writers are what writeExtras runs: builtinExtras, unless a test
	// replaced them. Set before the first rebuild.
	writers []extra

	mu      sync.Mutex // guards the fields below and serialises rebuilds
	session session
	// fallback is the folder served before the last fresh build, kept
	// until the search index, sheets and feeds are written into the new
	// one: until then it serves them, so that they are never missing.
	fallback string
	files    map[string][]byte
	// config is Hugo's configuration as JSON, taken before Hugo sees it:
	// Hugo rewrites the maps it is given.
	config   []byte
	problems diag.List
}

// session is what the preview needs from a renderer (render.Session).
type session interface {
	Build(ctx context.Context, changes []render.Change) error
	ThemeChange(dir, rel string, data []byte, removed bool) (render.Change, bool)
	Close() error
}

// opener starts a renderer session in watch mode.
type opener func(render.Options) (session, error)

func openHugo(opts render.Options) (session, error) { return render.Open(opts, true) }

// Run builds, serves and watches until ctx is cancelled, then shuts down
// cleanly: the port is freed and temporary files are removed.
func Run(ctx context.Context, opts Options) error {
	return run(ctx, opts, openHugo)
}

func run(ctx context.Context, opts Options, open opener) error {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:1313"
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Debounce == 0 {
		opts.Debounce = 100 * time.Millisecond
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("another program is already using %s (perhaps another signpost serve): stop it, or choose another port with --port", opts.Addr)
	}
	if err != nil {
		return fmt.Errorf("listening on %s: %w", opts.Addr, err)
	}
	defer ln.Close()
	checker, err := check.New()
	if err != nil {
		return err
	}
	fonts, err := sheets.NewFonts()
	if err != nil {
		return err
	}
	s := &Server{opts: opts, open: open, checker: checker, memo: pages.NewMemo(), feedRecord: feeds.NewRecord(),
		fonts: fonts, sheetCache: opts.SheetCache, events: newBroker(), url: previewURL(ln.Addr())}
	s.hosts = newHosts(ln.Addr(), s.url)
	// Folders of previews that were killed rather than stopped.
	scratch.Sweep("", outPrefix)
	defer func() {
		// Wait for sheets and feeds still being written into the folder.
		s.extras.Lock()
		defer s.extras.Unlock()
		s.closeSession()
		// Deleting a large site takes seconds; Ctrl+C should not wait for
		// it. What is left is marked, and the next preview removes it.
		removed := make(chan struct{})
		go func() {
			for _, dir := range []string{s.outDir, s.fallback} {
				if dir != "" {
					scratch.Remove(dir)
				}
			}
			close(removed)
		}()
		select {
		case <-removed:
		case <-time.After(time.Second):
		}
	}()
	s.writers = opts.extras
	if s.writers == nil {
		s.writers = s.builtinExtras()
	}
	if s.overlays, err = site.ThemeOverrides(opts.ContentDir, opts.ThemeDir); err != nil {
		return err
	}

	w, err := newWatcher(append([]string{opts.ContentDir}, s.overlays...))
	if err != nil {
		return err
	}
	defer w.Close()

	s.rebuild(ctx, nil)
	batches := w.batches(opts.Debounce)
	srv := &http.Server{Handler: s.handler(), ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	if opts.Ready != nil {
		opts.Ready(s.url)
	}
	fmt.Fprintf(opts.Log, "Serving the preview at %s — edit files in %s and the page reloads. Press Ctrl+C to stop.\n", s.url, opts.ContentDir)

	for {
		select {
		case <-ctx.Done():
			s.events.close()
			shutdown, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			if err := srv.Shutdown(shutdown); err != nil {
				// Connections still open after a second are ones a browser
				// opened ahead of time and never used (Shutdown waits five
				// seconds for those) or pages still downloading from a
				// preview that is going away: close them.
				if err := srv.Close(); err != nil {
					return fmt.Errorf("stopping the server: %w", err)
				}
			}
			return nil
		case err := <-serveErr:
			return fmt.Errorf("serving: %w", err)
		case changed, ok := <-batches:
			if !ok {
				return errors.New("the file watcher stopped")
			}
			s.rebuild(ctx, changed)
		}
	}
}

// previewURL is the address the pages link to and the terminal shows.
// Listening on every interface (--bind 0.0.0.0), it is this computer's
// address on the local network, which a tablet or another computer can
// open; 0.0.0.0 itself can be opened from nowhere.
func previewURL(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return "http://" + addr.String() + "/"
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = localNetworkAddress()
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(tcp.Port)) + "/"
}

// localNetworkAddress is this computer's IPv4 address on its network: a
// private one (192.168…, 10…) when it has one, else any other it can be
// reached at, else 127.0.0.1.
func localNetworkAddress() string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return "127.0.0.1"
	}
	other := ""
	for _, a := range addrs {
		ipNet, ok := a.(*net.IPNet)
		if !ok || ipNet.IP.To4() == nil || !ipNet.IP.IsGlobalUnicast() {
			continue // IPv6, loopback, link-local
		}
		if ipNet.IP.IsPrivate() {
			return ipNet.IP.String()
		}
		if other == "" {
			other = ipNet.IP.String()
		}
	}
	if other != "" {
		return other
	}
	return "127.0.0.1"
}

func (s *Server) closeSession() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.session != nil {
		s.session.Close()
		s.session = nil
	}
}

// rebuild re-checks the content and renders what changed. changed lists
// the paths on disk that changed (nil for the first build).
//
// Hugo's own watch-mode rebuild is used at every size: measured after a
// title edit, it took 20-27 ms for the sample directory against 135-200 ms
// for a fresh in-process build, and 126-166 ms against 1.1-1.2 s at 1,000
// listings. A fresh session is opened only when Hugo's configuration
// changes (directory.yaml) or a build got stuck.
func (s *Server) rebuild(ctx context.Context, changed []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	start := time.Now()
	// Sheets and feeds for the previous version are no longer wanted, and
	// would slow this rebuild down.
	if s.stopExtras != nil {
		s.stopExtras()
	}
	res, err := site.Check(ctx, site.CheckOptions{ContentDir: s.opts.ContentDir, Check: s.opts.Check, Checker: s.checker})
	if err != nil {
		s.fail(diag.List{{Severity: diag.Error, Code: diag.Unreadable, Text: err.Error(),
			Hint: "The preview keeps showing the last good version until the folder is back."}})
		return
	}
	if res.Messages.HasErrors() {
		s.fail(res.Messages)
		return
	}
	project, err := pages.Build(res.Directory, pages.Options{BaseURL: s.url, Now: time.Now(), ListLimit: previewListLimit, Preview: true, Memo: s.memo})
	if err != nil {
		s.fail(diag.List{{Severity: diag.Error, Code: diag.Render, Text: err.Error()}})
		return
	}
	config, err := json.Marshal(project.Config)
	if err != nil {
		s.fail(diag.List{{Severity: diag.Error, Code: diag.Render, Text: err.Error()}})
		return
	}
	themeChanges := s.themeChanges(changed)
	reload := "reload"
	if s.session == nil || !bytes.Equal(config, s.config) {
		err = s.fresh(ctx, project)
	} else {
		changes := diffFiles(s.files, project.Files)
		changes = append(changes, themeChanges...)
		if len(changes) == 0 {
			s.succeed(res.Messages, "", start)
			return
		}
		if onlyCSS(changes) {
			reload = "css"
		}
		err = s.session.Build(ctx, changes)
		s.removeStalePages(changes)
	}
	if errors.Is(err, render.ErrStuck) {
		// Hugo may still be busy with the abandoned build: leave that
		// session behind and start afresh after the next save.
		s.session, s.config = nil, nil
	}
	if err != nil {
		var rerr *render.Error
		msg := diag.Message{Severity: diag.Error, Code: diag.Render, Text: err.Error(),
			Hint: "The theme could not be rendered. The preview keeps the last good version."}
		if errors.As(err, &rerr) {
			msg.Text = rerr.Err.Error()
			if len(rerr.Logged) > 0 {
				msg.Hint = strings.Join(rerr.Logged, "\n")
			}
		}
		s.fail(diag.List{msg})
		return
	}
	s.files, s.config = project.Files, config
	s.succeed(res.Messages, reload, start)
	extrasCtx, cancel := context.WithCancel(ctx)
	s.stopExtras = cancel
	go s.writeExtras(extrasCtx, res.Directory, s.outDir)
}

// previewListLimit caps list pages in the preview (see pages.Options).
const previewListLimit = 300

// extrasDelay is how long the editor must pause before the sheets and
// feeds are written: a burst of edits rebuilds only the pages.
const extrasDelay = 500 * time.Millisecond

// writeExtras writes the search index, the printable sheets and the open
// data feeds next to the pages. Unchanged sheets come from the cache; a
// failure is reported in the terminal and does not take the preview down.
// Each file is replaced whole (see package atomicfile), as the folder is
// being served.
func (s *Server) writeExtras(ctx context.Context, d *content.Directory, outDir string) {
	select {
	case <-ctx.Done():
		return
	case <-time.After(extrasDelay):
	}
	if s.runExtras(ctx, d, outDir) {
		s.dropFallback(outDir)
	}
}

// runExtras runs the writers, one run at a time; it reports whether they
// all ran to the end.
func (s *Server) runExtras(ctx context.Context, d *content.Directory, outDir string) bool {
	s.extras.Lock()
	defer s.extras.Unlock()
	for _, e := range s.writers {
		if ctx.Err() != nil {
			return false
		}
		if err := e.write(ctx, d, outDir); err != nil && ctx.Err() == nil {
			fmt.Fprintf(s.opts.Log, "%s could not be written: %v\n", e.what, err)
		}
	}
	return ctx.Err() == nil
}

// dropFallback removes the folder served before outDir, once outDir has
// everything.
func (s *Server) dropFallback(outDir string) {
	s.mu.Lock()
	old := ""
	if s.outDir == outDir {
		old, s.fallback = s.fallback, ""
	}
	s.mu.Unlock()
	if old != "" {
		s.extras.Lock() // writers of an older version may still be there
		scratch.Remove(old)
		s.extras.Unlock()
	}
}

// builtinExtras are the search index, the printable sheets and the open
// data feeds.
func (s *Server) builtinExtras() []extra {
	return []extra{
		{"The search index", func(ctx context.Context, d *content.Directory, outDir string) error {
			_, err := search.Write(ctx, d, outDir, search.Options{})
			return err
		}},
		{"The printable sheets", func(ctx context.Context, d *content.Directory, outDir string) error {
			_, err := sheets.Write(ctx, d, outDir, sheets.Options{BaseURL: s.url, CacheDir: s.sheetCache, Fonts: s.fonts, NoPads: true})
			return err
		}},
		{"The open data feeds", func(ctx context.Context, d *content.Directory, outDir string) error {
			_, err := feeds.Write(ctx, d, outDir, feeds.Options{BaseURL: s.url, Record: s.feedRecord})
			return err
		}},
	}
}

// fresh opens a new Hugo session and renders everything into a new folder,
// as on start and after directory.yaml changes the site's configuration.
// The previous session and folder stay in use until this succeeds.
func (s *Server) fresh(ctx context.Context, project *pages.Project) error {
	out, err := scratch.Make("", outPrefix)
	if err != nil {
		return fmt.Errorf("creating a folder for the preview: %w", err)
	}
	session, err := s.open(render.Options{Files: project.Files, Config: project.Config, Theme: theme.FS(),
		ThemeOverrides: s.overlays, OutDir: out, Log: s.opts.Log})
	if err == nil {
		err = session.Build(ctx, nil)
		if err != nil {
			session.Close()
		}
	}
	if err != nil {
		scratch.Remove(out)
		return err
	}
	if s.session != nil {
		s.session.Close()
	}
	old := s.outDir
	s.session, s.outDir = session, out
	switch {
	case old == "":
	case s.fallback == "":
		// The new folder has only the pages so far: the old one serves
		// the search index, sheets and feeds until they are written.
		s.fallback = old
	default:
		// The old folder never got them: the one before still serves them.
		s.extras.Lock() // sheets and feeds may still be writing there
		scratch.Remove(old)
		s.extras.Unlock()
	}
	return nil
}

// themeChanges turns changed files in theme folders into Hugo changes.
func (s *Server) themeChanges(changed []string) []render.Change {
	var out []render.Change
	for _, p := range changed {
		for _, dir := range s.overlays {
			rel, err := filepath.Rel(dir, p)
			if err != nil || strings.HasPrefix(rel, "..") {
				continue
			}
			data, err := readRegular(p)
			if errors.Is(err, errNotRegular) {
				fmt.Fprintf(s.opts.Log, "%s is a link or a special file, not a plain file: it is not used.\n", p)
			}
			if s.session == nil {
				continue
			}
			if c, ok := s.session.ThemeChange(dir, rel, data, err != nil); ok {
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
func readRegular(path string) ([]byte, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, errNotRegular
	}
	return os.ReadFile(path)
}

// outPrefix starts the names of the preview's folders in the temporary folder.
const outPrefix = "signpost-serve-"

// removeStalePages deletes the output of pages whose source went away:
// Hugo never deletes anything it wrote.
func (s *Server) removeStalePages(changes []render.Change) {
	for _, c := range changes {
		if !c.Removed || !strings.HasPrefix(c.Path, "content/") {
			continue
		}
		rel := strings.TrimSuffix(strings.TrimPrefix(c.Path, "content/"), ".md")
		rel = strings.TrimSuffix(rel, "/_index")
		if rel == "" || rel == "_index" {
			continue
		}
		os.RemoveAll(filepath.Join(s.outDir, filepath.FromSlash(rel)))
	}
}

func (s *Server) fail(msgs diag.List) {
	s.problems = msgs
	fmt.Fprintln(s.opts.Log)
	diag.WriteText(s.opts.Log, msgs, diag.TextOptions{Color: s.opts.Color})
	fmt.Fprintf(s.opts.Log, "%d problem(s): still serving the last good version.\n", msgs.Count(diag.Error))
	s.events.publish(event{name: "problems", data: problemsJSON(msgs)})
}

func (s *Server) succeed(msgs diag.List, reload string, start time.Time) {
	hadProblems := s.problems.HasErrors()
	s.problems = msgs
	if reload == "" && !hadProblems {
		return
	}
	note := ""
	if n := msgs.Count(diag.Warning); n > 0 {
		note = fmt.Sprintf(" %d warning(s): run signpost check to see them.", n)
	}
	fmt.Fprintf(s.opts.Log, "Built in %d ms.%s\n", time.Since(start).Milliseconds(), note)
	s.events.publish(event{name: "problems", data: problemsJSON(msgs)})
	if reload != "" {
		s.events.publish(event{name: reload, data: fmt.Sprint(time.Now().UnixMilli())})
	}
}

// diffFiles lists what changed between two versions of the project.
func diffFiles(old, new map[string][]byte) []render.Change {
	var out []render.Change
	for p, data := range new {
		if prev, ok := old[p]; !ok || string(prev) != string(data) {
			out = append(out, render.Change{Path: p, Data: data})
		}
	}
	for p := range old {
		if _, ok := new[p]; !ok {
			out = append(out, render.Change{Path: p, Removed: true})
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
