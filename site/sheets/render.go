package sheets

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/signpost-directory/signpost/site/sheets/internal/gopdf"
	"rsc.io/qr"
)

// Paper is a sheet's paper size.
type Paper string

// The paper sizes sheets are printed on.
const (
	A4     Paper = "a4"
	Letter Paper = "letter"
)

// ParsePaper reads "a4" or "letter" (any case); "" means A4.
func ParsePaper(s string) (Paper, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "a4":
		return A4, nil
	case "letter", "us-letter", "usletter":
		return Letter, nil
	}
	return "", fmt.Errorf("paper %q: choose a4 or letter", s)
}

// size is the paper's width and height in points.
func (p Paper) size() (w, h float64) {
	if p == Letter {
		return 612, 792
	}
	return 595, 842
}

// Colours: near-black text on white, one calm accent, grey rules. All
// text colours have a contrast ratio of at least 7:1 on white.
type rgb struct{ r, g, b uint8 }

var (
	ink    = rgb{0x1a, 0x1a, 0x1a}
	accent = rgb{0x0b, 0x4f, 0x5c}
	muted  = rgb{0x44, 0x44, 0x44}
	rule   = rgb{0xb0, 0xb8, 0xba}
	tint   = rgb{0xe8, 0xf1, 0xf2}
)

// Type sizes, in points, of what is the same on every sheet; the sheet's
// own words have the sizes in layout.go, which may shrink to a floor.
const (
	sizeHeading = 24
	sizeKey     = 14
	sizeBody    = 12
	sizeSmall   = 8
	leading     = 1.25
	labelWidth  = 124
	qrSize      = 104
	fillHeight  = 116 // the box with lines to fill in
)

// draw puts one sheet on the current page.
func draw(pen *pen, s *sheet, l *layout) error {
	gp, f := pen.gp, pen.f
	m, inner := l.margin, l.w-2*l.margin

	// Header: an accent bar, the heading and the directory's name.
	pen.fill(accent)
	gp.RectFromUpperLeftWithStyle(m, m, inner, 5, "F")
	pen.text(m, m+32, "Your social prescription", 1, sizeHeading, accent)
	pen.text(m, m+54, "from "+s.Directory, 0, sizeKey, ink)

	// Title and summary.
	y := l.headerBottom() + 6
	for _, p := range l.title {
		if p.kept > 0 {
			y = pen.para(m, y, p, l.footTop()) + 4
		}
	}

	if l.notice != nil {
		h := l.notice.height() + 16
		pen.fill(tint)
		gp.RectFromUpperLeftWithStyle(m, y+4, inner, h, "F")
		pen.para(m+12, y+12, l.notice, l.footTop())
		y += h + 12
	}

	// The facts, one row each, with a rule above.
	for _, r := range l.rows {
		if r.height() == 0 {
			continue
		}
		if y+l.gap+r.paras[0].pt*leading > l.footTop() {
			break
		}
		pen.line(m, y+l.gap/2, l.w-m, y+l.gap/2, rule, 0.6)
		y += l.gap
		pen.text(m, y+sizeKey, r.label, 1, sizeKey, accent)
		for _, p := range r.paras {
			y = pen.para(m+labelWidth, y, p, l.footTop())
		}
		y += l.gap
	}
	pen.para(m, y+4, l.more, l.footTop())

	// What the patient and prescriber fill in, and the QR code to the
	// listing's page beside it.
	y = l.footTop() + 12
	box := inner - qrSize - 20
	pen.fill(tint)
	gp.RectFromUpperLeftWithStyle(m, y, box, fillHeight, "F")
	pen.text(m+12, y+22, "For you and the person who prescribed this", 1, sizeBody, ink)
	field := func(x, y, width float64, label string) {
		pen.text(x, y, label, 0, sizeBody, ink)
		lw := f.width(f.face(label, regular), label, sizeBody) + 8
		pen.line(x+lw, y+2, x+width, y+2, ink, 0.7)
	}
	field(m+12, y+50, box-24, "Your name")
	field(m+12, y+76, box-24, "Prescribed by")
	half := (box - 24 - 24) / 2
	field(m+12, y+102, half, "Date")
	field(m+12+half+24, y+102, half, "Follow-up date")
	qx := l.w - m - qrSize
	if err := pen.qr(s.URL, qx, y-4, qrSize); err != nil {
		return err
	}
	gp.AddExternalLink(s.URL, qx, y-4, qrSize, qrSize)
	pen.centered(qx+qrSize/2, y+qrSize+12, "Scan to see it online", 0, sizeBody, muted)

	// The small print.
	y += fillHeight + 22
	checked := "Information checked on " + s.Checked + "."
	if s.Checked == "" {
		checked = "Check the details online before you go."
	}
	pen.text(m, y, checked+" Details can change: scan the code to see the latest.", 0, sizeBody, ink)
	pen.text(m, y+17, "Nothing about you is recorded by "+shortName(f, s.Directory, inner-260)+". This sheet is yours to keep.", 0, sizeBody, ink)
	if s.SNOMED {
		pen.text(m, y+34, "For the practice's records: SNOMED CT "+snomedCode+" | "+snomedTerm, 0, sizeSmall, muted)
	}
	return pen.err
}

