package hsds

// The HSDS 3.0 objects the importer reads, with the JSON types the
// official schemas give them (numbers are float64 where the schema says
// "number", so a document the schemas accept always decodes). Fields the
// importer has no use for are left out and ignored, which is also how
// extensions such as Open Referral UK's extra fields pass through.

type service struct {
	ID                     string         `json:"id"`
	OrganizationID         string         `json:"organization_id"`
	Name                   string         `json:"name"`
	AlternateName          string         `json:"alternate_name"`
	Description            string         `json:"description"`
	URL                    string         `json:"url"`
	Email                  string         `json:"email"`
	Status                 string         `json:"status"`
	InterpretationServices string         `json:"interpretation_services"`
	ApplicationProcess     string         `json:"application_process"`
	FeesDescription        string         `json:"fees_description"`
	EligibilityDescription string         `json:"eligibility_description"`
	MinimumAge             *float64       `json:"minimum_age"`
	MaximumAge             *float64       `json:"maximum_age"`
	AssuredDate            string         `json:"assured_date"`
	Alert                  string         `json:"alert"`
	LastModified           string         `json:"last_modified"`
	Phones                 []phone        `json:"phones"`
	Schedules              []hsdsSchedule `json:"schedules"`
	ServiceAtLocations     []serviceAtLoc `json:"service_at_locations"`
	Languages              []hsdsLanguage `json:"languages"`
	Organization           *organization  `json:"organization"`
	CostOptions            []costOption   `json:"cost_options"`
	Contacts               []contact      `json:"contacts"`
	Attributes             []attribute    `json:"attributes"`
}

type organization struct {
	ID                      string       `json:"id"`
	Name                    string       `json:"name"`
	AlternateName           string       `json:"alternate_name"`
	Description             string       `json:"description"`
	Email                   string       `json:"email"`
	Website                 string       `json:"website"`
	Phones                  []phone      `json:"phones"`
	Contacts                []contact    `json:"contacts"`
	OrganizationIdentifiers []identifier `json:"organization_identifiers"`
	Services                []service    `json:"services"`
}

type identifier struct {
	IdentifierScheme string `json:"identifier_scheme"`
	IdentifierType   string `json:"identifier_type"`
	Identifier       string `json:"identifier"`
}

type phone struct {
	Number string `json:"number"`
	Type   string `json:"type"`
}

type contact struct {
	Name   string  `json:"name"`
	Email  string  `json:"email"`
	Phones []phone `json:"phones"`
}

type hsdsLanguage struct {
	Name string `json:"name"`
	Code string `json:"code"`
}

type costOption struct {
	Option            string   `json:"option"`
	Currency          string   `json:"currency"`
	Amount            *float64 `json:"amount"`
	AmountDescription string   `json:"amount_description"`
}

// hsdsSchedule is one schedule: RFC 5545 recurrence parts plus opening
// times, as HSDS 3.0 describes them.
type hsdsSchedule struct {
	ValidFrom   string   `json:"valid_from"`
	ValidTo     string   `json:"valid_to"`
	DTStart     string   `json:"dtstart"`
	Until       string   `json:"until"`
	Count       *float64 `json:"count"`
	Freq        string   `json:"freq"`
	Interval    *float64 `json:"interval"`
	Byday       string   `json:"byday"`
	Byweekno    string   `json:"byweekno"`
	Bymonthday  string   `json:"bymonthday"`
	Byyearday   string   `json:"byyearday"`
	Description string   `json:"description"`
	OpensAt     string   `json:"opens_at"`
	ClosesAt    string   `json:"closes_at"`
	Notes       string   `json:"notes"`
}

type serviceAtLoc struct {
	ID         string         `json:"id"`
	ServiceID  string         `json:"service_id"`
	LocationID string         `json:"location_id"`
	Phones     []phone        `json:"phones"`
	Contacts   []contact      `json:"contacts"`
	Schedules  []hsdsSchedule `json:"schedules"`
	Location   *location      `json:"location"`
	Service    *service       `json:"service"`
}

type location struct {
	ID             string          `json:"id"`
	LocationType   string          `json:"location_type"`
	URL            string          `json:"url"`
	Name           string          `json:"name"`
	Transportation string          `json:"transportation"`
	Latitude       *float64        `json:"latitude"`
	Longitude      *float64        `json:"longitude"`
	Addresses      []address       `json:"addresses"`
	Accessibility  []accessibility `json:"accessibility"`
	Phones         []phone         `json:"phones"`
}

type address struct {
	Address1      string `json:"address_1"`
	Address2      string `json:"address_2"`
	City          string `json:"city"`
	Region        string `json:"region"`
	StateProvince string `json:"state_province"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
	AddressType   string `json:"address_type"`
}

type accessibility struct {
	Description string `json:"description"`
	Details     string `json:"details"`
}

type attribute struct {
	LinkType     string        `json:"link_type"`
	Value        string        `json:"value"`
	TaxonomyTerm *taxonomyTerm `json:"taxonomy_term"`
}

type taxonomyTerm struct {
	ID       string `json:"id"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	Taxonomy string `json:"taxonomy"`
}
