package load

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// parseSimple parses the YAML nearly every content file is written in into
// the tree go.yaml.in/yaml/v3 makes of it, about ten times faster (parsing
// was 10 of the 30 CPU seconds of a first check of 100,000 listings):
// "name: value" lines and "- item" lists, nested by indentation; values
// on one line, plain, in "double" or 'single' quotes (without escapes), or
// a [list] or {group}; and | or > blocks of text. For anything else it
// reports false and the caller parses the text with yaml.v3, which also
// explains what is wrong: comments, which the tree keeps and checks read;
// anchors, aliases, tags and directives; a value over several lines other
// than a block; a key that is not a plain word; a key with no value; tabs,
// carriage returns and the characters YAML reads as line breaks or
// refuses; and anything yaml.v3 would refuse. A test compares the two
// parsers' trees on every file of the sample and on fuzzed text.
//
// Line numbers are shifted by lineOffset, as parseMapping shifts them.
func parseSimple(text string, lineOffset int) (*yaml.Node, bool) {
	if !simpleText(text) {
		return nil, false
	}
	p := simpleParser{lineOffset: lineOffset, colLine: -1}
	// Nodes are taken from one allocation, which is a third of the time
	// parsing takes otherwise: two for each key (and colon), one for each
	// item of a list.
	estimate := 2*strings.Count(text, ":") + strings.Count(text, ",") + strings.Count(text, "[") +
		strings.Count(text, "{") + strings.Count(text, "- ") + 4
	p.nodes = make([]yaml.Node, 0, estimate)
	p.contents = make([]*yaml.Node, 0, estimate)
	for line := range strings.Lines(text) {
		p.lines = append(p.lines, strings.TrimSuffix(line, "\n"))
	}
	p.endsWithBreak = strings.HasSuffix(text, "\n")
	i := p.nextContent(0)
	if i == len(p.lines) || indentOf(p.lines[i]) != 0 {
		return nil, false
	}
	root, next, ok := p.mapping(i, 0, 0)
	if !ok || p.nextContent(next) != len(p.lines) {
		return nil, false
	}
	return root, true
}

// simpleMaxDepth bounds nesting; content needs three or four levels, and
// yaml.v3 refuses ten thousand.
const simpleMaxDepth = 20

// simpleText reports whether text holds only characters parseSimple
// knows how yaml.v3 reads: no tab or carriage return (each has rules of its
// own), no character yaml.v3 reads as a line break (NEL, U+2028, U+2029)
// or refuses as not printable.
func simpleText(text string) bool {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c < utf8.RuneSelf {
			if c < ' ' && c != '\n' || c == 0x7f {
				return false
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size - 1
		switch {
		case r == utf8.RuneError && size == 1:
			return false
		case r < 0xa0, r == 0x2028, r == 0x2029, r == 0xfeff:
			return false
		case r >= 0xd800 && r < 0xe000, r == 0xfffe, r == 0xffff:
			return false
		}
	}
	return true
}

type simpleParser struct {
	lines []string
	nodes []yaml.Node // the nodes not yet used of the current allocation
	// children holds the children of the collections being parsed, whose
	// Content is taken from contents when they end.
	children      []*yaml.Node
	contents      []*yaml.Node
	lineOffset    int
	endsWithBreak bool
	// colLine, colOff and colChars are the last node's line, byte offset
	// in it and characters before it.
	colLine, colOff, colChars int
}

func indentOf(line string) int {
	return len(line) - len(strings.TrimLeft(line, " "))
}

func blank(line string) bool { return strings.TrimLeft(line, " ") == "" }

// nextContent returns the first line from i on that is not blank.
func (p *simpleParser) nextContent(i int) int {
	for i < len(p.lines) && blank(p.lines[i]) {
		i++
	}
	return i
}

// node makes a node at byte offset off of line i.
func (p *simpleParser) node(kind yaml.Kind, tag string, i, off int) *yaml.Node {
	// The column counts characters from the last node's on the same line,
	// since a [list] of thousands of items can fill a line.
	if i != p.colLine || off < p.colOff {
		p.colLine, p.colOff, p.colChars = i, 0, 0
	}
	p.colChars += utf8.RuneCountInString(p.lines[i][p.colOff:off])
	p.colOff = off
	col := p.colChars + 1
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]yaml.Node, 0, 32)
	}
	p.nodes = p.nodes[:len(p.nodes)+1]
	n := &p.nodes[len(p.nodes)-1] // set field by field: copying a whole node is slower
	n.Kind, n.Tag, n.Line, n.Column = kind, tag, i+1+p.lineOffset, col
	return n
}

