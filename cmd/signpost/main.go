// Command signpost turns a folder of community activity listings into a
// website, printable prescription sheets and open data feeds, and checks
// the listings so that nothing broken is ever published.
//
// This file only wires command-line flags to the packages under site/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // time zones work on machines without a zoneinfo database

	"github.com/signpost-directory/signpost/site"
	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/parts"
	"github.com/signpost-directory/signpost/site/scaffold"
	"github.com/signpost-directory/signpost/site/schedule"
	"github.com/signpost-directory/signpost/site/serve"
	"github.com/signpost-directory/signpost/site/sheets"
	"github.com/signpost-directory/signpost/site/suggest"
)

// Exit codes, as documented in --help.
const (
	exitOK       = 0
	exitProblems = 1
	exitUsage    = 2
	// exitInterrupted is for work that did not stop within stopGrace of
	// Ctrl+C, as shells report a process ended by SIGINT.
	exitInterrupted = 130
)

const usage = `signpost keeps a directory of community activities for social prescribing.

Usage:
  signpost <command> [options]

Commands:
  init       Start a new directory repository: settings, examples, GitHub workflows.
  build      Check the content and build the website into a folder (default "public").
  check      Check every file in the content folder and explain any problems.
  serve      Build the site and show it at http://127.0.0.1:1313/, updating it as you edit.
  new        Create a new listing, organization or venue from a commented template.
  import     Turn a spreadsheet (CSV) or an Open Referral (HSDS) feed into content files.
  export     Write every listing as one row of a spreadsheet (CSV).
  merge      Put together the parts of a site built in parts (build --part).
  due        List the listings due to be confirmed with their organizers again.
  version    Print the version of signpost and the commit it was built from.

Options for every command:
  --content DIR   the content folder (default "content")

Run "signpost <command> --help" for the options of one command.

Exit status: 0 when everything is fine, 1 when the content has problems,
2 when the command itself could not run (wrong options, missing folder).
`

func main() {
	tuneMemory()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go stopAnyway(ctx, stop)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// stopGrace is how long the work may take to stop after Ctrl+C or SIGTERM.
const stopGrace = 2 * time.Second

// stopAnyway ends the process stopGrace after the first Ctrl+C or SIGTERM,
// even if some work (a file deep in a Markdown or YAML reader) does not
// notice the cancellation, and at once on a second Ctrl+C. Nothing is
// published by a stopped build, and the temporary folders it leaves carry
// a marker, so the next run removes them.
func stopAnyway(ctx context.Context, stop context.CancelFunc) {
	<-ctx.Done()
	stop() // from now on, a second Ctrl+C stops the process at once
	time.Sleep(stopGrace)
	fmt.Fprintf(os.Stderr, "signpost: still stopping after %s; stopped.\n", stopGrace)
	os.Exit(exitInterrupted)
}

// run is main without the process: it takes arguments and writers and
// returns the exit code, so tests can drive the real command.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	args = moveGlobalFlags(args)
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "check":
		return runCheck(ctx, args[1:], stdout, stderr)
	case "build":
		return runBuild(ctx, args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "new":
		return runNew(args[1:], stdout, stderr)
	case "import":
		return runImport(ctx, args[1:], stdout, stderr)
	case "export":
		return runExport(ctx, args[1:], stdout, stderr)
	case "merge":
		return runMerge(ctx, args[1:], stderr)
	case "due":
		return runDue(ctx, args[1:], stdout, stderr)
	case "init":
		return runInit(args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "signpost", version())
		return exitOK
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintln(stderr, unknownCommand(args[0]))
	return exitUsage
}

// unknownCommand says that name is no command, and which one was probably
// meant.
func unknownCommand(name string) string {
	commands := []string{"init", "build", "check", "serve", "new", "import", "export", "merge", "due", "version"}
	msg := fmt.Sprintf("signpost: there is no command %q.", name)
	if near := suggest.Closest(name, commands); near != "" {
		return msg + fmt.Sprintf(" Did you mean %s?\nRun \"signpost --help\" to see what each command does.", near)
	}
	return msg + fmt.Sprintf(" The commands are %s.\nRun \"signpost --help\" to see what each does.", strings.Join(commands, ", "))
}

// moveGlobalFlags lets --content come before the command
// ("signpost --content x check") by moving it after the command name.
func moveGlobalFlags(args []string) []string {
	var global []string
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		a := args[0]
		if a != "--content" && a != "-content" && !strings.HasPrefix(a, "--content=") && !strings.HasPrefix(a, "-content=") {
			break
		}
		if !strings.Contains(a, "=") && len(args) > 1 {
			global = append(global, a, args[1])
			args = args[2:]
			continue
		}
		global = append(global, a)
		args = args[1:]
	}
	if len(args) == 0 || len(global) == 0 {
		return append(global, args...)
	}
	return append(append([]string{args[0]}, global...), args[1:]...)
}

