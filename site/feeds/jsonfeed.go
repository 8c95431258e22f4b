package feeds

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/yuin/goldmark"

	"github.com/signpost-directory/signpost/site/content"
)

// aboutURL documents the _signpost extension, as JSON Feed asks of
// extensions.
const aboutURL = "https://github.com/signpost-directory/signpost#open-data"

// jsonFeed is a JSON Feed 1.1 document (https://jsonfeed.org/version/1.1).
type jsonFeed struct {
	Version     string `json:"version"`
	Title       string `json:"title"`
	HomePageURL string `json:"home_page_url"`
	FeedURL     string `json:"feed_url"`
	// NextURL is the next page of items (feed/2.json, …), when there is one.
	NextURL     string         `json:"next_url,omitempty"`
	Description string         `json:"description,omitempty"`
	Language    string         `json:"language,omitempty"`
	Authors     []feedAuthor   `json:"authors,omitempty"`
	Signpost    feedExtension  `json:"_signpost"`
	Items       []jsonFeedItem `json:"items"`
}

type feedAuthor struct {
	Name string `json:"name,omitempty"`
	URL  string `json:"url,omitempty"`
}

// feedExtension says what the _signpost objects are, once, at the top.
type feedExtension struct {
	About        string `json:"about"`
	DirectoryURL string `json:"directory_url"`
	HSDSURL      string `json:"hsds_url"`
}

type jsonFeedItem struct {
	ID           string       `json:"id"`
	URL          string       `json:"url"`
	Title        string       `json:"title"`
	Summary      string       `json:"summary"`
	ContentHTML  string       `json:"content_html,omitempty"`
	ContentText  string       `json:"content_text,omitempty"`
	DateModified string       `json:"date_modified"`
	Authors      []feedAuthor `json:"authors,omitempty"`
	Tags         []string     `json:"tags,omitempty"`
	Language     string       `json:"language,omitempty"`
	Signpost     itemSignpost `json:"_signpost"`
}

// itemSignpost holds a listing's structured details in a feed item. Its
// fields have the same names and meanings as in directory.json.
type itemSignpost struct {
	ID            string       `json:"id"`
	Organization  ref          `json:"organization"`
	Venue         *feedVenue   `json:"venue,omitempty"`
	OnlineURL     string       `json:"online_url,omitempty"`
	Schedule      []ruleDoc    `json:"schedule"`
	ScheduleNotes string       `json:"schedule_notes,omitempty"`
	Cost          costDoc      `json:"cost"`
	Categories    []string     `json:"categories"`
	Needs         []string     `json:"needs"`
	Accessibility []string     `json:"accessibility"`
	Audience      audienceDoc  `json:"audience"`
	Languages     []string     `json:"languages"`
	Referral      string       `json:"referral"`
	HowToJoin     string       `json:"how_to_join,omitempty"`
	Contact       *contactDoc  `json:"contact,omitempty"`
	Status        string       `json:"status"`
	Capacity      *capacityDoc `json:"capacity,omitempty"`
	Verified      string       `json:"verified"`
	CalendarURL   string       `json:"calendar_url,omitempty"`
	HSDSURL       string       `json:"hsds_url"`
	Translations  []string     `json:"translations,omitempty"`
}

type ref struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type feedVenue struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Address  []string `json:"address"`
	Town     string   `json:"town,omitempty"`
	Postcode string   `json:"postcode,omitempty"`
	Lat      *float64 `json:"lat,omitempty"`
	Lon      *float64 `json:"lon,omitempty"`
}

// writeJSONFeed writes feed.json: every listing, the most recently
// verified first (ties by id), so feed readers show what changed.
// FeedPageSize is how many items feed.json holds. A longer directory's
// feed goes on in feed/2.json, feed/3.json, …, each page naming the next in
// next_url, as JSON Feed 1.1 provides: at 100,000 listings one feed.json
// was 199 MB, more than a reader fetches, or than signpost should hold in
// memory at once.
const FeedPageSize = 1000

// feedPage is the address, relative to the site, of page n (from 1).
func feedPage(n int) string {
	if n == 1 {
		return "feed.json"
	}
	return fmt.Sprintf("feed/%d.json", n)
}

