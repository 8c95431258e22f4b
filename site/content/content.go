// Package content is the checked, typed model of a directory: settings,
// organizations, venues, listings and vocabularies. `check` builds it from
// the files on disk; every output (pages, search, sheets, feeds) is rendered
// from it and never reads the files again.
//
// It also holds the words and rules every output shares, so that a page, a
// printed sheet, a search result and a feed never say the same fact two
// ways: costs, audiences, dates and sessions in words (words.go), a
// listing's filter values, their labels and its card in lists
// (filters.go), and what differs between countries (country.go). They live
// here rather than in a package of their own because most of them are
// methods on the model's types (Cost.Text, Directory.Filters), and every
// output already imports the model.
package content

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/signpost-directory/signpost/site/schedule"
)

// Online is the venue id of activities that happen on the internet.
const Online = "online"

// Directory is everything in a content folder, checked.
type Directory struct {
	Config        Config
	Organizations []*Organization // sorted by ID
	Venues        []*Venue        // sorted by ID
	Listings      []*Listing      // sorted by ID
	Taxonomy      *Taxonomy
	// Places are content/places.yaml, sorted by ID.
	Places []*Place
	// Postcodes are content/postcodes.csv, sorted by Code.
	Postcodes []Postcode

	organizations map[string]*Organization
	venues        map[string]*Venue
	listings      map[string]*Listing
}

// Index builds the lookup tables; call it after filling the slices.
func (d *Directory) Index() {
	d.organizations = make(map[string]*Organization, len(d.Organizations))
	for _, o := range d.Organizations {
		d.organizations[o.ID] = o
	}
	d.venues = make(map[string]*Venue, len(d.Venues))
	for _, v := range d.Venues {
		d.venues[v.ID] = v
	}
	d.listings = make(map[string]*Listing, len(d.Listings))
	for _, l := range d.Listings {
		d.listings[l.ID] = l
	}
}

// Organization returns the organization with the given id, or nil.
func (d *Directory) Organization(id string) *Organization { return d.organizations[id] }

// Venue returns the venue with the given id, or nil (also for Online).
func (d *Directory) Venue(id string) *Venue { return d.venues[id] }

// Listing returns the listing with the given id, or nil.
func (d *Directory) Listing(id string) *Listing { return d.listings[id] }

// Config is content/directory.yaml.
type Config struct {
	Name       string   `yaml:"name"`
	Area       string   `yaml:"area"`
	BaseURL    string   `yaml:"base_url"`
	Languages  []string `yaml:"languages"`
	Timezone   string   `yaml:"timezone"`
	Currency   string   `yaml:"currency"`
	Country    string   `yaml:"country"`
	Contact    Contact  `yaml:"contact"`
	Repository string   `yaml:"repository"`
	StaleAfter Period   `yaml:"stale_after"`
	Sheets     Sheets   `yaml:"sheets"`

	// Location is Timezone, loaded.
	Location *time.Location `yaml:"-"`
}

