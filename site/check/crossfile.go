package check

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/load"
)

// crossRun is what the passes over more than one file share.
type crossRun struct {
	*checker
	d       *content.Directory
	results []fileResult
	msgs    diag.List
	// known holds every file's id by kind, even one that has problems of
	// its own, so a broken organization does not also break its listings.
	known map[load.Kind][]string
	// kept are the files built into the model that are not duplicates.
	kept []fileResult
	// listingFiles is the file each listing of d was read from.
	listingFiles map[*content.Listing]*load.File
}

// crossFileFields are the top-level fields the passes over more than one
// file read from a file's YAML (references, titles, likely duplicates).
var crossFileFields = []string{"organization", "venue", "title", "charity_number", "phone"}

// keepForCrossFile drops from f's YAML all but crossFileFields, once the
// file's own checks are done. A file's whole tree is several times its
// size; at 100,000 listings keeping every tree until the passes over all
// files doubled the check's peak memory, and on a machine slow to hand out
// memory that cost more than the parsing did. What it keeps is copied: a
// tree taken back from the verdicts (load.DecodeTree) is one block, which
// a single node kept would keep whole.
func keepForCrossFile(f *load.File) {
	if f.Data == nil || f.Data.Kind != yaml.MappingNode {
		return
	}
	kept := *f.Data
	kept.Content = nil
	for i := 0; i+1 < len(f.Data.Content); i += 2 {
		if slices.Contains(crossFileFields, f.Data.Content[i].Value) {
			kept.Content = append(kept.Content, copyTree(f.Data.Content[i]), copyTree(f.Data.Content[i+1]))
		}
	}
	f.Data = &kept
}

// copyTree copies the tree at n, node by node.
func copyTree(n *yaml.Node) *yaml.Node {
	c := *n
	if len(n.Content) > 0 {
		c.Content = make([]*yaml.Node, len(n.Content))
		for i, child := range n.Content {
			c.Content[i] = copyTree(child)
		}
	}
	return &c
}

// crossFilePasses check what involves more than one file, in this order.
// By the time they run, a file's Data holds only crossFileFields: a pass
// that reads another field must add it there, or it finds it missing.
var crossFilePasses = []func(*crossRun){
	(*crossRun).duplicates,
	(*crossRun).fill,
	(*crossRun).references,
	(*crossRun).titles,
	(*crossRun).sameOrganization,
	(*crossRun).translations,
}

// crossFile checks what involves more than one file (duplicate ids,
// references, titles, translations) and fills the Directory.
func (r *checker) crossFile(d *content.Directory, results []fileResult) diag.List {
	x := &crossRun{checker: r, d: d, results: results, known: map[load.Kind][]string{}}
	for _, res := range results {
		x.known[res.file.Kind] = append(x.known[res.file.Kind], res.file.ID)
	}
	for _, pass := range crossFilePasses {
		pass(x)
	}
	return x.msgs
}

// duplicates reports every file whose id another file of its kind (and
// language) already has, and keeps the first of each built into the model.
// Files that were not built into the model are seen first, so a good file
// that shares its id with a broken one is reported, and left out, too.
func (x *crossRun) duplicates() {
	seen := map[string]*load.File{}
	for _, res := range x.results {
		if !res.built() {
			x.duplicate(seen, res.file)
		}
	}
	for _, res := range x.results {
		if res.built() && !x.duplicate(seen, res.file) {
			x.kept = append(x.kept, res)
		}
	}
}

// duplicate reports whether a file with f's id was seen already, and says
// so in a message when it was.
func (x *crossRun) duplicate(seen map[string]*load.File, f *load.File) bool {
	key := f.Kind.String() + "/" + f.ID + "/" + f.Lang
	first, ok := seen[key]
	if !ok {
		seen[key] = f
		return false
	}
	x.msgs.Add(diag.Message{Severity: diag.Error, Code: diag.DuplicateID,
		Location: f.Source.At(1, 1, 0),
		Text:     fmt.Sprintf("Two files have the id %q", f.ID),
		Hint:     "Ids must be unique: keep one file, or rename one (and the references to it).",
		Notes:    []diag.Note{{Text: "The other file is " + first.Source.Path, Location: first.Source.At(1, 1, 0)}}})
	return true
}

