package csvfile

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// columns are the fields a row can hold, in the order export writes
// them, each with the header export writes and the spellings found in
// real spreadsheets. A header matches when it is one of them, ignoring
// case, spaces and punctuation.
var columns = []struct {
	field, header string
	spellings     []string
}{
	// The ids of the listing, organization and venue files: exported, so a
	// directory taken out and brought back keeps its web addresses.
	{"id", "ID", []string{"listing id", "file name"}},
	{"organization_id", "Organization ID", []string{"organisation id"}},
	{"venue_id", "Venue ID", nil},
	{"title", "Title", []string{"activity", "activity name", "name of activity", "service", "service name", "session", "group name"}},
	{"summary", "Summary", []string{"short description", "brief description", "overview"}},
	{"description", "Description", []string{"details", "full description", "about", "more information", "info"}},
	{"categories", "Categories", []string{"category", "type", "activity type", "type of activity"}},
	{"needs", "Needs", []string{"need", "helps with", "support for", "issues"}},
	{"schedule", "Schedule", []string{"when", "day and time", "days and times", "times", "day/time", "timing", "frequency", "day"}},
	{"schedule_notes", "Schedule notes", []string{"timing notes", "notes on timing"}},
	{"cost", "Cost", []string{"price", "fee", "charge", "costs"}},
	{"concessions", "Concessions", []string{"concession", "reduced price"}},
	{"min_age", "Minimum age", []string{"min age", "age from", "from age"}},
	{"max_age", "Maximum age", []string{"max age", "age to", "to age", "up to age"}},
	{"audience", "Audience", []string{"who for", "who is it for", "for", "target group", "groups"}},
	{"accessibility", "Accessibility", []string{"access", "accessible"}},
	{"languages", "Languages", []string{"language"}},
	{"lang", "Written in", []string{"text language", "language of text"}},
	{"referral", "Referral", []string{"referral route", "how referred", "referral type"}},
	{"how_to_join", "How to join", []string{"how to access", "how to book", "booking", "access route"}},
	{"first_visit", "First visit", []string{"what to expect"}},
	{"contact_name", "Contact name", []string{"contact", "contact person", "lead"}},
	{"contact_phone", "Contact phone", []string{"contact telephone", "contact number", "contact tel"}},
	{"contact_email", "Contact email", []string{"contact e-mail"}},
	{"status", "Status", []string{"active", "state"}},
	{"places_left", "Places left", []string{"spaces left", "places available", "spaces available", "available places", "places free"}},
	{"total_places", "Total places", []string{"capacity", "places", "spaces", "maximum places", "max places", "number of places"}},
	{"wait_weeks", "Wait (weeks)", []string{"waiting time", "waiting time weeks", "waiting time in weeks", "wait weeks", "waiting list weeks"}},
	{"capacity_note", "Places note", []string{"capacity note", "waiting list note", "waiting list"}},
	{"capacity_updated", "Places updated", []string{"capacity updated", "places checked", "capacity date"}},
	{"verified", "Verified", []string{"last verified", "last checked", "date verified", "checked on", "last updated", "updated"}},
	{"tags", "Tags", []string{"keywords", "search words"}},
	{"activity", "OpenActive activity", []string{"activity type", "type of activity"}},
	{"online_url", "Online link", []string{"online url", "joining link", "zoom link", "link"}},
	{"source_id", "Source ID", []string{"reference", "ref", "record id", "service id"}},
	{"organization", "Organization", []string{"organisation", "organization name", "organisation name", "provider", "run by", "group", "charity"}},
	{"organization_description", "Organization description", []string{"organisation description", "about the organisation", "about the organization"}},
	{"website", "Website", []string{"web", "url", "web site", "organisation website", "organization website"}},
	{"email", "Email", []string{"e-mail", "organisation email", "organization email"}},
	{"phone", "Phone", []string{"telephone", "tel", "phone number", "organisation phone", "organization phone"}},
	{"charity_number", "Charity number", []string{"charity no", "registered charity number", "charity registration number", "charity reg no"}},
	{"venue", "Venue", []string{"venue name", "location", "location name", "place", "where"}},
	{"address", "Address", []string{"street address", "address line 1", "venue address"}},
	{"town", "Town", []string{"city", "area", "village", "locality"}},
	{"postcode", "Postcode", []string{"post code", "postal code", "zip", "zip code"}},
	{"lat", "Latitude", []string{"lat"}},
	{"lon", "Longitude", []string{"lon", "lng", "long"}},
	{"directions", "Directions", []string{"getting there", "how to get there", "parking"}},
	{"venue_accessibility", "Venue accessibility", []string{"venue access", "venue facilities", "facilities"}},
}

// squash is a header as it is compared: lowercase letters and digits only.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, s)
}

// translated are the fields a translation holds: in a spreadsheet, a
// column headed like "Title [uk]" is the Ukrainian title.
var translated = []string{"title", "summary", "description", "how_to_join", "first_visit"}

// translationHeader is "Title [uk]": a header, then a language code in brackets.
var translationHeader = regexp.MustCompile(`^(.*\S)\s*\[([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)\]$`)

// translationField is the field of a translation column: "tr.uk.title".
func translationField(lang, field string) string { return "tr." + strings.ToLower(lang) + "." + field }

// fieldOf is the field a header names, or "".
func fieldOf(header string) string {
	if m := translationHeader.FindStringSubmatch(strings.TrimSpace(header)); m != nil {
		if f := fieldOf(m[1]); slices.Contains(translated, f) {
			return translationField(m[2], f)
		}
		return ""
	}
	h := squash(header)
	for _, c := range columns {
		if h == squash(c.field) || h == squash(c.header) {
			return c.field
		}
		for _, s := range c.spellings {
			if h == squash(s) {
				return c.field
			}
		}
	}
	return ""
}

// Map names, for some fields, the column that holds them, for
// spreadsheets whose headers are not found on their own. It is read from
// a YAML file like:
//
//	columns:
//	  title: Name of group
//	  schedule: When do you meet?
type Map struct {
	Columns map[string]string `yaml:"columns"`
}

// ReadMap reads a map file, refusing fields that do not exist.
func ReadMap(path string) (Map, error) {
	var m Map
	data, err := os.ReadFile(path)
	if err != nil {
		return m, err
	}
	if err := yaml.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("%s: %w", path, err)
	}
	for field := range m.Columns {
		if !known(field) {
			return m, fmt.Errorf("%s: there is no field %q to map a column to; the fields are %s", path, field, fieldNames())
		}
	}
	return m, nil
}

func known(field string) bool {
	for _, c := range columns {
		if c.field == field {
			return true
		}
	}
	return false
}

func fieldNames() string {
	names := make([]string, len(columns))
	for i, c := range columns {
		names[i] = c.field
	}
	return strings.Join(names, ", ")
}
