package feeds

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/signpost-directory/signpost/site/activity"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/schedule"
)

// OpenActive, under openactive/: the physical activities as an RPDE 1.0
// feed (Realtime Paged Data Exchange) of SessionSeries, in the terms of the
// OpenActive Modelling Specification 2.0, for activity finders.
//
//	openactive/session-series.json             the feed's first page
//	openactive/session-series/after-<T>.json   the page after the items modified at T
//	openactive/session-series/after-<T>-<id>.json   the rest of a day too big for one page
//
// RPDE orders items by modified, then id, and a consumer asks for the page
// after the last item it has (?afterTimestamp=T&afterId=ID). A static host
// answers no query, so the pages are files, and their boundaries have to
// be ones a consumer can come back to after the next build: an item's
// modified is its listing's verified date (the only change date the content
// has), and each page holds the items of one day, so the page after a day
// is named by the day alone and is still there when later days are added.
// A day with more than OpenActivePageSize items goes on in pages named by
// the day and the last id before them. The last page is empty, and its next
// is itself, as RPDE says; that is the page a consumer polls.
const openActiveDir = "openactive/"

// OpenActivePageSize is the most items a page of the OpenActive feed holds
// (RPDE leaves it to the publisher); only a day with more items than this
// is split.
const OpenActivePageSize = 500

// The license of the feed's data, as every RPDE page must say: the
// directory's data is published for anyone to use, like the other feeds.
// OpenActive asks publishers for CC BY 4.0.
const openActiveLicense = "https://creativecommons.org/licenses/by/4.0/"

type rpdePage struct {
	Next    string     `json:"next"`
	Items   []rpdeItem `json:"items"`
	License string     `json:"license"`
}

type rpdeItem struct {
	State    string         `json:"state"`
	Kind     string         `json:"kind"`
	ID       string         `json:"id"`
	Modified int64          `json:"modified"`
	Data     *sessionSeries `json:"data,omitempty"`
}

type oaConcept struct {
	Type     string `json:"@type"`
	ID       string `json:"@id"`
	Label    string `json:"prefLabel"`
	InScheme string `json:"inScheme"`
}

type oaOrganization struct {
	Type      string `json:"@type"`
	ID        string `json:"@id"`
	Name      string `json:"name"`
	URL       string `json:"url,omitempty"`
	Telephone string `json:"telephone,omitempty"`
	Email     string `json:"email,omitempty"`
}

type oaAddress struct {
	Type            string `json:"@type"`
	StreetAddress   string `json:"streetAddress"`
	AddressLocality string `json:"addressLocality"`
	AddressRegion   string `json:"addressRegion"`
	PostalCode      string `json:"postalCode"`
	AddressCountry  string `json:"addressCountry"`
}

