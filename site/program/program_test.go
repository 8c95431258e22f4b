package program

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestIdentityIsTheBuildID: the identity comes from the build ID the go
// command gives this test binary, and is the same on every call.
func TestIdentityIsTheBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	head := make([]byte, 32*1024)
	f, err := os.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, _ := f.Read(head)
	id, ok := buildID(head[:n])
	if !ok || string(id) != strings.TrimSpace(string(out)) {
		t.Errorf("build ID %q found, go tool buildid says %q", id, out)
	}
	first, err := Identity()
	if err != nil {
		t.Fatal(err)
	}
	second, err := Identity()
	if err != nil || second != first || len(first) != 64 {
		t.Errorf("identity %q then %q (%v)", first, second, err)
	}
}

func TestBuildIDNotFound(t *testing.T) {
	for _, head := range []string{"", "no marker here", "\xff Go build ID: \"", "\xff Go build ID: \"\""} {
		if id, ok := buildID([]byte(head)); ok {
			t.Errorf("%q: found %q", head, id)
		}
	}
}
