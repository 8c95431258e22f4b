package sheets

import (
	_ "embed"
	"fmt"
	"unicode"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// FontLicense is the licence of the Go fonts embedded (as subsets) in
// every sheet; Write publishes it next to the sheets.
//
//go:embed fonts/LICENSE
var FontLicense []byte

// The two faces a sheet uses, by gopdf family name.
const (
	regular = "regular"
	bold    = "bold"
)

// maxRune bounds the runes the fonts are asked about: the Go fonts cover
// Latin, Greek, Cyrillic and punctuation, all below it.
const maxRune = 0x3000

// Fonts are the Go fonts, parsed once and shared by every sheet rendered
// with them; they are safe for concurrent use.
type Fonts struct {
	container *gopdf.FontContainer
	// advance holds each face's advance widths in thousandths of the font
	// size, by rune; 0 means the face has no glyph for the rune.
	advance [2][]uint16
}

// NewFonts parses the embedded fonts.
func NewFonts() (*Fonts, error) {
	f := &Fonts{container: &gopdf.FontContainer{}}
	for i, face := range []struct {
		name string
		ttf  []byte
	}{{regular, goregular.TTF}, {bold, gobold.TTF}} {
		if err := f.container.AddTTFFontData(face.name, face.ttf); err != nil {
			return nil, fmt.Errorf("loading font %s: %w", face.name, err)
		}
		widths, err := advances(face.ttf)
		if err != nil {
			return nil, fmt.Errorf("measuring font %s: %w", face.name, err)
		}
		f.advance[i] = widths
	}
	return f, nil
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
// every character has a glyph in both faces, and nothing needs shaping,
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
		case f.advance[0][r] == 0 || f.advance[1][r] == 0:
			return false
		}
	}
	return true
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
