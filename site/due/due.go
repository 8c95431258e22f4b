// Package due finds the listings whose details are due to be confirmed
// with their organizers again: those nobody has confirmed for longer than
// the directory's stale_after ("stale", the ones check warns about) and
// those that will be within a few days ("due soon"). It groups them by
// organization, with the file, the line of its verified date and a link
// that opens the file in GitHub's web editor, for people (`signpost due`),
// for a scheduled workflow (JSON) and for the body of the issue that
// workflow keeps up to date (Markdown).
package due

import (
	"cmp"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/schedule"
)

// MaxWithin is the longest look ahead, in days: a year.
const MaxWithin = 366

// State says whether a listing is already stale or soon will be.
type State string

const (
	// Stale listings were last confirmed longer than stale_after ago.
	Stale State = "stale"
	// Soon listings become stale within the days looked ahead.
	Soon State = "due-soon"
)

// Options say what to look for and how to link to it.
type Options struct {
	// Today is the date the listings are measured against (required).
	Today schedule.Date
	// Within is how many days ahead to look for listings that will become
	// stale; 0 lists only the stale ones.
	Within int
	// Repository is the GitHub repository, as "owner/name" or its web
	// address; empty leaves the edit links out.
	Repository string
	// Server is GitHub's address (default https://github.com), for
	// GitHub Enterprise.
	Server string
	// Branch is the branch the edit links open (default "main").
	Branch string
	// Root is the repository's root, the folder file paths are written
	// relative to. A listing whose file is not inside it is written as
	// check names it, without an edit link. Empty: the paths are written
	// as check names them, and links made from them.
	Root string
	// Messages are check's findings for the directory. A listing whose file
	// has an error is left out, as it is left out of the site: check
	// explains it.
	Messages diag.List
}

// Listing is one listing that is due.
type Listing struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// File is the listing's file, relative to the repository's root.
	File string `json:"file"`
	// Line is the line of File with verified.
	Line     int    `json:"line"`
	Status   string `json:"status"`
	Verified string `json:"verified"`
	// Due is the first day check calls the listing stale.
	Due   string `json:"due"`
	State State  `json:"state"`
	// EditURL opens File in GitHub's web editor at Line ("" when the
	// repository is not known).
	EditURL string `json:"edit_url,omitempty"`
}

// Organization is one organization's listings that are due.
type Organization struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Listings []Listing `json:"listings"`
}

// Report is everything that is due. Its JSON form is what the
// verification workflow reads; Version changes only when a reader of the
// old form would misread the new.
type Report struct {
	Version int    `json:"version"`
	Today   string `json:"today"`
	Within  int    `json:"within_days"`
	// StaleAfter is the directory's stale_after ("" when it has none, and
	// then nothing is ever due).
	StaleAfter    string         `json:"stale_after"`
	Stale         int            `json:"stale"`
	Soon          int            `json:"due_soon"`
	Organizations []Organization `json:"organizations"`
}

// Total is the number of listings due.
func (r *Report) Total() int { return r.Stale + r.Soon }

