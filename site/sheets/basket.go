package sheets

import (
	"encoding/json"
	"fmt"

	"github.com/signpost-directory/signpost/site/atomicfile"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/schedule"
)

// basketItem is sheets/<id>.json: what the website's prescription basket
// (/prescribe/) shows and prints for a listing, the same facts as its
// sheet, in the listing's own language and script.
type basketItem struct {
	ID            string   `json:"id"`
	Lang          string   `json:"lang"`
	Dir           string   `json:"dir"`
	Title         string   `json:"title"`
	Summary       string   `json:"summary,omitempty"`
	Schedule      []string `json:"schedule,omitempty"`
	ScheduleNotes string   `json:"schedule_notes,omitempty"`
	Next          string   `json:"next,omitempty"` // as of the build: the browser works it out again from Rules
	// Rules are the schedule's rules in the form the browser evaluates.
	Rules       []schedule.Compact `json:"rules,omitempty"`
	Venue       string             `json:"venue,omitempty"`
	Address     string             `json:"address,omitempty"`
	Directions  string             `json:"directions,omitempty"`
	Online      string             `json:"online,omitempty"`
	Cost        string             `json:"cost,omitempty"`
	Concessions string             `json:"concessions,omitempty"`
	Places      string             `json:"places,omitempty"`
	PlacesNote  string             `json:"places_note,omitempty"`
	Who         string             `json:"who,omitempty"`
	Referral    string             `json:"referral,omitempty"`
	HowToJoin   string             `json:"how_to_join,omitempty"`
	FirstVisit  string             `json:"first_visit,omitempty"`
	ContactName string             `json:"contact_name,omitempty"`
	Phone       string             `json:"phone,omitempty"`
	Email       string             `json:"email,omitempty"`
	URL         string             `json:"url"`
	Sheet       string             `json:"sheet"` // the PDF, relative to the site root
	Checked     string             `json:"checked,omitempty"`
}

func writeBasket(folder atomicfile.Folder, path string, s *sheet) error {
	item := basketItem{ID: s.ID, Lang: s.Lang, Dir: content.Direction(s.Lang), Title: s.Title, Summary: s.Summary,
		Schedule: s.Schedule, ScheduleNotes: s.ScheduleNotes, Next: s.Next, Rules: s.Rules, Venue: s.Venue, Address: s.Address,
		Directions: s.Directions, Online: s.Online, Cost: s.Cost, Concessions: s.Concessions,
		Places: s.Places, PlacesNote: s.PlacesNote, Who: s.Who,
		Referral: s.Referral, HowToJoin: s.HowToJoin, FirstVisit: s.FirstVisit, ContactName: s.ContactName,
		Phone: s.Phone, Email: s.Email, URL: s.URL, Sheet: "sheets/" + s.ID + ".pdf", Checked: s.Checked}
	data, err := json.Marshal(item)
	if err != nil {
		return err
	}
	if err := folder.Write(path, data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
