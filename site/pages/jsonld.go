package pages

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/schedule"
)

// jsonLD describes a listing for search engines and other systems in
// schema.org terms: an EventSeries with its schedules, or a Service when it
// only runs by appointment. encoding/json escapes <, > and &, so the result
// is safe inside a <script> element.
func (g *generator) jsonLD(l *content.Listing, fm *Listing) string {
	cfg := g.d.Config
	page := g.opts.BaseURL + "listings/" + l.ID + "/"
	org := map[string]any{"@type": "Organization", "name": fm.Organization.Name,
		"url": g.opts.BaseURL + fm.Organization.URL}
	if fm.Organization.Website != "" {
		org["sameAs"] = fm.Organization.Website
	}
	if fm.Organization.Phone != "" {
		org["telephone"] = fm.Organization.Phone
	}
	var schedules []any
	for _, r := range l.Schedule {
		if s := scheduleLD(r, cfg.Timezone); s != nil {
			schedules = append(schedules, s)
		}
	}
	doc := map[string]any{
		"@context":    "https://schema.org",
		"name":        l.Title,
		"description": l.Summary,
		"url":         page,
	}
	place := g.placeLD(fm)
	if len(schedules) == 0 {
		// A Service has no location or language of its own: where it is
		// given, and in which language, is its channel's.
		doc["@type"] = "Service"
		doc["provider"] = org
		doc["areaServed"] = cfg.Area
		channel := map[string]any{"@type": "ServiceChannel", "availableLanguage": l.Lang}
		if fm.Online {
			channel["serviceUrl"] = fm.OnlineURL
		} else if place != nil {
			channel["serviceLocation"] = place
		}
		doc["availableChannel"] = channel
	} else {
		doc["inLanguage"] = l.Lang
		if place != nil {
			doc["location"] = place
		}
		doc["@type"] = "EventSeries"
		if start, ok := seriesStart(l, cfg.Location); ok {
			doc["startDate"] = start.Format(time.RFC3339)
		}
		doc["organizer"] = org
		doc["eventSchedule"] = schedules
		doc["isAccessibleForFree"] = fm.Cost.Free
		doc["eventStatus"] = "https://schema.org/EventScheduled"
		if l.Status == "paused" || l.Status == "ended" {
			doc["eventStatus"] = "https://schema.org/EventPostponed"
			if l.Status == "ended" {
				doc["eventStatus"] = "https://schema.org/EventCancelled"
			}
		}
		doc["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
		if fm.Online {
			doc["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
		}
		// schema.org's Event has the two numbers of a capacity (a Service
		// has neither); the waiting time has no property there.
		if c := l.Capacity; c != nil && fm.Capacity != nil {
			if c.PlacesLeft != nil {
				doc["remainingAttendeeCapacity"] = *c.PlacesLeft
			}
			if c.TotalPlaces != nil {
				doc["maximumAttendeeCapacity"] = *c.TotalPlaces
			}
		}
	}
	if !fm.Cost.Free {
		doc["offers"] = map[string]any{"@type": "Offer", "price": strconv.FormatFloat(l.Cost.Amount, 'f', 2, 64),
			"priceCurrency": cfg.Currency, "description": fm.Cost.Text}
	}
	if a := l.Audience; a.MinAge != nil || a.MaxAge != nil {
		aud := map[string]any{"@type": "PeopleAudience"}
		if a.MinAge != nil {
			aud["suggestedMinAge"] = *a.MinAge
		}
		if a.MaxAge != nil {
			aud["suggestedMaxAge"] = *a.MaxAge
		}
		doc["audience"] = aud
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return "{}" // only plain values are put in doc, so this cannot happen
	}
	return string(b)
}

// placeLD is where the listing happens: its online address as a
// VirtualLocation, its venue as a Place, or nil.
func (g *generator) placeLD(fm *Listing) map[string]any {
	if fm.Online {
		return map[string]any{"@type": "VirtualLocation", "url": fm.OnlineURL}
	}
	if fm.Venue == nil {
		return nil
	}
	v := g.d.Venue(fm.Venue.ID)
	place := map[string]any{"@type": "Place", "name": v.Name, "url": g.opts.BaseURL + fm.Venue.URL,
		"address": map[string]any{"@type": "PostalAddress", "streetAddress": strings.Join(v.Address, ", "),
			"addressLocality": v.Town, "postalCode": v.Postcode, "addressCountry": g.d.Config.Country}}
	if v.HasPosition() {
		place["geo"] = map[string]any{"@type": "GeoCoordinates", "latitude": *v.Lat, "longitude": *v.Lon}
	}
	return place
}

// scheduleLD is one rule as a schema.org Schedule, or nil for "by appointment".
func scheduleLD(r schedule.Rule, tz string) map[string]any {
	s := map[string]any{"@type": "Schedule", "scheduleTimezone": tz,
		"startTime": r.Start.String(), "endTime": r.End.String()}
	var days []time.Weekday
	switch r.Kind {
	case schedule.ByAppointment:
		return nil
	case schedule.Once:
		s["startDate"], s["endDate"] = r.On.String(), r.On.String()
		return s
	case schedule.Weekly:
		s["repeatFrequency"], days = "P1W", r.Days
	case schedule.Fortnightly:
		s["repeatFrequency"], days = "P2W", r.Days
	case schedule.Monthly:
		s["repeatFrequency"], days = "P1M", r.Days
		s["byMonthWeek"] = r.Nth
	case schedule.Weekdays:
		s["repeatFrequency"] = "P1W"
		days = schedule.Week()[:5] // Monday to Friday
	case schedule.Daily:
		s["repeatFrequency"] = "P1D"
	}
	var byDay []string
	for _, d := range days {
		byDay = append(byDay, "https://schema.org/"+schedule.DayName(d)) // schema.org's DayOfWeek
	}
	if byDay != nil {
		s["byDay"] = byDay
	}
	if !r.From.IsZero() {
		s["startDate"] = r.From.String()
	}
	if !r.Until.IsZero() {
		s["endDate"] = r.Until.String()
	}
	return s
}

// seriesStart is when a series starts, as the calendar feeds start it: the
// first session on or after each rule's start (its from date, or the date
// the listing was verified), so it does not change from build to build.
func seriesStart(l *content.Listing, loc *time.Location) (time.Time, bool) {
	var first time.Time
	for _, r := range l.Schedule {
		from := l.Verified
		switch {
		case r.Kind == schedule.ByAppointment:
			continue
		case r.Kind == schedule.Once:
			from = r.On
		case !r.From.IsZero():
			from = r.From
		}
		if o, ok := r.Next(from.Time(loc), loc); ok && (first.IsZero() || o.Start.Before(first)) {
			first = o.Start
		}
	}
	return first, !first.IsZero()
}
