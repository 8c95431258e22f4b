package csvfile

import (
	"encoding/csv"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/signpost-directory/signpost/site/content"
)

// Export writes every listing of d as one row, with its organization and
// venue in columns, headed as Read finds them: Read reads it back to the
// same content. It starts with a byte order mark so Excel opens it as
// UTF-8.
func Export(w io.Writer, d *content.Directory) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // as Excel writes, and reads best
	// Translations come last, a column per language and field: "Title [uk]".
	langs := map[string]bool{}
	for _, l := range d.Listings {
		for lang := range l.Translations {
			langs[lang] = true
		}
	}
	var trFields, trHeaders []string
	for _, lang := range slices.Sorted(maps.Keys(langs)) {
		for _, f := range translated {
			trFields = append(trFields, translationField(lang, f))
			trHeaders = append(trHeaders, headerOf(f)+" ["+lang+"]")
		}
	}
	header := make([]string, 0, len(columns)+len(trHeaders))
	for _, c := range columns {
		header = append(header, c.header)
	}
	if err := cw.Write(append(header, trHeaders...)); err != nil {
		return err
	}
	for _, l := range d.Listings {
		values := exportRow(d, l)
		rec := make([]string, 0, len(header))
		for _, c := range columns {
			rec = append(rec, asText(values[c.field]))
		}
		for _, f := range trFields {
			rec = append(rec, asText(values[f]))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// headerOf is the header export writes for a field.
func headerOf(field string) string {
	for _, c := range columns {
		if c.field == field {
			return c.header
		}
	}
	return field
}

func exportRow(d *content.Directory, l *content.Listing) map[string]string {
	v := map[string]string{
		"id": l.ID, "organization_id": l.Organization,
		"title": l.Title, "summary": l.Summary, "description": l.Description,
		"categories": strings.Join(l.Categories, ", "), "needs": strings.Join(l.Needs, ", "),
		"schedule": strings.Join(l.ScheduleText, "\n"), "schedule_notes": l.ScheduleNotes,
		"cost": costText(l.Cost), "concessions": l.Cost.Concessions,
		"min_age": intText(l.Audience.MinAge), "max_age": intText(l.Audience.MaxAge),
		"audience": strings.Join(l.Audience.Groups, ", "), "accessibility": strings.Join(l.Accessibility, ", "),
		"languages": strings.Join(l.Languages, ", "), "referral": l.Referral, "how_to_join": l.HowToJoin,
		"first_visit": l.FirstVisit, "contact_name": l.Contact.Name, "contact_phone": l.Contact.Phone,
		"contact_email": l.Contact.Email, "status": l.Status, "verified": l.VerifiedText,
		"tags": strings.Join(l.Tags, ", "), "activity": l.Activity, "online_url": l.OnlineURL, "source_id": l.SourceID,
	}
	if c := l.Capacity; c != nil {
		v["places_left"], v["total_places"], v["wait_weeks"] = intText(c.PlacesLeft), intText(c.TotalPlaces), intText(c.WaitWeeks)
		v["capacity_note"], v["capacity_updated"] = c.Note, c.UpdatedText
	}
	for lang, t := range l.Translations {
		for f, text := range map[string]string{"title": t.Title, "summary": t.Summary, "description": t.Description,
			"how_to_join": t.HowToJoin, "first_visit": t.FirstVisit} {
			v[translationField(lang, f)] = text
		}
	}
	if l.Lang != d.Config.DefaultLanguage() {
		v["lang"] = l.Lang // else the directory's language, which need not be written
	}
	if o := d.Organization(l.Organization); o != nil {
		v["organization"], v["organization_description"], v["website"] = o.Name, o.Description, o.Website
		v["email"], v["phone"], v["charity_number"] = o.Email, o.Phone, o.CharityNumber
	}
	if l.IsOnline() {
		v["venue"] = content.Online
	} else if ve := d.Venue(l.Venue); ve != nil {
		v["venue_id"], v["venue"], v["address"], v["town"], v["postcode"] = ve.ID, ve.Name, strings.Join(ve.Address, "\n"), ve.Town, ve.Postcode
		v["directions"], v["venue_accessibility"] = ve.Directions, strings.Join(ve.Accessibility, ", ")
		if ve.HasPosition() {
			v["lat"], v["lon"] = strconv.FormatFloat(*ve.Lat, 'f', -1, 64), strconv.FormatFloat(*ve.Lon, 'f', -1, 64)
		}
	}
	return v
}

func costText(c content.Cost) string {
	switch {
	case c.Free:
		return "free"
	case c.Amount == 0:
		return ""
	case c.Per == "":
		return strconv.FormatFloat(c.Amount, 'f', 2, 64)
	}
	return strconv.FormatFloat(c.Amount, 'f', 2, 64) + " per " + c.Per
}

func intText(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}
