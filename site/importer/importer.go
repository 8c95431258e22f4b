// Package importer turns what an importer read (a spreadsheet, an HSDS
// feed) into content files volunteers can read: the same field order and
// comments as `signpost new`, ids made from names, and a report of every
// value a person must decide. Importers (csv here, hsds in importer/hsds)
// only read their source into a Set; Write is the one place that writes.
package importer

import (
	"github.com/signpost-directory/signpost/site/content"
)

// Set is what an importer read. The IDs in it are the importer's own keys
// (a row number, an HSDS id), unique within their kind; listings refer to
// organizations and venues by those keys, or to content.Online. Write
// gives every file its real id (a slug of its name, made unique, or the
// id of the file already there) and rewrites the references to match.
type Set struct {
	Organizations []*content.Organization
	Venues        []*content.Venue
	Listings      []*content.Listing
	// Notes are values a person must decide, found while reading.
	Notes []Note
	// Dropped are source fields the importer read but had nowhere to put,
	// by field name, with how many values were dropped.
	Dropped map[string]int
	// FileIDs are the ids the source asks for, by kind and importer key
	// ("listing/<key>"): a spreadsheet's ID column, so that a directory
	// exported and imported again keeps its web addresses. A new file
	// takes its asked-for id when that is a valid id not yet taken, and a
	// slug of its name otherwise.
	FileIDs map[string]string
}

// Note is one value a person must decide.
type Note struct {
	Kind   string // listing, organization or venue: the file it will be in
	ID     string // that file's id
	Field  string // the field in that file, like "schedule" or "cost"
	Source string // where in the source: "row 12, column Schedule" or "services[3].schedules[0]"
	Text   string // why, in check's message style: "\"Tuesdays after lunch\" is not a schedule rule; it was kept in schedule_notes"
}

// WriteOptions say how Write treats files that already exist.
type WriteOptions struct {
	// Update rewrites, in existing files, only the fields the source owns,
	// keeping local edits elsewhere. Without it an existing file is never
	// touched.
	Update bool
}

// Report is what Write did.
type Report struct {
	Written   Counts // files created
	Updated   Counts // existing files rewritten (with Update)
	Unchanged Counts // existing files left as they were
	// Dropped are source fields that had nowhere to go, with counts.
	Dropped map[string]int
	// Decide are the values a person must decide, each located in the
	// file written (File, Line) as check reports them.
	Decide []Decision
	// Duplicates are likely duplicates: same title at the same venue, same
	// charity number, same phone.
	Duplicates []Decision
}

// Counts are numbers of files by kind.
type Counts struct{ Listings, Organizations, Venues, Translations int }

// Decision is a Note placed in the written file.
type Decision struct {
	Note
	File string // path of the file written
	Line int    // 1-based line of Field in File, 0 when not known
}
