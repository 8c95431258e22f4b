package check_test

import (
	"strings"
	"testing"
)

// TestImportedListingKeepsItsSourceID: source_id is written by `signpost
// import` so a second import finds the file; check accepts it and keeps it.
func TestImportedListingKeepsItsSourceID(t *testing.T) {
	files := base()
	files["listings/walk.md"] = strings.Replace(files["listings/walk.md"], "status: active\n", "status: active\nsource_id: \"row-12\"\n", 1)
	d, msgs := run(t, files)
	if len(msgs) > 0 {
		t.Fatalf("unexpected messages:\n%s", render(msgs))
	}
	if got := d.Listing("walk").SourceID; got != "row-12" {
		t.Errorf("SourceID = %q, want row-12", got)
	}
}
