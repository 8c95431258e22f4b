// Package feeds writes the directory's open data, so that other systems
// (council directories, 211 lines, GP record systems, calendar apps, feed
// readers) can use it without talking to anyone:
//
//   - api/hsds/: the Human Services Data Specification 3.0 as a static API
//     (the API root, services, organizations, service-at-locations,
//     taxonomies and taxonomy terms; see hsds.go);
//   - feed.json: a JSON Feed 1.1 of listings, newest verified first;
//   - calendar.ics and listings/<id>/calendar.ics: iCalendar (RFC 5545)
//     with the sessions of every listing as recurring events;
//   - fhir/: FHIR R4 HealthcareService, Organization and Location
//     resources, one file each and a paginated Bundle (see fhir.go);
//   - openactive/: the physical activities as OpenActive SessionSeries in
//     an RPDE feed, for activity finders (see openactive.go);
//   - directory.json: signpost's own model of the checked directory,
//     versioned, for integrations that want everything.
//
// Every file depends only on the content: the same content gives the same
// bytes, whenever and wherever it is built. Dates inside documents come
// from the content (a listing's verified date), never from the clock.
package feeds

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"golang.org/x/sync/errgroup"

	"github.com/signpost-directory/signpost/site/atomicfile"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/program"
	"github.com/signpost-directory/signpost/site/schedule"
)

// Options are what the feeds depend on besides the content.
type Options struct {
	// BaseURL is where the site is published, with a trailing slash; it
	// defaults to the directory's base_url. Links in the feeds use it;
	// HSDS ids always come from the directory's own base_url, so that they
	// stay the same when a preview is built for another address.
	BaseURL string
	// Now is the moment "now" would be for a standard that needs one. No
	// feed needs it at present, and it is never written into a document.
	Now time.Time
	// Previous, when set, is the site this one replaces (dir is then a new
	// folder): a file it already has with the same bytes is linked from it
	// rather than written again (see atomicfile.Folder).
	Previous string
	// Staged says the folder written is a build's stage: new, and read by
	// nobody until the build publishes it, so files go straight to their
	// names (see atomicfile.Folder.New). Previous implies it.
	Staged bool
	// Manifest, when set, lists the files of Previous and receives those
	// written now (see atomicfile.Manifest).
	Manifest *atomicfile.Manifest
	// Record, when set, remembers what was written into the folder, so
	// that writing again into the same folder, as the live preview does
	// after each save, rewrites only the files that changed and removes
	// those no longer made (the documents of a listing that was deleted).
	Record *Record
	// FeedPageSize is how many items each page of the JSON Feed holds;
	// 0 means FeedPageSize.
	FeedPageSize int
	// HSDSPageSize is how many items each page of an HSDS list holds; 0
	// means HSDSPageSize.
	HSDSPageSize int
	// FHIRPageSize is how many services each page of the FHIR Bundle
	// holds; 0 means FHIRPageSize.
	FHIRPageSize int
	// OpenActivePageSize is the most items a page of the OpenActive feed
	// holds; 0 means OpenActivePageSize.
	OpenActivePageSize int
}

// Stats count what Write wrote, for the build report.
type Stats struct {
	Files int
	Bytes int64
}

// Write writes every feed for d into dir (the staging folder of the site).
func Write(ctx context.Context, d *content.Directory, dir string, opts Options) (Stats, error) {
	f := newFeeds(d, opts)
	if opts.Manifest != nil && opts.Previous != "" && opts.Record == nil {
		f.keys = listingKeys(d, opts)
	}
	out := newOutput(ctx, atomicfile.Folder{Root: dir, Old: opts.Previous, New: opts.Staged, Manifest: opts.Manifest})
	if opts.Record != nil {
		out.record = opts.Record.begin(dir)
	}
	g, gctx := errgroup.WithContext(out.ctx)
	for _, write := range []func(context.Context, *output) error{f.writeHSDS, f.writeJSONFeed, f.writeCalendars, f.writeDirectory, f.writeFHIR, f.writeOpenActive} {
		g.Go(func() error { return write(gctx, out) })
	}
	err := g.Wait()
	// A failed write cancels the feeds still being made: report the write.
	if werr := out.wait(); err == nil || errors.Is(err, context.Canceled) && werr != nil {
		err = werr
	}
	if err == nil && out.record != nil {
		err = out.record.removeOthers(dir)
	}
	return out.stats(), err
}

