package sheets

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"regexp"
	"strconv"
)

// gopdf makes a new zlib compressor for every page's content stream, and
// making one costs more than compressing a page (compress/flate allocates
// and clears some 650 KB each time): printing a pad of a thousand pages
// spent most of its time there. So pads are written by gopdf uncompressed
// and compressContent compresses their content streams afterwards with one
// compressor, reset between streams. 1,000 sheets with their 25 pads took
// 9.2 s before and 5.5 s without the per-page compressors.
//
// gopdf writes objects 1…n in order, then a cross-reference table giving
// each one's offset, then the trailer; an uncompressed content stream is
// exactly "<<\n/Length L\n>>\nstream\n", L bytes, "endstream\n". The table
// bounds every object exactly, so no object's bytes (a font's, which may
// contain anything) are ever searched.
var (
	xrefHeader  = regexp.MustCompile(`^xref\n0 (\d+)\n`)
	plainStream = regexp.MustCompile(`^(\d+) 0 obj\n<<\n/Length (\d+)\n>>\nstream\n`)
)

// compressContent returns pdf, as gopdf wrote it, with every plain stream
// flate-compressed and the cross-reference table rewritten to match.
func compressContent(pdf []byte) ([]byte, error) {
	at, err := lastXref(pdf)
	if err != nil {
		return nil, err
	}
	m := xrefHeader.FindSubmatch(pdf[at:])
	if m == nil {
		return nil, fmt.Errorf("no cross-reference table at %d", at)
	}
	count, err := strconv.Atoi(string(m[1]))
	entries := pdf[at+len(m[0]):]
	if err != nil || count < 1 || count > len(entries)/20 {
		return nil, fmt.Errorf("a cross-reference table of %d entries is cut short", count)
	}
	offsets := make([]int, count-1)
	for i := range offsets {
		e := entries[20*(i+1) : 20*(i+2)]
		if e[17] != 'n' {
			return nil, fmt.Errorf("object %d is not in use: not a PDF gopdf wrote", i+1)
		}
		if offsets[i], err = strconv.Atoi(string(e[:10])); err != nil {
			return nil, fmt.Errorf("object %d's offset: %w", i+1, err)
		}
		if offsets[i] <= 0 || offsets[i] >= at || (i > 0 && offsets[i] <= offsets[i-1]) {
			return nil, fmt.Errorf("object %d is not where gopdf puts it", i+1)
		}
	}
	trailer := entries[20*count:]

	out := bytes.NewBuffer(make([]byte, 0, len(pdf)/2))
	if len(offsets) > 0 {
		out.Write(pdf[:offsets[0]])
	}
	z := zlib.NewWriter(nil)
	var packed bytes.Buffer
	newOffsets := make([]int, len(offsets))
	for i, start := range offsets {
		end := at
		if i+1 < len(offsets) {
			end = offsets[i+1]
		}
		obj := pdf[start:end]
		newOffsets[i] = out.Len()
		head := plainStream.FindSubmatch(obj)
		if head == nil {
			out.Write(obj)
			continue
		}
		n, _ := strconv.Atoi(string(head[2]))
		body := obj[len(head[0]):]
		if n > len(body) || !bytes.HasPrefix(body[n:], []byte("endstream\n")) {
			return nil, fmt.Errorf("object %s: the stream is not %d bytes long", head[1], n)
		}
		packed.Reset()
		z.Reset(&packed)
		if _, err := z.Write(body[:n]); err != nil {
			return nil, err
		}
		if err := z.Close(); err != nil {
			return nil, err
		}
		fmt.Fprintf(out, "%s 0 obj\n<<\n/Filter/FlateDecode/Length %d\n>>\nstream\n", head[1], packed.Len())
		out.Write(packed.Bytes())
		out.WriteString("\n")
		out.Write(body[n:])
	}
	xref := out.Len()
	fmt.Fprintf(out, "xref\n0 %d\n0000000000 65535 f \n", count)
	for _, o := range newOffsets {
		fmt.Fprintf(out, "%010d 00000 n \n", o)
	}
	tail := startXref.FindSubmatchIndex(trailer)
	if tail == nil {
		return nil, fmt.Errorf("no startxref after the trailer")
	}
	out.Write(trailer[:tail[2]])
	fmt.Fprintf(out, "%d\n%%%%EOF\n", xref)
	return out.Bytes(), nil
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
