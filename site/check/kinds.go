package check

import (
	"github.com/signpost-directory/signpost/schema"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/schedule"
)

// fileResult is what checking one file produced.
type fileResult struct {
	file  *load.File
	msgs  diag.List
	org   *content.Organization
	venue *content.Venue
	list  *content.Listing
	trans *content.Translation
}

// built reports whether the file went into the model.
func (res fileResult) built() bool {
	return res.org != nil || res.venue != nil || res.list != nil || res.trans != nil
}

// fileCheck is one file being checked: the result so far, and what the
// checks of its YAML found that the model is built from.
type fileCheck struct {
	f           *load.File
	res         fileResult
	description string
	rules       []schedule.Rule
	// clean is set when an earlier run found nothing in this file's own
	// schema, number and Markdown checks (Verdicts), which are skipped.
	clean bool
	// markdownFound is set when the Markdown check found something.
	markdownFound bool
}

// kindCheck is how one kind of file is checked on its own.
type kindCheck struct {
	schema schema.Kind
	// inspect runs the checks that read the YAML nodes directly
	// (vocabularies, schedules, Markdown). They run even when the schema
	// failed, so one round of fixes is enough.
	inspect func(*checker, *fileCheck)
	// build decodes a file the schema accepted into the model and checks
	// what needs the typed values.
	build func(*checker, *fileCheck)
}

// kinds holds the check of each kind of file that is checked on its own;
// the settings and vocabularies are checked first, by Run.
var kinds = map[load.Kind]kindCheck{
	load.OrganizationFile: {schema.Organization, (*checker).inspectOrganization, (*checker).buildOrganization},
	load.VenueFile:        {schema.Venue, (*checker).inspectVenue, (*checker).buildVenue},
	load.ListingFile:      {schema.Listing, (*checker).inspectListing, (*checker).buildListing},
	load.TranslationFile:  {schema.Translation, (*checker).inspectTranslation, (*checker).buildTranslation},
}

// file checks one organization, venue, listing or translation on its own.
// v is what the verdicts knew of it; readClean is set when reading and
// parsing it found nothing.
func (r *checker) file(f *load.File, v verdict, readClean bool) fileResult {
	fc := &fileCheck{f: f, res: fileResult{file: f}}
	if f.Data == nil {
		return fc.res
	}
	k := kinds[f.Kind]
	clean := v.clean
	fc.clean = clean
	if !clean && !r.validate(f, k.schema, &fc.res.msgs) && hasPlaceholders(fc.res.msgs) {
		return fc.res
	}
	validated := len(fc.res.msgs) == 0
	valid := !fc.res.msgs.HasErrors()
	k.inspect(r, fc)
	if valid {
		k.build(r, fc)
	}
	// What the other checks found (a listing nobody has verified for a
	// while, an unknown category) they find again next time: it does not
	// stop the file's own checks from being remembered.
	if clean || (validated && !fc.markdownFound) {
		r.remember(f, v, readClean)
	}
	return fc.res
}

// remember keeps for the next run that f's own checks found nothing, with
// its tree when reading and parsing it found nothing either (a tree taken
// back does not hold the messages Parse gave with it).
func (r *checker) remember(f *load.File, v verdict, readClean bool) {
	if r.verdicts == nil {
		return
	}
	tree := v.tree
	if tree == "" && readClean {
		if enc, ok := load.EncodeTree(nil, f.Data, f.Source.Text); ok {
			tree = string(enc)
		}
	}
	r.verdicts.record(v.key, tree)
}

func (r *checker) inspectOrganization(fc *fileCheck) {
	fc.res.msgs.Extend(r.markdownField(fc, "description"))
	fc.res.msgs.Extend(r.linkAddresses(fc.f, fc.res.msgs, "website"))
}

func (r *checker) buildOrganization(fc *fileCheck) {
	o := &content.Organization{ID: fc.f.ID, File: fc.f.Source.Path}
	if r.decode(fc.f, o, &fc.res.msgs) {
		fc.res.org = o
	}
}

func (r *checker) inspectVenue(fc *fileCheck) {
	fc.res.msgs.Extend(r.terms(fc.f, []string{"accessibility"}, r.taxonomy.Accessibility))
}

func (r *checker) buildVenue(fc *fileCheck) {
	v := &content.Venue{ID: fc.f.ID, File: fc.f.Source.Path}
	if r.decode(fc.f, v, &fc.res.msgs) {
		fc.res.msgs.Extend(r.venue(fc.f, v))
		fc.res.venue = v
	}
}

func (r *checker) inspectListing(fc *fileCheck) {
	f, msgs := fc.f, &fc.res.msgs
	msgs.Extend(r.body(fc))
	for _, v := range []struct {
		path  []string
		vocab *content.Vocabulary
	}{
		{[]string{"categories"}, r.taxonomy.Categories},
		{[]string{"needs"}, r.taxonomy.Needs},
		{[]string{"accessibility"}, r.taxonomy.Accessibility},
		{[]string{"audience", "groups"}, r.taxonomy.Audience},
	} {
		msgs.Extend(r.terms(f, v.path, v.vocab))
	}
	var scheduleMsgs diag.List
	fc.rules, scheduleMsgs = r.parseSchedule(f)
	msgs.Extend(scheduleMsgs)
	msgs.Extend(r.linkAddresses(f, *msgs, "online_url"))
	msgs.Extend(r.verified(f))
	msgs.Extend(r.capacityUpdated(f))
}

func (r *checker) buildListing(fc *fileCheck) {
	f := fc.f
	l := &content.Listing{ID: f.ID, File: f.Source.Path}
	if !r.decode(f, l, &fc.res.msgs) {
		return
	}
	if f.Markdown {
		l.Description = fc.description
	}
	l.Schedule = fc.rules
	l.Verified, l.Stale = r.verifiedDate(f)
	if node, ok := fieldValue(f.Data, "verified"); ok {
		l.VerifiedLine = node.Line
	}
	if l.Capacity != nil {
		l.Capacity.Updated, l.Capacity.Stale = r.capacityUpdatedDate(f)
	}
	fc.res.msgs.Extend(r.listing(f, l))
	fc.res.list = l
}

func (r *checker) inspectTranslation(fc *fileCheck) {
	fc.res.msgs.Extend(r.body(fc))
}

func (r *checker) buildTranslation(fc *fileCheck) {
	t := &content.Translation{Lang: fc.f.Lang, File: fc.f.Source.Path}
	if r.decode(fc.f, t, &fc.res.msgs) {
		if fc.f.Markdown {
			t.Description = fc.description
		}
		fc.res.trans = t
	}
}
