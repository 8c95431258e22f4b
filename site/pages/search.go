package pages

import (
	"slices"

	"github.com/signpost-directory/signpost/site/content"
)

// ListingFilters returns the filter values of a listing, exactly as the
// list pages' filters use them, for outputs outside Hugo (the search
// index). It computes only what the filters need.
func ListingFilters(d *content.Directory, l *content.Listing) Filters {
	fm := &Listing{Cost: cost(l.Cost, d.Config.Currency)}
	access := slices.Clone(l.Accessibility)
	if v := d.Venue(l.Venue); v != nil {
		fm.Venue = &Venue{ID: v.ID, Name: v.Name, Town: v.Town}
		for _, a := range v.Accessibility {
			if !slices.Contains(access, a) {
				access = append(access, a)
			}
		}
	}
	return filters(l, fm, access)
}

// ListingCard returns the short form of a listing shown in lists: when,
// where and cost, in words.
func ListingCard(d *content.Directory, l *content.Listing) Card {
	fm := &Listing{Cost: cost(l.Cost, d.Config.Currency)}
	for _, r := range l.Schedule {
		fm.Schedule = append(fm.Schedule, r.String())
	}
	if v := d.Venue(l.Venue); v != nil {
		fm.Venue = &Venue{Name: v.Name, Town: v.Town}
	}
	return card(fm)
}

// FilterLabel returns how a value of one of the list pages' filters
// (days, times, cost, accessibility, audience, languages, referral, area)
// is shown: "Monday" for days/mon, "Free" for cost/free.
func FilterLabel(d *content.Directory, filter, value string) string {
	lang := d.Config.DefaultLanguage()
	var label string
	switch filter {
	case "days":
		label = dayLabels[value]
	case "times":
		label = timeLabels[value]
	case "cost":
		label = costLabels[value]
	case "referral":
		label = shortReferrals[value]
	case "accessibility":
		label = d.Taxonomy.Accessibility.Label(value, lang)
	case "audience":
		label = d.Taxonomy.Audience.Label(value, lang)
	case "languages":
		label = languageName(value)
	case "area":
		if value == "online" {
			return "Online"
		}
		for _, v := range d.Venues {
			if slug(v.Town) == value {
				return v.Town
			}
		}
	}
	if label == "" {
		return value
	}
	return label
}

// FilterOrder compares two values of a filter in the order the list pages
// show them: days, times, cost and referral in their natural order (-1, 0
// or 1), and 0 for filters sorted by label.
func FilterOrder(filter, a, b string) int {
	order := fixedOrder[filter]
	if order == nil {
		return 0
	}
	return slices.Index(order, a) - slices.Index(order, b)
}
