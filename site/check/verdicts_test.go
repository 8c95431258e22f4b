package check_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/load"
)

// checkWithVerdicts checks the folder dir once, as `signpost check` does,
// with the verdicts kept in cache, and saves them.
func checkWithVerdicts(t *testing.T, dir, cache string) (*content.Directory, diag.List) {
	t.Helper()
	v, err := check.LoadVerdicts(cache)
	if err != nil {
		t.Fatal(err)
	}
	ck, err := check.NewForOneRun()
	if err != nil {
		t.Fatal(err)
	}
	folder, err := load.Scan(os.DirFS(dir), "content")
	if err != nil {
		t.Fatal(err)
	}
	d, msgs := ck.Run(context.Background(), folder, check.Options{Today: today, Verdicts: v})
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	return d, msgs
}

// verdictCount is how many clean files the verdicts file in cache holds;
// each must come with its tree.
func verdictCount(t *testing.T, cache string) int {
	t.Helper()
	v, err := check.LoadVerdicts(cache)
	if err != nil {
		t.Fatal(err)
	}
	clean, trees := check.Remembered(v)
	if trees != clean {
		t.Errorf("%d clean files remembered, %d of them with their tree", clean, trees)
	}
	return clean
}

// listingKey reads the one listing of the folder dir and returns it, the
// program's identity and the key a verdicts file knows the listing by.
func listingKey(t *testing.T, dir string) (walk *load.File, program, key [32]byte) {
	t.Helper()
	folder, err := load.Scan(load.Dir(dir), "content")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range folder.Entries {
		if e.Kind == load.ListingFile {
			walk, _ = folder.Read(e)
		}
	}
	if walk == nil || walk.Data == nil {
		t.Fatal("the listing does not parse")
	}
	if program, err = check.ProgramIdentity(); err != nil {
		t.Fatal(err)
	}
	empty, err := check.LoadVerdicts(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return walk, program, check.VerdictKey(empty, walk)
}

// writeVerdicts writes a verdicts file in the format of version 2, as
// check.Verdicts.Save does, with each key's tree and a checksum, and
// returns the cache folder.
func writeVerdicts(t *testing.T, program []byte, trees map[[32]byte]string) string {
	t.Helper()
	data := append([]byte("signpost check verdicts 2\n"), program...)
	for _, k := range slices.SortedFunc(maps.Keys(trees), func(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) }) {
		data = append(data, k[:]...)
		data = binary.AppendUvarint(data, uint64(len(trees[k])))
		data = append(data, trees[k]...)
	}
	data = binary.BigEndian.AppendUint32(data, crc32.Checksum(data, crc32.MakeTable(crc32.Castagnoli)))
	cache := t.TempDir()
	if err := os.WriteFile(filepath.Join(cache, "verdicts"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return cache
}

// TestVerdictsRememberCleanFiles: a second check with what the first
// kept skips the files' own checks and builds the same directory; an
// edit that breaks a file is still found, a file whose own checks found
// something is not remembered, and one with only a warning of another
// check (stale) is.
func TestVerdictsRememberCleanFiles(t *testing.T) {
	files := base()
	files["listings/old.md"] = strings.Replace(files["listings/walk.md"], "verified: 2026-10-02", "verified: 2025-01-02", 1)
	files["listings/old.md"] = strings.Replace(files["listings/old.md"], "title: Walking Group", "title: Old Walk", 1)
	dir, cache := onDisk(t, files), t.TempDir()

	first, msgs := checkWithVerdicts(t, dir, cache)
	if len(msgs) != 1 || msgs[0].Code != diag.Stale {
		t.Fatalf("first run: want one stale warning, got\n%s", render(msgs))
	}
	// Four files (organization, venue, two listings): the stale one too,
	// since being stale is found again on every run.
	if n := verdictCount(t, cache); n != 4 {
		t.Errorf("%d files remembered as clean, want 4", n)
	}
	second, again := checkWithVerdicts(t, dir, cache)
	if !reflect.DeepEqual(again, msgs) {
		t.Errorf("second run found\n%s\nwant\n%s", render(again), render(msgs))
	}
	for _, id := range []string{"walk", "old"} {
		if !reflect.DeepEqual(second.Listing(id), first.Listing(id)) {
			t.Errorf("listing %s differs with verdicts:\n%+v\n%+v", id, second.Listing(id), first.Listing(id))
		}
	}
	if !reflect.DeepEqual(second.Organization("ramblers"), first.Organization("ramblers")) ||
		!reflect.DeepEqual(second.Venue("hall"), first.Venue("hall")) {
		t.Error("the organization or venue differs with verdicts")
	}

	walk := filepath.Join(dir, "listings", "walk.md")
	text, err := os.ReadFile(walk)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(text), "A flat walk", "A <script>alert(1)</script> flat walk", 1)
	if err := os.WriteFile(walk, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	_, msgs = checkWithVerdicts(t, dir, cache)
	if !hasCode(msgs, diag.MarkdownHTML) {
		t.Errorf("the edit that adds HTML was not found:\n%s", render(msgs))
	}
	// The broken listing is forgotten; the others are still known.
	if n := verdictCount(t, cache); n != 3 {
		t.Errorf("%d files remembered as clean after the edit, want 3", n)
	}
	_, msgs = checkWithVerdicts(t, dir, cache)
	if !hasCode(msgs, diag.MarkdownHTML) {
		t.Errorf("the HTML was not found again on the next run:\n%s", render(msgs))
	}
}

func hasCode(msgs diag.List, code diag.Code) bool {
	for _, m := range msgs {
		if m.Code == code {
			return true
		}
	}
	return false
}

// TestVerdictsNameProgramAndText: a verdict counts only for the exact
// text of a file, from the same signpost program. A file that claims a
// listing with HTML is clean hides the HTML (so the skip is real, and the
// cache folder must be as trusted as the program), but not when the
// verdict names another program, the file is damaged, or the text differs.
func TestVerdictsNameProgramAndText(t *testing.T) {
	files := base()
	files["listings/walk.md"] = strings.Replace(files["listings/walk.md"], "A flat walk", "A <b>flat</b> walk", 1)
	dir := onDisk(t, files)
	walk, program, key := listingKey(t, dir)
	tree, ok := load.EncodeTree(nil, walk.Data, walk.Source.Text)
	if !ok {
		t.Fatal("the listing's tree cannot be encoded")
	}
	damagedChecksum := writeVerdicts(t, program[:], map[[32]byte]string{key: ""})
	data, err := os.ReadFile(filepath.Join(damagedChecksum, "verdicts"))
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-1] ^= 1
	if err := os.WriteFile(filepath.Join(damagedChecksum, "verdicts"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	other := program
	other[0] ^= 1
	otherText := key
	otherText[0] ^= 1
	for _, tt := range []struct {
		name  string
		cache string
		found bool
	}{
		{"a verdict for this text from this program", writeVerdicts(t, program[:], map[[32]byte]string{key: ""}), false},
		{"with its tree", writeVerdicts(t, program[:], map[[32]byte]string{key: string(tree)}), false},
		// A tree that cannot be taken back is parsed again; the verdict
		// stands, since it is for this text.
		{"with a damaged tree", writeVerdicts(t, program[:], map[[32]byte]string{key: string(tree[:len(tree)/2])}), false},
		{"from another program", writeVerdicts(t, other[:], map[[32]byte]string{key: string(tree)}), true},
		{"for another text", writeVerdicts(t, program[:], map[[32]byte]string{otherText: string(tree)}), true},
		{"a damaged file", damagedChecksum, true},
		{"no file", t.TempDir(), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, msgs := checkWithVerdicts(t, dir, tt.cache)
			if got := hasCode(msgs, diag.MarkdownHTML); got != tt.found {
				t.Errorf("HTML found: %v, want %v\n%s", got, tt.found, render(msgs))
			}
		})
	}
}

// TestVerdictsTakeTreesBack: a file whose text the verdicts know is not
// parsed again but built from the tree they kept, which is why the cache
// folder must be as trusted as the program. Here the tree kept says
// another title, and the model has it.
func TestVerdictsTakeTreesBack(t *testing.T) {
	files := base()
	dir := onDisk(t, files)
	walk, program, key := listingKey(t, dir)
	var other load.File = *walk
	other.Source = diag.NewSource(walk.Source.Path, strings.Replace(walk.Source.Text, "title: Walking Group", "title: Kept Walk", 1))
	if other.Source.Text == walk.Source.Text {
		t.Fatal("the title was not replaced")
	}
	if msgs := load.Parse(&other); len(msgs) > 0 {
		t.Fatal(msgs)
	}
	tree, ok := load.EncodeTree(nil, other.Data, walk.Source.Text)
	if !ok {
		t.Fatal("the tree cannot be encoded")
	}
	cache := writeVerdicts(t, program[:], map[[32]byte]string{key: string(tree)})
	d, msgs := checkWithVerdicts(t, dir, cache)
	if msgs.HasErrors() {
		t.Fatal(render(msgs))
	}
	if got := d.Listing("walk").Title; got != "Kept Walk" {
		t.Errorf("title %q: the tree kept was not used", got)
	}
}
