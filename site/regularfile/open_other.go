//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package regularfile

import "os"

// File is an ordinary file open for reading.
type File struct {
	*os.File
	size int64
}

// Open opens the ordinary file at path, after an Lstat that refuses a
// link, and checks again once it is open. Here a link put in its place
// between the two is followed (the open cannot refuse it); the file
// opened is still refused unless it is an ordinary file. Anything but an ordinary file
// is refused with a *NotRegularError.
func Open(path string) (*File, error) {
	if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Type: info.Mode().Type()}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, &NotRegularError{Path: path, Type: info.Mode().Type()}
	}
	return &File{File: f, size: info.Size()}, nil
}

// Size is the file's size when it was opened.
func (f *File) Size() int64 { return f.size }
