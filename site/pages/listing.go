package pages

import (
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/schedule"
)

// listing computes the front matter of a listing page.
func (g *generator) listing(l *content.Listing) *Listing {
	d, tax := g.d, g.d.Taxonomy
	lang := l.Lang
	fm := &Listing{
		Title: l.Title, Summary: l.Summary, Slug: l.ID, ID: l.ID,
		Date: l.Verified.String(), Lastmod: l.Verified.String(),
		Lang: lang, Direction: direction(lang),
		CategoryTerms: g.terms(tax.Categories, l.Categories, d.Config.DefaultLanguage(), true),
		NeedTerms:     g.terms(tax.Needs, l.Needs, d.Config.DefaultLanguage(), true),
		ScheduleNotes: l.ScheduleNotes,
		Cost:          cost(l.Cost, d.Config.Currency),
		Online:        l.IsOnline(),
		OnlineURL:     l.OnlineURL,
		Organization:  g.organization(d.Organization(l.Organization)),
		Audience:      audience(l.Audience, tax.Audience, d.Config.DefaultLanguage()),
		Languages:     languages(l.Languages, lang),
		Referral:      Term{ID: l.Referral, Label: content.ReferralText(l.Referral)},
		HowToJoin:     l.HowToJoin,
		FirstVisit:    l.FirstVisit,
		Status:        Term{ID: l.Status, Label: content.StatusText(l.Status)},
		Verified:      Verified{Date: l.Verified.String(), Text: longDate(l.Verified), Stale: l.Stale},
		Tags:          l.Tags,
	}
	// Ended listings keep their page, so links to them still work, but
	// no longer appear in lists or under their terms.
	if l.Status != "ended" {
		fm.Categories, fm.Needs, fm.Organizations = l.Categories, l.Needs, []string{l.Organization}
	}
	for _, r := range l.Schedule {
		fm.Schedule = append(fm.Schedule, r.String())
	}
	// Only activities that are running or full have a next session to show.
	if next, ok := schedule.Next(l.Schedule, g.opts.Now, d.Config.Location); ok && l.IsActive() {
		fm.Next = &Session{Start: next.Start.Format(time.RFC3339), Text: sessionText(next)}
	}
	access := slices.Clone(l.Accessibility)
	if v := d.Venue(l.Venue); v != nil {
		venue := g.venue(v)
		fm.Venue = &venue
		if l.Status != "ended" {
			fm.Venues = []string{v.ID}
		}
		for _, a := range v.Accessibility {
			if !slices.Contains(access, a) {
				access = append(access, a)
			}
		}
	}
	fm.Accessibility = g.terms(tax.Accessibility, access, d.Config.DefaultLanguage(), false)
	if !l.Contact.IsZero() {
		fm.Contact = &Contact{Name: l.Contact.Name, Phone: l.Contact.Phone, Email: l.Contact.Email,
			TelURL: telURL(l.Contact.Phone, d.Config.Country)}
	}
	fm.Filters = filters(l, fm, access)
	for _, code := range slices.Sorted(maps.Keys(l.Translations)) {
		t := l.Translations[code]
		fm.Translations = append(fm.Translations, Translation{Lang: code, Direction: direction(code),
			LanguageName: languageName(code), Title: t.Title, Summary: t.Summary, HowToJoin: t.HowToJoin,
			FirstVisit: t.FirstVisit, DescriptionHTML: g.html(t.Description)})
	}
	fm.Links = g.links(l)
	fm.Links.Sheet, fm.Links.Basket = "sheets/"+l.ID+".pdf", "sheets/"+l.ID+".json"
	// The feeds write a calendar for every listing with dated sessions.
	if l.Status != "ended" && slices.ContainsFunc(l.Schedule, func(r schedule.Rule) bool { return r.Kind != schedule.ByAppointment }) {
		fm.Links.Calendar = "listings/" + l.ID + "/calendar.ics"
	}
	fm.Card = card(fm)
	fm.JSONLD = g.jsonLD(l, fm)
	return fm
}

func (g *generator) organization(o *content.Organization) Organization {
	if o == nil {
		return Organization{}
	}
	return Organization{ID: o.ID, Name: o.Name, Website: o.Website, Email: o.Email, Phone: o.Phone,
		TelURL: telURL(o.Phone, g.d.Config.Country), URL: "organizations/" + o.ID + "/"}
}

func (g *generator) venue(v *content.Venue) Venue {
	address := v.AddressLines()
	out := Venue{ID: v.ID, Name: v.Name, Address: address, Town: v.Town, Postcode: v.Postcode,
		Directions: v.Directions, Lat: v.Lat, Lon: v.Lon,
		Accessibility: g.terms(g.d.Taxonomy.Accessibility, v.Accessibility, g.d.Config.DefaultLanguage(), false),
		URL:           "venues/" + v.ID + "/"}
	// A plain link to OpenStreetMap: the site itself never loads a map
	// from another server.
	if v.HasPosition() {
		lat, lon := strconv.FormatFloat(*v.Lat, 'f', -1, 64), strconv.FormatFloat(*v.Lon, 'f', -1, 64)
		out.MapURL = "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon + "#map=17/" + lat + "/" + lon
	} else {
		out.MapURL = "https://www.openstreetmap.org/search?query=" + url.QueryEscape(strings.Join(append([]string{v.Name}, address...), ", "))
	}
	return out
}

