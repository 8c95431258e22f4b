package activity_test

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/signpost-directory/signpost/site/activity"
	"github.com/signpost-directory/signpost/site/content"
)

func load(t *testing.T) *activity.List {
	t.Helper()
	l, err := activity.Load()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestSchemaNamesTheSameActivities: the listing schema's activity enum,
// which check uses to refuse an unknown activity with a suggestion, is
// the list's labels, no more and no fewer.
func TestSchemaNamesTheSameActivities(t *testing.T) {
	data, err := os.ReadFile("../../schema/listing.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Properties map[string]struct {
			Enum []string `json:"enum"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	if got, want := schema.Properties["activity"].Enum, load(t).Labels(); !slices.Equal(got, want) {
		t.Errorf("the schema's activities are %q,\nthe list's %q", got, want)
	}
}

// TestEveryConceptIsMapped: the vendored part of the activity list holds
// only concepts that some word maps to.
func TestEveryConceptIsMapped(t *testing.T) {
	used := map[string]bool{}
	for _, label := range activity.Words() {
		used[label] = true
	}
	for _, label := range load(t).Labels() {
		if !used[label] {
			t.Errorf("%q is in activity-list.jsonld but no word maps to it", label)
		}
	}
}

func TestForListing(t *testing.T) {
	l := load(t)
	for _, tt := range []struct {
		name    string
		listing content.Listing
		want    []string
	}{
		{"a walking group", content.Listing{Title: "Riverside Walking Group", Categories: []string{"movement"}}, []string{"Walking"}},
		{"the longest phrase wins", content.Listing{Title: "Walking Football", Categories: []string{"movement"}, Tags: []string{"football"}},
			[]string{"Walking Football"}},
		{"broader concepts go", content.Listing{Title: "Tea dance", Needs: []string{"physical-activity"}, Tags: []string{"dancing", "ballroom"}},
			[]string{"Tea Dance", "Ballroom And Latin"}},
		{"tags with hyphens", content.Listing{Title: "Morning class", Categories: []string{"movement"}, Tags: []string{"tai-chi"}}, []string{"Tai Chi"}},
		{"not a physical activity", content.Listing{Title: "Walk-in advice", Categories: []string{"practical-support"}, Tags: []string{"walk"}}, nil},
		{"physical but unnamed", content.Listing{Title: "Move and mingle", Categories: []string{"movement"}}, nil},
		{"named by the listing", content.Listing{Title: "Sunday club", Categories: []string{"befriending"}, Activity: "nordic walking",
			Tags: []string{"yoga"}}, []string{"Nordic Walking"}},
	} {
		var got []string
		for _, c := range l.ForListing(&tt.listing) {
			got = append(got, c.Label)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
