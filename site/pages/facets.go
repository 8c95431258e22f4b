package pages

import (
	"cmp"
	"slices"
	"strings"

	"github.com/signpost-directory/signpost/site/content"
)

// facets lists, for each filter, the values that occur among listings and
// how many listings have each. A filter that cannot narrow the list (every
// listing has its only value) is left out. The filters, their headings,
// labels and order are content's, which the search uses too.
func (g *generator) facets(listings []*Listing) []Facet {
	areas := map[string]string{content.Online: "Online"}
	for _, l := range listings {
		if l.Venue != nil {
			areas[l.Filters.Area] = l.Venue.Town // the area filter is the town's slug
		}
	}
	var out []Facet
	for _, name := range content.FilterNames() {
		labelOf := func(v string) string { return g.d.FilterLabel(name, v) }
		if name == "area" {
			labelOf = func(v string) string { return areas[v] }
		}
		counts := map[string]int{}
		for _, l := range listings {
			for _, v := range content.Filters(l.Filters).Values(name) {
				counts[v]++
			}
		}
		if len(counts) == 0 || (len(counts) == 1 && counts[firstKey(counts)] == len(listings)) {
			continue
		}
		f := Facet{Name: name, Label: content.FilterHeading(name), Search: content.SearchName(name)}
		for v, n := range counts {
			f.Options = append(f.Options, FacetOption{Value: v, Label: labelOf(v), Count: n})
		}
		slices.SortFunc(f.Options, func(a, b FacetOption) int {
			return cmp.Or(content.FilterOrder(name, a.Value, b.Value),
				strings.Compare(a.Label, b.Label), strings.Compare(a.Value, b.Value))
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
