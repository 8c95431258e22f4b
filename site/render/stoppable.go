package render

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/spf13/afero"
	"github.com/spf13/afero/mem"

	"github.com/signpost-directory/signpost/site/atomicfile"
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
	// reuse, with an old folder or a manifest, keeps each file Hugo
	// writes in memory until it is closed, then links it from the old
	// site when that has the same bytes, and lists it in the manifest for
	// the next build (see atomicfile.Folder).
	reuse   atomicfile.Folder
	mu      sync.RWMutex
	stopped bool
	failed  error // the first pending file that could not be put on the disk
}

// failure is the first error putting a pending file on the disk, once.
func (s *stoppableFs) failure() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.failed
	s.failed = nil
	return err
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
	return s.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

func (s *stoppableFs) OpenFile(name string, flag int, perm os.FileMode) (f afero.File, err error) {
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE|os.O_TRUNC|os.O_APPEND) == 0 {
		return s.Fs.OpenFile(name, flag, perm)
	}
	// A new file, written whole: kept until Close decides between a link
	// and a write. (Anything else goes to the disk as asked.)
	if (s.reuse.Old != "" || s.reuse.Manifest != nil) && flag&os.O_CREATE != 0 && flag&os.O_APPEND == 0 {
		if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			// As on the disk, a file cannot be made in a folder that is not
			// there: Hugo then makes the folder and asks again.
			if info, err := os.Stat(filepath.Dir(name)); err != nil || !info.IsDir() {
				return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
			}
			if err := s.guard(func() error { return nil }); err != nil {
				return nil, err
			}
			return &pendingFile{File: mem.NewFileHandle(mem.CreateFile(name)), path: name, fs: s}, nil
		}
	}
	err = s.guard(func() error { f, err = s.Fs.OpenFile(name, flag, perm); return err })
	return f, err
}

// pendingFile is a file Hugo writes, held in memory until Close puts it on
// the disk, linked from the old site or written.
type pendingFile struct {
	*mem.File
	path string
	fs   *stoppableFs
}

func (f *pendingFile) Close() error {
	if _, err := f.File.Seek(0, io.SeekStart); err != nil {
		return err
	}
	data, err := io.ReadAll(f.File)
	if err != nil {
		return err
	}
	if err := f.File.Close(); err != nil {
		return err
	}
	err = f.fs.guard(func() error { return f.fs.reuse.Write(f.path, data) })
	if err != nil {
		err = fmt.Errorf("writing %s: %w", f.path, err)
		f.fs.mu.Lock()
		if f.fs.failed == nil {
			f.fs.failed = err
		}
		f.fs.mu.Unlock()
	}
	return err
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
