package pages

// These types are the contract between the Go pipeline and the Hugo theme:
// they are written as JSON front matter and read in templates as
// .Params.<json name>. Everything a template shows is computed here, in
// Go, so templates only lay it out.

// Term is one vocabulary term as shown on a page.
type Term struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	// URL is the term's page, relative to the site root without a leading
	// slash (feed it to relURL), or "" when the term has no page.
	URL string `json:"url,omitempty"`
}

// Listing is the front matter of /listings/<id>/. Hugo holds every page's
// source and front matter, decoded into maps, from loading the site until
// it has written the last page (and, in v0.165.0, another copy of the
// source sized like the whole file for the body alone). So the front
// matter carries only what lists and cards read; what only the listing's
// own page shows, ListingDetail and the JSON-LD, are two files of their
// own next to the content (see Detail), which the page template reads
// when it renders that page (os.ReadFile) and lets go of. At 10,000
// listings Hugo holds 200 MB less; at 100,000, 2 GB.
type Listing struct {
	Title   string `json:"title"`
	Summary string `json:"summary"`
	// Date is the verified date (ISO), so Hugo's .Date and .Lastmod sort by it.
	Date    string `json:"date"`
	Lastmod string `json:"lastmod"`
	Slug    string `json:"slug"`

	// Hugo taxonomies: ids, which create the term pages.
	Categories    []string `json:"categories"`
	Needs         []string `json:"needs"`
	Organizations []string `json:"organizations"`
	Venues        []string `json:"venues,omitempty"`

	ID        string   `json:"id"`
	Lang      string   `json:"lang"`      // language of the text (BCP 47)
	Direction string   `json:"direction"` // ltr or rtl
	Status    Term     `json:"status"`    // id: active, full, paused, ended
	Verified  Verified `json:"verified"`
	Filters   Filters  `json:"filters"`
	Links     Links    `json:"links"`
	Card      Card     `json:"card"`

	// Detail is the path of the listing's detail files in the Hugo
	// project, without their extension: Detail+".json" holds
	// ListingDetail, which the page template merges into .Params, and
	// Detail+".jsonld" the JSON-LD. DetailVersion changes whenever either
	// does, so that the page file changes with them and the live preview
	// re-renders the page.
	Detail        string `json:"detail"`
	DetailVersion string `json:"detail_version"`

	ListingDetail `json:"-"`
	// JSONLD is schema.org JSON-LD, already serialised and safe inside <script>.
	JSONLD string `json:"-"`
}

// DetailDir is the folder of the Hugo project that holds the listings'
// detail files (see Listing.Detail). It is not one of Hugo's own folders:
// Hugo reads nothing there unless a template asks.
const DetailDir = "detail"

// ListingDetail is what only a listing's own page shows. Its fields read,
// in the listing page template, as .Params fields like the others once
// the page has merged its detail file in.
type ListingDetail struct {
	CategoryTerms []Term        `json:"category_terms"`
	NeedTerms     []Term        `json:"need_terms"`
	Schedule      []string      `json:"schedule"` // human lines, e.g. "Every Tuesday, 10:00–11:30"
	ScheduleNotes string        `json:"schedule_notes,omitempty"`
	Next          *Session      `json:"next,omitempty"`
	Cost          Cost          `json:"cost"`
	Venue         *Venue        `json:"venue,omitempty"`
	Online        bool          `json:"online"`
	OnlineURL     string        `json:"online_url,omitempty"`
	Organization  Organization  `json:"organization"`
	Audience      Audience      `json:"audience"`
	Accessibility []Term        `json:"accessibility"`
	Languages     []Language    `json:"languages"`
	Referral      Term          `json:"referral"`
	HowToJoin     string        `json:"how_to_join,omitempty"`
	FirstVisit    string        `json:"first_visit,omitempty"`
	Contact       *Contact      `json:"contact,omitempty"`
	Capacity      *Capacity     `json:"capacity,omitempty"`
	Tags          []string      `json:"tags,omitempty"`
	Translations  []Translation `json:"translations,omitempty"`
}

// Capacity is what a listing says about places and waiting, in words;
// only listings that are running, full or paused have one.
type Capacity struct {
	Places  string `json:"places,omitempty"` // "3 places left of 12"
	Wait    string `json:"wait,omitempty"`   // "Waiting time about 4 weeks"
	Note    string `json:"note,omitempty"`
	Updated string `json:"updated"`         // "2026-11-20", for <time datetime>
	AsOf    string `json:"as_of"`           // "As of 20 November 2026"
	Stale   bool   `json:"stale,omitempty"` // older than stale_after
}

// Card is the short form of a listing shown in lists.
type Card struct {
	When  string `json:"when"`  // first schedule line, plus "and more" when there are several
	Where string `json:"where"` // venue name and town, or "Online"
	Cost  string `json:"cost"`
	// Lat and Lon are the venue's position, for near= on list pages.
	Lat *float64 `json:"lat,omitempty"`
	Lon *float64 `json:"lon,omitempty"`
	// Rules are the schedule's rules as JSON in the compact form the
	// browser evaluates for when= (schedule.Compact); "" when the activity
	// is not running or has no dated sessions.
	Rules string `json:"rules,omitempty"`
}

// Session is one upcoming occurrence.
type Session struct {
	Start string `json:"start"` // RFC 3339 with offset, for <time datetime>
	Text  string `json:"text"`  // "Tuesday 24 November 2026, 10:00–11:30"
}

// Cost is what an activity costs, ready to print.
type Cost struct {
	Free        bool   `json:"free"`
	Text        string `json:"text"` // "Free" or "£3.50 a session"
	Concessions string `json:"concessions,omitempty"`
}

