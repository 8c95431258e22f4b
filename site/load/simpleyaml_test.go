package load

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/synth"
)

// simpleCases are YAML texts parseSimple must read (true) or leave to
// yaml.v3 (false). Either way, what it reads must be what yaml.v3 reads.
var simpleCases = []struct {
	text   string
	simple bool
}{
	{"title: Walk\n", true},
	{"title: Walk", true},
	{"a: 1\nb: 1.5\nc: true\nd: null\ne: ~\nf: 2026-09-01\ng: -1.7073\nh: 07700\ni: .inf\nj: 0o17\nk: yes\n", true},
	{"title:   Walk  \n\n\nsummary: Tea, cake; and:more\n", true},
	{"a: C# and F#\nb: x#y\nc: 13:00-14:30\nd: http://example.org/a?b=c#d\ne: -x\nf: ?x\ng: :x\n", true},
	{"title: Café für Jürgen – 👋 ok\nb: [Zoë, 'Ünï', \"ø\"]\n", true},
	{"a: \"07700 900000\"\nb: 'it is'\nc: \"\"\nd: ''\ne: \" spaced \"\nf: 'say \"hi\"'\ng: \"it's\"\n", true},
	{"a: [x, y,z]\nb: []\nc: {}\nd: { n: Sam, p: \"1\" }\ne: {a: [1, 2], b: {c: d}}\nf: [ [a], {b: c} ]\n", true},
	{"audience: { min_age: 18, groups: [carers] }\ncontact: { name: Sam, phone: \"07700 900000\" }\n", true},
	{"schedule:\n  - every Saturday 13:00-14:30\n  - every Monday\nnext: x\n", true},
	{"schedule:\n- every Saturday\n- every Monday\nnext: x\n", true},
	{"people:\n  - name: Sam\n    phone: \"1\"\n  - name: Jo\n    roles: [a]\n    more:\n      deep: x\n", true},
	{"people:\n- name: Sam\n  items:\n  - a\n  - b\n- name: Jo\n", true},
	{"a:\n  b:\n    c: d\n  e: f\ng: h\n", true},
	{"a:\n    b: c\n    d: e\nf: g\n", true},
	{"-   x: 1\n", false},
	{"a:\n  -   x: 1\n      y: 2\n", true},
	{"notes: |\n  Step-free\n\n  entrance\nmore: x\n", true},
	{"notes: |-\n  one\n    two\n  three\n\n\nmore: x\n", true},
	{"notes: >\n  one\n  two\n\n  three\n\n\n\n  four\nmore: x\n", true},
	{"notes: >-\n  one\n  two\n", true},
	{"notes: |\n  one\n  two", true},
	{"notes: |\n  one\n  two\n\n", true},
	{"notes: |\n  trailing  \n  # not a comment\n", true},
	{"a:\n  notes: |\n    x\n    y\n  b: c\n", true},
	{"- x: 1\n  notes: |\n    text\n", false},
	{"notes: |+\n  keep\n\n", false},
	{"notes: |2\n   x\n", false},
	{"notes: |\n\n  x\n", false},
	{"notes: |\n  x\n   \n  y\n", false},
	{"notes: >\n  x\n    more\n  y\n", false},
	{"notes: |\nx\n", false},
	{"# comment\ntitle: x\n", false},
	{"title: x # comment\n", false},
	{"title: [x] # comment\n", false},
	{"title: x\n# foot\n", false},
	{"a: &x 1\nb: *x\n", false},
	{"a: !!str 1\n", false},
	{"a: ! 1\n", false},
	{"%YAML 1.2\n---\na: 1\n", false},
	{"---\na: 1\n", false},
	{"a: 1\n---\nb: 2\n", false},
	{"a: 1\n...\n", false},
	{"a: one\n  two\n", false},
	{"a: \"one\n  two\"\n", false},
	{"a: \"tab\\there\"\n", false},
	{"a: 'it''s'\n", false},
	{"a: [x,\n  y]\n", false},
	{"a: [x, ]\n", false},
	{"a: [x: y]\n", false},
	{"a: {x}\n", false},
	{"a: {x:y}\n", false},
	{"a:\n", false},
	{"a:\nb: 1\n", false},
	{"a: 1\n  b: 2\n", false},
	{"a: b: c\n", false},
	{"a: b:\n", false},
	{"a: - x\n", false},
	{"a: @x\n", false},
	{"a: `x`\n", false},
	{"a: %x\n", false},
	{"a:\tx\n", false},
	{"a: x\r\nb: y\r\n", false},
	{"a: x\u2028b: y\n", false},
	{"a: x\u0085\n", false},
	{"a: \ufeffx\n", false},
	{"? a\n: b\n", false},
	{"\"a\": b\n", false},
	{"a b: c\n", false},
	{"  a: 1\n", false},
	{"- a\n- b\n", false},
	{"just text\n", false},
	{"", false},
	{"\n\n", false},
	{"a: 1\na: 2\n", true},
	{"<<: x\n", false},
	{"a:\n  - x\n  -\n  - y\n", false},
	{"a:\n  - - x\n", false},
	{"a:\n  - x\n    - y\n", false},
	{"a:\n  - [x]\n  - {y: z}\n  - 'q'\n", true},
	{"a: {b: \"c\\\"\"}\n", false},
	{"a: [\"x\", 'y', z ]\n", true},
	{"a: [x] y\n", false},
	{"a: \"x\" y\n", false},
	{"a: [x, [y, [z, [w]]]]\n", true},
}

