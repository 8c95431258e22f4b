package feeds_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/signpost-directory/signpost/site/feeds"
)

// readmeBlock is the first fenced block of the given language after the
// line starting with marker in site/README.md, without the list's indent:
// the tests run what the README tells people to use.
func readmeBlock(t *testing.T, marker, lang string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(data), "\n"+marker)
	if !ok {
		t.Fatalf("site/README.md has no line starting %q", marker)
	}
	_, after, ok = strings.Cut(after, "```"+lang+"\n")
	if !ok {
		t.Fatalf("site/README.md has no ```%s block after %q", lang, marker)
	}
	block, _, ok := strings.Cut(after, "```")
	if !ok {
		t.Fatalf("the ```%s block after %q in site/README.md does not end", lang, marker)
	}
	var lines []string
	for _, line := range strings.Split(block, "\n") {
		lines = append(lines, strings.TrimPrefix(line, "  "))
	}
	return strings.Join(lines, "\n")
}

// freePort is a TCP port on the loopback interface that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestNginxServesTheStaticAPI serves a build with nginx configured by the
// README's snippet and asks it what the Open Referral UK validator asks:
// the base URL, /services?page=1, the middle page and the last, and a
// service by id; and what a page after the last and an extensionless list
// give. CI installs nginx (Debian's nginx-light); elsewhere the test skips
// when there is none.
func TestNginxServesTheStaticAPI(t *testing.T) {
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		t.Skip("nginx is not installed (Debian: apt-get install nginx-light); .ci/run installs it to test the README's nginx rules")
	}
	snippet := readmeBlock(t, "- **nginx**", "nginx")
	d := sample(t)
	site := t.TempDir()
	const size = 11
	if _, err := feeds.Write(context.Background(), d, site, feeds.Options{HSDSPageSize: size}); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	port := freePort(t)
	user := ""
	if os.Geteuid() == 0 {
		// Workers would run as nobody, who cannot read the test's folders.
		user = "user root;"
	}
	conf := fmt.Sprintf(`%s
daemon off;
master_process off;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log;
events {}
http {
    access_log off;
    client_body_temp_path %[2]s/body;
    proxy_temp_path %[2]s/proxy;
    fastcgi_temp_path %[2]s/fastcgi;
    uwsgi_temp_path %[2]s/uwsgi;
    scgi_temp_path %[2]s/scgi;
    types { application/json json; }
    server {
        listen 127.0.0.1:%[3]d;
        root %[4]s;
%[5]s
    }
}
`, user, work, port, site, snippet)
	confPath := filepath.Join(work, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(nginx, "-p", work, "-e", filepath.Join(work, "error.log"), "-c", confPath)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})

	base := fmt.Sprintf("http://127.0.0.1:%d/api/hsds", port)
	client := &http.Client{Timeout: 5 * time.Second}
	get := func(path string) (int, http.Header, []byte) {
		t.Helper()
		resp, err := client.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s: %v (nginx said: %s)", path, err, stderr.String())
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		return resp.StatusCode, resp.Header, body
	}
	// Wait for nginx to listen: at most five seconds.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		conn, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			conn.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx does not listen on port %d: %s", port, stderr.String())
		}
	}

	want := func(path string, status int, file string) []byte {
		t.Helper()
		got, header, body := get(path)
		if got != status {
			t.Errorf("GET %s: %d, want %d", path, got, status)
			return nil
		}
		if status != http.StatusOK {
			return nil
		}
		if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("GET %s: Content-Type %q", path, ct)
		}
		if header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("GET %s: no Access-Control-Allow-Origin: *", path)
		}
		if !bytes.Equal(body, readFile(t, site, "api/hsds/"+file)) {
			t.Errorf("GET %s did not serve api/hsds/%s", path, file)
		}
		return body
	}
	want("/", http.StatusOK, "index.json")
	want("/services", http.StatusOK, "services.json")
	var first struct {
		TotalPages int `json:"total_pages"`
		Contents   []struct{ ID string }
	}
	if err := json.Unmarshal(want("/services?page=1", http.StatusOK, "services.json"), &first); err != nil {
		t.Fatal(err)
	}
	if first.TotalPages < 3 {
		t.Fatalf("%d pages: the test needs a middle one", first.TotalPages)
	}
	for _, n := range []int{first.TotalPages / 2, first.TotalPages} {
		want(fmt.Sprintf("/services?page=%d", n), http.StatusOK, fmt.Sprintf("services/page-%d.json", n))
		want(fmt.Sprintf("/services?per_page=5&page=%d", n), http.StatusOK, fmt.Sprintf("services/page-%d.json", n))
	}
	want(fmt.Sprintf("/services?page=%d", first.TotalPages+1), http.StatusNotFound, "")
	want("/services?page=0", http.StatusOK, "services.json")
	want("/services?page=../index", http.StatusOK, "services.json")
	want("/organizations?page=1", http.StatusOK, "organizations.json")
	want("/taxonomy_terms", http.StatusOK, "taxonomy_terms.json")
	id := first.Contents[0].ID
	want("/services/"+id, http.StatusOK, "services/"+id+".json")
	want("/services/"+id+"?page=2", http.StatusOK, "services/"+id+".json")
	want("/services/no-such-service", http.StatusNotFound, "")
}
