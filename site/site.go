// Package site runs signpost's pipeline from top to bottom: load the content
// folder, check it, then hand the checked model to each output (the pages
// rendered by Hugo, the search index, the printable sheets, the open data
// feeds) and publish the result in one step. Each stage lives in its own
// package below this one; this package only orders them, the way a reader
// would expect: load, check, render, write.
package site

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/load"
)

// CheckOptions say which content folder to check and how.
type CheckOptions struct {
	// ContentDir is the content folder, e.g. "content".
	ContentDir string
	// Check passes options on to the checker.
	Check check.Options
	// Checker, when set, is reused, so that checking again re-reads only
	// the files that changed since its last run (as `serve` does).
	Checker *check.Checker
	// Cache, when set, is a folder where the check keeps, for the next
	// run, which files passed the checks that read only the file itself,
	// so they are not validated again until they change (check.Verdicts).
	Cache string
}

// CheckResult is what checking a content folder found.
type CheckResult struct {
	Directory *content.Directory // nil when the folder could not be read
	Messages  diag.List
	// Files counts the files read, by kind, whether or not they had problems.
	Files    map[load.Kind]int
	Duration time.Duration
	// ThemeFiles lists the theme overrides in the content folder's _theme
	// folder, relative to it. They are templates: the one part of the
	// content folder that is code, so check names them for reviewers.
	ThemeFiles []string
}

// Check loads and checks a content folder. The error is for problems with
// the folder as a whole (it does not exist); problems in files are Messages.
func Check(ctx context.Context, opts CheckOptions) (*CheckResult, error) {
	start := time.Now()
	info, err := os.Stat(opts.ContentDir)
	if err != nil {
		return nil, fmt.Errorf("content folder %s: %w", opts.ContentDir, err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("content folder %s is not a folder", opts.ContentDir)
	}
	checker := opts.Checker
	if checker == nil {
		if checker, err = check.NewForOneRun(); err != nil {
			return nil, err
		}
	}
	folder, err := load.Scan(load.Dir(opts.ContentDir), opts.ContentDir)
	if err != nil {
		return nil, err
	}
	checkOpts := opts.Check
	if opts.Cache != "" && checkOpts.Verdicts == nil {
		// Without them (signpost may not be allowed to read its own
		// program file, which names them), every file is checked: they
		// only save time.
		checkOpts.Verdicts, _ = loadVerdicts(opts.Cache, opts.ContentDir)
	}
	dir, msgs := checker.Run(ctx, folder, checkOpts)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if checkOpts.Verdicts != nil && checkOpts.Verdicts != opts.Check.Verdicts {
		// Losing them only costs the next run time, and a read-only
		// cache folder must not stop a check.
		_ = checkOpts.Verdicts.Save()
	}
	counts := map[load.Kind]int{}
	for _, e := range folder.Entries {
		counts[e.Kind]++
	}
	themeFiles, refused, err := themeFiles(filepath.Join(opts.ContentDir, "_theme"))
	if err != nil {
		return nil, err
	}
	msgs = append(msgs, refused...)
	return &CheckResult{Directory: dir, Messages: msgs, Files: counts, Duration: time.Since(start),
		ThemeFiles: themeFiles}, nil
}

// loadVerdicts reads what the last check of contentDir kept in the cache
// folder: each content folder has its own file there, so checking two
// folders in turn does not make each forget the other.
func loadVerdicts(cache, contentDir string) (*check.Verdicts, error) {
	abs, err := filepath.Abs(contentDir)
	if err != nil {
		return nil, fmt.Errorf("content folder %s: %w", contentDir, err)
	}
	sum := sha256.Sum256([]byte(abs))
	return check.LoadVerdicts(filepath.Join(cache, hex.EncodeToString(sum[:8])))
}

// themeFiles lists the files under dir, the content folder's theme
// overrides (which need not exist), relative to it. Links and special
// files there are refused as in the rest of the content folder: a build
// would refuse them, and check must say so first.
func themeFiles(dir string) (files []string, refused diag.List, err error) {
	info, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("theme overrides %s: %w", dir, err)
	}
	if !info.IsDir() {
		return nil, diag.List{notAFile(dir)}, nil
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		if !d.IsDir() && !d.Type().IsRegular() || d.Type()&fs.ModeSymlink != 0 {
			refused = append(refused, notAFile(path))
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		files = append(files, filepath.ToSlash(rel))
		if m, outdated := outdatedListingPage(path, filepath.ToSlash(rel)); outdated {
			refused = append(refused, m)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("listing the theme overrides: %w", err)
	}
	return files, refused, nil
}

// outdatedOverrides warns about outdated theme overrides in the folders
// other than content/_theme, which Check looks at itself (a --theme
// folder, or a theme folder where signpost runs).
func outdatedOverrides(contentDir string, overrides []string) diag.List {
	var msgs diag.List
	for _, dir := range overrides {
		if dir == filepath.Join(contentDir, "_theme") {
			continue
		}
		const page = "layouts/listings/page.html"
		if m, outdated := outdatedListingPage(filepath.Join(dir, filepath.FromSlash(page)), page); outdated {
			msgs = append(msgs, m)
		}
	}
	return msgs
}

// outdatedListingPage warns about a replacement of the listing page
// written before a listing's detail moved out of its front matter: it
// would build, but show listings without their schedule, place, contact
// and JSON-LD.
func outdatedListingPage(path, rel string) (diag.Message, bool) {
	if rel != "layouts/listings/page.html" {
		return diag.Message{}, false
	}
	text, err := os.ReadFile(path)
	if err != nil || strings.Contains(string(text), ".Params.detail") {
		return diag.Message{}, false
	}
	name := filepath.ToSlash(path)
	return diag.Message{Severity: diag.Warning, Code: diag.ThemeOutdated, Location: &diag.Location{File: name, Line: 1, Column: 1},
		Text: name + " does not read the listing's detail files, so listing pages would show no schedule, place or contact",
		Hint: "Since this signpost, what only a listing's page shows is in files named by .Params.detail.\n" +
			"Copy the lines that read them from the built-in theme's layouts/listings/page.html (its head block and the start of main)."}, true
}

// notAFile refuses a theme override that is a link or a special file.
func notAFile(path string) diag.Message {
	name := filepath.ToSlash(path)
	return diag.Message{Severity: diag.Error, Code: diag.NotAFile, Location: &diag.Location{File: name, Line: 1, Column: 1},
		Text: name + " is a link or a special file, not an ordinary file or folder",
		Hint: "Theme overrides must be ordinary files, so that no change can publish a file from elsewhere.\n" +
			"Replace the link with a copy of what it points to, or delete it."}
}