// keyVersion changes whenever the documents made from the same inputs
// change without the program changing (never, so far: the program's
// identity is part of every key).
const keyVersion = "signpost feeds listing key 1"

// listingKeys names, for each listing, everything its own documents (its
// HSDS service and service-at-location, its FHIR HealthcareService, its
// calendar) are made from: the listing, its organization and venue, the
// directory's settings, time zone rules and taxonomy, the options and the
// program. A
// rebuild finds the documents of a listing whose key has not changed in
// the site it replaces, and links them without making them (see
// atomicfile.Folder.Reuse). Hashing these inputs costs a tenth of making
// the documents. Without a name for the program, there are no keys.
func listingKeys(d *content.Directory, opts Options) []atomicfile.Key {
	programID, err := program.Identity()
	if err != nil {
		return nil
	}
	shared := sha256.New()
	fmt.Fprintf(shared, "%s\x00%s\x00", keyVersion, programID)
	if err := json.NewEncoder(shared).Encode(struct {
		Config                                                       content.Config
		Taxonomy                                                     *content.Taxonomy
		BaseURL                                                      string
		FeedPageSize, HSDSPageSize, FHIRPageSize, OpenActivePageSize int
	}{d.Config, d.Taxonomy, opts.BaseURL, opts.FeedPageSize, opts.HSDSPageSize, opts.FHIRPageSize, opts.OpenActivePageSize}); err != nil {
		return nil
	}
	// The zone's rules come from the system's time zone database where
	// there is one, which changes without the program changing.
	if loc := d.Config.Location; loc != nil {
		fmt.Fprint(shared, loc.String(), schedule.Transitions(loc, 1970, 2100))
	}
	common := shared.Sum(nil)
	keys := make([]atomicfile.Key, len(d.Listings))
	for i, l := range d.Listings {
		h := sha256.New()
		h.Write(common)
		enc := json.NewEncoder(h)
		if err := errors.Join(enc.Encode(l), enc.Encode(d.Organization(l.Organization)), enc.Encode(d.Venue(l.Venue))); err != nil {
			return nil
		}
		keys[i] = atomicfile.NewKey([sha256.Size]byte(h.Sum(nil)))
	}
	return keys
}

// key is the key of the documents of the listing at i in d.Listings, or
// the zero Key.
func (f *feeds) key(i int) atomicfile.Key {
	if i < len(f.keys) {
		return f.keys[i]
	}
	return atomicfile.Key{}
}

// HasCalendar reports whether Write gives the listing a calendar of its own,
// listings/<id>/calendar.ics: whether any of its schedule rules has a
// session to put in one (rules "by appointment" have none).
func HasCalendar(d *content.Directory, l *content.Listing) bool {
	loc := location(d)
	for _, r := range l.Schedule {
		if _, ok := firstSession(l, r, loc); ok {
			return true
		}
	}
	return false
}

// feeds holds what every feed needs, worked out once.
type feeds struct {
	d    *content.Directory
	base string // where the site is published, with a trailing slash
	host string // the host name of base, for iCalendar UIDs
	loc  *time.Location
	ns   uuid.UUID // the namespace of the directory's HSDS ids
	// idBase is the address the ids and code systems are named from: the
	// directory's own base_url, whatever the site is built for.
	idBase string
	// keys name what each listing's own documents are made from, by the
	// listing's place in d.Listings (see listingKeys); nil for none.
	keys []atomicfile.Key
	// feedPageSize, hsdsPageSize, fhirPageSize and openActivePageSize
	// are the Options'.
	feedPageSize, hsdsPageSize, fhirPageSize, openActivePageSize int
}

func newFeeds(d *content.Directory, opts Options) *feeds {
	base := d.Config.SiteURL(opts.BaseURL)
	idBase := d.Config.SiteURL("")
	if d.Config.BaseURL == "" {
		idBase = base
	}
	host := "signpost.invalid"
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return &feeds{d: d, base: base, host: host, loc: location(d), idBase: idBase,
		ns: uuid.NewSHA1(uuid.NameSpaceURL, []byte(idBase)), feedPageSize: opts.FeedPageSize, hsdsPageSize: opts.HSDSPageSize,
		fhirPageSize: opts.FHIRPageSize, openActivePageSize: opts.OpenActivePageSize}
}

func location(d *content.Directory) *time.Location {
	if d.Config.Location != nil {
		return d.Config.Location
	}
	return time.UTC
}

