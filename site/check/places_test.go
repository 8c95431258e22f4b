package check_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/signpost-directory/signpost/site/diag"
)

const placesYAML = `bus-station:
  name: Millbrook Bus Station
  lat: 52.6015
  lon: -1.9002
  aliases: [the bus station, bus stn]
health-centre:
  name: Millbrook Health Centre
  lat: 52.6025
  lon: -1.8995
`

const postcodesCSV = "postcode,lat,lon\nTV1 2AB,52.6003,-1.9011\nTV1,52.6010,-1.9000\ntv12ac,52.6004,-1.9012\n"

func TestPlacesAndPostcodesGoIntoTheModel(t *testing.T) {
	files := base()
	files["places.yaml"] = placesYAML
	files["postcodes.csv"] = postcodesCSV
	d, msgs := run(t, files)
	if len(msgs) > 0 {
		t.Fatalf("unexpected problems:\n%s", render(msgs))
	}
	if len(d.Places) != 2 || d.Places[0].ID != "bus-station" || d.Places[0].Name != "Millbrook Bus Station" ||
		d.Places[0].Lat != 52.6015 || len(d.Places[0].Aliases) != 2 {
		t.Errorf("places = %+v", d.Places)
	}
	var codes []string
	for _, p := range d.Postcodes {
		codes = append(codes, p.Code)
	}
	if got := strings.Join(codes, "|"); got != "TV1|TV1 2AB|TV1 2AC" {
		t.Errorf("postcodes = %s, want sorted and written the usual way", got)
	}
}

func TestPlacesFindings(t *testing.T) {
	const places, postcodes = "content/places.yaml", "content/postcodes.csv"
	tests := []struct {
		name  string
		files map[string]string
		want  []want
	}{
		{"place without a position",
			map[string]string{"places.yaml": "bus-station:\n  name: Bus Station\n"},
			[]want{
				{places, 1, 1, diag.Error, "missing-field", `"bus-station.lat" is missing`, ""},
				{places, 1, 1, diag.Error, "missing-field", `"bus-station.lon" is missing`, ""}}},
		{"latitude out of range",
			map[string]string{"places.yaml": "bus-station:\n  name: Bus Station\n  lat: 152.6\n  lon: -1.9\n"},
			[]want{{places, 3, 8, diag.Error, "out-of-range", "", ""}}},
		{"place id that is not an id",
			map[string]string{"places.yaml": "Bus Station:\n  name: Bus Station\n  lat: 52.6\n  lon: -1.9\n"},
			[]want{{places, 1, 1, diag.Error, "", `"Bus Station" is not a valid id`, ""}}},
		{"alias another place has as its name, in other capitals",
			map[string]string{"places.yaml": placesYAML + "  aliases: [millbrook bus station]\n"},
			[]want{{places, 10, 13, diag.Error, "duplicate-place", `Another place is already called "millbrook bus station"`, ""}}},
		{"alias twice in one place",
			map[string]string{"places.yaml": strings.Replace(placesYAML, "[the bus station, bus stn]", "[the bus station, Bus Stn, bus  stn]", 1)},
			[]want{{places, 5, 39, diag.Error, "duplicate-place", `This place is already called "bus  stn"`, ""}}},
		{"header missing",
			map[string]string{"postcodes.csv": "pc,latitude,longitude\nTV1 2AB,52.6,-1.9\n"},
			[]want{{postcodes, 1, 1, diag.Error, "postcodes-header", "postcode,lat,lon", ""}}},
		{"empty file",
			map[string]string{"postcodes.csv": ""},
			[]want{{postcodes, 1, 1, diag.Error, "postcodes-header", "postcode,lat,lon", ""}}},
		{"row with two values",
			map[string]string{"postcodes.csv": "postcode,lat,lon\nTV1 2AB,52.6\n"},
			[]want{{postcodes, 2, 1, diag.Error, "postcodes-row", "has 2 values instead of 3", ""}}},
		{"postcode of another form",
			map[string]string{"postcodes.csv": "postcode,lat,lon\nTV1 2AB,52.6,-1.9\n\"12345\",52.6,-1.9\n"},
			[]want{{postcodes, 3, 2, diag.Error, "postcodes-row", `"12345" is not a postcode in GB`, ""}}},
		{"latitude that is not a number",
			map[string]string{"postcodes.csv": "postcode,lat,lon\nTV1 2AB,52,6,-1.9\nTV1 2AC,NaN,-1.9\n"},
			[]want{
				{postcodes, 2, 1, diag.Error, "postcodes-row", "has 4 values", ""},
				{postcodes, 3, 9, diag.Error, "postcodes-row", `"NaN" is not a latitude`, ""}}},
		{"latitude and longitude swapped",
			map[string]string{"postcodes.csv": "postcode,lat,lon\r\nTV1 2AB,152.6,-1.9\r\n"},
			[]want{{postcodes, 2, 9, diag.Error, "out-of-range", "latitude 152.6 is out of range", ""}}},
		{"postcode twice, once written another way",
			map[string]string{"postcodes.csv": "postcode,lat,lon\nTV1 2AB,52.6,-1.9\nTV1,52.6,-1.9\ntv12ab,52.6,-1.9\n"},
			[]want{{postcodes, 4, 1, diag.Error, "duplicate-postcode", "TV1 2AB is given twice", ""}}},
		{"line far too long",
			map[string]string{"postcodes.csv": "postcode,lat,lon\n" + strings.Repeat("x", 5000) + "\n"},
			[]want{{postcodes, 2, 1, diag.Error, "postcodes-row", "longer than", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := base()
			for name, text := range tt.files {
				files[name] = text
			}
			_, msgs := run(t, files)
			if len(msgs) != len(tt.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(msgs), len(tt.want), render(msgs))
			}
			for i, w := range tt.want {
				m := msgs[i]
				if m.Location == nil || m.Location.File != w.file || m.Location.Line != w.line ||
					(w.col != 0 && m.Location.Column != w.col) || m.Severity != w.severity ||
					(w.code != "" && m.Code != w.code) || !strings.Contains(m.Text, w.text) {
					t.Errorf("finding %d:\n got %s\nwant %s:%d:%d %s %s %q", i, render(msgs[i:i+1]), w.file, w.line, w.col, w.severity, w.code, w.text)
				}
			}
		})
	}
}

func TestManyBadPostcodesAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("postcode,lat,lon\n")
	for i := range 100 {
		fmt.Fprintf(&b, "TV1 %dAB,952.6,-1.9\n", i%10)
	}
	files := base()
	files["postcodes.csv"] = b.String()
	_, msgs := run(t, files)
	if len(msgs) != 21 || msgs[20].Code != diag.TooManyProblems || !strings.Contains(msgs[20].Text, "and 80 more problems") {
		t.Fatalf("got %d messages, want 20 and a summary:\n%s", len(msgs), render(msgs))
	}
}

// BenchmarkPostcodes checks a postcodes.csv of 2,000,000 rows, about what
// a large county's share of the ONS Postcode Directory holds.
func BenchmarkPostcodes(b *testing.B) {
	var csv strings.Builder
	csv.WriteString("postcode,lat,lon\n")
	for i := range 2_000_000 {
		fmt.Fprintf(&csv, "T%c%d %d%c%c,%.6f,%.6f\n", 'A'+byte(i/200000), i/2000%100, i/400%5, 'A'+byte(i/20%20), 'A'+byte(i%20),
			52+float64(i%1000)/1000, -1.9+float64(i%777)/1000)
	}
	files := base()
	files["postcodes.csv"] = csv.String()
	b.SetBytes(int64(csv.Len()))
	b.ResetTimer()
	for b.Loop() {
		d, msgs := run(b, files)
		if len(msgs) > 0 || len(d.Postcodes) != 2_000_000 {
			b.Fatalf("%d postcodes, problems:\n%s", len(d.Postcodes), render(msgs[:min(len(msgs), 5)]))
		}
	}
}
