package hsds

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/signpost-directory/signpost/site/content"
)

// cost reads the cost options: the option without a label (or the first)
// is the price, amount 0 meaning free; the others, with their labels,
// become the concessions. Without cost options, a fees_description that
// says only "free" is free; any other is for a person to read.
func (m *mapper) cost(l *content.Listing, s service, note func(field, text string)) {
	main := -1
	for i, o := range s.CostOptions {
		if o.Amount != nil && (main < 0 || strings.TrimSpace(s.CostOptions[main].Option) != "" && strings.TrimSpace(o.Option) == "") {
			main = i
		}
	}
	if main < 0 {
		m.costFromText(l, s, note)
		return
	}
	o := s.CostOptions[main]
	if *o.Amount <= 0 {
		l.Cost = content.Cost{Free: true}
	} else {
		l.Cost = content.Cost{Amount: math.Round(*o.Amount*100) / 100, Per: per(o.AmountDescription)}
	}
	if label := strings.TrimSpace(o.Option); label != "" {
		note("cost", fmt.Sprintf("the only price given is for %q: check that it is what everyone else pays", label))
	}
	var concessions []string
	for i, c := range s.CostOptions {
		if i != main {
			concessions = appendNew(concessions, concession(c))
		}
	}
	if len(concessions) > 0 && l.Cost.Free {
		note("cost", fmt.Sprintf("the service is free, but also lists %q: say in the description who pays what", strings.Join(concessions, "; ")))
		return
	}
	l.Cost.Concessions = strings.Join(concessions, "; ")
}

// concession is a labelled cost option in words, like "Under 18s: £2".
func concession(c costOption) string {
	label := strings.TrimSpace(c.Option)
	if c.Amount == nil {
		return label
	}
	price := "free"
	if *c.Amount > 0 {
		price = strings.TrimSpace(content.AmountText(*c.Amount, strings.ToUpper(c.Currency)) + " " + c.AmountDescription)
	}
	if label == "" {
		return price
	}
	return label + ": " + price
}

var perWords = regexp.MustCompile(`(?i)\b(session|week|month|term|course|year)\b`)

// per finds what a price pays for in its description, like "a session"
// or "per 1 hour session"; "" when it does not say.
func per(desc string) string {
	if m := perWords.FindStringSubmatch(desc); m != nil {
		return strings.ToLower(m[1])
	}
	return ""
}

func (m *mapper) costFromText(l *content.Listing, s service, note func(field, text string)) {
	fees := strings.TrimSpace(s.FeesDescription)
	if strings.EqualFold(strings.TrimRight(fees, "."), "free") {
		l.Cost = content.Cost{Free: true}
		return
	}
	if fees == "" {
		note("cost", "the service gives no cost: write free, or an amount like { amount: 3.50, per: session }")
		return
	}
	note("cost", fmt.Sprintf("the service gives its cost only in words (%q): write free, or an amount like { amount: 3.50, per: session }", fees))
}

// audience reads the ages; groups come from the taxonomy terms. An
// eligibility description that says more than the ages and groups goes
// into the body, under "Who it is for".
func (m *mapper) audience(l *content.Listing, s service, note func(field, text string)) {
	age := func(field string, v *float64) *int {
		if v == nil {
			return nil
		}
		if *v < 0 || *v > 150 || *v != math.Trunc(*v) {
			note("audience", fmt.Sprintf("%s %v is not an age in whole years, so it was left out", field, *v))
			return nil
		}
		n := int(*v)
		return &n
	}
	l.Audience.MinAge = age("minimum_age", s.MinimumAge)
	l.Audience.MaxAge = age("maximum_age", s.MaximumAge)
	if l.Audience.MinAge != nil && *l.Audience.MinAge == 0 {
		l.Audience.MinAge = nil // 0 is no lower limit
	}
}

// eligibility adds the eligibility description to the body unless it only
// says what the ages and groups say (as signpost's export writes it).
func (m *mapper) eligibility(l *content.Listing, s service) {
	text := strings.TrimSpace(s.EligibilityDescription)
	if text == "" || text == audienceWords(l.Audience, m.terms.taxonomy) {
		return
	}
	l.Description = strings.TrimSpace(l.Description + "\n\n**Who it is for:** " + text)
}

// audienceWords is how signpost's export says an audience.
func audienceWords(a content.Audience, tax *content.Taxonomy) string {
	s := a.AgeText()
	if s != "" {
		s += "."
	}
	if len(a.Groups) > 0 {
		labels := make([]string, len(a.Groups))
		for i, g := range a.Groups {
			labels[i] = strings.ToLower(tax.Audience.Label(g, "en"))
		}
		s = strings.TrimSpace(s + " Especially for " + content.JoinAnd(labels) + ".")
	}
	return s
}

