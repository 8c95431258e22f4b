package pages

import (
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/schedule"
)

// The wording the listing pages use, exported so other outputs (the
// printable sheets) say things in exactly the same words.

// CostOf is a listing's cost in words: "Free" or "£3.50 a session".
func CostOf(c content.Cost, currency string) Cost { return cost(c, currency) }

// AudienceOf says who a listing is for: "Adults (18+)", with the groups' labels.
func AudienceOf(a content.Audience, vocab *content.Vocabulary, lang string) Audience {
	return audience(a, vocab, lang)
}

// LongDate is a date in words: "2 October 2026", or "" for the zero date.
func LongDate(d schedule.Date) string { return longDate(d) }

// SessionText is one session in words: "Tuesday 24 November 2026, 10:00–11:30".
func SessionText(o schedule.Occurrence) string { return sessionText(o) }

// LanguageName is "Polish (polski)": the English name with the language's own.
func LanguageName(code string) string { return languageName(code) }

// Direction is the writing direction of a language's script: "ltr" or "rtl".
func Direction(code string) string { return direction(code) }

// ReferralLabel is how someone joins, in words: "Anyone can join".
func ReferralLabel(id string) string { return content.ReferralText(id) }
