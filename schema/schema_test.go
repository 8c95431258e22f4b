package schema

import (
	"slices"
	"testing"
)

func TestLoadCompilesEverySchema(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Kinds {
		if _, ok := set.compiled[k]; !ok {
			t.Errorf("schema %s not compiled", k)
		}
	}
}

func TestValidate(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	good := map[string]any{"name": "Riverside Ramblers", "description": "We walk.", "email": "walks@example.org"}
	if err := set.Validate(Organization, good); err != nil {
		t.Errorf("valid organization rejected: %v", err)
	}
	bad := map[string]any{"name": "Riverside Ramblers", "description": "We walk.", "email": "not an email"}
	if err := set.Validate(Organization, bad); err == nil {
		t.Error("organization with a bad email accepted")
	}
	cost := map[string]any{"amount": 3.5, "per": "fortnight"}
	listing := map[string]any{
		"title": "Walk", "organization": "ramblers", "summary": "A walk.", "categories": []any{"movement"},
		"venue": "park", "schedule": []any{"every Tuesday 10:00-11:00"}, "cost": cost,
		"referral": "self", "status": "active", "verified": "2026-10-02",
	}
	if err := set.Validate(Listing, listing); err == nil {
		t.Error("listing with cost per fortnight accepted")
	}
	cost["per"] = "session"
	if err := set.Validate(Listing, listing); err != nil {
		t.Errorf("valid listing rejected: %v", err)
	}
}

func TestField(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	f := set.Field(Listing, nil)
	if !slices.Contains(f.Properties, "first_visit") || !slices.Contains(f.Properties, "verified") {
		t.Errorf("listing properties = %v", f.Properties)
	}
	if got := set.Field(Listing, []string{"verified"}).Description; got != "The date someone last confirmed these details with the organizer." {
		t.Errorf("verified description = %q", got)
	}
	if got := set.Field(Listing, []string{"contact", "phone"}); len(got.Examples) == 0 {
		t.Errorf("contact.phone has no examples: %+v", got)
	}
	if got := set.Field(Listing, []string{"cost", "per"}).Enum; !slices.Contains(got, "term") {
		t.Errorf("cost.per enum = %v", got)
	}
	if got := set.Field(Listing, []string{"categories", "0"}).Examples; !slices.Contains(got, "movement") {
		t.Errorf("categories item examples = %v", got)
	}
	if got := set.Field(Taxonomy, []string{"needs", "sea-swimming"}).Properties; !slices.Contains(got, "translations") {
		t.Errorf("taxonomy term properties = %v", got)
	}
}
