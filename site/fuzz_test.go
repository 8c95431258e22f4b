package site_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site"
)

// tinyDirectory is a directory of one listing around the fuzzed text.
var tinyDirectory = map[string]string{
	"directory.yaml":          "name: Fuzz Directory\nbase_url: https://example.org/fuzz/\ntimezone: Europe/London\ncountry: GB\n",
	"organizations/club.yaml": "name: Club\ndescription: A club.\n",
	"venues/hall.yaml": "name: Hall\naddress: [1 Main Street]\ntown: Testville\npostcode: TV1 2AB\nlat: 52.5\nlon: -1.9\n" +
		"directions: Side door.\n",
}

// offSiteHosts are the other sites the theme itself links to.
var offSiteHosts = []string{"www.openstreetmap.org"}

// FuzzBuild builds a one-listing directory around fuzzed text in the
// listing's title, summary, schedule and description. Whatever the text,
// the build finishes, and what it publishes has no <script> or <iframe>
// but the theme's own, and no link or source on another site unless the
// text itself wrote that address.
func FuzzBuild(f *testing.F) {
	f.Add("Walk", "A walk.", "every Tuesday 10:00-11:30", "A flat walk.")
	f.Add("{{< youtube abc >}}", "{{ readFile \"/etc/passwd\" }}", "on 2031-06-02 10:00-11:30",
		"{{< x user=\"a\" id=\"1\" >}}\n\n{{% instagram X %}}\n\n{{< nope >}}")
	f.Add("<script>alert(1)</script>", "<iframe src=https://evil.example>", "every Tuesday 10:00-11:30 until 2035-01-01",
		"[a](javascript:alert(1)) [b][r]\n\n[r]: https://evil.example/x\n\n![i](https://evil.example/i.png)")
	f.Add("Sunday", "Clocks", "every Sunday 01:30-02:30", "```\n{{ .Site }}\n```\n\n<https://evil.example>")
	f.Fuzz(func(t *testing.T, title, summary, rule, body string) {
		dir := filepath.Join(t.TempDir(), "content")
		listing, err := yaml.Marshal(map[string]any{
			"title": title, "organization": "club", "summary": summary, "categories": []string{"movement"},
			"venue": "hall", "schedule": []string{rule}, "cost": "free", "referral": "self",
			"status": "active", "verified": "2026-11-01",
		})
		if err != nil {
			t.Skip()
		}
		files := map[string]string{"listings/walk.md": "---\n" + string(listing) + "---\n" + body}
		for name, text := range tinyDirectory {
			files[name] = text
		}
		for name, text := range files {
			path := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		out := filepath.Join(t.TempDir(), "public")
		err = withinDeadline(t, 2*time.Minute, func() error { _, err := build(t, dir, out, ""); return err })
		if errors.Is(err, site.ErrContentErrors) {
			return // refused with messages: nothing published
		}
		if err != nil {
			t.Fatalf("build failed without a content error: %v", err)
		}
		input := title + summary + rule + body
		err = filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
				return err
			}
			checkPublished(t, path, input)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// allowedByCSP reports whether the page's Content-Security-Policy allows
// the inline script by its sha256 hash.
func allowedByCSP(p page, script string) bool {
	sum := sha256.Sum256([]byte(script))
	hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	for _, m := range p.elements("meta") {
		if strings.EqualFold(attr(m, "http-equiv"), "Content-Security-Policy") && strings.Contains(attr(m, "content"), hash) {
			return true
		}
	}
	return false
}

// checkPublished fails the test for a script or frame the theme did not
// write, and for a link or source on another site that the input did not.
func checkPublished(t *testing.T, path, input string) {
	t.Helper()
	p := parse(t, path)
	if n := len(p.elements("iframe")) + len(p.elements("object")) + len(p.elements("embed")); n > 0 {
		t.Errorf("%s has %d frames or embeds", path, n)
	}
	for _, s := range p.elements("script") {
		if typ := attr(s, "type"); typ == "application/ld+json" || typ == "importmap" {
			continue
		}
		// A data block (/this-week/'s) is not run, as long as it stays one
		// piece of JSON: a title that closed it early would leave a broken
		// block behind.
		if attr(s, "type") == "application/json" {
			if s.FirstChild == nil || !json.Valid([]byte(s.FirstChild.Data)) {
				t.Errorf("%s has a JSON data block that is not JSON", path)
			}
			continue
		}
		src := attr(s, "src")
		// The one script written into the page (the theme's js/early.js) runs only
		// because the page's Content-Security-Policy names its hash.
		if src == "" && s.FirstChild != nil && allowedByCSP(p, s.FirstChild.Data) {
			continue
		}
		if u, err := url.Parse(src); src == "" || err != nil || u.Host != "" && u.Host != "example.org" {
			t.Errorf("%s has a script that is not the theme's own: src=%q", path, src)
		}
	}
	for _, tag := range []string{"a", "img", "link", "form", "source", "video", "audio"} {
		for _, n := range p.elements(tag) {
			for _, name := range []string{"href", "src", "action", "srcset"} {
				v := attr(n, name)
				u, err := url.Parse(strings.TrimSpace(v))
				if v == "" || err != nil || u.Host == "" || u.Host == "example.org" || strings.Contains(input, u.Host) {
					continue
				}
				if !containsString(offSiteHosts, u.Host) {
					t.Errorf("%s: <%s %s=%q> points at a site the input never named", path, tag, name, v)
				}
			}
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
