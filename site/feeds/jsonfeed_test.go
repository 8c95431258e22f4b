package feeds_test

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/feeds"
)

// jsonFeedSchema compiles testdata/jsonfeed-1.1.schema.json, a JSON Schema
// written from the JSON Feed 1.1 specification, with formats asserted.
func jsonFeedSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/jsonfeed-1.1.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "file:///testdata/jsonfeed-1.1.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestJSONFeedSchema(t *testing.T) {
	s := jsonFeedSchema(t)
	// The specification's own first example passes, and broken feeds do not.
	valid := `{"version": "https://jsonfeed.org/version/1.1", "title": "My Example Feed",
		"home_page_url": "https://example.org/", "feed_url": "https://example.org/feed.json",
		"items": [{"id": "2", "content_text": "This is a second item.", "url": "https://example.org/second-item"},
		          {"id": "1", "content_html": "<p>Hello, world!</p>", "url": "https://example.org/initial-post"}]}`
	tests := []struct {
		name, doc string
		ok        bool
	}{
		{"the specification's example", valid, true},
		{"no items", `{"version": "https://jsonfeed.org/version/1.1", "title": "T"}`, false},
		{"version 1", strings.Replace(valid, "version/1.1", "version/1", 1), false},
		{"an item without content", strings.Replace(valid, `"content_text"`, `"contenttext"`, 1), false},
		{"an item without id", strings.Replace(valid, `"id": "2", `, "", 1), false},
		{"a date that is not RFC 3339", strings.Replace(valid, `"id": "2",`, `"id": "2", "date_modified": "2 Oct 2026",`, 1), false},
		{"an extension", strings.Replace(valid, `"id": "2",`, `"id": "2", "_blue_shed": {"about": "x"},`, 1), true},
		{"an extension key with a full stop", strings.Replace(valid, `"id": "2",`, `"id": "2", "_blue_shed": {"a.b": 1},`, 1), false},
		{"an unknown key", strings.Replace(valid, `"id": "2",`, `"id": "2", "colour": "red",`, 1), false},
		{"an empty author", strings.Replace(valid, `"title": "My Example Feed",`, `"title": "T", "authors": [{}],`, 1), false},
	}
	for _, tt := range tests {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(tt.doc))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if err := s.Validate(v); (err == nil) != tt.ok {
			t.Errorf("%s: valid = %v, want %v (%v)", tt.name, err == nil, tt.ok, err)
		}
	}
}

// jsonFeed is the part of feed.json the tests read.
type jsonFeed struct {
	Version, Title, Language string
	HomePageURL              string `json:"home_page_url"`
	FeedURL                  string `json:"feed_url"`
	NextURL                  string `json:"next_url"`
	Signpost                 struct {
		About string
	} `json:"_signpost"`
	Items []struct {
		ID, URL, Title, Summary, Language string
		ContentHTML                       string `json:"content_html"`
		ContentText                       string `json:"content_text"`
		DateModified                      string `json:"date_modified"`
		Tags                              []string
		Signpost                          struct {
			ID       string
			Status   string
			Verified string
			Schedule []struct {
				Text, RRULE string
			}
			Cost struct {
				Free bool
				Text string
			}
			Categories, Needs []string
			CalendarURL       string `json:"calendar_url"`
		} `json:"_signpost"`
	}
}

