package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/signpost-directory/signpost/site/initdir"
)

const initHelp = `Usage: signpost init [--repository OWNER/NAME] DIR

Starts a new directory repository in the folder DIR (new or empty):

  content/directory.yaml   the directory's settings, every one explained
  content/listings/, organizations/, venues/
                           one example of each, which fail signpost check
                           until every TODO in them is replaced
  .github/workflows/       check.yml (every pull request), deploy.yml
                           (GitHub Pages) and verify.yml (the weekly
                           verification round), calling signpost's reusable
                           workflows at version ` + initdir.SignpostVersion + `
  .github/                 issue forms, a CODEOWNERS example, a pull
                           request template, Dependabot for upgrades
  README.md, CONTRIBUTING.md
                           for the people who run and update the directory

Then fill in the TODOs (signpost check says where), push the folder to a
new GitHub repository and switch on Pages ("For the people who run the
directory" in CONTRIBUTING.md). To upgrade signpost later, change the
version after @ in the three workflows. Nothing is ever overwritten.
`

func runInit(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("signpost init", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s\nOptions:\n", initHelp)
		printOptions(fs)
	}
	repository := fs.String("repository", "", "the GitHub repository it will live in, as `OWNER/NAME` like your-org/your-directory (fills in the links to it)")
	if code, ok := parseFlags(fs, reorderValueFlags(args, "--repository")); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "signpost init: name the folder to create, e.g. signpost init millbrook-directory")
		return exitUsage
	}
	dir := fs.Arg(0)
	written, err := initdir.Write(initdir.Options{Dir: dir, Repository: *repository})
	if err != nil {
		fmt.Fprintf(stderr, "signpost init: %v\n", err)
		if len(written) > 0 {
			fmt.Fprintf(stderr, "%s was left partly written (%d of its files). Delete the folder, fix the problem above, "+
				"and run signpost init again.\n", dir, len(written))
		}
		return exitUsage
	}
	fmt.Fprintf(stdout, "Started a new directory in %s (%d files).\n", dir, len(written))
	fmt.Fprintf(stdout, "Its workflows call signpost's reusable workflows at release %s and download that release,\n"+
		"so it must be on https://github.com/signpost-directory/signpost/releases", initdir.SignpostVersion)
	if v := version(); v != initdir.SignpostVersion {
		fmt.Fprintf(stdout, " (this signpost: %s)", strings.Trim(v, "()"))
	}
	fmt.Fprint(stdout, ".\n\nNext:\n")
	fmt.Fprintf(stdout, "  1. cd %s, then run signpost check: it shows every TODO to fill in, in\n"+
		"     content/directory.yaml and in the three examples (replace or delete them).\n", quoteArg(dir))
	fmt.Fprintln(stdout, "  2. Put the folder on GitHub as a new repository, and in its Settings → Pages choose")
	fmt.Fprintln(stdout, "     \"GitHub Actions\" as the source.")
	fmt.Fprintln(stdout, "  3. Read \"For the people who run the directory\" in CONTRIBUTING.md.")
	if *repository == "" {
		fmt.Fprintln(stdout, "\nTip: signpost init --repository your-org/your-directory DIR fills in the links to the repository.")
	}
	return exitOK
}
