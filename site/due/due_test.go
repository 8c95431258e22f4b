package due

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/schedule"
)

func date(s string) schedule.Date {
	var d schedule.Date
	var m int
	if _, err := fmt.Sscanf(s, "%d-%d-%d", &d.Year, &m, &d.Day); err != nil {
		panic(err)
	}
	d.Month = 1
	for ; m > 1; m-- {
		d.Month++
	}
	return d
}

// directory is a directory with stale_after 6 months and the listings
// given as id → organization, verified date and status.
func directory(listings ...*content.Listing) *content.Directory {
	d := &content.Directory{
		Config: content.Config{StaleAfter: content.Period{N: 6, Unit: "month"}},
		Organizations: []*content.Organization{
			{ID: "ramblers", Name: "Wend Valley Ramblers"},
			{ID: "choir", Name: "Community Choir"},
		},
		Listings: listings,
	}
	d.Index()
	return d
}

func listing(id, org, verified, status string) *content.Listing {
	return &content.Listing{ID: id, Title: strings.ToUpper(id[:1]) + id[1:], Organization: org, Status: status,
		File: "content/listings/" + id + ".md", Verified: date(verified), VerifiedText: verified, VerifiedLine: 17}
}

func TestFindGroupsOverdueAndDueSoonByOrganization(t *testing.T) {
	dir := directory(
		listing("walk", "ramblers", "2026-05-20", "active"),   // stale since 2026-11-21: today
		listing("ramble", "ramblers", "2026-02-01", "paused"), // stale long ago; paused still counts
		listing("hike", "ramblers", "2026-06-10", "full"),     // due 2026-12-11: within 30 days
		listing("sing", "choir", "2026-06-20", "active"),      // due 2026-12-21: day 30
		listing("hum", "choir", "2026-06-21", "active"),       // due 2026-12-22: day 31, not listed
		listing("old", "choir", "2024-01-01", "ended"),        // ended: never listed
		listing("fresh", "choir", "2026-11-01", "active"),
	)
	r, err := Find(dir, Options{Today: date("2026-11-21"), Within: 30, Repository: "https://github.com/mb/directory.git", Branch: "live"})
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ org, id, due string }
	var got []row
	for _, o := range r.Organizations {
		for _, l := range o.Listings {
			got = append(got, row{o.Name, l.ID + " " + string(l.State), l.Due})
		}
	}
	want := []row{
		{"Community Choir", "sing due-soon", "2026-12-21"},
		{"Wend Valley Ramblers", "ramble stale", "2026-08-02"},
		{"Wend Valley Ramblers", "walk stale", "2026-11-21"},
		{"Wend Valley Ramblers", "hike due-soon", "2026-12-11"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	if r.Stale != 2 || r.Soon != 2 || r.StaleAfter != "6 months" {
		t.Errorf("stale %d, soon %d, stale_after %q", r.Stale, r.Soon, r.StaleAfter)
	}
	l := r.Organizations[1].Listings[0]
	if l.EditURL != "https://github.com/mb/directory/edit/live/content/listings/ramble.md#L17" || l.Line != 17 {
		t.Errorf("edit link %q, line %d", l.EditURL, l.Line)
	}

	// Looking no days ahead lists the overdue ones only.
	r, err = Find(dir, Options{Today: date("2026-11-21")})
	if err != nil {
		t.Fatal(err)
	}
	if r.Stale != 2 || r.Soon != 0 || r.Organizations[0].Listings[0].EditURL != "" {
		t.Errorf("within 0: %+v", r)
	}
}

// TestDueDateAgreesWithCheck: a listing is overdue exactly when check's
// rule (content.Period.Stale) calls it stale, and its due date is the
// first day it is stale, for every verified day of two years (month ends,
// leap days), several periods and days around the due date.
func TestDueDateAgreesWithCheck(t *testing.T) {
	far := date("2035-01-01")
	for _, p := range []content.Period{{N: 6, Unit: "month"}, {N: 1, Unit: "month"}, {N: 1, Unit: "year"},
		{N: 90, Unit: "day"}, {N: 2, Unit: "week"}} {
		for v := date("2027-01-01"); v.Before(date("2029-01-01")); v = addDays(v, 1) {
			first := v
			for !p.Stale(v, first) {
				first = addDays(first, 1)
			}
			for _, offset := range []int{-40, -5, -3, -2, -1, 0, 1, 2, 3, 5, 40} {
				today := addDays(first, offset)
				got, stale, ok := dueDate(v, p, today, far)
				if !ok || stale != p.Stale(v, today) || got != first {
					t.Fatalf("verified %s, stale_after %s, today %s: due %s (stale %v, %v), want %s (stale %v)",
						v, p, today, got, stale, ok, first, p.Stale(v, today))
				}
			}
		}
	}
	// A listing verified on 1 March with 6 months is fresh up to 1
	// September (six months on), overdue from 2 September and from then on;
	// not on 30 and 31 August.
	v, p := date("2026-03-01"), content.Period{N: 6, Unit: "month"}
	for today := date("2026-08-25"); today.Before(date("2026-09-10")); today = addDays(today, 1) {
		got, stale, _ := dueDate(v, p, today, far)
		if got != date("2026-09-02") || stale != !today.Before(date("2026-09-02")) {
			t.Errorf("today %s: due %s, stale %v", today, got, stale)
		}
	}
}

func TestNothingDue(t *testing.T) {
	dir := directory(listing("fresh", "choir", "2026-11-01", "active"))
	r, err := Find(dir, Options{Today: date("2026-11-21"), Within: 30})
	if err != nil {
		t.Fatal(err)
	}
	var text, md, js bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if r.Total() != 0 || !strings.Contains(text.String(), "No listing is due for a check") ||
		!strings.HasPrefix(md.String(), Marker) || !strings.Contains(md.String(), "Nothing is due") {
		t.Errorf("nothing due:\n%s\n%s", text.String(), md.String())
	}
	var back struct {
		Stale, DueSoon int
		Organizations  []any
	}
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || back.Organizations == nil || len(back.Organizations) != 0 {
		t.Errorf("JSON with nothing due must have an empty list of organizations: %s (%v)", js.String(), err)
	}

	// Without stale_after nothing is ever due, and the text says how to
	// change that.
	dir.Config.StaleAfter = content.Period{}
	r, _ = Find(dir, Options{Today: date("2026-11-21"), Within: 30})
	text.Reset()
	if err := r.WriteText(&text); err != nil || !strings.Contains(text.String(), "stale_after: 6 months") {
		t.Errorf("no stale_after: %q", text.String())
	}
}

// TestMarkdownIsSafeAndBounded: titles cannot add links or HTML to the
// issue, and a directory with thousands of listings due still makes a
// body GitHub accepts.
func TestMarkdownIsSafeAndBounded(t *testing.T) {
	l := listing("walk", "ramblers", "2026-01-01", "active")
	l.Title = "Walk [click](https://evil.example) <img src=x>"
	r, err := Find(directory(l), Options{Today: date("2026-11-21"), Repository: "mb/directory"})
	if err != nil {
		t.Fatal(err)
	}
	var md bytes.Buffer
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), `Walk \[click\]\(https://evil\.example\) \<img src=x\>`) {
		t.Errorf("title not escaped:\n%s", md.String())
	}
	if !strings.Contains(md.String(), "[Edit](https://github.com/mb/directory/edit/main/content/listings/walk.md#L17) `content/listings/walk.md`, line 17") ||
		!strings.Contains(md.String(), "`verified: 2026-11-21`") {
		t.Errorf("no edit link or verified line:\n%s", md.String())
	}

	var many []*content.Listing
	for i := range 3000 {
		many = append(many, listing(fmt.Sprintf("walk-%04d", i), "ramblers", "2026-01-01", "active"))
	}
	r, _ = Find(directory(many...), Options{Today: date("2026-11-21"), Repository: "mb/directory"})
	md.Reset()
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if md.Len() > 65536 || !strings.Contains(md.String(), "more. Run `signpost due` to see them all.") {
		t.Errorf("%d bytes, ends %q", md.Len(), md.String()[md.Len()-200:])
	}
}

