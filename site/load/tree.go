package load

import (
	"encoding/binary"
	"errors"
	"math"

	"go.yaml.in/yaml/v3"
)

// A parsed tree, written down so that a later run can take it back
// instead of parsing the same text again. Parsing YAML is most of what
// checking an unchanged file costs (about 100 µs a file: 10 of the 25
// CPU seconds of checking 100,000 listings), and taking a tree back is a
// tenth of that. The encoding keeps every field of every node (comments
// included, which checks read), so the tree taken back is the one Parse
// made; it is for the same program only, which is for the caller to
// ensure (a new version of the YAML library may parse differently).
//
// The format: the number of nodes, then each node in document order: its
// kind, style, line, column and number of children as unsigned varints,
// then its tag, value, anchor and three comments, each a varint length
// and the bytes.

// maxTreeNodes bounds the nodes DecodeTree makes from one encoding. The
// largest content file (MaxFileSize) cannot hold more nodes than bytes.
const maxTreeNodes = MaxFileSize

// ErrBadTree is returned by DecodeTree for what EncodeTree cannot have made.
var ErrBadTree = errors.New("not an encoded tree")

// EncodeTree appends the encoding of the tree at root to dst. ok is false,
// and dst is returned as it was, for a tree that holds an alias, which
// Parse never hands out.
func EncodeTree(dst []byte, root *yaml.Node) (_ []byte, ok bool) {
	start := len(dst)
	dst = binary.AppendUvarint(dst, uint64(countNodes(root)))
	var encode func(n *yaml.Node) bool
	encode = func(n *yaml.Node) bool {
		if n.Alias != nil || n.Line < 0 || n.Column < 0 {
			return false
		}
		for _, v := range []uint64{uint64(n.Kind), uint64(n.Style), uint64(n.Line), uint64(n.Column), uint64(len(n.Content))} {
			dst = binary.AppendUvarint(dst, v)
		}
		for _, s := range []string{n.Tag, n.Value, n.Anchor, n.HeadComment, n.LineComment, n.FootComment} {
			dst = binary.AppendUvarint(dst, uint64(len(s)))
			dst = append(dst, s...)
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

func countNodes(n *yaml.Node) int {
	count := 1
	for _, c := range n.Content {
		count += countNodes(c)
	}
	return count
}

// DecodeTree makes again the tree EncodeTree wrote in enc. Its strings
// share enc's memory. Any encoding that EncodeTree did not make, whole,
// is refused with ErrBadTree, never followed past its end.
func DecodeTree(enc string) (*yaml.Node, error) {
	d := treeDecoder{rest: enc}
	count := d.uvarint()
	if d.bad || count == 0 || count > maxTreeNodes || count > uint64(len(enc)) {
		return nil, ErrBadTree
	}
	// One allocation for the nodes of a file and one for their children
	// lists, rather than one for each.
	d.nodes = make([]yaml.Node, count)
	d.children = make([]*yaml.Node, 0, count-1)
	root := d.node()
	if d.bad || d.next != len(d.nodes) || d.rest != "" {
		return nil, ErrBadTree
	}
	return root, nil
}

// treeDecoder reads an encoding from the front of rest; bad is set at the
// first thing out of place, after which everything it returns is zero.
type treeDecoder struct {
	rest     string
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
	// The length is read before it is compared with what is left.
	n := d.uvarint()
	if d.bad || n > uint64(len(d.rest)) {
		d.bad = true
		return ""
	}
	s := d.rest[:n]
	d.rest = d.rest[n:]
	return s
}

// node reads one node and, depth first, its children. The depth is
// bounded by the node count, which the caller bounded.
func (d *treeDecoder) node() *yaml.Node {
	if d.bad || d.next == len(d.nodes) {
		d.bad = true
		return nil
	}
	n := &d.nodes[d.next]
	d.next++
	n.Kind = yaml.Kind(d.small(math.MaxUint32))
	n.Style = yaml.Style(d.small(math.MaxUint32))
	n.Line = d.small(math.MaxInt32)
	n.Column = d.small(math.MaxInt32)
	children := d.small(len(d.nodes) - d.next)
	n.Tag, n.Value, n.Anchor = d.string(), d.string(), d.string()
	n.HeadComment, n.LineComment, n.FootComment = d.string(), d.string(), d.string()
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
		if n.Content[i] = d.node(); d.bad {
			n.Content = nil
			return n
		}
	}
	return n
}
