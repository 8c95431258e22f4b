package sheets

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/schedule"
)

// SNOMED CT concept printed on every sheet unless the directory turns it off.
const (
	snomedCode = "871731000000106"
	snomedTerm = "Referral to social prescribing service"
)

// sheet is everything printed on one sheet, already in words. It is also
// what the cache key is made of, so every field must be exported.
type sheet struct {
	// Rules are the schedule's rules for the browser (schedule.Compact),
	// which works the next session out on the day; not printed, so not
	// part of the PDF's cache key.
	Rules         []schedule.Compact `json:"-"`
	ID            string
	Lang          string
	Directory     string
	Title         string
	Summary       string
	Schedule      []string
	ScheduleNotes string
	Next          string
	Venue         string
	Address       string
	Directions    string
	Online        string
	Cost          string
	Concessions   string
	// Places is the capacity's places and waiting time in words, and
	// PlacesNote the date they were given, then the note: the date comes
	// first so that cutting the note to fit never drops it.
	Places      string
	PlacesNote  string
	Who         string
	Referral    string
	HowToJoin   string
	FirstVisit  string
	ContactName string
	Phone       string
	Email       string
	URL         string
	Checked     string
	SNOMED      bool
	// Fallback is the English name of the listing's language when its text
	// cannot be printed, so the sheet is in English and points online.
	Fallback string
	// Translated is the English name of the language of the listing's own
	// text when the sheet prints a translation of it instead.
	Translated string
}

// describe gathers what a listing's sheet says.
// With nil fonts, everything counts as printable: that is the text for
// the website's basket, which the browser sets in any script.
func describe(d *content.Directory, l *content.Listing, f *Fonts, o settings) *sheet {
	cfg := &d.Config
	s := &sheet{ID: l.ID, Lang: l.Lang, Directory: clean(cfg.Name), URL: o.baseURL + "listings/" + l.ID + "/",
		Checked: content.LongDate(l.Verified), SNOMED: o.snomed}
	if s.Lang == "" {
		s.Lang = cfg.DefaultLanguage()
	}
	// The listing's own words: printed as they are when the fonts can set
	// them, else from a translation that can be, else a pointer online.
	text := struct{ title, summary, notes, join, first, contactName string }{
		l.Title, l.Summary, l.ScheduleNotes, l.HowToJoin, l.FirstVisit, l.Contact.Name}
	own := []*string{&text.title, &text.summary, &text.notes, &text.join, &text.first, &text.contactName}
	for _, p := range own {
		*p = clean(*p)
	}
	if f != nil && (!printableAll(f, own...) || content.Direction(s.Lang) == "rtl") {
		if t := printableTranslation(l, f, cfg.DefaultLanguage()); t != nil {
			s.Translated = content.LanguageName(s.Lang)
			s.Lang = t.Lang
			text.title, text.summary, text.join, text.first = clean(t.Title), clean(t.Summary), clean(t.HowToJoin), clean(t.FirstVisit)
			text.notes = keep(f, text.notes)
			text.contactName = keep(f, text.contactName)
		} else {
			s.Fallback = content.LanguageName(s.Lang)
			s.Lang = "en"
			text.title = "An activity in " + s.Fallback
			text.summary, text.notes, text.join, text.first = "", "", "", ""
			text.contactName = keep(f, text.contactName)
		}
	}
	s.Title, s.Summary, s.ScheduleNotes = text.title, text.summary, text.notes
	s.HowToJoin, s.FirstVisit, s.ContactName = text.join, text.first, text.contactName

	today := schedule.DateOf(o.now.In(location(cfg.Location)))
	for _, r := range l.Schedule {
		s.Schedule = append(s.Schedule, ruleText(r, today))
	}
	if l.IsActive() {
		if next, ok := schedule.Next(l.Schedule, o.now, cfg.Location); ok {
			s.Next = content.SessionText(next)
		}
		s.Rules = schedule.CompactRules(l.Schedule)
	}
	if v := d.Venue(l.Venue); v != nil {
		s.Venue = keep(f, clean(v.Name))
		var address []string
		for _, line := range append(append([]string{}, v.Address...), v.Town, v.Postcode) {
			if line = keep(f, clean(line)); line != "" {
				address = append(address, line)
			}
		}
		s.Address = strings.Join(address, ", ")
		s.Directions = keep(f, clean(v.Directions))
	}
	if l.IsOnline() {
		s.Online = "Online"
		if l.OnlineURL != "" {
			s.Online += ": " + l.OnlineURL
		}
	}
	s.Cost, s.Concessions = l.Cost.Text(cfg.Currency), keep(f, clean(l.Cost.Concessions))
	if c := l.CurrentCapacity(); c != nil {
		s.Places = content.JoinSentences(c.PlacesText(), c.WaitText())
		s.PlacesNote = content.JoinSentences(c.UpdatedWords(), keep(f, clean(c.Note)))
	}
	s.Who = who(d, l, f)
	s.Referral = content.ReferralText(l.Referral)

	// Whom to call: the listing's contact, else the organization's.
	s.Phone, s.Email = l.Contact.Phone, l.Contact.Email
	if s.Phone == "" && s.Email == "" {
		if org := d.Organization(l.Organization); org != nil {
			s.ContactName = keep(f, clean(org.Name))
			s.Phone, s.Email = org.Phone, org.Email
		}
	}
	s.Phone, s.Email = keep(f, s.Phone), keep(f, s.Email)
	return s
}

