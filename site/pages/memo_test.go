package pages

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/schedule"
)

// TestMemoMatchesAFreshBuild edits a copy of the sample the way volunteers
// do, checks it with one Checker as the preview does (so unchanged files
// come back as the same values), and asserts after every edit that a build
// using the memo writes exactly the files a build from scratch writes.
func TestMemoMatchesAFreshBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	ck, err := check.New()
	if err != nil {
		t.Fatal(err)
	}
	memo := NewMemo()
	at := now
	var d *content.Directory
	step := func(name string) {
		t.Helper()
		folder, err := load.Scan(os.DirFS(dir), "content")
		if err != nil {
			t.Fatal(err)
		}
		var msgs []string
		d, msgs = checkDir(ck, folder)
		if len(msgs) > 0 {
			t.Fatalf("%s: the check failed: %v", name, msgs)
		}
		fresh, err := Build(context.Background(), d, Options{Now: at})
		if err != nil {
			t.Fatal(err)
		}
		memoised, err := Build(context.Background(), d, Options{Now: at, Memo: memo})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range slices.Sorted(maps.Keys(fresh.Files)) {
			if got, ok := memoised.Files[p]; !ok || string(got) != string(fresh.Files[p]) {
				t.Errorf("%s: %s differs from a fresh build:\nmemo:  %.300s\nfresh: %.300s", name, p, got, fresh.Files[p])
			}
		}
		for p := range memoised.Files {
			if _, ok := fresh.Files[p]; !ok {
				t.Errorf("%s: %s is left over from an earlier build", name, p)
			}
		}
	}
	edit := func(rel, old, new string) {
		t.Helper()
		file := filepath.Join(dir, rel)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), old) {
			t.Fatalf("%s has no %q", rel, old)
		}
		if err := os.WriteFile(file, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	step("first build")
	step("nothing changed")
	edit("listings/riverside-walking-group.md", "title: Riverside Walking Group", "title: Riverside Rambles")
	step("a listing's title")
	edit("organizations/wend-valley-ramblers.yaml", "name: ", "name: The ")
	step("an organization's name")
	edit("venues/wend-riverside-park.yaml", "name: ", "name: Upper ")
	step("a venue's name")
	edit("directory.yaml", "repository: https://github.com/signpost-directory/signpost",
		"repository: https://github.com/millbrook/directory")
	step("the repository in the settings")
	if err := os.WriteFile(filepath.Join(dir, "listings", "riverside-walking-group.pl.md"),
		[]byte("---\ntitle: Spacery nad rzeką\nsummary: Spokojny spacer wzdłuż rzeki.\n---\nSpacer po płaskiej ścieżce.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	step("a new translation")

	// A paused listing links to a need only while some active listing
	// makes a page for it: pausing that listing changes the other page.
	need, users := rarestNeed(d)
	other := "riverside-walking-group"
	edit("listings/"+other+".md", "needs: [", "needs: ["+need+", ")
	edit("listings/"+other+".md", "status: active", "status: paused")
	step("a paused listing with a rare need")
	for _, id := range users {
		edit("listings/"+id+".md", "status: active", "status: paused")
	}
	step("the active listings with that need are paused")

	at = at.Add(8 * 24 * time.Hour)
	step("a week later, the next sessions have moved on")
	if err := os.Remove(filepath.Join(dir, "listings", "community-choir.md")); err != nil {
		t.Fatal(err)
	}
	step("a listing removed")
}

// checkDir runs the check as of the test's today and returns the problems
// as text.
func checkDir(ck *check.Checker, folder *load.Folder) (*content.Directory, []string) {
	d, msgs := ck.Run(context.Background(), folder, check.Options{Today: schedule.Date{Year: 2026, Month: 11, Day: 21}})
	var errs []string
	if msgs.HasErrors() {
		for _, m := range msgs {
			errs = append(errs, m.Text)
		}
	}
	return d, errs
}

// rarestNeed finds the need fewest active listings have, and those listings.
func rarestNeed(d *content.Directory) (need string, listings []string) {
	users := map[string][]string{}
	for _, l := range d.Listings {
		if l.IsActive() && l.ID != "riverside-walking-group" {
			for _, n := range l.Needs {
				users[n] = append(users[n], l.ID)
			}
		}
	}
	for _, n := range slices.Sorted(maps.Keys(users)) {
		if need == "" || len(users[n]) < len(users[need]) {
			need = n
		}
	}
	return need, users[need]
}
