package site_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/signpost-directory/signpost/site"
	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/scratch"
	"github.com/signpost-directory/signpost/site/synth"
)

// walkFile is the sample listing the tests change most.
var walkFile = filepath.Join("listings", "riverside-walking-group.md")

// withinDeadline runs build and fails the test when it has not returned
// after limit: a hang must fail, not stop the test run.
func withinDeadline[T any](t *testing.T, limit time.Duration, work func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- work() }()
	select {
	case v := <-done:
		return v
	case <-time.After(limit):
		t.Fatalf("still running after %s", limit)
		panic("unreachable")
	}
}

// TestFarFutureDatesBuild: a one-off in 2031 and a course until 2035 once
// made the calendar's time zone loop spin for ever.
func TestFarFutureDatesBuild(t *testing.T) {
	dir := copySample(t)
	editFile(t, dir, walkFile, "  - every Tuesday 10:00-11:30", "  - on 2031-06-02 10:00-11:30")
	editFile(t, dir, filepath.Join("listings", "bumps-and-babies.md"), "schedule:\n  - ", "schedule:\n  - every Tuesday 10:00-11:30 until 2035-01-01\n  - ")
	out := filepath.Join(t.TempDir(), "public")
	err := withinDeadline(t, 5*time.Minute, func() error { _, err := build(t, dir, out, ""); return err })
	if err != nil {
		t.Fatal(err)
	}
	ics, err := os.ReadFile(filepath.Join(out, "listings", "riverside-walking-group", "calendar.ics"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DTSTART;TZID=Europe/London:20310602T100000", "BEGIN:VTIMEZONE"} {
		if !strings.Contains(string(ics), want) {
			t.Errorf("calendar.ics lacks %q:\n%s", want, ics)
		}
	}
}

// TestCancelledBuildStopsPromptly cancels builds of a generated directory
// at several moments, so each stage is caught in turn, and requires each
// to return promptly after the cancellation, leaving the output folder as
// it was.
func TestCancelledBuildStopsPromptly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated directory of 1,000 listings several times")
	}
	dir := filepath.Join(t.TempDir(), "content")
	if err := synth.Write(dir, 1000); err != nil {
		t.Fatal(err)
	}
	// The command stops 2 s after Ctrl+C whatever is running (see
	// stopAnyway in cmd/signpost); here the stages themselves must notice,
	// with room for a loaded machine and the race detector. Measured on an
	// idle 2-core machine at 3,000 listings: 0.1-1.2 s.
	limit := 5 * time.Second
	if raceDetector {
		limit = 20 * time.Second
	}
	for _, after := range []time.Duration{50 * time.Millisecond, 800 * time.Millisecond, 2 * time.Second, 4 * time.Second} {
		t.Run(fmt.Sprint(after), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() {
				_, err := site.Build(ctx, site.BuildOptions{ContentDir: dir, OutDir: out,
					Check: check.Options{Today: buildToday}, Now: buildToday.Time(time.UTC)})
				done <- err
			}()
			var err error
			select {
			case <-done:
				t.Skipf("the build finished before %s, so there was nothing to cancel", after)
			case <-time.After(after):
			}
			cancel()
			cancelled := time.Now()
			select {
			case err = <-done:
			case <-time.After(limit):
				t.Fatalf("the build was still running %s after it was cancelled", limit)
			}
			t.Logf("returned %s after the cancellation: %v", time.Since(cancelled).Round(time.Millisecond), err)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("a cancelled build returned %v, want context.Canceled", err)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("a cancelled build published %s", out)
			}
		})
	}
}

