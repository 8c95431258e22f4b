package feeds

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/signpost-directory/signpost/site/atomicfile"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/schedule"
)

// The HSDS 3.0 static API, under api/hsds/. Each listing is a service,
// delivered at one location (its venue, or a virtual location for online
// activities). Every path of the HSDS OpenAPI description has a file:
//
//	index.json                    the API root
//	services.json                 /services: the first page of services (one-to-one fields)
//	services/page-<n>.json        /services?page=<n> (page 1 is services.json too; see HSDSPageSize)
//	services/<id>.json            /services/{id}: the fully nested service
//	organizations.json            /organizations
//	organizations/<id>.json       /organizations/{id}, with its services (one-to-one fields)
//	service_at_locations.json     /service_at_locations
//	service_at_locations/<id>.json
//	taxonomies.json, taxonomies/<id>.json
//	taxonomy_terms.json, taxonomy_terms/<id>.json
//
// Each <id>.json is also written without the extension (services/<id>),
// so a client that appends ids to the base URL, as the OpenAPI paths do,
// finds them on any static host. Every list (services, organizations,
// service_at_locations, taxonomies, taxonomy_terms) is paginated the same
// way: a static host cannot answer ?page=2, so page n of <kind>.json is the
// file <kind>/page-<n>.json (page 1 is both), and each page's Page object
// (total_pages, page_number, last_page) says whether there are more.
const hsdsDir = "api/hsds/"

const (
	hsdsVersion = "3.0"
	// The API follows HSDS 3.0 itself, not a national profile of it.
	hsdsProfile = "https://github.com/openreferral/specification/tree/3.0"
	hsdsOpenAPI = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
)

// hsdsRoot is the API root (GET /).
type hsdsRoot struct {
	Version    string `json:"version"`
	Profile    string `json:"profile"`
	OpenAPIURL string `json:"openapi_url"`
}

// HSDSPageSize is how many items a page of an HSDS list holds. A directory
// the size of a county (10,000 services) has ten pages of services.
const HSDSPageSize = 1000

// hsdsPage is a page of a paginated list (the OpenAPI description's Page).
type hsdsPage[T any] struct {
	TotalItems int  `json:"total_items"`
	TotalPages int  `json:"total_pages"`
	PageNumber int  `json:"page_number"`
	Size       int  `json:"size"`
	FirstPage  bool `json:"first_page"`
	LastPage   bool `json:"last_page"`
	Empty      bool `json:"empty"`
	Contents   []T  `json:"contents"`
}

// pagesOf splits items into pages of size; an empty list is one empty page.
func pagesOf[T any](items []T, size int) []hsdsPage[T] {
	total := max(1, (len(items)+size-1)/size)
	pages := make([]hsdsPage[T], total)
	for i := range pages {
		contents := orEmpty(items[i*size : min((i+1)*size, len(items))])
		pages[i] = hsdsPage[T]{TotalItems: len(items), TotalPages: total, PageNumber: i + 1, Size: len(contents),
			FirstPage: i == 0, LastPage: i == total-1, Empty: len(contents) == 0, Contents: contents}
	}
	return pages
}

