package pages

import (
	"bytes"
	"encoding/json"
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
		Status:   Term{ID: l.Status, Label: content.StatusText(l.Status)},
		Verified: Verified{Date: l.Verified.String(), Text: content.LongDate(l.Verified), Stale: l.Stale},
	}
	fm.ListingDetail = ListingDetail{
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
		fm.Next = &Session{Start: next.Start.Format(time.RFC3339), Text: content.SessionText(next)}
	}
	if v := d.Venue(l.Venue); v != nil {
		venue := g.venue(v)
		fm.Venue = &venue
		if l.Status != "ended" {
			fm.Venues = []string{v.ID}
		}
	}
	fm.Filters = Filters(d.Filters(l))
	fm.Accessibility = g.terms(tax.Accessibility, fm.Filters.Accessibility, d.Config.DefaultLanguage(), false)
	if !l.Contact.IsZero() {
		fm.Contact = &Contact{Name: l.Contact.Name, Phone: l.Contact.Phone, Email: l.Contact.Email,
			TelURL: telURL(l.Contact.Phone, d.Config.Country)}
	}
	if c := l.CurrentCapacity(); c != nil {
		fm.Capacity = &Capacity{Places: c.PlacesText(), Wait: c.WaitText(), Note: c.Note,
			Updated: c.Updated.String(), AsOf: c.UpdatedWords(), Stale: c.Stale}
	}
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
	card := d.Card(l)
	fm.Card = Card{When: card.When, Where: card.Where, Cost: card.Cost}
	if fm.Venue != nil {
		fm.Card.Lat, fm.Card.Lon = fm.Venue.Lat, fm.Venue.Lon
	}
	if l.IsActive() {
		fm.Card.Rules = schedule.CompactJSON(l.Schedule)
	}
	fm.JSONLD = g.jsonLD(l, fm)
	return fm
}

// detailJSON is the content of a listing's detail file (see Listing.Detail).
func detailJSON(d ListingDetail) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	// Hugo decodes the file; escaping < > & would only make it longer.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
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
	email := g.emailProblem(l)
	repo := strings.TrimSuffix(g.d.Config.Repository, "/")
	if repo == "" {
		return Links{EmailProblem: email}
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
		EmailProblem:  email,
	}
}

// emailProblem is a mailto: link to the directory's contact, naming the
// listing (title, id and page), or "" when the directory gives no email.
func (g *generator) emailProblem(l *content.Listing) string {
	to := g.d.Config.Contact.Email
	if to == "" {
		return ""
	}
	page := strings.TrimSuffix(g.opts.BaseURL, "/") + "/listings/" + l.ID + "/"
	// RFC 6068: spaces as %20 (not +), lines broken with CR LF.
	escape := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	body := strings.Join([]string{"Listing: " + l.Title + " (" + l.ID + ")", "Page: " + page, "", "What is wrong or out of date:", ""}, "\r\n")
	return "mailto:" + to + "?subject=" + escape("Problem with "+l.Title) + "&body=" + escape(body)
}

func cost(c content.Cost, currency string) Cost {
	return Cost{Free: c.Free, Text: c.Text(currency), Concessions: c.Concessions}
}

func audience(a content.Audience, vocab *content.Vocabulary, lang string) Audience {
	out := Audience{Text: a.Text()}
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

// The helpers below turn content's words into front matter; the words
// themselves are content's, shared with the other outputs.

// languageName is "Polish (polski)", as pages show languages.
func languageName(code string) string { return content.LanguageNameWithNative(code) }

// direction is the writing direction of a language's script.
func direction(code string) string { return content.Direction(code) }

// telURL is a phone number as a tel: link (see content.TelURL).
func telURL(phone, country string) string { return content.TelURL(phone, country) }

// slug is the area filter's value for a town (see content.Slug).
func slug(s string) string { return content.Slug(s) }
