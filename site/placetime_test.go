package site_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCardsCarryPositionAndRules: list pages sort by distance and filter
// by time from the cards' own data, so every card of a placed venue has its
// position (0 included: the Greenwich meridian is a real longitude) and every
// running listing with dated sessions its rules.
func TestCardsCarryPositionAndRules(t *testing.T) {
	dir := copySample(t)
	venue := filepath.Join(dir, "venues", "al-noor-community-hall.yaml")
	data, err := os.ReadFile(venue)
	if err != nil {
		t.Fatal(err)
	}
	moved := strings.Replace(string(data), "lon: -1.9079", "lon: 0", 1)
	if moved == string(data) {
		t.Fatal("the sample venue's longitude has changed: update the test")
	}
	if err := os.WriteFile(venue, []byte(moved), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, dir, out, ""); err != nil {
		t.Fatal(err)
	}
	p := parse(t, filepath.Join(out, "venues", "al-noor-community-hall", "index.html"))
	cards := 0
	for _, li := range p.elements("li") {
		if !strings.Contains(" "+attr(li, "class")+" ", " card ") {
			continue
		}
		cards++
		if attr(li, "data-lat") != "52.6087" || attr(li, "data-lon") != "0" {
			t.Errorf("a card at the venue has data-lat %q, data-lon %q", attr(li, "data-lat"), attr(li, "data-lon"))
		}
		if !strings.HasPrefix(attr(li, "data-rules"), `[{"k":`) {
			t.Errorf("a card at the venue has data-rules %q", attr(li, "data-rules"))
		}
	}
	if cards == 0 {
		t.Fatal("no cards on the venue's page")
	}
}
