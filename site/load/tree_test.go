package load

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// assertTreeComesBack checks that the tree Parse made for file comes back
// from its encoding exactly, and that UseTree on a fresh read of the same
// text gives the file Parse gave.
func assertTreeComesBack(t *testing.T, file *File) {
	t.Helper()
	enc, ok := EncodeTree(nil, file.Data, file.Source.Text)
	if !ok {
		t.Fatalf("%s: the tree of a parsed file cannot be encoded", file.Source.Path)
	}
	root, err := DecodeTree(string(enc), file.Source.Text)
	if err != nil {
		t.Fatalf("%s: %v", file.Source.Path, err)
	}
	if !reflect.DeepEqual(root, file.Data) {
		t.Fatalf("%s: the tree taken back differs from the one parsed:\n%s", file.Source.Path, treeDiff(root, file.Data))
	}
	fresh := *file
	fresh.Data, fresh.Body, fresh.BodyOffset = nil, "", 0
	if !UseTree(&fresh, root) || !reflect.DeepEqual(&fresh, file) {
		t.Fatalf("%s: UseTree gives %+v, Parse gave %+v", file.Source.Path, fresh, *file)
	}
}

// treeDiff names the first node at which a and b differ.
func treeDiff(a, b *yaml.Node) string {
	if len(a.Content) == len(b.Content) {
		for i := range a.Content {
			if !reflect.DeepEqual(a.Content[i], b.Content[i]) {
				return treeDiff(a.Content[i], b.Content[i])
			}
		}
	}
	ca, cb := *a, *b
	ca.Content, cb.Content = nil, nil
	return strings.Join([]string{"  got  ", strings.ReplaceAll(strings.TrimSpace(fmtNode(ca)), "\n", " "),
		"\n  want ", strings.ReplaceAll(strings.TrimSpace(fmtNode(cb)), "\n", " ")}, "")
}

func fmtNode(n yaml.Node) string {
	out, _ := yaml.Marshal(map[string]any{"kind": n.Kind, "style": n.Style, "tag": n.Tag, "value": n.Value,
		"line": n.Line, "column": n.Column, "head": n.HeadComment, "lineComment": n.LineComment, "foot": n.FootComment})
	return string(out)
}

// TestTreesComeBack: every file of the sample directory, and files with
// comments, quoting styles, flow and block collections and a byte order
// mark, come back from their encoded trees as Parse made them.
func TestTreesComeBack(t *testing.T) {
	files := map[string]string{"directory.yaml": directory}
	for _, pattern := range []string{"*.yaml", "*/*.yaml", "*/*.md"} {
		paths, _ := filepath.Glob(filepath.Join("..", "..", "content", pattern))
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(filepath.Join("..", "..", "content"), p)
			files[filepath.ToSlash(rel)] = string(data)
		}
	}
	files["venues/styles.yaml"] = "\uFEFF# A venue\nname: 'Hall'  # single\naddress: \"1 Road\"\nnotes: |\n  Step-free\n\n  entrance\n" +
		"more: >-\n  folded\n  text\nlist: [a, {b: c}, '1']\n# foot of the file\n"
	files["listings/comments.md"] = "---\n# Who runs it\ntitle: Walk # the name\ncategories:\n  - walking\n\n  # not yet\n---\nBody *text*\n"
	c, msgs := loadFiles(t, files)
	if msgs.HasErrors() {
		t.Fatalf("the files do not load: %v", msgs)
	}
	if len(c.Files) < 10 {
		t.Fatalf("only %d files loaded", len(c.Files))
	}
	var textSize, treeSize int
	for _, file := range c.Files {
		if file.Data == nil {
			t.Fatalf("%s was not parsed", file.Source.Path)
		}
		assertTreeComesBack(t, file)
		enc, _ := EncodeTree(nil, file.Data, file.Source.Text)
		textSize, treeSize = textSize+len(file.Source.Text), treeSize+len(enc)
	}
	// The sample's trees are 41 % of its text's size.
	if treeSize > textSize/2 {
		t.Errorf("the trees take %d bytes for %d of text", treeSize, textSize)
	}
	t.Logf("the trees take %d bytes for %d of text", treeSize, textSize)
}