func TestRepositoryForms(t *testing.T) {
	for repo, want := range map[string]string{
		"mb/directory":                          "https://github.com/mb/directory/edit/main",
		"https://github.com/mb/directory":       "https://github.com/mb/directory/edit/main",
		"https://github.com/mb/directory.git":   "https://github.com/mb/directory/edit/main",
		"https://github.com/mb/directory/":      "https://github.com/mb/directory/edit/main",
		"":                                      "",
		"https://github.com/mb/directory/tree/": "error",
		"directory":                             "error",
	} {
		got, err := editBase(Options{Repository: repo})
		if err != nil {
			got = "error"
		}
		if got != want {
			t.Errorf("%q: %q, want %q (%v)", repo, got, want, err)
		}
	}
}

// TestMarkdownMentionsNobody: a title cannot notify people or teams every
// week, or link to an issue; it still reads the same.
func TestMarkdownMentionsNobody(t *testing.T) {
	l := listing("tea", "ramblers", "2026-01-01", "active")
	l.Title = "Tea @octocat @org/team #123 with@home"
	r, err := Find(directory(l), Options{Today: date("2026-11-21")})
	if err != nil {
		t.Fatal(err)
	}
	var md bytes.Buffer
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	mention := regexp.MustCompile(`@[A-Za-z0-9]|#[0-9]`)
	if m := mention.FindString(md.String()); m != "" {
		t.Errorf("%q can notify or link:\n%s", m, md.String())
	}
	if !strings.Contains(md.String(), "Tea @\u2060octocat @\u2060org/team \\#\u2060123 with@\u2060home") {
		t.Errorf("title not as written:\n%s", md.String())
	}
}