// fill puts the organizations, venues and listings kept into the
// Directory, sorted by id.
func (x *crossRun) fill() {
	d := x.d
	x.listingFiles = map[*content.Listing]*load.File{}
	for _, res := range x.kept {
		switch {
		case res.org != nil:
			d.Organizations = append(d.Organizations, res.org)
		case res.venue != nil:
			d.Venues = append(d.Venues, res.venue)
		case res.list != nil:
			d.Listings = append(d.Listings, res.list)
			x.listingFiles[res.list] = res.file
		}
	}
	slices.SortFunc(d.Organizations, func(a, b *content.Organization) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(d.Venues, func(a, b *content.Venue) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(d.Listings, func(a, b *content.Listing) int { return cmp.Compare(a.ID, b.ID) })
	d.Index()
}

// references checks that every listing names an organization and a venue
// that exist. They are read from the YAML itself, so they are checked even
// in a listing whose other details have problems.
func (x *crossRun) references() {
	orgs := newKnownIDs(x.known[load.OrganizationFile])
	venues := newKnownIDs(append(slices.Clip(x.known[load.VenueFile]), content.Online))
	orgNames, venueNames := x.names()
	for _, res := range x.results {
		f := res.file
		if f.Kind != load.ListingFile || f.Data == nil {
			continue
		}
		x.reference(f, "organization", orgs, orgNames, "organizations")
		x.reference(f, "venue", venues, venueNames, "venues")
	}
}

// knownIDs are the ids of one kind of file: a set to look a reference up
// in (a national directory has 100,000 listings naming 10,000 venues),
// and a list to suggest the closest from when it is not there.
type knownIDs struct {
	list []string
	set  map[string]bool
}

func newKnownIDs(list []string) knownIDs {
	set := make(map[string]bool, len(list))
	for _, id := range list {
		set[id] = true
	}
	return knownIDs{list: list, set: set}
}

// names maps the folded names of the organizations and venues that were
// read to their ids, for a listing that names one by its name.
func (x *crossRun) names() (orgs, venues map[string]string) {
	orgs, venues = map[string]string{}, map[string]string{}
	for _, res := range x.results {
		switch {
		case res.org != nil:
			orgs[foldID(res.org.Name)] = res.org.ID
		case res.venue != nil:
			venues[foldID(res.venue.Name)] = res.venue.ID
		}
	}
	return orgs, venues
}

func (x *crossRun) reference(f *load.File, field string, known knownIDs, names map[string]string, folder string) {
	v, ok := fieldValue(f.Data, field)
	if !ok || !isText(v) || known.set[v.Value] || isPlaceholder(v) {
		return // a placeholder has its own message
	}
	x.msgs.Add(x.unknownReference(f, field, v, known.list, names, folder))
}

// titles warns about listings with the same title.
func (x *crossRun) titles() {
	titles := map[string]*load.File{}
	for _, l := range x.d.Listings {
		f := x.listingFiles[l]
		first, ok := titles[l.Title]
		if !ok {
			titles[l.Title] = f
			continue
		}
		x.msgs.Add(diag.Message{Severity: diag.Warning, Code: diag.DuplicateTitle,
			Location: fieldLocation(f.Source, f.Data, "title"),
			Text:     fmt.Sprintf("Another listing has the same title %q", l.Title),
			Hint:     "Clinicians pick from titles: make each one distinct, for example by adding the place or day.",
			Notes:    []diag.Note{{Text: "The other listing:", Location: fieldLocation(first.Source, first.Data, "title")}}})
	}
}

// sameOrganization warns about organizations that share a charity number
// or a phone number: one organization entered twice, as an import from two
// sources easily does. Phone numbers are compared by their digits.
func (x *crossRun) sameOrganization() {
	seen := map[string]fileResult{}
	for _, res := range x.kept {
		if res.org == nil {
			continue
		}
		for _, k := range []struct{ field, value, what string }{
			{"charity_number", strings.ToUpper(strings.Join(strings.Fields(res.org.CharityNumber), "")), "charity number"},
			{"phone", content.Digits(res.org.Phone), "phone number"},
		} {
			if len(k.value) < 5 { // nothing to compare, or too short to mean anything
				continue
			}
			first, ok := seen[k.field+"/"+k.value]
			if !ok {
				seen[k.field+"/"+k.value] = res
				continue
			}
			f := res.file
			x.msgs.Add(diag.Message{Severity: diag.Warning, Code: diag.LikelyDuplicate,
				Location: fieldLocation(f.Source, f.Data, k.field),
				Text:     fmt.Sprintf("%s has the same %s as %s", res.org.Name, k.what, first.org.Name),
				Hint: "If they are one organization, keep one file and point its listings at it (organization: " + first.file.ID +
					"); if they really share it, this warning can stay.",
				Notes: []diag.Note{{Text: "The other organization:", Location: fieldLocation(first.file.Source, first.file.Data, k.field)}}})
		}
	}
}

// translations attaches each translation to its listing. Listings may
// come from the cache and were handed back by earlier runs, so they are
// never changed: translations are gathered here and attached to copies.
func (x *crossRun) translations() {
	attached := map[*content.Listing]map[string]*content.Translation{}
	for _, res := range x.kept {
		if res.trans == nil {
			continue
		}
		base := x.listingOf(res)
		if base == nil {
			continue
		}
		if attached[base] == nil {
			attached[base] = map[string]*content.Translation{}
		}
		attached[base][res.trans.Lang] = res.trans
	}
	x.attach(x.d, attached)
}

// listingOf returns the listing a translation is for, or nil, saying why
// when it is not the listing's own problems.
func (x *crossRun) listingOf(res fileResult) *content.Listing {
	f, t := res.file, res.trans
	listingIDs := x.known[load.ListingFile]
	base := x.d.Listing(f.ID)
	switch {
	case base == nil && slices.Contains(listingIDs, f.ID):
		return nil // the listing has problems of its own
	case base == nil:
		x.msgs.Add(diag.Message{Severity: diag.Error, Code: diag.UnknownReference, Location: f.Source.At(1, 1, 0),
			Text:       fmt.Sprintf("This translation is for a listing %q that does not exist", f.ID),
			Suggestion: closestFileName(f.ID, listingIDs, f.Lang),
			Hint:       "A translation is named after its listing: walking-group.pl.md translates listings/walking-group.md."})
		return nil
	case base.Lang == t.Lang:
		x.msgs.Add(diag.Message{Severity: diag.Error, Code: diag.TranslationLanguage, Location: f.Source.At(1, 1, 0),
			Text: fmt.Sprintf("This translation is in %q, the language the listing itself is written in", t.Lang),
			Hint: "Edit the listing itself instead, or rename this file to the language it is written in."})
		return nil
	}
	return base
}
