package search

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/signpost-directory/signpost/site/content"
)

// file is one file of the index, by slash path under search/.
type file struct {
	name string
	data []byte
}

// Manifest is search/manifest.json, the client's entry point.
type Manifest struct {
	Version  int `json:"version"`
	Listings int `json:"listings"`
	// Scale inverts the score quantisation: score = (exp(q/Scale) - 1) / 100.
	Scale int `json:"scale"`
	// Shards are [key, file] pairs sorted by key: a word is looked up in
	// the last shard whose key sorts before or equal to it.
	Shards [][2]string `json:"shards"`
	// Chunk is the number of listings per summary file; summary file i is
	// Summaries + i + ".json".
	Chunk     int     `json:"chunk"`
	Summaries string  `json:"summaries"`
	Facets    []Facet `json:"facets"`
	// Browse lists the needs that have a page, for the "no results" state.
	Browse [][2]string `json:"browse"`
	// Near and When are the files near= and when= start from, When one
	// per day of the week, Sunday first, then one for the whole week; Zone is the directory's time
	// zone, which when= counts in (see placetime.go).
	// Phrases are synonyms made only of stop words, which a query joins
	// with underscores before looking its words up ("on my own" →
	// "on_my_own"), as the index does.
	Phrases []string `json:"phrases"`
	Near    string   `json:"near"`
	When    []string `json:"when"`
	Zone    string   `json:"zone"`
	// Stopped is the file of the listings that are not running (paused
	// or ended): the guided match leaves them out, as nobody can be
	// prescribed them today.
	Stopped string `json:"stopped"`
}

// Facet is one filter: its URL parameter, its label and its values.
type Facet struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	// Values are [value, label, count, file] with the file holding the
	// sorted, delta-encoded numbers of the listings with the value.
	Values [][4]any `json:"values"`
}

func export(d *content.Directory, c *corpus, dict *dictionary, opts Options) ([]file, *Stats, error) {
	stats := &Stats{Listings: len(c.listings), Terms: len(dict.termList), Words: len(dict.words)}
	var files []file
	add := func(dir string, data []byte) string {
		name := dir + "/" + hash(data) + ".json"
		files = append(files, file{name, data})
		return name
	}

	// Term entries: [df, [delta, q, …], tail file].
	entries := make(map[string][]byte, len(dict.termList))
	for _, term := range dict.termList {
		ps := dict.terms[term]
		head, tail := ps, []posting(nil)
		if len(ps) > opts.HeadPostings {
			best := slices.Clone(ps)
			slices.SortFunc(best, func(a, b posting) int {
				return cmp.Or(cmp.Compare(quantise(b.score), quantise(a.score)), cmp.Compare(a.n, b.n))
			})
			head, tail = best[:opts.HeadPostings], best[opts.HeadPostings:]
			slices.SortFunc(head, func(a, b posting) int { return cmp.Compare(a.n, b.n) })
			slices.SortFunc(tail, func(a, b posting) int { return cmp.Compare(a.n, b.n) })
		}
		var b bytes.Buffer
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(len(ps)))
		b.WriteByte(',')
		b.Write(encodePostings(head))
		if tail != nil {
			b.WriteString(`,"` + add("x", encodePostings(tail)) + `"`)
		}
		b.WriteByte(']')
		entries[term] = b.Bytes()
	}

	shards, err := cutShards(dict, entries, opts.ShardBudget)
	if err != nil {
		return nil, nil, err
	}
	m := Manifest{Version: 1, Listings: len(c.listings), Scale: scoreScale, Chunk: opts.ChunkSize}
	for _, s := range shards {
		m.Shards = append(m.Shards, [2]string{s.key, add("t", s.data)})
		stats.Shards++
		if int64(len(s.data)) > stats.LargestShard {
			stats.LargestShard, stats.LargestShardKey = int64(len(s.data)), s.key
		}
	}

	chunks, err := summaries(d, c.listings, opts.ChunkSize)
	if err != nil {
		return nil, nil, err
	}
	h := sha256.New()
	for _, ch := range chunks {
		h.Write(ch)
	}
	m.Summaries = "s-" + hex.EncodeToString(h.Sum(nil))[:12] + "/"
	for i, ch := range chunks {
		files = append(files, file{m.Summaries + strconv.Itoa(i) + ".json", ch})
	}

	for _, f := range facets(d, c.listings) {
		out := Facet{Name: f.name, Label: f.label}
		for _, v := range f.values {
			ps := make([]posting, len(v.listings))
			for i, n := range v.listings {
				ps[i].n = n
			}
			out.Values = append(out.Values, [4]any{v.value, v.label, len(v.listings), add("f", encodeNumbers(ps))})
		}
		m.Facets = append(m.Facets, out)
	}
	lang := d.Config.DefaultLanguage()
	for _, t := range d.Taxonomy.Needs.Terms {
		if slices.ContainsFunc(c.listings, func(l *content.Listing) bool { return l.IsActive() && slices.Contains(l.Needs, t.ID) }) {
			m.Browse = append(m.Browse, [2]string{t.ID, d.Taxonomy.Needs.Label(t.ID, lang)})
		}
	}
	m.Zone = d.Config.Zone()
	var stopped []int32
	for i, l := range c.listings {
		if !l.IsActive() {
			stopped = append(stopped, int32(i))
		}
	}
	m.Stopped = add("f", numbersJSON(stopped))
	m.Phrases = append([]string{}, dict.phrases...)
	near, when, err := placeTime(d, c.listings, opts.CellListings, add)
	if err != nil {
		return nil, nil, err
	}
	m.Near, m.When = NearFile, when
	manifest, err := json.Marshal(m)
	if err != nil {
		return nil, nil, err
	}
	// Tail and facet files can repeat (two terms with the same postings):
	// keep one of each, in a fixed order.
	slices.SortFunc(files, func(a, b file) int { return strings.Compare(a.name, b.name) })
	files = slices.CompactFunc(files, func(a, b file) bool { return a.name == b.name })
	// The fixed names last, the manifest at the very end: a reader who
	// sees the new manifest finds every file it names.
	files = append(files, file{NearFile, near}, file{ManifestFile, manifest})
	return files, stats, nil
}

