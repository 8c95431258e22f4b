// Package search writes the site's static search index. bleve does the
// search work at build time: it analyses every listing (English stemming,
// or the analyzer of the listing's language) and scores every term for
// every listing. The index is then exported as small static files under
// search/, so the browser downloads only what one query needs:
//
//   - manifest.json: the shard keys and file names, the facets and their
//     values, and the numbers the client needs (listing count, chunk size,
//     score scale). It is the only file with a fixed name.
//   - t/<hash>.json: term shards. The dictionary (terms and surface words,
//     sorted together) is cut into consecutive ranges that fit a byte
//     budget; each shard is keyed by the shortest prefix that starts it, so
//     busy prefixes get longer keys. A shard holds, per term, its document
//     frequency and its best postings (listing number and bleve's score,
//     quantised), and, per surface word whose analysed form differs, that
//     form (the word→term table: the client needs no stemmer).
//   - x/<hash>.json: the rest of a term's postings, when it has more than
//     fit in its shard; fetched only when a query needs a complete list.
//   - s-<hash>/<n>.json: listing summaries (title, summary, address,
//     when, where, cost), a fixed number of listings per chunk.
//   - f/<hash>.json: one sorted list of listing numbers per facet value.
//   - near.json, g/<hash>.json: the venue cells near= reads (the cells'
//     boxes, then each cell's venues), and w/<hash>.json: the schedule
//     rules when= evaluates, by day of the week (see placetime.go).
//
// Every file but the manifest and near.json is named by its content's
// hash, and the same content always gives byte-identical files, so deploys
// are cache friendly. near.json has a fixed name so that a page opened
// with near= can fetch it alongside the manifest, not after it: that saves
// a round trip before the first results.
package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/signpost-directory/signpost/site/atomicfile"
	"github.com/signpost-directory/signpost/site/content"
)

// Folder is where the index goes, relative to the site's root.
const Folder = "search"

// The files with fixed names (see the package comment), in Folder.
const (
	ManifestFile = "manifest.json"
	NearFile     = "near.json"
)

// Options tune the export. The zero value gives the defaults.
type Options struct {
	// ShardBudget is the largest a term shard may be, in bytes before
	// compression (default 24 KiB).
	ShardBudget int
	// HeadPostings is how many of a term's postings, the best scored, go
	// in its shard; the rest go in a separate file (default 500).
	HeadPostings int
	// ChunkSize is the number of listings per summary file (default 8).
	ChunkSize int
	// CellListings is the most listings a cell of venues holds, unless one
	// venue holds more on its own (default CellListings).
	CellListings int
	// CacheDir keeps the analysis of the listings' text between builds,
	// by a hash of that text (see analyseCached); "" for none.
	CacheDir string
	// Previous, when set, is the site this one replaces (siteDir is then
	// a new folder): a file it already has with the same bytes is linked
	// from it rather than written again (see atomicfile.Folder).
	Previous string
	// Staged says the folder written is a build's stage: new, and read by
	// nobody until the build publishes it, so files go straight to their
	// names (see atomicfile.Folder.New). Previous implies it.
	Staged bool
	// Manifest, when set, lists the files of Previous and receives those
	// written now (see atomicfile.Manifest).
	Manifest *atomicfile.Manifest
}

func (o Options) withDefaults() Options {
	if o.ShardBudget <= 0 {
		o.ShardBudget = 24 << 10
	}
	if o.HeadPostings <= 0 {
		o.HeadPostings = 500
	}
	if o.ChunkSize <= 0 {
		o.ChunkSize = 8
	}
	if o.CellListings <= 0 {
		o.CellListings = CellListings
	}
	return o
}

// Stats describe the index that was written.
type Stats struct {
	Listings int // listings in the index (ended ones are left out)
	Terms    int // distinct analysed terms
	Words    int // surface words whose analysed form differs
	Files    int
	// Bytes is the size of everything under search/.
	Bytes  int64
	Shards int
	// LargestShard is the size of the largest term shard, whose key is
	// LargestShardKey.
	LargestShard    int64
	LargestShardKey string
}

// Write indexes the directory's listings and writes the search files into
// siteDir/search/. Files of an earlier index there are removed; other files
// (the search page itself) are left alone.
func Write(ctx context.Context, d *content.Directory, siteDir string, opts Options) (*Stats, error) {
	opts = opts.withDefaults()
	corpus := newCorpus(d)
	dict, err := analyseCached(ctx, corpus, opts.CacheDir)
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	files, stats, err := export(d, corpus, dict, opts)
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	dir := filepath.Join(siteDir, Folder)
	folder := atomicfile.Folder{Root: siteDir, Old: opts.Previous, New: opts.Staged, Manifest: opts.Manifest}
	keep := make(map[string]bool, len(files))
	for _, f := range files {
		keep[f.name] = true
		stats.Files++
		stats.Bytes += int64(len(f.data))
		path := filepath.Join(dir, filepath.FromSlash(f.name))
		// Every name but the manifest's is made from its content, so a
		// file already there from an earlier Write (the live preview
		// writes into the same folder after each save) is this file.
		if f.name != ManifestFile && f.name != NearFile {
			if _, err := os.Stat(path); err == nil {
				continue
			}
		}
		if err := writeFile(folder, path, f.data); err != nil {
			return nil, fmt.Errorf("search index: %w", err)
		}
	}
	// The new manifest is in place: what only the old one named can go.
	if err := removeOthers(dir, keep); err != nil {
		return nil, err
	}
	return stats, nil
}

// writeFile writes data to path, making its folder, so that a reader
// never sees half a file (see atomicfile).
func writeFile(folder atomicfile.Folder, path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return folder.Write(path, data)
}

// removeOthers removes the index files in dir that keep does not name,
// and folders left empty; other files (the search page itself) stay.
func removeOthers(dir string, keep map[string]bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if !(hashedFolder(name) || strings.HasPrefix(name, "s-")) || !e.IsDir() {
			continue
		}
		files, err := os.ReadDir(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		left := 0
		for _, f := range files {
			if keep[name+"/"+f.Name()] {
				left++
				continue
			}
			if err := os.RemoveAll(filepath.Join(dir, name, f.Name())); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
		}
		if left == 0 {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
		}
	}
	return nil
}

// hashedFolder reports whether name is one of the index's folders of
// files named by their content (t, x, f, g, w; summaries are in s-<hash>).
func hashedFolder(name string) bool {
	switch name {
	case "t", "x", "f", "g", "w":
		return true
	}
	return false
}