// shortName is the directory's name, or "this directory" when it is too long for the line.
func shortName(f *Fonts, name string, width float64) string {
	if f.width(f.face(name, regular), name, sizeBody) > width {
		return "this directory"
	}
	return name
}

// pen draws text and shapes in the sheet's fonts.
type pen struct {
	gp  *gopdf.GoPdf
	f   *Fonts
	err error
	// added says which faces the document has: a face is added when first
	// used, so a sheet in English does not carry the fallback font.
	added [numFaces]bool
}

// text draws s at weight, in the family that can set it.
func (p *pen) text(x, baseline float64, s string, weight int, size float64, c rgb) {
	p.textIn(x, baseline, s, p.f.face(s, weight), size, c)
}

// textIn draws s in face.
func (p *pen) textIn(x, baseline float64, s string, face int, size float64, c rgb) {
	if p.err != nil || s == "" {
		return
	}
	if !p.added[face] {
		if err := p.gp.AddTTFFontFromFontContainer(faceNames[face], p.f.container); err != nil {
			p.err = fmt.Errorf("font %s: %w", faceNames[face], err)
			return
		}
		p.added[face] = true
	}
	if err := p.gp.SetFont(faceNames[face], "", size); err != nil {
		p.err = err
		return
	}
	p.gp.SetTextColor(c.r, c.g, c.b)
	p.gp.SetXY(x, baseline)
	if err := p.gp.Text(s); err != nil {
		p.err = err
	}
}

func (p *pen) centered(cx, baseline float64, s string, weight int, size float64, c rgb) {
	face := p.f.face(s, weight)
	p.textIn(cx-p.f.width(face, s, size)/2, baseline, s, face, size, c)
}

// para draws a paragraph's shown lines from top y, never below limit,
// and returns the y under it.
func (p *pen) para(x, y float64, para *para, limit float64) float64 {
	lh := para.pt * leading
	for _, line := range para.lines {
		if y+lh > limit {
			break // the last guard: layout.fit keeps every sentence above it
		}
		p.textIn(x, y+para.pt*1.02, line, para.face, para.pt, para.color)
		y += lh
	}
	return y
}

func (p *pen) fill(c rgb) { p.gp.SetFillColor(c.r, c.g, c.b) }

func (p *pen) line(x1, y1, x2, y2 float64, c rgb, width float64) {
	p.gp.SetStrokeColor(c.r, c.g, c.b)
	p.gp.SetLineWidth(width)
	p.gp.Line(x1, y1, x2, y2)
}

