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
