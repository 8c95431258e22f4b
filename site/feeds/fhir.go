package feeds

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/signpost-directory/signpost/site/atomicfile"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/schedule"
)

// FHIR R4, under fhir/: each listing is a HealthcareService, provided by
// an Organization at a Location (its venue, or a Location of its own for
// an online activity). The folder is a read-only, static FHIR base:
//
//	fhir/HealthcareService/<id>.json   one file per resource, and the same
//	fhir/Organization/<id>.json        bytes without the extension, so the
//	fhir/Location/<id>.json            RESTful read [base]/<type>/<id> works
//	fhir/bundle.json                   a searchset Bundle: the first page of services,
//	                                   with the organizations and locations they use
//	fhir/bundle/page-<n>.json          page n, from 2 (see FHIRPageSize)
//
// Resource ids are the HSDS ids (see feeds.id), so the two feeds name a
// listing, an organization and a venue alike. Organizations and venues
// that no listing uses are left out: the feed is about services.
const fhirDir = "fhir/"

// FHIRPageSize is how many services a page of the FHIR Bundle holds.
const FHIRPageSize = 1000

// SNOMED CT's concept for a referral to social prescribing (UK edition),
// the code the sheets print for a practice's records.
const (
	snomedSystem  = "http://snomed.info/sct"
	snomedCode    = "871731000000106"
	snomedDisplay = "Referral to social prescribing service"
)

type fhirCoding struct {
	System  string `json:"system,omitempty"`
	Code    string `json:"code,omitempty"`
	Display string `json:"display,omitempty"`
}

type fhirConcept struct {
	Coding []fhirCoding `json:"coding,omitempty"`
	Text   string       `json:"text,omitempty"`
}

type fhirReference struct {
	Reference string `json:"reference"`
	Display   string `json:"display,omitempty"`
}

type fhirIdentifier struct {
	System string `json:"system"`
	Value  string `json:"value"`
}

type fhirContactPoint struct {
	System string `json:"system"`
	Value  string `json:"value"`
}

type fhirMeta struct {
	LastUpdated string `json:"lastUpdated,omitempty"`
}

type fhirAvailableTime struct {
	DaysOfWeek         []string `json:"daysOfWeek"`
	AvailableStartTime string   `json:"availableStartTime"`
	AvailableEndTime   string   `json:"availableEndTime"`
}

type fhirNotAvailable struct {
	Description string `json:"description"`
}

type fhirEligibility struct {
	Code    *fhirConcept `json:"code,omitempty"`
	Comment string       `json:"comment,omitempty"`
}

// fhirExtension is an extension with a value, or with extensions of its
// own (a complex extension such as SDOHCC's capacity status).
type fhirExtension struct {
	URL                  string          `json:"url"`
	Extension            []fhirExtension `json:"extension,omitempty"`
	ValueCodeableConcept *fhirConcept    `json:"valueCodeableConcept,omitempty"`
	ValueString          string          `json:"valueString,omitempty"`
}

// The HL7 SDOH Clinical Care guide's (STU 3) capacity status of a
// HealthcareService: a complex extension with capacityStatus (a code from
// its ValueSet SDOHCC-ValueSetCapacityStatus, extensible) and
// capacityNotes (a string: "the number of individuals on a waitlist or an
// estimated wait time"). The codes are the guide's temporary codes, as in
// HL7/fhir-sdoh-clinicalcare input/fsh/codesystems.
const (
	sdohccCapacityURL   = "http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ExtensionHealthcareServiceCapacityStatus"
	sdohccTemporaryCode = "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes"
)

