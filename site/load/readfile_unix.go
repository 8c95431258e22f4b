//go:build linux || darwin || freebsd || netbsd || openbsd

package load

import (
	"errors"
	"io/fs"
	"path/filepath"
	"syscall"
)

// readRegular reads the regular file rel of fsys, up to limit+1 bytes.
// A file that is not regular is refused with its type, before a byte of it
// is read. ok is false when fsys is not a Dir, which it cannot read.
func readRegular(fsys fs.FS, rel string, limit int) (data []byte, notRegular fs.FileMode, err error, ok bool) {
	dir, ok := fsys.(dirFS)
	if !ok || !fs.ValidPath(rel) {
		return nil, 0, nil, false
	}
	name := filepath.Join(dir.path, filepath.FromSlash(rel))
	// O_NOFOLLOW refuses a link; O_NONBLOCK opens a named pipe without
	// waiting for a writer, so that fstat can refuse it.
	fd, err := open(name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW|syscall.O_NONBLOCK)
	if errors.Is(err, syscall.ELOOP) {
		return nil, fs.ModeSymlink, nil, true
	}
	if err != nil {
		return nil, 0, &fs.PathError{Op: "open", Path: rel, Err: err}, true
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := fstat(fd, &st); err != nil {
		return nil, 0, &fs.PathError{Op: "stat", Path: rel, Err: err}, true
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, fileType(uint32(st.Mode)), nil, true
	}
	size := int(min(max(st.Size, 0), int64(limit)))
	// One more byte than the size, so that a file read whole is known to
	// have ended without asking again.
	data = make([]byte, 0, size+1)
	for len(data) <= limit {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := read(fd, data[len(data):cap(data)])
		if err != nil {
			return nil, 0, &fs.PathError{Op: "read", Path: rel, Err: err}, true
		}
		data = data[:len(data)+n]
		if n == 0 || (len(data) < cap(data) && int64(len(data)) == st.Size) {
			break
		}
	}
	return data, 0, nil, true
}

// open, fstat and read retry when a signal interrupts them.
func open(name string, flags int) (int, error) {
	for {
		fd, err := syscall.Open(name, flags, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

func fstat(fd int, st *syscall.Stat_t) error {
	for {
		if err := syscall.Fstat(fd, st); err != syscall.EINTR {
			return err
		}
	}
}

func read(fd int, p []byte) (int, error) {
	for {
		n, err := syscall.Read(fd, p)
		if err != syscall.EINTR {
			return max(n, 0), err
		}
	}
}

// fileType is the fs.FileMode type bits of a stat mode.
func fileType(mode uint32) fs.FileMode {
	switch mode & syscall.S_IFMT {
	case syscall.S_IFDIR:
		return fs.ModeDir
	case syscall.S_IFLNK:
		return fs.ModeSymlink
	case syscall.S_IFIFO:
		return fs.ModeNamedPipe
	case syscall.S_IFSOCK:
		return fs.ModeSocket
	case syscall.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		return fs.ModeDevice
	}
	return fs.ModeIrregular
}
