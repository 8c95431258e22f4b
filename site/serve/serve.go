// Package serve is the live preview for editors: it builds the site,
// serves it on this computer, watches the content and theme folders, and
// after each save re-checks the content, re-renders only the pages that
// changed and reloads the pages open in the browser. When a save breaks the
// check, it keeps serving the last good site and shows the same
// file:line:col messages as `signpost check`, over every open page and in
// the terminal, until the file is fixed.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/signpost-directory/signpost/site"
	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/diag"
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
	// Verbose adds Hugo's own messages to Log, for theme work.
	Verbose bool

	// outputs, when set, replace the outputs written in the background
	// after the pages (tests use it).
	outputs []site.Output
}

// Server is a running preview.
type Server struct {
	opts    Options
	url     string
	hosts   hosts
	events  *broker
	preview *site.Preview

	mu       sync.Mutex // guards problems
	problems diag.List
}

// Run builds, serves and watches until ctx is cancelled, then shuts down
// cleanly: the port is freed and temporary files are removed.
func Run(ctx context.Context, opts Options) error {
	return run(ctx, opts, nil)
}

// run is Run with another renderer than Hugo (nil for Hugo): the
// concurrency tests use a fast fake.
func run(ctx context.Context, opts Options, open site.OpenRenderer) error {
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
	s := &Server{opts: opts, events: newBroker(), url: previewURL(ln.Addr())}
	s.hosts = newHosts(ln.Addr(), s.url)
	var hugoLog io.Writer
	if opts.Verbose {
		hugoLog = opts.Log
	}
	preview, err := site.NewPreview(site.PreviewOptions{ContentDir: opts.ContentDir, ThemeDir: opts.ThemeDir, URL: s.url,
		Log: opts.Log, HugoLog: hugoLog, Check: opts.Check, SheetCache: opts.SheetCache, Outputs: opts.outputs, Open: open})
	if err != nil {
		return err
	}
	s.preview = preview
	defer preview.Close()

	w, err := newWatcher(preview.Watched())
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

// rebuild rebuilds the preview after changes (nil for the first build)
// and tells the terminal and the open pages how it went.
func (s *Server) rebuild(ctx context.Context, changed []string) {
	start := time.Now()
	res := s.preview.Rebuild(ctx, changed)
	if ctx.Err() != nil {
		return // stopping: a rebuild cut short is not a problem to show
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if res.Messages.HasErrors() {
		s.fail(res.Messages)
		return
	}
	s.succeed(res.Messages, res.Reload, changed, start)
}

func (s *Server) fail(msgs diag.List) {
	s.problems = msgs
	fmt.Fprintln(s.opts.Log)
	diag.WriteText(s.opts.Log, msgs, diag.TextOptions{Color: s.opts.Color})
	fmt.Fprintf(s.opts.Log, "%s: still serving the last good version.\n", plural(msgs.Count(diag.Error), "error"))
	s.events.publish(event{name: "problems", data: problemsJSON(msgs)})
}

func (s *Server) succeed(msgs diag.List, reload string, changed []string, start time.Time) {
	hadProblems := s.problems.HasErrors()
	s.problems = msgs
	if reload == "" && !hadProblems {
		return
	}
	note := ""
	if n := msgs.Count(diag.Warning); n > 0 {
		note = fmt.Sprintf(" %s: run signpost check to see them.", plural(n, "warning"))
	}
	fmt.Fprintf(s.opts.Log, "%s in %d ms.%s\n", builtAfter(changed), time.Since(start).Milliseconds(), note)
	s.events.publish(event{name: "problems", data: problemsJSON(msgs)})
	if reload != "" {
		s.events.publish(event{name: reload, data: fmt.Sprint(time.Now().UnixMilli())})
	}
}

// builtAfter names what was saved, so that the terminal says which save
// each rebuild is for: "Built" for the first build.
func builtAfter(changed []string) string {
	changed = saved(changed)
	switch len(changed) {
	case 0:
		return "Built"
	case 1:
		return fmt.Sprintf("Changed %s: rebuilt", filepath.ToSlash(changed[0]))
	}
	return fmt.Sprintf("Changed %s and %s: rebuilt", filepath.ToSlash(changed[0]), plural(len(changed)-1, "other file"))
}

// saved leaves out of changed the temporary files an editor (or sed -i)
// wrote and renamed over the file saved, which are gone by now, unless
// nothing is left: then a file was deleted, and is named.
func saved(changed []string) []string {
	var files []string
	for _, p := range changed {
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			files = append(files, p)
		}
	}
	if len(files) == 0 {
		return changed
	}
	return files
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
