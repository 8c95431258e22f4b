package feeds_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/signpost-directory/signpost/site/content"
)

// The sample's listings with a capacity, and the SDOHCC capacity status
// each should have: the full lunch club with a waiting list, the
// strength and balance course with a wait and no number of places, and
// the mindfulness course with places left.
var sampleCapacity = map[string]string{
	"little-ashton-lunch-club": "no-capacity-has-waitlist",
	"steady-steps":             "no-capacity-has-waitlist",
	"mindfulness-course":       "capacity",
}

const sdohccCapacity = "http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ExtensionHealthcareServiceCapacityStatus"

// fhirCapacity is the part of a HealthcareService that says its capacity.
type fhirCapacity struct {
	Meta      struct{ LastUpdated string }
	Extension []struct {
		URL       string
		Extension []struct {
			URL                  string
			ValueString          string
			ValueCodeableConcept struct {
				Coding []struct{ System, Code, Display string }
			}
		}
	}
	AvailabilityExceptions string
}

// TestCapacityInFeeds reads the capacity of every sample listing back
// from each feed that carries it: FHIR (SDOHCC's extension and the words
// in availabilityExceptions), HSDS 3.0 (the alert), directory.json and the
// JSON Feed (the content file's fields).
func TestCapacityInFeeds(t *testing.T) {
	dir := written(t)
	d := sample(t)
	withCapacity := 0
	for _, l := range d.Listings {
		c := l.Capacity
		if (c != nil) != (sampleCapacity[l.ID] != "") {
			t.Errorf("%s: capacity %+v; the sample should give one exactly to %v", l.ID, c, sampleCapacity)
		}
		var s fhirCapacity
		if err := json.Unmarshal(readFile(t, dir, "fhir/HealthcareService/"+serviceID(l.ID)+".json"), &s); err != nil {
			t.Fatal(err)
		}
		h := service(t, dir, l.ID)
		if c == nil {
			if len(s.Extension) != 0 || strings.Contains(s.AvailabilityExceptions, "Places:") ||
				strings.Contains(h.Alert, "Places:") {
				t.Errorf("%s has no capacity, but FHIR says %+v, %q and HSDS %q", l.ID, s.Extension, s.AvailabilityExceptions, h.Alert)
			}
			continue
		}
		withCapacity++
		text := c.Text()
		if !strings.Contains(text, content.LongDate(c.Updated)) {
			t.Errorf("%s: the capacity in words %q does not say when it was given", l.ID, text)
		}

		// FHIR: one SDOHCC capacity status, its notes the capacity in words.
		if len(s.Extension) != 1 || s.Extension[0].URL != sdohccCapacity || len(s.Extension[0].Extension) != 2 {
			t.Fatalf("%s: extensions %+v, want SDOHCC's capacity status", l.ID, s.Extension)
		}
		status, notes := s.Extension[0].Extension[0], s.Extension[0].Extension[1]
		if status.URL != "capacityStatus" || len(status.ValueCodeableConcept.Coding) != 1 ||
			status.ValueCodeableConcept.Coding[0].Code != sampleCapacity[l.ID] ||
			status.ValueCodeableConcept.Coding[0].System != "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes" {
			t.Errorf("%s: capacityStatus %+v, want %s", l.ID, status, sampleCapacity[l.ID])
		}
		if notes.URL != "capacityNotes" || notes.ValueString != text {
			t.Errorf("%s: capacityNotes %+v, want %q", l.ID, notes, text)
		}
		if !strings.Contains(s.AvailabilityExceptions, "Places: "+text) {
			t.Errorf("%s: availabilityExceptions %q lacks the places", l.ID, s.AvailabilityExceptions)
		}
		// The record changed when the capacity did, if that was later.
		latest := l.Verified
		if c.Updated.After(latest) {
			latest = c.Updated
		}
		if !strings.HasPrefix(s.Meta.LastUpdated, latest.String()) {
			t.Errorf("%s: lastUpdated %s, want %s (verified %s, capacity %s)", l.ID, s.Meta.LastUpdated, latest, l.Verified, c.Updated)
		}

		// HSDS 3.0: the alert, after the status's own news.
		if !strings.HasSuffix(h.Alert, "Places: "+text) || (l.Status == "full") != strings.HasPrefix(h.Alert, "Full:") {
			t.Errorf("%s (%s): HSDS alert %q, want the status news then %q", l.ID, l.Status, h.Alert, "Places: "+text)
		}

		// directory.json and the JSON Feed: the content file's fields.
		for _, got := range []map[string]any{directoryListing(t, dir, l.ID)["capacity"].(map[string]any),
			feedItem(t, dir, l.ID)["capacity"].(map[string]any)} {
			if got["updated"] != c.UpdatedText || got["text"] != text || !sameInt(got["places_left"], c.PlacesLeft) ||
				!sameInt(got["total_places"], c.TotalPlaces) || !sameInt(got["wait_weeks"], c.WaitWeeks) {
				t.Errorf("%s: capacity %v, want %+v", l.ID, got, c)
			}
		}
	}
	if withCapacity < 2 {
		t.Errorf("only %d sample listings have a capacity", withCapacity)
	}
}

// sameInt reports whether a decoded JSON value is the model's number:
// absent for nil, else that number.
func sameInt(v any, want *int) bool {
	f, ok := v.(float64)
	if want == nil {
		return v == nil
	}
	return ok && f == float64(*want)
}

func directoryListing(t *testing.T, dir, id string) map[string]any {
	t.Helper()
	var doc struct{ Listings []map[string]any }
	if err := json.Unmarshal(readFile(t, dir, "directory.json"), &doc); err != nil {
		t.Fatal(err)
	}
	for _, l := range doc.Listings {
		if l["id"] == id {
			return l
		}
	}
	t.Fatalf("directory.json has no listing %s", id)
	return nil
}

func feedItem(t *testing.T, dir, id string) map[string]any {
	t.Helper()
	var feed struct {
		Items []struct {
			Signpost map[string]any `json:"_signpost"`
		}
	}
	if err := json.Unmarshal(readFile(t, dir, "feed.json"), &feed); err != nil {
		t.Fatal(err)
	}
	for _, it := range feed.Items {
		if it.Signpost["id"] == id {
			return it.Signpost
		}
	}
	t.Fatalf("feed.json has no item for %s", id)
	return nil
}