// assertSimpleMatches parses text with parseSimple and with yaml.v3 and
// fails when parseSimple read it differently. It reports whether
// parseSimple read it.
func assertSimpleMatches(t *testing.T, text string, lineOffset int) bool {
	t.Helper()
	fast, ok := parseSimple(text, lineOffset)
	if !ok {
		return false
	}
	full, m := parseMappingFully(diag.NewSource("test.yaml", text), text, lineOffset)
	if m != nil {
		t.Fatalf("parseSimple read text yaml.v3 refuses (%s):\n%s", m.Text, text)
	}
	if !reflect.DeepEqual(fast, full) {
		t.Fatalf("parseSimple and yaml.v3 read differently:\n%s\n%s", treeDiff(fast, full), text)
	}
	return true
}

func TestParseSimpleReadsWhatYAMLReads(t *testing.T) {
	// A long [list] on one line, with characters of several bytes: each
	// node's column is counted from the one before (counted from the start
	// of the line, a 1 MB line took minutes).
	long := []struct {
		text   string
		simple bool
	}{
		{"a: [é, " + strings.Repeat("ü, x, ", 20000) + "x]\nb: {" + strings.Repeat("k: 🙂, ", 5000) + "z: [y]}\n", true},
	}
	for _, c := range append(long, simpleCases...) {
		for _, offset := range []int{0, 3} {
			if got := assertSimpleMatches(t, c.text, offset); got != c.simple {
				t.Errorf("parseSimple read %q: %v, want %v", c.text, got, c.simple)
			}
		}
	}
}

// TestParseSimpleReadsTheSample: the fast parser reads nearly every file
// of the sample directory, as yaml.v3 does, and every generated listing
// the benchmarks check.
func TestParseSimpleReadsTheSample(t *testing.T) {
	read, total := 0, 0
	for _, pattern := range []string{"*.yaml", "*/*.yaml", "*/*.md"} {
		paths, _ := filepath.Glob(filepath.Join("..", "..", "content", pattern))
		for _, p := range paths {
			text, offset := yamlText(t, p)
			total++
			if assertSimpleMatches(t, text, offset) {
				read++
			} else {
				t.Logf("left to yaml.v3: %s", p)
			}
		}
	}
	if total < 40 || read < total*8/10 {
		t.Errorf("parseSimple read %d of the sample's %d files, want at least 80 %%", read, total)
	}
	for _, p := range generated(t) {
		if text, offset := yamlText(t, p); !assertSimpleMatches(t, text, offset) {
			t.Fatalf("parseSimple does not read generated %s:\n%s", p, text)
		}
	}
}

// yamlText reads the file at path and returns its YAML (a .md file's
// front matter) and the number of lines before it.
func yamlText(t testing.TB, path string) (string, int) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(path, ".md") {
		return string(data), 0
	}
	text, offset, _, _, ok, _ := splitFrontMatter(diag.NewSource(path, string(data)))
	if !ok {
		t.Fatalf("%s: no front matter", path)
	}
	return text, offset
}

// generated writes a small generated directory (as the benchmarks check)
// and returns its files.
func generated(t testing.TB) []string {
	dir := t.TempDir()
	if err := synth.Write(dir, 30); err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	return paths
}

// FuzzParseSimple: whatever parseSimple reads, yaml.v3 reads the same.
func FuzzParseSimple(f *testing.F) {
	for _, c := range simpleCases {
		f.Add(c.text)
	}
	for _, p := range generated(f)[:5] {
		text, _ := yamlText(f, p)
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		assertSimpleMatches(t, text, 0)
	})
}

// BenchmarkParseLongLine parses a listing whose tags fill a line of the
// largest file signpost reads.
func BenchmarkParseLongLine(b *testing.B) {
	text := "title: x\ntags: [é, " + strings.Repeat("x, ", MaxFileSize/3-10) + "y]\n"
	for b.Loop() {
		if _, ok := parseSimple(text, 0); !ok {
			b.Fatal("not read")
		}
	}
}

// BenchmarkParse parses the YAML of generated files, with parseSimple as
// Parse does and with yaml.v3 alone, which it saves.
func BenchmarkParse(b *testing.B) {
	var texts []string
	var offsets []int
	for _, p := range generated(b) {
		text, offset := yamlText(b, p)
		texts, offsets = append(texts, text), append(offsets, offset)
	}
	for _, parser := range []struct {
		name  string
		parse func(src *diag.Source, text string, lineOffset int) (*yaml.Node, *diag.Message)
	}{{"simple", parseMapping}, {"yaml.v3", parseMappingFully}} {
		b.Run(parser.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for i, text := range texts {
					if _, m := parser.parse(nil, text, offsets[i]); m != nil {
						b.Fatal(m.Text)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts))/1000, "µs/file")
		})
	}
}

// TestTagsOnLongLines: tags are found where they are on a line of many
// values, and on the line after it, as checkNodes walks each line once.
func TestTagsOnLongLines(t *testing.T) {
	text := "a: [" + strings.Repeat("x, ", 5000) + "\"!\", ! y]\nb: !!str z\nc: [\"!\"]\n"
	src := diag.NewSource("tags.yaml", text)
	_, msgs := parseYAML(src, text, 0)
	var got []string
	for _, m := range msgs {
		if m.Code == diag.YAMLTag {
			got = append(got, fmt.Sprintf("%d:%d %s", m.Location.Line, m.Location.Column, m.Text))
		}
	}
	want := []string{"1:15010 The YAML tag ! is not allowed", "2:4 The YAML tag !!str is not allowed"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tags found: %q, want %q", got, want)
	}
}
