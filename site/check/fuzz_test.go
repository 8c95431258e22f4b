package check_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/signpost-directory/signpost/site/check"
)

// FuzzCheck runs the whole check over an arbitrary listing next to a valid
// directory: no input may crash it, and every message must carry a place
// inside the file and a text.
func FuzzCheck(f *testing.F) {
	seeds, _ := filepath.Glob("../../content/listings/*.md")
	for _, s := range seeds[:min(len(seeds), 12)] {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(base()["listings/walk.md"]))
	ck, err := check.New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		files := base()
		files["listings/walk.md"] = string(data)
		_, msgs := runWith(t, ck, files)
		for _, m := range msgs {
			if m.Text == "" {
				t.Fatalf("message without text: %+v", m)
			}
			if l := m.Location; l != nil && (l.Line < 1 || l.Column < 1 || l.Length < 0) {
				t.Fatalf("bad location %+v in %q", l, m.Text)
			}
		}
	})
}
