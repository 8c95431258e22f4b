package load

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// A parsed tree, written down so that a later run can take it back
// instead of parsing the same text again. Parsing YAML is most of what
// checking an unchanged file costs (about 100 µs a file: 10 of the 25
// CPU seconds of checking 100,000 listings), and taking a tree back is a
// tenth of that. The encoding keeps every field of every node (comments
// included, which checks read), so the tree taken back is the one Parse
// made; it is for the same program and the same text only, which is for
// the caller to ensure (a new version of the YAML library may parse
// differently).
//
// Most strings of a tree are in the file's text as they are (a plain
// value, a key), so they are written as where they are in it, and taken
// back as parts of it: an encoding is about a quarter of the file's size,
// and the tree shares the text's memory. The format: the number of nodes,
// then each node in document order, as unsigned varints: its kind and
// style (kind + style<<5), line, column and number of children; its tag,
// as its index in commonTags plus one, or 0 and the tag written out; its value; and
// which of anchor, head, line and foot comment follow (bits 1, 2, 4, 8),
// then those. A string written out is its length<<1 then its bytes; one
// in the text is its offset<<1|1 then its length.

// maxStyle is the largest yaml.Style: all its flags set.
const maxStyle = yaml.TaggedStyle | yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle | yaml.LiteralStyle | yaml.FoldedStyle | yaml.FlowStyle

// commonTags are the tags nearly every node has, written as their index
// plus one (0 says the tag is written out).
var commonTags = []string{"", "!!str", "!!map", "!!seq", "!!int", "!!bool", "!!null", "!!float", "!!timestamp"}

// maxTreeNodes bounds the nodes DecodeTree makes from one encoding. The
// largest content file (MaxFileSize) cannot hold more nodes than bytes.
const maxTreeNodes = MaxFileSize

// ErrBadTree is returned by DecodeTree for what EncodeTree cannot have made.
var ErrBadTree = errors.New("not an encoded tree")

// EncodeTree appends the encoding of the tree at root, parsed from text,
// to dst. ok is false, and dst is returned as it was, for a tree that
// holds an alias, which Parse never hands out.
func EncodeTree(dst []byte, root *yaml.Node, text string) (_ []byte, ok bool) {
	start := len(dst)
	dst = binary.AppendUvarint(dst, uint64(countNodes(root)))
	lines := lineStarts(text)
	var encode func(n *yaml.Node) bool
	encode = func(n *yaml.Node) bool {
		if n.Alias != nil || n.Line < 0 || n.Column < 0 || n.Kind > 31 || n.Style > maxStyle {
			return false
		}
		for _, v := range []uint64{uint64(n.Kind) | uint64(n.Style)<<5, uint64(n.Line), uint64(n.Column), uint64(len(n.Content))} {
			dst = binary.AppendUvarint(dst, v)
		}
		if i := slices.Index(commonTags, n.Tag); i >= 0 {
			dst = binary.AppendUvarint(dst, uint64(i)+1)
		} else {
			dst = binary.AppendUvarint(dst, 0)
			dst = appendString(dst, n.Tag, text, -1)
		}
		// A value is looked for from the start of its line: it is
		// usually there, though after the column, which counts characters.
		from := 0
		if n.Line >= 1 && n.Line <= len(lines) {
			from = lines[n.Line-1]
		}
		dst = appendString(dst, n.Value, text, from)
		var extras uint64
		for i, s := range []string{n.Anchor, n.HeadComment, n.LineComment, n.FootComment} {
			if s != "" {
				extras |= 1 << i
			}
		}
		dst = binary.AppendUvarint(dst, extras)
		for _, s := range []string{n.Anchor, n.HeadComment, n.LineComment, n.FootComment} {
			if s != "" {
				dst = appendString(dst, s, text, -1)
			}
		}
		for _, c := range n.Content {
			if !encode(c) {
				return false
			}
		}
		return true
	}
	if !encode(root) {
		return dst[:start], false
	}
	return dst, true
}

// appendString writes s as where it is in text, looked for from the
// offset from to a little past its own length, or written out; from < 0
// writes it out. The search is bounded so that encoding stays linear in
// the file's size: a value not found near its line (an escaped or folded
// one, whose text differs) is written out.
func appendString(dst []byte, s, text string, from int) []byte {
	if from >= 0 && len(s) > 1 {
		near := text[from:min(len(text), from+len(s)+nearSlack)]
		if i := strings.Index(near, s); i >= 0 {
			dst = binary.AppendUvarint(dst, uint64(from+i)<<1|1)
			return binary.AppendUvarint(dst, uint64(len(s)))
		}
	}
	dst = binary.AppendUvarint(dst, uint64(len(s))<<1)
	return append(dst, s...)
}

// nearSlack is how far past a value's length, from the start of its line,
// appendString looks for it: room for the key, the indentation and a
// quote before it.
const nearSlack = 256

