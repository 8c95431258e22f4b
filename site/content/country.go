package content

import (
	"regexp"
	"strings"
)

// countries is the one table of what differs from country to country, by
// the directory's country code (ISO 3166, as in directory.yaml): how
// phone numbers are dialled from abroad, what a postcode looks like, and
// which charity registers there are. The checker, the pages and the feeds
// all read it, so they agree about a country.
var countries = map[string]country{
	"GB": {callingCode: "+44", charities: ukCharityScheme,
		postcode: regexp.MustCompile(`^(GIR 0AA|[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2})$`), postcodeExample: "RV1 2AB",
		outward: regexp.MustCompile(`^[A-Z]{1,2}[0-9][0-9A-Z]?$`),
		// A full postcode has at least five characters besides the
		// space; an outward code alone (MB10) has at most four.
		spacePostcode: func(s string) string {
			if len(s) >= 5 {
				return s[:len(s)-3] + " " + s[len(s)-3:]
			}
			return s
		}},
	// UK is not an ISO 3166 code, but directories write it for the United
	// Kingdom; only the charity registers have ever understood it.
	"UK": {charities: ukCharityScheme},
	// An Eircode is a routing key and four characters: D02 X285.
	"IE": {callingCode: "+353",
		postcode: regexp.MustCompile(`^[AC-FHKNPRTV-Y][0-9]{2}[0-9W]? [0-9AC-FHKNPRTV-Y]{4}$`), postcodeExample: "D02 X285",
		outward:       regexp.MustCompile(`^[AC-FHKNPRTV-Y][0-9]{2}[0-9W]?$`),
		spacePostcode: spaceBeforeLast(4)},
	"US": {postcode: regexp.MustCompile(`^[0-9]{5}(-[0-9]{4})?$`), postcodeExample: "12345"},
	"CA": {postcode: regexp.MustCompile(`^[A-Z][0-9][A-Z] [0-9][A-Z][0-9]$`), postcodeExample: "K1A 0B1",
		outward:       regexp.MustCompile(`^[A-Z][0-9][A-Z]$`),
		spacePostcode: spaceBeforeLast(3)},
	"AU": {callingCode: "+61", postcode: regexp.MustCompile(`^[0-9]{4}$`), postcodeExample: "2000"},
	"NZ": {callingCode: "+64", postcode: regexp.MustCompile(`^[0-9]{4}$`), postcodeExample: "6011"},
	"DE": {callingCode: "+49", postcode: regexp.MustCompile(`^[0-9]{5}$`), postcodeExample: "10115"},
	"FR": {callingCode: "+33", postcode: regexp.MustCompile(`^[0-9]{5}$`), postcodeExample: "75001"},
	"ES": {callingCode: "+34", postcode: regexp.MustCompile(`^[0-9]{5}$`), postcodeExample: "28001"},
	"NL": {callingCode: "+31", postcode: regexp.MustCompile(`^[0-9]{4} [A-Z]{2}$`), postcodeExample: "1234 AB",
		spacePostcode: func(s string) string {
			if len(s) == 6 {
				return s[:4] + " " + s[4:]
			}
			return s
		}},
}

type country struct {
	// callingCode replaces the leading 0 of a national phone number, so
	// tel: links work from abroad; "" when signpost does not know it.
	callingCode string
	// postcode is a postcode written in capitals with its usual spacing,
	// like postcodeExample; nil when postcodes are not checked.
	postcode        *regexp.Regexp
	postcodeExample string
	// outward is the part of a postcode before the space written alone
	// (MB1, D02), which content/postcodes.csv may give a position for;
	// nil when the country's postcodes have no such part.
	outward *regexp.Regexp
	// spacePostcode puts the usual space into a postcode written in
	// capitals without spaces; nil when there is none.
	spacePostcode func(string) string
	// charities is the org-id.guide list a charity number belongs to; nil
	// when signpost knows no register.
	charities func(number string) string
}

// spaceBeforeLast puts a space before the last n characters.
func spaceBeforeLast(n int) func(string) string {
	return func(s string) string {
		if len(s) > n {
			return s[:len(s)-n] + " " + s[len(s)-n:]
		}
		return s
	}
}

// ukCharityScheme tells the three charity registers of the United Kingdom
// apart by the number's prefix.
func ukCharityScheme(number string) string {
	n := strings.ToUpper(strings.ReplaceAll(number, " ", ""))
	switch {
	case strings.HasPrefix(n, "SC"):
		return "GB-SC"
	case strings.HasPrefix(n, "NI"):
		return "GB-NIC"
	}
	return "GB-CHC"
}

// Digits is a number's digits alone, to compare numbers written
// differently: "01632 960 000" and "01632960000" are one phone number.
func Digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// TelURL turns a phone number into a tel: link, in international form
// when the country is known, so it works from mobile phones abroad too;
// "" when the number has no digits.
func TelURL(phone, country string) string {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r == '+' {
			return r
		}
		return -1
	}, phone)
	if digits == "" {
		return ""
	}
	if prefix := countries[country].callingCode; prefix != "" && strings.HasPrefix(digits, "0") && !strings.HasPrefix(digits, "00") {
		digits = prefix + digits[1:]
	}
	return "tel:" + digits
}

// PostcodePattern matches the country's postcodes written in capitals
// with their usual spacing; it is nil when signpost does not check the
// country's postcodes.
func PostcodePattern(country string) *regexp.Regexp { return countries[country].postcode }

// PostcodeExample is a postcode of the country as people should write it,
// like "RV1 2AB"; "" when PostcodePattern is nil.
func PostcodeExample(country string) string { return countries[country].postcodeExample }

// OutwardPattern matches the part of the country's postcodes before the
// space, written alone in capitals (MB1 of MB1 1AA); it is nil when the
// country's postcodes have no such part or signpost does not know them.
func OutwardPattern(country string) *regexp.Regexp { return countries[country].outward }

// OutwardCode is the part of a postcode written as NormalizePostcode
// writes it that postcodes are grouped by: the part before the space
// (MB1 of MB1 1AA, and MB1 itself), or the first three characters of a
// postcode written without one (123 of 12345), so that each group is
// small and holds postcodes near each other.
func OutwardCode(postcode string) string {
	if out, _, ok := strings.Cut(postcode, " "); ok {
		return out
	}
	if len(postcode) > 3 {
		return postcode[:3]
	}
	return postcode
}

// NormalizePostcode writes a postcode in capitals with the country's usual
// spacing: "rv12ab" → "RV1 2AB". The result is not checked.
func NormalizePostcode(postcode, country string) string {
	s := strings.ToUpper(strings.Join(strings.Fields(postcode), ""))
	if space := countries[country].spacePostcode; space != nil {
		return space(s)
	}
	return s
}

// CharityScheme is the org-id.guide list that a charity number of the
// country belongs to, like GB-CHC for the Charity Commission for England
// and Wales; "" where signpost knows no register.
func CharityScheme(country, number string) string {
	if charities := countries[country].charities; charities != nil {
		return charities(number)
	}
	return ""
}

// DistanceUnit is how people in the country measure a distance on the
// road: "mi" (miles) in the United Kingdom and the United States, and "km"
// elsewhere.
func DistanceUnit(country string) string {
	switch country {
	case "GB", "UK", "US", "LR", "MM":
		return "mi"
	}
	return "km"
}