// id is the HSDS id of a thing: a UUID (version 5) named by its kind and
// key within the directory's namespace, e.g. id("service", "green-gym").
func (f *feeds) id(kind string, key ...string) string {
	return uuid.NewSHA1(f.ns, []byte(kind+"/"+strings.Join(key, "/"))).String()
}

// listingURL is the page of a listing.
func (f *feeds) listingURL(l *content.Listing) string { return f.base + "listings/" + l.ID + "/" }

// calendarURL is the calendar of a listing.
func (f *feeds) calendarURL(l *content.Listing) string {
	return f.base + "listings/" + l.ID + "/calendar.ics"
}

// session is one schedule rule of a listing with its first session: the
// start of the series in the calendar and the HSDS dtstart.
type session struct {
	index int // the rule's position in the listing's schedule, from 0
	rule  schedule.Rule
	first schedule.Occurrence
}

// sessions returns the rules of a listing that have sessions, each with its
// first one.
func (f *feeds) sessions(l *content.Listing) []session {
	var out []session
	for i, r := range l.Schedule {
		if o, ok := firstSession(l, r, f.loc); ok {
			out = append(out, session{index: i, rule: r, first: o})
		}
	}
	return out
}

// firstSession is where a rule's series starts. A one-off starts on its
// date and a rule with a from date (every fortnightly rule, every course
// that says when it starts) on its first session from then. A rule with no
// from date has no first session of its own, so the series starts with the
// first session on or after the day the listing was verified: that date is
// part of the content, so the feeds stay the same from one build to the
// next (the build date would change every calendar subscriber's copy each
// night), and it is the first session anyone has vouched for.
//
// A repeating series never starts on a session whose start or end falls in
// the hour skipped when clocks go forward: calendar programs read such a
// start differently (some move it on an hour, and then every session with
// it), so the series starts at the next session instead.
func firstSession(l *content.Listing, r schedule.Rule, loc *time.Location) (schedule.Occurrence, bool) {
	var from schedule.Date
	switch {
	case r.Kind == schedule.ByAppointment:
		return schedule.Occurrence{}, false
	case r.Kind == schedule.Once:
		from = r.On
	case !r.From.IsZero():
		from = r.From
	default:
		from = l.Verified
	}
	o, ok := r.Next(from.Time(loc), loc)
	for tries := 0; ok && r.Kind != schedule.Once && tries < 10 && (skipped(o.Start, r.Start) || skipped(o.End, r.End)); tries++ {
		o, ok = r.Next(o.Start.Add(time.Nanosecond), loc)
	}
	return o, ok
}

// skipped reports whether the clock time c did not exist on t's day, so
// that Go moved t off it.
func skipped(t time.Time, c schedule.Clock) bool {
	return t.Hour()*60+t.Minute() != int(c)
}

// stamp is a listing's verified date as a UTC instant (midnight), the only
// "last changed" time the content gives.
func stamp(l *content.Listing) time.Time { return l.Verified.Time(time.UTC) }

// modified is when the facts a service record carries last changed: the
// verified date, or the capacity's updated date when that is later, since
// places and waiting times are updated between verifications. The
// calendars, which do not carry the capacity, keep to stamp, as do
// ended listings, whose capacity no record carries.
func modified(l *content.Listing) time.Time {
	if c := l.CurrentCapacity(); c != nil && c.Updated.After(l.Verified) {
		return c.Updated.Time(time.UTC)
	}
	return stamp(l)
}

// output writes files under the staging folder, several at a time (the
// feeds are thousands of small files, and most of the time goes on the
// system calls), and counts them.
type output struct {
	dir    string
	folder atomicfile.Folder
	ctx    context.Context // cancelled when a write fails
	writes *errgroup.Group

	// record, when set, is what an earlier Write put in dir.
	record *Record

	mu    sync.Mutex
	made  map[string]bool // folders known to exist
	files int
	bytes int64
}

// parallelWrites is how many files are written at once.
const parallelWrites = 8

func newOutput(ctx context.Context, folder atomicfile.Folder) *output {
	writes, ctx := errgroup.WithContext(ctx)
	writes.SetLimit(parallelWrites)
	return &output{dir: folder.Root, folder: folder, ctx: ctx, writes: writes, made: map[string]bool{}}
}

// wait waits for the writes started so far and returns the first error.
func (o *output) wait() error { return o.writes.Wait() }

