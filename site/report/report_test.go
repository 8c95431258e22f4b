package report

import (
	"strings"
	"testing"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
)

// directory has two needs and two types of activity, and one active
// listing that meets one need through one activity.
func directory() *content.Directory {
	vocabulary := func(name string, ids ...string) *content.Vocabulary {
		v := &content.Vocabulary{Name: name}
		for _, id := range ids {
			v.Terms = append(v.Terms, content.Term{ID: id})
		}
		return v
	}
	return &content.Directory{
		Config: content.Config{Name: "Millbrook"},
		Taxonomy: &content.Taxonomy{
			Needs:      vocabulary("needs", "anxiety", "loneliness"),
			Categories: vocabulary("categories", "nature", "music"),
		},
		Listings: []*content.Listing{
			{ID: "walk", Title: "Walk", Status: "active", Needs: []string{"loneliness"}, Categories: []string{"nature"}},
		},
	}
}

// TestTextSaysCoverageInWords: the coverage line says what it counts in
// plain words, with an example of a gap, not "need × activity pairs".
func TestTextSaysCoverageInWords(t *testing.T) {
	r := New(directory(), nil)
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	for _, want := range []string{
		"Coverage: 1 of the 4 combinations of a need and a type of activity have at least one active listing.\n",
		"  3 have none, such as need anxiety with activity nature; report.json lists them all.\n",
		"  Needs with no active listing: anxiety\n",
		"  Types of activity with no active listing: music\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
	if strings.Contains(text, "×") || strings.Contains(text, "pairs") {
		t.Errorf("jargon in\n%s", text)
	}
}

// TestTextCountsWarningsOnce: the build prints each warning in full, with
// what to do, before the report; the report counts them without sending
// the reader to run another command for the same thing.
func TestTextCountsWarningsOnce(t *testing.T) {
	warning := diag.Message{Severity: diag.Warning, Text: "Last checked on 14 February 2026, more than 6 months ago"}
	r := New(directory(), diag.List{warning, warning})
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	if !strings.Contains(text, "\n2 warnings from the check, shown above: they do not stop publishing.\n") {
		t.Errorf("warnings not counted in\n%s", text)
	}
	if strings.Contains(text, "signpost check") {
		t.Errorf("the report sends the reader to signpost check for what was just printed:\n%s", text)
	}
}