// TestLeftoversOfKilledRunsAreRemoved: a build killed part way leaves its
// stage next to the output and Hugo's cache in the temporary folder; the
// next build removes both, and nothing that is not marked as signpost's.
func TestLeftoversOfKilledRunsAreRemoved(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := copySample(t)
	parent := t.TempDir()
	out := filepath.Join(parent, "public")

	host, _ := os.Hostname()
	ended := endedProcess(t)
	leftover := func(path string) {
		if err := os.MkdirAll(filepath.Join(path, "listings", "walk"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(path, scratch.Marker), fmt.Appendf(nil, "%d %s\n", ended, host), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stage := filepath.Join(parent, ".public.new-1234")
	cache := filepath.Join(tmp, "signpost-hugo-cache-5678")
	leftover(stage)
	leftover(cache)
	notOurs := filepath.Join(parent, ".public.new-by-hand")
	if err := os.Mkdir(notOurs, 0o755); err != nil {
		t.Fatal(err)
	}

	if _, err := build(t, dir, out, ""); err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{stage, cache} {
		if _, err := os.Stat(gone); !os.IsNotExist(err) {
			t.Errorf("%s was left: %v", gone, err)
		}
	}
	if _, err := os.Stat(notOurs); err != nil {
		t.Errorf("a folder without signpost's marker was removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, scratch.Marker)); !os.IsNotExist(err) {
		t.Errorf("the published site carries the scratch marker: %v", err)
	}
	entries, _ := os.ReadDir(tmp)
	for _, e := range entries {
		t.Errorf("the build left %s in the temporary folder", e.Name())
	}
}

// TestDatesOutOfRangeAreRefused: a date a schedule cannot sensibly mean
// stops the build with the check's message, before any output is made.
func TestDatesOutOfRangeAreRefused(t *testing.T) {
	dir := copySample(t)
	editFile(t, dir, walkFile, "  - every Tuesday 10:00-11:30", "  - on 2062-06-02 10:00-11:30")
	out := filepath.Join(t.TempDir(), "public")
	res, err := build(t, dir, out, "")
	if !errors.Is(err, site.ErrContentErrors) {
		t.Fatalf("build: %v, want content errors", err)
	}
	var found bool
	for _, m := range res.Check.Messages {
		found = found || m.Code == "date-out-of-range" && strings.Contains(m.Text, "2062-06-02")
	}
	if !found {
		t.Errorf("no date-out-of-range message: %v", res.Check.Messages)
	}
}

// endedProcess returns the id of a process that has run and ended.
func endedProcess(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("cannot start a process to get an ended process id: %v", err)
	}
	return cmd.ProcessState.Pid()
}

// editFile replaces old with new in the content file rel of dir.
func editFile(t *testing.T, dir, rel, old, new string) {
	t.Helper()
	name := filepath.Join(dir, rel)
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	if err := os.WriteFile(name, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// prefixField puts text before the value of a one-line field, quoting
// the whole value for YAML.
func prefixField(t *testing.T, dir, rel, field, text string) {
	t.Helper()
	name := filepath.Join(dir, rel)
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	for i, line := range lines {
		if value, ok := strings.CutPrefix(line, field+": "); ok {
			lines[i] = field + ": '" + strings.ReplaceAll(text+" "+value, "'", "''") + "'"
			if err := os.WriteFile(name, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("%s has no field %s", name, field)
}

// TestTemplateSyntaxInContentIsText puts Hugo shortcodes and template
// actions in every text field of every kind of file. They must be shown
// as written and never run: no third-party embed, no fetch, no file read,
// no failed build.
func TestTemplateSyntaxInContentIsText(t *testing.T) {
	dir := copySample(t)
	const (
		embed   = `{{< youtube abc123 >}}`
		percent = `{{% instagram BWNjjyYFxVx %}}`
		fetch   = `{{< x user="SanDiegoZoo" id="1453110110599868418" >}}`
		unknown = `{{< nope >}}`
		action  = `{{ readFile "/etc/passwd" }}`
		quoted  = `{{ "<script>alert(1)</script>" | safeHTML }}`
	)
	body := strings.Join([]string{embed, percent, fetch, unknown, action, `{{ .Site.Params | jsonify }}`,
		"`" + embed + "` in code", "```\n" + percent + "\n```", "[link](https://example.org/{{< nope >}})"}, "\n\n")
	q := func(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }
	walk := filepath.Join("listings", "riverside-walking-group.md")
	editFile(t, dir, walk, "title: Riverside Walking Group", "title: "+q("Walk "+unknown))
	prefixField(t, dir, walk, "summary", action)
	prefixField(t, dir, walk, "how_to_join", embed)
	prefixField(t, dir, walk, "first_visit", quoted)
	prefixField(t, dir, walk, "schedule_notes", fetch)
	editFile(t, dir, walk, "The Tuesday walk is flat", body+"\n\nThe Tuesday walk is flat")
	editFile(t, dir, filepath.Join("listings", "polish-cafe.pl.md"), "W każdą niedzielę", body+"\n\nW każdą niedzielę")
	// The organization's description is a YAML block: its lines are indented.
	editFile(t, dir, filepath.Join("organizations", "wend-valley-ramblers.yaml"), "  A friendly walking club",
		"  "+strings.ReplaceAll(body, "\n", "\n  ")+"\n\n  A friendly walking club")
	editFile(t, dir, filepath.Join("organizations", "wend-valley-ramblers.yaml"), "name: Wend Valley Ramblers", "name: "+q("Ramblers "+embed))
	prefixField(t, dir, filepath.Join("venues", "wend-riverside-park.yaml"), "directions", percent)
	editFile(t, dir, filepath.Join("venues", "wend-riverside-park.yaml"), "name: Wend Riverside Park (bandstand)", "name: "+q("Park "+unknown))
	editFile(t, dir, "directory.yaml", "area: Millbrook and the Wend valley", "area: "+q("Millbrook "+action))
	if err := os.WriteFile(filepath.Join(dir, "taxonomy.yaml"), []byte("needs:\n  loneliness:\n    label: "+q("Loneliness "+unknown)+
		"\n    description: "+q(embed)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(t.TempDir(), "public")
	res, err := build(t, dir, out, "")
	if err != nil {
		if res != nil {
			for _, m := range res.Check.Messages {
				t.Log(m.Location, m.Text)
			}
		}
		t.Fatal(err)
	}
	listing := parse(t, filepath.Join(out, "listings", "riverside-walking-group", "index.html"))
	for _, shown := range []string{"Walk " + unknown, action, embed, percent, fetch, quoted} {
		if !strings.Contains(listing.text(), shown) {
			t.Errorf("the listing page does not show %s as text", shown)
		}
	}
	for _, page := range []string{"organizations/wend-valley-ramblers/index.html", "needs/loneliness/index.html"} {
		if text := parse(t, filepath.Join(out, page)).text(); !strings.Contains(text, embed) {
			t.Errorf("%s does not show %s as text", page, embed)
		}
	}
	err = filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, bad := range []string{"<iframe", "youtube.com", "youtube-nocookie", "instagram.com", "twitter.com", "//x.com", "root:x:0", "<script>alert"} {
			// Data files carry the text as written, for their readers to escape.
			if bad == "<script>alert" && !strings.HasSuffix(path, ".html") {
				continue
			}
			if strings.Contains(strings.ToLower(string(b)), bad) {
				t.Errorf("%s contains %q", path, bad)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
