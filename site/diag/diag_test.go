package diag

import (
	"bytes"
	"strings"
	"testing"
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
