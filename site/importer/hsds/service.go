package hsds

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/importer"
)

// mapper turns the collected services into a Set.
type mapper struct {
	terms   *Terms
	country string
	c       *collection
	set     *importer.Set
	orgs    map[string]bool // organizations added, by HSDS id
	venues  map[string]bool // venues added, by key
}

func newMapper(opts Options, c *collection) *mapper {
	return &mapper{terms: opts.Terms, country: opts.Country, c: c, set: &importer.Set{Dropped: map[string]int{}},
		orgs: map[string]bool{}, venues: map[string]bool{}}
}

func (m *mapper) build(ctx context.Context) (*importer.Set, error) {
	for _, id := range m.c.order {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m.listing(m.c.services[id])
	}
	return m.set, nil
}

// note records a value a person must decide.
func (m *mapper) note(kind, id, field, source, text string) {
	m.set.Notes = append(m.set.Notes, importer.Note{Kind: kind, ID: id, Field: field, Source: source, Text: text})
}

func (m *mapper) drop(field string, n int) {
	if n > 0 {
		m.set.Dropped[field] += n
	}
}

func (m *mapper) listing(f *found) {
	s := f.svc
	l := &content.Listing{ID: s.ID, SourceID: s.ID, Title: strings.TrimSpace(s.Name)}
	note := func(field, text string) { m.note("listing", l.ID, field, f.source, text) }
	m.set.Listings = append(m.set.Listings, l)

	l.Summary, l.Description = splitDescription(s.Description)
	if l.Summary == "" {
		note("summary", "the service has no description: write a one-line summary")
	} else if len(strings.TrimSpace(s.Description)) > len(l.Summary) && !strings.HasPrefix(s.Description, l.Summary) {
		note("summary", "the description's first paragraph is longer than 200 characters, so the summary is its first sentences: check it reads well")
	}
	l.Organization = m.organization(s, note)
	m.place(l, s, note)
	m.schedules(l, s, note)
	m.cost(l, s, note)
	m.audience(l, s, note)
	m.languages(l, s, note)
	m.attributes(l, s, note)
	m.eligibility(l, s)
	m.status(l, s, note)
	m.application(l, s, note)
	m.contact(l, s)
	m.verified(l, s, note)
	m.drop("interpretation_services", nonEmpty(s.InterpretationServices))
	m.drop("alternate_name", nonEmpty(s.AlternateName))
}

func nonEmpty(s string) int {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	return 1
}

// splitDescription makes the summary (plain, at most 200 characters) from
// the description's first paragraph, as signpost's export joins them; the
// rest is the body. A first paragraph too long for a summary is cut after
// a sentence, and the whole description kept as the body.
func splitDescription(desc string) (summary, body string) {
	desc = strings.TrimSpace(strings.ReplaceAll(desc, "\r\n", "\n"))
	first, rest, _ := strings.Cut(desc, "\n\n")
	first = strings.Join(strings.Fields(first), " ")
	if len([]rune(first)) <= 200 {
		return first, strings.TrimSpace(rest)
	}
	return sentences(first, 200), desc
}

var sentenceEnd = regexp.MustCompile(`[.!?]["')]?\s`)

// sentences is the longest run of whole sentences of s within max
// characters, or its words up to max with an ellipsis.
func sentences(s string, max int) string {
	cut := ""
	for _, loc := range sentenceEnd.FindAllStringIndex(s+" ", -1) {
		if len([]rune(s[:loc[1]-1])) > max {
			break
		}
		cut = strings.TrimSpace(s[:loc[1]-1])
	}
	if cut != "" {
		return cut
	}
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		if len([]rune(b.String()))+len([]rune(w))+2 > max {
			break
		}
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString(w)
	}
	return b.String() + "…"
}

// organization adds the service's organization, once, and returns its id.
func (m *mapper) organization(s service, note func(field, text string)) string {
	o := s.Organization
	if known := m.c.orgs[cmpOr(s.OrganizationID, orgKeyOf(o))]; known != nil {
		o = known
	}
	if o == nil {
		note("organization", "the service names no organization: give the id of a file in organizations/")
		return ""
	}
	key := orgKeyOf(o)
	if !m.orgs[key] {
		m.orgs[key] = true
		m.set.Organizations = append(m.set.Organizations, m.toOrganization(key, o))
	}
	return key
}

func orgKeyOf(o *organization) string {
	if o == nil {
		return ""
	}
	return cmpOr(o.ID, o.Name)
}

func (m *mapper) toOrganization(key string, o *organization) *content.Organization {
	out := &content.Organization{ID: key, Name: strings.TrimSpace(o.Name), Description: strings.TrimSpace(o.Description),
		Website: o.Website, Email: o.Email}
	if out.Description == "" {
		m.note("organization", key, "description", "organization "+o.ID, "the organization has no description: say in a sentence or two what it does")
	}
	out.Phone = firstPhone(o.Phones)
	for _, c := range o.Contacts {
		out.Phone = cmpOr(out.Phone, firstPhone(c.Phones))
		out.Email = cmpOr(out.Email, c.Email)
	}
	for _, id := range o.OrganizationIdentifiers {
		if isCharity(id) {
			out.CharityNumber = strings.TrimSpace(id.Identifier)
			break
		}
	}
	return out
}

