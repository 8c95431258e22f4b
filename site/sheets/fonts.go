package sheets

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/signpost-directory/signpost/site/sheets/internal/gopdf"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// FontLicense is the licence of the fonts embedded (as subsets) in every
// sheet; Write publishes it next to the sheets.
//
//go:embed fonts/LICENSE
var FontLicense []byte

// The sheets are set in Atkinson Hyperlegible, drawn for readers with low
// vision: its hyphen is short (a web address with hyphens must not read as
// dashes) and its figures are plain. It has no Greek, Cyrillic or Welsh ŵ
// ŷ, so text with any character it lacks is set, whole, in Noto Sans
// (reduced to Latin, Greek and Cyrillic): one face per paragraph looks
// calmer than letters from two fonts in one word. fonts/README.md says
// where the files come from.
var (
	//go:embed fonts/AtkinsonHyperlegible-Regular.ttf
	atkinsonRegular []byte
	//go:embed fonts/AtkinsonHyperlegible-Bold.ttf
	atkinsonBold []byte
	//go:embed fonts/NotoSans-Regular.ttf
	notoRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	notoBold []byte
)

// Weights, and the faces a sheet uses: a face is family*2 + weight, so
// main and fallback text set the same way differ only by family.
const (
	regular = 0
	bold    = 1

	mainFamily     = 0
	fallbackFamily = 1
	numFaces       = 4
)

// faceNames are the faces' PostScript names, which gopdf also writes as
// the PDF's font names, so pdffonts and preflight tools show real names.
var faceNames = [numFaces]string{"AtkinsonHyperlegible-Regular", "AtkinsonHyperlegible-Bold", "NotoSans-Regular", "NotoSans-Bold"}

// maxRune bounds the runes the fonts are asked about: the fonts cover
// Latin, Greek, Cyrillic and punctuation, all below it.
const maxRune = 0x3000

// Fonts are the sheet's fonts, parsed once and shared by every sheet
// rendered with them; they are safe for concurrent use.
type Fonts struct {
	container *gopdf.FontContainer
	// advance holds each face's advance widths in thousandths of the font
	// size, by rune; 0 means the face has no glyph for the rune.
	advance [numFaces][]uint16
	// wholeFaces are the faces as pads embed them, made on first use.
	wholeFaces func() ([numFaces]*wholeFace, error)
	// subsets are the font subsets sheets embed, made once for every
	// sheet that sets the same glyphs: a subset is made and compressed
	// for each font of each sheet, a quarter of a sheet's time.
	subsets *gopdf.FontSubsets
}

// subsetBase are the characters every sheet's font subsets hold, whether
// the sheet uses them or not, so that most sheets' subsets are the same
// and are made once (see gopdf.FontSubsets): a few kilobytes more a sheet.
// Only those all faces have are added.
const subsetBase = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~£€–—‘’“”·•…"

// maxSubsets bounds the subsets remembered: a directory's sheets share a
// few, and a sheet with a rare character is made as before.
const maxSubsets = 256

// NewFonts parses the embedded fonts.
func NewFonts() (*Fonts, error) {
	f := &Fonts{container: &gopdf.FontContainer{}}
	files := [numFaces][]byte{atkinsonRegular, atkinsonBold, notoRegular, notoBold}
	f.wholeFaces = sync.OnceValues(func() ([numFaces]*wholeFace, error) {
		var faces [numFaces]*wholeFace
		for i, ttf := range files {
			var err error
			if faces[i], err = newWholeFace(faceNames[i], ttf); err != nil {
				return faces, err
			}
		}
		return faces, nil
	})
	for i, ttf := range files {
		if err := f.container.AddTTFFontData(faceNames[i], ttf); err != nil {
			return nil, fmt.Errorf("loading font %s: %w", faceNames[i], err)
		}
		widths, err := advances(ttf)
		if err != nil {
			return nil, fmt.Errorf("measuring font %s: %w", faceNames[i], err)
		}
		f.advance[i] = widths
	}
	base := strings.Map(func(r rune) rune {
		for face := range numFaces {
			if f.advance[face][r] == 0 {
				return -1
			}
		}
		return r
	}, subsetBase)
	f.subsets = gopdf.NewFontSubsets(base, maxSubsets)
	return f, nil
}

// face is the face to set s in at weight: the main family when both of
// its weights have every character, else the fallback family.
func (f *Fonts) face(s string, weight int) int {
	if f.family(s, mainFamily) {
		return mainFamily*2 + weight
	}
	return fallbackFamily*2 + weight
}

// family reports whether both weights of a family can set s.
func (f *Fonts) family(s string, family int) bool {
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if r < 32 || r >= maxRune || f.advance[family*2][r] == 0 || f.advance[family*2+1][r] == 0 {
			return false
		}
	}
	return true
}

func advances(ttf []byte) ([]uint16, error) {
	fnt, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	upem := fnt.UnitsPerEm()
	out := make([]uint16, maxRune)
	for r := rune(32); r < maxRune; r++ {
		idx, err := fnt.GlyphIndex(&buf, r)
		if err != nil || idx == 0 {
			continue
		}
		adv, err := fnt.GlyphAdvance(&buf, idx, fixed.I(int(upem)), font.HintingNone)
		if err != nil {
			return nil, err
		}
		w := uint16(adv.Round() * 1000 / int(upem))
		if w == 0 {
			w = 1 // a zero-width glyph still exists
		}
		out[r] = w
	}
	return out, nil
}

// width is the width of s in points, set in face at size.
func (f *Fonts) width(face int, s string, size float64) float64 {
	total := 0
	for _, r := range s {
		if r >= 0 && r < maxRune {
			total += int(f.advance[face][r])
		}
	}
	return float64(total) * size / 1000
}

// Printable reports whether the fonts and the PDF library set s correctly:
// one font family has every character in both weights, and nothing needs shaping,
// combining or right-to-left layout. s should be in NFC (see clean).
// Nil Fonts print everything: they stand for the browser.
func (f *Fonts) Printable(s string) bool {
	if f == nil {
		return true
	}
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			continue
		case r < 32 || r >= maxRune:
			return false
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r):
			// A combining mark left over after NFC would be drawn on its own.
			return false
		case unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko):
			// Right-to-left scripts, whatever the font has.
			return false
		}
	}
	// One family sets the whole text (see Fonts.face).
	return f.family(s, mainFamily) || f.family(s, fallbackFamily)
}

// clean puts text in NFC, so "w" + combining circumflex becomes "ŵ", and
// folds runs of white space into single spaces.
func clean(s string) string {
	s = norm.NFC.String(s)
	out := make([]rune, 0, len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && len(out) > 0 {
			out = append(out, ' ')
		}
		space = false
		out = append(out, r)
	}
	return string(out)
}
