package render

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"testing/fstest"
	"weak"
)

// A closed session leaves nothing of its site behind: after a render, the
// rest of a build (search index, sheets, feeds) needs the memory Hugo's
// pages held. Hugo keeps sorted page lists in a package-level cache, and
// every page in it reaches the whole site, including the session's source
// file system, which is what this test watches.
func TestClosedSessionReleasesTheSite(t *testing.T) {
	files := map[string][]byte{}
	for i := range 20 {
		files[fmt.Sprintf("content/p/%02d.md", i)] = fmt.Appendf(nil, "---\ntitle: Page %d\nweight: %d\n---\n", i, 20-i)
	}
	// A sorted list is what lands in Hugo's cache.
	theme := fstest.MapFS{
		"layouts/page.html":    {Data: []byte(`{{ .Title }}`)},
		"layouts/home.html":    {Data: []byte(`{{ range .Site.RegularPages.ByTitle }}{{ .Title }}{{ end }}`)},
		"layouts/section.html": {Data: []byte(`{{ range .Pages.ByWeight }}{{ .Title }}{{ end }}`)},
	}
	watched := func() weak.Pointer[countingFs] {
		s, err := Open(Options{Files: files, Config: map[string]any{"baseURL": "https://example.org/",
			"disableKinds": []string{"taxonomy", "term", "rss", "sitemap", "robotstxt"}}, Theme: theme, OutDir: t.TempDir()}, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Build(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		w := weak.Make(s.src.(*countingFs))
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		return w
	}()
	for range 3 { // sync.Pool's victim cache lets an object outlive one collection
		runtime.GC()
	}
	if watched.Value() != nil {
		t.Error("Hugo's site is still reachable after its session was closed")
	}
}
