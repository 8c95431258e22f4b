package places

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/signpost-directory/signpost/site/content"
)

func TestWriteReplacesOnlyWhatChanged(t *testing.T) {
	site := t.TempDir()
	d := &content.Directory{Config: content.Config{Country: "GB"},
		Places: []*content.Place{{ID: "bus-station", Name: "Bus Station", Lat: 52.6014, Lon: -1.9026}},
		Postcodes: []content.Postcode{{Code: "MB1", Lat: 52.6, Lon: -1.9}, {Code: "MB1 1AA", Lat: 52.600301, Lon: -1.901149},
			{Code: "MB2 3WS", Lat: 52.6072, Lon: -1.911}, {Code: "MB2 4VR", Lat: 52.6088, Lon: -1.9079}}}
	stats, err := Write(context.Background(), d, site)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Files != 3 || stats.Written != 3 {
		t.Errorf("first write: %+v", stats)
	}
	data, err := os.ReadFile(filepath.Join(site, "places", "postcodes", "MB1.json"))
	if want := `{"version":1,"outward":"MB1","postcodes":{"MB1 1AA":[52.6003,-1.90115]}}` + "\n"; err != nil || string(data) != want {
		t.Errorf("MB1.json = %s %v, want %s", data, err, want)
	}
	index, _ := os.ReadFile(filepath.Join(site, "places", "index.json"))
	if want := `{"version":1,"country":"GB","places":[{"id":"bus-station","name":"Bus Station","lat":52.6014,"lon":-1.9026}],` +
		`"outward":{"MB1":[52.6,-1.9],"MB2":[52.608,-1.90945]}}` + "\n"; string(index) != want {
		t.Errorf("index.json = %s, want %s", index, want)
	}

	// Again with MB2 gone: MB1.json is left as it is, MB2.json removed.
	d.Postcodes = d.Postcodes[:2]
	stats, err = Write(context.Background(), d, site)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Files != 2 || stats.Written != 1 {
		t.Errorf("second write: %+v", stats)
	}
	entries, _ := os.ReadDir(filepath.Join(site, "places", "postcodes"))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"MB1.json"}) {
		t.Errorf("postcodes/ holds %v", names)
	}
}

// TestOutwardCodesAreGroupedWhereverTheySort: for a country without its own
// rules, "1000", "1000 001" and "1000-001" sort apart but "1000" and
// "1000-001" share an outward code; one file must hold both.
func TestOutwardCodesAreGroupedWhereverTheySort(t *testing.T) {
	site := t.TempDir()
	d := &content.Directory{Config: content.Config{Country: "ZZ"},
		Postcodes: []content.Postcode{{Code: "1000", Lat: 1, Lon: 1}, {Code: "1000 001", Lat: 2, Lon: 2}, {Code: "1000-001", Lat: 3, Lon: 3}}}
	if _, err := Write(context.Background(), d, site); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(site, "places", "postcodes", "100.json"))
	if err != nil || !strings.Contains(string(data), `"1000"`) || !strings.Contains(string(data), `"1000-001"`) {
		t.Errorf("100.json = %s %v, want both 1000 and 1000-001", data, err)
	}
}

// BenchmarkWrite writes 2,000,000 postcodes in 1,000 outward codes (2,000 each, more
// than most real ones hold), first
// into an empty folder and then, as the preview does, over themselves.
func BenchmarkWrite(b *testing.B) {
	d := &content.Directory{Config: content.Config{Country: "GB"}}
	for i := range 2_000_000 {
		d.Postcodes = append(d.Postcodes, content.Postcode{
			Code: fmt.Sprintf("T%c%d %d%c%c", 'A'+byte(i/200_000), i/2000%100, i/400%5, 'A'+byte(i/20%20), 'A'+byte(i%20)),
			Lat:  52 + float64(i%1000)/1000, Lon: -1.9 + float64(i%777)/1000})
	}
	slices.SortFunc(d.Postcodes, func(a, b content.Postcode) int { return strings.Compare(a.Code, b.Code) })
	for _, again := range []bool{false, true} {
		b.Run(map[bool]string{false: "new", true: "unchanged"}[again], func(b *testing.B) {
			site := b.TempDir()
			if again {
				if _, err := Write(context.Background(), d, site); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				if !again {
					b.StopTimer()
					os.RemoveAll(filepath.Join(site, "places"))
					b.StartTimer()
				}
				stats, err := Write(context.Background(), d, site)
				if err != nil || stats.Files != 1_001 {
					b.Fatal(stats, err)
				}
			}
		})
	}
}
