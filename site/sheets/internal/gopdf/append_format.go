package gopdf

import (
	"strconv"
	"strings"
)

// The content streams' numbers are appended to a byte slice rather than
// formatted with fmt, which cost 3.3 s of CPU in a build of 10,000
// sheets: a sheet has hundreds of glyphs and rectangles. The bytes are
// the same as fmt's. (signpost's change to upstream; see README.md.)

// appendFloat2 appends v as fmt's "%0.2f" does.
func appendFloat2(b []byte, v float64) []byte {
	return strconv.AppendFloat(b, v, 'f', 2, 64)
}

// appendHex4 appends v as fmt's "%04X" does.
func appendHex4(b []byte, v uint) []byte {
	const digits = "0123456789ABCDEF"
	if v > 0xFFFF {
		return append(b, strings.ToUpper(strconv.FormatUint(uint64(v), 16))...) // no TrueType glyph index is this large
	}
	return append(b, digits[v>>12&0xF], digits[v>>8&0xF], digits[v>>4&0xF], digits[v&0xF])
}