// encodePostings writes [Δn, q, Δn, q, …] with Δn the difference from the
// previous listing number (the first is the number itself).
func encodePostings(ps []posting) []byte {
	b := make([]byte, 0, len(ps)*6+2)
	b = append(b, '[')
	prev := int32(0)
	for i, p := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(p.n-prev), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(quantise(p.score)), 10)
		prev = p.n
	}
	return append(b, ']')
}

// encodeNumbers writes [Δn, Δn, …].
func encodeNumbers(ps []posting) []byte {
	b := []byte{'['}
	prev := int32(0)
	for i, p := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(p.n-prev), 10)
		prev = p.n
	}
	return append(b, ']')
}

func hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])[:12]
}

// shard is one term shard: the entries from key up to the next shard's key.
type shard struct {
	key  string
	data []byte
}

// shardOverhead is the size of an empty shard, {"t":{},"w":{}}.
const shardOverhead = len(`{"t":{},"w":{}}`)

// cutShards sorts terms and surface words together and cuts them into
// consecutive shards of at most budget bytes.
func cutShards(dict *dictionary, entries map[string][]byte, budget int) ([]shard, error) {
	keys := slices.Clone(dict.termList)
	for w := range dict.words {
		if _, ok := entries[w]; !ok {
			keys = append(keys, w)
		}
	}
	slices.Sort(keys)

	var out []shard
	var terms, words [][]byte
	size := shardOverhead
	first, last := "", ""
	flush := func() {
		var b bytes.Buffer
		b.WriteString(`{"t":{`)
		b.Write(bytes.Join(terms, []byte{','}))
		b.WriteString(`},"w":{`)
		b.Write(bytes.Join(words, []byte{','}))
		b.WriteString(`}}`)
		key := ""
		if len(out) > 0 {
			key = separator(last, first)
		}
		out = append(out, shard{key: key, data: b.Bytes()})
		terms, words, size = nil, nil, shardOverhead
	}
	prev := ""
	for _, k := range keys {
		jk, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		var t, w []byte
		if e, ok := entries[k]; ok {
			t = append(append(slices.Clip(jk), ':'), e...)
		}
		if wt, ok := dict.words[k]; ok {
			var v []byte
			if len(wt) == 1 {
				v, err = json.Marshal(wt[0])
			} else {
				v, err = json.Marshal(wt)
			}
			if err != nil {
				return nil, err
			}
			w = append(append(slices.Clip(jk), ':'), v...)
		}
		n := len(t) + len(w) + 2 // commas
		if shardOverhead+n > budget {
			return nil, fmt.Errorf("term %q needs %d bytes, more than the shard budget of %d", k, shardOverhead+n, budget)
		}
		if size+n > budget && (len(terms) > 0 || len(words) > 0) {
			last = prev
			flush()
		}
		if len(terms) == 0 && len(words) == 0 {
			first = k
		}
		if t != nil {
			terms = append(terms, t)
		}
		if w != nil {
			words = append(words, w)
		}
		size += n
		prev = k
	}
	last = prev
	flush()
	return out, nil
}