type oaGeo struct {
	Type      string  `json:"@type"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

type oaAmenity struct {
	Type  string `json:"@type"`
	Name  string `json:"name"`
	Value bool   `json:"value"`
}

type oaPlace struct {
	Type           string      `json:"@type"`
	ID             string      `json:"@id"`
	Identifier     string      `json:"identifier"`
	Name           string      `json:"name"`
	URL            string      `json:"url"`
	Description    string      `json:"description,omitempty"`
	Address        *oaAddress  `json:"address,omitempty"`
	Geo            *oaGeo      `json:"geo,omitempty"`
	AmenityFeature []oaAmenity `json:"amenityFeature,omitempty"`
}

type oaOffer struct {
	Type          string  `json:"@type"`
	ID            string  `json:"@id"`
	Identifier    string  `json:"identifier"`
	Name          string  `json:"name"`
	Price         float64 `json:"price"`
	PriceCurrency string  `json:"priceCurrency"`
	Description   string  `json:"description,omitempty"`
	URL           string  `json:"url"`
}

type oaAgeRange struct {
	Type     string `json:"@type"`
	MinValue *int   `json:"minValue,omitempty"`
	MaxValue *int   `json:"maxValue,omitempty"`
}

type oaSchedule struct {
	Type               string   `json:"@type"`
	ScheduledEventType string   `json:"scheduledEventType"`
	RepeatFrequency    string   `json:"repeatFrequency"`
	ByDay              []string `json:"byDay,omitempty"`
	StartDate          string   `json:"startDate"`
	EndDate            string   `json:"endDate,omitempty"`
	StartTime          string   `json:"startTime"`
	EndTime            string   `json:"endTime"`
	Duration           string   `json:"duration"`
	ScheduleTimezone   string   `json:"scheduleTimezone"`
	IDTemplate         string   `json:"idTemplate"`
}

type oaSession struct {
	Type      string `json:"@type"`
	ID        string `json:"@id"`
	URL       string `json:"url"`
	StartDate string `json:"startDate"`
	EndDate   string `json:"endDate"`
	Duration  string `json:"duration"`
}

type sessionSeries struct {
	Context                  string          `json:"@context"`
	Type                     string          `json:"@type"`
	ID                       string          `json:"@id"`
	Identifier               string          `json:"identifier"`
	Name                     string          `json:"name"`
	Description              string          `json:"description"`
	URL                      string          `json:"url"`
	Activity                 []oaConcept     `json:"activity"`
	Category                 []string        `json:"category,omitempty"`
	Organizer                *oaOrganization `json:"organizer"`
	Location                 *oaPlace        `json:"location"`
	Offers                   []oaOffer       `json:"offers"`
	IsAccessibleForFree      bool            `json:"isAccessibleForFree"`
	AgeRange                 *oaAgeRange     `json:"ageRange,omitempty"`
	GenderRestriction        string          `json:"genderRestriction"`
	EventStatus              string          `json:"eventStatus"`
	AccessibilityInformation string          `json:"accessibilityInformation,omitempty"`
	AttendeeInstructions     string          `json:"attendeeInstructions,omitempty"`
	SchedulingNote           string          `json:"schedulingNote,omitempty"`
	EventSchedule            []oaSchedule    `json:"eventSchedule,omitempty"`
	SubEvent                 []oaSession     `json:"subEvent,omitempty"`
}

// openActiveItems are the feed's items in RPDE order (modified, then
// id): each physical activity the activity list has a name for, with a
// place and a time. A listing that is paused or ended is a deleted item,
// so that finders stop sending people to it; it comes back, updated, when
// it runs again. Online activities are left out (a SessionSeries' location
// must be a Place in OpenActive 2.0), and so are listings only by
// appointment (a SessionSeries needs a schedule).
func (f *feeds) openActiveItems(ctx context.Context) ([]rpdeItem, error) {
	list, err := activity.Load()
	if err != nil {
		return nil, err
	}
	var out []rpdeItem
	for _, l := range f.d.Listings {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		concepts := list.ForListing(l)
		if len(concepts) == 0 || l.IsOnline() || f.d.Venue(l.Venue) == nil || len(f.sessions(l)) == 0 {
			continue
		}
		item := rpdeItem{State: "updated", Kind: "SessionSeries", ID: l.ID, Modified: stamp(l).Unix()}
		if l.IsActive() {
			item.Data = f.sessionSeries(l, concepts)
		} else {
			item.State = "deleted"
		}
		out = append(out, item)
	}
	slices.SortFunc(out, func(a, b rpdeItem) int {
		return cmp.Or(cmp.Compare(a.Modified, b.Modified), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

func (f *feeds) sessionSeries(l *content.Listing, concepts []activity.Concept) *sessionSeries {
	cfg := f.d.Config
	lang := cfg.DefaultLanguage()
	id := f.idBase + "listings/" + l.ID + "/"
	url := f.listingURL(l)
	s := &sessionSeries{Context: "https://openactive.io/", Type: "SessionSeries", ID: id, Identifier: l.ID,
		Name: l.Title, URL: url, Description: l.Summary, IsAccessibleForFree: l.Cost.Free,
		AttendeeInstructions: strings.TrimSpace(l.FirstVisit),
		GenderRestriction:    genderRestriction(l.Audience.Groups),
		// Only running listings (active or full) get here; the others are
		// deleted items.
		EventStatus: "https://schema.org/EventScheduled"}
	if body := strings.TrimSpace(l.Description); body != "" {
		s.Description += "\n\n" + body
	}
	for _, c := range concepts {
		s.Activity = append(s.Activity, oaConcept{Type: "Concept", ID: c.ID, Label: c.Label, InScheme: activity.Scheme})
	}
	if vocab := f.d.Taxonomy.Vocabulary("categories"); vocab != nil {
		for _, c := range l.Categories {
			s.Category = append(s.Category, vocab.Label(c, lang))
		}
	}
	if o := f.d.Organization(l.Organization); o != nil {
		s.Organizer = &oaOrganization{Type: "Organization", ID: f.idBase + "organizations/" + o.ID + "/", Name: o.Name,
			URL: cmp.Or(o.Website, f.base+"organizations/"+o.ID+"/"), Telephone: o.Phone, Email: o.Email}
	}
	s.Location = f.oaPlace(f.d.Venue(l.Venue))

	// One offer: the price, a number (0 when free), with what it pays for
	// and any concessions in words, since concessions are not amounts.
	offer := oaOffer{Type: "Offer", ID: id + "#offer", Identifier: "standard", Name: l.Cost.Text(cfg.Currency),
		Price: l.Cost.Amount, PriceCurrency: cfg.Currency, URL: url}
	if l.Cost.Concessions != "" {
		offer.Description = "Concessions: " + l.Cost.Concessions
	}
	s.Offers = []oaOffer{offer}

	if a := l.Audience; a.MinAge != nil || a.MaxAge != nil {
		s.AgeRange = &oaAgeRange{Type: "QuantitativeValue", MinValue: a.MinAge, MaxValue: a.MaxAge}
	}
	var access []string
	if vocab := f.d.Taxonomy.Vocabulary("accessibility"); vocab != nil {
		for _, a := range f.accessibility(l) {
			access = append(access, vocab.Label(a, lang))
		}
	}
	if len(access) > 0 {
		s.AccessibilityInformation = strings.Join(access, ". ") + "."
	}
	var notes []string
	if l.Status == "full" {
		notes = append(notes, statusAlert["full"])
	}
	if l.ScheduleNotes != "" {
		notes = append(notes, l.ScheduleNotes)
	}
	s.SchedulingNote = strings.Join(notes, " ")

	for _, ses := range f.sessions(l) {
		if ses.rule.Kind == schedule.Once {
			s.SubEvent = append(s.SubEvent, oaSession{Type: "ScheduledSession",
				ID: id + "#session-" + ses.first.Start.Format("2006-01-02T15:04"), URL: url,
				StartDate: ses.first.Start.Format(time.RFC3339), EndDate: ses.first.End.Format(time.RFC3339),
				// From the instants, not the clock times: on the day clocks
				// go forward a session can be an hour shorter than its rule.
				Duration: isoDuration(int(ses.first.End.Sub(ses.first.Start) / time.Minute))})
			continue
		}
		if sch, ok := f.oaSchedule(ses, id); ok {
			s.EventSchedule = append(s.EventSchedule, sch)
		}
	}
	return s
}

// oaSchedule is a repeating rule as an OpenActive Schedule. It starts on
// the series' first session as the calendars do (see firstSession), and a
// course ends on its until date. It has no urlTemplate: a session has no
// page of its own, only the listing's (the series' url).
func (f *feeds) oaSchedule(ses session, id string) (oaSchedule, bool) {
	r := ses.rule
	sch := oaSchedule{Type: "Schedule", ScheduledEventType: "ScheduledSession",
		StartDate: schedule.DateOf(ses.first.Start).String(), StartTime: r.Start.String(), EndTime: r.End.String(),
		Duration: isoDuration(int(r.End - r.Start)), ScheduleTimezone: f.loc.String(),
		IDTemplate: id + "#session-{startDate}"}
	if !r.Until.IsZero() {
		sch.EndDate = r.Until.String()
	}
	days := func(ds []time.Weekday) []string {
		var out []string
		for _, d := range ds {
			out = append(out, "https://schema.org/"+d.String())
		}
		return out
	}
	switch r.Kind {
	case schedule.Weekly:
		sch.RepeatFrequency, sch.ByDay = "P1W", days(r.Days)
	case schedule.Fortnightly:
		sch.RepeatFrequency, sch.ByDay = "P2W", days(r.Days)
	case schedule.Weekdays:
		sch.RepeatFrequency = "P1W"
		sch.ByDay = days([]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday})
	case schedule.Daily:
		sch.RepeatFrequency = "P1D"
	case schedule.Monthly:
		// OpenActive takes iCalendar's BYDAY for the weeks of a month:
		// "1SA" is the first Saturday, "-1FR" the last Friday.
		sch.RepeatFrequency = "P1M"
		for _, n := range r.Nth {
			for _, d := range r.Days {
				sch.ByDay = append(sch.ByDay, strconv.Itoa(n)+strings.ToUpper(schedule.DayID(d)[:2]))
			}
		}
	default:
		return oaSchedule{}, false
	}
	return sch, true
}

// oaPlace is a venue as an OpenActive Place. PostalAddress requires a
// region, which venues do not have: the directory's area stands in for it.
func (f *feeds) oaPlace(v *content.Venue) *oaPlace {
	p := &oaPlace{Type: "Place", ID: f.idBase + "venues/" + v.ID + "/", Identifier: v.ID, Name: v.Name,
		URL: f.base + "venues/" + v.ID + "/", Description: v.Directions}
	if len(v.Address) > 0 || v.Town != "" || v.Postcode != "" {
		p.Address = &oaAddress{Type: "PostalAddress", StreetAddress: strings.Join(v.Address, ", "),
			AddressLocality: v.Town, AddressRegion: f.d.Config.Area, PostalCode: v.Postcode,
			AddressCountry: f.d.Config.Country}
	}
	if v.HasPosition() {
		p.Geo = &oaGeo{Type: "GeoCoordinates", Latitude: *v.Lat, Longitude: *v.Lon}
	}
	if slices.Contains(v.Accessibility, "parking") {
		p.AmenityFeature = []oaAmenity{{Type: "Parking", Name: "Parking", Value: true}}
	}
	return p
}

// genderRestriction reads the audience groups men and women, which say
// who an activity is for, as OpenActive's restriction; any other audience
// is open to all.
func genderRestriction(groups []string) string {
	men, women := slices.Contains(groups, "men"), slices.Contains(groups, "women")
	switch {
	case men && !women:
		return "https://openactive.io/MaleOnly"
	case women && !men:
		return "https://openactive.io/FemaleOnly"
	}
	return "https://openactive.io/NoRestriction"
}

// isoDuration is a length of time in minutes as ISO 8601 writes it:
// "PT1H30M".
func isoDuration(minutes int) string {
	h, m := minutes/60, minutes%60
	s := "PT"
	if h > 0 {
		s += strconv.Itoa(h) + "H"
	}
	if m > 0 || h == 0 {
		s += strconv.Itoa(m) + "M"
	}
	return s
}

// openActivePage is where the page after a position is: the first page,
// the page after a whole day (afterID empty), or the page after an id
// within a day.
func openActivePage(after int64, afterID string, first bool) string {
	switch {
	case first:
		return openActiveDir + "session-series.json"
	case afterID == "":
		return fmt.Sprintf("%ssession-series/after-%d.json", openActiveDir, after)
	}
	return fmt.Sprintf("%ssession-series/after-%d-%s.json", openActiveDir, after, afterID)
}

// writeOpenActive writes the feed's pages: one a day, from the first page
// to the empty last one.
func (f *feeds) writeOpenActive(ctx context.Context, out *output) error {
	items, err := f.openActiveItems(ctx)
	if err != nil {
		return err
	}
	size := cmp.Or(f.openActivePageSize, OpenActivePageSize)
	rel := openActivePage(0, "", true)
	write := func(page []rpdeItem, next string) error {
		return out.writeJSON(rel, rpdePage{Next: f.base + next, Items: page, License: openActiveLicense})
	}
	for start := 0; start < len(items); {
		if err := ctx.Err(); err != nil {
			return err
		}
		// The items of one day (one modified), at most size of them.
		day := items[start].Modified
		end := start + 1
		for end < len(items) && end-start < size && items[end].Modified == day {
			end++
		}
		last := items[end-1]
		next := openActivePage(day, "", false)
		if end < len(items) && items[end].Modified == day {
			next = openActivePage(day, last.ID, false)
		}
		if err := write(items[start:end], next); err != nil {
			return err
		}
		rel, start = next, end
	}
	// The last page: empty, and its next is itself.
	return write([]rpdeItem{}, rel)
}
