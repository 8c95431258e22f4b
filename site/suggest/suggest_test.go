package suggest

import "testing"

func TestClosest(t *testing.T) {
	categories := []string{"arts", "music", "movement", "nature", "volunteering", "learning", "befriending", "peer-support"}
	fields := []string{"title", "summary", "first_visit", "how_to_join", "verified", "venue"}
	tests := []struct {
		word    string
		options []string
		want    string
	}{
		{"movment", categories, "movement"},
		{"Music", categories, "music"},
		{"peer support", categories, "peer-support"},
		{"befreinding", categories, "befriending"},
		{"titel", fields, "title"},
		{"first-visit", fields, "first_visit"},
		{"howtojoin", fields, "how_to_join"},
		{"verifed", fields, "verified"},
		{"cooking", categories, ""},
		{"xy", fields, ""},
		{"", fields, ""},
	}
	for _, tt := range tests {
		if got := Closest(tt.word, tt.options); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}
