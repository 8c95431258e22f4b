package pages

import (
	"cmp"
	"reflect"
)

// ListPageSize is the most activities a list page shows: a longer list is
// split into pages. A page of this many cards is some 300 KB of HTML; the
// list of every activity of a county (10,000) on one page was 10 MB, and
// Hugo held every such list whole while rendering.
const ListPageSize = 200

// Config is what signpost tells Hugo on top of the theme's own settings.
type Config struct {
	Title    string
	BaseURL  string
	Locale   string
	TimeZone string
	// Directory is the directory's settings, as the theme reads them
	// (site.Params.directory).
	Directory DirectorySettings
	// FilterValues lists, per filter, every value some listing has.
	FilterValues map[string][]string
	// ListLimit caps list pages (see Options.ListLimit); 0 for none.
	ListLimit int
	// PageSize is the most activities a list page shows (ListPageSize).
	PageSize int
	// Preview leaves out the sitemap (see Options.Preview).
	Preview bool
	// SiteFiles is false in a part of a build that another part makes the
	// sitemap, robots.txt and 404 page in (see package parts).
	SiteFiles bool
}

// DirectorySettings are the directory-wide facts the theme shows.
type DirectorySettings struct {
	Name, Area, Repository, Language string
	Contact                          Contact
	// Zone is the time zone sessions are in (an IANA name) and Unit how
	// distances are shown ("mi" or "km"), for near= and when=.
	Zone, Unit string
	// ZoneOffsets are the zone's UTC offsets for this year and the next two
	// (schedule.Offsets as JSON), so the browser reads the directory's
	// clock without a time zone lookup.
	ZoneOffsets string
}

// Equal reports whether two configurations would make Hugo render the
// same site, so the preview knows when it must start Hugo afresh.
func (c Config) Equal(o Config) bool { return reflect.DeepEqual(c, o) }

// Map is the configuration as Hugo reads it, made anew on each call:
// Hugo changes the maps it is given.
func (c Config) Map() map[string]any {
	d := c.Directory
	params := map[string]any{
		"directory": map[string]any{
			"name": d.Name, "area": d.Area, "repository": d.Repository, "language": d.Language,
			"zone": d.Zone, "unit": d.Unit, "zone_offsets": d.ZoneOffsets,
			"contact": map[string]any{"name": d.Contact.Name, "phone": d.Contact.Phone, "email": d.Contact.Email,
				"tel_url": d.Contact.TelURL},
		},
		"filter_values": c.FilterValues,
		"page_size":     cmp.Or(c.PageSize, ListPageSize),
	}
	// The open data feeds (JSON Feed, iCalendar, HSDS) are written by
	// signpost itself; Hugo's RSS would be a fourth, poorer one.
	disableKinds := []string{"rss"}
	if c.ListLimit > 0 {
		params["list_limit"] = c.ListLimit
	}
	if c.Preview {
		disableKinds = append(disableKinds, "sitemap")
		params["preview"] = true
	}
	if !c.SiteFiles {
		disableKinds = append(disableKinds, "sitemap", "robotstxt", "404")
	}
	return map[string]any{
		"title":    c.Title,
		"baseURL":  c.BaseURL,
		"locale":   c.Locale,
		"timeZone": c.TimeZone,
		"taxonomies": map[string]any{
			"category": "categories", "need": "needs", "organization": "organizations", "venue": "venues",
		},
		"disableKinds":               disableKinds,
		"enableRobotsTXT":            true,
		"disableLiveReload":          true,
		"disableHugoGeneratorInject": true,
		"enableGitInfo":              false,
		"markup": map[string]any{
			"goldmark": map[string]any{"renderer": map[string]any{"unsafe": false}},
		},
		// Page bodies are HTML that signpost rendered from Markdown (see
		// generator.write). Nothing a build runs, theme overrides included,
		// may start programs, fetch from the network or read environment
		// variables.
		"security": map[string]any{
			"allowContent": []string{"^text/(html|markdown)$"},
			"exec":         map[string]any{"allow": []string{"none"}, "osEnv": []string{"none"}},
			"http":         map[string]any{"urls": []string{"none"}, "methods": []string{"none"}},
			"funcs":        map[string]any{"getenv": []string{"none"}},
		},
		"sitemap": map[string]any{"changeFreq": "weekly"},
		// Lists longer than this are split into pages (/page/2/, …) by
		// Hugo's paginator; see the theme's results.html.
		"pagination": map[string]any{"pagerSize": cmp.Or(c.PageSize, ListPageSize)},
		"params":     params,
	}
}
