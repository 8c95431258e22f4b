package check

import (
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/schedule"
)

// capacityPath is where a listing's capacity block is.
var capacityPath = []string{"capacity"}

// capacityUpdatedDate reads capacity.updated and whether it is older than
// stale_after: places and waiting times change faster than the rest of a
// listing, so numbers older than the listing's own verification period
// are worth a warning of their own.
func (r *checker) capacityUpdatedDate(f *load.File) (date schedule.Date, stale bool) {
	key, node := locate(f.Data, []string{"capacity", "updated"})
	if key == nil || key.Value != "updated" || node.Kind != yaml.ScalarNode {
		return schedule.Date{}, false
	}
	d, err := time.Parse(time.DateOnly, node.Value)
	if err != nil {
		return schedule.Date{}, false // the schema's date format reports this
	}
	date = schedule.DateOf(d)
	return date, r.config.StaleAfter.Stale(date, r.today)
}

// capacityUpdated checks capacity.updated against today and stale_after,
// as verified is checked.
func (r *checker) capacityUpdated(f *load.File) diag.List {
	date, stale := r.capacityUpdatedDate(f)
	if date.IsZero() {
		return nil
	}
	_, node := locate(f.Data, []string{"capacity", "updated"})
	loc := valueLocation(f.Source, node)
	switch {
	case date.Before(earliestDate):
		return diag.List{{Severity: diag.Error, Code: diag.DateOutOfRange, Location: loc,
			Text:       fmt.Sprintf("The capacity's updated date %s is before the year %d", date, earliestDate.Year),
			Suggestion: r.today.String(),
			Hint:       "updated is the date the organizer last told you the places and waiting time. Check the year."}}
	case date.After(r.today):
		return diag.List{{Severity: diag.Error, Code: diag.FutureDate, Location: loc,
			Text:       fmt.Sprintf("The capacity's updated date %s is in the future", date),
			Suggestion: r.today.String(),
			Hint:       "updated is the date the organizer last told you the places and waiting time. Use that date, or today's."}}
	case stale:
		return diag.List{{Severity: diag.Warning, Code: diag.CapacityStale, Location: loc,
			Text: fmt.Sprintf("The places and waiting time were last updated on %s, more than %s ago",
				content.LongDate(date), r.config.StaleAfter),
			Hint: fmt.Sprintf("Ask the organizer how many places are left and how long the wait is, then set updated: %s (today). "+
				"If nobody knows any more, remove the capacity block: old numbers mislead more than none.", r.today)}}
	}
	return nil
}

// capacity checks what the schema cannot: that the numbers agree with
// each other and with the listing's status.
func (r *checker) capacity(f *load.File, l *content.Listing) diag.List {
	c := l.Capacity
	if c == nil {
		return nil
	}
	var msgs diag.List
	capKey, capNode := locate(f.Data, capacityPath)
	at := func(field string) *diag.Location {
		if k, v := locate(capNode, []string{field}); k != nil && k.Value == field {
			return valueLocation(f.Source, v)
		}
		return keyLocation(f.Source, capKey)
	}
	if c.PlacesLeft == nil && c.TotalPlaces == nil && c.WaitWeeks == nil && c.Note == "" {
		msgs.Add(diag.Message{Severity: diag.Error, Code: diag.Empty, Location: keyLocation(f.Source, capKey),
			Text: "The capacity block says when it was updated, but nothing about places or waiting",
			Hint: "Add what the organizer told you, like:\n\n  capacity:\n    places_left: 3\n    total_places: 12\n" +
				"    wait_weeks: 2\n    updated: " + r.today.String() + "\n\nor remove the capacity block."})
	}
	if c.PlacesLeft != nil && c.TotalPlaces != nil && *c.PlacesLeft > *c.TotalPlaces {
		msgs.Add(diag.Message{Severity: diag.Error, Code: diag.OutOfRange, Location: at("places_left"),
			Text: fmt.Sprintf("places_left %d is more than total_places %d", *c.PlacesLeft, *c.TotalPlaces),
			Hint: "places_left is how many of the total_places are free now. Swap them if they are the wrong way round."})
	}
	left := c.PlacesLeft != nil && *c.PlacesLeft > 0
	switch {
	case l.Status == "full" && left:
		msgs.Add(diag.Message{Severity: diag.Warning, Code: diag.CapacityMismatch, Location: at("places_left"),
			Text: fmt.Sprintf("The status is full, but places_left says %d", *c.PlacesLeft),
			Hint: "If there is room again, set status: active. If it is full, set places_left: 0 " +
				"(a wait_weeks can stay, to say how long the waiting list is)."})
	case l.Status == "active" && c.PlacesLeft != nil && *c.PlacesLeft == 0:
		msgs.Add(diag.Message{Severity: diag.Warning, Code: diag.CapacityMismatch, Location: fieldLocation(f.Source, f.Data, "status"),
			Text:       "No places are left, but the status is active",
			Suggestion: "full",
			Hint: "If it is not taking anyone new now, set status: full: lists and sheets then say so " +
				"(wait_weeks can stay, to say how long the waiting list is). If people can still join, correct places_left."})
	case l.Status == "ended":
		msgs.Add(diag.Message{Severity: diag.Warning, Code: diag.CapacityMismatch, Location: keyLocation(f.Source, capKey),
			Text: "An ended activity has places and a waiting time",
			Hint: "Nothing shows them for an ended activity. Remove the capacity block, or set the status it has now."})
	}
	return msgs
}