// TestDecodeTreeRefuses: what EncodeTree did not make is refused, not
// taken back in part.
func TestDecodeTreeRefuses(t *testing.T) {
	const text = "title: Walk\ndays: [mon, tue]\n# a note\n"
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	enc, ok := EncodeTree(nil, doc.Content[0], text)
	if !ok {
		t.Fatal("cannot encode")
	}
	if _, err := DecodeTree(string(enc), text); err != nil {
		t.Fatalf("the encoding itself is refused: %v", err)
	}
	for _, value := range []string{"title", "Walk", "days", "mon", "tue"} {
		if bytes.Contains(enc, []byte(value)) {
			t.Errorf("%q is written out, not taken from the text", value)
		}
	}
	// The smallest tree: a mapping with nothing in it.
	const empty = "\x01\x04\x00\x00\x00\x03\x00\x00"
	if _, err := DecodeTree(empty, ""); err != nil {
		t.Fatalf("an empty mapping is refused: %v", err)
	}
	const scalar = "\x08\x00\x00\x00\x02\x00\x00"
	deep := "\x02\x00\x00\x01\x04\x00\x00"
	nested := func(depth int) string {
		return string(binary.AppendUvarint(nil, uint64(depth+3))) + "\x04\x00\x00\x02\x03\x00\x00" + scalar +
			strings.Repeat(deep, depth) + scalar
	}
	if _, err := DecodeTree(nested(maxTreeDepth-1), ""); err != nil {
		t.Fatalf("sequences nested as deep as YAML allows are refused: %v", err)
	}
	tooDeep := nested(maxTreeDepth + 1)
	for name, bad := range map[string]struct{ enc, text string }{
		"empty":                    {"", text},
		"cut short":                {string(enc[:len(enc)-1]), text},
		"with more after":          {string(enc) + "x", text},
		"too many nodes":           {"\xff\xff\xff\xff\x0f", text},
		"more nodes than bytes":    {"\x02" + empty[1:], text},
		"a count too high":         {string(append([]byte{enc[0] + 1}, enc[1:]...)), text},
		"a count too low":          {string(append([]byte{enc[0] - 1}, enc[1:]...)), text},
		"for a shorter text":       {string(enc), text[:10]},
		"an unknown tag":           {"\x01\x04\x00\x00\x00\x7f\x00\x00", text},
		"a tag written out":        {"\x01\x04\x00\x00\x00\x00\x0a!!map\x00\x00", text},
		"an empty comment":         {"\x01\x04\x00\x00\x00\x03\x00\x02\x00", text},
		"a reference past it":      {"\x01\x04\x00\x00\x00\x03\xff\x01\x02\x00", text},
		"a root that is a scalar":  {"\x01" + scalar, text},
		"a mapping of one child":   {"\x02\x04\x00\x00\x01\x03\x00\x00" + scalar, text},
		"an alias":                 {"\x03\x04\x00\x00\x02\x03\x00\x00" + scalar + "\x10\x00\x00\x00\x01\x00\x00", text},
		"a scalar with a child":    {"\x04\x04\x00\x00\x02\x03\x00\x00\x08\x00\x00\x01\x02\x00\x00" + scalar + scalar, text},
		"deeper than YAML's limit": {tooDeep, text},
	} {
		if _, err := DecodeTree(bad.enc, bad.text); err == nil {
			t.Errorf("%s: taken back", name)
		}
	}
	alias := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "a"}, {Kind: yaml.AliasNode, Alias: doc.Content[0]}}}
	if got, ok := EncodeTree([]byte("kept"), alias, text); ok || string(got) != "kept" {
		t.Errorf("a tree with an alias: %q, %v", got, ok)
	}
}

// TestDecodeTreeVarints: a number is read only in the shortest form and
// within 64 bits, so that every encoding taken back is the one written.
func TestDecodeTreeVarints(t *testing.T) {
	for name, tt := range map[string]struct {
		in   string
		want uint64
		ok   bool
	}{
		"one byte":      {"\x05", 5, true},
		"two bytes":     {"\x80\x01", 128, true},
		"longer":        {"\x85\x00", 0, false},
		"64 bits":       {"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 1<<64 - 1, true},
		"past 64 bits":  {"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 0, false},
		"eleven bytes":  {"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 0, false},
		"never ending":  {"\x80", 0, false},
		"nothing there": {"", 0, false},
	} {
		d := treeDecoder{rest: tt.in}
		if got := d.uvarint(); got != tt.want || d.bad == tt.ok {
			t.Errorf("%s: %d (bad %v), want %d (ok %v)", name, got, d.bad, tt.want, tt.ok)
		}
	}
}
