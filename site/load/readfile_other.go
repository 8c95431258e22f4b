//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package load

import "io/fs"

// readRegular reads through fsys elsewhere: ok is always false.
func readRegular(fs.FS, string, int) (data []byte, notRegular fs.FileMode, err error, ok bool) {
	return nil, 0, nil, false
}
