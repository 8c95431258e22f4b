package serve

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestHostNames(t *testing.T) {
	loopback := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1313}
	lan := &net.TCPAddr{IP: net.IPv4(192, 168, 1, 20), Port: 1313}
	every := &net.TCPAddr{IP: net.IPv4zero, Port: 1313}
	own := localNetworkAddress() // what previewURL links to under --bind 0.0.0.0
	for _, c := range []struct {
		addr *net.TCPAddr
		host string
		want bool
	}{
		{loopback, "127.0.0.1:1313", true},
		{loopback, "localhost:1313", true},
		{loopback, "LocalHost.:1313", true},
		{loopback, "[::1]:1313", true},
		{loopback, "127.0.0.1:1314", false},
		{loopback, "localhost", false},
		{loopback, "evil.example:1313", false},
		{loopback, "127.0.0.1.nip.io:1313", false},
		{loopback, "192.168.1.20:1313", false},
		{loopback, "", false},
		{lan, "192.168.1.20:1313", true},
		{lan, "localhost:1313", true},
		{lan, "evil.example:1313", false},
		{lan, "192.168.1.21:1313", false},
		{every, net.JoinHostPort(own, "1313"), true},
		{every, "localhost:1313", true},
		{every, "127.0.0.1:1313", true},
		{every, "evil.example:1313", false},
		{every, "8.8.8.8:1313", false},
		{every, "0.0.0.0:1313", false},
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 80}, "localhost", true},
	} {
		h := newHosts(c.addr, previewURL(c.addr))
		if got := h.allows(c.host); got != c.want {
			t.Errorf("bound to %s: Host %q allowed = %v, want %v", c.addr, c.host, got, c.want)
		}
	}
}

// TestAnswersOnlyItsOwnNames sends the requests a web page elsewhere could
// make: through a name of its own pointed at this computer (DNS
// rebinding), and from its own origin. Both are refused, with a short
// explanation; the preview's own requests work, and every response carries
// the protective headers and no CORS headers.
func TestAnswersOnlyItsOwnNames(t *testing.T) {
	dir := sample(t)
	// A problem, so that /_signpost/problems holds file paths and line text.
	file := filepath.Join(dir, "listings", "riverside-walking-group.md")
	text, _ := os.ReadFile(file)
	os.WriteFile(file, []byte(strings.Replace(string(text), "categories: [movement", "categories: [movment", 1)), 0o644)

	url, stop := runFake(Options{ContentDir: dir})
	defer func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	}()
	port := strings.TrimSuffix(url[strings.LastIndex(url, ":")+1:], "/")

	for _, c := range []struct {
		path, host string
		header     map[string]string
		want       int
	}{
		{"_signpost/problems", "", nil, http.StatusOK},
		{"_signpost/problems", "localhost:" + port, nil, http.StatusOK},
		{"_signpost/problems", "[::1]:" + port, nil, http.StatusOK},
		{"_signpost/problems", "evil.example:" + port, nil, http.StatusMisdirectedRequest},
		{"_signpost/events", "evil.example:" + port, nil, http.StatusMisdirectedRequest},
		{"", "evil.example:" + port, nil, http.StatusMisdirectedRequest},
		{"_signpost/live.js", "evil.example", nil, http.StatusMisdirectedRequest},
		{"_signpost/problems", "", map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden},
		{"_signpost/events", "", map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden},
		{"_signpost/events", "", map[string]string{"Origin": "null"}, http.StatusForbidden},
		{"_signpost/problems", "", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"}, http.StatusForbidden},
		{"_signpost/problems", "", map[string]string{"Origin": strings.TrimSuffix(url, "/")}, http.StatusOK},
		{"_signpost/live.js", "", map[string]string{"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "no-cors"}, http.StatusOK},
		{"", "", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}, http.StatusServiceUnavailable},
	} {
		req, _ := http.NewRequest("GET", url+c.path, nil)
		if c.host != "" {
			req.Host = c.host
		}
		for k, v := range c.header {
			req.Header.Set(k, v)
		}
		ctx, stop := context.WithTimeout(context.Background(), 2*time.Second)
		resp, err := http.DefaultClient.Do(req.WithContext(ctx))
		if err != nil {
			stop()
			t.Fatal(err)
		}
		body := ""
		if !strings.HasSuffix(c.path, "events") || resp.StatusCode != http.StatusOK {
			b, _ := io.ReadAll(resp.Body)
			body = string(b)
		}
		resp.Body.Close()
		stop()
		what := "/" + c.path + " Host " + c.host
		if resp.StatusCode != c.want {
			t.Errorf("%s %v: %d, want %d", what, c.header, resp.StatusCode, c.want)
		}
		if c.want == http.StatusMisdirectedRequest && (strings.Contains(body, "riverside") || !strings.Contains(body, url)) {
			t.Errorf("%s: the refusal says %.200q", what, body)
		}
		if c.want == http.StatusMisdirectedRequest || c.want == http.StatusForbidden {
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
				t.Errorf("%s: refused as %q", what, ct)
			}
		}
		for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"} {
			if got := resp.Header.Get(k); got != v {
				t.Errorf("%s: %s is %q, want %q", what, k, got, v)
			}
		}
		for k := range resp.Header {
			if strings.HasPrefix(k, "Access-Control-") {
				t.Errorf("%s: CORS header %s", what, k)
			}
		}
		if strings.HasPrefix(c.path, "_signpost/") && !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
			t.Errorf("%s: Content-Security-Policy %q", what, resp.Header.Get("Content-Security-Policy"))
		}
	}
}
