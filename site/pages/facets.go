package pages

import (
	"cmp"
	"slices"
	"strings"
)

var (
	dayLabels = map[string]string{"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
		"fri": "Friday", "sat": "Saturday", "sun": "Sunday"}
	timeLabels     = map[string]string{"morning": "Morning (before 12)", "afternoon": "Afternoon (12 to 5pm)", "evening": "Evening (after 5pm)"}
	costLabels     = map[string]string{"free": "Free", "paid": "Costs money"}
	shortReferrals = map[string]string{"self": "Anyone can join", "professional": "Professional referral", "link-worker": "Link worker referral"}
	// fixedOrder keeps values with a natural order in that order; other
	// facets are sorted by label.
	fixedOrder = map[string][]string{
		"days":     {"mon", "tue", "wed", "thu", "fri", "sat", "sun"},
		"times":    {"morning", "afternoon", "evening"},
		"cost":     {"free", "paid"},
		"referral": {"self", "professional", "link-worker"},
	}
)

// facets lists, for each filter, the values that occur among listings and
// how many listings have each. A filter that cannot narrow the list (every
// listing has its only value) is left out.
func (g *generator) facets(listings []*Listing) []Facet {
	lang := g.d.Config.DefaultLanguage()
	tax := g.d.Taxonomy
	areas := map[string]string{"online": "Online"}
	for _, l := range listings {
		if l.Venue != nil {
			areas[l.Filters.Area] = l.Venue.Town // the area filter is the town's slug
		}
	}
	specs := []struct {
		name, label string
		values      func(*Listing) []string
		labelOf     func(string) string
	}{
		{"days", "Day", func(l *Listing) []string { return l.Filters.Days }, func(v string) string { return dayLabels[v] }},
		{"times", "Time of day", func(l *Listing) []string { return l.Filters.Times }, func(v string) string { return timeLabels[v] }},
		{"cost", "Cost", func(l *Listing) []string { return []string{l.Filters.Cost} }, func(v string) string { return costLabels[v] }},
		{"accessibility", "Access", func(l *Listing) []string { return l.Filters.Accessibility },
			func(v string) string { return tax.Accessibility.Label(v, lang) }},
		{"audience", "Who it is for", func(l *Listing) []string { return l.Filters.Audience },
			func(v string) string { return tax.Audience.Label(v, lang) }},
		{"languages", "Language", func(l *Listing) []string { return l.Filters.Languages }, languageName},
		{"referral", "How to join", func(l *Listing) []string { return []string{l.Filters.Referral} },
			func(v string) string { return shortReferrals[v] }},
		{"area", "Area", func(l *Listing) []string { return []string{l.Filters.Area} }, func(v string) string { return areas[v] }},
	}
	var out []Facet
	for _, s := range specs {
		counts := map[string]int{}
		for _, l := range listings {
			for _, v := range s.values(l) {
				counts[v]++
			}
		}
		if len(counts) == 0 || (len(counts) == 1 && counts[firstKey(counts)] == len(listings)) {
			continue
		}
		f := Facet{Name: s.name, Label: s.label}
		for v, n := range counts {
			f.Options = append(f.Options, FacetOption{Value: v, Label: s.labelOf(v), Count: n})
		}
		order := fixedOrder[s.name]
		slices.SortFunc(f.Options, func(a, b FacetOption) int {
			if order != nil {
				return cmp.Compare(slices.Index(order, a.Value), slices.Index(order, b.Value))
			}
			return cmp.Or(strings.Compare(a.Label, b.Label), strings.Compare(a.Value, b.Value))
		})
		out = append(out, f)
	}
	return out
}

func firstKey(m map[string]int) string {
	for k := range m {
		return k
	}
	return ""
}