// Venue is where a listing happens, as shown on the listing page.
type Venue struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	Address       []string `json:"address"` // street lines, then town and postcode
	Town          string   `json:"town"`
	Postcode      string   `json:"postcode,omitempty"`
	Directions    string   `json:"directions,omitempty"`
	MapURL        string   `json:"map_url,omitempty"` // OpenStreetMap, a plain link (no embedded map)
	Lat           *float64 `json:"lat,omitempty"`
	Lon           *float64 `json:"lon,omitempty"`
	Accessibility []Term   `json:"accessibility,omitempty"`
	URL           string   `json:"url"` // the venue page, relative (see Term.URL)
}

// Organization is who runs a listing.
type Organization struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Website string `json:"website,omitempty"`
	Email   string `json:"email,omitempty"`
	Phone   string `json:"phone,omitempty"`
	TelURL  string `json:"tel_url,omitempty"`
	URL     string `json:"url"`
}

// Audience says who a listing is for.
type Audience struct {
	Text   string `json:"text"` // "Everyone", "Adults (18+)", "Ages 16 to 25"
	Groups []Term `json:"groups,omitempty"`
}

// Language is a language an activity is run in.
type Language struct {
	Code string `json:"code"`
	Name string `json:"name"` // in English, with the native name: "Polish (polski)"
}

// Contact is a person or team to call or write to.
type Contact struct {
	Name   string `json:"name,omitempty"`
	Phone  string `json:"phone,omitempty"`
	TelURL string `json:"tel_url,omitempty"` // tel:+441632960123
	Email  string `json:"email,omitempty"`
}

// Verified says when the details were last confirmed.
type Verified struct {
	Date  string `json:"date"` // 2026-10-02
	Text  string `json:"text"` // 2 October 2026
	Stale bool   `json:"stale"`
}

// Filters are the values a listing matches, written as data attributes
// on list items so filters work with CSS alone and JavaScript can refine them.
type Filters struct {
	Days          []string `json:"days"`  // mon … sun
	Times         []string `json:"times"` // morning, afternoon, evening
	Cost          string   `json:"cost"`  // free or paid
	Accessibility []string `json:"accessibility"`
	Audience      []string `json:"audience"`
	Languages     []string `json:"languages"`
	Referral      string   `json:"referral"`
	Area          string   `json:"area"` // a slug of the venue's town, or "online"
}

// Translation is a listing's text in another language.
type Translation struct {
	Lang         string `json:"lang"`
	Direction    string `json:"direction"`
	LanguageName string `json:"language_name"`
	Title        string `json:"title"`
	Summary      string `json:"summary"`
	HowToJoin    string `json:"how_to_join,omitempty"`
	FirstVisit   string `json:"first_visit,omitempty"`
	// DescriptionHTML is the description rendered from Markdown here, not
	// by Hugo: Hugo's RenderString would run shortcodes in it.
	DescriptionHTML string `json:"description_html,omitempty"`
}

// Links are the actions around a listing.
type Links struct {
	// Calendar is the listing's iCalendar file, relative (see Term.URL),
	// or "" when it has no dated sessions.
	Calendar      string `json:"calendar,omitempty"`
	SuggestEdit   string `json:"suggest_edit,omitempty"`   // the file in the repository's web editor
	ReportProblem string `json:"report_problem,omitempty"` // a prefilled issue
	// EmailProblem writes to the directory's contact about this listing
	// (mailto:, subject and body filled in): no account needed, unlike
	// GitHub, which most clinicians do not have.
	EmailProblem string `json:"email_problem,omitempty"`
	// Sheet is the printable prescription (a PDF) and Basket the data the
	// /prescribe/ basket reads, both relative to the site root (see Term.URL).
	Sheet  string `json:"sheet"`
	Basket string `json:"basket"`
}

// Facet is one filter group on a list page, with the options that occur
// among its listings.
type Facet struct {
	Name  string `json:"name"`  // the Filters field: days, times, cost, accessibility, audience, languages, referral, area
	Label string `json:"label"` // "Day", "Time of day", …
	// Search is the filter's name on the search page (day for days), where
	// a list too long for one page sends its filters.
	Search  string        `json:"search"`
	Options []FacetOption `json:"options"`
}

// FacetOption is one value of a facet.
type FacetOption struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// TermPage is the front matter of a category, need, organization or venue page.
type TermPage struct {
	Title       string  `json:"title"`
	Description string  `json:"description,omitempty"` // plain text
	Kind        string  `json:"kind"`                  // category, need, organization, venue
	ID          string  `json:"id"`
	Facets      []Facet `json:"facets"`
	Count       int     `json:"count"` // active listings
	// Date and Lastmod are the latest verified date of the listings under
	// the term. Hugo would work them out itself, but by comparing every
	// listing with every term, which at ten thousand listings and a
	// thousand organizations and venues costs over a second per rebuild.
	Date    string `json:"date,omitempty"`
	Lastmod string `json:"lastmod,omitempty"`
	// For organizations and venues:
	Organization *Organization `json:"organization,omitempty"`
	Venue        *Venue        `json:"venue,omitempty"`
}

// Home is the front matter of the home page.
type Home struct {
	Title      string   `json:"title"`
	Area       string   `json:"area,omitempty"`
	Needs      []Count  `json:"needs"`
	Categories []Count  `json:"categories"`
	Recent     []string `json:"recent"` // listing ids, most recently verified first
	Listings   int      `json:"listings"`
}

// Count is a term with the number of active listings under it.
type Count struct {
	Term
	Description string `json:"description,omitempty"`
	Count       int    `json:"count"`
}
