// Package regularfile opens files that must be ordinary files (a content
// file, an old output about to be compared) with the fewest system calls
// the system allows, and refuses anything else before reading a byte: a
// symbolic link is not followed and a named pipe is not waited for.
//
// signpost opens each of 100,000 content files on every check, and tens
// of thousands of old outputs on every rebuild. os.Open registers every
// file with the runtime's poller and sets its mode (on Linux, openat,
// epoll_ctl and two fcntl calls), and a caller that must refuse links
// makes an Lstat first: about nine calls a file where open, fstat, read
// and close are enough.
package regularfile

import (
	"fmt"
	"io"
	"io/fs"
)

// NotRegularError says the file at Path is not an ordinary file; Type is
// what it is (fs.ModeSymlink, fs.ModeNamedPipe, fs.ModeDir, ...).
type NotRegularError struct {
	Path string
	Type fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is not an ordinary file (%v)", e.Path, e.Type)
}

// ReadAll reads the ordinary file at path, up to limit+1 bytes, so that a
// caller can tell a file larger than limit. Anything else is refused with
// a *NotRegularError. A file is read to the size it had when it was
// opened, without a last call to find its end: what is appended while it
// is read may be missed, as it may by any read of a file being written
// (the preview reads it again when the writing ends).
func ReadAll(path string, limit int) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := int(min(max(f.Size(), 0), int64(limit)))
	// One more byte than the size, so that a file read whole is known to
	// have ended without asking again.
	data := make([]byte, 0, size+1)
	for len(data) <= limit {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err != nil {
			if err == io.EOF {
				break
			}
			return nil, err
		}
		if len(data) < cap(data) && int64(len(data)) == f.Size() {
			break
		}
	}
	return data, nil
}
