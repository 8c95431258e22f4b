package csvfile

import (
	"encoding/csv"
	"io"
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
	header := make([]string, len(columns))
	for i, c := range columns {
		header[i] = c.header
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, l := range d.Listings {
		values := exportRow(d, l)
		rec := make([]string, len(columns))
		for i, c := range columns {
			rec[i] = values[c.field]
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
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
		"tags": strings.Join(l.Tags, ", "), "online_url": l.OnlineURL, "source_id": l.SourceID,
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