type fhirHealthcareService struct {
	ResourceType           string              `json:"resourceType"`
	ID                     string              `json:"id"`
	Meta                   *fhirMeta           `json:"meta,omitempty"`
	Language               string              `json:"language,omitempty"`
	Extension              []fhirExtension     `json:"extension,omitempty"`
	Identifier             []fhirIdentifier    `json:"identifier"`
	Active                 bool                `json:"active"`
	ProvidedBy             *fhirReference      `json:"providedBy,omitempty"`
	Category               []fhirConcept       `json:"category,omitempty"`
	Type                   []fhirConcept       `json:"type,omitempty"`
	Location               []fhirReference     `json:"location"`
	Name                   string              `json:"name"`
	Comment                string              `json:"comment,omitempty"`
	ExtraDetails           string              `json:"extraDetails,omitempty"`
	Telecom                []fhirContactPoint  `json:"telecom"`
	ServiceProvisionCode   []fhirConcept       `json:"serviceProvisionCode,omitempty"`
	Eligibility            []fhirEligibility   `json:"eligibility,omitempty"`
	Characteristic         []fhirConcept       `json:"characteristic,omitempty"`
	Communication          []fhirConcept       `json:"communication,omitempty"`
	AppointmentRequired    *bool               `json:"appointmentRequired,omitempty"`
	AvailableTime          []fhirAvailableTime `json:"availableTime,omitempty"`
	NotAvailable           []fhirNotAvailable  `json:"notAvailable,omitempty"`
	AvailabilityExceptions string              `json:"availabilityExceptions,omitempty"`
}

type fhirOrganization struct {
	ResourceType string             `json:"resourceType"`
	ID           string             `json:"id"`
	Identifier   []fhirIdentifier   `json:"identifier"`
	Active       bool               `json:"active"`
	Name         string             `json:"name"`
	Telecom      []fhirContactPoint `json:"telecom,omitempty"`
}

type fhirAddress struct {
	Use        string   `json:"use"`
	Type       string   `json:"type"`
	Line       []string `json:"line,omitempty"`
	City       string   `json:"city,omitempty"`
	PostalCode string   `json:"postalCode,omitempty"`
	Country    string   `json:"country,omitempty"`
}

type fhirPosition struct {
	Longitude float64 `json:"longitude"`
	Latitude  float64 `json:"latitude"`
}

type fhirLocation struct {
	ResourceType string             `json:"resourceType"`
	ID           string             `json:"id"`
	Identifier   []fhirIdentifier   `json:"identifier,omitempty"`
	Status       string             `json:"status"`
	Name         string             `json:"name"`
	Description  string             `json:"description,omitempty"`
	Mode         string             `json:"mode"`
	Telecom      []fhirContactPoint `json:"telecom,omitempty"`
	Address      *fhirAddress       `json:"address,omitempty"`
	Position     *fhirPosition      `json:"position,omitempty"`
}

type fhirBundle struct {
	ResourceType string            `json:"resourceType"`
	Type         string            `json:"type"`
	Total        int               `json:"total"`
	Link         []fhirBundleLink  `json:"link"`
	Entry        []fhirBundleEntry `json:"entry"`
}

type fhirBundleLink struct {
	Relation string `json:"relation"`
	URL      string `json:"url"`
}

type fhirBundleEntry struct {
	FullURL  string          `json:"fullUrl"`
	Resource any             `json:"resource"`
	Search   fhirEntrySearch `json:"search"`
}

type fhirEntrySearch struct {
	Mode string `json:"mode"`
}

// fhirResource is a resource with its type and id, as written.
type fhirResource struct {
	kind, id string
	value    any
}

func (r fhirResource) path() string { return r.kind + "/" + r.id }

// fhirService is a listing's HealthcareService with the resources it
// refers to.
type fhirService struct {
	service fhirResource
	uses    []fhirResource // its organization, then its location
}

// system is the URL that names one of the directory's vocabularies as a
// FHIR code system. Like the ids, it comes from the directory's own
// base_url, never from a preview's address.
func (f *feeds) system(vocabulary string) string { return f.idBase + vocabulary + "/" }

func (f *feeds) codings(vocabulary string, ids []string) []fhirConcept {
	vocab := f.d.Taxonomy.Vocabulary(vocabulary)
	if vocab == nil {
		return nil
	}
	lang := f.d.Config.DefaultLanguage()
	var out []fhirConcept
	for _, id := range ids {
		if vocab.Term(id) == nil {
			continue
		}
		out = append(out, fhirConcept{Coding: []fhirCoding{{System: f.system(vocabulary), Code: id, Display: vocab.Label(id, lang)}}})
	}
	return out
}

func telecom(phone, email, url string) []fhirContactPoint {
	var out []fhirContactPoint
	if phone != "" {
		out = append(out, fhirContactPoint{System: "phone", Value: phone})
	}
	if email != "" {
		out = append(out, fhirContactPoint{System: "email", Value: email})
	}
	if url != "" {
		out = append(out, fhirContactPoint{System: "url", Value: url})
	}
	return out
}

