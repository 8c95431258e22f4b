package gopdf

import (
	"encoding/binary"
	"sync"
)

// FontSubsets remembers embedded font subsets, compressed, by font and
// glyph set, so documents that set the same glyphs in the same font share
// one subset instead of building and compressing it again. (signpost's
// change to upstream; see README.md.)
//
// Base is added to every subset of a document that uses FontSubsets: with
// the characters most text uses already in, most documents' subsets are
// the same set, made once. A FontSubsets is safe for concurrent use.
type FontSubsets struct {
	base  string
	limit int

	mu   sync.Mutex
	made map[string]fontSubset
}

// fontSubset is one subset as a PDF stream holds it.
type fontSubset struct {
	compressed []byte
	length     int // uncompressed, the stream's /Length1
}

// NewFontSubsets makes a FontSubsets that adds base to every subset and
// keeps at most limit of them (a document with a rare glyph set is then
// built as upstream does, and not remembered).
func NewFontSubsets(base string, limit int) *FontSubsets {
	return &FontSubsets{base: base, limit: limit, made: map[string]fontSubset{}}
}

// subsetKey names a font's subset by its family and sorted glyph indexes.
func subsetKey(family string, glyphs []int) string {
	key := make([]byte, 0, len(family)+1+2*len(glyphs))
	key = append(key, family...)
	key = append(key, 0)
	for _, g := range glyphs {
		key = binary.BigEndian.AppendUint16(key, uint16(g))
	}
	return string(key)
}

func (fs *FontSubsets) get(key string) (fontSubset, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	s, ok := fs.made[key]
	return s, ok
}

func (fs *FontSubsets) put(key string, s fontSubset) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if len(fs.made) < fs.limit {
		fs.made[key] = s
	}
}
