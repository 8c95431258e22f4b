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
//
// Every file but the manifest is named by its content's hash, and the same
// content always gives byte-identical files, so deploys are cache friendly.
package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/signpost-directory/signpost/site/content"
)

// Folder is where the index goes, relative to the site's root.
const Folder = "search"

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
	dict, err := analyse(ctx, corpus)
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	files, stats, err := export(d, corpus, dict, opts)
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	dir := filepath.Join(siteDir, Folder)
	if err := clean(dir); err != nil {
		return nil, err
	}
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("search index: %w", err)
		}
		if err := os.WriteFile(path, f.data, 0o644); err != nil {
			return nil, fmt.Errorf("search index: %w", err)
		}
		stats.Files++
		stats.Bytes += int64(len(f.data))
	}
	return stats, nil
}

// clean removes what an earlier Write left in dir.
func clean(dir string) error {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if name == "manifest.json" || name == "t" || name == "x" || name == "f" || strings.HasPrefix(name, "s-") {
			if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
		}
	}
	return nil
}