// fhirDay is a day as FHIR's days-of-week codes write it: "mon".
func fhirDay(d time.Weekday) string { return schedule.DayID(d) }

// fhirTime is a wall-clock time as FHIR's time type writes it: "09:30:00".
func fhirTime(c schedule.Clock) string { return c.String() + ":00" }

// availableTime is a rule as FHIR's availableTime, when it can be one: a
// rule that runs every week on the same days, all year round (weekly,
// weekdays, daily, without from or until dates). Every other rule is said
// in words in availabilityExceptions, since availableTime has no weeks of
// the month, no fortnights and no dates.
func availableTime(r schedule.Rule) (fhirAvailableTime, bool) {
	if !r.From.IsZero() || !r.Until.IsZero() {
		return fhirAvailableTime{}, false
	}
	var days []time.Weekday
	switch r.Kind {
	case schedule.Weekly:
		days = r.Days
	case schedule.Weekdays:
		days = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	case schedule.Daily:
		days = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	default:
		return fhirAvailableTime{}, false
	}
	t := fhirAvailableTime{AvailableStartTime: fhirTime(r.Start), AvailableEndTime: fhirTime(r.End)}
	for _, d := range days {
		t.DaysOfWeek = append(t.DaysOfWeek, fhirDay(d))
	}
	return t, true
}

func (f *feeds) fhirService(l *content.Listing) fhirService {
	cfg := f.d.Config
	lang := cfg.DefaultLanguage()
	s := &fhirHealthcareService{
		ResourceType: "HealthcareService", ID: f.id("service", l.ID),
		Meta:       &fhirMeta{LastUpdated: modified(l).Format(time.RFC3339)},
		Language:   l.Lang,
		Identifier: []fhirIdentifier{{System: f.idBase + "listings/", Value: l.ID}},
		Active:     l.IsActive(),
		Location:   []fhirReference{},
		Name:       l.Title, Comment: l.Summary, ExtraDetails: strings.TrimSpace(l.Description),
		Telecom:  telecom(l.Contact.Phone, l.Contact.Email, f.listingURL(l)),
		Category: f.codings("categories", l.Categories),
	}
	if cfg.Sheets.SNOMEDCode == nil || *cfg.Sheets.SNOMEDCode {
		s.Type = []fhirConcept{{Coding: []fhirCoding{{System: snomedSystem, Code: snomedCode, Display: snomedDisplay}}}}
	}
	s.Characteristic = append(f.codings("needs", l.Needs), f.codings("accessibility", f.d.Accessibility(l))...)
	var uses []fhirResource
	if o := f.d.Organization(l.Organization); o != nil {
		org := f.fhirOrganization(o)
		s.ProvidedBy = &fhirReference{Reference: org.path(), Display: o.Name}
		uses = append(uses, org)
	}
	loc := f.fhirLocation(l)
	s.Location = append(s.Location, fhirReference{Reference: loc.path(), Display: loc.value.(*fhirLocation).Name})
	uses = append(uses, loc)

	// What it costs: the codes of FHIR's service-provision-conditions.
	const provision = "http://terminology.hl7.org/CodeSystem/service-provision-conditions"
	if l.Cost.Free {
		s.ServiceProvisionCode = append(s.ServiceProvisionCode, fhirConcept{
			Coding: []fhirCoding{{System: provision, Code: "free", Display: "Free"}}, Text: l.Cost.Text(cfg.Currency)})
	} else {
		s.ServiceProvisionCode = append(s.ServiceProvisionCode, fhirConcept{
			Coding: []fhirCoding{{System: provision, Code: "cost", Display: "Fees apply"}}, Text: l.Cost.Text(cfg.Currency)})
	}
	if l.Cost.Concessions != "" {
		s.ServiceProvisionCode = append(s.ServiceProvisionCode, fhirConcept{
			Coding: []fhirCoding{{System: provision, Code: "disc", Display: "Discounts Available"}}, Text: l.Cost.Concessions})
	}

	// Who it is for and how to get in.
	if route := content.ReferralText(l.Referral); route != "" || l.HowToJoin != "" {
		e := fhirEligibility{Comment: l.HowToJoin}
		if route != "" {
			e.Code = &fhirConcept{Text: route}
		}
		s.Eligibility = append(s.Eligibility, e)
	}
	if who := audienceText(l.Audience, f.d.Taxonomy.Audience, lang); who != "" {
		s.Eligibility = append(s.Eligibility, fhirEligibility{Code: &fhirConcept{Text: "Who it is for"}, Comment: who})
	}

	languages := l.Languages
	if len(languages) == 0 {
		languages = []string{l.Lang}
	}
	for _, code := range languages {
		s.Communication = append(s.Communication, fhirConcept{
			Coding: []fhirCoding{{System: "urn:ietf:bcp:47", Code: code, Display: content.LanguageName(code)}}})
	}

	// When: weekly patterns as availableTime, everything else in words.
	var words []string
	if alert := statusAlert[l.Status]; alert != "" {
		if l.Status == "full" {
			words = append(words, alert)
		} else {
			s.NotAvailable = append(s.NotAvailable, fhirNotAvailable{Description: alert})
		}
	}
	if c := l.CurrentCapacity(); c != nil {
		words = append(words, "Places: "+c.Text())
		s.Extension = append(s.Extension, capacityExtension(l))
	}
	byAppointment := 0
	for _, r := range l.Schedule {
		if r.Kind == schedule.ByAppointment {
			byAppointment++
		}
		if t, ok := availableTime(r); ok {
			s.AvailableTime = append(s.AvailableTime, t)
			continue
		}
		words = append(words, r.String()+".")
	}
	if byAppointment > 0 {
		all := byAppointment == len(l.Schedule)
		s.AppointmentRequired = &all
	}
	if l.ScheduleNotes != "" {
		words = append(words, l.ScheduleNotes)
	}
	if byAppointment < len(l.Schedule) {
		words = append(words, "Times are local time ("+f.loc.String()+").")
	}
	s.AvailabilityExceptions = strings.Join(words, " ")
	return fhirService{service: fhirResource{kind: "HealthcareService", id: s.ID, value: s}, uses: uses}
}

