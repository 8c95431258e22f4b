//go:build !linux

package site

import (
	"errors"
	"io/fs"
	"os"
)

// swap puts the new site at out; see swapByRenames.
func swap(newDir, out string) error {
	if _, err := os.Stat(out); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(newDir, out)
	}
	return swapByRenames(newDir, out)
}
