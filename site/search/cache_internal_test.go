package search

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/load"
)

// A dictionary read back from the cache is the one written, to the
// difference between an empty list and none (a stop word and an unknown
// word, to export).
func TestDictionaryRoundTrip(t *testing.T) {
	ck, err := check.New()
	if err != nil {
		t.Fatal(err)
	}
	folder, err := load.Scan(os.DirFS("../../content"), "content")
	if err != nil {
		t.Fatal(err)
	}
	d, msgs := ck.Run(context.Background(), folder, check.Options{})
	if msgs.HasErrors() {
		t.Fatal("the sample has errors")
	}
	dict, err := analyse(context.Background(), newCorpus(d))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "d.dict")
	if err := writeDictionary(path, dict); err != nil {
		t.Fatal(err)
	}
	back, err := readDictionary(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(dict, back) {
		t.Error("the dictionary read back differs from the one written")
	}
}