// statusAlerts are the alerts signpost's export gives a status HSDS has
// no value for.
var statusAlerts = map[string]string{
	"Full: not taking new people at the moment.": "full",
	"Paused: not running at the moment.":         "paused",
	"Ended: this activity no longer runs.":       "ended",
}

var statuses = map[string]string{"active": "active", "inactive": "paused", "temporarily closed": "paused", "defunct": "ended"}

func (m *mapper) status(l *content.Listing, s service, note func(field, text string)) {
	l.Status = statuses[strings.ToLower(strings.TrimSpace(s.Status))]
	alert := strings.TrimSpace(s.Alert)
	// signpost writes a status's news first, then any capacity in words
	// ("Places: …"), which HSDS 3.0 has no field for.
	for words, st := range statusAlerts {
		if rest, ok := strings.CutPrefix(alert, words); ok {
			l.Status, alert = st, strings.TrimSpace(rest)
			break
		}
	}
	switch {
	case strings.HasPrefix(alert, "Places: "):
		// Numbers of places go out of date: a person decides whether they
		// still hold, rather than the description keeping them for ever.
		note("capacity", fmt.Sprintf("the alert says %q: if it still holds, write it as a capacity block "+
			"(places_left, total_places, wait_weeks, note, updated)", alert))
	case alert != "":
		l.Description = strings.TrimSpace("**Please note:** " + alert + "\n\n" + l.Description)
	}
	if l.Status == "" {
		note("status", fmt.Sprintf("status %q is not active, inactive, defunct or temporarily closed: write active, full, paused or ended", s.Status))
	}
}

// referrals are signpost's own words for its referral routes, which its
// export puts first in application_process.
var referrals = []struct{ text, id string }{
	{"Anyone can join.", "self"},
	{"Referral from a GP or other professional.", "professional"},
	{"Referral through a social prescribing link worker.", "link-worker"},
}

// application reads how to join, and the referral route: signpost's own
// words when the export wrote them, else a guess from the text, noted.
func (m *mapper) application(l *content.Listing, s service, note func(field, text string)) {
	text := strings.TrimSpace(s.ApplicationProcess)
	for _, r := range referrals {
		if rest, ok := strings.CutPrefix(text, r.text); ok {
			l.Referral, l.HowToJoin = r.id, strings.TrimSpace(rest)
			return
		}
	}
	l.HowToJoin = text
	low := strings.ToLower(text)
	switch {
	case strings.Contains(low, "link worker") || strings.Contains(low, "social prescrib"):
		l.Referral = "link-worker"
	case strings.Contains(low, "referral") || strings.Contains(low, "refer") || strings.Contains(low, " gp"):
		l.Referral = "professional"
	default:
		l.Referral = "self"
	}
	note("referral", fmt.Sprintf("HSDS has no referral route; %s was guessed from the application process: check it (self, professional or link-worker)", l.Referral))
}

// contact is the first contact's name and email, and the first phone of
// the service, its contact or its location.
func (m *mapper) contact(l *content.Listing, s service) {
	l.Contact.Phone = firstPhone(s.Phones)
	l.Contact.Email = s.Email
	contacts := s.Contacts
	for _, sal := range s.ServiceAtLocations {
		contacts = append(contacts, sal.Contacts...)
		l.Contact.Phone = cmpOr(l.Contact.Phone, firstPhone(sal.Phones))
	}
	if len(contacts) > 0 {
		c := contacts[0]
		l.Contact.Name = strings.TrimSpace(c.Name)
		l.Contact.Email = cmpOr(c.Email, l.Contact.Email)
		l.Contact.Phone = cmpOr(l.Contact.Phone, firstPhone(c.Phones))
	}
}

// verified is the assured date, else the date of last_modified, noted:
// a change is not a check.
func (m *mapper) verified(l *content.Listing, s service, note func(field, text string)) {
	if d, ok := date(s.AssuredDate); ok {
		l.VerifiedText = d.String()
		return
	}
	if d, ok := date(s.LastModified); ok {
		l.VerifiedText = d.String()
		note("verified", fmt.Sprintf("the service has no assured_date; %s is when it was last changed: write the date someone last confirmed the details", d))
		return
	}
	note("verified", "the service has no assured_date: write the date someone last confirmed the details")
}
