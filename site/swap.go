package site

import "os"

// swapByRenames moves out aside, moves newDir into place and leaves the
// old site at newDir. Between the two renames out briefly does not exist;
// if the second rename fails the old site is put back.
func swapByRenames(newDir, out string) error {
	aside := newDir + ".old"
	if err := os.Rename(out, aside); err != nil {
		return err
	}
	if err := os.Rename(newDir, out); err != nil {
		if restore := os.Rename(aside, out); restore != nil {
			return restore
		}
		return err
	}
	return os.Rename(aside, newDir)
}
