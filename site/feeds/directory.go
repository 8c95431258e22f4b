package feeds

import (
	"context"
	"strings"
	"time"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/schedule"
)

// DirectoryVersion is the version of the directory.json format. It goes up
// only when a field is removed or changes meaning; new fields may appear
// within a version, so readers should ignore fields they do not know.
const DirectoryVersion = 1

// directoryDoc is directory.json: the checked directory, complete, in
// signpost's own terms. Field names follow the content files.
type directoryDoc struct {
	Version       int               `json:"version"`
	Directory     directoryInfo     `json:"directory"`
	Organizations []organizationDoc `json:"organizations"`
	Venues        []venueDoc        `json:"venues"`
	Listings      []listingDoc      `json:"listings"`
	Taxonomy      taxonomyDoc       `json:"taxonomy"`
}

type directoryInfo struct {
	Name       string      `json:"name"`
	Area       string      `json:"area"`
	BaseURL    string      `json:"base_url"`
	Languages  []string    `json:"languages"`
	Timezone   string      `json:"timezone"`
	Currency   string      `json:"currency"`
	Country    string      `json:"country"`
	Contact    *contactDoc `json:"contact,omitempty"`
	Repository string      `json:"repository,omitempty"`
	StaleAfter string      `json:"stale_after,omitempty"`
}

type organizationDoc struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Description   string `json:"description"`
	Website       string `json:"website,omitempty"`
	Email         string `json:"email,omitempty"`
	Phone         string `json:"phone,omitempty"`
	CharityNumber string `json:"charity_number,omitempty"`
	HSDSID        string `json:"hsds_id"`
}

type venueDoc struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	Address       []string `json:"address"`
	Town          string   `json:"town,omitempty"`
	Postcode      string   `json:"postcode,omitempty"`
	Lat           *float64 `json:"lat,omitempty"`
	Lon           *float64 `json:"lon,omitempty"`
	Directions    string   `json:"directions,omitempty"`
	Accessibility []string `json:"accessibility"`
	HSDSID        string   `json:"hsds_id"`
}

type listingDoc struct {
	ID            string                    `json:"id"`
	URL           string                    `json:"url"`
	Title         string                    `json:"title"`
	Organization  string                    `json:"organization"`
	Summary       string                    `json:"summary"`
	Description   string                    `json:"description"`
	Categories    []string                  `json:"categories"`
	Needs         []string                  `json:"needs"`
	Venue         string                    `json:"venue"`
	OnlineURL     string                    `json:"online_url,omitempty"`
	Schedule      []ruleDoc                 `json:"schedule"`
	ScheduleNotes string                    `json:"schedule_notes,omitempty"`
	Cost          costDoc                   `json:"cost"`
	Audience      audienceDoc               `json:"audience"`
	Accessibility []string                  `json:"accessibility"`
	Languages     []string                  `json:"languages"`
	Lang          string                    `json:"lang"`
	Referral      string                    `json:"referral"`
	HowToJoin     string                    `json:"how_to_join,omitempty"`
	FirstVisit    string                    `json:"first_visit,omitempty"`
	Contact       *contactDoc               `json:"contact,omitempty"`
	Status        string                    `json:"status"`
	Capacity      *capacityDoc              `json:"capacity,omitempty"`
	Verified      string                    `json:"verified"`
	Tags          []string                  `json:"tags"`
	Activity      string                    `json:"activity,omitempty"`
	Translations  map[string]translationDoc `json:"translations"`
	CalendarURL   string                    `json:"calendar_url,omitempty"`
	HSDSID        string                    `json:"hsds_id"`
}

// capacityDoc is a listing's capacity with the field names of the content
// file, plus the whole of it in words (text) as the pages say it.
type capacityDoc struct {
	PlacesLeft  *int   `json:"places_left,omitempty"`
	TotalPlaces *int   `json:"total_places,omitempty"`
	WaitWeeks   *int   `json:"wait_weeks,omitempty"`
	Note        string `json:"note,omitempty"`
	Updated     string `json:"updated"`
	Text        string `json:"text"`
}

