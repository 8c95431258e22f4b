package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

// TestVersionNamesReleaseAndCommit: what "signpost version" prints for the
// ways signpost is built: a release binary (built from its tag: version
// and commit), "go install …@v1.2.3" (no commit in the module's zip), a
// build from another commit, and "go run" without git.
func TestVersionNamesReleaseAndCommit(t *testing.T) {
	vcs := func(rev, when, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev},
			{Key: "vcs.time", Value: when}, {Key: "vcs.modified", Value: modified}}
	}
	for _, tt := range []struct {
		name     string
		version  string
		settings []debug.BuildSetting
		want     string
	}{
		{"release built from its tag", "v1.2.3", vcs("0123456789abcdef0123456789abcdef01234567", "2026-11-30T12:00:00Z", "false"),
			"v1.2.3 (commit 0123456789ab of 2026-11-30)"},
		{"go install at a version", "v1.2.3", nil, "v1.2.3"},
		{"build from a commit after a release", "v1.2.4-0.20261201090000-fedcba987654", vcs("fedcba9876543210fedcba9876543210fedcba98", "2026-12-01T09:00:00Z", "false"),
			"v1.2.4-0.20261201090000-fedcba987654 (commit fedcba987654 of 2026-12-01)"},
		{"build with uncommitted changes", "v0.0.0-20261201090000-fedcba987654+dirty", vcs("fedcba9876543210fedcba9876543210fedcba98", "2026-12-01T09:00:00Z", "true"),
			"v0.0.0-20261201090000-fedcba987654+dirty (commit fedcba987654 of 2026-12-01, with changes not committed)"},
		{"go run without git", "(devel)", nil, "(development build)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			info := &debug.BuildInfo{Main: debug.Module{Path: "github.com/signpost-directory/signpost", Version: tt.version}, Settings: tt.settings}
			if got := versionText(info); got != tt.want {
				t.Errorf("versionText = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestVersionCommand(t *testing.T) {
	for _, arg := range []string{"version", "--version"} {
		code, stdout, stderr := signpost(t, arg)
		if code != exitOK || stderr != "" || !strings.HasPrefix(stdout, "signpost ") || strings.Count(stdout, "\n") != 1 {
			t.Errorf("signpost %s: exit %d, stdout %q, stderr %q", arg, code, stdout, stderr)
		}
	}
}