// nextEntry finds the line with content from next on, after an entry of
// a collection at column indent: same reports whether it is at that
// column, where the collection may go on (the last line counts as not).
// ok is false for a line indented further, which is left to yaml.v3.
func (p *simpleParser) nextEntry(next, indent int) (i int, same, ok bool) {
	i = p.nextContent(next)
	if i == len(p.lines) {
		return i, false, true
	}
	in := indentOf(p.lines[i])
	return i, in == indent, in <= indent
}

// listItem reports whether rest, a line from its indentation on, starts
// an item of a block list.
func listItem(rest string) bool { return rest == "-" || strings.HasPrefix(rest, "- ") }

// end gives a collection the children collected since start.
func (p *simpleParser) end(n *yaml.Node, start int) {
	kids := p.children[start:]
	if len(kids) > 0 {
		if len(p.contents)+len(kids) > cap(p.contents) {
			p.contents = make([]*yaml.Node, 0, max(len(kids), 32))
		}
		from := len(p.contents)
		p.contents = append(p.contents, kids...)
		n.Content = p.contents[from:len(p.contents):len(p.contents)]
	}
	clear(kids)
	p.children = p.children[:start]
}

// plainScalar is a plain value's node, tagged as yaml.v3 resolves it.
func (p *simpleParser) plainScalar(value string, i, off int) *yaml.Node {
	n := p.node(yaml.ScalarNode, "", i, off)
	n.Value = value
	if c := value[0] | 0x20; c >= 'a' && c <= 'z' {
		// yaml.v3 resolves a value starting with a letter by looking it up
		// in a table of the words that are not strings; the lookup was a
		// sixth of parsing.
		switch value {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			n.Tag = "!!bool"
		case "null", "Null", "NULL":
			n.Tag = "!!null"
		default:
			n.Tag = "!!str"
		}
		return n
	}
	n.Tag = n.ShortTag()
	return n
}

// simpleKey returns the length of the key starting line[off:] — a word
// of letters, digits, _ and - starting with a letter or _ — when it is followed by
// a colon and a space or the line's end; 0 otherwise.
func simpleKey(line string, off int) int {
	n := 0
	for off+n < len(line) {
		c := line[off+n]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || n > 0 && (c >= '0' && c <= '9' || c == '-') {
			n++
			continue
		}
		break
	}
	// YAML allows a key of up to 1024 characters; field names are short.
	if n == 0 || n > 200 || off+n == len(line) || line[off+n] != ':' {
		return 0
	}
	if after := off + n + 1; after < len(line) && line[after] != ' ' {
		return 0
	}
	return n
}

// mapping parses a block mapping whose first key starts at byte off of
// line i, and whose keys are at column indent (off, unless the mapping is
// the first thing after a list's "- "). It returns the line after it.
func (p *simpleParser) mapping(i, off, depth int) (*yaml.Node, int, bool) {
	if depth > simpleMaxDepth {
		return nil, 0, false
	}
	indent := off
	m := p.node(yaml.MappingNode, "!!map", i, off)
	start := len(p.children)
	for {
		line := p.lines[i]
		k := simpleKey(line, off)
		if k == 0 {
			return nil, 0, false
		}
		key := p.plainScalar(line[off:off+k], i, off)
		value, next, ok := p.value(i, off+k+1, indent, depth)
		if !ok {
			return nil, 0, false
		}
		p.children = append(p.children, key, value)
		var same bool
		if i, same, ok = p.nextEntry(next, indent); !ok {
			return nil, 0, false
		}
		// A "- " at the keys' column is a list's next item, or a mistake
		// the caller finds.
		if !same || listItem(p.lines[i][indent:]) {
			p.end(m, start)
			return m, i, true
		}
		off = indent
	}
}

// value parses the value that follows a key's colon at byte off of line
// i, in a mapping at column indent.
func (p *simpleParser) value(i, off, indent, depth int) (*yaml.Node, int, bool) {
	line := p.lines[i]
	rest := strings.TrimLeft(line[off:], " ")
	if rest == "" {
		// The value is on the lines below: a mapping or a list.
		j := p.nextContent(i + 1)
		if j == len(p.lines) {
			return nil, 0, false // an empty value
		}
		in := indentOf(p.lines[j])
		switch {
		case listItem(p.lines[j][in:]) && in >= indent:
			return p.sequence(j, in, depth+1)
		case in > indent:
			return p.mapping(j, in, depth+1)
		}
		return nil, 0, false // an empty value
	}
	off = len(line) - len(rest)
	if rest[0] == '|' || rest[0] == '>' {
		return p.blockScalar(i, off, indent)
	}
	n, ok := p.inlineValue(i, off, depth)
	return n, i + 1, ok
}

