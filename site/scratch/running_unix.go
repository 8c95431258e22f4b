//go:build unix

package scratch

import (
	"errors"
	"syscall"
)

// running reports whether a process with this id exists. Signal 0 checks
// without sending anything; EPERM means it exists but is someone else's.
func running(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
