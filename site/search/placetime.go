package search

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/schedule"
)

// Place and time, for near= and when= (see the README, "Finding by place
// and time"). Both are fetched only by a query that uses them, so a plain
// word search downloads nothing more than before.
//
//   - near: near.json (a fixed name, fetched alongside the manifest by a
//     page opened with near=), the index of the cells: {"cells": [[south, west,
//     north, east, listings, file], …], "online": numbers, "unplaced":
//     numbers}. Venues are split into cells of at most CellListings
//     listings (a k-d split, so a crowded town gets small cells and the
//     countryside large ones); a cell file g/<hash>.json holds
//     [[lat, lon, numbers], …], one entry per venue. The browser reads the
//     cells nearest first and stops when the nearest results it shows are
//     certain. "online" are the online activities, "unplaced" those whose
//     venue has no position: both are listed after the others.
//   - when: eight files w/<hash>.json, one per day of the week (Sunday
//     first) and one for them all, each {"rules": [[rules, numbers], …]}:
//     the schedule rules of every running listing (active or full) that can
//     have a session on that weekday (or at all), grouped by identical
//     rules, in the compact form of schedule.Compact. "now", "today" and
//     "tomorrow" read one weekday's file (two near midnight), "week" the
//     last. The manifest's "zone" is the
//     directory's time zone. The browser works out sessions at the moment
//     someone looks, so the answer does not go stale after a build.
//
// Numbers are delta-encoded sorted listing numbers, as in facet files.

// CellListings is the most listings a cell holds by default, unless one
// venue holds more on its own (see Options.CellListings).
const CellListings = 256

type venueSpot struct {
	lat, lon float64
	listings []int32
}

func placeTime(d *content.Directory, listings []*content.Listing, cellListings int, add func(dir string, data []byte) string) (near []byte, when []string, err error) {
	spots := map[string]*venueSpot{}
	var online, unplaced []int32
	type ruleGroup struct {
		key      string
		rules    []schedule.Compact
		listings []int32
	}
	// One set of groups per weekday, and (the eighth) one for the whole week.
	var groups [8]map[string]*ruleGroup
	var order [8][]*ruleGroup
	for wd := range groups {
		groups[wd] = map[string]*ruleGroup{}
	}
	for i, l := range listings {
		n := int32(i)
		switch v := d.Venue(l.Venue); {
		case l.IsOnline():
			online = append(online, n)
		case v == nil || !v.HasPosition():
			unplaced = append(unplaced, n)
		default:
			s := spots[l.Venue]
			if s == nil {
				s = &venueSpot{lat: roundDegrees(*v.Lat), lon: roundDegrees(*v.Lon)}
				spots[l.Venue] = s
			}
			s.listings = append(s.listings, n)
		}
		if !l.IsActive() {
			continue
		}
		rules := schedule.CompactRules(l.Schedule)
		if len(rules) == 0 {
			continue
		}
		key, err := json.Marshal(rules)
		if err != nil {
			return nil, nil, fmt.Errorf("schedule of %s: %w", l.ID, err)
		}
		days := schedule.DaysOfWeek(l.Schedule)
		for wd, on := range append(days[:], true) {
			if !on {
				continue
			}
			g := groups[wd][string(key)]
			if g == nil {
				g = &ruleGroup{key: string(key), rules: rules}
				groups[wd][string(key)] = g
				order[wd] = append(order[wd], g)
			}
			g.listings = append(g.listings, n)
		}
	}

	// Cells, nearest-first readable.
	all := make([]*venueSpot, 0, len(spots))
	for _, s := range spots {
		all = append(all, s)
	}
	slices.SortFunc(all, func(a, b *venueSpot) int {
		return cmp.Or(cmp.Compare(a.lat, b.lat), cmp.Compare(a.lon, b.lon), cmp.Compare(a.listings[0], b.listings[0]))
	})
	type cellEntry [6]any
	index := struct {
		Unit     string          `json:"unit"`
		Cells    []cellEntry     `json:"cells"`
		Online   json.RawMessage `json:"online"`
		Unplaced json.RawMessage `json:"unplaced"`
	}{Unit: content.DistanceUnit(d.Config.Country), Cells: []cellEntry{}, Online: numbersJSON(online), Unplaced: numbersJSON(unplaced)}
	for _, cell := range splitCells(all, cellListings) {
		south, west, north, east := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		var entries []any
		count := 0
		for _, s := range cell {
			south, north = min(south, s.lat), max(north, s.lat)
			west, east = min(west, s.lon), max(east, s.lon)
			entries = append(entries, []any{s.lat, s.lon, numbersJSON(s.listings)})
			count += len(s.listings)
		}
		data, err := json.Marshal(entries)
		if err != nil {
			return nil, nil, fmt.Errorf("venue cells: %w", err)
		}
		index.Cells = append(index.Cells, cellEntry{south, west, north, east, count, add("g", data)})
	}
	near, err = json.Marshal(index)
	if err != nil {
		return nil, nil, fmt.Errorf("venue cells: %w", err)
	}

	type ruleEntry [2]any
	for wd := range order {
		day := struct {
			Rules []ruleEntry `json:"rules"`
		}{Rules: []ruleEntry{}}
		for _, g := range order[wd] {
			day.Rules = append(day.Rules, ruleEntry{json.RawMessage(g.key), numbersJSON(g.listings)})
		}
		data, err := json.Marshal(day)
		if err != nil {
			return nil, nil, fmt.Errorf("schedules: %w", err)
		}
		when = append(when, add("w", data))
	}
	return near, when, nil
}

// splitCells cuts the venues (sorted by latitude) into groups of at most
// most listings, halving the longer side of each group's box at
// its median until every group fits or holds one venue.
func splitCells(spots []*venueSpot, most int) [][]*venueSpot {
	count := 0
	south, west, north, east := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, s := range spots {
		count += len(s.listings)
		south, north = min(south, s.lat), max(north, s.lat)
		west, east = min(west, s.lon), max(east, s.lon)
	}
	if len(spots) == 0 {
		return nil
	}
	if count <= most || len(spots) == 1 {
		return [][]*venueSpot{spots}
	}
	spots = slices.Clone(spots)
	// A degree of longitude is shorter than one of latitude away from the
	// equator: compare the sides in distance, not degrees.
	if (east-west)*math.Cos((south+north)/2*math.Pi/180) > north-south {
		slices.SortStableFunc(spots, func(a, b *venueSpot) int { return cmp.Compare(a.lon, b.lon) })
	} else {
		slices.SortStableFunc(spots, func(a, b *venueSpot) int { return cmp.Compare(a.lat, b.lat) })
	}
	half := len(spots) / 2
	return append(splitCells(spots[:half], most), splitCells(spots[half:], most)...)
}

// numbersJSON writes sorted listing numbers delta-encoded, as a JSON array.
func numbersJSON(ns []int32) json.RawMessage {
	ps := make([]posting, len(ns))
	for i, n := range ns {
		ps[i].n = n
	}
	return encodeNumbers(ps)
}

// roundDegrees keeps four decimals of a degree, about 11 metres: plenty for
// "0.8 miles", and fewer bytes to download.
func roundDegrees(v float64) float64 { return math.Round(v*1e4) / 1e4 }
