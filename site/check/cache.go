package check

import (
	"maps"
	"time"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/schedule"
)

// What a Checker remembers between runs, so that checking again after an
// edit re-reads only the files that changed: each file's result, and the
// copies of listings with translations attached that it handed back.

type cachedFile struct {
	stamp  string
	result fileResult
}

// generation names what every file is checked against: today's date and
// the settings and vocabularies as written. When it changes, nothing
// cached is valid.
func generation(today schedule.Date, shared []*load.File) string {
	g := today.String()
	for _, f := range shared {
		g += "\x00" + f.Source.Text
	}
	return g
}

// startGeneration empties the cache when the generation changed.
func (ck *Checker) startGeneration(generation string) {
	ck.mu.Lock()
	defer ck.mu.Unlock()
	if generation != ck.generation || ck.cache == nil {
		ck.cache, ck.generation = map[string]cachedFile{}, generation
	}
}

func (ck *Checker) lookup(path string) (cachedFile, bool) {
	ck.mu.Lock()
	defer ck.mu.Unlock()
	c, ok := ck.cache[path]
	return c, ok
}

func (ck *Checker) store(path string, c cachedFile) {
	ck.mu.Lock()
	defer ck.mu.Unlock()
	ck.cache[path] = c
}

// entry checks the file of one entry on its own, or hands back what an
// earlier run found when the file has not changed since.
func (r *checker) entry(folder *load.Folder, e load.Entry) fileResult {
	if r.oneRun {
		return r.checkRead(r.read(folder, e))
	}
	stamp, modified, stamped := folder.Stamp(e)
	cached, hit := r.lookup(e.Path)
	// Some file systems keep modification times to the second, so a file
	// changed just now is compared by its content.
	if stamped && hit && cached.stamp == stamp && time.Since(modified) > 2*time.Second {
		return cached.result
	}
	f, readMsgs, v := r.read(folder, e)
	if hit && f.Source != nil && cached.result.file.Source != nil && f.Source.Text == cached.result.file.Source.Text {
		return cached.result
	}
	res := r.checkRead(f, readMsgs, v)
	if stamped {
		r.store(e.Path, cachedFile{stamp: stamp, result: res})
	}
	return res
}

// read reads the file of an entry and parses it, or takes back the tree
// the verdicts kept when its text is the one they were kept for.
func (r *checker) read(folder *load.Folder, e load.Entry) (*load.File, diag.List, verdict) {
	f, msgs, parse := folder.ReadText(e)
	if !parse {
		return f, msgs, verdict{}
	}
	v := r.verdicts.lookup(f)
	if v.tree != "" && len(msgs) == 0 {
		if root, err := load.DecodeTree(v.tree, f.Source.Text); err == nil && load.UseTree(f, root) {
			return f, nil, v
		}
	}
	// A tree not taken back is not kept either: the file is parsed, and
	// its own tree kept if it is clean.
	v.tree = ""
	msgs.Extend(load.Parse(f))
	return f, msgs, v
}

// checkRead checks a file just read, with the problems reading it found
// and what the verdicts knew of it.
func (r *checker) checkRead(f *load.File, readMsgs diag.List, v verdict) fileResult {
	res := r.file(f, v, len(readMsgs) == 0)
	keepForCrossFile(f)
	res.msgs = limitPerFile(append(readMsgs, res.msgs...))
	return res
}

// forget drops the files that are gone.
func (ck *Checker) forget(entries []load.Entry) {
	ck.mu.Lock()
	defer ck.mu.Unlock()
	if len(ck.cache) <= len(entries) {
		return
	}
	present := make(map[string]bool, len(entries))
	for _, e := range entries {
		present[e.Path] = true
	}
	for p := range ck.cache {
		if !present[p] {
			delete(ck.cache, p)
		}
	}
}

// attach puts in d, in place of each listing that has translations, a copy
// with them attached: the one the last run handed back when the
// translations are the same, else a new one.
func (r *checker) attach(d *content.Directory, attached map[*content.Listing]map[string]*content.Translation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	previous := r.translated
	r.translated = make(map[*content.Listing]*content.Listing, len(attached))
	if len(attached) == 0 {
		return
	}
	for i, l := range d.Listings {
		tr, ok := attached[l]
		if !ok {
			continue
		}
		c, ok := previous[l]
		if !ok || !maps.Equal(c.Translations, tr) {
			copied := *l
			copied.Translations = tr
			c = &copied
		}
		d.Listings[i], r.translated[l] = c, c
	}
	d.Index()
}

// postcodesCache is what checking postcodes.csv found, for the file's
// stamp and the directory's country.
type postcodesCache struct {
	stamp, country string
	rows           []content.Postcode
	msgs           diag.List
}

// cachedPostcodes checks postcodes.csv, or hands back what the last run
// found when neither the file nor the country changed since.
func (r *checker) cachedPostcodes(folder *load.Folder, e load.Entry) ([]content.Postcode, diag.List) {
	stamp, modified, stamped := folder.Stamp(e)
	r.mu.Lock()
	c := r.Checker.postcodes
	r.mu.Unlock()
	if stamped && c.stamp == stamp && c.country == r.config.Country && time.Since(modified) > 2*time.Second {
		return c.rows, c.msgs
	}
	rows, msgs := r.postcodes(folder, e)
	if stamped {
		r.mu.Lock()
		r.Checker.postcodes = postcodesCache{stamp: stamp, country: r.config.Country, rows: rows, msgs: msgs}
		r.mu.Unlock()
	}
	return rows, msgs
}
