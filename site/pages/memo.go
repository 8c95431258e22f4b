package pages

import (
	"encoding/json"
	"maps"
	"strings"
	"sync"
	"time"

	"github.com/signpost-directory/signpost/site/content"
)

// Memo remembers each listing's page file and detail files between builds
// of the same directory, so that after one edit only that listing's files
// are made again.
// The live preview keeps one; a one-off build has no use for it. It serves
// one Build at a time.
//
// Remembered files are used again only when nothing it was made from has
// changed: the listing itself, its translations, its organization and venue
// (the checker hands back the same values for files that did not change, so
// these are compared by identity), the settings and vocabularies, which
// terms have pages, and the options. Its next session must also still be in
// the future.
type Memo struct {
	mu sync.Mutex
	// shared fingerprints what every listing page depends on; when it
	// changes, everything remembered is forgotten.
	shared   string
	listings map[string]memoListing
}

type memoListing struct {
	listing      *content.Listing
	translations map[string]*content.Translation
	org          *content.Organization
	venue        *content.Venue
	// until is when the next session starts: from then on the page must
	// show the one after. Zero when there is no next session to show.
	until time.Time
	fm    *Listing
	listingFiles
}

// listingFiles are the files made for one listing: its page and its
// detail files.
type listingFiles struct {
	page, detail, jsonLD []byte
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo { return &Memo{} }

// start forgets everything when what all pages depend on has changed since
// the last build. It returns false when that cannot be worked out, and the
// memo is then not used for this build.
func (m *Memo) start(g *generator) bool {
	shared, err := sharedInputs(g)
	if err != nil {
		return false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if shared != m.shared || m.listings == nil {
		m.shared, m.listings = shared, map[string]memoListing{}
	}
	return true
}

// sharedInputs fingerprints what a listing's page depends on besides its
// own files.
func sharedInputs(g *generator) (string, error) {
	settings, err := json.Marshal(struct {
		Config   *content.Config
		Taxonomy *content.Taxonomy
		BaseURL  string
	}{&g.d.Config, g.d.Taxonomy, g.opts.BaseURL})
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Write(settings)
	// A listing links to its categories and needs only when they have a
	// page, that is when some active listing uses them.
	for _, vocab := range []*content.Vocabulary{g.d.Taxonomy.Categories, g.d.Taxonomy.Needs} {
		for _, t := range vocab.Terms {
			if g.termURL(vocab.Name, t.ID) != "" {
				b.WriteString("\x00" + vocab.Name + "/" + t.ID)
			}
		}
	}
	return b.String(), nil
}

// lookup returns the remembered files of l when they are still right.
func (m *Memo) lookup(g *generator, l *content.Listing) (memoListing, bool) {
	m.mu.Lock()
	e, ok := m.listings[l.ID]
	m.mu.Unlock()
	if !ok || e.listing != l || e.org != g.d.Organization(l.Organization) || e.venue != g.d.Venue(l.Venue) ||
		!maps.Equal(e.translations, l.Translations) {
		return memoListing{}, false
	}
	if !e.until.IsZero() && !g.opts.Now.Before(e.until) {
		return memoListing{}, false
	}
	return e, true
}

func (m *Memo) remember(g *generator, l *content.Listing, fm *Listing, files listingFiles) {
	e := memoListing{listing: l, translations: maps.Clone(l.Translations),
		org: g.d.Organization(l.Organization), venue: g.d.Venue(l.Venue), fm: fm, listingFiles: files}
	if fm.Next != nil {
		if t, err := time.Parse(time.RFC3339, fm.Next.Start); err == nil {
			e.until = t
		} else {
			return // never trust a page whose expiry is unknown
		}
	}
	m.mu.Lock()
	m.listings[l.ID] = e
	m.mu.Unlock()
}

// forgetOthers drops what is remembered of listings that are gone.
func (m *Memo) forgetOthers(present map[string]bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for id := range m.listings {
		if !present[id] {
			delete(m.listings, id)
		}
	}
}
