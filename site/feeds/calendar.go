package feeds

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/feeds/ical"
	"github.com/signpost-directory/signpost/site/schedule"
)

// timezoneYears is how many years past the last date in a calendar its
// VTIMEZONE is checked and, for zones without regular yearly rules,
// spelled out.
const timezoneYears = 10

// writeCalendars writes calendar.ics, with the sessions of every listing
// that is running (active or full), and listings/<id>/calendar.ics for
// every listing with sessions. A listing's own calendar keeps its events
// when the listing is paused or ended, marked cancelled, so that people
// who subscribed to it see the change.
func (f *feeds) writeCalendars(ctx context.Context, out *output) error {
	var all []*content.Listing
	for i, l := range f.d.Listings {
		if err := ctx.Err(); err != nil {
			return err
		}
		if len(f.sessions(l)) == 0 {
			continue
		}
		if l.IsActive() {
			all = append(all, l)
		}
		own := func() ([]byte, error) { return f.calendar(l.Title, []*content.Listing{l}), nil }
		if err := out.writeMade("listings/"+l.ID+"/calendar.ics", f.key(i), own); err != nil {
			return err
		}
	}
	return out.write("calendar.ics", f.calendar(f.d.Config.Name, all))
}

// calendar is a VCALENDAR holding the events of the listings.
func (f *feeds) calendar(name string, listings []*content.Listing) []byte {
	var e ical.Encoder
	e.Begin("VCALENDAR")
	e.Prop("VERSION", "2.0")
	e.Prop("PRODID", "-//signpost-directory//signpost//EN")
	e.Prop("CALSCALE", "GREGORIAN")
	// No METHOD: these are calendars to subscribe to, not iTIP messages, and
	// METHOD:PUBLISH would need an ORGANIZER on every event (RFC 5546,
	// section 3.2.1), which libical's check enforces.
	e.Text("NAME", name)
	e.Text("X-WR-CALNAME", name)
	e.Prop("X-WR-TIMEZONE", f.loc.String())
	e.Prop("URL", f.base, ical.Param{Name: "VALUE", Value: "URI"})
	e.Prop("REFRESH-INTERVAL", "P1D", ical.Param{Name: "VALUE", Value: "DURATION"})
	e.Prop("X-PUBLISHED-TTL", "P1D")

	type event struct {
		l *content.Listing
		s session
	}
	var events []event
	first, last := 0, 0
	for _, l := range listings {
		for _, s := range f.sessions(l) {
			events = append(events, event{l, s})
			y := s.first.Start.Year()
			if first == 0 || y < first {
				first = y
			}
			last = max(last, y, s.rule.Until.Year)
		}
	}
	if first == 0 { // no events: the zone still makes a valid calendar
		first = 1970
		last = 1970
	}
	e.Timezone(f.loc, first, last+timezoneYears)
	for _, ev := range events {
		f.event(&e, ev.l, ev.s)
	}
	e.End("VCALENDAR")
	return e.Bytes()
}

// event writes the VEVENT of one schedule rule of a listing.
func (f *feeds) event(e *ical.Encoder, l *content.Listing, s session) {
	tz := ical.Param{Name: "TZID", Value: f.loc.String()}
	e.Begin("VEVENT")
	e.Prop("UID", l.ID+"-"+strconv.Itoa(s.index+1)+"@"+f.host)
	e.Prop("DTSTAMP", ical.UTCDateTime(stamp(l)))
	e.Prop("LAST-MODIFIED", ical.UTCDateTime(stamp(l)))
	e.Prop("DTSTART", wallClock(s.first.Start, s.rule.Start), tz)
	e.Prop("DTEND", wallClock(s.first.End, s.rule.End), tz)
	if rrule := s.rule.RRULEIn(f.loc); rrule != "" {
		e.Prop("RRULE", rrule)
	}
	e.Text("SUMMARY", l.Title)
	e.Text("DESCRIPTION", f.eventDescription(l, s.rule))
	if v := f.d.Venue(l.Venue); v != nil {
		e.Text("LOCATION", strings.Join(append([]string{v.Name}, v.AddressLines()...), ", "))
		if v.HasPosition() {
			e.Prop("GEO", strconv.FormatFloat(*v.Lat, 'f', -1, 64)+";"+strconv.FormatFloat(*v.Lon, 'f', -1, 64))
		}
	} else if l.IsOnline() {
		e.Text("LOCATION", "Online")
	}
	e.Prop("URL", f.listingURL(l), ical.Param{Name: "VALUE", Value: "URI"})
	if len(l.Categories) > 0 {
		labels := make([]string, len(l.Categories))
		for i, c := range l.Categories {
			labels[i] = ical.EscapeText(f.d.Taxonomy.Categories.Label(c, f.d.Config.DefaultLanguage()))
		}
		e.Prop("CATEGORIES", strings.Join(labels, ","))
	}
	status := "CONFIRMED"
	if !l.IsActive() {
		status = "CANCELLED"
	}
	e.Prop("STATUS", status)
	e.End("VEVENT")
}

// wallClock is a session's local date with the rule's clock time, as a
// DATE-TIME for use with TZID. Formatting the session's instant instead
// would be wrong in the hour skipped when clocks go forward, which Go
// moves on by an hour: the calendar must say 01:30, as the rule does, and
// leave the adjustment to the calendar program (RFC 5545 section 3.3.5).
func wallClock(t time.Time, c schedule.Clock) string {
	return ical.Date(t.Year(), t.Month(), t.Day()) + fmt.Sprintf("T%02d%02d00", int(c)/60, int(c)%60)
}

// eventDescription is what a calendar shows under the title: the summary,
// when it runs, anything to know about the schedule, how to join, and the
// listing's page.
func (f *feeds) eventDescription(l *content.Listing, r schedule.Rule) string {
	parts := []string{l.Summary, r.String()}
	if l.ScheduleNotes != "" {
		parts = append(parts, l.ScheduleNotes)
	}
	if alert := statusAlert[l.Status]; alert != "" {
		parts = append(parts, alert)
	}
	if how := applicationText(l); how != "" {
		parts = append(parts, "How to join: "+how)
	}
	parts = append(parts, "Cost: "+feesText(l.Cost, f.d.Config.Currency))
	if l.IsOnline() && l.OnlineURL != "" {
		parts = append(parts, "Online: "+l.OnlineURL)
	}
	parts = append(parts, "More: "+f.listingURL(l))
	return strings.Join(parts, "\n\n")
}
