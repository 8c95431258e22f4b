package check

import (
	"crypto/sha256"

	"github.com/signpost-directory/signpost/site/load"
)

// VerdictKey is the key a Verdicts knows f by, for tests that write a
// verdicts file of their own.
func VerdictKey(v *Verdicts, f *load.File) [sha256.Size]byte { return v.key(f) }

// ProgramIdentity is what a verdicts file names the program by.
func ProgramIdentity() ([sha256.Size]byte, error) { return programIdentity() }

// Remembered is how many files v knows as clean, and how many of them
// with their tree.
func Remembered(v *Verdicts) (clean, trees int) {
	for _, tree := range v.known {
		clean++
		if tree != "" {
			trees++
		}
	}
	return clean, trees
}