// version says which signpost this is, from the build information Go
// stamps into the binary: the module version ("v1.2.3" for a release built
// from its tag or installed with "go install …@v1.2.3", a pseudo-version
// like "v0.0.0-20261130120000-0123456789ab" for a build from another
// commit) and, when it was built from a git checkout, the commit.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(development build)"
	}
	return versionText(info)
}

// versionText is version for the given build information.
func versionText(info *debug.BuildInfo) string {
	v := info.Main.Version
	// "go run" and "go build" without git stamp "(devel)".
	if v == "" || v == "(devel)" {
		v = "(development build)"
	}
	var commit, when string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if commit == "" {
		// "go install …@version" builds from the module's zip, which
		// carries no commit: the version names the release.
		return v
	}
	if len(commit) > 12 {
		commit = commit[:12]
	}
	details := "commit " + commit
	if t, err := time.Parse(time.RFC3339, when); err == nil {
		details += " of " + t.UTC().Format(time.DateOnly)
	}
	if modified {
		details += ", with changes not committed"
	}
	return fmt.Sprintf("%s (%s)", v, details)
}

// defaultContent is the content folder when --content is not given.
const defaultContent = "content"

// newFlags makes a flag set with the shared --content option and a help
// text that starts with what the command is for.
func newFlags(name, about string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("signpost "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	contentDir := fs.String("content", defaultContent, "the content `folder`")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s\nOptions:\n", about)
		printOptions(fs)
	}
	return fs, contentDir
}

// printOptions lists the options as --name, as the usage lines and the
// messages write them: Go's PrintDefaults writes -name, and one text
// teaching two spellings makes people wonder which is right.
func printOptions(fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if arg != "" {
			line += " " + arg
		}
		fmt.Fprintf(fs.Output(), "%s\n      %s", line, usage)
		if f.DefValue != "" && f.DefValue != "false" {
			fmt.Fprintf(fs.Output(), " (default: %s)", f.DefValue)
		}
		fmt.Fprintln(fs.Output())
	})
}

// parseFlags parses and reports whether to go on; --help exits 0. A
// mistake is said in one line with where to look, rather than followed by
// the whole help text.
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	// The flag package prints its own message and the help on every
	// mistake: keep them, to say it once in our words.
	out, usage := fs.Output(), fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.SetOutput(out)
	fs.Usage = usage
	if errors.Is(err, flag.ErrHelp) {
		fs.Usage()
		return exitOK, false
	}
	if err != nil {
		fmt.Fprintf(out, "%s: %s\nRun \"%s --help\" to see its options.\n", fs.Name(), optionError(fs, err), fs.Name())
		return exitUsage, false
	}
	return 0, true
}

// optionError says what the flag package found wrong, with options
// written --name as everywhere else, and the nearest option to one that
// does not exist.
func optionError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		text := fmt.Sprintf("there is no option --%s.", name)
		if near := suggest.Closest(name, names); near != "" {
			text += fmt.Sprintf(" Did you mean --%s?", near)
		}
		return text
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return fmt.Sprintf("--%s needs a value after it.", name)
	}
	return singleDash.ReplaceAllString(msg, "$1--$2")
}

