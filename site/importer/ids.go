package importer

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// maxSlug keeps file names short enough to read in a folder listing.
const maxSlug = 60

// Slug makes a file name from a name: "Café & Chat (Tuesdays)" becomes
// "cafe-chat-tuesdays". Letters lose their accents so the name can be
// typed; a name with no letters or digits gives fallback.
func Slug(name, fallback string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// an accent, split from its letter by NFD
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
	}
	s := b.String()
	if len(s) > maxSlug {
		s = s[:maxSlug]
		if i := strings.LastIndexByte(s, '-'); i > maxSlug/2 {
			s = s[:i]
		}
		s = strings.TrimRight(s, "-")
	}
	if s == "" {
		return fallback
	}
	return s
}

// unique returns id, or id-2, id-3, … the first one not taken, and takes it.
func unique(id string, taken map[string]bool) string {
	candidate := id
	for n := 2; taken[candidate]; n++ {
		candidate = id + "-" + strconv.Itoa(n)
	}
	taken[candidate] = true
	return candidate
}
