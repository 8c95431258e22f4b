package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"time"

	"github.com/signpost-directory/signpost/site"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/due"
	"github.com/signpost-directory/signpost/site/schedule"
)

const dueHelp = `Usage: signpost due [--within DAYS] [--today DATE] [--format text|json|markdown] [--repository OWNER/NAME] [--branch NAME] [--content DIR]

Lists the listings whose details are due to be confirmed with their
organizers again, by organization: those last checked longer ago than
stale_after in directory.yaml (overdue: signpost check warns about them),
and those that will be within the next days (--within). Each line names the
file and the line of its verified date, which is what to change once the
details are confirmed. Ended activities are left out.

--format json is for tools; --format markdown is the body of the issue the
verification workflow keeps up to date, with a link that opens each file in
GitHub's web editor. The links use --repository and --branch, else the
GITHUB_REPOSITORY and GITHUB_REF_NAME variables GitHub Actions sets, else
repository in directory.yaml and the branch main. File paths are written
relative to the current folder: run signpost from the repository's root
(a file outside it gets no link).

Exit status: 0 when the list was made (whether or not anything is due),
2 when it could not be made, as when directory.yaml has errors (stale_after
and the time zone come from it). Listings with errors are left out:
signpost check explains them.
`

func runDue(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, contentDir := newFlags("due", dueHelp, stderr)
	within := fs.Int("within", 30, "also list listings that will be due within this many `days`")
	todayFlag := fs.String("today", "", "list what is due as if today were this `date` (YYYY-MM-DD)")
	format := fs.String("format", "text", "how to print the list: `text` for people, json for tools, markdown for an issue")
	repository := fs.String("repository", "", "the GitHub repository the edit links open, as `OWNER/NAME`")
	branch := fs.String("branch", "", "the `branch` the edit links open")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "signpost due: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	switch *format {
	case "text", "json", "markdown":
	default:
		fmt.Fprintf(stderr, "signpost due: --format must be text, json or markdown, not %q\n", *format)
		return exitUsage
	}
	if *within < 0 || *within > due.MaxWithin {
		fmt.Fprintf(stderr, "signpost due: --within must be a number of days from 0 to %d, not %d\n", due.MaxWithin, *within)
		return exitUsage
	}
	opts, err := checkOptions(*todayFlag)
	if err != nil {
		fmt.Fprintf(stderr, "signpost due: %v\n", err)
		return exitUsage
	}
	if noContent(stderr, "due", *contentDir) {
		return exitUsage
	}
	res, err := site.Check(ctx, site.CheckOptions{ContentDir: *contentDir, Check: opts})
	if err != nil {
		fmt.Fprintf(stderr, "signpost due: %v\n", err)
		return exitUsage
	}
	if res.Directory == nil {
		fmt.Fprintf(stderr, "signpost due: the content folder could not be read. Run signpost check to see why.\n")
		return exitUsage
	}
	// Without its settings the list would be empty, and the verification
	// workflow would take that for "nothing is due".
	if settingsHaveErrors(res.Messages, *contentDir) {
		fmt.Fprintf(stderr, "signpost due: directory.yaml has errors: run signpost check to see them. "+
			"Without its settings (stale_after, timezone) nothing can be listed.\n")
		return exitUsage
	}
	if res.Messages.HasErrors() {
		fmt.Fprintf(stderr, "signpost due: the content has errors, and listings with errors are not listed. "+
			"Run signpost check to see them.\n")
	}
	today := opts.Today
	if today.IsZero() {
		// As check measures: today in the directory's time zone.
		now := time.Now()
		if loc := res.Directory.Config.Location; loc != nil {
			now = now.In(loc)
		}
		today = schedule.DateOf(now)
	}
	root, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "signpost due: finding the current folder: %v\n", err)
		return exitUsage
	}
	repo := cmp.Or(*repository, os.Getenv("GITHUB_REPOSITORY"), res.Directory.Config.Repository)
	report, err := due.Find(res.Directory, due.Options{
		Today: today, Within: *within, Repository: repo,
		Server: os.Getenv("GITHUB_SERVER_URL"), Branch: cmp.Or(*branch, os.Getenv("GITHUB_REF_NAME")),
		Root: root, Messages: res.Messages,
	})
	if err != nil {
		fmt.Fprintf(stderr, "signpost due: %v\n", err)
		return exitUsage
	}
	switch *format {
	case "json":
		err = report.WriteJSON(stdout)
	case "markdown":
		err = report.WriteMarkdown(stdout)
	default:
		err = report.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "signpost due: writing the list: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// settingsHaveErrors reports whether directory.yaml of the content folder
// is missing or has an error.
func settingsHaveErrors(msgs diag.List, contentDir string) bool {
	settings := path.Join(filepath.ToSlash(contentDir), "directory.yaml")
	return slices.ContainsFunc(msgs, func(m diag.Message) bool {
		return m.Severity == diag.Error &&
			(m.Code == diag.MissingDirectory || m.Location != nil && filepath.ToSlash(m.Location.File) == settings)
	})
}