// singleDash finds an option written -name in the flag package's messages.
var singleDash = regexp.MustCompile(`(^|[ :])-([a-z])`)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, contentDir := newFlags("check", `Usage: signpost check [--strict] [--format text|github|json] [--today DATE] [--content DIR]

Checks every listing, organization and venue in the content folder: required
details, spelling of fields and categories, schedules, links to other files,
phone numbers, postcodes, and listings nobody has checked for a while.
Each problem names the file, line and column, and says how to fix it.
To be quicker next time, it remembers in your cache folder which files had
nothing wrong, and how it read them (about half a kilobyte a listing), only
until they change, or signpost does.

Exit status: 0 when nothing is wrong (warnings allowed unless --strict),
1 when there are errors, 2 when the check could not run.
`, stderr)
	strict := fs.Bool("strict", false, "fail on warnings too (such as listings not checked for a long time)")
	format := fs.String("format", "text", "how to print problems: `text` for people, github for GitHub Actions annotations, json for tools")
	todayFlag := fs.String("today", "", "check as if today were this `date` (YYYY-MM-DD), e.g. to see what will be out of date next month")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	opts, err := checkOptions(*todayFlag)
	if err != nil {
		fmt.Fprintf(stderr, "signpost check: %v\n", err)
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "signpost check: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if noContent(stderr, "check", *contentDir) {
		return exitUsage
	}
	switch *format {
	case "text", "github", "json":
	default:
		fmt.Fprintf(stderr, "signpost check: --format must be text, github or json, not %q\n", *format)
		return exitUsage
	}

	res, err := site.Check(ctx, site.CheckOptions{ContentDir: *contentDir, Check: opts, Cache: cacheFolder("check")})
	if err != nil {
		fmt.Fprintf(stderr, "signpost check: %v\n", err)
		return exitUsage
	}
	msgs := res.Messages
	switch *format {
	case "github":
		err = diag.WriteGitHub(stdout, msgs)
		if err == nil && len(res.ThemeFiles) > 0 {
			_, err = fmt.Fprintf(stdout, "::notice title=Theme overrides in use::%s\n", themeNotice(*contentDir, res.ThemeFiles))
		}
	case "json":
		err = diag.WriteJSON(stdout, msgs)
	default:
		err = diag.WriteText(stdout, msgs, diag.TextOptions{Color: isTerminal(stdout)})
		if err == nil && len(res.ThemeFiles) > 0 {
			_, err = fmt.Fprintf(stdout, "%s\n\n", themeNotice(*contentDir, res.ThemeFiles))
		}
		if err == nil {
			_, err = fmt.Fprintln(stdout, summary(res))
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "signpost check: writing the report: %v\n", err)
		return exitUsage
	}
	if msgs.HasErrors() || (*strict && len(msgs) > 0) {
		return exitProblems
	}
	return exitOK
}

// noContent says, when dir is not a folder, where signpost looked and how
// to point it at the content: run outside a directory's folder, Go's own
// "stat content: no such file or directory" tells a volunteer nothing.
// Other errors (no permission) are left to the command, which names them.
func noContent(stderr io.Writer, command, dir string) bool {
	info, err := os.Stat(dir)
	if err == nil && info.IsDir() || err != nil && !errors.Is(err, os.ErrNotExist) {
		return false
	}
	where := dir
	if abs, err := filepath.Abs(dir); err == nil {
		where = abs
	}
	switch {
	case err == nil:
		fmt.Fprintf(stderr, "signpost %s: %s is a file, not a content folder.\n", command, where)
	case dir != defaultContent:
		fmt.Fprintf(stderr, "signpost %s: there is no content folder %s (check the name after --content).\n", command, where)
		return true
	default:
		fmt.Fprintf(stderr, "signpost %s: there is no content folder here: %s does not exist.\n", command, where)
	}
	fmt.Fprintf(stderr, "Run signpost in your directory's folder (the one with the content folder in it),\n"+
		"or say where the content folder is: signpost %s --content path/to/content\n", command)
	return true
}

// themeNotice tells reviewers that the content folder holds templates.
func themeNotice(contentDir string, files []string) string {
	shown := files
	if len(shown) > 5 {
		shown = append(slices.Clone(shown[:5]), "…")
	}
	return fmt.Sprintf("Theme overrides in %s/_theme are in use (%d files: %s). They are templates, the one part of "+
		"the content folder that is code and runs at build time: review changes to them as code.",
		filepath.ToSlash(contentDir), len(files), strings.Join(shown, ", "))
}

// hugoVerbose explains --verbose. Hugo's own lines are for whoever works
// on the theme; what breaks a page is reported without them.
const hugoVerbose = "also show the messages of Hugo, the program that writes the pages (for theme work)"