// capacityExtension is a listing's capacity as SDOHCC's capacity status.
// A full or paused activity takes nobody now: it has a waiting list when
// it gives a wait, else no capacity. An active one has capacity when it
// has places left; else a wait is a waiting list and no places left is no
// capacity; one that says nothing of places has capacity (it is active).
// The notes are the capacity in words, with the date it was given.
func capacityExtension(l *content.Listing) fhirExtension {
	c := l.Capacity
	waits := c.WaitWeeks != nil && *c.WaitWeeks > 0
	left := c.PlacesLeft != nil && *c.PlacesLeft > 0
	code, display := "capacity", "Capacity"
	switch {
	case (l.Status == "full" || l.Status == "paused" || !left) && waits:
		code, display = "no-capacity-has-waitlist", "No Capacity - Has Waitlist"
	case l.Status == "full" || l.Status == "paused" || c.PlacesLeft != nil && !left:
		code, display = "no-capacity", "No Capacity"
	}
	return fhirExtension{URL: sdohccCapacityURL, Extension: []fhirExtension{
		{URL: "capacityStatus", ValueCodeableConcept: &fhirConcept{
			Coding: []fhirCoding{{System: sdohccTemporaryCode, Code: code, Display: display}}}},
		{URL: "capacityNotes", ValueString: c.Text()},
	}}
}

func (f *feeds) fhirOrganization(o *content.Organization) fhirResource {
	org := &fhirOrganization{ResourceType: "Organization", ID: f.id("organization", o.ID),
		Identifier: []fhirIdentifier{{System: f.idBase + "organizations/", Value: o.ID}},
		Active:     true, Name: o.Name, Telecom: telecom(o.Phone, o.Email, o.Website)}
	if scheme := content.CharityScheme(f.d.Config.Country, o.CharityNumber); o.CharityNumber != "" && scheme != "" {
		org.Identifier = append(org.Identifier, fhirIdentifier{System: "https://org-id.guide/list/" + scheme, Value: o.CharityNumber})
	}
	return fhirResource{kind: "Organization", id: org.ID, value: org}
}

