package sheets

import (
	"bytes"
	"crypto/sha256"
	"encoding/xml"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

// docInfo is what a PDF says about itself: its title, subject and
// language, for screen readers, search and the viewer's title bar.
type docInfo struct {
	Title, Subject string
	// Lang is a BCP 47 tag, such as en-GB.
	Lang string
}

// langTag is the BCP 47 tag of text in lang, for a directory whose
// default language is def in country: the default language gains the
// country as its region (en in GB is en-GB), so a screen reader picks the
// right voice; other languages stay as they are, since a Polish text in a
// British directory is not "Polish as spoken in Britain".
func langTag(lang, def, country string) string {
	if lang == "" {
		lang = def
	}
	if lang == def && !strings.Contains(lang, "-") && len(country) == 2 {
		return lang + "-" + strings.ToUpper(country)
	}
	return lang
}

// gopdf writes the catalog as object 1 with a fixed dictionary (no /Lang,
// no /Metadata) and the document information inline in the trailer, and
// has no way to add either. So withMetadata appends them as an incremental
// update (ISO 32000-1, 7.5.6): a new catalog (object 1 again, now with
// /Lang, /Metadata and /ViewerPreferences), an XMP metadata stream, an
// Info dictionary as an object of its own, and a cross-reference section
// that points back to gopdf's. Readers take the newest version of each
// object, and gopdf's bytes stay untouched.
var (
	trailerSize = regexp.MustCompile(`(?s)trailer\s*<<.*?/Size (\d+)`)
	startXref   = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	catalog     = regexp.MustCompile(`(?s)\n1 0 obj\s*<<(.*?)>>\s*endobj`)
	plainTag    = regexp.MustCompile(`^[A-Za-z0-9-]+$`)
)

// withMetadata appends doc's language and metadata to the PDF in pdf.
func withMetadata(pdf []byte, doc docInfo) ([]byte, error) {
	size, prev, cat, err := parseTail(pdf)
	if err != nil {
		return nil, fmt.Errorf("adding metadata: %w", err)
	}
	metaID, infoID := size, size+1
	out := bytes.NewBuffer(pdf)
	if !bytes.HasSuffix(pdf, []byte("\n")) {
		out.WriteByte('\n')
	}
	offsets := map[int]int{}

	offsets[1] = out.Len()
	fmt.Fprintf(out, "1 0 obj\n<<%s/Lang %s\n/Metadata %d 0 R\n/ViewerPreferences << /DisplayDocTitle true >>\n>>\nendobj\n",
		cat, langString(doc.Lang), metaID)

	xmp := xmpPacket(doc)
	offsets[metaID] = out.Len()
	fmt.Fprintf(out, "%d 0 obj\n<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream\nendobj\n",
		metaID, len(xmp), xmp)

	offsets[infoID] = out.Len()
	fmt.Fprintf(out, "%d 0 obj\n<< /Title %s /Subject %s /Creator %s /Producer %s >>\nendobj\n", infoID,
		pdfString(doc.Title), pdfString(doc.Subject), pdfString("signpost"), pdfString("signpost"))

	xref := out.Len()
	fmt.Fprintf(out, "xref\n0 1\n0000000000 65535 f \n1 1\n%010d 00000 n \n%d 2\n%010d 00000 n \n%010d 00000 n \n",
		offsets[1], metaID, offsets[metaID], offsets[infoID])
	// The same content gives the same id, so a cached sheet and a fresh one agree.
	id := sha256.Sum256(pdf)
	fmt.Fprintf(out, "trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R /Prev %d /ID [<%x> <%x>] >>\nstartxref\n%d\n%%%%EOF\n",
		infoID+1, infoID, prev, id[:16], id[:16], xref)
	return out.Bytes(), nil
}

// parseTail finds, in gopdf's output, the number of objects, where its
// cross-reference section starts and the body of its catalog.
func parseTail(pdf []byte) (size, prev int, cat []byte, err error) {
	m := trailerSize.FindSubmatch(pdf)
	x := startXref.FindSubmatch(pdf)
	c := catalog.FindSubmatch(pdf)
	if m == nil || x == nil || c == nil {
		return 0, 0, nil, fmt.Errorf("the PDF library's output has no trailer, startxref or catalog where expected")
	}
	if bytes.Contains(c[1], []byte("/Lang")) || bytes.Contains(c[1], []byte("/Metadata")) {
		return 0, 0, nil, fmt.Errorf("the PDF library's catalog already has /Lang or /Metadata")
	}
	size, _ = strconv.Atoi(string(m[1]))
	prev, _ = strconv.Atoi(string(x[1]))
	return size, prev, c[1], nil
}

// pdfString is s as a PDF text string: UTF-16BE with a byte order mark,
// in hex, so any character and any bracket is safe.
func pdfString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// langString is a language tag as a PDF string: plain ASCII, as checkers
// such as PAC expect, unless the tag is not a plain one.
func langString(tag string) string {
	if plainTag.MatchString(tag) {
		return "(" + tag + ")"
	}
	return pdfString(tag)
}

// xmpPacket is the document's XMP metadata (ISO 16684-1): the same title,
// subject and language as the Info dictionary, as PDF 2.0 and PDF/UA ask.
func xmpPacket(doc docInfo) string {
	esc := func(s string) string {
		var b bytes.Buffer
		_ = xml.EscapeText(&b, []byte(s)) // writing to a bytes.Buffer cannot fail
		return b.String()
	}
	lang := esc(doc.Lang)
	return `<?xpacket begin="` + "\uFEFF" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc(doc.Title) + `</rdf:li><rdf:li xml:lang="` + lang + `">` + esc(doc.Title) + `</rdf:li></rdf:Alt></dc:title>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">` + esc(doc.Subject) + `</rdf:li><rdf:li xml:lang="` + lang + `">` + esc(doc.Subject) + `</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>` + lang + `</rdf:li></rdf:Bag></dc:language>
<xmp:CreatorTool>signpost</xmp:CreatorTool>
<pdf:Producer>signpost</pdf:Producer>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>`
}