// sequence parses a block list whose "-" marks are at column indent,
// from line i.
func (p *simpleParser) sequence(i, indent, depth int) (*yaml.Node, int, bool) {
	if depth > simpleMaxDepth {
		return nil, 0, false
	}
	s := p.node(yaml.SequenceNode, "!!seq", i, indent)
	start := len(p.children)
	for {
		line := p.lines[i]
		if !strings.HasPrefix(line[indent:], "- ") {
			return nil, 0, false // an empty item, or one on the lines below
		}
		off := indent + 2
		for off < len(line) && line[off] == ' ' {
			off++
		}
		var item *yaml.Node
		next := i + 1
		ok := false
		switch {
		case off == len(line):
			return nil, 0, false
		case simpleKey(line, off) > 0:
			item, next, ok = p.mapping(i, off, depth+1)
		default:
			item, ok = p.inlineValue(i, off, depth)
		}
		if !ok {
			return nil, 0, false
		}
		p.children = append(p.children, item)
		var same bool
		if i, same, ok = p.nextEntry(next, indent); !ok {
			return nil, 0, false
		}
		// Not a "- " at the list's column: the key after a list written at
		// its key's column.
		if !same || !listItem(p.lines[i][indent:]) {
			p.end(s, start)
			return s, i, true
		}
	}
}

// inlineValue parses a value that is all of line i from byte off: plain,
// quoted, or a [list] or {group} closed on the line.
func (p *simpleParser) inlineValue(i, off, depth int) (*yaml.Node, bool) {
	line := p.lines[i]
	var n *yaml.Node
	end := off
	ok := false
	switch line[off] {
	case '"', '\'':
		n, end, ok = p.quoted(i, off)
	case '[', '{':
		n, end, ok = p.flow(i, off, depth+1)
	default:
		value := strings.TrimRight(line[off:], " ")
		if !plainStart(value, false) || strings.Contains(value, ": ") || strings.HasSuffix(value, ":") || strings.Contains(value, " #") {
			return nil, false
		}
		return p.plainScalar(value, i, off), true
	}
	if !ok || strings.TrimLeft(line[end:], " ") != "" {
		return nil, false
	}
	return n, true
}

