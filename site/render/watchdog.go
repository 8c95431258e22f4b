package render

import (
	"context"
	"os"
	"sync/atomic"
	"time"

	"github.com/spf13/afero"
)

// progress counts the file operations Hugo makes: reading the project,
// writing pages. A build that is slow still counts up; a stuck one does not.
type progress struct{ n atomic.Int64 }

func (p *progress) tick()        { p.n.Add(1) }
func (p *progress) count() int64 { return p.n.Load() }

// awaitProgress waits for a build to finish (done) and returns its error.
// It abandons the build, returning ErrStuck, once count has not changed for
// stall, and returns ctx's error when ctx ends first; abandoned says it did
// either. The build's own length does not matter, so a loaded machine is
// never mistaken for a broken theme.
func awaitProgress(ctx context.Context, done <-chan error, count func() int64, stall time.Duration) (err error, abandoned bool) {
	// Looking a few times per stall period bounds the overshoot to a
	// fraction of it, at no cost worth measuring.
	tick := time.NewTicker(max(stall/8, time.Millisecond))
	defer tick.Stop()
	last, since := count(), time.Now()
	for {
		select {
		case err := <-done:
			return err, false
		case <-ctx.Done():
			return ctx.Err(), true
		case now := <-tick.C:
			if n := count(); n != last {
				last, since = n, now
			} else if now.Sub(since) >= stall {
				return ErrStuck, true
			}
		}
	}
}

// countingFs is the project folder as Hugo reads it, counting each file
// it opens or looks at as progress.
type countingFs struct {
	afero.Fs
	progress *progress
}

func (c *countingFs) Open(name string) (afero.File, error) {
	c.progress.tick()
	return c.Fs.Open(name)
}

func (c *countingFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	c.progress.tick()
	return c.Fs.OpenFile(name, flag, perm)
}

func (c *countingFs) Stat(name string) (os.FileInfo, error) {
	c.progress.tick()
	return c.Fs.Stat(name)
}

// LstatIfPossible keeps the wrapped file system's answer (afero.Lstater):
// Hugo asks for it to tell links from files.
func (c *countingFs) LstatIfPossible(name string) (os.FileInfo, bool, error) {
	c.progress.tick()
	if l, ok := c.Fs.(afero.Lstater); ok {
		return l.LstatIfPossible(name)
	}
	fi, err := c.Fs.Stat(name)
	return fi, false, err
}
