package content

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/signpost-directory/signpost/site/schedule"
)

// The words below are how every output (pages, sheets, feeds) says the
// same facts, so a patient's sheet and the clinician's page never disagree.

var currencySymbols = map[string]string{"GBP": "£", "EUR": "€", "USD": "$", "CAD": "$", "AUD": "$", "NZD": "$"}

var perWords = map[string]string{
	"session": "a session", "week": "a week", "month": "a month", "term": "a term",
	"course": "for the course", "year": "a year",
}

// AmountText is an amount with its currency, like "£3.50" or "£25".
func AmountText(amount float64, currency string) string {
	s := strings.TrimSuffix(strconv.FormatFloat(amount, 'f', 2, 64), ".00")
	if symbol, ok := currencySymbols[currency]; ok {
		return symbol + s
	}
	return strings.TrimSpace(currency + " " + s)
}

// Text is the cost in words, like "Free" or "£3.50 a session".
func (c Cost) Text(currency string) string {
	if c.Free {
		return "Free"
	}
	s := AmountText(c.Amount, currency)
	if per := perWords[c.Per]; per != "" {
		s += " " + per
	}
	return s
}

// AgeText says which ages an activity is for, like "Adults (18+)" or
// "Ages 16 to 25"; it is empty when there is no age limit.
func (a Audience) AgeText() string {
	switch {
	case a.MinAge != nil && a.MaxAge != nil:
		return fmt.Sprintf("Ages %d to %d", *a.MinAge, *a.MaxAge)
	case a.MinAge != nil && *a.MinAge == 18:
		return "Adults (18+)"
	case a.MinAge != nil:
		return fmt.Sprintf("Ages %d and over", *a.MinAge)
	case a.MaxAge != nil:
		return fmt.Sprintf("Up to age %d", *a.MaxAge)
	}
	return ""
}

// Text says who an activity is for, like "Adults (18+)", and "Everyone"
// when there is no age limit.
func (a Audience) Text() string {
	if s := a.AgeText(); s != "" {
		return s
	}
	return "Everyone"
}

var referralLabels = map[string]string{
	"self":         "Anyone can join",
	"professional": "Referral from a GP or other professional",
	"link-worker":  "Referral through a social prescribing link worker",
}

// ReferralText says how people get in, for a referral route id.
func ReferralText(referral string) string { return referralLabels[referral] }

var statusLabels = map[string]string{
	"active": "Running",
	"full":   "Full: not taking new people",
	"paused": "Paused",
	"ended":  "Ended",
}

// StatusText names a listing status in words.
func StatusText(status string) string { return statusLabels[status] }

// LanguageName is the English name of a language code, like "Polish".
func LanguageName(code string) string {
	if code == "bfi" {
		return "British Sign Language"
	}
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if name := display.English.Tags().Name(tag); name != "" {
		return name
	}
	return code
}

// LanguageNameWithNative is "Polish (polski)": the English name with the
// language's own name, so both the clinician and the patient recognise it.
func LanguageNameWithNative(code string) string {
	en := LanguageName(code)
	tag, err := language.Parse(code)
	if err != nil || en == code {
		return en
	}
	if self := display.Self.Name(tag); self != "" && self != en {
		return en + " (" + self + ")"
	}
	return en
}

// Direction is the writing direction of a language's script: "rtl" for
// Arabic, Persian, Hebrew, Urdu and the like, else "ltr".
func Direction(code string) string {
	base, _, _ := strings.Cut(code, "-")
	switch base {
	case "ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb":
		return "rtl"
	}
	return "ltr"
}

// LongDate is a date in words, like "2 October 2026", or "" for the zero date.
func LongDate(d schedule.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Day, d.Month, d.Year)
}

// SessionText is one session in words, like
// "Tuesday 24 November 2026, 10:00–11:30".
func SessionText(o schedule.Occurrence) string {
	return fmt.Sprintf("%s %d %s %d, %s–%s", schedule.DayName(o.Start.Weekday()), o.Start.Day(), o.Start.Month(),
		o.Start.Year(), o.Start.Format("15:04"), o.End.Format("15:04"))
}

// JoinAnd joins items as a sentence does: "a", "a and b", "a, b and c".
func JoinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// AddressLines is the venue's postal address: street lines, town, postcode.
func (v *Venue) AddressLines() []string {
	lines := append([]string(nil), v.Address...)
	if v.Town != "" {
		lines = append(lines, v.Town)
	}
	if v.Postcode != "" {
		lines = append(lines, v.Postcode)
	}
	return lines
}

// PlacesText says how many places are left, like "3 places left of 12",
// "No places left of 12", "1 place left" or "12 places in all"; it is
// empty when the capacity gives neither number.
func (c *Capacity) PlacesText() string {
	plural := func(n int) string {
		if n == 1 {
			return "1 place"
		}
		return strconv.Itoa(n) + " places"
	}
	switch {
	case c.PlacesLeft != nil && *c.PlacesLeft == 0 && c.TotalPlaces != nil:
		return fmt.Sprintf("No places left of %d", *c.TotalPlaces)
	case c.PlacesLeft != nil && *c.PlacesLeft == 0:
		return "No places left"
	case c.PlacesLeft != nil && c.TotalPlaces != nil:
		return fmt.Sprintf("%s left of %d", plural(*c.PlacesLeft), *c.TotalPlaces)
	case c.PlacesLeft != nil:
		return plural(*c.PlacesLeft) + " left"
	case c.TotalPlaces != nil:
		return plural(*c.TotalPlaces) + " in all"
	}
	return ""
}

// WaitText says how long someone new waits for a place, like "Waiting
// time about 4 weeks" or "No wait for a place"; it is empty when the
// capacity does not say.
func (c *Capacity) WaitText() string {
	switch {
	case c.WaitWeeks == nil:
		return ""
	case *c.WaitWeeks == 0:
		return "No wait for a place"
	case *c.WaitWeeks == 1:
		return "Waiting time about 1 week"
	}
	return fmt.Sprintf("Waiting time about %d weeks", *c.WaitWeeks)
}

// UpdatedWords says when the organizer gave the numbers, like
// "As of 20 November 2026".
func (c *Capacity) UpdatedWords() string {
	if c.Updated.IsZero() {
		return ""
	}
	return "As of " + LongDate(c.Updated)
}

// Text is the whole capacity in one paragraph, the way the feeds and the
// printed sheet say it: "3 places left of 12. Waiting time about 4 weeks.
// Thursdays have more room. As of 20 November 2026."
func (c *Capacity) Text() string {
	return JoinSentences(c.PlacesText(), c.WaitText(), c.Note, c.UpdatedWords())
}

// JoinSentences joins the texts that are not empty as sentences, adding a
// full stop to each that does not end in one.
func JoinSentences(texts ...string) string {
	var out []string
	for _, t := range texts {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		if !strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "!") && !strings.HasSuffix(t, "?") {
			t += "."
		}
		out = append(out, t)
	}
	return strings.Join(out, " ")
}

// CurrentCapacity is the capacity the site and the service records show:
// none for an ended activity, whatever its file says (check warns about it).
func (l *Listing) CurrentCapacity() *Capacity {
	if l.Status == "ended" {
		return nil
	}
	return l.Capacity
}