// isCharity recognises a charity number by its type or by the
// org-id.guide scheme of a UK charity register.
func isCharity(id identifier) bool {
	scheme := strings.ToUpper(id.IdentifierScheme)
	return strings.Contains(strings.ToLower(id.IdentifierType), "charity") ||
		scheme == "GB-CHC" || scheme == "GB-SC" || scheme == "GB-NIC"
}

// firstPhone is the first number, without the quotes some feeds leave around it.
func firstPhone(phones []phone) string {
	for _, p := range phones {
		if n := strings.Trim(strings.TrimSpace(p.Number), `"'`); n != "" {
			return n
		}
	}
	return ""
}

// place sets the venue, or online, from the service's locations. A
// listing has one venue: other physical locations are noted.
func (m *mapper) place(l *content.Listing, s service, note func(field, text string)) {
	var physical, virtual []*location
	for _, sal := range s.ServiceAtLocations {
		loc := sal.Location
		if loc == nil {
			continue
		}
		if strings.EqualFold(loc.LocationType, "virtual") {
			virtual = append(virtual, loc)
		} else {
			physical = append(physical, loc)
		}
	}
	switch {
	case len(physical) > 0:
		l.Venue = m.venue(physical[0], note)
		if len(physical) > 1 {
			names := make([]string, 0, len(physical)-1)
			for _, loc := range physical[1:] {
				names = append(names, cmpOr(loc.Name, loc.ID))
			}
			note("venue", fmt.Sprintf("the service is also at %s: a listing has one venue, so copy it for each of them", content.JoinAnd(names)))
		}
	case len(virtual) > 0:
		l.Venue = content.Online
		l.OnlineURL = cmpOr(virtual[0].URL, s.URL)
		if l.OnlineURL == "" {
			note("online_url", "the service is online but gives no web address")
		}
	default:
		note("venue", "the service has no location: give a venue id, or online with online_url")
	}
}

// venue adds a location as a venue, once, and returns its key.
func (m *mapper) venue(loc *location, note func(field, text string)) string {
	a := bestAddress(loc.Addresses)
	name := strings.TrimSpace(cmpOr(loc.Name, a.Address1))
	key := cmpOr(loc.ID, name+"|"+a.PostalCode)
	if m.venues[key] {
		return key
	}
	m.venues[key] = true
	v := &content.Venue{ID: key, Name: name, Town: strings.TrimSpace(cmpOr(a.City, a.Region)),
		Postcode: strings.TrimSpace(a.PostalCode), Directions: strings.TrimSpace(loc.Transportation)}
	v.Address = addressLines(a, name)
	vnote := func(field, text string) { m.note("venue", key, field, "location "+loc.ID, text) }
	if loc.Latitude != nil && loc.Longitude != nil {
		if math.Abs(*loc.Latitude) <= 90 && math.Abs(*loc.Longitude) <= 180 {
			v.Lat, v.Lon = loc.Latitude, loc.Longitude
		} else {
			vnote("lat", fmt.Sprintf("latitude %v, longitude %v is not a place on Earth, so it was left out", *loc.Latitude, *loc.Longitude))
		}
	}
	m.postcode(v, a.Country, vnote)
	for _, acc := range loc.Accessibility {
		m.venueAccess(v, acc, vnote)
	}
	m.set.Venues = append(m.set.Venues, v)
	return key
}

// bestAddress is the physical address, else the first.
func bestAddress(as []address) address {
	for _, a := range as {
		if strings.EqualFold(a.AddressType, "physical") {
			return a
		}
	}
	if len(as) > 0 {
		return as[0]
	}
	return address{}
}

// addressLines are address_1 and address_2. address_2 stays one line even
// with commas in it (signpost's export joins extra lines with commas, but
// "Riverside Walk, off Mill Lane" is one line). An address_1 that only
// repeats the venue's name is not a line of the address.
func addressLines(a address, name string) []string {
	var lines []string
	if a1 := strings.TrimSpace(a.Address1); a1 != "" && a1 != name {
		lines = append(lines, a1)
	}
	if a2 := strings.TrimSpace(a.Address2); a2 != "" {
		lines = append(lines, a2)
	}
	return lines
}

// venueAccess maps an accessibility description to the vocabulary.
func (m *mapper) venueAccess(v *content.Venue, acc accessibility, note func(field, text string)) {
	targets, ok := m.terms.Map(Term{Taxonomy: "accessibility", Name: acc.Description})
	added := false
	for _, t := range targets {
		if t.Vocabulary == "accessibility" && !slices.Contains(v.Accessibility, t.Term) {
			v.Accessibility = append(v.Accessibility, t.Term)
			added = true
		}
	}
	if !ok || !added && len(targets) > 0 {
		note("accessibility", fmt.Sprintf("%q is not one of the accessibility terms: add the terms it means", acc.Description))
	}
}

