package sheets

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/signpost-directory/signpost/site/sheets/internal/gopdf/fontmaker/core"
)

// A pad is assembled from its listings' single sheets, not drawn again.
// Drawing a page costs about 2 ms, and at 100,000 listings the pads hold
// some 450,000 pages; copying a page's content stream out of the sheet's
// PDF costs what reading the file costs.
//
// This works because of how gopdf writes text: in an Identity-H font with
// no CIDToGIDMap, so a page's content stream names each glyph by its index
// in the whole font file, and the sheet's font subset keeps those indices.
// The same content stream therefore draws the same page with the whole
// font embedded, which is what a pad carries, once per face it uses. A
// page's resource names (/F1, /F2) differ from sheet to sheet, so each page
// of the pad keeps its own small resource dictionary pointing at the pad's
// fonts. The QR code is vector paths in the content stream; its link is
// an annotation, copied with the page.

// sheetPage is what a pad needs of a single sheet's PDF.
type sheetPage struct {
	// content is the page's content stream object, "<<…>>stream…endstream".
	content []byte
	// fonts maps the page's font resource names to faces.
	fonts map[string]int
	// annots are the page's annotation dictionaries (the QR code's link).
	annots [][]byte
}

var (
	pageType     = regexp.MustCompile(`/Type\s*/Page\s`)
	pageContents = regexp.MustCompile(`/Contents\s+(\d+) 0 R\s`)
	pageRes      = regexp.MustCompile(`/Resources\s+(\d+) 0 R\s`)
	pageAnnots   = regexp.MustCompile(`/Annots\s*\[([\d\sR]*)\]`)
	reference    = regexp.MustCompile(`(\d+) 0 R`)
	fontDict     = regexp.MustCompile(`/Font\s*<<([^<>]*)>>`)
	fontEntry    = regexp.MustCompile(`/([A-Za-z0-9_]+)\s+(\d+) 0 R`)
	baseFont     = regexp.MustCompile(`/BaseFont\s*/(?:[A-Z]{6}\+)?([A-Za-z0-9-]+)`)
	prevXref     = regexp.MustCompile(`/Prev (\d+)`)
)

// readSheetPage takes the page out of a single sheet as write made it:
// gopdf's objects, then the incremental update withMetadata appended.
func readSheetPage(pdf []byte) (*sheetPage, error) {
	at, err := lastXref(pdf)
	if err != nil {
		return nil, err
	}
	// The update's table and trailer are signpost's own text; /Prev
	// leads to gopdf's table, which bounds each of gopdf's objects.
	if m := prevXref.FindSubmatch(pdf[at:]); m != nil {
		if at, err = strconv.Atoi(string(m[1])); err != nil || at <= 0 || at >= len(pdf) {
			return nil, fmt.Errorf("/Prev %s is outside the file", m[1])
		}
	}
	offsets, _, err := xrefTable(pdf, at)
	if err != nil {
		return nil, err
	}
	body := func(n int) ([]byte, error) {
		if n < 1 || n > len(offsets) {
			return nil, fmt.Errorf("object %d is not in the file", n)
		}
		end := at
		if n < len(offsets) {
			end = offsets[n]
		}
		obj := bytes.TrimRight(pdf[offsets[n-1]:end], "\r\n ")
		head := fmt.Sprintf("%d 0 obj\n", n)
		if !bytes.HasPrefix(obj, []byte(head)) || !bytes.HasSuffix(obj, []byte("endobj")) {
			return nil, fmt.Errorf("object %d is not where the table says", n)
		}
		return bytes.TrimSpace(obj[len(head) : len(obj)-len("endobj")]), nil
	}

	var page []byte
	for n := range offsets {
		// Only dictionaries are looked into: a stream's bytes may hold anything.
		obj, err := body(n + 1)
		if err != nil {
			return nil, err
		}
		if bytes.Contains(obj, []byte("stream")) || !pageType.Match(obj) {
			continue
		}
		if page != nil {
			return nil, fmt.Errorf("more than one page: not a single sheet")
		}
		page = obj
	}
	if page == nil {
		return nil, fmt.Errorf("no page")
	}
	ref := func(re *regexp.Regexp, what string) ([]byte, error) {
		m := re.FindSubmatch(page)
		if m == nil {
			return nil, fmt.Errorf("the page has no %s", what)
		}
		n, _ := strconv.Atoi(string(m[1]))
		return body(n)
	}
	p := &sheetPage{fonts: map[string]int{}}
	if p.content, err = ref(pageContents, "contents"); err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(p.content, []byte("<<")) || !bytes.HasSuffix(p.content, []byte("endstream")) {
		return nil, fmt.Errorf("the page's contents are not a stream")
	}
	res, err := ref(pageRes, "resources")
	if err != nil {
		return nil, err
	}
	if fonts := fontDict.FindSubmatch(res); fonts != nil {
		for _, e := range fontEntry.FindAllSubmatch(fonts[1], -1) {
			n, _ := strconv.Atoi(string(e[2]))
			font, err := body(n)
			if err != nil {
				return nil, err
			}
			name := baseFont.FindSubmatch(font)
			if name == nil {
				return nil, fmt.Errorf("font %s has no name", e[1])
			}
			face := slices.Index(faceNames[:], string(name[1]))
			if face < 0 {
				return nil, fmt.Errorf("font %s is %s, not one of the sheets' fonts", e[1], name[1])
			}
			p.fonts[string(e[1])] = face
		}
	}
	if m := pageAnnots.FindSubmatch(page); m != nil {
		for _, r := range reference.FindAllSubmatch(m[1], -1) {
			n, _ := strconv.Atoi(string(r[1]))
			a, err := body(n)
			if err != nil {
				return nil, err
			}
			// A link annotation stands alone; one pointing elsewhere could not be moved.
			if reference.Match(a) || bytes.Contains(a, []byte("stream")) {
				return nil, fmt.Errorf("annotation %d refers to other objects", n)
			}
			p.annots = append(p.annots, a)
		}
	}
	return p, nil
}

