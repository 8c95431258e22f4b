package scratch_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/signpost-directory/signpost/site/scratch"
)

// endedPID returns the id of a process that has run and ended.
func endedPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("cannot start a process to get an ended process id: %v", err)
	}
	return cmd.ProcessState.Pid()
}

func markAs(t *testing.T, dir string, pid int, host string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sub", "page.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, scratch.Marker), fmt.Appendf(nil, "%d %s\n", pid, host), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSweepRemovesOnlyWhatAKilledRunLeft(t *testing.T) {
	parent := t.TempDir()
	host, _ := os.Hostname()
	dead := endedPID(t)
	killed := filepath.Join(parent, "signpost-hugo-cache-1")
	markAs(t, killed, dead, host)
	mine, err := scratch.Make(parent, "signpost-hugo-cache-")
	if err != nil {
		t.Fatal(err)
	}
	otherHost := filepath.Join(parent, "signpost-hugo-cache-2")
	markAs(t, otherHost, dead, host+"-elsewhere")
	unmarked := filepath.Join(parent, "signpost-hugo-cache-3")
	if err := os.Mkdir(unmarked, 0o755); err != nil {
		t.Fatal(err)
	}
	otherPrefix := filepath.Join(parent, "something-else")
	markAs(t, otherPrefix, dead, host)
	// A symlink with a matching name is not followed, even to a marked folder.
	target := filepath.Join(t.TempDir(), "target")
	markAs(t, target, dead, host)
	if err := os.Symlink(target, filepath.Join(parent, "signpost-hugo-cache-link")); err != nil {
		t.Fatal(err)
	}
	fakeMarker := filepath.Join(parent, "signpost-hugo-cache-4")
	if err := os.MkdirAll(filepath.Join(fakeMarker, scratch.Marker), 0o755); err != nil {
		t.Fatal(err)
	}

	removed := scratch.Sweep(parent, "signpost-hugo-cache-")
	if !slices.Equal(removed, []string{killed}) {
		t.Errorf("removed %q, want only %q", removed, killed)
	}
	for _, kept := range []string{mine, otherHost, unmarked, otherPrefix, target, fakeMarker} {
		if _, err := os.Stat(kept); err != nil {
			t.Errorf("%s should be kept: %v", kept, err)
		}
	}
	if _, err := os.Stat(killed); !os.IsNotExist(err) {
		t.Errorf("%s should be gone: %v", killed, err)
	}
}

func TestRemoveDeletesTheMarkerLast(t *testing.T) {
	dir, err := scratch.Make(t.TempDir(), "stage-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A folder that cannot be emptied stops Remove with the marker in place.
	locked := filepath.Join(dir, "locked")
	if err := os.MkdirAll(filepath.Join(locked, "inner"), 0o755); err != nil {
		t.Fatal(err)
	}
	if os.Getuid() != 0 { // root ignores permissions
		if err := os.Chmod(locked, 0o555); err != nil {
			t.Fatal(err)
		}
		if err := scratch.Remove(dir); err == nil {
			t.Fatal("Remove succeeded on a folder it could not empty")
		}
		if _, err := os.Stat(filepath.Join(dir, scratch.Marker)); err != nil {
			t.Errorf("the marker went before the rest: %v", err)
		}
		os.Chmod(locked, 0o755)
	}
	if err := scratch.Remove(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s still exists: %v", dir, err)
	}
}

// TestRemoveNeverFollowsALink: a marked folder swapped for a link to
// another folder must not empty that folder.
func TestRemoveNeverFollowsALink(t *testing.T) {
	victim := t.TempDir()
	if err := os.WriteFile(filepath.Join(victim, "thesis.docx"), []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "signpost-serve-1")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	if err := scratch.Remove(link); err == nil {
		t.Error("Remove accepted a link")
	}
	if _, err := os.Stat(filepath.Join(victim, "thesis.docx")); err != nil {
		t.Errorf("the folder behind the link lost its file: %v", err)
	}
}

// TestRemoveDeletesADeepTree: a site's worth of nested folders and files
// goes, links inside it included, and what a link points to stays.
func TestRemoveDeletesADeepTree(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "keep.txt"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir, err := scratch.Make(t.TempDir(), "stage-")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		sub := filepath.Join(dir, "listings", fmt.Sprintf("l%02d", i), "deeper")
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{filepath.Join(sub, "..", "index.html"), filepath.Join(sub, "sheet.pdf")} {
			if err := os.WriteFile(name, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.Symlink(outside, filepath.Join(dir, "listings", "l07", "link")); err != nil {
		t.Fatal(err)
	}
	if err := scratch.Remove(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(dir); !os.IsNotExist(err) {
		t.Errorf("%s still exists: %v", dir, err)
	}
	if _, err := os.Stat(filepath.Join(outside, "keep.txt")); err != nil {
		t.Errorf("the folder behind a link inside lost its file: %v", err)
	}
}