// TestEditLinksAreEscaped: an odd file name or branch stays inside the
// link and the code span.
func TestEditLinksAreEscaped(t *testing.T) {
	odd := listing("odd", "ramblers", "2026-01-01", "active")
	odd.File = "content/listings/Odd Name(x)#1?.md"
	tick := listing("tick", "ramblers", "2026-01-02", "active")
	tick.File = "content/listings/tick`x.md"
	r, err := Find(directory(odd, tick), Options{Today: date("2026-11-21"), Repository: "mb/directory", Branch: "fix/a)b#c"})
	if err != nil {
		t.Fatal(err)
	}
	got := r.Organizations[0].Listings
	if want := "https://github.com/mb/directory/edit/fix/a%29b%23c/content/listings/Odd%20Name%28x%29%231%3F.md#L17"; got[0].EditURL != want {
		t.Errorf("edit link %q, want %q", got[0].EditURL, want)
	}
	if _, err := url.Parse(got[0].EditURL); err != nil {
		t.Error(err)
	}
	var md bytes.Buffer
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "(https://github.com/mb/directory/edit/fix/a%29b%23c/content/listings/tick%60x.md#L17) ``content/listings/tick`x.md``, line 17") {
		t.Errorf("backtick in the file name:\n%s", md.String())
	}
}

// TestListingsWithErrorsAreLeftOut: a listing whose file check rejects (a
// bad id, a bad reference) is not listed; one with only warnings is.
func TestListingsWithErrorsAreLeftOut(t *testing.T) {
	bad := listing("bad", "ramblers", "2026-01-01", "active")
	warned := listing("warned", "ramblers", "2026-01-01", "active")
	msgs := diag.List{
		{Severity: diag.Error, Code: diag.BadID, Location: &diag.Location{File: bad.File, Line: 1, Column: 1}},
		{Severity: diag.Warning, Code: diag.Stale, Location: &diag.Location{File: warned.File, Line: 17, Column: 11}},
	}
	r, err := Find(directory(bad, warned), Options{Today: date("2026-11-21"), Messages: msgs})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total() != 1 || r.Organizations[0].Listings[0].ID != "warned" {
		t.Errorf("listed %+v", r.Organizations)
	}
}

// TestFilesAreWrittenFromTheRoot: paths are relative to the root the
// caller gives; a file outside it keeps the name check gives it and gets
// no edit link (it is not in the repository).
func TestFilesAreWrittenFromTheRoot(t *testing.T) {
	root := t.TempDir()
	for _, tt := range []struct {
		file, want string
		link       bool
	}{
		{filepath.Join(root, "content", "listings", "walk.md"), "content/listings/walk.md", true},
		{filepath.Join(root, "..x", "walk.md"), "..x/walk.md", true},
		{filepath.Join(filepath.Dir(root), "elsewhere", "walk.md"), filepath.ToSlash(filepath.Join(filepath.Dir(root), "elsewhere", "walk.md")), false},
	} {
		l := listing("walk", "ramblers", "2026-01-01", "active")
		l.File = tt.file
		r, err := Find(directory(l), Options{Today: date("2026-11-21"), Repository: "mb/directory", Root: root})
		if err != nil {
			t.Fatal(err)
		}
		got := r.Organizations[0].Listings[0]
		if got.File != tt.want || (got.EditURL != "") != tt.link {
			t.Errorf("%s: file %q, link %q; want %q, link %v", tt.file, got.File, got.EditURL, tt.want, tt.link)
		}
	}
	// Without a root, a relative path is the repository's; ../ is not.
	l := listing("walk", "ramblers", "2026-01-01", "active")
	l.File = "../content/listings/walk.md"
	r, _ := Find(directory(l), Options{Today: date("2026-11-21"), Repository: "mb/directory"})
	if got := r.Organizations[0].Listings[0]; got.File != l.File || got.EditURL != "" {
		t.Errorf("outside the repository: %+v", got)
	}
}
