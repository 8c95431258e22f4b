package csvfile

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/importer"
)

// groups are the columns that describe the organization and the venue.
// When all of a group's cells are empty on a row with an activity, the
// row takes them from the row above: that is how merged cells come out.
var groups = map[string][]string{
	"organization": {"organization", "organization_description", "website", "email", "phone", "charity_number"},
	"venue":        {"venue", "address", "town", "postcode", "lat", "lon", "directions", "venue_accessibility"},
}

// cells is one row by field, with where each came from.
type cells struct {
	row    int
	values map[string]string
	column map[string]string // field -> header
}

func (c cells) get(field string) string { return strings.TrimSpace(c.values[field]) }

func (c cells) source(field string) string {
	return fmt.Sprintf("row %d, column %s", c.row, c.column[field])
}

func (sh *sheet) row(n int, rec []string) {
	c := cells{row: n, values: map[string]string{}, column: map[string]string{}}
	blank := true
	for i, v := range rec {
		if strings.TrimSpace(v) != "" {
			blank = false
		}
		if i >= len(sh.fields) || sh.fields[i] == "" {
			if strings.TrimSpace(v) != "" {
				sh.set.Dropped[dropped(sh.headers, i)]++
			}
			continue
		}
		c.values[sh.fields[i]] = fromText(v)
		c.column[sh.fields[i]] = sh.headers[i]
	}
	if blank {
		return
	}
	sh.fillDown(c)
	l := sh.listing(c)
	sh.translations(c, l)
	sh.wantID("listing", l.ID, c.get("id"))
	l.Organization = sh.organization(c)
	l.Venue = sh.venue(c, l)
	sh.set.Listings = append(sh.set.Listings, l)
}

// translations are the row's columns headed like "Title [uk]": the
// listing's text in other languages. A language whose title is empty is
// left out (a translation needs its title).
func (sh *sheet) translations(c cells, l *content.Listing) {
	for key, v := range c.values {
		rest, ok := strings.CutPrefix(key, "tr.")
		if !ok || strings.TrimSpace(v) == "" {
			continue
		}
		lang, field, _ := strings.Cut(rest, ".")
		if l.Translations == nil {
			l.Translations = map[string]*content.Translation{}
		}
		t := l.Translations[lang]
		if t == nil {
			t = &content.Translation{Lang: lang}
			l.Translations[lang] = t
		}
		switch field {
		case "title":
			t.Title = v
		case "summary":
			t.Summary = v
		case "description":
			t.Description = v
		case "how_to_join":
			t.HowToJoin = v
		case "first_visit":
			t.FirstVisit = v
		}
	}
	for lang, t := range l.Translations {
		if t.Title == "" {
			delete(l.Translations, lang)
			sh.note(c, "title", "", fmt.Sprintf("the %s translation has no title, so it was left out: add a \"Title [%s]\" column", lang, lang))
		}
	}
}

// wantID asks for the file id a row gives (an ID column), if any.
func (sh *sheet) wantID(kind, key, id string) {
	if id = strings.TrimSpace(id); id != "" {
		sh.set.FileIDs[kind+"/"+key] = id
	}
}

func dropped(headers []string, i int) string {
	if i < len(headers) && strings.TrimSpace(headers[i]) != "" {
		return fmt.Sprintf("column %q", headers[i])
	}
	return fmt.Sprintf("column %d, which has no header", i+1)
}

// fillDown gives a row the organization and venue of the row above when
// it leaves all their cells empty, and remembers this row's for the next.
func (sh *sheet) fillDown(c cells) {
	if sh.above == nil {
		sh.above = map[string]string{}
	}
	for _, fields := range groups {
		empty := true
		for _, f := range fields {
			if c.get(f) != "" {
				empty = false
			}
		}
		for _, f := range fields {
			if empty {
				c.values[f] = sh.above[f]
				c.column[f] = sh.above["column "+f]
			} else {
				sh.above[f] = c.values[f]
				sh.above["column "+f] = c.column[f]
			}
		}
	}
}

func (sh *sheet) note(c cells, field, column, text string) {
	sh.set.Notes = append(sh.set.Notes, importer.Note{Kind: "listing", ID: "row " + strconv.Itoa(c.row), Field: field, Source: c.source(column), Text: text})
}

func (sh *sheet) listing(c cells) *content.Listing {
	l := &content.Listing{
		ID: "row " + strconv.Itoa(c.row), Title: c.get("title"), Summary: c.get("summary"),
		Description: c.get("description"), Categories: terms(c.get("categories")), Needs: terms(c.get("needs")),
		OnlineURL: c.get("online_url"), ScheduleNotes: c.get("schedule_notes"),
		Accessibility: terms(c.get("accessibility")), Languages: words(c.get("languages")), Lang: c.get("lang"),
		Referral: strings.ToLower(c.get("referral")), HowToJoin: c.get("how_to_join"), FirstVisit: c.get("first_visit"),
		Contact: content.Contact{Name: c.get("contact_name"), Phone: c.get("contact_phone"), Email: c.get("contact_email")},
		Status:  strings.ToLower(c.get("status")), Tags: words(strings.ToLower(c.get("tags"))), SourceID: c.get("source_id"),
		Activity: c.get("activity"),
	}
	l.Audience.Groups = terms(c.get("audience"))
	l.Audience.MinAge = sh.age(c, "min_age")
	l.Audience.MaxAge = sh.age(c, "max_age")
	sh.schedule(c, l)
	sh.cost(c, l)
	sh.capacity(c, l)
	l.VerifiedText = sh.date(c, "verified", "verified")
	return l
}