// wholeFace is one face as a pad embeds it: the whole font, with widths
// and a Unicode map for every glyph, made once per Fonts.
type wholeFace struct {
	name       string
	descriptor string // the font descriptor, with %d for the font file's object
	widths     string // the CIDFont's /W array
	file       []byte // the font file's stream object, compressed
	toUnicode  []byte // the ToUnicode CMap's stream object, compressed
}

// newWholeFace measures a face the way gopdf measures its subsets, so a
// page reads and spaces the same in a pad as on its own.
func newWholeFace(name string, ttf []byte) (*wholeFace, error) {
	var t core.TTFParser
	if err := t.ParseFontData(ttf); err != nil {
		return nil, fmt.Errorf("reading font %s: %w", name, err)
	}
	upem := t.UnitsPerEm()
	if upem == 0 || t.NumberOfHMetrics() == 0 || len(t.Widths()) < int(t.NumberOfHMetrics()) {
		return nil, fmt.Errorf("font %s has no metrics", name)
	}
	pdfUnits := func(v int) int { return core.Round(float64(v) * 1000 / float64(upem)) }
	f := &wholeFace{name: name}
	f.descriptor = fmt.Sprintf("<<\n/Type /FontDescriptor\n/Ascent %d\n/CapHeight %d\n/Descent %d\n/Flags %d\n"+
		"/FontBBox [%d %d %d %d]\n/FontFile2 %%d 0 R\n/FontName /%s\n/ItalicAngle %d\n/StemV 0\n/XHeight %d\n>>",
		pdfUnits(t.Ascender()), pdfUnits(t.CapHeight()), pdfUnits(t.Descender()), t.Flag(),
		pdfUnits(t.XMin()), pdfUnits(t.YMin()), pdfUnits(t.XMax()), pdfUnits(t.YMax()),
		name, t.ItalicAngle(), pdfUnits(t.XHeight()))

	// gopdf's width for a glyph past the metrics is the last one's.
	glyphs := len(t.Widths())
	for _, gid := range t.Chars() {
		glyphs = max(glyphs, int(gid)+1)
	}
	var w strings.Builder
	w.WriteString("0 [")
	for gid := range glyphs {
		if gid > 0 {
			w.WriteByte(' ')
		}
		w.WriteString(strconv.FormatUint(uint64(glyphWidth(&t, uint(gid))), 10))
	}
	w.WriteString("]")
	f.widths = w.String()

	// Each glyph's text is the lowest character that shows it (a space,
	// not a no-break space), as a copy and paste would want.
	byGlyph := map[uint]int{}
	for r, gid := range t.Chars() {
		if r < 32 || r > 0xFFFF || gid == 0 {
			continue
		}
		if old, ok := byGlyph[gid]; !ok || r < old {
			byGlyph[gid] = r
		}
	}
	gids := slices.Sorted(maps.Keys(byGlyph))
	var cmap bytes.Buffer
	cmap.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for chunk := range slices.Chunk(gids, 100) { // a block holds at most 100 (ISO 32000-1, 9.10.3)
		fmt.Fprintf(&cmap, "%d beginbfchar\n", len(chunk))
		for _, g := range chunk {
			fmt.Fprintf(&cmap, "<%04X> <%04X>\n", g, byGlyph[g])
		}
		cmap.WriteString("endbfchar\n")
	}
	cmap.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")

	var err error
	if f.file, err = flateStream(ttf, fmt.Sprintf("/Length1 %d", len(ttf))); err != nil {
		return nil, err
	}
	if f.toUnicode, err = flateStream(cmap.Bytes(), ""); err != nil {
		return nil, err
	}
	return f, nil
}

