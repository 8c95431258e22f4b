package check

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/load"
)

// addressUse says where a web address is written, and so what it may hold.
type addressUse int

const (
	// linkAddress is an address people follow from a page (website,
	// online_url): a ?query and a #part are fine there, as meeting
	// links carry one (?pwd=).
	linkAddress addressUse = iota
	// settingAddress is an address signpost builds others from
	// (repository), so it ends at its path.
	settingAddress
	// siteAddress is where the site itself is published (base_url,
	// build's --base-url): also not this computer or an IPv6 address.
	siteAddress
)

// BaseURLProblem says why raw cannot be the address a site is published
// at, as base_url in directory.yaml or build's --base-url.
func BaseURLProblem(raw string) (text string, bad bool) { return webAddressProblem(raw, siteAddress) }

// webAddressProblem explains why a web address that matches the schema's
// pattern cannot be used where signpost writes it (pages, feeds, QR codes,
// Hugo's settings): it must parse, start with http:// or https://, name a
// site that can exist, and hold no characters that would need escaping and
// no user name or password (https://nhs.uk@evil.example goes to
// evil.example). Only link addresses may have a ?query or #part.
func webAddressProblem(raw string, use addressUse) (text string, bad bool) {
	if i := strings.IndexFunc(raw, func(r rune) bool {
		return r <= ' ' || r == 0x7f || strings.ContainsRune("\"'<>\\`{}|^", r)
	}); i >= 0 {
		r := []rune(raw[i:])[0]
		what := fmt.Sprintf("%q", string(r))
		switch r {
		case ' ':
			what = "a space"
		case '"', '\'':
			what = "a quote mark"
		}
		return fmt.Sprintf("The web address %q contains %s, which a web address cannot hold", raw, what), true
	}
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Sprintf("%q is not a web address: %v", raw, err), true
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https" || u.Opaque != "":
		return fmt.Sprintf("%q is not a web address starting with https://", raw), true
	case u.User != nil:
		return fmt.Sprintf("The web address %q contains a user name or password (the part before @)", raw), true
	case u.Hostname() == "":
		return fmt.Sprintf("The web address %q has no site name after https://", raw), true
	case use != linkAddress && (u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#")):
		return fmt.Sprintf("The web address %q must not have a ? or # part", raw), true
	}
	if text := portProblem(raw, u); text != "" {
		return text, true
	}
	if strings.HasPrefix(u.Host, "[") {
		if ip := net.ParseIP(u.Hostname()); ip != nil && (ip.IsLoopback() || ip.IsUnspecified()) {
			return fmt.Sprintf("The web address %q is on this computer, not a site on the internet", raw), true
		}
		if use == siteAddress {
			return fmt.Sprintf("The web address %q uses an IPv6 address instead of a site name", raw), true
		}
		return "", false
	}
	return hostProblem(raw, u.Hostname())
}

// portProblem refuses a port that cannot be one (:0, :99999) and a colon
// with no port after it.
func portProblem(raw string, u *url.URL) string {
	port := u.Port()
	if port == "" {
		if strings.HasSuffix(u.Host, ":") {
			return fmt.Sprintf("The web address %q has a colon after the site name but no port number", raw)
		}
		return ""
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return fmt.Sprintf("The web address %q has the port %s, which is not a port number (1 to 65535)", raw, port)
	}
	return ""
}

// hostProblem refuses a site name that cannot exist, or that is this
// computer. Browsers read a name that ends in a number as an IP address,
// also when it is not written as one usually is (127.1, 2130706433,
// 0x7f.1), so such a name must be a plain IPv4 address. Names are compared
// as browsers do: in small letters, without a final dot (LOCALHOST. is
// localhost).
func hostProblem(raw, host string) (string, bool) {
	name := strings.TrimSuffix(strings.ToLower(host), ".")
	labels := strings.Split(name, ".")
	if last := labels[len(labels)-1]; numeric(last) {
		ip := net.ParseIP(name)
		if ip == nil || ip.To4() == nil || strings.Contains(name, ":") {
			return fmt.Sprintf("The web address %q has a number where the site name goes, written in a way that hides which address it is", raw), true
		}
		if ip.IsLoopback() || ip.IsUnspecified() {
			return fmt.Sprintf("The web address %q is on this computer, not a site on the internet", raw), true
		}
		return "", false
	}
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return fmt.Sprintf("The web address %q is on this computer, not a site on the internet", raw), true
	}
	for _, label := range labels {
		switch {
		case label == "":
			return fmt.Sprintf("The web address %q has two dots in a row, or a dot at the start, in its site name", raw), true
		case strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-"):
			return fmt.Sprintf("The web address %q has a part of its site name that starts or ends with -", raw), true
		case len(label) > 63:
			return fmt.Sprintf("The web address %q has a part of its site name longer than 63 letters", raw), true
		case strings.IndexFunc(label, func(r rune) bool {
			return r != '-' && r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.M, r)
		}) >= 0:
			return fmt.Sprintf("The web address %q has a character a site name cannot hold", raw), true
		}
	}
	return "", false
}

// numeric reports whether the last part of a host name makes browsers read
// the whole name as an IPv4 address: decimal digits, or 0x and hexadecimal
// digits (the WHATWG URL standard's "ends in a number").
func numeric(label string) bool {
	if label == "" {
		return false
	}
	if rest, ok := strings.CutPrefix(label, "0x"); ok {
		return strings.Trim(rest, "0123456789abcdef") == ""
	}
	return strings.Trim(label, "0123456789") == ""
}

// linkAddresses checks the web addresses people follow from the site, in
// the top-level fields named, that the schema's pattern let through.
// msgs are the file's messages so far: a value the schema already refused
// is not reported twice.
func (r *checker) linkAddresses(f *load.File, msgs diag.List, fields ...string) diag.List {
	var out diag.List
	for _, field := range fields {
		node, ok := fieldValue(f.Data, field)
		if !ok || node.Kind != yaml.ScalarNode || node.ShortTag() != "!!str" {
			continue
		}
		loc := valueLocation(f.Source, node)
		if reportedAt(msgs, loc) {
			continue
		}
		if text, bad := webAddressProblem(node.Value, linkAddress); bad {
			out.Add(diag.Message{Severity: diag.Error, Code: diag.BadFormat, Location: loc, Text: text,
				Hint: fmt.Sprintf("Write the full address as the browser shows it, starting with https://, without quotes or\n"+
					"spaces, and without a name or password before an @ (in https://nhs.uk@evil.example the\n"+
					"site is evil.example). Like:\n\n  %s: https://example.org/", field)})
		}
	}
	return out
}

// reportedAt reports whether a message already points at loc.
func reportedAt(msgs diag.List, loc *diag.Location) bool {
	for _, m := range msgs {
		if m.Location != nil && m.Location.File == loc.File && m.Location.Line == loc.Line && m.Location.Column == loc.Column {
			return true
		}
	}
	return false
}