// checkOptions reads the --today flag.
func checkOptions(today string) (check.Options, error) {
	if today == "" {
		return check.Options{}, nil
	}
	t, err := time.Parse(time.DateOnly, today)
	if err != nil {
		return check.Options{}, fmt.Errorf("--today must be a date like 2026-11-21, not %q", today)
	}
	return check.Options{Today: schedule.DateOf(t)}, nil
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, contentDir := newFlags("build", `Usage: signpost build [--out DIR] [--base-url URL] [--paper a4|letter] [--theme DIR] [--today DATE] [--part N/M] [--verbose] [--content DIR]

Checks the content and, when there are no errors, builds the website into
the output folder (default "public"): a page for every listing, category,
need, organization and venue, a one-page printable prescription sheet (PDF)
for every listing, open data feeds (HSDS, JSON Feed, iCalendar), a sitemap
and a report. Publish the folder on any static web host. To look through
the site first, use signpost serve: pages opened straight from the folder
show without their styles, and their links do not work.

The new site replaces the output folder only when the whole build has
succeeded; a failed build leaves the previous site exactly as it was.
A summary (counts, listings needing a check, gaps in what the directory
offers, time per stage) is printed on stderr and saved as report.json.

Rebuilds are quicker: signpost keeps in your cache folder (on Linux,
~/.cache/signpost) the printable sheets, the search index's analysis,
which files passed the check, and the list of files it published with a
checksum of each, and makes again only what changed. Deleting that folder
is always safe: the next build takes longer, and makes the same site.

A directory too large for one machine builds in parts, one per machine (a
CI matrix): each "signpost build --part N/M" checks all the content and
writes its own share of the site; "signpost merge" puts the parts' folders
together into the site one build would have made.

Memory: signpost tries to stay within three quarters of the machine's
memory, and at most 7 GiB: enough for 100,000 listings. For more (or a
part of a larger directory), set GOMEMLIMIT, for example GOMEMLIMIT=12GiB.

Exit status: 0 when the site was built (warnings allowed), 1 when the
content has errors or the build failed, 2 when the command could not run.
`, stderr)
	out := fs.String("out", "public", "the `folder` to build the site into")
	partFlag := fs.String("part", "", "build only part N of M (e.g. 2/4), for signpost merge to put together with the others")
	baseURL := fs.String("base-url", "", "the `address` the site is published at, overriding base_url in directory.yaml (e.g. https://you.github.io/repo/)")
	themeDir := fs.String("theme", "", "a theme `folder` whose files replace the built-in theme's")
	todayFlag := fs.String("today", "", "build as if today were this `date` (YYYY-MM-DD)")
	paperFlag := fs.String("paper", "", "paper `size` for the printable sheets: a4 or letter (default: the directory's setting, else a4)")
	verbose := fs.Bool("verbose", false, hugoVerbose)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "signpost build: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if noContent(stderr, "build", *contentDir) {
		return exitUsage
	}
	checkOpts, err := checkOptions(*todayFlag)
	if err != nil {
		fmt.Fprintf(stderr, "signpost build: %v\n", err)
		return exitUsage
	}
	paper, err := sheets.ParsePaper(*paperFlag)
	if err != nil {
		fmt.Fprintf(stderr, "signpost build: %v\n", err)
		return exitUsage
	}
	if *baseURL != "" {
		if problem, bad := check.BaseURLProblem(*baseURL); bad {
			fmt.Fprintf(stderr, "signpost build: --base-url: %s\n", problem)
			return exitUsage
		}
	}
	var part parts.Part
	if *partFlag != "" {
		if part, err = parts.Parse(*partFlag); err != nil {
			fmt.Fprintf(stderr, "signpost build: --part: %v\n", err)
			return exitUsage
		}
	}
	opts := site.BuildOptions{ContentDir: *contentDir, OutDir: *out, BaseURL: *baseURL, ThemeDir: *themeDir,
		Check: checkOpts, Paper: paper, SheetCache: cacheFolder("sheets"), SearchCache: cacheFolder("search"), CheckCache: cacheFolder("check"), ManifestCache: cacheFolder("manifests"), Part: part}
	if *verbose {
		opts.Log = stderr
	}
	if !checkOpts.Today.IsZero() {
		opts.Now = checkOpts.Today.Time(time.UTC)
	}
	res, err := site.Build(ctx, opts)
	if res != nil && res.Check != nil {
		// Problems go to stderr: a build's stdout stays quiet for scripts.
		if werr := diag.WriteText(stderr, res.Check.Messages, diag.TextOptions{Color: isTerminal(stderr)}); werr != nil {
			return exitUsage
		}
	}
	switch {
	case errors.Is(err, site.ErrContentErrors):
		fmt.Fprintf(stderr, "%s\nNothing was published; %s is unchanged.\n", summary(res.Check), *out)
		return exitProblems
	case err != nil && res != nil:
		fmt.Fprintf(stderr, "signpost build: %v\nNothing was published; %s is unchanged.\n", err, *out)
		return exitProblems
	case err != nil:
		fmt.Fprintf(stderr, "signpost build: %v\n", err)
		return exitUsage
	}
	if err := res.Report.WriteText(stderr); err != nil {
		return exitUsage
	}
	if !part.Whole() {
		fmt.Fprintf(stderr, "\nBuilt %s into %s. When every part is built, put them together with:\n"+
			"  signpost merge --out public PART-FOLDER…\n", part, *out)
		return exitOK
	}
	fmt.Fprintf(stderr, "\nBuilt the site into %s. To publish it, upload that folder to your web host.\n"+
		"To look through it first, run: %s\n", *out, previewCommand(*contentDir, *themeDir))
	return exitOK
}

