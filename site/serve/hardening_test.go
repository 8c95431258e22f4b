package serve_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signpost-directory/signpost/site/serve"
)

// TestFarFutureEditKeepsServing: saving a one-off session in 2031 once made
// the calendar's time zone loop spin for ever, and the preview stopped
// answering. The edit must be served like any other.
func TestFarFutureEditKeepsServing(t *testing.T) {
	dir := copySample(t)
	url := start(t, dir)
	file := filepath.Join(dir, "listings", "riverside-walking-group.md")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(b), "  - every Tuesday 10:00-11:30", "  - on 2031-06-02 10:00-11:30", 1)
	edited = strings.Replace(edited, "title: Riverside Walking Group", "title: Riverside Walking Group 2031", 1)
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the edit is served", func() bool {
		_, body := get(t, url+"listings/riverside-walking-group/")
		return strings.Contains(body, "Riverside Walking Group 2031")
	})
	eventually(t, "its calendar has the 2031 session", func() bool {
		code, body := get(t, url+"listings/riverside-walking-group/calendar.ics")
		return code == 200 && strings.Contains(body, "20310602T100000")
	})
}

// TestLinkedThemeFileIsNotRead: a theme override saved as a link (to a
// secret outside the repository) is not read and not served.
func TestLinkedThemeFileIsNotRead(t *testing.T) {
	dir := copySample(t)
	static := filepath.Join(dir, "_theme", "static")
	for _, d := range []string{static, filepath.Join(dir, "_theme", "layouts")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(static, "plain.txt"), []byte("plain"), 0o644); err != nil {
		t.Fatal(err)
	}
	var terminal syncBuffer
	url := startWith(t, serve.Options{ContentDir: dir, Log: &terminal})
	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte("TOKEN=hunter2"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(static, "leak.txt")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the link is named in the terminal", func() bool {
		return strings.Contains(terminal.String(), "leak.txt is a link or a special file")
	})
	if _, body := get(t, url+"leak.txt"); strings.Contains(body, "hunter2") {
		t.Error("the preview served the file behind the link")
	}
}
