package site_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/places"
)

// distanceKm is the great-circle distance between two positions.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 6371 * 2 * math.Asin(math.Sqrt(a))
}

func readJSON(t *testing.T, path string, into any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, into); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// TestVenuePostcodesResolveNearTheVenue reads the places files of the
// built sample as the browser will: each venue's postcode, looked up in
// the file of its outward code, is within a few hundred metres of the
// venue, and the outward code and a place's alias lead near it too.
func TestVenuePostcodesResolveNearTheVenue(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	res, err := build(t, copySample(t), out, "")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(out, places.Folder)
	var index places.Index
	readJSON(t, filepath.Join(dir, "index.json"), &index)
	if index.Version != places.Version || index.Country != "GB" || len(index.Places) == 0 {
		t.Fatalf("index.json: %+v", index)
	}
	for _, v := range res.Check.Directory.Venues {
		if v.Postcode == "" || !v.HasPosition() {
			continue
		}
		outward := content.OutwardCode(v.Postcode)
		var district places.District
		readJSON(t, filepath.Join(dir, "postcodes", outward+".json"), &district)
		pos, ok := district.Postcodes[v.Postcode]
		if !ok {
			t.Errorf("%s: %s is not in postcodes/%s.json", v.ID, v.Postcode, outward)
			continue
		}
		if km := distanceKm(pos[0], pos[1], *v.Lat, *v.Lon); km > 0.3 {
			t.Errorf("%s: %s is %.2f km from the venue", v.ID, v.Postcode, km)
		}
		area, ok := index.Outward[outward]
		if !ok {
			t.Errorf("%s: index.json has no outward code %s", v.ID, outward)
		} else if km := distanceKm(area[0], area[1], *v.Lat, *v.Lon); km > 5 {
			t.Errorf("%s: %s is %.2f km from the venue", v.ID, outward, km)
		}
	}
	// "the health centre" is a place's alias, near the venue of that name.
	health := res.Check.Directory.Venue("millbrook-health-centre")
	found := false
	for _, p := range index.Places {
		for _, a := range p.Aliases {
			if strings.EqualFold(a, "the health centre") {
				found = true
				if km := distanceKm(p.Lat, p.Lon, *health.Lat, *health.Lon); km > 0.3 {
					t.Errorf("the health centre is %.2f km from the venue", km)
				}
			}
		}
	}
	if !found {
		t.Error("index.json has no place with the alias \"the health centre\"")
	}
}
