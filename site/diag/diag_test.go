package diag

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSourcePositions(t *testing.T) {
	src := NewSource("x.md", "---\r\ntitle: Café crème\r\n\tsummary: x\nlast")
	if got := src.LineText(2); got != "title: Café crème" {
		t.Errorf("line 2 = %q", got)
	}
	// "crème" starts after 12 characters, though "é" takes two bytes.
	off := strings.Index(src.Text, "crème")
	loc := src.AtOffset(off, len("crème"))
	if loc.Line != 2 || loc.Column != 13 || loc.Length != 5 {
		t.Errorf("AtOffset = %d:%d+%d", loc.Line, loc.Column, loc.Length)
	}
	if got := src.Offset(2, 13); got != off {
		t.Errorf("Offset(2, 13) = %d, want %d", got, off)
	}
	// Out-of-range positions are clamped, never a panic.
	if loc := src.At(99, 99, 99); loc.Line != 4 || loc.Column != 5 || loc.Length != 0 {
		t.Errorf("clamped = %+v", loc)
	}
	if loc := src.AtOffset(len(src.Text)+10, 3); loc.Line != 4 {
		t.Errorf("clamped offset = %+v", loc)
	}
	// An underline stops at the end of its line.
	if loc := src.AtOffset(strings.Index(src.Text, "title"), 100); loc.Length != len([]rune("title: Café crème")) {
		t.Errorf("underline length = %d", loc.Length)
	}
}

