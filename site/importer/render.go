package importer

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site/content"
)

// placeholder is what a required value the source did not give is written
// as: the word `signpost new` uses, which check refuses until it is
// replaced, so an import never passes check with a value nobody chose.
const placeholder = "TODO"

// fields is a file's mapping being built, in the order of `signpost new`,
// with a comment above each key, as the templates have.
type fields struct {
	root *yaml.Node
	// missing are the required fields written as placeholders.
	missing []string
}

func newFields() *fields { return &fields{root: &yaml.Node{Kind: yaml.MappingNode}} }

// add appends key: value with comment above it; a nil value is left out.
func (f *fields) add(key, comment string, value *yaml.Node) {
	if value == nil {
		return
	}
	k := &yaml.Node{Kind: yaml.ScalarNode, Value: key, HeadComment: comment}
	f.root.Content = append(f.root.Content, k, value)
}

// need adds a required field, written as a placeholder when value is nil.
func (f *fields) need(key, comment string, value *yaml.Node) {
	if value == nil {
		value = str(placeholder)
		f.missing = append(f.missing, key)
	}
	f.add(key, comment, value)
}

// str is a text value, or nil when empty.
func str(s string) *yaml.Node {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") {
		n.Style = yaml.LiteralStyle
	}
	return n
}

// quoted is a text value always in double quotes: phone numbers and
// charity numbers, which YAML would otherwise read as numbers.
func quoted(s string) *yaml.Node {
	n := str(s)
	if n != nil {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// list is [a, b], or nil when empty.
func list(items []string) *yaml.Node {
	if len(items) == 0 {
		return nil
	}
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range items {
		n.Content = append(n.Content, str(s))
	}
	return n
}

// plain drops the text tag so a date is written bare, as volunteers write it.
func plain(n *yaml.Node) *yaml.Node {
	if n != nil {
		n.Tag = ""
	}
	return n
}

// lines is a list one item a line, as schedules are written.
func lines(items []string) *yaml.Node {
	n := list(items)
	if n != nil {
		n.Style = 0
	}
	return n
}

// number writes 3.5 as 3.50, as prices are read, and 4 as 4.
func number(v float64) *yaml.Node {
	if v == float64(int64(v)) {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(int64(v), 10)}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(v, 'f', 2, 64)}
}

// group is { key: value, ... } of the pairs that are not nil, or nil.
func group(pairs ...any) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	for i := 0; i+1 < len(pairs); i += 2 {
		v, _ := pairs[i+1].(*yaml.Node)
		if v == nil {
			continue
		}
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: pairs[i].(string)}, v)
	}
	if len(n.Content) == 0 {
		return nil
	}
	return n
}

func intPtr(p *int) *yaml.Node {
	if p == nil {
		return nil
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(*p)}
}

func cost(c content.Cost) *yaml.Node {
	if c.Free {
		return str("free")
	}
	if c.Amount <= 0 {
		return nil
	}
	return group("amount", number(c.Amount), "per", str(c.Per), "concessions", str(c.Concessions))
}

// capacity is { places_left: 3, total_places: 12, wait_weeks: 2, note: …,
// updated: 2026-11-20 }, or nil. An updated date the source did not give
// is a placeholder: numbers without a date would pass for current.
func capacity(c *content.Capacity) *yaml.Node {
	if c == nil {
		return nil
	}
	updated := plain(str(c.UpdatedText))
	if updated == nil {
		updated = str(placeholder)
	}
	return group("places_left", intPtr(c.PlacesLeft), "total_places", intPtr(c.TotalPlaces),
		"wait_weeks", intPtr(c.WaitWeeks), "note", str(c.Note), "updated", updated)
}