// date reads a date column as year-month-day, noting one it cannot read
// against the listing's field about.
func (sh *sheet) date(c cells, field, about string) string {
	v := c.get(field)
	if v == "" {
		return ""
	}
	d, ok := isoDate(v)
	if !ok {
		sh.note(c, about, field, fmt.Sprintf("%q is not a date: write it as year-month-day, like 2026-10-02", v))
	}
	return d
}

// capacity reads the places columns into a capacity block when any of
// them has something in it.
func (sh *sheet) capacity(c cells, l *content.Listing) {
	places := &content.Capacity{Note: c.get("capacity_note")}
	places.PlacesLeft = sh.count(c, "places_left", 10000)
	places.TotalPlaces = sh.count(c, "total_places", 10000)
	places.WaitWeeks = sh.count(c, "wait_weeks", 104)
	places.UpdatedText = sh.date(c, "capacity_updated", "capacity")
	if places.PlacesLeft == nil && places.TotalPlaces == nil && places.WaitWeeks == nil && places.Note == "" {
		return // a date alone says nothing about places
	}
	if places.UpdatedText == "" {
		// Point at a column the row fills in: there may be no date column.
		column := "places_left"
		for _, f := range []string{"capacity_updated", "places_left", "total_places", "wait_weeks", "capacity_note"} {
			if c.column[f] != "" {
				column = f
				break
			}
		}
		sh.note(c, "capacity", column, "the places have no date: write when the organizer gave them, as year-month-day, in capacity's updated")
	}
	l.Capacity = places
}

// count reads a whole number from 0 to most, like "3" or "3 places";
// anything else is left out, with a note.
func (sh *sheet) count(c cells, field string, most int) *int {
	v := c.get(field)
	if v == "" {
		return nil
	}
	num, _, _ := strings.Cut(v, " ")
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 || n > most {
		sh.note(c, "capacity", field, fmt.Sprintf("%q is not a number of %s from 0 to %d: it was left out", v, strings.ReplaceAll(field, "_", " "), most))
		return nil
	}
	return &n
}

func (sh *sheet) age(c cells, field string) *int {
	v := c.get(field)
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(v, "+"), " years"))
	if err != nil || n < 0 || n > 120 {
		sh.note(c, "audience", field, fmt.Sprintf("%q is not an age: it was left out", v))
		return nil
	}
	return &n
}

// schedule reads each rule of the cell (one a line, or split by ";"),
// keeping what the grammar cannot read in schedule_notes, with a note.
func (sh *sheet) schedule(c cells, l *content.Listing) {
	var kept []string
	for _, part := range splitRules(c.get("schedule")) {
		rule, guessed, ok := readRule(part)
		if !ok {
			sh.note(c, "schedule_notes", "schedule", fmt.Sprintf("%q is not a schedule rule signpost can read: it was kept in schedule_notes; write it like \"every Tuesday 10:00-12:00\" or \"first Monday of the month 14:00-16:00\"", part))
			kept = append(kept, strings.TrimRight(part, ".")+".")
			continue
		}
		if guessed {
			sh.note(c, "schedule", "schedule", fmt.Sprintf("%q was read as %q: check the times are right", part, rule))
		}
		l.ScheduleText = append(l.ScheduleText, rule)
	}
	if len(kept) > 0 {
		l.ScheduleNotes = strings.TrimSpace(strings.Join(append([]string{l.ScheduleNotes}, kept...), " "))
	}
}

func (sh *sheet) cost(c cells, l *content.Listing) {
	v := c.get("cost")
	if v == "" {
		return
	}
	cost, ok := readCost(v)
	if !ok {
		sh.note(c, "cost", "cost", fmt.Sprintf("%q is not a cost signpost can read: write free, or an amount like 3.50 per session", v))
		return
	}
	cost.Concessions = c.get("concessions")
	l.Cost = cost
}

// organization is the key of the row's organization, joined by name.
func (sh *sheet) organization(c cells) string {
	name := c.get("organization")
	if name == "" {
		return ""
	}
	key := importer.Slug(name, name)
	if _, ok := sh.orgs[key]; !ok {
		o := &content.Organization{ID: key, Name: name, Description: c.get("organization_description"),
			Website: c.get("website"), Email: c.get("email"), Phone: c.get("phone"), CharityNumber: c.get("charity_number")}
		sh.orgs[key] = o
		sh.set.Organizations = append(sh.set.Organizations, o)
		sh.wantID("organization", key, c.get("organization_id"))
	}
	return key
}

// venue is the key of the row's venue, joined by name and postcode, or
// content.Online.
func (sh *sheet) venue(c cells, l *content.Listing) string {
	name := c.get("venue")
	if strings.EqualFold(name, content.Online) || name == "" && l.OnlineURL != "" {
		return content.Online
	}
	if name == "" {
		return ""
	}
	key := importer.Slug(name, name) + "|" + strings.ToUpper(strings.ReplaceAll(c.get("postcode"), " ", ""))
	if _, ok := sh.venues[key]; !ok {
		v := &content.Venue{ID: key, Name: name, Address: addressLines(c.get("address")), Town: c.get("town"),
			Postcode: strings.ToUpper(c.get("postcode")), Directions: c.get("directions"), Accessibility: terms(c.get("venue_accessibility"))}
		v.Lat, v.Lon = coordinate(c.get("lat")), coordinate(c.get("lon"))
		if v.Lat == nil || v.Lon == nil {
			v.Lat, v.Lon = nil, nil
		}
		sh.venues[key] = v
		sh.set.Venues = append(sh.set.Venues, v)
		sh.wantID("venue", key, c.get("venue_id"))
	}
	return key
}

func coordinate(s string) *float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return nil
	}
	return &f
}