// separator returns the shortest prefix of next that sorts after prev.
func separator(prev, next string) string {
	for i := range next {
		if p := next[:i]; p > prev {
			return p
		}
	}
	return next
}

// summaries writes the listing summaries in chunks:
// [[title, summary, id, when, where, cost, lang?], …], lang only when it is
// not the directory's language.
func summaries(d *content.Directory, listings []*content.Listing, size int) ([][]byte, error) {
	var out [][]byte
	for start := 0; start < len(listings); start += size {
		var records [][]string
		for _, l := range listings[start:min(start+size, len(listings))] {
			c := d.Card(l)
			r := []string{l.Title, l.Summary, l.ID, c.When, c.Where, c.Cost}
			if l.Lang != "" && l.Lang != d.Config.DefaultLanguage() {
				r = append(r, l.Lang)
			}
			records = append(records, r)
		}
		data, err := json.Marshal(records)
		if err != nil {
			return nil, err
		}
		out = append(out, data)
	}
	return out, nil
}

type facetSpec struct {
	name, label string
	values      []facetValue
}

type facetValue struct {
	value, label string
	listings     []int32
}

// facets groups listing numbers by the value of each filter. Categories
// and needs keep the taxonomy's order; days, cost and the like their
// natural order; the others are sorted by label.
func facets(d *content.Directory, listings []*content.Listing) []facetSpec {
	lang := d.Config.DefaultLanguage()
	tax := d.Taxonomy
	// Categories and needs are the listing's terms; the others are the
	// list pages' filters, headed, labelled and ordered as there.
	type source struct {
		name, label, filter string
		terms               func(*content.Listing) []string
		vocab               *content.Vocabulary
	}
	specs := []source{
		{"category", "Type of activity", "", func(l *content.Listing) []string { return l.Categories }, tax.Categories},
		{"need", "Need", "", func(l *content.Listing) []string { return l.Needs }, tax.Needs},
	}
	for _, f := range content.FilterNames() {
		specs = append(specs, source{name: content.SearchName(f), label: content.FilterHeading(f), filter: f})
	}
	filters := make([]content.Filters, len(listings))
	for i, l := range listings {
		filters[i] = d.Filters(l)
	}
	var out []facetSpec
	for _, s := range specs {
		byValue := map[string][]int32{}
		for i, l := range listings {
			values := filters[i].Values(s.filter)
			if s.terms != nil {
				values = s.terms(l)
			}
			for _, v := range values {
				if n := int32(i); !slices.Contains(byValue[v], n) {
					byValue[v] = append(byValue[v], n)
				}
			}
		}
		if s.name == "cost" {
			costLimits(d, listings, byValue)
		}
		if len(byValue) == 0 {
			continue
		}
		f := facetSpec{name: s.name, label: s.label}
		for v, ns := range byValue {
			label := v
			if s.vocab != nil {
				label = s.vocab.Label(v, lang)
			} else if limit, ok := costLimitOf(v); ok && s.name == "cost" {
				label = content.CostLimitLabel(limit, d.Config.Currency)
			} else {
				label = d.FilterLabel(s.filter, v)
			}
			f.values = append(f.values, facetValue{value: v, label: label, listings: ns})
		}
		slices.SortFunc(f.values, func(a, b facetValue) int {
			if s.vocab != nil {
				return cmp.Compare(slices.Index(s.vocab.IDs(), a.value), slices.Index(s.vocab.IDs(), b.value))
			}
			return cmp.Or(content.FilterOrder(s.filter, a.value, b.value), strings.Compare(a.label, b.label), strings.Compare(a.value, b.value))
		})
		out = append(out, f)
	}
	return out
}

// costLimits adds to the cost facet a value per session price limit
// ("up to £5 a session", content.CostLimits): the listings that are free or
// cost at most that a session. A limit that would hold exactly the free
// listings, or the same listings as a lower limit, is left out: a choice
// that changes nothing only lengthens the list.
func costLimits(d *content.Directory, listings []*content.Listing, byValue map[string][]int32) {
	previous := len(byValue["free"])
	for _, limit := range content.CostLimits() {
		var ns []int32
		for i, l := range listings {
			if l.Cost.Within(limit) {
				ns = append(ns, int32(i))
			}
		}
		if len(ns) > previous {
			byValue[content.CostLimitID(limit)] = ns
			previous = len(ns)
		}
	}
}

// costLimitOf is the limit of a cost limit's value ("up-to-5" → 5).
func costLimitOf(value string) (float64, bool) {
	for _, limit := range content.CostLimits() {
		if content.CostLimitID(limit) == value {
			return limit, true
		}
	}
	return 0, false
}
