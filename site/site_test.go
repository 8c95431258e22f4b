package site_test

import (
	"context"
	"fmt"
	"runtime/debug"
	"testing"

	"github.com/signpost-directory/signpost/site"
	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/schedule"
	"github.com/signpost-directory/signpost/site/synth"
)

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
// it (cmd/signpost gcPercent). Goal: under one second for 10,000 listings
// on a 2-core machine.
func BenchmarkCheck(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("listings=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := synth.Write(dir, n); err != nil {
				b.Fatal(err)
			}
			opts := site.CheckOptions{ContentDir: dir, Check: check.Options{Today: schedule.Date{Year: 2026, Month: 11, Day: 21}}}
			b.ResetTimer()
			for b.Loop() {
				res, err := site.Check(context.Background(), opts)
				if err != nil || res.Messages.HasErrors() {
					b.Fatalf("check failed: %v %+v", err, res.Messages[:min(3, len(res.Messages))])
				}
			}
		})
	}
}