// lineStarts is the offset in text of the start of each line.
func lineStarts(text string) []int {
	starts := make([]int, 1, strings.Count(text, "\n")+1)
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

func countNodes(n *yaml.Node) int {
	count := 1
	for _, c := range n.Content {
		count += countNodes(c)
	}
	return count
}

// DecodeTree makes again the tree EncodeTree wrote in enc for text. Its
// strings are parts of text, or copies. An encoding that is damaged, or
// that describes a tree Parse cannot make (a root that is not a mapping,
// a mapping with an odd number of children, an alias, a scalar with
// children, deeper than the YAML parser allows), is refused with
// ErrBadTree; it is never followed past its end or the text's. The CRC
// of the verdicts file catches damage, not forgery: whoever can write the
// cache folder can make a check see content that is not in the files, so
// it must be as trusted as the program (see check.Verdicts).
func DecodeTree(enc, text string) (*yaml.Node, error) {
	d := treeDecoder{rest: enc, text: text}
	count := d.uvarint()
	if d.bad || count == 0 || count > maxTreeNodes || count > uint64(len(enc)/minNodeSize) {
		return nil, ErrBadTree
	}
	// One allocation for the nodes of a file and one for their children
	// lists, rather than one for each.
	d.nodes = make([]yaml.Node, count)
	d.children = make([]*yaml.Node, 0, count-1)
	root := d.node(0)
	if d.bad || d.next != len(d.nodes) || d.rest != "" || root.Kind != yaml.MappingNode {
		return nil, ErrBadTree
	}
	return root, nil
}

// minNodeSize is the fewest bytes EncodeTree writes for a node: one for
// each of its seven numbers (kind and style, line, column, children, tag,
// value, extras).
const minNodeSize = 7

// maxTreeDepth is how deeply nodes may nest: the YAML parser's own limit.
const maxTreeDepth = 10000

// treeDecoder reads an encoding from the front of rest; bad is set at the
// first thing out of place, after which everything it returns is zero.
type treeDecoder struct {
	rest     string
	text     string
	bad      bool
	nodes    []yaml.Node
	next     int
	children []*yaml.Node
}

func (d *treeDecoder) uvarint() uint64 {
	if d.bad {
		return 0
	}
	var v uint64
	for i := 0; i < len(d.rest) && i < binary.MaxVarintLen64; i++ {
		b := d.rest[i]
		v |= uint64(b&0x7f) << (7 * i)
		if b < 0x80 {
			if (b == 0 && i > 0) || (i == binary.MaxVarintLen64-1 && b > 1) {
				break // not the shortest form, which EncodeTree writes, or past 64 bits
			}
			d.rest = d.rest[i+1:]
			return v
		}
	}
	d.bad = true
	return 0
}

// small reads a varint that must fit in an int no larger than limit.
func (d *treeDecoder) small(limit int) int {
	v := d.uvarint()
	if v > uint64(limit) {
		d.bad = true
		return 0
	}
	return int(v)
}

func (d *treeDecoder) string() string {
	v := d.uvarint()
	if v&1 == 1 {
		// A part of the text; the length is read before it is compared.
		start, n := v>>1, d.uvarint()
		if d.bad || start > uint64(len(d.text)) || n > uint64(len(d.text))-start || n < 2 {
			d.bad = true
			return ""
		}
		return d.text[start : start+n]
	}
	n := v >> 1
	if d.bad || n > uint64(len(d.rest)) {
		d.bad = true
		return ""
	}
	// A copy, so that the tree does not keep the whole verdicts file in
	// memory: few strings are written out (tags, comments, escaped values).
	s := strings.Clone(d.rest[:n])
	d.rest = d.rest[n:]
	return s
}

// node reads one node at depth and, depth first, its children.
func (d *treeDecoder) node(depth int) *yaml.Node {
	if d.bad || d.next == len(d.nodes) || depth > maxTreeDepth {
		d.bad = true
		return nil
	}
	n := &d.nodes[d.next]
	d.next++
	kindStyle := d.small(int(maxStyle)<<5 | 31)
	n.Kind, n.Style = yaml.Kind(kindStyle&31), yaml.Style(kindStyle>>5)
	n.Line = d.small(math.MaxInt32)
	n.Column = d.small(math.MaxInt32)
	children := d.small(len(d.nodes) - d.next)
	if tag := d.small(len(commonTags)); tag > 0 {
		n.Tag = commonTags[tag-1]
	} else if n.Tag = d.string(); slices.Contains(commonTags, n.Tag) {
		d.bad = true // EncodeTree writes these as their index
	}
	n.Value = d.string()
	extras := d.small(15)
	for i, field := range []*string{&n.Anchor, &n.HeadComment, &n.LineComment, &n.FootComment} {
		if extras&(1<<i) != 0 {
			if *field = d.string(); *field == "" {
				d.bad = true // an empty one is not written
			}
		}
	}
	switch {
	case n.Kind != yaml.ScalarNode && n.Kind != yaml.SequenceNode && n.Kind != yaml.MappingNode,
		n.Kind == yaml.ScalarNode && children > 0,
		n.Kind == yaml.MappingNode && children%2 != 0:
		d.bad = true // not a tree Parse makes
	}
	if d.bad || children == 0 {
		return n
	}
	// The children's pointers come from the shared list; a node's own
	// children are read before its siblings' (depth first), so each node
	// takes its slots first and fills them as it goes.
	start := len(d.children)
	if start+children > cap(d.children) {
		d.bad = true
		return n
	}
	d.children = d.children[:start+children]
	n.Content = d.children[start : start+children : start+children]
	for i := range n.Content {
		if n.Content[i] = d.node(depth + 1); d.bad {
			n.Content = nil
			return n
		}
	}
	return n
}