// qr draws a QR code for url as vector squares, one rectangle per run of
// dark modules, so it stays sharp at any printer resolution.
func (p *pen) qr(url string, x, y, size float64) error {
	code, err := qr.Encode(url, qr.M)
	if err != nil {
		return fmt.Errorf("QR code for %s: %w", url, err)
	}
	n := code.Size
	mod := size / float64(n)
	p.fill(rgb{0, 0, 0})
	// Runs of dark modules, row by row; a run repeated in the rows below
	// becomes one taller rectangle, which keeps the PDF small and fast.
	type run struct{ start, end, top int }
	var open []run
	for row := 0; row <= n; row++ {
		var current []run
		for col := 0; row < n && col < n; {
			if !code.Black(col, row) {
				col++
				continue
			}
			start := col
			for col < n && code.Black(col, row) {
				col++
			}
			current = append(current, run{start, col, row})
		}
		var still []run
		for _, r := range open {
			i := slices.IndexFunc(current, func(c run) bool { return c.start == r.start && c.end == r.end })
			if i >= 0 {
				current[i].top = r.top // continues downwards
				still = append(still, current[i])
				continue
			}
			p.gp.RectFromUpperLeftWithStyle(x+float64(r.start)*mod, y+float64(r.top)*mod,
				float64(r.end-r.start)*mod, float64(row-r.top)*mod, "F")
		}
		for _, c := range current {
			if !slices.ContainsFunc(still, func(r run) bool { return r.start == c.start }) {
				still = append(still, c)
			}
		}
		open = still
	}
	return nil
}

// wrap breaks text into lines no wider than width.
func wrap(f *Fonts, face int, size float64, text string, width float64) []string {
	var lines []string
	var line strings.Builder
	lineWidth := 0.0
	space := f.width(face, " ", size)
	for word := range strings.FieldsSeq(text) {
		ww := f.width(face, word, size)
		for ww > width { // a word longer than the line: break it anywhere
			if line.Len() > 0 {
				lines = append(lines, line.String())
				line.Reset()
				lineWidth = 0
			}
			runes := []rune(word)
			cut := len(runes)
			for cut > 1 && f.width(face, string(runes[:cut]), size) > width {
				cut--
			}
			lines = append(lines, string(runes[:cut]))
			word = string(runes[cut:])
			ww = f.width(face, word, size)
		}
		if word == "" {
			continue
		}
		if line.Len() > 0 && lineWidth+space+ww > width {
			lines = append(lines, line.String())
			line.Reset()
			lineWidth = 0
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
			lineWidth += space
		}
		line.WriteString(word)
		lineWidth += ww
	}
	if line.Len() > 0 {
		lines = append(lines, line.String())
	}
	return lines
}

// newDoc starts a PDF; the pen adds the fonts it uses.
func newDoc(f *Fonts, paper Paper) *gopdf.GoPdf {
	w, h := paper.size()
	gp := &gopdf.GoPdf{}
	gp.Start(gopdf.Config{PageSize: gopdf.Rect{W: w, H: h}, Unit: gopdf.UnitPT, FontSubsets: f.subsets})
	// The fastest compression: the fonts are subset, so the files stay small anyway.
	gp.SetCompressLevel(zlib.BestSpeed)
	return gp
}

// sheetBytes is room enough for most sheets' PDF.
const sheetBytes = 40 << 10

// render writes the PDF of one sheet.
func render(ctx context.Context, w io.Writer, f *Fonts, paper Paper, doc docInfo, s *sheet) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	gp := newDoc(f, paper)
	gp.AddPage()
	if err := draw(&pen{gp: gp, f: f}, s, measure(f, s, paper)); err != nil {
		return err
	}
	// A sheet is 28–31 KB in Latin script, and withMetadata appends to it: growing
	// the buffer by doubling cost a second of CPU in 10,000 sheets.
	var buf bytes.Buffer
	buf.Grow(sheetBytes)
	if _, err := gp.WriteTo(&buf); err != nil {
		return fmt.Errorf("writing the PDF: %w", err)
	}
	pdf, err := withMetadata(buf.Bytes(), doc)
	if err != nil {
		return err
	}
	if _, err := w.Write(pdf); err != nil {
		return fmt.Errorf("writing the PDF: %w", err)
	}
	return nil
}
