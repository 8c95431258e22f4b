package load

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site/diag"
)

// FuzzLoad feeds arbitrary bytes to the loader as a Markdown listing and as
// a YAML venue. It must never panic or hang, and every message must point
// inside the file.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("../../content/listings/*.md")
	for _, s := range seeds[:min(len(seeds), 8)] {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("---\ntitle: x\n---\n"))
	f.Add([]byte("---\na: &a [1]\nb: *a\n---\n"))
	f.Add([]byte("---\r\n\"\\u0000\": [\n---\n"))
	f.Add([]byte("\uFEFF---\n---\n"))
	f.Add([]byte("---\ntitle: \"Walk\nc: { p: \"1\" }\nd: [x, 'y]\n---\n"))
	f.Add([]byte("---\ntitle: “Walk: x”\na: !!binary eA==\nb: 0x34\nc: ! y\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"listings/fuzz.md", "venues/fuzz.yaml"} {
			c, msgs := loadFiles(t, map[string]string{"directory.yaml": directory, name: string(data)})
			for _, m := range msgs {
				assertInside(t, m.Location, data)
			}
			for _, file := range c.Files {
				if file.Data == nil && len(msgs) == 0 {
					t.Fatalf("%s not parsed but no message says why", name)
				}
				if file.Markdown && file.Data != nil && file.Source.Text[file.BodyOffset:] != file.Body {
					t.Fatalf("body offset %d does not match the body", file.BodyOffset)
				}
				if file.Data != nil {
					assertTreeComesBack(t, file)
				}
			}
		}
	})
}

func assertInside(t *testing.T, loc *diag.Location, data []byte) {
	t.Helper()
	if loc == nil {
		return
	}
	if loc.Line < 1 || loc.Column < 1 || loc.Length < 0 {
		t.Fatalf("bad location %+v", loc)
	}
	if !utf8.ValidString(loc.LineText) {
		t.Fatalf("line text is not UTF-8: %q", loc.LineText)
	}
}

// FuzzDecodeTree feeds arbitrary bytes and text to DecodeTree, as a
// damaged cache would: it must refuse them or make a tree, never panic or
// hang, and a tree it makes must come back the same from its own
// encoding and decode into values without a panic.
func FuzzDecodeTree(f *testing.F) {
	for _, text := range []string{"title: x\n", "a: [1, {b: c}]\n# note\nd: |\n  e\n"} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(text), &n); err != nil {
			f.Fatal(err)
		}
		enc, _ := EncodeTree(nil, n.Content[0], text)
		f.Add(enc, text)
	}
	f.Add([]byte{0}, "")
	f.Add([]byte{2, 4, 0, 1, 1, 5}, "ab")
	f.Fuzz(func(t *testing.T, enc []byte, text string) {
		root, err := DecodeTree(string(enc), text)
		if err != nil {
			return
		}
		again, ok := EncodeTree(nil, root, text)
		if !ok {
			t.Fatalf("decoded %x, which cannot be encoded", enc)
		}
		back, err := DecodeTree(string(again), text)
		if err != nil || !reflect.DeepEqual(back, root) {
			t.Fatalf("decoded %x, whose encoding %x comes back as another tree (%v)", enc, again, err)
		}
		// What the check does with a tree: decode it into values.
		var values map[string]any
		_ = root.Decode(&values)
	})
}
