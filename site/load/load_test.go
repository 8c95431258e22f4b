package load

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/signpost-directory/signpost/site/diag"
)

const directory = "name: Test\nbase_url: https://example.org/\ntimezone: Europe/London\n"

func loadFiles(t testing.TB, files map[string]string) (*content, diag.List) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	c, msgs, err := readAll(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	return c, msgs
}

func TestFrontMatterPositions(t *testing.T) {
	c, msgs := loadFiles(t, map[string]string{
		"directory.yaml":   directory,
		"listings/walk.md": "\uFEFF---\r\ntitle: Walk\r\nsummary: Nice.\r\n---\r\nBody *here*.\r\n",
	})
	if len(msgs) > 0 {
		t.Fatalf("unexpected messages: %+v", msgs)
	}
	var f *File
	for _, file := range c.Files {
		if file.Kind == ListingFile {
			f = file
		}
	}
	if f == nil || f.ID != "walk" || !f.Markdown {
		t.Fatalf("listing not loaded: %+v", c.Files)
	}
	// title is on line 2 of the file: the --- line comes first.
	if k := f.Data.Content[0]; k.Value != "title" || k.Line != 2 || k.Column != 1 {
		t.Errorf("title key at %d:%d", k.Line, k.Column)
	}
	if v := f.Data.Content[3]; v.Value != "Nice." || v.Line != 3 || v.Column != 10 {
		t.Errorf("summary value at %d:%d", v.Line, v.Column)
	}
	if f.Body != "Body *here*.\r\n" || f.Source.Text[f.BodyOffset:] != f.Body {
		t.Errorf("body = %q at %d", f.Body, f.BodyOffset)
	}
}

func TestTranslationAndIgnoredFiles(t *testing.T) {
	c, msgs := loadFiles(t, map[string]string{
		"directory.yaml":      directory,
		"README.md":           "notes for maintainers",
		".DS_Store":           "\x00\x01",
		"listings/_draft.md":  "not ready",
		"listings/walk.pl.md": "---\ntitle: Spacer\n---\n",
		// What editors leave next to the file being edited.
		"listings/walk.md~":     "backup",
		"listings/#walk.md#":    "emacs auto-save",
		"listings/.#walk.md":    "emacs lock",
		"listings/.walk.md.swp": "\x00vim swap",
		"organizations/4913":    "",
		"venues/hall.yaml~":     "backup",
	})
	if len(msgs) > 0 {
		t.Fatalf("unexpected messages: %+v", msgs)
	}
	if len(c.Files) != 2 {
		t.Fatalf("files = %d", len(c.Files))
	}
	for _, f := range c.Files {
		if f.Kind == TranslationFile && (f.ID != "walk" || f.Lang != "pl") {
			t.Errorf("translation parsed as id %q lang %q", f.ID, f.Lang)
		}
	}
}