func runMerge(ctx context.Context, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("signpost merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	about := `Usage: signpost merge [--out DIR] PART-FOLDER…

Puts together the folders that "signpost build --part N/M" wrote, one per
part, into the site one build would have made, ready to publish. A file
that several parts wrote (the stylesheets and scripts) must be the same in
each: parts of different content or signpost versions do not merge.

The merged site replaces the output folder only when the merge has
succeeded; a failed merge leaves it exactly as it was.

Exit status: 0 when the parts were merged, 1 when they do not fit
together, 2 when the command could not run.
`
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s\nOptions:\n", about)
		printOptions(fs)
	}
	out := fs.String("out", "public", "the `folder` to merge the parts into")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "signpost merge: name the folders of the parts to merge, e.g. signpost merge --out public part-1 part-2")
		return exitUsage
	}
	if err := site.Merge(ctx, site.MergeOptions{Parts: fs.Args(), OutDir: *out}); err != nil {
		fmt.Fprintf(stderr, "signpost merge: %v\nNothing was published; %s is unchanged.\n", err, *out)
		return exitProblems
	}
	fmt.Fprintf(stderr, "Merged %d parts into %s. To publish the site, upload that folder to your web host.\n", fs.NArg(), *out)
	return exitOK
}

// previewCommand is the serve command that shows what build just built.
// The built folder itself cannot be opened from disk: its pages link to
// each other and to their styles by addresses that start at the site's root.
func previewCommand(contentDir, themeDir string) string {
	cmd := "signpost serve"
	if contentDir != defaultContent {
		cmd += " --content " + quoteArg(contentDir)
	}
	if themeDir != "" {
		cmd += " --theme " + quoteArg(themeDir)
	}
	return cmd
}

// quoteArg quotes a folder name with spaces, so the command can be copied.
func quoteArg(s string) string {
	if strings.ContainsAny(s, " \t'\"") {
		return strconv.Quote(s)
	}
	return s
}

// cacheFolder is where what builds keep for the next one (rendered sheets,
// the search index's analysis) is kept, or "" when the machine has no
// cache folder.
func cacheFolder(what string) string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "signpost", what)
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, contentDir := newFlags("serve", `Usage: signpost serve [--port N] [--open] [--bind ADDRESS] [--theme DIR] [--verbose] [--content DIR]

Builds the site and serves it on this computer only, at http://127.0.0.1:1313/.
Edit a listing, save, and the page in your browser reloads by itself. If a
save breaks something, the browser and this terminal show what is wrong
(file, line and column) while the last good version stays on screen; the
message clears when the file is fixed. Stop with Ctrl+C.

The search index, printable sheets and open data files are brought up to
date in the background a moment after you stop saving. Lists in the
preview show at most 300 activities; the published site shows them all.
Nothing is published: use signpost build for that.

The preview answers only requests addressed to it by its own address
(127.0.0.1, localhost, or the --bind address), so a web page elsewhere
cannot read your files through it.
`, stderr)
	port := fs.Int("port", 1313, "the `port` to serve on (0 picks a free one)")
	bind := fs.String("bind", "127.0.0.1", "the `address` to listen on; use 0.0.0.0 only to show the preview to other computers on your network")
	open := fs.Bool("open", false, "open the preview in your web browser")
	themeDir := fs.String("theme", "", "a theme `folder` whose files replace the built-in theme's")
	verbose := fs.Bool("verbose", false, hugoVerbose)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "signpost serve: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	// Once running, the preview waits for a folder that goes away to come
	// back; a folder that is not there at the start is a mistyped name.
	if noContent(stderr, "serve", *contentDir) {
		return exitUsage
	}
	err := serve.Run(ctx, serve.Options{
		ContentDir: *contentDir, ThemeDir: *themeDir,
		Addr: net.JoinHostPort(*bind, strconv.Itoa(*port)),
		Log:  stderr, Color: isTerminal(stderr), SheetCache: cacheFolder("sheets"), Verbose: *verbose,
		Ready: func(url string) {
			if *open {
				openBrowser(url)
			}
		},
	})
	if err != nil {
		fmt.Fprintf(stderr, "signpost serve: %v\n", err)
		return exitUsage
	}
	fmt.Fprintln(stderr, "Stopped.")
	return exitOK
}

// openBrowser asks the desktop to open url; failure is not an error, the
// address is printed anyway.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if cmd.Start() == nil {
		go cmd.Wait()
	}
}

// summary counts the problems found. A file's problems beyond the first
// few are summed up in one message; the summary counts what that message
// stands for rather than the message itself.
func summary(res *site.CheckResult) string {
	var errs, warns, hidden int
	for _, m := range res.Messages {
		if n := check.HiddenProblems(m); n > 0 {
			hidden += n
			continue
		}
		switch m.Severity {
		case diag.Error:
			errs++
		case diag.Warning:
			warns++
		}
	}
	what := fmt.Sprintf("%s, %s, %s", plural(res.Files[load.ListingFile], "listing"),
		plural(res.Files[load.OrganizationFile], "organization"), plural(res.Files[load.VenueFile], "venue"))
	switch {
	case errs == 0 && warns == 0 && hidden == 0:
		return fmt.Sprintf("✔ No problems in %s.", what)
	case errs == 0 && hidden == 0:
		return fmt.Sprintf("%s in %s. Nothing stops publishing.", plural(warns, "warning"), what)
	}
	parts := []string{plural(errs, "error")}
	if warns > 0 {
		parts = append(parts, plural(warns, "warning"))
	}
	shown := strings.Join(parts, " and ")
	if hidden > 0 {
		// Only files with errors have problems that are not shown.
		shown = fmt.Sprintf("%s (%s shown, %d more not shown)", plural(errs+warns+hidden, "problem"), shown, hidden)
	}
	return fmt.Sprintf("%s in %s. Fix the errors before this can be published.", shown, what)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fs, contentDir := newFlags("new", `Usage: signpost new listing|organization|venue <id> [--content DIR]

Creates a new file from a template that explains every field, for example:

  signpost new listing riverside-walking-group

writes content/listings/riverside-walking-group.md. The id becomes the file
name: lowercase letters, digits and hyphens. Fill in every TODO, then run
"signpost check". An existing file is never overwritten.
`, stderr)
	if code, ok := parseFlags(fs, reorderFlags(args)); !ok {
		return code
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return exitUsage
	}
	path, err := scaffold.Create(scaffold.Options{
		Kind: fs.Arg(0), ID: fs.Arg(1), ContentDir: *contentDir, SchemaDir: "schema",
	})
	if err != nil {
		fmt.Fprintf(stderr, "signpost new: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "Created %s. Fill in every TODO, then run: signpost check\n", path)
	return exitOK
}

// reorderFlags moves flags before positional arguments, so that
// "new listing walk --content x" works as people type it.
func reorderFlags(args []string) []string { return reorderValueFlags(args, "--content") }
