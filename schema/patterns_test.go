package schema

import "testing"

func TestPatternsAreTheSchemas(t *testing.T) {
	for _, tt := range []struct {
		id   string
		want bool
	}{{"riverside-walking-group", true}, {"a1", true}, {"Riverside", false}, {"double--hyphen", false}, {"-x", false}, {"", false}} {
		if got := IDPattern.MatchString(tt.id); got != tt.want {
			t.Errorf("IDPattern(%q) = %v", tt.id, got)
		}
	}
	for _, tt := range []struct {
		code string
		want bool
	}{{"pl", true}, {"zh-Hant", true}, {"bfi", true}, {"PL", false}, {"english", false}} {
		if got := LanguagePattern.MatchString(tt.code); got != tt.want {
			t.Errorf("LanguagePattern(%q) = %v", tt.code, got)
		}
	}
}
