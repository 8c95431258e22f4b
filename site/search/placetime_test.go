package search_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/schedule"
	"github.com/signpost-directory/signpost/site/search"
	"github.com/signpost-directory/signpost/site/synth"
)

// numbers decodes a delta-encoded list of listing numbers.
func numbers(t testing.TB, raw json.RawMessage) []int {
	t.Helper()
	var deltas []int
	if err := json.Unmarshal(raw, &deltas); err != nil {
		t.Fatal(err)
	}
	out, n := []int{}, 0
	for _, d := range deltas {
		n += d
		out = append(out, n)
	}
	return out
}

// placeTimeFiles checks near= and when= files of an export against the
// directory: every listing with a position is in exactly one cell, at its
// venue's position, and cells respect CellListings; online and unplaced
// listings are listed apart; every running listing with dated sessions has
// its rules, and no other listing does.
func placeTimeFiles(t *testing.T, d *content.Directory, ix *index) (cells int) {
	t.Helper()
	var listed []*content.Listing
	for _, l := range d.Listings {
		if l.Status != "ended" {
			listed = append(listed, l)
		}
	}
	var near struct {
		Unit     string          `json:"unit"`
		Cells    [][6]any        `json:"cells"`
		Online   json.RawMessage `json:"online"`
		Unplaced json.RawMessage `json:"unplaced"`
	}
	if err := json.Unmarshal(ix.files[ix.manifest.Near], &near); err != nil {
		t.Fatalf("%s: %v", ix.manifest.Near, err)
	}
	if near.Unit != content.DistanceUnit(d.Config.Country) {
		t.Errorf("unit %q", near.Unit)
	}
	seen := map[int]int{}
	for _, c := range near.Cells {
		south, west, north, east := c[0].(float64), c[1].(float64), c[2].(float64), c[3].(float64)
		var venues []struct {
			Lat, Lon float64
			Listings json.RawMessage
		}
		var rows [][3]json.RawMessage
		if err := json.Unmarshal(ix.files[c[5].(string)], &rows); err != nil {
			t.Fatal(err)
		}
		count := 0
		for _, r := range rows {
			var v struct {
				Lat, Lon float64
				Listings json.RawMessage
			}
			if json.Unmarshal(r[0], &v.Lat) != nil || json.Unmarshal(r[1], &v.Lon) != nil {
				t.Fatalf("cell %s: %s", c[5], r)
			}
			v.Listings = r[2]
			venues = append(venues, v)
			if v.Lat < south || v.Lat > north || v.Lon < west || v.Lon > east {
				t.Errorf("cell %s: venue at %v,%v outside its box %v", c[5], v.Lat, v.Lon, c[:4])
			}
			for _, n := range numbers(t, v.Listings) {
				seen[n]++
				count++
				venue := d.Venue(listed[n].Venue)
				if venue == nil || !venue.HasPosition() || abs(*venue.Lat-v.Lat) > 1e-4 || abs(*venue.Lon-v.Lon) > 1e-4 {
					t.Errorf("listing %s at %v,%v: not its venue's position", listed[n].ID, v.Lat, v.Lon)
				}
			}
		}
		if int(c[4].(float64)) != count {
			t.Errorf("cell %s says %v listings, holds %d", c[5], c[4], count)
		}
		if count > search.CellListings && len(venues) > 1 {
			t.Errorf("cell %s: %d listings at %d venues, more than %d", c[5], count, len(venues), search.CellListings)
		}
	}
	online, unplaced := numbers(t, near.Online), numbers(t, near.Unplaced)
	for n, l := range listed {
		v := d.Venue(l.Venue)
		switch {
		case l.IsOnline():
			if !slices.Contains(online, n) || seen[n] != 0 {
				t.Errorf("online listing %s: not listed as online only", l.ID)
			}
		case v == nil || !v.HasPosition():
			if !slices.Contains(unplaced, n) || seen[n] != 0 {
				t.Errorf("listing %s without a position: not listed as unplaced only", l.ID)
			}
		default:
			if seen[n] != 1 {
				t.Errorf("listing %s is in %d cells", l.ID, seen[n])
			}
		}
	}

	if ix.manifest.Zone != d.Config.Location.String() {
		t.Errorf("zone %q, want %q", ix.manifest.Zone, d.Config.Location)
	}
	if len(ix.manifest.When) != 8 {
		t.Fatalf("%d when files, want one per day of the week and one for the week", len(ix.manifest.When))
	}
	// rulesOf[weekday][listing] is the listing's rules in that day's file
	// (7: the whole week's).
	var rulesOf [8]map[int]string
	for wd, name := range ix.manifest.When {
		var day struct {
			Rules [][2]json.RawMessage `json:"rules"`
		}
		if err := json.Unmarshal(ix.files[name], &day); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rulesOf[wd] = map[int]string{}
		for _, g := range day.Rules {
			for _, n := range numbers(t, g[1]) {
				if _, dup := rulesOf[wd][n]; dup {
					t.Errorf("listing %d has rules twice on weekday %d", n, wd)
				}
				rulesOf[wd][n] = string(g[0])
			}
		}
	}
	for n, l := range listed {
		want := ""
		if l.IsActive() {
			want = schedule.CompactJSON(l.Schedule)
		}
		// The listing is filed under every weekday it has a session on in
		// the next two years, and under no other.
		var on [7]bool
		if want != "" {
			day := schedule.Date{Year: 2026, Month: time.November, Day: 30}
			for range 731 {
				if len(schedule.Sessions(l.Schedule, day)) > 0 {
					on[day.Time(time.UTC).Weekday()] = true
				}
				day = schedule.DateOf(day.Time(time.UTC).AddDate(0, 0, 1))
			}
		}
		if got := rulesOf[7][n]; got != want {
			t.Errorf("listing %s (%s) in the week's file: rules %s, want %q", l.ID, l.Status, got, want)
		}
		for wd := range 7 {
			got, filed := rulesOf[wd][n]
			switch {
			case filed && got != want:
				t.Errorf("listing %s (%s) on weekday %d: rules %s, want %q", l.ID, l.Status, wd, got, want)
			case on[wd] && !filed:
				t.Errorf("listing %s has sessions on weekday %d but is not in its file", l.ID, wd)
			case !on[wd] && filed && !strings.Contains(want, `"o"`) && !strings.Contains(want, `"u"`):
				// One-offs and courses may have ended by now; others must not be filed in vain.
				t.Errorf("listing %s is filed under weekday %d but never meets then", l.ID, wd)
			}
		}
	}
	return len(near.Cells)
}

