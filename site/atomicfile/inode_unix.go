//go:build linux || darwin || freebsd || netbsd || openbsd

package atomicfile

import (
	"io/fs"
	"syscall"
)

// inode is the file's inode number: a file replaced by another, even of
// the same size and time, has another.
func inode(info fs.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino)
	}
	return 0
}
