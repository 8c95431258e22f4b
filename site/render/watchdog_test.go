package render

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
)

// A build that takes many stall periods but keeps writing is waited for.
func TestAwaitProgressWaitsForSlowBuilds(t *testing.T) {
	const stall = 500 * time.Millisecond
	var n atomic.Int64
	done := make(chan error, 1)
	go func() {
		for range 150 { // 150 × stall/50 = three stall periods in all
			time.Sleep(stall / 50)
			n.Add(1)
		}
		done <- nil
	}()
	err, abandoned := awaitProgress(context.Background(), done, n.Load, stall)
	if err != nil || abandoned {
		t.Fatalf("a slow build that kept writing was abandoned: %v", err)
	}
}

// A build that stops writing is abandoned after the stall period, however
// long it has run before.
func TestAwaitProgressAbandonsStalledBuilds(t *testing.T) {
	const stall = 200 * time.Millisecond
	var n atomic.Int64
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for range 20 { // two stall periods of writing
			time.Sleep(stall / 10)
			n.Add(1)
		}
		<-stop // then nothing, for ever
	}()
	began := time.Now()
	err, abandoned := awaitProgress(context.Background(), make(chan error), n.Load, stall)
	if !errors.Is(err, ErrStuck) || !abandoned {
		t.Fatalf("got %v, %v; want ErrStuck, abandoned", err, abandoned)
	}
	if took := time.Since(began); took < 2*stall+stall {
		t.Errorf("abandoned after %v, while it was still writing for %v and then stalled for %v", took, 2*stall, stall)
	}
}

func TestAwaitProgressStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err, abandoned := awaitProgress(ctx, make(chan error), func() int64 { return 0 }, time.Hour)
	if !errors.Is(err, context.Canceled) || !abandoned {
		t.Fatalf("got %v, %v; want context.Canceled, abandoned", err, abandoned)
	}
}

// A theme that fails on every page of a large site makes Hugo v0.165.0
// stop its page workers while it still has pages to hand them; the
// session must come back with an error rather than wait for ever.
func TestThemeErrorsOnManyPagesEndTheBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 600 pages")
	}
	files := map[string][]byte{}
	for i := range 600 {
		files[fmt.Sprintf("content/p/%03d.md", i)] = fmt.Appendf(nil, "---\ntitle: Page %d\n---\nText.\n", i)
	}
	theme := fstest.MapFS{
		"layouts/page.html":    {Data: []byte(`{{ .Title.Missing }}`)},
		"layouts/home.html":    {Data: []byte(`home`)},
		"layouts/section.html": {Data: []byte(`section`)},
	}
	s, err := Open(Options{Files: files, Config: map[string]any{"baseURL": "https://example.org/",
		"disableKinds": []string{"taxonomy", "term", "rss", "sitemap", "robotstxt"}}, Theme: theme,
		OutDir: t.TempDir(), Stall: 2 * time.Second}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	began := time.Now()
	err = s.Build(context.Background(), nil)
	if err == nil {
		t.Fatal("a theme failing on every page built without an error")
	}
	// The old fixed deadline was two minutes and more; the stall period is two seconds.
	if took := time.Since(began); took > 30*time.Second {
		t.Errorf("the failing build took %v to end", took)
	}
	t.Logf("after %v: %v", time.Since(began).Round(time.Millisecond), err)
}

// A page whose template works for a long time without finishing (here, a
// loop of forty million steps) leaves Hugo writing nothing: the session
// gives up after the stall period, not after a deadline, and can be closed.
func TestSessionAbandonsABuildThatWritesNothing(t *testing.T) {
	theme := fstest.MapFS{
		"layouts/page.html": {Data: []byte(`{{ range seq 2000 }}{{ range seq 2000 }}{{ range seq 10 }}{{ end }}{{ end }}{{ end }}`)},
		"layouts/home.html": {Data: []byte(`home`)},
	}
	s, err := Open(Options{Files: map[string][]byte{"content/slow.md": []byte("---\ntitle: Slow\n---\n")},
		Config: map[string]any{"baseURL": "https://example.org/", "disableKinds": []string{"taxonomy", "term", "rss", "sitemap", "robotstxt", "section"}},
		Theme:  theme, OutDir: t.TempDir(), Stall: 300 * time.Millisecond}, false)
	if err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	err = s.Build(context.Background(), nil)
	took := time.Since(began)
	if !errors.Is(err, ErrStuck) {
		t.Fatalf("got %v after %v; want ErrStuck", err, took)
	}
	if took > 5*time.Second {
		t.Errorf("gave up after %v; the stall period is 300ms", took)
	}
	if err := s.Build(context.Background(), nil); !errors.Is(err, ErrStuck) {
		t.Errorf("building again after being abandoned: got %v, want ErrStuck", err)
	}
	s.Close()
}

// Files read and written count as progress: a healthy build counts at least
// one step per page.
func TestProgressCountsHugosFiles(t *testing.T) {
	files := map[string][]byte{}
	for i := range 50 {
		files[fmt.Sprintf("content/p/%02d.md", i)] = fmt.Appendf(nil, "---\ntitle: Page %d\n---\n", i)
	}
	theme := fstest.MapFS{"layouts/page.html": {Data: []byte(`{{ .Title }}`)}, "layouts/home.html": {Data: []byte(`home`)},
		"layouts/section.html": {Data: []byte(`section`)}}
	s, err := Open(Options{Files: files, Config: map[string]any{"baseURL": "https://example.org/",
		"disableKinds": []string{"taxonomy", "term", "rss", "sitemap", "robotstxt"}}, Theme: theme, OutDir: t.TempDir()}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	before := s.progress.count()
	if err := s.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if steps := s.progress.count() - before; steps < 50 {
		t.Errorf("a build of 50 pages counted %d steps of progress", steps)
	}
}