func capacityDocOf(c *content.Capacity) *capacityDoc {
	if c == nil {
		return nil
	}
	return &capacityDoc{PlacesLeft: c.PlacesLeft, TotalPlaces: c.TotalPlaces, WaitWeeks: c.WaitWeeks,
		Note: c.Note, Updated: c.Updated.String(), Text: c.Text()}
}

// ruleDoc is one schedule rule: as people read it, in canonical grammar,
// as structured fields, and as an RFC 5545 RRULE with its first session.
type ruleDoc struct {
	Text      string   `json:"text"`
	Canonical string   `json:"canonical"`
	Kind      string   `json:"kind"`
	Days      []string `json:"days,omitempty"`
	Nth       []int    `json:"nth,omitempty"`
	Start     string   `json:"start,omitempty"`
	End       string   `json:"end,omitempty"`
	On        string   `json:"on,omitempty"`
	From      string   `json:"from,omitempty"`
	Until     string   `json:"until,omitempty"`
	RRULE     string   `json:"rrule,omitempty"`
	// FirstStart is the start of the first session in the calendar feeds,
	// in RFC 3339 with the local offset: see firstSession.
	FirstStart string `json:"first_start,omitempty"`
}

type costDoc struct {
	Free        bool     `json:"free"`
	Amount      *float64 `json:"amount,omitempty"`
	Per         string   `json:"per,omitempty"`
	Currency    string   `json:"currency,omitempty"`
	Concessions string   `json:"concessions,omitempty"`
	Text        string   `json:"text"`
}

type audienceDoc struct {
	MinAge *int     `json:"min_age,omitempty"`
	MaxAge *int     `json:"max_age,omitempty"`
	Groups []string `json:"groups"`
}

type contactDoc struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

type translationDoc struct {
	Title       string `json:"title,omitempty"`
	Summary     string `json:"summary,omitempty"`
	Description string `json:"description,omitempty"`
	HowToJoin   string `json:"how_to_join,omitempty"`
	FirstVisit  string `json:"first_visit,omitempty"`
}

type taxonomyDoc struct {
	Categories    []termDoc `json:"categories"`
	Needs         []termDoc `json:"needs"`
	Accessibility []termDoc `json:"accessibility"`
	Audience      []termDoc `json:"audience"`
}

type termDoc struct {
	ID           string                      `json:"id"`
	Label        string                      `json:"label"`
	Description  string                      `json:"description,omitempty"`
	Translations map[string]content.TermText `json:"translations,omitempty"`
	HSDSID       string                      `json:"hsds_id"`
}

// writeDirectory writes directory.json. It leaves out what depends on
// the day of the build (whether a listing is stale): that is in the
// build report.
func (f *feeds) writeDirectory(ctx context.Context, out *output) error {
	cfg := f.d.Config
	doc := directoryDoc{
		Version: DirectoryVersion,
		Directory: directoryInfo{Name: cfg.Name, Area: cfg.Area, BaseURL: f.base, Languages: orEmpty(cfg.Languages),
			Timezone: cfg.Timezone, Currency: cfg.Currency, Country: cfg.Country, Contact: contactDocOf(cfg.Contact),
			Repository: cfg.Repository},
		Organizations: []organizationDoc{}, Venues: []venueDoc{}, Listings: []listingDoc{},
	}
	if !cfg.StaleAfter.IsZero() {
		doc.Directory.StaleAfter = cfg.StaleAfter.String()
	}
	for _, o := range f.d.Organizations {
		doc.Organizations = append(doc.Organizations, organizationDoc{ID: o.ID, Name: o.Name,
			Description: o.Description, Website: o.Website, Email: o.Email, Phone: o.Phone,
			CharityNumber: o.CharityNumber, HSDSID: f.id("organization", o.ID)})
	}
	for _, v := range f.d.Venues {
		doc.Venues = append(doc.Venues, venueDoc{ID: v.ID, Name: v.Name, Address: orEmpty(v.Address), Town: v.Town,
			Postcode: v.Postcode, Lat: v.Lat, Lon: v.Lon, Directions: v.Directions,
			Accessibility: orEmpty(v.Accessibility), HSDSID: f.id("location", v.ID)})
	}
	for _, l := range f.d.Listings {
		if err := ctx.Err(); err != nil {
			return err
		}
		doc.Listings = append(doc.Listings, f.listingDoc(l))
	}
	terms := func(v *content.Vocabulary) []termDoc {
		out := []termDoc{}
		for _, t := range v.Terms {
			out = append(out, termDoc{ID: t.ID, Label: t.Label, Description: t.Description,
				Translations: t.Translations, HSDSID: f.id("taxonomy_term", v.Name, t.ID)})
		}
		return out
	}
	tax := f.d.Taxonomy
	doc.Taxonomy = taxonomyDoc{Categories: terms(tax.Categories), Needs: terms(tax.Needs),
		Accessibility: terms(tax.Accessibility), Audience: terms(tax.Audience)}
	return out.writeJSON("directory.json", doc)
}

