package hsds_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/signpost-directory/signpost/site/feeds"
	"github.com/signpost-directory/signpost/site/importer/hsds"
	"github.com/signpost-directory/signpost/site/synth"
)

// BenchmarkRead10000 reads the HSDS API of a synthetic directory of
// 10,000 listings (services/<id>.json and the pages beside them), as
// `signpost import hsds public/api/hsds` would.
func BenchmarkRead10000(b *testing.B) {
	src := b.TempDir()
	if err := synth.Write(src, 10000); err != nil {
		b.Fatal(err)
	}
	d, msgs := checkDir(b, src)
	if errs := errorsIn(msgs); len(errs) > 0 {
		b.Fatalf("synthetic directory: %v", errs[:1])
	}
	out := b.TempDir()
	if _, err := feeds.Write(context.Background(), d, out, feeds.Options{}); err != nil {
		b.Fatal(err)
	}
	api := filepath.Join(out, "api", "hsds")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		set, err := hsds.Read(context.Background(), api, hsds.Options{Country: "GB"})
		if err != nil {
			b.Fatal(err)
		}
		if len(set.Listings) != 10000 {
			b.Fatalf("%d listings", len(set.Listings))
		}
	}
}
