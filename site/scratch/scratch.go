// Package scratch makes the temporary folders signpost works in and cleans
// up the ones a killed run left behind.
//
// Every folder it makes carries a marker file naming the process and the
// computer that made it. Sweep removes a folder only when its marker says
// it belongs to a process of this computer that no longer runs, so it never
// touches a folder of a build still running beside it, nor anything that
// signpost did not make.
package scratch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Marker is the name of the file that marks a scratch folder as signpost's.
const Marker = ".signpost-scratch"

// Make creates a new folder in parent (os.TempDir() when "") whose name
// starts with prefix, and marks it as this process's.
func Make(parent, prefix string) (string, error) {
	if parent == "" {
		parent = os.TempDir()
	}
	dir, err := os.MkdirTemp(parent, prefix)
	if err != nil {
		return "", err
	}
	if err := Mark(dir); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

// Mark writes the marker into dir, so a kill from now on leaves a folder
// that Sweep can recognise.
func Mark(dir string) error {
	host, _ := os.Hostname()
	text := fmt.Sprintf("%d %s\nsignpost made this folder and removes it when the process above has ended.\n", os.Getpid(), host)
	if err := os.WriteFile(filepath.Join(dir, Marker), []byte(text), 0o644); err != nil {
		return fmt.Errorf("marking %s as signpost's: %w", dir, err)
	}
	return nil
}

// Unmark removes the marker, for a folder about to become something that
// lasts (a published site).
func Unmark(dir string) error {
	err := os.Remove(filepath.Join(dir, Marker))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// Remove deletes a scratch folder with the marker last, so that a kill
// part way through still leaves a folder Sweep recognises.
func Remove(dir string) error {
	// Never through a link: in a shared temporary folder, another user
	// could swap their folder for a link to someone else's.
	info, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is not a folder: not removed", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() == Marker {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return os.RemoveAll(dir)
}

// Sweep removes the folders in parent (os.TempDir() when "") whose names
// start with prefix and whose marker names a process of this computer that
// has ended. It returns the folders it removed. Folders it cannot read or
// remove are left alone: sweeping is tidying, never a reason to fail.
func Sweep(parent, prefix string) []string {
	if parent == "" {
		parent = os.TempDir()
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	host, _ := os.Hostname()
	var removed []string
	for _, e := range entries {
		// DirEntry types come from lstat: a symlink is never a folder here.
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		dir := filepath.Join(parent, e.Name())
		pid, owner, ok := readMarker(dir)
		if !ok || owner != host || pid == os.Getpid() || running(pid) {
			continue
		}
		if Remove(dir) == nil {
			removed = append(removed, dir)
		}
	}
	return removed
}

// readMarker reads the process id and host name from dir's marker, which
// must be a small regular file.
func readMarker(dir string) (pid int, host string, ok bool) {
	name := filepath.Join(dir, Marker)
	info, err := os.Lstat(name)
	if err != nil || !info.Mode().IsRegular() || info.Size() > 1024 {
		return 0, "", false
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return 0, "", false
	}
	first, _, _ := strings.Cut(string(b), "\n")
	fields := strings.Fields(first)
	if len(fields) == 0 {
		return 0, "", false
	}
	pid, err = strconv.Atoi(fields[0])
	if err != nil || pid <= 0 {
		return 0, "", false
	}
	if len(fields) > 1 {
		host = fields[1]
	}
	return pid, host, true
}