func (f *feeds) listingDoc(l *content.Listing) listingDoc {
	d := listingDoc{
		ID: l.ID, URL: f.listingURL(l), Title: l.Title, Organization: l.Organization, Summary: l.Summary,
		Description: l.Description, Categories: orEmpty(l.Categories), Needs: orEmpty(l.Needs), Venue: l.Venue,
		OnlineURL: l.OnlineURL, Schedule: f.ruleDocs(l), ScheduleNotes: l.ScheduleNotes, Cost: f.costDoc(l.Cost),
		Audience: audienceDocOf(l.Audience), Accessibility: orEmpty(l.Accessibility), Languages: orEmpty(l.Languages),
		Lang: l.Lang, Referral: l.Referral, HowToJoin: l.HowToJoin, FirstVisit: l.FirstVisit,
		Contact: contactDocOf(l.Contact), Status: l.Status, Verified: l.Verified.String(), Tags: orEmpty(l.Tags),
		Activity: l.Activity, Translations: map[string]translationDoc{}, HSDSID: f.id("service", l.ID),
	}
	d.Capacity = capacityDocOf(l.Capacity)
	for code, t := range l.Translations {
		d.Translations[code] = translationDoc{Title: t.Title, Summary: t.Summary, Description: t.Description,
			HowToJoin: t.HowToJoin, FirstVisit: t.FirstVisit}
	}
	if HasCalendar(f.d, l) {
		d.CalendarURL = f.calendarURL(l)
	}
	return d
}

func (f *feeds) ruleDocs(l *content.Listing) []ruleDoc {
	out := []ruleDoc{}
	for _, r := range l.Schedule {
		d := ruleDoc{Text: r.String(), Canonical: r.Canonical(), Kind: r.Kind.String(), Nth: r.Nth,
			RRULE: r.RRULEIn(f.loc)}
		for _, day := range r.Days {
			d.Days = append(d.Days, strings.ToLower(schedule.DayName(day)))
		}
		if r.Kind != schedule.ByAppointment {
			d.Start, d.End = r.Start.String(), r.End.String()
		}
		date := func(x schedule.Date) string {
			if x.IsZero() {
				return ""
			}
			return x.String()
		}
		d.On, d.From, d.Until = date(r.On), date(r.From), date(r.Until)
		if o, ok := firstSession(l, r, f.loc); ok {
			d.FirstStart = o.Start.Format(time.RFC3339)
		}
		out = append(out, d)
	}
	return out
}

func (f *feeds) costDoc(c content.Cost) costDoc {
	d := costDoc{Free: c.Free, Per: c.Per, Concessions: c.Concessions, Text: c.Text(f.d.Config.Currency)}
	if !c.Free {
		amount := c.Amount
		d.Amount, d.Currency = &amount, f.d.Config.Currency
	}
	return d
}

func audienceDocOf(a content.Audience) audienceDoc {
	return audienceDoc{MinAge: a.MinAge, MaxAge: a.MaxAge, Groups: orEmpty(a.Groups)}
}

func contactDocOf(c content.Contact) *contactDoc {
	if c.IsZero() {
		return nil
	}
	return &contactDoc{Name: c.Name, Phone: strings.TrimSpace(c.Phone), Email: c.Email}
}