func (f *feeds) writeJSONFeed(ctx context.Context, out *output) error {
	cfg := f.d.Config
	listings := slices.Clone(f.d.Listings)
	slices.SortStableFunc(listings, func(a, b *content.Listing) int {
		return cmp.Or(b.Verified.Compare(a.Verified), cmp.Compare(a.ID, b.ID))
	})
	size := cmp.Or(f.feedPageSize, FeedPageSize)
	md := content.NewMarkdown()
	// One page at a time: each is written, then let go.
	for page := 1; page == 1 || (page-1)*size < len(listings); page++ {
		feed := jsonFeed{
			Version:     "https://jsonfeed.org/version/1.1",
			Title:       cfg.Name,
			HomePageURL: f.base,
			FeedURL:     f.base + "feed.json",
			Language:    cfg.DefaultLanguage(),
			Authors:     []feedAuthor{{Name: cfg.Name, URL: f.base}},
			Signpost: feedExtension{About: aboutURL, DirectoryURL: f.base + "directory.json",
				HSDSURL: f.base + hsdsDir + "index.json"},
			Items: []jsonFeedItem{},
		}
		if cfg.Area != "" {
			feed.Description = "Activities and support in " + cfg.Area + ", for social prescribing."
		}
		end := min(page*size, len(listings))
		if end < len(listings) {
			feed.NextURL = f.base + feedPage(page+1)
		}
		for _, l := range listings[(page-1)*size : end] {
			if err := ctx.Err(); err != nil {
				return err
			}
			item, err := f.feedItem(l, md)
			if err != nil {
				return err
			}
			feed.Items = append(feed.Items, item)
		}
		if err := out.writeJSON(feedPage(page), feed); err != nil {
			return err
		}
	}
	return nil
}

func (f *feeds) feedItem(l *content.Listing, md goldmark.Markdown) (jsonFeedItem, error) {
	tax, lang := f.d.Taxonomy, f.d.Config.DefaultLanguage()
	item := jsonFeedItem{
		ID: f.listingURL(l), URL: f.listingURL(l), Title: l.Title, Summary: l.Summary,
		DateModified: modified(l).Format(time.RFC3339), Language: l.Lang,
	}
	if l.Description != "" {
		html, err := content.MarkdownHTML(md, l.Description)
		if err != nil {
			return item, fmt.Errorf("listing %s: %w", l.ID, err)
		}
		item.ContentHTML = html
	} else {
		item.ContentText = l.Summary
	}
	if o := f.d.Organization(l.Organization); o != nil {
		author := feedAuthor{Name: o.Name, URL: o.Website}
		item.Authors = []feedAuthor{author}
	}
	seen := map[string]bool{}
	add := func(tag string) {
		if tag != "" && !seen[tag] {
			seen[tag] = true
			item.Tags = append(item.Tags, tag)
		}
	}
	for _, c := range l.Categories {
		add(tax.Categories.Label(c, lang))
	}
	for _, n := range l.Needs {
		add(tax.Needs.Label(n, lang))
	}
	for _, t := range l.Tags {
		add(t)
	}
	item.Signpost = f.itemSignpost(l)
	return item, nil
}

func (f *feeds) itemSignpost(l *content.Listing) itemSignpost {
	s := itemSignpost{
		ID: l.ID, OnlineURL: l.OnlineURL, Schedule: f.ruleDocs(l), ScheduleNotes: l.ScheduleNotes,
		Cost: f.costDoc(l.Cost), Categories: orEmpty(l.Categories), Needs: orEmpty(l.Needs),
		Accessibility: orEmpty(f.accessibility(l)), Audience: audienceDocOf(l.Audience),
		Languages: orEmpty(l.Languages), Referral: l.Referral, HowToJoin: l.HowToJoin,
		Contact: contactDocOf(l.Contact), Status: l.Status, Capacity: capacityDocOf(l.Capacity),
		Verified: l.Verified.String(),
		HSDSURL:  f.base + hsdsDir + "services/" + f.id("service", l.ID) + ".json",
	}
	if o := f.d.Organization(l.Organization); o != nil {
		s.Organization = ref{ID: o.ID, Name: o.Name}
	}
	if v := f.d.Venue(l.Venue); v != nil {
		s.Venue = &feedVenue{ID: v.ID, Name: v.Name, Address: orEmpty(v.Address), Town: v.Town,
			Postcode: v.Postcode, Lat: v.Lat, Lon: v.Lon}
	}
	if HasCalendar(f.d, l) {
		s.CalendarURL = f.calendarURL(l)
	}
	s.Translations = slices.Sorted(maps.Keys(l.Translations))
	return s
}

// accessibility is the access features of a listing and of its venue.
func (f *feeds) accessibility(l *content.Listing) []string {
	out := slices.Clone(l.Accessibility)
	if v := f.d.Venue(l.Venue); v != nil {
		for _, a := range v.Accessibility {
			if !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	return out
}
