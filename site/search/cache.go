package search

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/signpost-directory/signpost/site/atomicfile"
	"github.com/signpost-directory/signpost/site/cachedir"
	"github.com/signpost-directory/signpost/site/program"
)

// dictionaryVersion changes whenever what analyse makes of the same text
// changes (the analyzers, the fields and their boosts, the scoring, the
// word table), so that dictionaries kept by an older signpost are not
// used again.
const dictionaryVersion = "search-dictionary-1"

// keptDictionaries is how many dictionaries the cache keeps, the newest:
// at 100,000 listings one is about 100 MB, and a directory's next build
// needs only its last.
const keptDictionaries = 2

// cachedDictionary is a dictionary as the cache keeps it.
type cachedDictionary struct {
	Terms   map[string][]cachedPosting
	Words   map[string][]string
	Phrases []string
}

type cachedPosting struct {
	N     int32
	Score float64
}

// corpusKey names the analysis of a corpus: everything analyse reads, the
// documents' ids, analyzers and texts, in the corpus's order.
func corpusKey(c *corpus, programID string) string {
	h := sha256.New()
	h.Write([]byte(dictionaryVersion))
	h.Write([]byte(programID))
	for _, id := range c.ids {
		doc := c.docs[id]
		fmt.Fprintf(h, "\x00%s\x00%s", id, doc.analyzer)
		for _, t := range doc.texts() {
			fmt.Fprintf(h, "\x00%d:%s", len(t), t)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// analyseCached is analyse, with its result kept in dir between builds:
// it is the slow half of the index (bleve's analysis and scoring of every
// listing, about 15 s of CPU at 10,000 listings), and it depends on the
// listings' text only. A cache that cannot be read or written is passed
// over: the index is then made as without one.
func analyseCached(ctx context.Context, c *corpus, dir string) (*dictionary, error) {
	// What analyse makes of a text depends on the program as much as on
	// the text; without a name for the program, nothing is kept.
	programID, err := program.Identity()
	if dir == "" || err != nil {
		return analyse(ctx, c)
	}
	path := filepath.Join(dir, corpusKey(c, programID)+".dict")
	if dict, err := readDictionary(path); err == nil {
		// Touched, so that pruning counts it among the newest.
		now := time.Now()
		os.Chtimes(path, now, now)
		return dict, nil
	}
	dict, err := analyse(ctx, c)
	if err != nil {
		return nil, err
	}
	if err := writeDictionary(path, dict); err == nil {
		cachedir.Prune(dir, ".dict", keptDictionaries)
	}
	return dict, nil
}

func readDictionary(path string) (*dictionary, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var kept cachedDictionary
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&kept); err != nil {
		return nil, fmt.Errorf("search cache %s: %w", path, err)
	}
	// gob gives back an empty list as nil; a word with an empty list of
	// terms is a stop word (see wordTable), which export tells from a
	// word it does not know.
	for w, terms := range kept.Words {
		if terms == nil {
			kept.Words[w] = []string{}
		}
	}
	terms := make(map[string][]posting, len(kept.Terms))
	for term, ps := range kept.Terms {
		out := make([]posting, len(ps))
		for i, p := range ps {
			out[i] = posting{n: p.N, score: p.Score}
		}
		terms[term] = out
	}
	return newDictionary(terms, kept.Words, kept.Phrases), nil
}

func writeDictionary(path string, dict *dictionary) error {
	kept := cachedDictionary{Terms: make(map[string][]cachedPosting, len(dict.terms)), Words: dict.words, Phrases: dict.phrases}
	for term, ps := range dict.terms {
		out := make([]cachedPosting, len(ps))
		for i, p := range ps {
			out[i] = cachedPosting{N: p.n, Score: p.score}
		}
		kept.Terms[term] = out
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(kept); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.Write(path, b.Bytes())
}