// writePages writes a list as <kind>/page-<n>.json, page 1 also (the same
// bytes) as <kind>.json. Page 1 has both names so that one rewrite rule,
// ?page=<n> to <kind>/page-<n>.json, serves every page, the first
// included: clients such as the Open Referral UK validator ask for
// ?page=1.
func writePages[T any](out *output, kind string, items []T, size int) error {
	for _, p := range pagesOf(items, size) {
		data, err := marshal(p)
		if err != nil {
			return fmt.Errorf("encoding page %d of %s: %w", p.PageNumber, kind, err)
		}
		rel := fmt.Sprintf("%s%s/page-%d.json", hsdsDir, kind, p.PageNumber)
		if p.PageNumber == 1 {
			err = out.write(hsdsDir+kind+".json", data, rel)
		} else {
			err = out.write(rel, data)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// serviceCore is the one-to-one fields of a service.
type serviceCore struct {
	ID                     string `json:"id"`
	OrganizationID         string `json:"organization_id"`
	Name                   string `json:"name"`
	Description            string `json:"description"`
	URL                    string `json:"url"`
	Email                  string `json:"email,omitempty"`
	Status                 string `json:"status"`
	ApplicationProcess     string `json:"application_process,omitempty"`
	FeesDescription        string `json:"fees_description"`
	EligibilityDescription string `json:"eligibility_description,omitempty"`
	MinimumAge             *int   `json:"minimum_age,omitempty"`
	MaximumAge             *int   `json:"maximum_age,omitempty"`
	AssuredDate            string `json:"assured_date"`
	Alert                  string `json:"alert,omitempty"`
	LastModified           string `json:"last_modified"`
}

// serviceListItem is a service in services.json: its one-to-one fields
// and its organization's, as GET /services returns them.
type serviceListItem struct {
	serviceCore
	Organization *organizationCore `json:"organization,omitempty"`
}

// hsdsService is a fully nested service. Organization is left out where
// the service is nested in its organization.
type hsdsService struct {
	serviceCore
	Phones             []hsdsPhone             `json:"phones"`
	Schedules          []hsdsSchedule          `json:"schedules"`
	ServiceAreas       []hsdsServiceArea       `json:"service_areas"`
	ServiceAtLocations []hsdsServiceAtLocation `json:"service_at_locations"`
	Languages          []hsdsLanguage          `json:"languages"`
	Organization       *hsdsOrganization       `json:"organization,omitempty"`
	CostOptions        []hsdsCostOption        `json:"cost_options"`
	Contacts           []hsdsContact           `json:"contacts"`
	Attributes         []hsdsAttribute         `json:"attributes"`
}

type organizationCore struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Email       string `json:"email,omitempty"`
	Website     string `json:"website,omitempty"`
}

type hsdsOrganization struct {
	organizationCore
	Phones                  []hsdsPhone                  `json:"phones"`
	OrganizationIdentifiers []hsdsOrganizationIdentifier `json:"organization_identifiers"`
	// Services is set in organizations/<id>.json only, with the one-to-one
	// fields of each service, as the OpenAPI description says.
	Services []serviceCore `json:"services,omitempty"`
}

type hsdsOrganizationIdentifier struct {
	ID               string `json:"id"`
	OrganizationID   string `json:"organization_id"`
	IdentifierScheme string `json:"identifier_scheme,omitempty"`
	IdentifierType   string `json:"identifier_type"`
	Identifier       string `json:"identifier"`
}

type hsdsPhone struct {
	ID             string `json:"id"`
	ServiceID      string `json:"service_id,omitempty"`
	OrganizationID string `json:"organization_id,omitempty"`
	Number         string `json:"number"`
}

type hsdsContact struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id"`
	Name      string `json:"name,omitempty"`
	Email     string `json:"email,omitempty"`
}

type hsdsLanguage struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id"`
	Name      string `json:"name"`
	Code      string `json:"code"`
}

type hsdsServiceArea struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id"`
	Name      string `json:"name"`
}

type hsdsCostOption struct {
	ID                string   `json:"id"`
	ServiceID         string   `json:"service_id"`
	Option            string   `json:"option,omitempty"`
	Currency          string   `json:"currency,omitempty"`
	Amount            *float64 `json:"amount,omitempty"`
	AmountDescription string   `json:"amount_description,omitempty"`
}