func TestTextRendering(t *testing.T) {
	src := NewSource("content/listings/walk.md", "---\n\tcategories: [movment, nature]\n")
	msgs := []Message{{
		Severity: Error, Code: "unknown-term", Text: `Unknown category "movment"`,
		Location: src.At(2, 15, 7), Suggestion: "movement",
		Hint: "Categories are: arts, music, movement.",
	}, {
		Severity: Warning, Code: "stale", Text: "Last checked long ago",
		Notes: []Note{{Text: "See also the other file."}},
	}}
	var b bytes.Buffer
	if err := WriteText(&b, msgs, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	want := "✘ [ERROR] Unknown category \"movment\"\n\n" +
		"    content/listings/walk.md:2:15:\n" +
		"    2 │     categories: [movment, nature]\n" +
		"      │                  ~~~~~~~\n" +
		"      ╵                  movement\n\n" +
		"  Categories are: arts, music, movement.\n\n" +
		"▲ [WARNING] Last checked long ago\n\n" +
		"  See also the other file.\n\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	WriteText(&b, msgs[:1], TextOptions{Color: true})
	if !strings.Contains(b.String(), "\x1b[31m") {
		t.Error("no colour with Color set")
	}
}

func TestGitHubEscaping(t *testing.T) {
	src := NewSource("content/a,b:c.md", "x: 100%\n")
	var b bytes.Buffer
	WriteGitHub(&b, []Message{{Severity: Warning, Text: "50% done: a, b", Location: src.At(1, 4, 4), Hint: "line one\nline two"}})
	want := "::warning file=content/a%2Cb%3Ac.md,line=1,col=4,endColumn=8,title=50%25 done%3A a%2C b::50%25 done: a, b%0A%0Aline one%0Aline two\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
}

func TestSortIsStable(t *testing.T) {
	l := List{
		{Text: "b", Location: &Location{File: "b.md", Line: 1, Column: 1}},
		{Text: "a2", Location: &Location{File: "a.md", Line: 2, Column: 1}},
		{Text: "global"},
		{Text: "a1", Location: &Location{File: "a.md", Line: 1, Column: 5}},
	}
	l.Sort()
	var got []string
	for _, m := range l {
		got = append(got, m.Text)
	}
	if strings.Join(got, " ") != "global a1 a2 b" {
		t.Errorf("order = %v", got)
	}
}

func TestLineTextIsPrintable(t *testing.T) {
	src := NewSource("x", "a\x00b\xffc\td")
	loc := src.At(1, 5, 1)
	if loc.LineText != "a␀b\uFFFDc\td" {
		t.Errorf("line text = %q", loc.LineText)
	}
}

// TestTextRenderingEscapesContent: nothing that can come from a content
// file reaches the terminal as a control character or a bidirectional
// override: not the file name, the message, the line, the suggestion, the
// notes or the hint.
func TestTextRenderingEscapesContent(t *testing.T) {
	const esc = "\x1b]0;pwned\x07\x1b[2J\u009b31m\u202e"
	src := NewSource("content/listings/"+esc+".md", "title: a"+esc+"b\n")
	msgs := []Message{{
		Severity: Error, Code: "unknown-term", Text: "Unknown " + esc + "\nfake line",
		Location: src.At(1, 8, 3), Suggestion: "x" + esc,
		Hint:  "first " + esc + "\nsecond " + esc,
		Notes: []Note{{Text: "note " + esc, Location: &Location{File: esc, Line: 1, Column: 1, LineText: esc}}},
	}}
	for _, color := range []bool{false, true} {
		var b bytes.Buffer
		if err := WriteText(&b, msgs, TextOptions{Color: color}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if color {
			// The renderer's own colours are the only escape sequences.
			out = strings.NewReplacer(ansiReset, "", ansiBold, "", ansiDim, "", ansiRed, "", ansiGreen, "", ansiYellow, "").Replace(out)
		}
		if i := strings.IndexFunc(out, func(r rune) bool {
			return r < 0x20 && r != '\n' || r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
		}); i >= 0 {
			t.Errorf("color %v: a control character reaches the terminal at %d:\n%q", color, i, out)
		}
		for _, want := range []string{"Unknown ␛]0;pwned␇␛[2J\uFFFD31m\uFFFD␊fake line", "content/listings/␛]0;", "╵ ", "  second ␛]0;"} {
			if !strings.Contains(out, want) {
				t.Errorf("color %v: %q is missing from\n%s", color, want, out)
			}
		}
	}
}

// TestGitHubCommandsCannotBeInjected: a file name, message, hint or note
// holding a line break cannot start a workflow command of its own: each
// message stays one line starting with ::error or ::warning.
func TestGitHubCommandsCannotBeInjected(t *testing.T) {
	const inject = "x\n::error file=evil::forged\r::add-mask::secret\r\n::stop-commands::token"
	src := NewSource("content/"+inject+".md", "a\n")
	msgs := []Message{
		{Severity: Error, Text: inject, Location: src.At(1, 1, 1), Suggestion: inject, Hint: inject,
			Notes: []Note{{Text: inject, Location: src.At(1, 1, 0)}}},
		{Severity: Warning, Text: "%0A::error::decoded " + inject},
	}
	var b bytes.Buffer
	if err := WriteGitHub(&b, msgs); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "::error file=content/x%0A%3A%3Aerror file=evil") ||
		!strings.HasPrefix(lines[1], "::warning title=%250A%3A%3Aerror%3A%3Adecoded x%0A") {
		t.Fatalf("got %d lines:\n%s", len(lines), b.String())
	}
	if strings.Contains(b.String(), "\r") {
		t.Errorf("a carriage return is left:\n%q", b.String())
	}

	// Other control characters are made printable, for a terminal.
	b.Reset()
	WriteGitHub(&b, []Message{{Severity: Error, Text: "a\x1b[2J\u202eb", Location: &Location{File: "c\x1b]0;x\x07.md", Line: 1, Column: 1}}})
	if want := "::error file=c␛]0;x␇.md,line=1,col=1,title=a␛[2J\uFFFDb::a␛[2J\uFFFDb\n"; b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
}

// TestLongLinesAreCut: a snippet of a very long line shows the part
// around the column, with the marker under the same characters.
func TestLongLinesAreCut(t *testing.T) {
	line := "tags: [" + strings.Repeat("x, ", 1000) + "bad!, " + strings.Repeat("y, ", 1000) + "z]"
	col := strings.Index(line, "bad!") + 1
	src := NewSource("content/listings/walk.md", line+"\n")
	var b bytes.Buffer
	if err := WriteText(&b, []Message{{Severity: Error, Text: "Bad tag", Location: src.At(1, col, 4)}}, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	shown, marker := lines[3], lines[4]
	if n := utf8.RuneCountInString(shown); n > snippetWidth+20 || !strings.Contains(shown, "│ …") || !strings.HasSuffix(shown, "…") {
		t.Fatalf("the line shown is %d characters: %q", n, shown)
	}
	at := utf8.RuneCountInString(marker[:strings.Index(marker, "~")])
	if got := string([]rune(shown)[at : at+4]); got != "bad!" || !strings.HasSuffix(marker, "~~~~") {
		t.Errorf("the marker is under %q:\n%s\n%s", got, shown, marker)
	}
	// Near the start and the end, only one side is cut.
	for _, c := range []int{1, len(line) - 1} {
		b.Reset()
		WriteText(&b, []Message{{Severity: Error, Text: "x", Location: src.At(1, c, 1)}}, TextOptions{})
		if shown := strings.Split(b.String(), "\n")[3]; strings.Count(shown, "…") != 1 {
			t.Errorf("column %d: %q", c, shown)
		}
	}
}
