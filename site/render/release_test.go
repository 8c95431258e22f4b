package render

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
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

// Render hands each file to Hugo and lets go of it; Open, used by the live
// preview, leaves the caller's map as it was.
func TestRenderLetsGoOfTheFiles(t *testing.T) {
	theme := fstest.MapFS{"layouts/page.html": {Data: []byte(`{{ .Title }}`)}, "layouts/home.html": {Data: []byte(`home`)}}
	config := map[string]any{"baseURL": "https://example.org/", "disableKinds": []string{"taxonomy", "term", "rss", "sitemap", "robotstxt", "section"}}
	files := func() map[string][]byte {
		return map[string][]byte{"content/a.md": []byte("---\ntitle: A\n---\n"), "content/b.md": []byte("---\ntitle: B\n---\n")}
	}
	kept := files()
	s, err := Open(Options{Files: kept, Config: config, Theme: theme, OutDir: t.TempDir()}, false)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if len(kept) != 2 {
		t.Errorf("Open changed the caller's files: %d left of 2", len(kept))
	}
	given := files()
	out := t.TempDir()
	if err := Render(context.Background(), Options{Files: given, Config: config, Theme: theme, OutDir: out}); err != nil {
		t.Fatal(err)
	}
	if len(given) != 0 {
		t.Errorf("Render kept %d of the 2 files after handing them to Hugo", len(given))
	}
	if b, err := os.ReadFile(filepath.Join(out, "b", "index.html")); err != nil || string(b) != "B" {
		t.Errorf("the page of a file Render let go of: %q, %v", b, err)
	}
}