// fhirLocation is a listing's venue, or for an online activity a Location
// of its own whose telecom is the address it happens at.
func (f *feeds) fhirLocation(l *content.Listing) fhirResource {
	id := f.locationID(l)
	v := f.d.Venue(l.Venue)
	if v == nil {
		loc := &fhirLocation{ResourceType: "Location", ID: id, Status: "active", Name: "Online", Mode: "instance",
			Description: "Online: " + l.Title, Telecom: telecom("", "", l.OnlineURL)}
		return fhirResource{kind: "Location", id: id, value: loc}
	}
	loc := &fhirLocation{ResourceType: "Location", ID: id,
		Identifier: []fhirIdentifier{{System: f.idBase + "venues/", Value: v.ID}},
		Status:     "active", Name: v.Name, Description: v.Directions, Mode: "instance",
		Address: &fhirAddress{Use: "work", Type: "physical", Line: v.Address, City: v.Town, PostalCode: v.Postcode,
			Country: f.d.Config.Country}}
	if v.HasPosition() {
		loc.Position = &fhirPosition{Longitude: *v.Lon, Latitude: *v.Lat}
	}
	return fhirResource{kind: "Location", id: id, value: loc}
}

// writeFHIR writes every resource once, then the Bundle's pages.
func (f *feeds) writeFHIR(ctx context.Context, out *output) error {
	written := map[string]bool{}
	// resource writes r; made is the key of what it is made from, or zero.
	resource := func(r fhirResource, made atomicfile.Key) error {
		if written[r.path()] {
			return nil
		}
		written[r.path()] = true
		rel := fhirDir + r.path()
		return out.writeMade(rel+".json", made, func() ([]byte, error) { return marshal(r.value) }, rel)
	}
	services := make([]fhirService, len(f.d.Listings))
	for i, l := range f.d.Listings {
		if err := ctx.Err(); err != nil {
			return err
		}
		services[i] = f.fhirService(l)
		if err := resource(services[i].service, f.key(i)); err != nil {
			return err
		}
		for _, r := range services[i].uses {
			if err := resource(r, atomicfile.Key{}); err != nil {
				return err
			}
		}
	}
	size := cmp.Or(f.fhirPageSize, FHIRPageSize)
	total := max(1, (len(services)+size-1)/size)
	pageURL := func(n int) string {
		if n == 1 {
			return f.base + fhirDir + "bundle.json"
		}
		return fmt.Sprintf("%s%sbundle/page-%d.json", f.base, fhirDir, n)
	}
	for n := 1; n <= total; n++ {
		b := fhirBundle{ResourceType: "Bundle", Type: "searchset", Total: len(services),
			Link:  []fhirBundleLink{{Relation: "self", URL: pageURL(n)}, {Relation: "first", URL: pageURL(1)}},
			Entry: []fhirBundleEntry{}}
		if n > 1 {
			b.Link = append(b.Link, fhirBundleLink{Relation: "previous", URL: pageURL(n - 1)})
		}
		if n < total {
			b.Link = append(b.Link, fhirBundleLink{Relation: "next", URL: pageURL(n + 1)})
		}
		b.Link = append(b.Link, fhirBundleLink{Relation: "last", URL: pageURL(total)})
		included := map[string]bool{}
		var includes []fhirBundleEntry
		for _, s := range services[(n-1)*size : min(n*size, len(services))] {
			b.Entry = append(b.Entry, f.fhirEntry(s.service, "match"))
			for _, r := range s.uses {
				if !included[r.path()] {
					included[r.path()] = true
					includes = append(includes, f.fhirEntry(r, "include"))
				}
			}
		}
		b.Entry = append(b.Entry, includes...)
		rel := fhirDir + "bundle.json"
		if n > 1 {
			rel = fmt.Sprintf("%sbundle/page-%d.json", fhirDir, n)
		}
		if err := out.writeJSON(rel, b); err != nil {
			return err
		}
	}
	return nil
}

func (f *feeds) fhirEntry(r fhirResource, mode string) fhirBundleEntry {
	return fhirBundleEntry{FullURL: f.base + fhirDir + r.path(), Resource: r.value, Search: fhirEntrySearch{Mode: mode}}
}
