package render

import (
	"errors"
	"os"
	"sync"
	"time"

	"github.com/spf13/afero"
)

// errStopped is what Hugo gets for every write after the build it was
// running was abandoned.
var errStopped = errors.New("the build was stopped")

// stoppableFs is the output folder as Hugo sees it. Hugo's Build takes no
// context, so an abandoned build could go on writing into a folder that
// signpost is removing; once stop returns, it can create nothing more.
type stoppableFs struct {
	afero.Fs
	// progress counts every file or folder made, for the watchdog.
	progress *progress
	mu       sync.RWMutex
	stopped  bool
}

// stop waits for the writes in progress, then refuses every later one.
func (s *stoppableFs) stop() {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
}

// guard runs op unless the file system was stopped.
func (s *stoppableFs) guard(op func() error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.stopped {
		return errStopped
	}
	s.progress.tick()
	return op()
}

func (s *stoppableFs) Create(name string) (f afero.File, err error) {
	err = s.guard(func() error { f, err = s.Fs.Create(name); return err })
	return f, err
}

func (s *stoppableFs) OpenFile(name string, flag int, perm os.FileMode) (f afero.File, err error) {
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE|os.O_TRUNC|os.O_APPEND) == 0 {
		return s.Fs.OpenFile(name, flag, perm)
	}
	err = s.guard(func() error { f, err = s.Fs.OpenFile(name, flag, perm); return err })
	return f, err
}

func (s *stoppableFs) Mkdir(name string, perm os.FileMode) error {
	return s.guard(func() error { return s.Fs.Mkdir(name, perm) })
}

func (s *stoppableFs) MkdirAll(name string, perm os.FileMode) error {
	return s.guard(func() error { return s.Fs.MkdirAll(name, perm) })
}

func (s *stoppableFs) Remove(name string) error {
	return s.guard(func() error { return s.Fs.Remove(name) })
}

func (s *stoppableFs) RemoveAll(name string) error {
	return s.guard(func() error { return s.Fs.RemoveAll(name) })
}

func (s *stoppableFs) Rename(oldname, newname string) error {
	return s.guard(func() error { return s.Fs.Rename(oldname, newname) })
}

func (s *stoppableFs) Chmod(name string, mode os.FileMode) error {
	return s.guard(func() error { return s.Fs.Chmod(name, mode) })
}

func (s *stoppableFs) Chown(name string, uid, gid int) error {
	return s.guard(func() error { return s.Fs.Chown(name, uid, gid) })
}

func (s *stoppableFs) Chtimes(name string, atime, mtime time.Time) error {
	return s.guard(func() error { return s.Fs.Chtimes(name, atime, mtime) })
}
