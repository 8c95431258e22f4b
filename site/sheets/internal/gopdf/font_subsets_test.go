package gopdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"regexp"
	"strconv"
	"testing"
)

// fontStream is the embedded font subset of a one-font PDF, compressed,
// and its /Length1.
var fontStream = regexp.MustCompile(`(?s)/Length1 (\d+)\n>>\nstream\n(.*?)\nendstream`)

// TestFontSubsetsAreSharedAndFaithful: documents whose text lies within
// the base characters embed the one subset, made once; a subset taken from
// FontSubsets is byte for byte the one a new FontSubsets makes; a rare
// character makes a subset of its own, and past the limit subsets are made
// but not kept.
func TestFontSubsetsAreSharedAndFaithful(t *testing.T) {
	ttf, err := os.ReadFile("../../fonts/AtkinsonHyperlegible-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	const base = "abcdefghijklmnopqrstuvwxyz "
	doc := func(subsets *FontSubsets, text string) (compressed []byte, length int) {
		t.Helper()
		gp := &GoPdf{}
		gp.Start(Config{PageSize: *PageSizeA4, FontSubsets: subsets})
		gp.AddPage()
		if err := gp.AddTTFFontData("f", ttf); err != nil {
			t.Fatal(err)
		}
		if err := gp.SetFont("f", "", 12); err != nil {
			t.Fatal(err)
		}
		if err := gp.Text(text); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := gp.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		m := fontStream.FindSubmatch(buf.Bytes())
		if m == nil {
			t.Fatalf("no font stream in the PDF of %q", text)
		}
		length, _ = strconv.Atoi(string(m[1]))
		z, err := zlib.NewReader(bytes.NewReader(m[2]))
		if err != nil {
			t.Fatal(err)
		}
		font, err := io.ReadAll(z)
		if err != nil {
			t.Fatal(err)
		}
		if len(font) != length {
			t.Fatalf("the font of %q is %d bytes, its /Length1 says %d", text, len(font), length)
		}
		return m[2], length
	}

	subsets := NewFontSubsets(base, 2)
	hello, _ := doc(subsets, "hello")
	world, _ := doc(subsets, "world")
	if !bytes.Equal(hello, world) {
		t.Error("two documents within the base characters embed different subsets")
	}
	if len(subsets.made) != 1 {
		t.Errorf("%d subsets made, want 1", len(subsets.made))
	}
	fresh, _ := doc(NewFontSubsets(base, 2), "world")
	if !bytes.Equal(fresh, world) {
		t.Error("the remembered subset differs from the one made afresh")
	}
	rare, _ := doc(subsets, "Zebra")
	if bytes.Equal(rare, hello) {
		t.Error("a capital Z did not change the subset")
	}
	if len(subsets.made) != 2 {
		t.Errorf("%d subsets made, want 2", len(subsets.made))
	}
	doc(subsets, "Quiet")
	if len(subsets.made) != 2 {
		t.Errorf("%d subsets kept, want the limit of 2", len(subsets.made))
	}
	// Without FontSubsets, a subset holds only the document's own glyphs.
	own, ownLength := doc(nil, "hello")
	_, baseLength := doc(NewFontSubsets(base, 1), "hello")
	if bytes.Equal(own, hello) || ownLength >= baseLength {
		t.Errorf("without FontSubsets the subset is %d bytes, with the base %d", ownLength, baseLength)
	}
}
