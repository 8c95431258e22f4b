package site_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"testing"

	"github.com/signpost-directory/signpost/site"
	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/schedule"
	"github.com/signpost-directory/signpost/site/synth"
)

// TestCheckKeepsVerdicts: with a cache folder, a check keeps which files
// were clean, in a file of the content folder's own, and the next check
// finds the same.
func TestCheckKeepsVerdicts(t *testing.T) {
	cache := t.TempDir()
	opts := site.CheckOptions{ContentDir: "../content", Cache: cache,
		Check: check.Options{Today: schedule.Date{Year: 2026, Month: 11, Day: 21}}}
	first, err := site.Check(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	kept, err := filepath.Glob(filepath.Join(cache, "*", "verdicts"))
	if err != nil || len(kept) != 1 {
		t.Fatalf("verdicts files: %v %v", kept, err)
	}
	info, err := os.Stat(kept[0])
	if err != nil || info.Size() < 50*32 {
		t.Fatalf("the verdicts file holds fewer than 50 files: %v %v", info, err)
	}
	second, err := site.Check(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(first.Messages, second.Messages) || len(first.Directory.Listings) != len(second.Directory.Listings) {
		t.Errorf("the second check differs: %d and %d messages, %d and %d listings", len(first.Messages), len(second.Messages),
			len(first.Directory.Listings), len(second.Directory.Listings))
	}
	for i, l := range first.Directory.Listings {
		if !reflect.DeepEqual(l, second.Directory.Listings[i]) {
			t.Errorf("listing %s differs on the second check", l.ID)
		}
	}
}

func TestSyntheticDirectoryIsValid(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Write(dir, 300); err != nil {
		t.Fatal(err)
	}
	res, err := site.Check(context.Background(), site.CheckOptions{ContentDir: dir,
		Check: check.Options{Today: schedule.Date{Year: 2026, Month: 11, Day: 21}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Messages) > 0 || len(res.Directory.Listings) != 300 {
		t.Fatalf("%d listings, messages: %+v", len(res.Directory.Listings), res.Messages[:min(3, len(res.Messages))])
	}
}

// BenchmarkCheck loads and checks generated directories from disk, as
// `signpost check` does, with the garbage collector set as the command sets
// it (cmd/signpost gcPercent), the first time and with what an earlier
// check remembered (check.Verdicts). Goals on a 2-core machine: under one
// second for 10,000 listings, under ten for 100,000.
func BenchmarkCheck(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("listings=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := synth.Write(dir, n); err != nil {
				b.Fatal(err)
			}
			opts := site.CheckOptions{ContentDir: dir, Check: check.Options{Today: schedule.Date{Year: 2026, Month: 11, Day: 21}}}
			run := func(b *testing.B, opts site.CheckOptions) {
				for b.Loop() {
					res, err := site.Check(context.Background(), opts)
					if err != nil || res.Messages.HasErrors() {
						b.Fatalf("check failed: %v %+v", err, res.Messages[:min(3, len(res.Messages))])
					}
				}
			}
			b.Run("first", func(b *testing.B) { run(b, opts) })
			// With what an earlier check kept in the cache folder, as
			// `signpost check` has after its first run on a machine, and
			// as CI has from the cache the publishing workflow keeps.
			b.Run("remembered", func(b *testing.B) {
				opts := opts
				opts.Cache = b.TempDir()
				if _, err := site.Check(context.Background(), opts); err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				run(b, opts)
			})
		})
	}
}