// Find lists the listings of dir that are due on opts.Today or within
// opts.Within days of it. Ended activities are left out: nobody is
// prescribed them, so their details need no confirming.
func Find(dir *content.Directory, opts Options) (*Report, error) {
	if opts.Today.IsZero() {
		return nil, fmt.Errorf("no date to measure against")
	}
	if opts.Within < 0 || opts.Within > MaxWithin {
		return nil, fmt.Errorf("the days to look ahead must be from 0 to %d, not %d", MaxWithin, opts.Within)
	}
	base, err := editBase(opts)
	if err != nil {
		return nil, err
	}
	period := dir.Config.StaleAfter
	r := &Report{Version: 1, Today: opts.Today.String(), Within: opts.Within, Organizations: []Organization{}}
	if period.IsZero() {
		return r, nil
	}
	r.StaleAfter = period.String()
	last := addDays(opts.Today, opts.Within)
	rejected := map[string]bool{}
	for _, m := range opts.Messages {
		if m.Severity == diag.Error && m.Location != nil {
			rejected[filepath.ToSlash(m.Location.File)] = true
		}
	}
	groups := map[string]*Organization{}
	for _, l := range dir.Listings {
		if l.Status == "ended" || l.Verified.IsZero() || rejected[filepath.ToSlash(l.File)] {
			continue
		}
		dueOn, stale, ok := dueDate(l.Verified, period, opts.Today, last)
		if !ok {
			continue
		}
		file, inRepo := repoPath(l.File, opts.Root)
		item := Listing{ID: l.ID, Title: l.Title, File: file, Line: l.VerifiedLine,
			Status: l.Status, Verified: l.Verified.String(), Due: dueOn.String(), State: Soon}
		if stale {
			item.State = Stale
			r.Stale++
		} else {
			r.Soon++
		}
		if base != "" && inRepo {
			item.EditURL = fmt.Sprintf("%s/%s#L%d", base, escapePath(item.File), item.Line)
		}
		g := groups[l.Organization]
		if g == nil {
			g = &Organization{ID: l.Organization, Name: l.Organization}
			if o := dir.Organization(l.Organization); o != nil {
				g.Name = o.Name
			}
			groups[l.Organization] = g
		}
		g.Listings = append(g.Listings, item)
	}
	for _, g := range groups {
		slices.SortFunc(g.Listings, func(a, b Listing) int {
			return cmp.Or(cmp.Compare(a.Due, b.Due), cmp.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID))
		})
		r.Organizations = append(r.Organizations, *g)
	}
	slices.SortFunc(r.Organizations, func(a, b Organization) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ID, b.ID))
	})
	return r, nil
}

// dueDate applies check's rule (content.Period.Stale) to a listing
// verified on verified: whether it is stale today, and the first day it
// is stale, when it is or when that day is no later than last (ok is
// false when it is neither).
func dueDate(verified schedule.Date, period content.Period, today, last schedule.Date) (due schedule.Date, stale, ok bool) {
	due = period.StaleFrom(verified)
	if period.Stale(verified, today) {
		return due, true, true
	}
	if due.After(last) {
		return schedule.Date{}, false, false
	}
	return due, false, true
}

func addDays(d schedule.Date, n int) schedule.Date {
	return schedule.DateOf(d.Time(nil).AddDate(0, 0, n))
}

// repoPath is file relative to root, with forward slashes, as GitHub's
// addresses write it, and whether it is inside root. Without a root, a
// relative path is taken as relative to the repository's root.
func repoPath(file, root string) (string, bool) {
	if root == "" {
		clean := filepath.Clean(file)
		return filepath.ToSlash(clean), filepath.IsLocal(clean)
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return filepath.ToSlash(file), false
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return filepath.ToSlash(file), false
	}
	return filepath.ToSlash(rel), true
}

// escapePath escapes each segment of a slash-separated path for a web
// address, so that spaces, brackets, # and ? stay part of the path.
func escapePath(p string) string {
	segments := strings.Split(p, "/")
	for i, s := range segments {
		segments[i] = url.PathEscape(s)
	}
	return strings.Join(segments, "/")
}

// editBase is the address of the web editor for the branch, without the
// file: https://github.com/OWNER/REPO/edit/BRANCH.
func editBase(opts Options) (string, error) {
	repo := strings.TrimSpace(opts.Repository)
	if repo == "" {
		return "", nil
	}
	server := strings.TrimSuffix(cmp.Or(opts.Server, "https://github.com"), "/")
	if rest, ok := strings.CutPrefix(repo, server+"/"); ok {
		repo = rest
	}
	repo = strings.TrimSuffix(strings.TrimSuffix(repo, "/"), ".git")
	owner, name, ok := strings.Cut(repo, "/")
	if !ok || owner == "" || name == "" || strings.ContainsAny(name, "/ ?#") || strings.ContainsAny(owner, " ?#:") {
		return "", fmt.Errorf("the repository %q is not like owner/name or %s/owner/name", opts.Repository, server)
	}
	return fmt.Sprintf("%s/%s/%s/edit/%s", server, owner, name, escapePath(cmp.Or(opts.Branch, "main"))), nil
}