// SiteURL is where the site is published, ending in a slash: override when
// given (a preview, or a GitHub Pages address), else base_url.
func (c *Config) SiteURL(override string) string {
	u := cmp.Or(override, c.BaseURL)
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// Zone is the IANA name of the directory's time zone, as the browser's Intl
// API knows it ("UTC" before the configuration is checked).
func (c *Config) Zone() string {
	if c.Location == nil {
		return "UTC"
	}
	return c.Location.String()
}

// DefaultLanguage is the language listings are written in unless they say otherwise.
func (c *Config) DefaultLanguage() string {
	if len(c.Languages) == 0 {
		return "en"
	}
	return c.Languages[0]
}

// Sheets are the settings of the printable prescription sheets.
type Sheets struct {
	// Paper is "a4" (the default when empty) or "letter".
	Paper string `yaml:"paper"`
	// SNOMEDCode says whether to print the SNOMED CT referral code; nil means yes.
	SNOMEDCode *bool `yaml:"snomed_code"`
}

// Contact is how to reach someone.
type Contact struct {
	Name  string `yaml:"name"`
	Phone string `yaml:"phone"`
	Email string `yaml:"email"`
}

// IsZero reports whether no contact detail is given.
func (c Contact) IsZero() bool { return c == Contact{} }

// Period is a length of time written like "6 months".
type Period struct {
	N    int
	Unit string // day, week, month or year
}

// ParsePeriod reads "6 months", "1 year", "90 days" or "2 weeks".
func ParsePeriod(s string) (Period, error) {
	num, unit, ok := strings.Cut(strings.TrimSpace(s), " ")
	n, err := strconv.Atoi(num)
	unit = strings.TrimSuffix(strings.TrimSpace(unit), "s")
	if !ok || err != nil || n < 1 {
		return Period{}, fmt.Errorf("%q is not a length of time like \"6 months\"", s)
	}
	switch unit {
	case "day", "week", "month", "year":
		return Period{N: n, Unit: unit}, nil
	}
	return Period{}, fmt.Errorf("%q is not a length of time like \"6 months\"", s)
}

// UnmarshalYAML reads a period from its text form.
func (p *Period) UnmarshalYAML(unmarshal func(any) error) error {
	var s string
	if err := unmarshal(&s); err != nil {
		return err
	}
	parsed, err := ParsePeriod(s)
	if err != nil {
		return err
	}
	*p = parsed
	return nil
}

// IsZero reports whether no period is set.
func (p Period) IsZero() bool { return p.N == 0 }

// After returns the date one period after d: the day a listing verified
// on d is last fresh. Months and years keep the day of the month; when the
// month reached is shorter (31 August plus 6 months, 29 February plus 1
// year) it is that month's last day, never a day of the month after, so a
// later verified date never falls due earlier.
func (p Period) After(d schedule.Date) schedule.Date {
	switch p.Unit {
	case "day":
		return addDays(d, p.N)
	case "week":
		return addDays(d, 7*p.N)
	case "month":
		return addMonths(d, p.N)
	case "year":
		return addMonths(d, 12*p.N)
	}
	return d
}

// Stale reports whether a listing verified on verified is stale on today:
// whether today is after the day one period after verified. Once stale, a
// listing stays stale until it is verified again. A zero period is never
// stale. This is the one rule: check warns by it and due lists by it.
func (p Period) Stale(verified, today schedule.Date) bool {
	return !p.IsZero() && today.After(p.After(verified))
}

// StaleFrom is the first day a listing verified on verified is stale.
func (p Period) StaleFrom(verified schedule.Date) schedule.Date {
	return addDays(p.After(verified), 1)
}

func addDays(d schedule.Date, n int) schedule.Date {
	return schedule.DateOf(d.Time(nil).AddDate(0, 0, n))
}

// addMonths moves d by n months, keeping the day of the month unless the
// month reached is shorter, then its last day.
func addMonths(d schedule.Date, n int) schedule.Date {
	first := time.Date(d.Year, d.Month, 1, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0)
	last := first.AddDate(0, 1, -1).Day()
	return schedule.Date{Year: first.Year(), Month: first.Month(), Day: min(d.Day, last)}
}

func (p Period) String() string {
	if p.N == 1 {
		return "1 " + p.Unit
	}
	return strconv.Itoa(p.N) + " " + p.Unit + "s"
}

// Organization is content/organizations/<id>.yaml.
type Organization struct {
	ID            string `yaml:"-"`
	File          string `yaml:"-"`
	Name          string `yaml:"name"`
	Description   string `yaml:"description"` // Markdown
	Website       string `yaml:"website"`
	Email         string `yaml:"email"`
	Phone         string `yaml:"phone"`
	CharityNumber string `yaml:"charity_number"`
}

// Venue is content/venues/<id>.yaml.
type Venue struct {
	ID            string   `yaml:"-"`
	File          string   `yaml:"-"`
	Name          string   `yaml:"name"`
	Address       []string `yaml:"address"`
	Town          string   `yaml:"town"`
	Postcode      string   `yaml:"postcode"`
	Lat           *float64 `yaml:"lat"`
	Lon           *float64 `yaml:"lon"`
	Directions    string   `yaml:"directions"`
	Accessibility []string `yaml:"accessibility"`
}

// HasPosition reports whether the venue has map coordinates.
func (v *Venue) HasPosition() bool { return v.Lat != nil && v.Lon != nil }

// Listing is one activity: content/listings/<id>.md or <id>.yaml.
type Listing struct {
	ID   string `yaml:"-"`
	File string `yaml:"-"`

	Title         string   `yaml:"title"`
	Organization  string   `yaml:"organization"`
	Summary       string   `yaml:"summary"`
	Description   string   `yaml:"description"` // Markdown: the body of a .md file
	Categories    []string `yaml:"categories"`
	Needs         []string `yaml:"needs"`
	Venue         string   `yaml:"venue"`
	OnlineURL     string   `yaml:"online_url"`
	ScheduleText  []string `yaml:"schedule"`
	ScheduleNotes string   `yaml:"schedule_notes"`
	Cost          Cost     `yaml:"cost"`
	Audience      Audience `yaml:"audience"`
	Accessibility []string `yaml:"accessibility"`
	Languages     []string `yaml:"languages"`
	Lang          string   `yaml:"lang"`
	Referral      string   `yaml:"referral"`
	HowToJoin     string   `yaml:"how_to_join"`
	FirstVisit    string   `yaml:"first_visit"`
	Contact       Contact  `yaml:"contact"`
	Status        string   `yaml:"status"`
	// Capacity is the optional capacity block; nil when the listing has none.
	Capacity     *Capacity `yaml:"capacity"`
	VerifiedText string    `yaml:"verified"`
	Tags         []string  `yaml:"tags"`
	// Activity names what the listing does in the terms of the OpenActive
	// activity list ("Walking Football"), for the OpenActive feed; when it
	// is empty, the feed reads it from the title and tags (site/activity).
	Activity string `yaml:"activity"`
	// SourceID is the activity's id in the system it was imported from
	// (`signpost import`), so a second import updates this listing
	// instead of adding another. Volunteers never need to set it.
	SourceID string `yaml:"source_id"`

	// Schedule holds ScheduleText, parsed, in the same order.
	Schedule []schedule.Rule `yaml:"-"`
	// Verified is VerifiedText, parsed.
	Verified schedule.Date `yaml:"-"`
	// Stale is set when Verified is older than the directory's stale_after.
	Stale bool `yaml:"-"`
	// VerifiedLine is the line of File that holds verified (1-based), for
	// the links that ask a volunteer to change it.
	VerifiedLine int `yaml:"-"`
	// Translations holds the listing's text in other languages, by language code.
	Translations map[string]*Translation `yaml:"-"`
}

// IsOnline reports whether the activity happens online rather than at a venue.
func (l *Listing) IsOnline() bool { return l.Venue == Online }

// IsActive reports whether people can join now or soon.
func (l *Listing) IsActive() bool { return l.Status == "active" || l.Status == "full" }

// Capacity is what a listing says about its places and waiting time, as
// the organizer last told a volunteer. It follows what HSDS 3.1's
// service_capacity carries (available, maximum, description, updated, in
// one unit: places) plus a waiting time, which HSDS has no field for and
// the SDOH Clinical Care guide's capacity extension puts in its notes.
type Capacity struct {
	// PlacesLeft is how many places are free now (HSDS available).
	PlacesLeft *int `yaml:"places_left"`
	// TotalPlaces is how many places there are in all (HSDS maximum).
	TotalPlaces *int `yaml:"total_places"`
	// WaitWeeks is about how many weeks someone new waits; 0 is no wait.
	WaitWeeks *int `yaml:"wait_weeks"`
	// Note is a short note in plain text.
	Note string `yaml:"note"`
	// UpdatedText is the date the numbers were given, as written.
	UpdatedText string `yaml:"updated"`

	// Updated is UpdatedText, parsed.
	Updated schedule.Date `yaml:"-"`
	// Stale is set when Updated is older than the directory's stale_after.
	Stale bool `yaml:"-"`
}

// Translation is content/listings/<id>.<lang>.md: a listing's text in another language.
type Translation struct {
	Lang        string `yaml:"-"`
	File        string `yaml:"-"`
	Title       string `yaml:"title"`
	Summary     string `yaml:"summary"`
	Description string `yaml:"description"`
	HowToJoin   string `yaml:"how_to_join"`
	FirstVisit  string `yaml:"first_visit"`
}

// Cost is what an activity costs: free, or an amount per something.
type Cost struct {
	Free        bool
	Amount      float64 `yaml:"amount"`
	Per         string  `yaml:"per"`
	Concessions string  `yaml:"concessions"`
}

// UnmarshalYAML accepts "free" or a mapping with amount, per and concessions.
func (c *Cost) UnmarshalYAML(unmarshal func(any) error) error {
	var word string
	if err := unmarshal(&word); err == nil {
		if word != "free" {
			return fmt.Errorf("cost %q: write free, or an amount like { amount: 3.50, per: session }", word)
		}
		*c = Cost{Free: true}
		return nil
	}
	type plain Cost
	var p plain
	if err := unmarshal(&p); err != nil {
		return err
	}
	*c = Cost(p)
	return nil
}

// Audience says who an activity is especially for.
type Audience struct {
	MinAge *int     `yaml:"min_age"`
	MaxAge *int     `yaml:"max_age"`
	Groups []string `yaml:"groups"`
}