// hsdsSchedule is one schedule rule. Times are wall-clock times in the
// directory's time zone (see scheduleFor).
type hsdsSchedule struct {
	ID            string `json:"id"`
	ServiceID     string `json:"service_id"`
	ValidFrom     string `json:"valid_from,omitempty"`
	ValidTo       string `json:"valid_to,omitempty"`
	DTStart       string `json:"dtstart,omitempty"`
	Until         string `json:"until,omitempty"`
	Count         int    `json:"count,omitempty"`
	Wkst          string `json:"wkst,omitempty"`
	Freq          string `json:"freq,omitempty"`
	Interval      int    `json:"interval,omitempty"`
	Byday         string `json:"byday,omitempty"`
	Description   string `json:"description"`
	OpensAt       string `json:"opens_at,omitempty"`
	ClosesAt      string `json:"closes_at,omitempty"`
	ScheduleLink  string `json:"schedule_link,omitempty"`
	AttendingType string `json:"attending_type,omitempty"`
	Notes         string `json:"notes,omitempty"`
}

type hsdsServiceAtLocation struct {
	ID         string        `json:"id"`
	ServiceID  string        `json:"service_id"`
	LocationID string        `json:"location_id"`
	Location   *hsdsLocation `json:"location"`
	// Service is set in the service_at_locations documents only.
	Service *serviceCore `json:"service,omitempty"`
}

// locationCore is the one-to-one fields of a location.
type locationCore struct {
	ID             string   `json:"id"`
	LocationType   string   `json:"location_type"`
	URL            string   `json:"url,omitempty"`
	Name           string   `json:"name"`
	Transportation string   `json:"transportation,omitempty"`
	Latitude       *float64 `json:"latitude,omitempty"`
	Longitude      *float64 `json:"longitude,omitempty"`
}

type hsdsLocation struct {
	locationCore
	Addresses     []hsdsAddress       `json:"addresses"`
	Accessibility []hsdsAccessibility `json:"accessibility"`
}

// salListItem is a service at a location in service_at_locations.json:
// one-to-one fields, with those of its location and service.
type salListItem struct {
	ID         string        `json:"id"`
	ServiceID  string        `json:"service_id"`
	LocationID string        `json:"location_id"`
	Location   *locationCore `json:"location"`
	Service    *serviceCore  `json:"service"`
}