// write starts writing data to the slash path rel under the output folder,
// and to each of the paths also, which get the same bytes.
func (o *output) write(rel string, data []byte, also ...string) error {
	return o.writeKeyed(rel, atomicfile.Key{}, data, also...)
}

// writeMade writes to rel, and to each of the paths also, the bytes
// produce makes from inputs with the key made: unless the site being
// replaced has the file, made from the same, which is then linked without
// being made.
func (o *output) writeMade(rel string, made atomicfile.Key, produce func() ([]byte, error), also ...string) error {
	if err := o.ctx.Err(); err != nil {
		return err
	}
	if o.reuse(rel, made, also) {
		return nil
	}
	data, err := produce()
	if err != nil {
		return fmt.Errorf("encoding %s: %w", rel, err)
	}
	return o.writeKeyed(rel, made, data, also...)
}

// reuse links rel, and each of the paths also, from the site being
// replaced when its manifest lists rel as made from inputs with the key
// made, and reports whether it did.
func (o *output) reuse(rel string, made atomicfile.Key, also []string) bool {
	if made == (atomicfile.Key{}) {
		return false
	}
	path := filepath.Join(o.dir, filepath.FromSlash(rel))
	if o.makeFolder(path) != nil {
		return false
	}
	size, ok := o.folder.Reuse(path, made)
	if !ok {
		return false
	}
	for _, other := range also {
		// The new folder has no file at other yet; should the link fail,
		// the file at rel stays linked and the document is made again.
		if o.folder.Link(path, filepath.Join(o.dir, filepath.FromSlash(other))) != nil {
			return false
		}
	}
	o.mu.Lock()
	o.files += 1 + len(also)
	o.bytes += size * int64(1+len(also))
	o.mu.Unlock()
	return true
}

// writeKeyed starts writing data, made from inputs with the key made (or
// the zero Key), to rel and to each of also.
func (o *output) writeKeyed(rel string, made atomicfile.Key, data []byte, also ...string) error {
	if err := o.ctx.Err(); err != nil {
		return err
	}
	o.writes.Go(func() error {
		if err := o.writeNow(rel, made, data); err != nil {
			return err
		}
		for _, other := range also {
			if err := o.same(other, rel, data); err != nil {
				return err
			}
		}
		return nil
	})
	return nil
}

func (o *output) writeNow(rel string, made atomicfile.Key, data []byte) error {
	if o.record.unchanged(rel, data) {
		o.count(data)
		return nil
	}
	path := filepath.Join(o.dir, filepath.FromSlash(rel))
	if err := o.makeFolder(path); err != nil {
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	// The live preview serves the folder while it is rewritten.
	if err := o.folder.WriteMade(path, made, data); err != nil {
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	o.record.wrote(rel, data)
	o.count(data)
	return nil
}

// makeFolder makes the folder path is in, once.
func (o *output) makeFolder(path string) error {
	folder := filepath.Dir(path)
	o.mu.Lock()
	made := o.made[folder]
	o.mu.Unlock()
	if made {
		return nil
	}
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return err
	}
	o.mu.Lock()
	o.made[folder] = true
	o.mu.Unlock()
	return nil
}

func (o *output) count(data []byte) {
	o.mu.Lock()
	o.files++
	o.bytes += int64(len(data))
	o.mu.Unlock()
}

// same gives rel the bytes of the file just written at target: a hard
// link where the file system allows it (saving the space and the time of a
// second copy), a copy otherwise.
func (o *output) same(rel, target string, data []byte) error {
	if o.record.unchanged(rel, data) {
		o.count(data)
		return nil
	}
	path := filepath.Join(o.dir, filepath.FromSlash(rel))
	if err := o.folder.Link(filepath.Join(o.dir, filepath.FromSlash(target)), path); err != nil {
		return o.writeNow(rel, atomicfile.Key{}, data)
	}
	o.record.wrote(rel, data)
	o.count(data)
	return nil
}

// writeJSON starts writing v as compact JSON with a final newline. HTML
// characters are not escaped: these files are never inlined into pages.
func (o *output) writeJSON(rel string, v any) error {
	data, err := marshal(v)
	if err != nil {
		return fmt.Errorf("encoding %s: %w", rel, err)
	}
	return o.write(rel, data)
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (o *output) stats() Stats {
	o.mu.Lock()
	defer o.mu.Unlock()
	return Stats{Files: o.files, Bytes: o.bytes}
}

// orEmpty gives an empty list instead of nil, so lists are always lists in
// the JSON, never null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
