// Package parts splits one build of a site across several machines. A
// national directory of a million listings will not build on one 2-core
// runner; split into parts, it builds as a matrix of CI jobs, each of which
// checks the whole content, renders only its own share of the pages, sheets
// and feeds, and uploads its folder; a last job merges the folders (see
// Merge) into the site a one-shot build would have made.
//
// Every file of the site belongs to exactly one part, decided by a hash of
// a name for it (a page's content path, a listing's sheet, an output), so
// parts are about the same size and no part needs to know what the others
// hold. Files every page needs (the stylesheets, scripts and icons) are
// made by every part, byte for byte the same.
package parts

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// Part is part N of Of; the zero Part is the whole build.
type Part struct {
	N, Of int
}

// Parse reads "2/4" (the second of four parts).
func Parse(s string) (Part, error) {
	n, of, ok := strings.Cut(strings.TrimSpace(s), "/")
	a, errA := strconv.Atoi(n)
	b, errB := strconv.Atoi(of)
	if !ok || errA != nil || errB != nil {
		return Part{}, fmt.Errorf("%q is not a part: write it as N/M, for example 2/4 for the second of four", s)
	}
	if b < 1 || b > 1000 || a < 1 || a > b {
		return Part{}, fmt.Errorf("part %d/%d: N must be from 1 to M, and M from 1 to 1000", a, b)
	}
	return Part{N: a, Of: b}, nil
}

// Whole reports whether p is the whole build.
func (p Part) Whole() bool { return p.Of <= 1 }

// Owns reports whether the file or work named key belongs to p.
func (p Part) Owns(key string) bool {
	if p.Whole() {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32()%uint32(p.Of)) == p.N-1
}

func (p Part) String() string {
	if p.Whole() {
		return "the whole site"
	}
	return fmt.Sprintf("part %d of %d", p.N, p.Of)
}
