package content

import (
	"slices"
	"strings"

	"github.com/signpost-directory/signpost/site/schedule"
)

// A listing as lists show it, on the website's list pages and in search
// results: the values its filters match, how those values are named and
// ordered, and the short card of when, where and cost.

// Filters are the values a listing matches, one field per filter.
type Filters struct {
	Days          []string // schedule.DayID of each day it runs, Monday first
	Times         []string // morning, afternoon, evening
	Cost          string   // free or paid
	Accessibility []string // the listing's features, then its venue's
	Audience      []string
	Languages     []string // the languages it runs in, else the one it is written in
	Referral      string
	Area          string // Slug of the venue's town, or "online"
}

// filterNames are the filters in the order list pages show them, with
// their headings.
var filterNames = []struct{ name, heading string }{
	{"days", "Day"},
	{"times", "Time of day"},
	{"cost", "Cost"},
	{"accessibility", "Access"},
	{"audience", "Who it is for"},
	{"languages", "Language"},
	{"referral", "How to join"},
	{"area", "Area"},
}

// FilterNames are the names of the filters, in the order list pages show
// them: days, times, cost, accessibility, audience, languages, referral,
// area.
func FilterNames() []string {
	out := make([]string, len(filterNames))
	for i, f := range filterNames {
		out[i] = f.name
	}
	return out
}

// FilterHeading is how a filter is headed: "Day" for days.
func FilterHeading(filter string) string {
	for _, f := range filterNames {
		if f.name == filter {
			return f.heading
		}
	}
	return ""
}

// Values are the values of one filter, by its name (see FilterNames).
func (f Filters) Values(filter string) []string {
	switch filter {
	case "days":
		return f.Days
	case "times":
		return f.Times
	case "cost":
		return []string{f.Cost}
	case "accessibility":
		return f.Accessibility
	case "audience":
		return f.Audience
	case "languages":
		return f.Languages
	case "referral":
		return []string{f.Referral}
	case "area":
		return []string{f.Area}
	}
	return nil
}

var (
	timeLabels     = map[string]string{"morning": "Morning (before 12)", "afternoon": "Afternoon (12 to 5pm)", "evening": "Evening (after 5pm)"}
	costLabels     = map[string]string{"free": "Free", "paid": "Costs money"}
	shortReferrals = map[string]string{"self": "Anyone can join", "professional": "Professional referral", "link-worker": "Link worker referral"}
	// fixedOrder keeps values with a natural order in that order; other
	// filters are sorted by label.
	fixedOrder = map[string][]string{
		"days":     dayIDs(),
		"times":    {"morning", "afternoon", "evening"},
		"cost":     {"free", "paid"},
		"referral": {"self", "professional", "link-worker"},
	}
)

func dayIDs() []string {
	var ids []string
	for _, d := range schedule.Week() {
		ids = append(ids, schedule.DayID(d))
	}
	return ids
}

// Accessibility is the listing's accessibility features followed by those
// of its venue that it does not list itself.
func (d *Directory) Accessibility(l *Listing) []string {
	access := slices.Clone(l.Accessibility)
	if v := d.Venue(l.Venue); v != nil {
		for _, a := range v.Accessibility {
			if !slices.Contains(access, a) {
				access = append(access, a)
			}
		}
	}
	return access
}

// Filters are the values a listing matches.
func (d *Directory) Filters(l *Listing) Filters {
	f := Filters{Cost: "paid", Referral: l.Referral, Area: Online,
		Accessibility: d.Accessibility(l), Audience: l.Audience.Groups, Languages: l.Languages}
	if l.Cost.Free {
		f.Cost = "free"
	}
	if len(f.Languages) == 0 {
		f.Languages = []string{l.Lang}
	}
	if v := d.Venue(l.Venue); v != nil {
		f.Area = Slug(v.Town)
	}
	days := schedule.DaysOfWeek(l.Schedule)
	times := map[string]bool{}
	for _, r := range l.Schedule {
		if r.Kind != schedule.ByAppointment {
			times[timeOfDay(r.Start)] = true
		}
	}
	for _, d := range schedule.Week() {
		if days[d] {
			f.Days = append(f.Days, schedule.DayID(d))
		}
	}
	for _, t := range fixedOrder["times"] {
		if times[t] {
			f.Times = append(f.Times, t)
		}
	}
	return f
}

func timeOfDay(c schedule.Clock) string {
	switch {
	case c < 12*60:
		return "morning"
	case c < 17*60:
		return "afternoon"
	}
	return "evening"
}

// Slug makes a town's name into the value of the area filter:
// "Little Ashton" → "little-ashton".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

// FilterLabel is how a value of a filter is shown: "Monday" for days/mon,
// "Free" for cost/free, a town's name for its area; the value itself when
// it has no label.
func (d *Directory) FilterLabel(filter, value string) string {
	lang := d.Config.DefaultLanguage()
	var label string
	switch filter {
	case "days":
		if day, ok := schedule.DayOfID(value); ok {
			label = schedule.DayName(day)
		}
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
		label = LanguageNameWithNative(value)
	case "area":
		if value == Online {
			return "Online"
		}
		for _, v := range d.Venues {
			if Slug(v.Town) == value {
				return v.Town
			}
		}
	}
	if label == "" {
		return value
	}
	return label
}

// FilterOrder compares two values of a filter in the order lists show
// them: days, times, cost and referral in their natural order (negative,
// zero or positive), and 0 for filters sorted by label.
func FilterOrder(filter, a, b string) int {
	order := fixedOrder[filter]
	if order == nil {
		return 0
	}
	return slices.Index(order, a) - slices.Index(order, b)
}

// Card is the short form of a listing shown in lists and search results.
type Card struct {
	When  string // the first schedule line, plus ", and other times" when there are several
	Where string // the venue's name and town, or "Online"
	Cost  string
}

// Card is the listing's card.
func (d *Directory) Card(l *Listing) Card {
	c := Card{Cost: l.Cost.Text(d.Config.Currency), Where: "Online"}
	if len(l.Schedule) > 0 {
		c.When = l.Schedule[0].String()
		if len(l.Schedule) > 1 {
			c.When += ", and other times"
		}
	}
	if v := d.Venue(l.Venue); v != nil {
		c.Where = v.Name + ", " + v.Town
	}
	return c
}
