package site

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// swap puts the new site at out. When out exists, the two folders are
// exchanged in one atomic step (renameat2 with RENAME_EXCHANGE), so a
// reader or a web server never sees a missing or half-written site; the
// old site is left at newDir for the caller to remove.
func swap(newDir, out string) error {
	if _, err := os.Stat(out); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(newDir, out)
	}
	err := unix.Renameat2(unix.AT_FDCWD, newDir, unix.AT_FDCWD, out, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) {
		return swapByRenames(newDir, out)
	}
	return err
}