// plainStart reports whether a plain value may start as value does: not
// with a character YAML gives a meaning there. Inside brackets (inFlow),
// yaml.v3 refuses more.
func plainStart(value string, inFlow bool) bool {
	if value == "" {
		return false
	}
	switch value[0] {
	case '?', ':':
		return !inFlow && len(value) > 1 && value[1] != ' '
	case '-':
		return len(value) > 1 && value[1] != ' '
	case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	return true
}

// quoted parses a quoted value that ends on its line and holds no escape
// (\ in double quotes, a doubled ' in single). It returns the offset after it.
func (p *simpleParser) quoted(i, off int) (*yaml.Node, int, bool) {
	line := p.lines[i]
	mark := line[off]
	end := strings.IndexByte(line[off+1:], mark)
	if end < 0 {
		return nil, 0, false
	}
	end += off + 1
	value := line[off+1 : end]
	if mark == '"' && strings.IndexByte(value, '\\') >= 0 || mark == '\'' && end+1 < len(line) && line[end+1] == '\'' {
		return nil, 0, false
	}
	n := p.node(yaml.ScalarNode, "!!str", i, off)
	n.Value = value
	if mark == '"' {
		n.Style = yaml.DoubleQuotedStyle
	} else {
		n.Style = yaml.SingleQuotedStyle
	}
	return n, end + 1, true
}

// flow parses a [list] or {group} starting at byte off of line i and
// closed on the same line. It returns the offset after it.
func (p *simpleParser) flow(i, off, depth int) (*yaml.Node, int, bool) {
	if depth > simpleMaxDepth {
		return nil, 0, false
	}
	line := p.lines[i]
	isMap := line[off] == '{'
	closer := byte(']')
	n := p.node(yaml.SequenceNode, "!!seq", i, off)
	if isMap {
		closer = '}'
		n.Kind, n.Tag = yaml.MappingNode, "!!map"
	}
	n.Style = yaml.FlowStyle
	start := len(p.children)
	pos := skipSpaces(line, off+1)
	if pos < len(line) && line[pos] == closer {
		return n, pos + 1, true
	}
	for {
		if isMap {
			k := simpleKey(line, pos)
			if k == 0 || pos+k+1 == len(line) {
				return nil, 0, false
			}
			p.children = append(p.children, p.plainScalar(line[pos:pos+k], i, pos))
			pos = skipSpaces(line, pos+k+1)
		}
		item, end, ok := p.flowItem(i, pos, depth)
		if !ok {
			return nil, 0, false
		}
		p.children = append(p.children, item)
		pos = skipSpaces(line, end)
		if pos == len(line) {
			return nil, 0, false
		}
		switch line[pos] {
		case closer:
			p.end(n, start)
			return n, pos + 1, true
		case ',':
			pos = skipSpaces(line, pos+1)
			if pos == len(line) || line[pos] == closer {
				return nil, 0, false
			}
		default:
			return nil, 0, false
		}
	}
}

func skipSpaces(line string, pos int) int {
	for pos < len(line) && line[pos] == ' ' {
		pos++
	}
	return pos
}

// flowItem parses one item of a [list] or value of a {group} at byte off
// of line i, returning the offset after it.
func (p *simpleParser) flowItem(i, off, depth int) (*yaml.Node, int, bool) {
	line := p.lines[i]
	if off == len(line) {
		return nil, 0, false
	}
	switch line[off] {
	case '"', '\'':
		return p.quoted(i, off)
	case '[', '{':
		return p.flow(i, off, depth+1)
	}
	end := off
	for end < len(line) {
		c := line[end]
		if c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || c == '?' {
			break // yaml.v3 ends a plain value inside brackets at these
		}
		if c == ':' && (end+1 == len(line) || line[end+1] == ' ' || strings.IndexByte(",[]{}", line[end+1]) >= 0) {
			return nil, 0, false // a group written inside a list, or a key with no value
		}
		if c == '#' && line[end-1] == ' ' {
			return nil, 0, false
		}
		end++
	}
	value := strings.TrimRight(line[off:end], " ")
	if !plainStart(value, true) {
		return nil, 0, false
	}
	return p.plainScalar(value, i, off), end, true
}

// blockScalar parses a | or > block whose indicator is at byte off of
// line i, the value of a key at column indent. It returns the line after
// the block.
func (p *simpleParser) blockScalar(i, off, indent int) (*yaml.Node, int, bool) {
	line := p.lines[i]
	header := strings.TrimRight(line[off:], " ")
	literal := header[0] == '|'
	strip := false
	switch header[1:] {
	case "":
	case "-":
		strip = true
	default:
		return nil, 0, false // keep (+), an indentation indicator or a comment
	}
	n := p.node(yaml.ScalarNode, "!!str", i, off)
	n.Style = yaml.FoldedStyle
	if literal {
		n.Style = yaml.LiteralStyle
	}
	first := i + 1
	if first == len(p.lines) || blank(p.lines[first]) {
		return nil, 0, false // leading blank lines have rules of their own
	}
	blockIndent := indentOf(p.lines[first])
	if blockIndent <= indent {
		return nil, 0, false
	}
	var b strings.Builder
	j := first
	breaks := 0 // line breaks not yet written
	lastContent := first
	for ; j < len(p.lines); j++ {
		l := p.lines[j]
		if l == "" {
			breaks++
			continue
		}
		if blank(l) {
			return nil, 0, false // spaces on an empty line count in a block
		}
		in := indentOf(l)
		if in < blockIndent {
			break
		}
		if in > blockIndent && !literal || strings.HasSuffix(l, " ") && !literal {
			return nil, 0, false // folding keeps these lines' breaks
		}
		switch {
		case j == first:
		case literal:
			b.WriteString(strings.Repeat("\n", breaks+1))
		case breaks == 0:
			b.WriteByte(' ')
		default:
			b.WriteString(strings.Repeat("\n", breaks))
		}
		breaks = 0
		b.WriteString(l[blockIndent:])
		lastContent = j
	}
	if !strip && (lastContent+1 < len(p.lines) || p.endsWithBreak) {
		b.WriteByte('\n')
	}
	n.Value = b.String()
	return n, j, true
}
