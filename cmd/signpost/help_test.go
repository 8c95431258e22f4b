package main

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// commands are the commands that take options.
var commands = []string{"check", "build", "serve", "new", "import", "export", "merge", "due", "init"}

// TestUsageListsEveryOption: the "Usage:" line of each command's help
// names every option the command accepts, and nothing else, so an option
// added to the code is not missing from what people read.
func TestUsageListsEveryOption(t *testing.T) {
	option := regexp.MustCompile(`--([a-z][a-z-]*)`)
	defined := regexp.MustCompile(`(?m)^  --([a-z][a-z-]*)`)
	for _, cmd := range commands {
		code, stdout, stderr := signpost(t, cmd, "--help")
		help := stdout + stderr
		if code != exitOK {
			t.Errorf("%s --help: exit %d\n%s", cmd, code, help)
			continue
		}
		synopsis, _, _ := strings.Cut(help, "\n")
		if !strings.HasPrefix(synopsis, "Usage: signpost "+cmd) {
			t.Errorf("%s --help does not start with its usage line:\n%s", cmd, help)
			continue
		}
		var inUsage, accepted []string
		for _, m := range option.FindAllStringSubmatch(synopsis, -1) {
			inUsage = append(inUsage, m[1])
		}
		for _, m := range defined.FindAllStringSubmatch(help, -1) {
			accepted = append(accepted, m[1])
		}
		slices.Sort(inUsage)
		slices.Sort(accepted)
		if len(accepted) == 0 || !slices.Equal(inUsage, accepted) {
			t.Errorf("%s: the usage line names %v, the command accepts %v", cmd, inUsage, accepted)
		}
	}
}

// TestHelpWritesOptionsWithTwoDashes: Go accepts -name and --name; the
// help and the messages teach one spelling.
func TestHelpWritesOptionsWithTwoDashes(t *testing.T) {
	singleDash := regexp.MustCompile(`(^|[\s\[(:"])-[a-z]`)
	texts := map[string]string{}
	_, texts["--help"], _ = signpost(t, "--help")
	for _, cmd := range commands {
		_, stdout, stderr := signpost(t, cmd, "--help")
		texts[cmd+" --help"] = stdout + stderr
	}
	for _, args := range [][]string{{"check", "--strct"}, {"check", "--today"}, {"serve", "--port", "x"}, {"serve", "--open=maybe"}} {
		_, stdout, stderr := signpost(t, args...)
		texts[strings.Join(args, " ")] = stdout + stderr
	}
	for what, text := range texts {
		for _, line := range strings.Split(text, "\n") {
			if singleDash.MatchString(line) {
				t.Errorf("signpost %s writes an option with one dash: %q", what, line)
			}
		}
	}
}

// TestMistypedOption names the option that does not exist and the one
// meant, once, without the whole help after it.
func TestMistypedOption(t *testing.T) {
	code, _, stderr := signpost(t, "check", "--strct")
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	want := "signpost check: there is no option --strct. Did you mean --strict?\nRun \"signpost check --help\" to see its options.\n"
	if stderr != want {
		t.Errorf("got\n%s\nwant\n%s", stderr, want)
	}
}

// TestMistypedCommand suggests the command meant, and fails.
func TestMistypedCommand(t *testing.T) {
	for _, tc := range []struct{ typed, want string }{
		{"chek", "Did you mean check?"},
		{"biuld", "Did you mean build?"},
		{"serv", "Did you mean serve?"},
		{"publish", "The commands are init, build, check, serve, new, import, export, merge, due, version."},
	} {
		code, stdout, stderr := signpost(t, tc.typed)
		if code != exitUsage {
			t.Errorf("signpost %s: exit %d, want %d", tc.typed, code, exitUsage)
		}
		if stdout != "" || !strings.Contains(stderr, `there is no command "`+tc.typed+`".`) || !strings.Contains(stderr, tc.want) {
			t.Errorf("signpost %s: stderr\n%s\nwant it to contain %q", tc.typed, stderr, tc.want)
		}
	}
}

// TestNoContentFolder: run outside a directory's folder, check, build and
// serve say where they looked and how to point them at the content,
// rather than Go's "stat content: no such file or directory".
func TestNoContentFolder(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, args := range [][]string{{"check"}, {"build"}, {"serve", "--port", "0"}} {
		cmd := args[0]
		code, stdout, stderr := signpost(t, args...)
		if code != exitUsage {
			t.Errorf("%s: exit %d, want %d", cmd, code, exitUsage)
		}
		here, err := filepath.Abs("content")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{
			"signpost " + cmd + ": there is no content folder here: " + here + " does not exist.",
			"Run signpost in your directory's folder",
			"signpost " + cmd + " --content path/to/content",
		} {
			if !strings.Contains(stderr, want) {
				t.Errorf("%s: no %q in\n%s", cmd, want, stdout+stderr)
			}
		}
		if strings.Contains(stderr, "stat ") {
			t.Errorf("%s: a Go error in\n%s", cmd, stderr)
		}
	}
	code, _, stderr := signpost(t, "check", "--content", "contnet")
	if code != exitUsage || !strings.Contains(stderr, "contnet (check the name after --content)") {
		t.Errorf("check --content contnet: exit %d\n%s", code, stderr)
	}
}
