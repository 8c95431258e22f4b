package search_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/signpost-directory/signpost/site"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/search"
	"github.com/signpost-directory/signpost/site/synth"
)

func checked(t testing.TB, dir string) *content.Directory {
	t.Helper()
	res, err := site.Check(context.Background(), site.CheckOptions{ContentDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if res.Messages.HasErrors() {
		t.Fatalf("content of %s has errors", dir)
	}
	return res.Directory
}

// readIndex reads every file under dir/search.
func readIndex(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	root := filepath.Join(dir, search.Folder)
	err := filepath.WalkDir(root, func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(root, path)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// index is the decoded export, as the browser sees it.
type index struct {
	manifest search.Manifest
	files    map[string][]byte
	// terms: term → listing number → quantised score (head and tail).
	terms map[string]map[int]int
	df    map[string]int
	words map[string]json.RawMessage
}

func decode(t testing.TB, files map[string][]byte) *index {
	t.Helper()
	ix := &index{files: files, terms: map[string]map[int]int{}, df: map[string]int{}, words: map[string]json.RawMessage{}}
	if err := json.Unmarshal(files[search.ManifestFile], &ix.manifest); err != nil {
		t.Fatal(err)
	}
	for i, s := range ix.manifest.Shards {
		if i > 0 && s[0] <= ix.manifest.Shards[i-1][0] {
			t.Errorf("shard keys not sorted: %q after %q", s[0], ix.manifest.Shards[i-1][0])
		}
		var sh struct {
			T map[string][]json.RawMessage `json:"t"`
			W map[string]json.RawMessage   `json:"w"`
		}
		if err := json.Unmarshal(files[s[1]], &sh); err != nil {
			t.Fatalf("shard %s: %v", s[1], err)
		}
		next := ""
		if i+1 < len(ix.manifest.Shards) {
			next = ix.manifest.Shards[i+1][0]
		}
		inRange := func(k string) {
			if k < s[0] || (next != "" && k >= next) {
				t.Errorf("shard %q holds %q, outside its range (next key %q)", s[0], k, next)
			}
		}
		for term, e := range sh.T {
			inRange(term)
			var df int
			var head []int
			json.Unmarshal(e[0], &df)
			json.Unmarshal(e[1], &head)
			ix.df[term] = df
			ps := map[int]int{}
			addPostings(t, ps, head)
			if len(e) > 2 {
				var tail string
				var more []int
				json.Unmarshal(e[2], &tail)
				if err := json.Unmarshal(files[tail], &more); err != nil {
					t.Fatalf("tail %s of %q: %v", tail, term, err)
				}
				addPostings(t, ps, more)
			}
			if len(ps) != df {
				t.Errorf("term %q: %d postings, df %d", term, len(ps), df)
			}
			ix.terms[term] = ps
		}
		for w, v := range sh.W {
			inRange(w)
			ix.words[w] = v
		}
	}
	return ix
}

func addPostings(t testing.TB, ps map[int]int, deltas []int) {
	if len(deltas)%2 != 0 {
		t.Fatalf("postings of odd length %d", len(deltas))
	}
	n := 0
	for i := 0; i < len(deltas); i += 2 {
		n += deltas[i]
		if i > 0 && deltas[i] <= 0 {
			t.Fatalf("postings not increasing")
		}
		if q := deltas[i+1]; q < 1 || q > 255 {
			t.Fatalf("score %d out of range", q)
		}
		ps[n] = deltas[i+1]
	}
}

func TestSample(t *testing.T) {
	d := checked(t, "../../content")
	out := t.TempDir()
	stats, err := search.Write(context.Background(), d, out, search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix := decode(t, readIndex(t, out))
	number := func(id string) int {
		for n := range ix.manifest.Listings {
			var chunk [][]string
			json.Unmarshal(ix.files[ix.manifest.Summaries+strconv.Itoa(n/ix.manifest.Chunk)+".json"], &chunk)
			if chunk[n%ix.manifest.Chunk][2] == id {
				return n
			}
		}
		t.Fatalf("listing %s not in the summaries", id)
		return -1
	}
	tests := []struct {
		word, term string
		listing    string // a listing the term must find
	}{
		{"walking", "walk", "riverside-walking-group"},
		{"walks", "walk", "northfield-health-walk"},
		{"gardening", "garden", "community-allotment-plot"},
		{"choir", "choir", "community-choir"},
	}
	for _, tt := range tests {
		var term string
		if err := json.Unmarshal(ix.words[tt.word], &term); err != nil && tt.word != tt.term {
			t.Errorf("word %q: not in the word table", tt.word)
		}
		if term != tt.term && tt.word != tt.term {
			t.Errorf("word %q → %q, want %q", tt.word, term, tt.term)
		}
		if q := ix.terms[tt.term][number(tt.listing)]; q == 0 {
			t.Errorf("term %q has no score for %s", tt.term, tt.listing)
		}
	}
	if string(ix.words["the"]) != "[]" {
		t.Errorf("stop word the → %s, want []", ix.words["the"])
	}
	// The title counts more than the description.
	walk := ix.terms["walk"]
	if walk[number("riverside-walking-group")] <= walk[number("steady-steps")] && walk[number("steady-steps")] != 0 {
		t.Errorf("walk: a listing with walk in its title scores no higher than one without")
	}
	// "Walk in without an appointment" is a drop-in, not a walk.
	if q := walk[number("advice-drop-in")]; q != 0 {
		t.Errorf("walk finds the advice drop-in (score %d): \"walk in\" should read as \"drop in\"", q)
	}
	if q := ix.terms["drop"][number("advice-drop-in")]; q == 0 {
		t.Errorf("drop does not find the advice drop-in")
	}
	// Synonyms find listings through their needs and categories, below
	// those whose own text has the word.
	lonely := ix.terms["lone"]
	if lonely == nil {
		lonely = ix.terms["lonely"]
	}
	own, given := lonely[number("become-a-befriender")], lonely[number("bsl-coffee-morning")]
	if given == 0 || given >= own {
		t.Errorf("lonely: a listing with the word scores %d, one found through its need's synonyms %d", own, given)
	}
	if !slices.Contains(ix.manifest.Phrases, "on my own") || ix.terms["on_my_own"] == nil {
		t.Errorf("the synonym \"on my own\" (stop words only) is not kept whole: phrases %q", ix.manifest.Phrases)
	}
	if stats.Listings == 0 || stats.Shards != len(ix.manifest.Shards) || stats.LargestShard == 0 {
		t.Errorf("stats %+v", *stats)
	}
	// Facets: every listing has a cost, and the lists are sorted.
	for _, f := range ix.manifest.Facets {
		total := 0
		for _, v := range f.Values {
			var deltas []int
			json.Unmarshal(ix.files[v[3].(string)], &deltas)
			if len(deltas) != int(v[2].(float64)) {
				t.Errorf("facet %s=%s: %d listings, count %v", f.Name, v[0], len(deltas), v[2])
			}
			for i, dlt := range deltas {
				if i > 0 && dlt <= 0 {
					t.Errorf("facet %s=%s: not sorted", f.Name, v[0])
				}
			}
			if f.Name != "cost" || v[0] == "free" || v[0] == "paid" {
				total += len(deltas)
			}
		}
		if f.Name == "cost" && total != ix.manifest.Listings {
			t.Errorf("free and paid cover %d listings of %d", total, ix.manifest.Listings)
		}
	}
	// The cost's price limits: free, or a session at most the limit, each
	// holding more than the one before (the sample: £1.50 to £5 a session).
	var costs []string
	for _, f := range ix.manifest.Facets {
		if f.Name != "cost" {
			continue
		}
		for _, v := range f.Values {
			costs = append(costs, fmt.Sprintf("%s %s %v", v[0], v[1], v[2]))
		}
	}
	free, upTo2, upTo5 := 0, 0, 0
	for _, l := range d.Listings {
		if l.Cost.Within(2) {
			upTo2++
		}
		if l.Cost.Within(5) {
			upTo5++
		}
		if l.Cost.Free {
			free++
		}
	}
	want := []string{fmt.Sprintf("free Free %d", free), fmt.Sprintf("paid Costs money %d", len(d.Listings)-free),
		fmt.Sprintf("up-to-2 Up to £2 a session %d", upTo2), fmt.Sprintf("up-to-5 Up to £5 a session %d", upTo5)}
	if !slices.Equal(costs, want) || !(free < upTo2 && upTo2 < upTo5) {
		t.Errorf("cost facet %q, want %q", costs, want)
	}
}

// TestSyntheticBudget exports a large generated directory: every shard
// fits the budget however common a prefix is, every posting has a score,
// and a second export gives byte-identical files.
func TestSyntheticBudget(t *testing.T) {
	n := 10000
	if testing.Short() {
		n = 1000
	}
	dir := t.TempDir()
	if err := synth.Write(filepath.Join(dir, "content"), n); err != nil {
		t.Fatal(err)
	}
	d := checked(t, filepath.Join(dir, "content"))
	opts := search.Options{ShardBudget: 16 << 10, HeadPostings: 300}
	stats, err := search.Write(context.Background(), d, filepath.Join(dir, "a"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d listings: %d terms, %d shards, largest %d bytes (%q), %d files, %d bytes",
		stats.Listings, stats.Terms, stats.Shards, stats.LargestShard, stats.LargestShardKey, stats.Files, stats.Bytes)
	files := readIndex(t, filepath.Join(dir, "a"))
	for name, data := range files {
		if strings.HasPrefix(name, "t/") && len(data) > opts.ShardBudget {
			t.Errorf("shard %s: %d bytes, budget %d", name, len(data), opts.ShardBudget)
		}
	}
	if stats.LargestShard > int64(opts.ShardBudget) {
		t.Errorf("largest shard %d bytes, budget %d", stats.LargestShard, opts.ShardBudget)
	}
	ix := decode(t, files)
	if ix.manifest.Listings != n {
		t.Errorf("%d listings in the manifest, want %d", ix.manifest.Listings, n)
	}
	// "walk" is in most listings: its best postings are in the shard, the
	// rest in a tail file, and all of them carry a score.
	if got := len(ix.terms["walk"]); got < n/2 || got != ix.df["walk"] {
		t.Errorf("walk: %d postings, df %d", got, ix.df["walk"])
	}
	// Same content, same bytes.
	if _, err := search.Write(context.Background(), checked(t, filepath.Join(dir, "content")), filepath.Join(dir, "b"), opts); err != nil {
		t.Fatal(err)
	}
	again := readIndex(t, filepath.Join(dir, "b"))
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range files {
			if !yield(k) {
				return
			}
		}
	})
	if len(again) != len(files) {
		t.Errorf("second export: %d files, first %d", len(again), len(files))
	}
	for _, name := range names {
		if !bytes.Equal(files[name], again[name]) {
			t.Errorf("%s differs between two exports of the same content", name)
		}
	}
}

// TestRewrite: writing into a folder that already has an index replaces
// the index and leaves other files (the search page) alone.
func TestRewrite(t *testing.T) {
	d := checked(t, "../../content")
	out := t.TempDir()
	if err := os.MkdirAll(filepath.Join(out, "search"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(out, "search", "index.html"), []byte("page"), 0o644)
	os.MkdirAll(filepath.Join(out, "search", "t"), 0o755)
	os.WriteFile(filepath.Join(out, "search", "t", "old.json"), []byte("{}"), 0o644)
	if _, err := search.Write(context.Background(), d, out, search.Options{ShardBudget: 4096}); err != nil {
		t.Fatal(err)
	}
	files := readIndex(t, out)
	if _, ok := files["index.html"]; !ok {
		t.Error("search/index.html was removed")
	}
	if _, ok := files["t/old.json"]; ok {
		t.Error("a shard of an earlier index was left behind")
	}
	ix := decode(t, files)
	if len(ix.manifest.Shards) < 3 {
		t.Errorf("%d shards at a 4 KiB budget", len(ix.manifest.Shards))
	}
}

// TestRewriteAfterAnEdit writes the index of a copy of the sample, edits a
// listing and a venue and writes again into the same folder, as the live preview does:
// the folder must then hold exactly a fresh index, and files the edit did
// not change must not have been written again.
func TestRewriteAfterAnEdit(t *testing.T) {
	src := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(src, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	out, fresh := t.TempDir(), t.TempDir()
	opts := search.Options{ShardBudget: 4096}
	if _, err := search.Write(context.Background(), checked(t, src), out, opts); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for rel := range readIndex(t, out) {
		if err := os.Chtimes(filepath.Join(out, search.Folder, filepath.FromSlash(rel)), old, old); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(src, "listings", "riverside-walking-group.md")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(data), "title: Riverside Walking Group", "title: Riverside Zumba Stroll", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	// A venue moves too: near.json, which has a fixed name, changes with it.
	venue := filepath.Join(src, "venues", "al-noor-community-hall.yaml")
	if data, err = os.ReadFile(venue); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(venue, []byte(strings.Replace(string(data), "lat: 52.6087", "lat: 52.7087", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	d := checked(t, src)
	if _, err := search.Write(context.Background(), d, out, opts); err != nil {
		t.Fatal(err)
	}
	if _, err := search.Write(context.Background(), d, fresh, opts); err != nil {
		t.Fatal(err)
	}
	got, want := readIndex(t, out), readIndex(t, fresh)
	if len(got) != len(want) {
		t.Errorf("%d files after rewriting, %d in a fresh index", len(got), len(want))
	}
	kept := 0
	for rel, data := range want {
		if !bytes.Equal(got[rel], data) {
			t.Errorf("%s differs from a fresh index", rel)
		}
		if info, err := os.Stat(filepath.Join(out, search.Folder, filepath.FromSlash(rel))); err == nil && info.ModTime().Equal(old) {
			kept++
		}
	}
	if kept == 0 || kept == len(want) {
		t.Errorf("%d of %d files kept from the first index", kept, len(want))
	}
	if _, ok := decode(t, got).terms["zumba"]; !ok {
		t.Error("the rewritten index does not know the new word")
	}
}

// TestWordFormsBothWays: a query word in a form the analyser stems must
// find the listings with its stem, even when the text never uses that
// form: here every "gardening" of the sample (and of the built-in
// synonyms) is made "garden".
func TestWordFormsBothWays(t *testing.T) {
	d := checked(t, "../../content")
	rewrite(d, regexp.MustCompile(`(?i)gardening|gardens`), "garden")
	out := t.TempDir()
	if _, err := search.Write(context.Background(), d, out, search.Options{}); err != nil {
		t.Fatal(err)
	}
	ix := decode(t, readIndex(t, out))
	if _, ok := ix.terms["garden"]; !ok {
		t.Fatal("no term garden")
	}
	for _, form := range []string{"gardening", "gardens", "gardened", "gardener"} {
		var terms []string
		if err := json.Unmarshal(ix.words[form], &terms); err != nil || !slices.Contains(terms, "garden") {
			var one string
			if json.Unmarshal(ix.words[form], &one) != nil || one != "garden" {
				t.Errorf("%q is not looked up as garden: %s", form, ix.words[form])
			}
		}
	}
	// And the other way: "walk" is a term of its own, found as it is.
	if _, ok := ix.terms["walk"]; !ok {
		t.Error("no term walk")
	}
}

// TestWordFormsFromStems: when the text only ever says "gardening", a
// form it never uses ("gardener", "gardened") is reached through the stem
// garden, and finds the listings too.
func TestWordFormsFromStems(t *testing.T) {
	d := checked(t, "../../content")
	rewrite(d, regexp.MustCompile(`(?i)\bgarden\w*`), "gardening")
	out := t.TempDir()
	if _, err := search.Write(context.Background(), d, out, search.Options{}); err != nil {
		t.Fatal(err)
	}
	ix := decode(t, readIndex(t, out))
	for _, form := range []string{"gardener", "gardened", "gardens"} {
		var one string
		if json.Unmarshal(ix.words[form], &one) != nil || one != "garden" {
			t.Errorf("%q is not looked up as garden: %s", form, ix.words[form])
		}
	}
}

// rewrite replaces what re matches with with in every text the index reads
// of d: listings' titles, summaries, descriptions and tags, and the
// descriptions and synonyms of categories and needs.
func rewrite(d *content.Directory, re *regexp.Regexp, with string) {
	for _, l := range d.Listings {
		l.Title = re.ReplaceAllString(l.Title, with)
		l.Summary = re.ReplaceAllString(l.Summary, with)
		l.Description = re.ReplaceAllString(l.Description, with)
		for i, tag := range l.Tags {
			l.Tags[i] = re.ReplaceAllString(tag, with)
		}
	}
	for _, v := range []*content.Vocabulary{d.Taxonomy.Categories, d.Taxonomy.Needs} {
		for i := range v.Terms {
			v.Terms[i].Description = re.ReplaceAllString(v.Terms[i].Description, with)
			for j, s := range v.Terms[i].Synonyms {
				v.Terms[i].Synonyms[j] = re.ReplaceAllString(s, with)
			}
		}
	}
}

// TestCachedAnalysis: an index made with the analysis kept from an earlier
// build is the index made without it, byte for byte; an edit to a listing's
// text is analysed afresh; a damaged cache file is passed over; and the
// cache keeps only the newest dictionaries.
func TestCachedAnalysis(t *testing.T) {
	src := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(src, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	same := func(d *content.Directory, what string) {
		t.Helper()
		plain, cached := t.TempDir(), t.TempDir()
		if _, err := search.Write(context.Background(), d, plain, search.Options{}); err != nil {
			t.Fatal(err)
		}
		if _, err := search.Write(context.Background(), d, cached, search.Options{CacheDir: cache}); err != nil {
			t.Fatal(err)
		}
		want, got := readIndex(t, plain), readIndex(t, cached)
		if len(got) != len(want) {
			t.Errorf("%s: %d files with the cache, %d without", what, len(got), len(want))
		}
		for rel, data := range want {
			if !bytes.Equal(got[rel], data) {
				t.Errorf("%s: %s differs with the cache", what, rel)
			}
		}
	}
	dicts := func() []string {
		t.Helper()
		names, err := filepath.Glob(filepath.Join(cache, "*.dict"))
		if err != nil {
			t.Fatal(err)
		}
		return names
	}
	d := checked(t, src)
	same(d, "first build")
	if n := len(dicts()); n != 1 {
		t.Fatalf("%d dictionaries kept after one build", n)
	}
	first := dicts()[0]
	same(d, "second build (from the cache)")

	edit := func(old, new string) {
		t.Helper()
		file := filepath.Join(src, "listings", "riverside-walking-group.md")
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("title: Riverside Walking Group", "title: Riverside Zumba Stroll")
	same(checked(t, src), "after an edit")
	if n := len(dicts()); n != 2 {
		t.Errorf("%d dictionaries after an edit, want the old and the new", n)
	}
	// A third text: the oldest dictionary goes.
	edit("title: Riverside Zumba Stroll", "title: Riverside Tango Stroll")
	same(checked(t, src), "after a second edit")
	if names := dicts(); len(names) != 2 || slices.Contains(names, first) {
		t.Errorf("dictionaries kept: %v; want the two newest, not %s", names, first)
	}

	// A damaged dictionary is analysed again, not trusted.
	for _, name := range dicts() {
		if err := os.WriteFile(name, []byte("not a dictionary"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	same(checked(t, src), "with damaged cache files")
}
