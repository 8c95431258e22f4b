package content

import (
	"slices"
	"strconv"
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
var filterNames = []struct{ name, heading, search string }{
	{"days", "Day", "day"},
	{"times", "Time of day", "time"},
	{"cost", "Cost", "cost"},
	{"accessibility", "Access", "access"},
	{"audience", "Who it is for", "audience"},
	{"languages", "Language", "language"},
	{"referral", "How to join", "referral"},
	{"area", "Area", "area"},
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

// SearchName is the name of a filter in the search index and in the search
// page's address (day for days), which a long list's filters hand over to.
func SearchName(filter string) string {
	for _, f := range filterNames {
		if f.name == filter {
			return f.search
		}
	}
	return ""
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
		"cost":     {"free", "paid", "up-to-2", "up-to-5", "up-to-10"},
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

// CostLimits are the prices a session's cost can be held to ("up to £5 a
// session"), in the directory's currency: the search page's and the guided
// match's cost choices beside free and paid. Their ids are in fixedOrder.
func CostLimits() []float64 { return []float64{2, 5, 10} }

// CostLimitID is the filter value of "up to limit a session", like "up-to-5".
func CostLimitID(limit float64) string { return "up-to-" + strconv.FormatFloat(limit, 'f', -1, 64) }

// CostLimitLabel is the choice in words, like "Up to £5 a session".
func CostLimitLabel(limit float64, currency string) string {
	return "Up to " + AmountText(limit, currency) + " " + perWords["session"]
}

// Within reports whether the cost is free or a session's price of at most
// limit. A price with no "per" is taken as the price of going once. A price
// per week, term or course is not held to a session's limit: it cannot be
// compared without guessing how many sessions it pays for.
func (c Cost) Within(limit float64) bool {
	return c.Free || (c.Per == "" || c.Per == "session") && c.Amount > 0 && c.Amount <= limit
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