// TestAliasBombFailsFast feeds a "billion laughs" document: it must be
// refused at once, without expanding anything.
func TestAliasBombFailsFast(t *testing.T) {
	var b strings.Builder
	b.WriteString("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		b.WriteString(name + ": &" + name + " [")
		for j := range 9 {
			if j > 0 {
				b.WriteString(",")
			}
			b.WriteString("*" + prev)
		}
		b.WriteString("]\n")
		prev = name
	}
	start := time.Now()
	_, msgs := loadFiles(t, map[string]string{"directory.yaml": directory, "organizations/bomb.yaml": b.String()})
	if len(msgs) != 1 || msgs[0].Code != "yaml-alias" || msgs[0].Location.Line != 1 {
		t.Fatalf("messages = %+v", msgs)
	}
	// Not a performance assertion: a hang here would time the test out.
	t.Logf("refused in %v", time.Since(start))
}

func TestDeepNestingIsRefused(t *testing.T) {
	deep := "a: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n"
	_, msgs := loadFiles(t, map[string]string{"directory.yaml": directory, "organizations/deep.yaml": deep})
	if len(msgs) != 1 || msgs[0].Code != "yaml-syntax" {
		t.Fatalf("messages = %+v", msgs)
	}
}

func TestMultipleDocuments(t *testing.T) {
	_, msgs := loadFiles(t, map[string]string{"directory.yaml": directory, "venues/hall.yaml": "name: Hall\n---\nname: Other\n"})
	if len(msgs) != 1 || msgs[0].Text != "This file holds more than one YAML document" || msgs[0].Location.Line != 2 {
		t.Fatalf("messages = %+v", msgs)
	}
}

func TestMisplacedFiles(t *testing.T) {
	_, msgs := loadFiles(t, map[string]string{
		"directory.yaml":         directory,
		"listings/old/walk.md":   "---\ntitle: x\n---\n",
		"venues/hall.json":       "{}",
		"events.yaml":            "x: 1",
		"organizations/a.yaml":   "name: A\n",
		"organizations/notes.md": "hi",
	})
	var got []string
	for _, m := range msgs {
		got = append(got, m.Text)
	}
	want := []string{
		"content/events.yaml is not a file signpost reads",
		"content/listings/old/ is a folder signpost does not read",
		"content/organizations/notes.md is not a .yaml file: organizations are written in YAML",
		"content/venues/hall.json is not a .yaml file: venues are written in YAML",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestLinksAndSpecialFilesAreNotRead: a symbolic link (even to a file in the
// content folder) or a special file is refused by name, and never read, so
// a pull request cannot publish or print a file from elsewhere.
func TestLinksAndSpecialFilesAreNotRead(t *testing.T) {
	listing := "---\ntitle: Secret\n---\nSECRET\n"
	fsys := fstest.MapFS{
		"directory.yaml":          {Data: []byte(directory)},
		"listings/walk.md":        {Data: []byte(listing)},
		"listings/link.md":        {Data: []byte("walk.md"), Mode: fs.ModeSymlink},
		"listings/pipe.md":        {Mode: fs.ModeNamedPipe},
		"organizations/dev.yaml":  {Mode: fs.ModeDevice | fs.ModeCharDevice},
		"organizations/sock.yaml": {Mode: fs.ModeSocket},
		"venues":                  {Data: []byte("listings"), Mode: fs.ModeSymlink},
	}
	c, msgs, err := readAll(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"content/listings/link.md":        "content/listings/link.md is a symbolic link",
		"content/listings/pipe.md":        "content/listings/pipe.md is a named pipe",
		"content/organizations/dev.yaml":  "content/organizations/dev.yaml is a device",
		"content/organizations/sock.yaml": "content/organizations/sock.yaml is a socket",
		"content/venues":                  "content/venues is a symbolic link",
	}
	for _, m := range msgs {
		if m.Code != "not-a-file" || m.Location == nil || !strings.HasPrefix(m.Text, want[m.Location.File]) || m.Hint == "" {
			t.Errorf("unexpected message: %s", m.Text)
			continue
		}
		delete(want, m.Location.File)
	}
	for _, text := range want {
		t.Errorf("missing message %q", text)
	}
	if len(c.Files) != 2 {
		t.Errorf("read %d files, want directory.yaml and walk.md", len(c.Files))
	}

	// A linked directory.yaml is not also said to be missing.
	fsys = fstest.MapFS{"directory.yaml": {Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink}}
	_, msgs, err = readAll(fsys, "content")
	if err != nil || len(msgs) != 1 || msgs[0].Code != "not-a-file" {
		t.Errorf("linked directory.yaml: %v %+v", err, msgs)
	}
}

// TestWindowsReservedNames: a file named nul.md or con.yaml cannot exist on
// Windows, so a repository holding one cannot be checked out there.
func TestWindowsReservedNames(t *testing.T) {
	_, msgs := loadFiles(t, map[string]string{
		"directory.yaml":         directory,
		"listings/nul.md":        "---\ntitle: x\n---\n",
		"listings/Aux.pl.md":     "---\ntitle: x\n---\n",
		"organizations/con.yaml": "name: x\n",
		"venues/com1.yaml":       "name: x\n",
		"venues/lpt9.yaml":       "name: x\n",
		"venues/prn.yaml":        "name: x\n",
		// Not reserved: longer names that start the same way.
		"venues/console.yaml":  "name: x\n",
		"venues/com10.yaml":    "name: x\n",
		"venues/nul-hall.yaml": "name: x\n",
	})
	var got []string
	for _, m := range msgs {
		if m.Code == "reserved-name" {
			got = append(got, m.Location.File)
			if !strings.Contains(m.Hint, "Rename it, like ") {
				t.Errorf("hint suggests no name: %s", m.Hint)
			}
		}
	}
	want := []string{"content/listings/Aux.pl.md", "content/listings/nul.md", "content/organizations/con.yaml",
		"content/venues/com1.yaml", "content/venues/lpt9.yaml", "content/venues/prn.yaml"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("refused %v, want %v", got, want)
	}
	if m := msgs[0]; !strings.Contains(m.Hint, "aux-activity.pl.md") {
		t.Errorf("first message %q: hint %q", m.Text, m.Hint)
	}
	for _, m := range msgs {
		if m.Code == "bad-id" && strings.Contains(m.Hint, "Rename it to aux") {
			t.Errorf("the id hint suggests another reserved name: %s", m.Hint)
		}
	}
}

func TestNamesThatDifferOnlyInCase(t *testing.T) {
	_, msgs := loadFiles(t, map[string]string{
		"directory.yaml":         directory,
		"listings/walk.pt-BR.md": "---\ntitle: x\n---\n",
		"listings/walk.pt-br.md": "---\ntitle: x\n---\n",
	})
	var clashes []string
	for _, m := range msgs {
		if m.Code == "case-clash" {
			clashes = append(clashes, m.Text)
		}
	}
	if len(clashes) != 1 || clashes[0] != "content/listings/walk.pt-BR.md and content/listings/walk.pt-br.md differ only in capital letters" {
		t.Errorf("messages: %q", clashes)
	}
}

// TestDotFilesAreNamedOnce: files hidden by a leading dot are still
// ignored, but one warning names them all; files tools keep are not named.
func TestDotFilesAreNamedOnce(t *testing.T) {
	c, msgs := loadFiles(t, map[string]string{
		"directory.yaml":           directory,
		"listings/.draft.md":       "---\ntitle: x\n---\n",
		"venues/.hall.yaml":        "name: x\n",
		".drafts/walk.md":          "---\ntitle: x\n---\n",
		"listings/.gitkeep":        "",
		".DS_Store":                "\x00",
		"listings/._walk.md":       "\x00",
		"listings/.walk.md.swp":    "\x00",
		".git/config":              "",
		"organizations/.gitignore": "*~\n",
		"listings/.~lock.walk.md#": "",
	})
	if len(c.Files) != 1 {
		t.Errorf("read %d files, want only directory.yaml", len(c.Files))
	}
	if len(msgs) != 1 {
		t.Fatalf("messages: %+v", msgs)
	}
	m := msgs[0]
	if m.Severity != diag.Warning || m.Code != "hidden-file" || m.Text != "3 files are ignored because their names start with a dot" {
		t.Errorf("message %s %s %q", m.Severity, m.Code, m.Text)
	}
	for _, p := range []string{"content/.drafts/", "content/listings/.draft.md", "content/venues/.hall.yaml"} {
		if !strings.Contains(m.Hint, "  "+p+"\n") {
			t.Errorf("hint does not name %s:\n%s", p, m.Hint)
		}
	}

	_, msgs = loadFiles(t, map[string]string{"directory.yaml": directory, "listings/.draft.md": "x"})
	if len(msgs) != 1 || msgs[0].Text != "content/listings/.draft.md is ignored because its name starts with a dot" ||
		msgs[0].Location.File != "content/listings/.draft.md" {
		t.Errorf("one dot-file: %+v", msgs)
	}
}

// TestYAMLMistakesPointAtTheirCause: the parser notices an unclosed quote
// lines later (or at the end of the file), and accepts tags, hexadecimal
// numbers and curly quotes; each is reported where it was written.
func TestYAMLMistakesPointAtTheirCause(t *testing.T) {
	const listing = "---\ntitle: Canal Walk\norganization: canal-club\nsummary: A walk.\ncontact: { phone: \"0123 456789\" }\nstatus: active\n---\nBody.\n"
	edit := func(old, new string) string {
		if !strings.Contains(listing, old) {
			t.Fatalf("fixture lacks %q", old)
		}
		return strings.Replace(listing, old, new, 1)
	}
	tests := []struct {
		name, text string
		line, col  int
		code       diag.Code
		contains   string
		suggestion string
		usable     bool // the file's data is still handed on
	}{
		{"quote never closed, a later quote closes it", edit("title: Canal Walk", `title: "Canal Walk`),
			2, 8, "yaml-syntax", "The quote that starts this value is never closed", `"Canal Walk"`, false},
		{"quote never closed at all", strings.Replace(edit("contact: { phone: \"0123 456789\" }\n", ""), "title: Canal Walk", `title: "Canal Walk`, 1),
			2, 8, "yaml-syntax", "The quote that starts this value is never closed", `"Canal Walk"`, false},
		{"single quote never closed", edit("summary: A walk.", "summary: 'A walk."),
			4, 10, "yaml-syntax", "never closed", "'A walk.'", false},
		{"quote never closed inside a group", edit(`"0123 456789" }`, `"0123 456789 }`),
			5, 19, "yaml-syntax", "never closed", `"0123 456789"`, false},
		{"only part of the value quoted", edit("title: Canal Walk", `title: "Canal" Walk`),
			2, 8, "yaml-syntax", "Only part of this value is in quotes", `'"Canal" Walk'`, false},
		{"curly quotes around a value", edit("title: Canal Walk", "title: “Canal Walk”"),
			2, 8, "curly-quotes", "Curly quotes", `"Canal Walk"`, true},
		{"curly single quotes", edit("summary: A walk.", "summary: ‘A walk.’"),
			4, 10, "curly-quotes", "Curly quotes", `"A walk."`, true},
		{"curly quotes around a value with a colon", edit("title: Canal Walk", "title: “Canal: Walk”"),
			2, 8, "curly-quotes", "Curly quotes", `"Canal: Walk"`, false},
		{"curly quotes inside the text are fine", edit("title: Canal Walk", "title: The “Canal” Walk"),
			0, 0, "", "", "", true},
		{"binary tag", edit("status: active", "status: !!binary YWN0aXZl"),
			6, 9, "yaml-tag", "The YAML tag !!binary is not allowed", "", false},
		{"custom tag on a group", edit("contact: {", "contact: !custom {"),
			5, 10, "yaml-tag", "The YAML tag !custom is not allowed", "", false},
		{"string tag", edit("status: active", "status: !!str active"),
			6, 9, "yaml-tag", "!!str", "", false},
		{"non-specific tag", edit("status: active", "status: ! active"),
			6, 9, "yaml-tag", "The YAML tag ! is not allowed", "", false},
		{"hexadecimal number", edit("status: active", "lat: 0x34"),
			6, 6, "yaml-number", "Write the number 0x34 in decimal", "52", false},
		{"octal number", edit("status: active", "lat: 0o17"),
			6, 6, "yaml-number", "in decimal", "15", false},
		{"number with a plus sign", edit("status: active", "lat: +52.1"),
			6, 6, "yaml-number", "in decimal", "", false},
		{"quoted hexadecimal is text", edit("status: active", `code: "0x34"`),
			0, 0, "", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, msgs := loadFiles(t, map[string]string{"directory.yaml": directory, "listings/walk.md": tt.text})
			var f *File
			for _, file := range c.Files {
				if file.Kind == ListingFile {
					f = file
				}
			}
			if (f.Data != nil) != tt.usable {
				t.Errorf("data handed on: %v, want %v", f.Data != nil, tt.usable)
			}
			if tt.code == "" {
				if len(msgs) > 0 {
					t.Errorf("unexpected messages: %+v", msgs)
				}
				return
			}
			if len(msgs) != 1 {
				t.Fatalf("got %d messages, want 1: %+v", len(msgs), msgs)
			}
			m := msgs[0]
			if m.Code != tt.code || m.Location.Line != tt.line || m.Location.Column != tt.col ||
				!strings.Contains(m.Text, tt.contains) || m.Suggestion != tt.suggestion || m.Hint == "" {
				t.Errorf("got %d:%d %s %q suggestion %q, want %d:%d %s %q suggestion %q",
					m.Location.Line, m.Location.Column, m.Code, m.Text, m.Suggestion,
					tt.line, tt.col, tt.code, tt.contains, tt.suggestion)
			}
		})
	}
}

// TestParserErrorsPointAtTheLine: the YAML parser counts its lines from 0
// (its scanner from 1), so its errors named the line before the mistake.
func TestParserErrorsPointAtTheLine(t *testing.T) {
	tests := []struct {
		name, text string
		line       int
		contains   string
	}{
		{"list item indented less", "---\na: 1\nschedule:\n  - every Monday 10:00-11:00\n - every Friday 10:00-11:00\nc: 3\n---\n",
			5, "indentation"},
		{"list in brackets never closed", "---\na: 1\nb: 2\ncategories: [arts, music\nc: 3\n---\n",
			4, "not closed properly"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, msgs := loadFiles(t, map[string]string{"directory.yaml": directory, "listings/walk.md": tt.text})
			if len(msgs) != 1 || msgs[0].Location.Line != tt.line || !strings.Contains(msgs[0].Text, tt.contains) {
				t.Errorf("got %+v, want line %d %q", msgs, tt.line, tt.contains)
			}
		})
	}
}

// TestListingNamedIndexIsRefused: Hugo takes listings/index.md for the
// folder's own page and every other listing for a file of it, so one file
// of that name would remove every listing page from the site.
func TestListingNamedIndexIsRefused(t *testing.T) {
	_, msgs := loadFiles(t, map[string]string{
		"directory.yaml":           directory,
		"listings/index.md":        "---\ntitle: x\n---\n",
		"listings/index.pl.md":     "---\ntitle: x\n---\n",
		"listings/index-walk.md":   "---\ntitle: x\n---\n",
		"organizations/index.yaml": "name: x\n",
	})
	var refused []string
	for _, m := range msgs {
		if m.Code == diag.ReservedName {
			refused = append(refused, m.Location.File)
		}
	}
	if want := "content/listings/index.md content/listings/index.pl.md"; strings.Join(refused, " ") != want {
		t.Errorf("refused %v, want %s", refused, want)
	}
}

// Every character that reorders text is refused, wherever it is, and the
// marks right-to-left text needs are not.
func TestControlMessagesFindEveryReorderingCharacter(t *testing.T) {
	for r, name := range bidiNames {
		msgs := controlMessages(diag.NewSource("x.md", "title: a"+string(r)+"b\n"))
		if len(msgs) != 1 || !strings.Contains(msgs[0].Text, name) {
			t.Errorf("U+%04X %s: %v", r, name, msgs)
		}
	}
	for _, r := range []rune{0x200e, 0x200f, 0x061c, 'é', 'ش'} {
		if msgs := controlMessages(diag.NewSource("x.md", "title: a"+string(r)+"b\n")); len(msgs) != 0 {
			t.Errorf("U+%04X refused: %v", r, msgs)
		}
	}
}