// glyphWidth is gopdf's SubsetFontObj.GlyphIndexToPdfWidth.
func glyphWidth(t *core.TTFParser, gid uint) uint {
	if n := t.NumberOfHMetrics(); gid >= n {
		gid = n - 1
	}
	w := t.Widths()[gid]
	if upem := t.UnitsPerEm(); upem != 1000 {
		return w * 1000 / upem
	}
	return w
}

// flateStream is data as a compressed stream object's body.
func flateStream(data []byte, extra string) ([]byte, error) {
	var packed bytes.Buffer
	z := zlib.NewWriter(&packed)
	if _, err := z.Write(data); err != nil {
		return nil, err
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "<<\n/Filter /FlateDecode\n/Length %d\n%s\n>>\nstream\n", packed.Len(), extra)
	out.Write(packed.Bytes())
	out.WriteString("\nendstream")
	return out.Bytes(), nil
}

// assemblePad writes a PDF of pages, in order, on paper: each face they
// use embedded once, whole, and each page's content copied as it is.
func assemblePad(f *Fonts, paper Paper, pages []*sheetPage) ([]byte, error) {
	faces, err := f.wholeFaces()
	if err != nil {
		return nil, err
	}
	var used [numFaces]bool
	for _, p := range pages {
		for _, face := range p.fonts {
			used[face] = true
		}
	}
	// Objects: 1 the catalog, 2 the page tree, five per face used, then
	// each page, its contents and its annotations.
	next := 3
	var fontObj [numFaces]int
	for face := range numFaces {
		if used[face] {
			fontObj[face] = next
			next += 5
		}
	}
	pageObj := make([]int, len(pages))
	for i, p := range pages {
		pageObj[i] = next
		next += 2 + len(p.annots)
	}

	// Sized beforehand: growing a buffer of megabytes by doubling cost
	// more than the rest of putting a pad together.
	size := 4096
	for face, n := range fontObj {
		if n != 0 {
			wf := faces[face]
			size += len(wf.file) + len(wf.toUnicode) + len(wf.widths) + len(wf.descriptor) + 1024
		}
	}
	for _, p := range pages {
		size += len(p.content) + 512
		for _, a := range p.annots {
			size += len(a) + 64
		}
	}
	var out bytes.Buffer
	out.Grow(size)
	offsets := make([]int, 0, next-1)
	// Objects are written in number order, so the table is their offsets in turn.
	object := func(n int, body ...[]byte) {
		offsets = append(offsets, out.Len())
		fmt.Fprintf(&out, "%d 0 obj\n", n)
		for _, b := range body {
			out.Write(b)
		}
		out.WriteString("\nendobj\n")
	}
	out.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	object(1, []byte("<<\n  /Type /Catalog\n  /Pages 2 0 R\n>>"))
	w, h := paper.size()
	var kids strings.Builder
	for _, n := range pageObj {
		fmt.Fprintf(&kids, " %d 0 R", n)
	}
	object(2, fmt.Appendf(nil, "<<\n  /Type /Pages\n  /MediaBox [ 0 0 %.2f %.2f ]\n  /Count %d\n  /Kids [%s ]\n>>",
		w, h, len(pages), kids.String()))
	for face, n := range fontObj {
		if n == 0 {
			continue
		}
		wf := faces[face]
		object(n, fmt.Appendf(nil, "<<\n/Type /Font\n/Subtype /Type0\n/BaseFont /%s\n/Encoding /Identity-H\n"+
			"/DescendantFonts [%d 0 R]\n/ToUnicode %d 0 R\n>>", wf.name, n+1, n+4))
		object(n+1, fmt.Appendf(nil, "<<\n/Type /Font\n/Subtype /CIDFontType2\n/BaseFont /%s\n"+
			"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>\n"+
			"/FontDescriptor %d 0 R\n/CIDToGIDMap /Identity\n/W [%s]\n>>", wf.name, n+2, wf.widths))
		object(n+2, fmt.Appendf(nil, wf.descriptor, n+3))
		object(n+3, wf.file)
		object(n+4, wf.toUnicode)
	}
	for i, p := range pages {
		n := pageObj[i]
		var res strings.Builder
		for _, name := range slices.Sorted(maps.Keys(p.fonts)) {
			fmt.Fprintf(&res, " /%s %d 0 R", name, fontObj[p.fonts[name]])
		}
		var annots strings.Builder
		for j := range p.annots {
			fmt.Fprintf(&annots, " %d 0 R", n+2+j)
		}
		object(n, fmt.Appendf(nil, "<<\n  /Type /Page\n  /Parent 2 0 R\n"+
			"  /Resources << /ProcSet [/PDF /Text] /Font <<%s >> >>\n  /Annots [%s ]\n  /Contents %d 0 R\n>>",
			res.String(), annots.String(), n+1))
		object(n+1, p.content)
		for j, a := range p.annots {
			object(n+2+j, a)
		}
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&out, "trailer\n<<\n/Size %d\n/Root 1 0 R\n>>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return out.Bytes(), nil
}

// gopdf writes objects 1…n in order, then a cross-reference table giving
// each one's offset, then the trailer. The table bounds every object
// exactly, so no object's bytes (a font's, which may contain anything)
// are ever searched.
var xrefHeader = regexp.MustCompile(`^xref\n0 (\d+)\n`)

// xrefTable reads the cross-reference table gopdf wrote at offset at: the
// offset of each object 1…n, all in use and in order, and what follows the
// table (the trailer).
func xrefTable(pdf []byte, at int) (offsets []int, trailer []byte, err error) {
	m := xrefHeader.FindSubmatch(pdf[at:])
	if m == nil {
		return nil, nil, fmt.Errorf("no cross-reference table at %d", at)
	}
	count, err := strconv.Atoi(string(m[1]))
	entries := pdf[at+len(m[0]):]
	if err != nil || count < 1 || count > len(entries)/20 {
		return nil, nil, fmt.Errorf("a cross-reference table of %d entries is cut short", count)
	}
	offsets = make([]int, count-1)
	for i := range offsets {
		e := entries[20*(i+1) : 20*(i+2)]
		if e[17] != 'n' {
			return nil, nil, fmt.Errorf("object %d is not in use: not a PDF gopdf wrote", i+1)
		}
		if offsets[i], err = strconv.Atoi(string(e[:10])); err != nil {
			return nil, nil, fmt.Errorf("object %d's offset: %w", i+1, err)
		}
		if offsets[i] <= 0 || offsets[i] >= at || (i > 0 && offsets[i] <= offsets[i-1]) {
			return nil, nil, fmt.Errorf("object %d is not where gopdf puts it", i+1)
		}
	}
	return offsets, entries[20*count:], nil
}

// lastXref is the offset startxref gives, at the end of pdf.
func lastXref(pdf []byte) (int, error) {
	m := startXref.FindSubmatch(pdf)
	if m == nil {
		return 0, fmt.Errorf("no startxref at the end")
	}
	at, err := strconv.Atoi(string(m[1]))
	if err != nil || at <= 0 || at >= len(pdf) {
		return 0, fmt.Errorf("startxref %s is outside the file", m[1])
	}
	return at, nil
}
