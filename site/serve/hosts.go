package serve

import (
	"net"
	"net/url"
	"strconv"
	"strings"
)

// hosts are the names a request may address the preview by: the address
// it listens on and, as the browser may call this computer, localhost,
// 127.0.0.1 and [::1], each with the preview's port. Listening on every
// interface (--bind 0.0.0.0), any address of this computer counts too,
// looked up when a request comes, as the computer may have joined another
// network since the preview started. Names of other sites never count,
// even when they point at this computer: that is how a page elsewhere
// would read the preview (DNS rebinding).
type hosts struct {
	port  string
	names map[string]bool
	// everyInterface is set when listening on 0.0.0.0 or [::].
	everyInterface bool
}

func newHosts(addr net.Addr, url string) hosts {
	h := hosts{names: map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true}}
	if tcp, ok := addr.(*net.TCPAddr); ok {
		h.port = strconv.Itoa(tcp.Port)
		h.everyInterface = tcp.IP.IsUnspecified()
		if !h.everyInterface {
			h.names[tcp.IP.String()] = true
		}
	}
	// The address the pages link to and the terminal shows.
	if host, _, err := net.SplitHostPort(strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")); err == nil {
		h.names[strings.ToLower(host)] = true
	}
	return h
}

// allows reports whether a request's Host header is one of the preview's
// names with its port (without a port when that is 80).
func (h hosts) allows(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = strings.Trim(hostport, "[]"), "80"
	}
	if port != h.port || host == "" {
		return false
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if h.names[host] {
		return true
	}
	if ip := net.ParseIP(host); ip != nil && h.everyInterface {
		return isOwnAddress(ip)
	}
	return false
}

// allowsOrigin reports whether an Origin header names the preview itself.
func (h hosts) allowsOrigin(origin string) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Scheme == "http" && u.Path == "" && h.allows(u.Host)
}

// isOwnAddress reports whether ip is an address of this computer.
func isOwnAddress(ip net.IP) bool {
	if ip.IsLoopback() {
		return true
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if ipNet, ok := a.(*net.IPNet); ok && ipNet.IP.Equal(ip) {
			return true
		}
	}
	return false
}