func TestJSONFeed(t *testing.T) {
	data := readFile(t, written(t), "feed.json")
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	if err := jsonFeedSchema(t).Validate(v); err != nil {
		t.Fatalf("feed.json is not a valid JSON Feed 1.1:\n%v", err)
	}
	var feed jsonFeed
	if err := json.Unmarshal(data, &feed); err != nil {
		t.Fatal(err)
	}
	const base = "https://example.org/millbrook/"
	if feed.HomePageURL != base || feed.FeedURL != base+"feed.json" || feed.Language != "en" || feed.Signpost.About == "" {
		t.Errorf("feed: home_page_url %q, feed_url %q, language %q, _signpost.about %q",
			feed.HomePageURL, feed.FeedURL, feed.Language, feed.Signpost.About)
	}
	d := sample(t)
	if len(feed.Items) != len(d.Listings) {
		t.Fatalf("%d items for %d listings", len(feed.Items), len(d.Listings))
	}
	// Newest verified first, ties by id.
	want := slices.Clone(d.Listings)
	slices.SortStableFunc(want, func(a, b *content.Listing) int {
		if c := b.Verified.Compare(a.Verified); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	for i, item := range feed.Items {
		l := want[i]
		if item.Signpost.ID != l.ID {
			t.Fatalf("item %d is %s, want %s (newest verified first, then by id)", i, item.Signpost.ID, l.ID)
		}
		page := base + "listings/" + l.ID + "/"
		if item.ID != page || item.URL != page || item.Title != l.Title || item.Summary != l.Summary {
			t.Errorf("%s: id %q, url %q, title %q, summary %q", l.ID, item.ID, item.URL, item.Title, item.Summary)
		}
		// Modified when verified, or when the places were updated since.
		latest := l.Verified
		if l.Capacity != nil && l.Capacity.Updated.After(latest) {
			latest = l.Capacity.Updated
		}
		modified, err := time.Parse(time.RFC3339, item.DateModified)
		if err != nil || !modified.Equal(latest.Time(time.UTC)) {
			t.Errorf("%s: date_modified %q, verified %s, capacity %+v", l.ID, item.DateModified, l.Verified, l.Capacity)
		}
		if l.Description != "" && !strings.HasPrefix(item.ContentHTML, "<p>") {
			t.Errorf("%s: content_html %.40q is not the rendered description", l.ID, item.ContentHTML)
		}
		if strings.Contains(strings.ToLower(item.ContentHTML), "<script") {
			t.Errorf("%s: content_html holds a script", l.ID)
		}
		if item.Signpost.Status != l.Status || item.Signpost.Verified != l.VerifiedText ||
			!slices.Equal(item.Signpost.Categories, l.Categories) || len(item.Signpost.Schedule) != len(l.Schedule) ||
			item.Signpost.Cost.Free != l.Cost.Free {
			t.Errorf("%s: _signpost %+v does not match the listing", l.ID, item.Signpost)
		}
		for j, r := range l.Schedule {
			if s := item.Signpost.Schedule[j]; s.Text != r.String() || s.RRULE != r.RRULEIn(d.Config.Location) {
				t.Errorf("%s rule %d: %+v", l.ID, j, s)
			}
		}
		label := d.Taxonomy.Categories.Label(l.Categories[0], "en")
		if !slices.Contains(item.Tags, label) {
			t.Errorf("%s: tags %v lack the category %q", l.ID, item.Tags, label)
		}
	}
}

// TestJSONFeedRendersMarkdownSafely gives a listing raw HTML (which check
// would refuse) and expects goldmark to leave it out.
func TestJSONFeedRendersMarkdownSafely(t *testing.T) {
	d := *sample(t)
	l := *d.Listings[0]
	l.Description = "Hello **there**.\n\n<script>alert(1)</script>\n\n<b onclick=\"x()\">bold</b>"
	d.Listings = []*content.Listing{&l}
	d.Index()
	dir := t.TempDir()
	if _, err := writeFeeds(t, &d, dir); err != nil {
		t.Fatal(err)
	}
	var feed jsonFeed
	if err := json.Unmarshal(readFile(t, dir, "feed.json"), &feed); err != nil {
		t.Fatal(err)
	}
	html := feed.Items[0].ContentHTML
	if !strings.Contains(html, "<strong>there</strong>") || strings.Contains(html, "<script") || strings.Contains(html, "onclick") {
		t.Errorf("content_html = %q", html)
	}
}

// TestJSONFeedPages: a feed longer than a page goes on in feed/2.json, …,
// each page a valid JSON Feed naming the next in next_url; together the
// pages hold every listing once, newest verified first, as one feed would.
func TestJSONFeedPages(t *testing.T) {
	d := sample(t)
	dir := t.TempDir()
	if _, err := feeds.Write(context.Background(), d, dir, feeds.Options{FeedPageSize: 40}); err != nil {
		t.Fatal(err)
	}
	const base = "https://example.org/millbrook/"
	whole := readFile(t, written(t), "feed.json")
	var one jsonFeed
	if err := json.Unmarshal(whole, &one); err != nil {
		t.Fatal(err)
	}
	if one.NextURL != "" {
		t.Errorf("the sample's feed fits one page and still names a next: %q", one.NextURL)
	}
	var ids []string
	next, seen := base+"feed.json", map[string]bool{}
	for next != "" {
		if seen[next] {
			t.Fatalf("next_url goes round to %s", next)
		}
		seen[next] = true
		data := readFile(t, dir, strings.TrimPrefix(next, base))
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(string(data)))
		if err != nil {
			t.Fatal(err)
		}
		if err := jsonFeedSchema(t).Validate(v); err != nil {
			t.Fatalf("%s is not a valid JSON Feed 1.1:\n%v", next, err)
		}
		var page jsonFeed
		if err := json.Unmarshal(data, &page); err != nil {
			t.Fatal(err)
		}
		if page.FeedURL != base+"feed.json" || page.NextURL == page.FeedURL {
			t.Errorf("%s: feed_url %q, next_url %q", next, page.FeedURL, page.NextURL)
		}
		if len(page.Items) > 40 || (page.NextURL != "" && len(page.Items) != 40) {
			t.Errorf("%s holds %d items, pages of 40", next, len(page.Items))
		}
		for _, item := range page.Items {
			ids = append(ids, item.Signpost.ID)
		}
		next = page.NextURL
	}
	if len(seen) != (len(d.Listings)+39)/40 {
		t.Errorf("%d pages for %d listings in pages of 40", len(seen), len(d.Listings))
	}
	var want []string
	for _, item := range one.Items {
		want = append(want, item.Signpost.ID)
	}
	if !slices.Equal(ids, want) {
		t.Errorf("the pages hold %d items, not the %d of the whole feed in its order", len(ids), len(want))
	}
}
