package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/signpost-directory/signpost/site/diag"
)

//go:embed live.js
var liveJS []byte

//go:embed live.css
var liveCSS []byte

// liveScript is injected into every HTML page the preview serves, and only
// there: `signpost build` output never contains it. The overlay's styles
// are a file of their own because the pages' Content-Security-Policy
// allows no inline styles.
const liveScript = `<link rel="stylesheet" href="/_signpost/live.css"><script src="/_signpost/live.js" defer></script>`

// Content-Security-Policy of what the preview sends besides the site:
// its own endpoints load nothing, and its page shown before the first
// good build loads only the overlay's script and styles and the event
// stream. The site's pages keep the policy the theme gives them, which
// allows the injected script and styles (same origin); the header adds
// only what a page cannot say for itself.
const (
	cspEndpoint = "default-src 'none'; frame-ancestors 'none'"
	cspOwnPage  = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
		"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	cspSitePage = "frame-ancestors 'self'; object-src 'none'"
)

// handler is the preview's HTTP handler: the site, the overlay's script
// and styles, the problems and the event stream, behind guard.
func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_signpost/live.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(liveJS)
	})
	mux.HandleFunc("GET /_signpost/live.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(liveCSS)
	})
	mux.HandleFunc("GET /_signpost/events", s.serveEvents)
	mux.HandleFunc("GET /_signpost/problems", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		msgs := s.problems
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		diag.WriteJSON(w, msgs)
	})
	mux.HandleFunc("GET /", s.serveSite)
	return s.guard(mux)
}

// guard answers only requests addressed to the preview by one of its own
// names, so that a web page elsewhere cannot read the preview through a
// name of its own that it points at this computer (DNS rebinding), nor
// from another origin. Every response says not to guess content types
// and not to send the address on; none allows other origins to read it
// (there are no CORS headers).
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		own := strings.HasPrefix(r.URL.Path, "/_signpost/")
		if own {
			h.Set("Content-Security-Policy", cspEndpoint)
		}
		if !s.hosts.allows(r.Host) {
			h.Set("Content-Security-Policy", cspEndpoint)
			http.Error(w, fmt.Sprintf("This is signpost's live preview, which answers only at %s (or localhost with the same port). "+
				"The address this request was sent to is another name for this computer: open the preview at the address above.", s.url),
				http.StatusMisdirectedRequest)
			return
		}
		if origin := r.Header.Get("Origin"); origin != "" && !s.hosts.allowsOrigin(origin) ||
			own && r.Header.Get("Sec-Fetch-Site") == "cross-site" && r.Header.Get("Sec-Fetch-Mode") != "navigate" {
			h.Set("Content-Security-Policy", cspEndpoint)
			http.Error(w, "The live preview answers only its own pages, not pages from another site.", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// serveSite serves the built site, adding the live-reload script to HTML.
func (s *Server) serveSite(w http.ResponseWriter, r *http.Request) {
	// View keeps a request from reading a page while a rebuild writes it.
	s.preview.View(func(dir, fallback string) { s.serveFile(w, r, dir, fallback) })
}

// serveFile serves the request from dir, the built site, or for files not
// yet written there, from fallback, the version before.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, dir, fallback string) {
	if dir == "" {
		// Nothing has built yet: show the problems, and reload once fixed.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Security-Policy", cspOwnPage)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write(injectLiveScript([]byte(notBuiltPage)))
		return
	}
	rel := path.Clean("/" + r.URL.Path)
	file := filepath.Join(dir, filepath.FromSlash(rel))
	status := http.StatusOK
	info, err := os.Stat(file)
	if err == nil && info.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		file = filepath.Join(file, "index.html")
		info, err = os.Stat(file)
	}
	if err != nil && fallback != "" && !strings.HasSuffix(file, ".html") {
		// Not written into a new folder yet: the one before has it.
		if older := filepath.Join(fallback, filepath.FromSlash(rel)); older != fallback {
			if i, ferr := os.Stat(older); ferr == nil && !i.IsDir() {
				file, info, err = older, i, nil
			}
		}
	}
	if err != nil {
		status, file = http.StatusNotFound, filepath.Join(dir, "404.html")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if strings.HasSuffix(file, ".html") {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", cspSitePage)
		w.WriteHeader(status)
		w.Write(injectLiveScript(data))
		return
	}
	if status == http.StatusOK {
		http.ServeContent(w, r, file, info.ModTime(), bytes.NewReader(data))
		return
	}
	w.WriteHeader(status)
	w.Write(data)
}

const notBuiltPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not built yet</title></head>
<body><main><h1>The site has not been built yet</h1><p>The content has problems; they are listed below and in the terminal.
This page reloads by itself when they are fixed.</p></main></body></html>`

func injectLiveScript(page []byte) []byte {
	for _, marker := range []string{"</head>", "</body>"} {
		if i := bytes.LastIndex(page, []byte(marker)); i >= 0 {
			return append(page[:i:i], append([]byte(liveScript), page[i:]...)...)
		}
	}
	return append(page, liveScript...)
}

// serveEvents streams server-sent events: "problems" (the check's
// messages, empty when all is well), "reload" and "css".
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch, cancel := s.events.subscribe()
	defer cancel()
	s.mu.Lock()
	current := problemsJSON(s.problems)
	s.mu.Unlock()
	fmt.Fprintf(w, "event: problems\ndata: %s\n\n", current)
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-ch:
			if !ok {
				return
			}
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
			flusher.Flush()
		}
	}
}

func problemsJSON(msgs diag.List) string {
	var b bytes.Buffer
	diag.WriteJSON(&b, msgs)
	var compact bytes.Buffer
	json.Compact(&compact, b.Bytes())
	return compact.String()
}

type event struct{ name, data string }

// broker fans events out to every open page.
type broker struct {
	mu     sync.Mutex
	subs   map[chan event]bool
	closed bool
}

func newBroker() *broker { return &broker{subs: map[chan event]bool{}} }

func (b *broker) subscribe() (<-chan event, func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	ch := make(chan event, 16)
	if b.closed {
		close(ch)
		return ch, func() {}
	}
	b.subs[ch] = true
	return ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.subs[ch] {
			delete(b.subs, ch)
			close(ch)
		}
	}
}

func (b *broker) publish(ev event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- ev:
		default: // a page that stopped reading misses events, not the server
		}
	}
}

func (b *broker) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for ch := range b.subs {
		close(ch)
		delete(b.subs, ch)
	}
}
