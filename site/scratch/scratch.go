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
	"sync"
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
	if err := removeContents(dir); err != nil {
		return err
	}
	return os.RemoveAll(dir)
}

// removers is how many files are deleted at once. A published site is tens
// of thousands of small files, and deleting them one after another waits
// on the disk for each: at 10,000 listings (96,000 files) eight at a time
// took 4.5 s here where os.RemoveAll took 10.3 s.
const removers = 8

// removeContents deletes everything in dir but its marker: the files
// several at a time, then the folders, deepest first. The walk does not
// follow links (a link is deleted, never what it points to).
func removeContents(dir string) error {
	var folders []string
	files := make(chan string, 256)
	errs := make(chan error, removers)
	var wg sync.WaitGroup
	for range removers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var first error
			for name := range files {
				if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) && first == nil {
					first = err
				}
			}
			errs <- first
		}()
	}
	walkErr := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case p == dir:
		case d.IsDir():
			folders = append(folders, p)
		case p != filepath.Join(dir, Marker):
			files <- p
		}
		return nil
	})
	close(files)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	if walkErr != nil {
		return walkErr
	}
	// WalkDir lists a folder before what it holds: backwards, each folder
	// comes after its contents and is empty by then.
	for i := len(folders) - 1; i >= 0; i-- {
		if err := os.Remove(folders[i]); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
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