func abs(x float64) float64 { return max(x, -x) }

func TestPlaceTimeSample(t *testing.T) {
	d := checked(t, "../../content")
	dir := t.TempDir()
	if _, err := search.Write(context.Background(), d, dir, search.Options{}); err != nil {
		t.Fatal(err)
	}
	ix := decode(t, readIndex(t, dir))
	placeTimeFiles(t, d, ix)
	paused := slices.ContainsFunc(d.Listings, func(l *content.Listing) bool { return l.Status == "paused" && len(l.Schedule) > 0 })
	online := slices.ContainsFunc(d.Listings, func(l *content.Listing) bool { return l.IsOnline() })
	if !paused || !online {
		t.Errorf("the sample should have a paused listing with a schedule (%v) and an online one (%v)", paused, online)
	}
}

// TestPlaceTimeCells splits a generated directory's venues into cells.
func TestPlaceTimeCells(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 600
	}
	dir := t.TempDir()
	if err := synth.Write(filepath.Join(dir, "content"), n); err != nil {
		t.Fatal(err)
	}
	d := checked(t, filepath.Join(dir, "content"))
	if _, err := search.Write(context.Background(), d, filepath.Join(dir, "site"), search.Options{}); err != nil {
		t.Fatal(err)
	}
	ix := decode(t, readIndex(t, filepath.Join(dir, "site")))
	cells := placeTimeFiles(t, d, ix)
	if min := n / search.CellListings; cells < min {
		t.Errorf("%d listings in %d cells, want at least %d", n, cells, min)
	}
}