// who says whom the activity is for and the languages it runs in.
func who(d *content.Directory, l *content.Listing, f *Fonts) string {
	parts := []string{l.Audience.Text()}
	if len(l.Audience.Groups) > 0 {
		var groups []string
		for _, g := range l.Audience.Groups {
			groups = append(groups, strings.ToLower(d.Taxonomy.Audience.Label(g, d.Config.DefaultLanguage())))
		}
		parts[0] += ", especially " + strings.Join(groups, ", ")
	}
	if len(l.Languages) > 0 {
		var names []string
		for _, code := range l.Languages {
			names = append(names, content.LanguageName(code))
		}
		parts = append(parts, "In "+content.JoinAnd(names))
	}
	return keep(f, clean(strings.Join(parts, ". ")+"."))
}

func printableAll(f *Fonts, texts ...*string) bool {
	for _, t := range texts {
		if !f.Printable(*t) {
			return false
		}
	}
	return true
}

// keep returns s when it can be printed, else "".
func keep(f *Fonts, s string) string {
	if f.Printable(s) {
		return s
	}
	return ""
}

// printableTranslation picks the translation to print instead of text the
// fonts cannot set: the directory's default language first, then any.
func printableTranslation(l *content.Listing, f *Fonts, preferred string) *content.Translation {
	ok := func(t *content.Translation) bool {
		if t == nil || t.Title == "" || content.Direction(t.Lang) != "ltr" {
			return false
		}
		title, summary, join, first := clean(t.Title), clean(t.Summary), clean(t.HowToJoin), clean(t.FirstVisit)
		return printableAll(f, &title, &summary, &join, &first)
	}
	if t := l.Translations[preferred]; ok(t) {
		return t
	}
	for _, code := range slices.Sorted(maps.Keys(l.Translations)) {
		if t := l.Translations[code]; ok(t) {
			return t
		}
	}
	return nil
}

// ruleText is a schedule rule in words as of today. A start date already
// past is left out: "from 8 January 2026" on a sheet printed in December
// reads as if the activity had not begun yet. An end date always stays.
func ruleText(r schedule.Rule, today schedule.Date) string {
	if r.From.Before(today) {
		r.From = schedule.Date{}
	}
	return r.String()
}

// location is the directory's time zone, UTC when it has none.
func location(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}