// schedules maps the service's schedules (and those of its locations'
// service-at-location records) to rules; what the grammar cannot say is
// kept, in the source's words, in schedule_notes.
func (m *mapper) schedules(l *content.Listing, s service, note func(field, text string)) {
	all := slices.Clone(s.Schedules)
	for _, sal := range s.ServiceAtLocations {
		all = append(all, sal.Schedules...)
	}
	var notes []string
	for i, sc := range all {
		texts, why := rules(sc)
		for _, t := range texts {
			if !slices.Contains(l.ScheduleText, t) {
				l.ScheduleText = append(l.ScheduleText, t)
			}
		}
		if why != "" {
			words := cmpOr(strings.TrimSpace(sc.Description), describe(sc))
			notes = appendNew(notes, words)
			note("schedule", fmt.Sprintf("schedule %d cannot be written as a rule: %s; its words were kept in schedule_notes", i+1, why))
		}
		notes = appendNew(notes, ownNotes(sc.Notes))
	}
	l.ScheduleNotes = strings.Join(notes, " ")
	if len(all) == 0 {
		note("schedule", "the service has no schedule: write when it runs, or \"by appointment\"")
	}
}

func appendNew(list []string, s string) []string {
	if s = strings.TrimSpace(s); s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// ownNotes drops the sentence signpost's export adds to every schedule's
// notes ("Times are local time (Europe/London).").
func ownNotes(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "Times are local time (") {
		if _, rest, ok := strings.Cut(s, ")."); ok {
			return strings.TrimSpace(rest)
		}
	}
	return s
}

// describe says a schedule without a description in RFC 5545 terms, so
// nothing of it is lost.
func describe(sc hsdsSchedule) string {
	var parts []string
	for _, p := range [][2]string{{"FREQ", sc.Freq}, {"BYDAY", sc.Byday}, {"BYMONTHDAY", sc.Bymonthday},
		{"BYWEEKNO", sc.Byweekno}, {"BYYEARDAY", sc.Byyearday}} {
		if p[1] != "" {
			parts = append(parts, p[0]+"="+p[1])
		}
	}
	s := strings.Join(parts, ";")
	if sc.OpensAt != "" || sc.ClosesAt != "" {
		s = strings.TrimSpace(s + " " + sc.OpensAt + "-" + sc.ClosesAt)
	}
	return s
}

// languages keeps the BCP 47 code of each language (ISO 639-2/3 codes like
// "eng" become "en").
func (m *mapper) languages(l *content.Listing, s service, note func(field, text string)) {
	for _, lang := range s.Languages {
		code := strings.TrimSpace(lang.Code)
		tag, err := language.Parse(code)
		if code == "" || err != nil {
			note("languages", fmt.Sprintf("language %q has no code signpost knows (like en or pl): add its code", cmpOr(lang.Name, code)))
			continue
		}
		if c := tag.String(); !slices.Contains(l.Languages, c) {
			l.Languages = append(l.Languages, c)
		}
	}
}

// attributes maps the service's taxonomy terms to its categories, needs,
// accessibility and audience groups.
func (m *mapper) attributes(l *content.Listing, s service, note func(field, text string)) {
	for _, a := range s.Attributes {
		if a.TaxonomyTerm == nil {
			continue
		}
		tt := a.TaxonomyTerm
		term := Term{Taxonomy: cmpOr(tt.Taxonomy, a.LinkType), Code: tt.Code, Name: tt.Name}
		targets, ok := m.terms.Map(term)
		if !ok {
			note("categories", fmt.Sprintf("the term %q has no match in the vocabularies: map it in MAP.yaml (terms: {%q: [category or need]})", term.String(), cmpOr(tt.Name, tt.Code)))
			continue
		}
		for _, t := range targets {
			addTerm(l, t)
		}
	}
	if len(l.Categories) == 0 {
		note("categories", "no term of the service is a category: choose at least one")
	}
}

func addTerm(l *content.Listing, t Target) {
	list := map[string]*[]string{"categories": &l.Categories, "needs": &l.Needs,
		"accessibility": &l.Accessibility, "audience": &l.Audience.Groups}[t.Vocabulary]
	if list != nil && !slices.Contains(*list, t.Term) {
		*list = append(*list, t.Term)
	}
}

// postcode writes the postcode as the directory's country does, and notes
// one that is not of that country.
func (m *mapper) postcode(v *content.Venue, country string, note func(field, text string)) {
	re := content.PostcodePattern(m.country)
	if re == nil || v.Postcode == "" {
		return
	}
	if p := content.NormalizePostcode(v.Postcode, m.country); re.MatchString(p) {
		v.Postcode = p
		return
	}
	text := fmt.Sprintf("%q is not a postcode in %s, like %s", v.Postcode, m.country, content.PostcodeExample(m.country))
	if country != "" && !strings.EqualFold(country, m.country) {
		text += fmt.Sprintf("; the address says it is in %s", country)
	}
	note("postcode", text)
}
