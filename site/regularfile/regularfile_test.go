//go:build linux || darwin || freebsd || netbsd || openbsd

package regularfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestRefusesWhatIsNotAFile: a link (to a file with a secret), a named
// pipe (which would block a plain open for ever), a folder and a socket
// are refused by type, at once, and nothing of the secret is read.
func TestRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret")
	if err := os.WriteFile(secret, []byte("SECRET"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for name, want := range map[string]fs.FileMode{"link": fs.ModeSymlink, "pipe": fs.ModeNamedPipe, "folder": fs.ModeDir} {
			data, err := ReadAll(filepath.Join(dir, name), 1<<20)
			var notRegular *NotRegularError
			if !errors.As(err, &notRegular) || notRegular.Type != want || data != nil {
				t.Errorf("%s: %q, %v; want a refusal as %v", name, data, err, want)
			}
		}
		if _, err := Open(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a missing file: %v", err)
		}
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("blocked: was the named pipe opened for reading?")
	}
}

// TestReadAll reads files of every size around the buffers' edges whole,
// one past the limit to show it is too large, and a /proc file whose size
// says 0 to its end.
func TestReadAll(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 511, 512, 4095, 4096, 4097, 65536, 1 << 20} {
		want := bytes.Repeat([]byte("abcdefg\n"), size/8+1)[:size]
		path := filepath.Join(dir, "f")
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadAll(path, 1<<20)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%d bytes: read %d, %v", size, len(got), err)
		}
		if size > 10 {
			got, err := ReadAll(path, 10)
			if err != nil || len(got) != 11 || !bytes.Equal(got, want[:11]) {
				t.Errorf("%d bytes with a limit of 10: read %d, %v; want 11", size, len(got), err)
			}
		}
	}
	if _, err := os.Stat("/proc/self/status"); err == nil {
		got, err := ReadAll("/proc/self/status", 1<<20)
		if err != nil || !bytes.Contains(got, []byte("Name:")) || !bytes.HasSuffix(got, []byte("\n")) {
			t.Errorf("/proc/self/status: %q, %v", got, err)
		}
	}
}
