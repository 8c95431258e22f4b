package feeds

import (
	"testing"
	"time"

	"github.com/signpost-directory/signpost/site/content"
)

// TestListingKeysFollowTheirInputs: a listing's key changes with the
// listing, its organization, its venue and the rules of the directory's
// time zone (which come from the system's zone database, not from the
// program), and not with another listing.
func TestListingKeysFollowTheirInputs(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no time zone database here:", err)
	}
	directory := func(edit func(d *content.Directory)) *content.Directory {
		d := &content.Directory{
			Config:        content.Config{Name: "Test", Timezone: "Europe/London", Location: london},
			Organizations: []*content.Organization{{ID: "org", Name: "Org"}},
			Venues:        []*content.Venue{{ID: "hall", Name: "Hall"}},
			Listings: []*content.Listing{
				{ID: "a", Title: "A", Organization: "org", Venue: "hall"},
				{ID: "b", Title: "B", Organization: "other", Venue: "online"},
			},
		}
		if edit != nil {
			edit(d)
		}
		d.Index()
		return d
	}
	base := listingKeys(directory(nil), Options{})
	if len(base) != 2 || base[0] == base[1] {
		t.Fatalf("keys %v", base)
	}
	for _, tc := range []struct {
		name    string
		edit    func(d *content.Directory)
		changes bool // whether listing a's key changes
	}{
		{"the listing", func(d *content.Directory) { d.Listings[0].Title = "A2" }, true},
		{"its organization", func(d *content.Directory) { d.Organizations[0].Name = "Org2" }, true},
		{"its venue", func(d *content.Directory) { d.Venues[0].Name = "Hall2" }, true},
		{"the zone's rules", func(d *content.Directory) { d.Config.Location = time.FixedZone("Europe/London", 0) }, true},
		{"the base URL", func(d *content.Directory) { d.Config.BaseURL = "https://example.org/" }, true},
		{"another listing", func(d *content.Directory) { d.Listings[1].Title = "B2" }, false},
	} {
		keys := listingKeys(directory(tc.edit), Options{})
		if changed := keys[0] != base[0]; changed != tc.changes {
			t.Errorf("changing %s: listing a's key changed %v, want %v", tc.name, changed, tc.changes)
		}
	}
}