type hsdsAddress struct {
	ID            string `json:"id"`
	LocationID    string `json:"location_id"`
	Address1      string `json:"address_1"`
	Address2      string `json:"address_2,omitempty"`
	City          string `json:"city"`
	StateProvince string `json:"state_province"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
	AddressType   string `json:"address_type"`
}

type hsdsAccessibility struct {
	ID          string `json:"id"`
	LocationID  string `json:"location_id"`
	Description string `json:"description"`
	Details     string `json:"details,omitempty"`
}

type hsdsTaxonomy struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	URI         string `json:"uri,omitempty"`
}

type hsdsTaxonomyTerm struct {
	ID             string        `json:"id"`
	Code           string        `json:"code"`
	Name           string        `json:"name"`
	Description    string        `json:"description"`
	Taxonomy       string        `json:"taxonomy"`
	TaxonomyID     string        `json:"taxonomy_id"`
	TaxonomyDetail *hsdsTaxonomy `json:"taxonomy_detail"`
	Language       string        `json:"language"`
}

type hsdsAttribute struct {
	ID             string            `json:"id"`
	LinkID         string            `json:"link_id"`
	LinkType       string            `json:"link_type"`
	LinkEntity     string            `json:"link_entity"`
	TaxonomyTermID string            `json:"taxonomy_term_id"`
	TaxonomyTerm   *hsdsTaxonomyTerm `json:"taxonomy_term"`
}

// hsdsStatus maps a listing's status to the service status values HSDS
// allows: a full activity still runs; a paused one is closed for now; an
// ended one is gone.
var hsdsStatus = map[string]string{
	"active": "active",
	"full":   "active",
	"paused": "temporarily closed",
	"ended":  "defunct",
}

// vocabularies are the taxonomies HSDS publishes, with the link_type of
// the attributes that use them.
var vocabularies = []struct {
	name, linkType, title, description string
}{
	{"categories", "category", "Types of activity", "What kind of activity a service is."},
	{"needs", "need", "Needs", "What a service can help with, for social prescribing."},
	{"accessibility", "accessibility", "Accessibility", "Access features of a service or of the place it happens."},
	{"audience", "audience", "Audience", "Groups of people a service is especially for."},
}

// hsdsModel is the whole directory in HSDS terms.
type hsdsModel struct {
	taxonomies []*hsdsTaxonomy
	terms      []*hsdsTaxonomyTerm
	term       map[string]*hsdsTaxonomyTerm // by vocabulary/term id
	orgs       []*hsdsOrganization
	services   []*hsdsService
}

func (f *feeds) hsdsModel(ctx context.Context) (*hsdsModel, error) {
	m := &hsdsModel{term: map[string]*hsdsTaxonomyTerm{}}
	lang := f.d.Config.DefaultLanguage()
	for _, v := range vocabularies {
		vocab := f.d.Taxonomy.Vocabulary(v.name)
		if vocab == nil {
			continue
		}
		t := &hsdsTaxonomy{ID: f.id("taxonomy", v.name), Name: f.d.Config.Name + ": " + v.title, Description: v.description}
		m.taxonomies = append(m.taxonomies, t)
		for _, term := range vocab.Terms {
			tt := &hsdsTaxonomyTerm{ID: f.id("taxonomy_term", v.name, term.ID), Code: term.ID,
				Name: vocab.Label(term.ID, lang), Description: term.Description, Taxonomy: v.name,
				TaxonomyID: t.ID, TaxonomyDetail: t, Language: lang}
			if tt.Description == "" {
				tt.Description = tt.Name
			}
			m.terms = append(m.terms, tt)
			m.term[v.name+"/"+term.ID] = tt
		}
	}
	orgs := map[string]*hsdsOrganization{}
	for _, o := range f.d.Organizations {
		org := f.hsdsOrganization(o)
		m.orgs = append(m.orgs, org)
		orgs[o.ID] = org
	}
	for _, l := range f.d.Listings {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m.services = append(m.services, f.hsdsService(l, m, orgs[l.Organization]))
	}
	return m, nil
}

func (f *feeds) hsdsOrganization(o *content.Organization) *hsdsOrganization {
	id := f.id("organization", o.ID)
	org := &hsdsOrganization{
		organizationCore: organizationCore{ID: id, Name: o.Name, Description: strings.TrimSpace(o.Description),
			Email: o.Email, Website: o.Website},
		Phones:                  []hsdsPhone{},
		OrganizationIdentifiers: []hsdsOrganizationIdentifier{},
	}
	if o.Phone != "" {
		org.Phones = append(org.Phones, hsdsPhone{ID: f.id("phone", "organization", o.ID), OrganizationID: id, Number: o.Phone})
	}
	if o.CharityNumber != "" {
		org.OrganizationIdentifiers = append(org.OrganizationIdentifiers, hsdsOrganizationIdentifier{
			ID: f.id("organization_identifier", o.ID, "charity"), OrganizationID: id,
			IdentifierScheme: content.CharityScheme(f.d.Config.Country, o.CharityNumber),
			IdentifierType:   "Charity number", Identifier: o.CharityNumber})
	}
	return org
}

func (f *feeds) hsdsService(l *content.Listing, m *hsdsModel, org *hsdsOrganization) *hsdsService {
	cfg := f.d.Config
	id := f.id("service", l.ID)
	description := l.Summary
	if l.Description != "" {
		description += "\n\n" + l.Description
	}
	s := &hsdsService{
		serviceCore: serviceCore{
			ID: id, Name: l.Title, Description: description, URL: f.listingURL(l),
			Email: l.Contact.Email, Status: hsdsStatus[l.Status],
			ApplicationProcess:     applicationText(l),
			FeesDescription:        feesText(l.Cost, cfg.Currency),
			EligibilityDescription: audienceText(l.Audience, f.d.Taxonomy.Audience, cfg.DefaultLanguage()),
			MinimumAge:             l.Audience.MinAge, MaximumAge: l.Audience.MaxAge,
			AssuredDate:  l.Verified.String(),
			Alert:        hsdsAlert(l),
			LastModified: modified(l).Format(time.RFC3339),
		},
		Phones: []hsdsPhone{}, Schedules: []hsdsSchedule{}, Languages: []hsdsLanguage{},
		CostOptions: []hsdsCostOption{}, Contacts: []hsdsContact{}, Attributes: []hsdsAttribute{},
		ServiceAreas: []hsdsServiceArea{},
	}
	if org != nil {
		s.OrganizationID = org.ID
		s.Organization = org
	}
	if l.Contact.Phone != "" {
		s.Phones = append(s.Phones, hsdsPhone{ID: f.id("phone", "service", l.ID), ServiceID: id, Number: l.Contact.Phone})
	}
	if l.Contact.Name != "" || l.Contact.Email != "" {
		s.Contacts = append(s.Contacts, hsdsContact{ID: f.id("contact", "service", l.ID), ServiceID: id,
			Name: l.Contact.Name, Email: l.Contact.Email})
	}
	if cfg.Area != "" {
		s.ServiceAreas = append(s.ServiceAreas, hsdsServiceArea{ID: f.id("service_area", l.ID), ServiceID: id, Name: cfg.Area})
	}
	languages := l.Languages
	if len(languages) == 0 {
		languages = []string{l.Lang}
	}
	for _, code := range languages {
		s.Languages = append(s.Languages, hsdsLanguage{ID: f.id("language", l.ID, code), ServiceID: id,
			Name: content.LanguageName(code), Code: code})
	}
	s.CostOptions = f.costOptions(l, id)
	s.Schedules = f.schedules(l, id)
	s.ServiceAtLocations = []hsdsServiceAtLocation{f.serviceAtLocation(l, id)}

	link := func(vocab string, terms []string) {
		for _, t := range terms {
			tt := m.term[vocab+"/"+t]
			if tt == nil {
				continue
			}
			s.Attributes = append(s.Attributes, hsdsAttribute{ID: f.id("attribute", l.ID, vocab, t), LinkID: id,
				LinkType: linkType(vocab), LinkEntity: "service", TaxonomyTermID: tt.ID, TaxonomyTerm: tt})
		}
	}
	link("categories", l.Categories)
	link("needs", l.Needs)
	link("accessibility", l.Accessibility)
	link("audience", l.Audience.Groups)
	return s
}

func linkType(vocab string) string {
	for _, v := range vocabularies {
		if v.name == vocab {
			return v.linkType
		}
	}
	return vocab
}

func (f *feeds) costOptions(l *content.Listing, serviceID string) []hsdsCostOption {
	c := l.Cost
	amount := c.Amount
	if c.Free {
		amount = 0
	}
	out := []hsdsCostOption{{ID: f.id("cost_option", l.ID, "1"), ServiceID: serviceID,
		Currency: f.d.Config.Currency, Amount: &amount, AmountDescription: c.Text(f.d.Config.Currency)}}
	if c.Concessions != "" {
		out = append(out, hsdsCostOption{ID: f.id("cost_option", l.ID, "2"), ServiceID: serviceID,
			Option: c.Concessions})
	}
	return out
}

// schedules maps each schedule rule to an HSDS schedule. Repeating rules
// give freq, interval, byday and dtstart (the first session, as in the
// calendar), with until and valid_to for courses; HSDS has no daily
// frequency, so daily is weekly on every day. A one-off is a weekly rule
// with count 1. "By appointment" is a schedule with a description only:
// it says how the service runs, which consumers show to people, while
// programs that compute opening times skip it for want of a freq.
//
// opens_at and closes_at are wall-clock times in the directory's time
// zone, without an offset: a fixed offset would be wrong for half the year
// wherever clocks change, and the zone is named in notes.
func (f *feeds) schedules(l *content.Listing, serviceID string) []hsdsSchedule {
	attending := "In person"
	if l.IsOnline() {
		attending = "Online"
	}
	link := ""
	if HasCalendar(f.d, l) {
		link = f.calendarURL(l)
	}
	out := []hsdsSchedule{}
	for i, r := range l.Schedule {
		s := hsdsSchedule{ID: f.id("schedule", l.ID, strconv.Itoa(i+1)), ServiceID: serviceID, Description: r.String(),
			Notes: l.ScheduleNotes}
		if r.Kind == schedule.ByAppointment {
			out = append(out, s)
			continue
		}
		s.OpensAt, s.ClosesAt = r.Start.String(), r.End.String()
		s.AttendingType, s.ScheduleLink = attending, link
		zone := "Times are local time (" + f.loc.String() + ")."
		s.Notes = strings.TrimSpace(zone + " " + l.ScheduleNotes)
		if o, ok := firstSession(l, r, f.loc); ok {
			s.DTStart = schedule.DateOf(o.Start).String()
		}
		s.Wkst = schedule.DayCode(time.Monday)
		switch r.Kind {
		case schedule.Once:
			s.Freq, s.Count, s.Byday = "WEEKLY", 1, schedule.DayCode(r.On.Weekday())
			s.ValidFrom, s.ValidTo = r.On.String(), r.On.String()
		case schedule.Weekly, schedule.Fortnightly, schedule.Monthly, schedule.Weekdays, schedule.Daily:
			s.Freq, s.Interval, s.Byday = rruleParts(r)
			if !r.From.IsZero() {
				s.ValidFrom = r.From.String()
			}
			if !r.Until.IsZero() {
				s.ValidTo, s.Until = r.Until.String(), r.Until.String()
			}
		}
		out = append(out, s)
	}
	return out
}

// rruleParts reads FREQ, INTERVAL and BYDAY from the rule's RRULE, so HSDS
// and the calendar say the same; FREQ=DAILY becomes weekly on every day.
func rruleParts(r schedule.Rule) (freq string, interval int, byday string) {
	interval = 1
	for _, part := range strings.Split(r.RRULE(), ";") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "FREQ":
			freq = v
		case "INTERVAL":
			if n, err := strconv.Atoi(v); err == nil {
				interval = n
			}
		case "BYDAY":
			byday = v
		}
	}
	if freq == "DAILY" {
		freq, byday = "WEEKLY", "MO,TU,WE,TH,FR,SA,SU"
	}
	return freq, interval, byday
}

func (f *feeds) serviceAtLocation(l *content.Listing, serviceID string) hsdsServiceAtLocation {
	return hsdsServiceAtLocation{ID: f.id("service_at_location", l.ID), ServiceID: serviceID,
		LocationID: f.locationID(l), Location: f.location(l)}
}

func (f *feeds) locationID(l *content.Listing) string {
	if v := f.d.Venue(l.Venue); v != nil {
		return f.id("location", v.ID)
	}
	return f.id("location", "online", l.ID)
}

// location is the venue of a listing, or a virtual location with its
// online address.
func (f *feeds) location(l *content.Listing) *hsdsLocation {
	id := f.locationID(l)
	v := f.d.Venue(l.Venue)
	if v == nil {
		return &hsdsLocation{locationCore: locationCore{ID: id, LocationType: "virtual", URL: l.OnlineURL, Name: "Online"},
			Addresses: []hsdsAddress{}, Accessibility: []hsdsAccessibility{}}
	}
	loc := &hsdsLocation{locationCore: locationCore{ID: id, LocationType: "physical", Name: v.Name,
		Transportation: v.Directions, Latitude: v.Lat, Longitude: v.Lon},
		Addresses: []hsdsAddress{}, Accessibility: []hsdsAccessibility{}}
	a := hsdsAddress{ID: f.id("address", v.ID), LocationID: id, Address1: v.Name, City: v.Town,
		PostalCode: v.Postcode, Country: f.d.Config.Country, AddressType: "physical"}
	if len(v.Address) > 0 {
		a.Address1 = v.Address[0]
		a.Address2 = strings.Join(v.Address[1:], ", ")
	}
	loc.Addresses = append(loc.Addresses, a)
	lang := f.d.Config.DefaultLanguage()
	for _, t := range v.Accessibility {
		term := f.d.Taxonomy.Accessibility.Term(t)
		if term == nil {
			continue
		}
		loc.Accessibility = append(loc.Accessibility, hsdsAccessibility{ID: f.id("accessibility", v.ID, t),
			LocationID: id, Description: f.d.Taxonomy.Accessibility.Label(t, lang), Details: term.Description})
	}
	return loc
}

// writeHSDS writes the HSDS API.
func (f *feeds) writeHSDS(ctx context.Context, out *output) error {
	m, err := f.hsdsModel(ctx)
	if err != nil {
		return err
	}
	doc := func(rel string, v any) error { return out.writeJSON(hsdsDir+rel, v) }
	// byID writes a document as <kind>/<id>.json and <kind>/<id>, the
	// same bytes; made is the key of what it is made from, or zero.
	byID := func(kind, id string, made atomicfile.Key, v any) error {
		rel := hsdsDir + kind + "/" + id
		return out.writeMade(rel+".json", made, func() ([]byte, error) { return marshal(v) }, rel)
	}

	if err := doc("index.json", hsdsRoot{Version: hsdsVersion, Profile: hsdsProfile, OpenAPIURL: hsdsOpenAPI}); err != nil {
		return err
	}

	services := make([]serviceListItem, len(m.services))
	var sals []salListItem
	byOrg := map[string][]serviceCore{}
	for i, s := range m.services {
		if err := ctx.Err(); err != nil {
			return err
		}
		services[i] = serviceListItem{serviceCore: s.serviceCore}
		if s.Organization != nil {
			services[i].Organization = &s.Organization.organizationCore
		}
		if err := byID("services", s.ID, f.key(i), s); err != nil {
			return err
		}
		byOrg[s.OrganizationID] = append(byOrg[s.OrganizationID], s.serviceCore)
		for _, sal := range s.ServiceAtLocations {
			sal.Service = &s.serviceCore
			if err := byID("service_at_locations", sal.ID, f.key(i), sal); err != nil {
				return err
			}
			sals = append(sals, salListItem{ID: sal.ID, ServiceID: sal.ServiceID, LocationID: sal.LocationID,
				Location: &sal.Location.locationCore, Service: &s.serviceCore})
		}
	}
	size := cmp.Or(f.hsdsPageSize, HSDSPageSize)
	if err := writePages(out, "services", services, size); err != nil {
		return err
	}
	if err := writePages(out, "service_at_locations", sals, size); err != nil {
		return err
	}

	orgs := make([]organizationCore, len(m.orgs))
	for i, o := range m.orgs {
		orgs[i] = o.organizationCore
		full := *o
		full.Services = orEmpty(byOrg[o.ID])
		if err := byID("organizations", o.ID, atomicfile.Key{}, full); err != nil {
			return err
		}
	}
	if err := writePages(out, "organizations", orgs, size); err != nil {
		return err
	}

	taxonomies := make([]hsdsTaxonomy, len(m.taxonomies))
	for i, t := range m.taxonomies {
		taxonomies[i] = *t
		if err := byID("taxonomies", t.ID, atomicfile.Key{}, t); err != nil {
			return err
		}
	}
	if err := writePages(out, "taxonomies", taxonomies, size); err != nil {
		return err
	}
	terms := make([]hsdsTaxonomyTerm, len(m.terms))
	for i, t := range m.terms {
		terms[i] = *t
		if err := byID("taxonomy_terms", t.ID, atomicfile.Key{}, t); err != nil {
			return err
		}
	}
	return writePages(out, "taxonomy_terms", terms, size)
}