// listingFields is a listing's front matter, in the order and with the
// notes of `signpost new listing`.
func listingFields(l *content.Listing) *fields {
	f := newFields()
	f.need("title", "", str(l.Title))
	f.need("organization", "The organization that runs it: a file name in content/organizations/ without .yaml.", str(l.Organization))
	f.need("summary", "", str(l.Summary))
	f.need("categories", "What kind of activity it is: see signpost new listing for the list.", list(l.Categories))
	f.add("needs", "What it can help with.", list(l.Needs))
	f.need("venue", "A file name in content/venues/ without .yaml, or online (then add online_url).", str(l.Venue))
	f.add("online_url", "", str(l.OnlineURL))
	f.need("schedule", "One rule per line, like: every Tuesday 10:00-11:30, first Saturday of the month 09:30-12:00, by appointment", lines(l.ScheduleText))
	f.add("schedule_notes", "Anything else about timing.", str(l.ScheduleNotes))
	f.need("cost", "Write free, or an amount like: { amount: 3.50, per: session, concessions: Free for carers }", cost(l.Cost))
	f.add("audience", "Who it is for.", group("min_age", intPtr(l.Audience.MinAge), "max_age", intPtr(l.Audience.MaxAge), "groups", list(l.Audience.Groups)))
	f.add("accessibility", "", list(l.Accessibility))
	f.add("languages", "The languages it is run in, as codes like en (English) or pl (Polish).", list(l.Languages))
	f.add("lang", "", str(l.Lang))
	f.need("referral", "Write self (anyone can join), professional or link-worker (needs a referral).", str(l.Referral))
	f.add("how_to_join", "", str(l.HowToJoin))
	f.add("first_visit", "", str(l.FirstVisit))
	f.add("contact", "Only people who have agreed to be listed. Phone numbers in quotes.",
		group("name", str(l.Contact.Name), "phone", quoted(l.Contact.Phone), "email", str(l.Contact.Email)))
	f.need("status", "Write active, full (not taking anyone new), paused or ended.", str(l.Status))
	f.add("capacity", "Places left, of how many, the wait in weeks, and the date the organizer told you (year-month-day).", capacity(l.Capacity))
	f.need("verified", "The date you confirmed these details with the organizer, as year-month-day, like 2026-10-02.", plain(str(l.VerifiedText)))
	f.add("tags", "", list(l.Tags))
	f.add("activity", "", str(l.Activity))
	f.add("source_id", "Written by signpost import, so importing again updates this file: leave it as it is.", quoted(l.SourceID))
	return f
}

// translationFields are a listing's text in another language: the fields a
// translation file (listings/<id>.<lang>.md) can hold, its description below.
func translationFields(t *content.Translation) *fields {
	f := newFields()
	f.need("title", "The listing's title in this language.", str(t.Title))
	f.add("summary", "", str(t.Summary))
	f.add("how_to_join", "", str(t.HowToJoin))
	f.add("first_visit", "", str(t.FirstVisit))
	return f
}

func organizationFields(o *content.Organization) *fields {
	f := newFields()
	f.need("name", "", str(o.Name))
	f.need("description", "What the organization does, in a few short sentences.", str(o.Description))
	f.add("website", "Optional details. Phone numbers in quotes.", str(o.Website))
	f.add("email", "", str(o.Email))
	f.add("phone", "", quoted(o.Phone))
	f.add("charity_number", "", quoted(o.CharityNumber))
	return f
}

func venueFields(v *content.Venue) *fields {
	f := newFields()
	f.need("name", "", str(v.Name))
	f.need("address", "The street address, one line per item, without the town and postcode.", lines(v.Address))
	f.need("town", "The town, village or neighbourhood (used for the area filter).", str(v.Town))
	f.add("postcode", "", str(v.Postcode))
	if v.HasPosition() {
		f.add("lat", "The map position in decimal degrees.", coordinate(*v.Lat))
		f.add("lon", "", coordinate(*v.Lon))
	}
	f.add("directions", "How to get there: buses, parking, which door to use.", str(v.Directions))
	f.add("accessibility", "", list(v.Accessibility))
	return f
}

func coordinate(v float64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(v, 'f', -1, 64)}
}
