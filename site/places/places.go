// Package places writes the named places and the postcodes of the
// directory's area for the browser, which finds activities near a place
// name, a postcode or an outward code without a server:
//
//   - places/index.json: the named places of places.yaml with their
//     aliases, and every outward code that has postcodes with its position
//     (small: fetched whenever someone searches near somewhere);
//   - places/postcodes/<OUTWARD>.json: the postcodes of one outward code
//     (a few KB: fetched only for a postcode in it).
//
// The formats are described in the README ("Places").
package places

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/signpost-directory/signpost/site/atomicfile"
	"github.com/signpost-directory/signpost/site/content"
)

// Folder is where the files go, under the site's root.
const Folder = "places"

// Version is the version of the files' format; it changes when a reader
// written for the old one would misread them.
const Version = 1

// Stats are what Write wrote.
type Stats struct {
	// Files is how many files the site has for the places; Written is how
	// many of them changed and were written.
	Files, Written int
	Bytes          int64
}

// Index is places/index.json.
type Index struct {
	Version int    `json:"version"`
	Country string `json:"country,omitempty"`
	// Places are the named places, sorted by id.
	Places []Place `json:"places"`
	// Outward holds, by outward code, its position: the row of
	// postcodes.csv for the outward code alone when there is one, else the
	// middle of its postcodes. Every outward code with postcodes has a
	// file places/postcodes/<code>.json.
	Outward map[string]Position `json:"outward"`
}

// Place is a named place.
type Place struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	Lat     float64  `json:"lat"`
	Lon     float64  `json:"lon"`
}

// Position is a latitude and a longitude, written as a pair [lat, lon].
type Position [2]float64

// District is places/postcodes/<OUTWARD>.json, as a reader decodes it
// (Write writes it by hand: see district).
type District struct {
	Version int    `json:"version"`
	Outward string `json:"outward"`
	// Postcodes holds each postcode of the outward code, written in
	// capitals with its usual space, and its position.
	Postcodes map[string]Position `json:"postcodes"`
}

// Write writes the places files for d into siteDir/places/. Files of
// outward codes that are gone are removed; a file that would not change
// is left as it is, so the live preview rewrites only what changed.
func Write(ctx context.Context, d *content.Directory, siteDir string) (*Stats, error) {
	dir := filepath.Join(siteDir, Folder)
	if err := os.MkdirAll(filepath.Join(dir, "postcodes"), 0o755); err != nil {
		return nil, fmt.Errorf("places: %w", err)
	}
	stats := &Stats{}
	index := Index{Version: Version, Country: d.Config.Country, Places: []Place{}, Outward: map[string]Position{}}
	for _, p := range d.Places {
		index.Places = append(index.Places, Place{ID: p.ID, Name: p.Name, Aliases: p.Aliases, Lat: round(p.Lat), Lon: round(p.Lon)})
	}
	keep := map[string]bool{}
	// Grouped by outward code in one pass: sorted postcodes need not keep
	// an outward code's rows together when the country's codes vary in
	// length ("1000", "1000 001", "1000-001").
	groups := map[string][]content.Postcode{}
	for i, pc := range d.Postcodes {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		outward := content.OutwardCode(pc.Code)
		groups[outward] = append(groups[outward], pc)
	}
	for i, outward := range slices.Sorted(maps.Keys(groups)) {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		rows := groups[outward]
		index.Outward[outward] = middle(outward, rows)
		name := outward + ".json"
		keep[name] = true
		if err := stats.writeData(filepath.Join(dir, "postcodes", name), district(outward, rows)); err != nil {
			return nil, err
		}
	}
	if err := stats.write(filepath.Join(dir, "index.json"), index); err != nil {
		return nil, err
	}
	if err := removeOthers(filepath.Join(dir, "postcodes"), keep); err != nil {
		return nil, err
	}
	return stats, nil
}

// middle is an outward code's position: its own row when there is one,
// else the mean of its postcodes'.
func middle(outward string, rows []content.Postcode) Position {
	var lat, lon float64
	n := 0
	for _, p := range rows {
		if p.Code == outward {
			return Position{round(p.Lat), round(p.Lon)}
		}
		lat, lon, n = lat+p.Lat, lon+p.Lon, n+1
	}
	return Position{round(lat / float64(n)), round(lon / float64(n))}
}

// district writes the District of an outward code's rows as JSON: by
// hand, since there can be millions of rows, in the order of rows (sorted,
// as encoding/json would write the map), and without the outward code's
// own row.
func district(outward string, rows []content.Postcode) []byte {
	b := make([]byte, 0, 64+len(rows)*32)
	b = fmt.Appendf(b, `{"version":%d,"outward":`, Version)
	b = strconv.AppendQuote(b, outward)
	b = append(b, `,"postcodes":{`...)
	first := true
	for _, p := range rows {
		if p.Code == outward {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = strconv.AppendQuote(b, p.Code)
		b = append(b, ':')
		b, _ = appendPosition(b, Position{round(p.Lat), round(p.Lon)})
	}
	return append(b, "}}\n"...)
}

// round keeps five decimals of a degree, about a metre: more than a
// postcode's position means, and fewer bytes to download.
func round(v float64) float64 { return math.Round(v*1e5) / 1e5 }

// write writes v as JSON at path, unless the file there holds it already.
func (s *Stats) write(path string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("places: %w", err)
	}
	return s.writeData(path, append(data, '\n'))
}

// writeData writes data at path, unless the file there holds it already.
func (s *Stats) writeData(path string, data []byte) error {
	s.Files++
	s.Bytes += int64(len(data))
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	s.Written++
	if err := atomicfile.Write(path, data); err != nil {
		return fmt.Errorf("places: %w", err)
	}
	return nil
}

// removeOthers removes the .json files in dir that keep does not name.
func removeOthers(dir string, keep map[string]bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("places: %w", err)
	}
	for _, e := range entries {
		if name := e.Name(); strings.HasSuffix(name, ".json") && !keep[name] {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return fmt.Errorf("places: %w", err)
			}
		}
	}
	return nil
}

// MarshalJSON writes a position as [lat, lon] with at most five decimals.
func (p Position) MarshalJSON() ([]byte, error) { return appendPosition(nil, p) }

func appendPosition(b []byte, p Position) ([]byte, error) {
	b = append(b, '[')
	b = strconv.AppendFloat(b, p[0], 'f', -1, 64)
	b = append(b, ',')
	b = strconv.AppendFloat(b, p[1], 'f', -1, 64)
	return append(b, ']'), nil
}