func (g *generator) links(l *content.Listing) Links {
	repo := strings.TrimSuffix(g.d.Config.Repository, "/")
	if repo == "" {
		return Links{}
	}
	q := url.Values{}
	q.Set("template", "report-problem.yml")
	q.Set("title", "Problem with "+l.Title)
	q.Set("listing", l.ID)
	q.Set("labels", "listing-problem")
	// The repository's web editor wants the path from the repository's
	// root; builds normally run there, with a relative content folder.
	file := filepath.ToSlash(l.File)
	if filepath.IsAbs(l.File) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, l.File); err == nil && !strings.HasPrefix(rel, "..") {
				file = filepath.ToSlash(rel)
			}
		}
	}
	return Links{
		SuggestEdit:   repo + "/edit/main/" + file,
		ReportProblem: repo + "/issues/new?" + q.Encode(),
	}
}

func card(fm *Listing) Card {
	c := Card{Cost: fm.Cost.Text, Where: "Online"}
	if len(fm.Schedule) > 0 {
		c.When = fm.Schedule[0]
		if len(fm.Schedule) > 1 {
			c.When += ", and other times"
		}
	}
	if fm.Venue != nil {
		c.Where = fm.Venue.Name + ", " + fm.Venue.Town
	}
	return c
}

func cost(c content.Cost, currency string) Cost {
	return Cost{Free: c.Free, Text: c.Text(currency), Concessions: c.Concessions}
}

func audience(a content.Audience, vocab *content.Vocabulary, lang string) Audience {
	out := Audience{Text: a.AgeText()}
	if out.Text == "" {
		out.Text = "Everyone"
	}
	for _, id := range a.Groups {
		out.Groups = append(out.Groups, Term{ID: id, Label: vocab.Label(id, lang)})
	}
	return out
}

func languages(codes []string, lang string) []Language {
	if len(codes) == 0 {
		codes = []string{lang}
	}
	out := make([]Language, 0, len(codes))
	for _, c := range codes {
		out = append(out, Language{Code: c, Name: languageName(c)})
	}
	return out
}

// languageName is "Polish (polski)", as pages show languages.
func languageName(code string) string { return content.LanguageNameWithNative(code) }

// direction is the writing direction of a language's script.
func direction(code string) string {
	base, _, _ := strings.Cut(code, "-")
	switch base {
	case "ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb":
		return "rtl"
	}
	return "ltr"
}

// telURL turns a phone number into a tel: link, in international form
// when the country is known, so it works from mobile phones abroad too.
func telURL(phone, country string) string {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r == '+' {
			return r
		}
		return -1
	}, phone)
	if digits == "" {
		return ""
	}
	if prefix, ok := countryCodes[country]; ok && strings.HasPrefix(digits, "0") && !strings.HasPrefix(digits, "00") {
		digits = prefix + digits[1:]
	}
	return "tel:" + digits
}

var countryCodes = map[string]string{"GB": "+44", "IE": "+353", "AU": "+61", "NZ": "+64", "FR": "+33", "DE": "+49", "NL": "+31", "ES": "+34"}

func longDate(d schedule.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Day, d.Month, d.Year)
}

func sessionText(o schedule.Occurrence) string {
	return fmt.Sprintf("%s %d %s %d, %s–%s", o.Start.Weekday(), o.Start.Day(), o.Start.Month(), o.Start.Year(),
		o.Start.Format("15:04"), o.End.Format("15:04"))
}

var dayIDs = [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// filters are the values a listing matches, for the filters on list pages.
func filters(l *content.Listing, fm *Listing, access []string) Filters {
	f := Filters{Cost: "paid", Referral: l.Referral, Area: "online",
		Accessibility: access, Audience: l.Audience.Groups, Languages: l.Languages}
	if fm.Cost.Free {
		f.Cost = "free"
	}
	if len(f.Languages) == 0 {
		f.Languages = []string{l.Lang}
	}
	if fm.Venue != nil {
		f.Area = slug(fm.Venue.Town)
	}
	days := map[time.Weekday]bool{}
	times := map[string]bool{}
	for _, r := range l.Schedule {
		switch r.Kind {
		case schedule.Weekly, schedule.Fortnightly, schedule.Monthly:
			for _, d := range r.Days {
				days[d] = true
			}
		case schedule.Weekdays:
			for d := time.Monday; d <= time.Friday; d++ {
				days[d] = true
			}
		case schedule.Daily:
			for d := time.Sunday; d <= time.Saturday; d++ {
				days[d] = true
			}
		case schedule.Once:
			days[r.On.Weekday()] = true
		case schedule.ByAppointment:
			continue
		}
		times[timeOfDay(r.Start)] = true
	}
	for _, d := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		if days[d] {
			f.Days = append(f.Days, dayIDs[d])
		}
	}
	for _, t := range []string{"morning", "afternoon", "evening"} {
		if times[t] {
			f.Times = append(f.Times, t)
		}
	}
	return f
}

func timeOfDay(c schedule.Clock) string {
	switch {
	case c < 12*60:
		return "morning"
	case c < 17*60:
		return "afternoon"
	}
	return "evening"
}

// slug makes an area name into a filter value: "Little Ashton" → "little-ashton".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}
