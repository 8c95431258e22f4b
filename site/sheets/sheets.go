// Package sheets prints the social prescription sheets: one A4 (or US
// Letter) page per listing that a clinician hands to a patient, in large,
// plain type, with when and where, cost, how to join, whom to call, a QR
// code to the listing's page and lines to fill in. It also prints "pads"
// (every active listing of a category or need, one page each) and writes,
// per listing, the small JSON file the website's prescription basket reads.
//
// Sheets are rendered in parallel with fonts parsed once, and each sheet is
// cached by a hash of everything printed on it, so an incremental build
// renders only the sheets whose words changed.
package sheets

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/signpost-directory/signpost/site/atomicfile"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/parts"
	"github.com/signpost-directory/signpost/site/program"
)

// version changes whenever the look of a sheet changes, so cached sheets
// from an older signpost are not reused.
const version = "sheets-4"

// Options say how to print the sheets.
type Options struct {
	// BaseURL is where the site is published (the QR codes point there);
	// it defaults to the directory's base_url.
	BaseURL string
	// Paper overrides the directory's sheets.paper setting; "" keeps it
	// (and A4 when the directory does not say).
	Paper Paper
	// Now is the moment "next session" is counted from; zero means now.
	Now time.Time
	// CacheDir keeps rendered sheets by content hash between builds; ""
	// renders every sheet every time.
	CacheDir string
	// Workers is how many sheets are rendered at once; 0 means one per CPU.
	Workers int
	// Fonts are the parsed fonts; nil parses them for this call. Pass the
	// same Fonts to every build of a long-running process.
	Fonts *Fonts
	// NoPads leaves out the category and need pads, which print every
	// listing again (about five pages per listing): the live preview skips
	// them to stay quick.
	NoPads bool
	// PadLimit is the most pages a pad holds; 0 means PadLimit.
	PadLimit int
	// Part, when not the whole, writes only that part's sheets and pads
	// (see package parts).
	Part parts.Part
	// Previous, when set, is the site this one replaces (siteDir is then
	// a new folder): a file it already has with the same bytes is linked
	// from it rather than written again (see atomicfile.Folder).
	Previous string
	// Staged says the folder written is a build's stage: new, and read by
	// nobody until the build publishes it, so files go straight to their
	// names (see atomicfile.Folder.New). Previous implies it.
	Staged bool
	// Manifest, when set, lists the files of Previous and receives those
	// written now (see atomicfile.Manifest).
	Manifest *atomicfile.Manifest
}

// Result says what Write did.
type Result struct {
	Paper  Paper
	Sheets int // listing sheets written
	Pads   int // category and need pads written
	// Rendered is how many sheets were drawn; the rest came from the
	// cache.
	Rendered int
	// Assembled is how many pads were put together from their sheets; the
	// rest came from the cache (a pad is kept under a hash of its sheets).
	Assembled int
	// Fallback lists the listings whose text the fonts cannot print, so
	// their sheet is in English and points to the page online.
	Fallback []string
}

// Write prints every listing's sheet into siteDir/sheets/<id>.pdf, the
// pads into siteDir/sheets/categories/<c>.pdf and siteDir/sheets/needs/<n>.pdf,
// the basket's data into siteDir/sheets/<id>.json, and the fonts' licence.
func Write(ctx context.Context, d *content.Directory, siteDir string, opts Options) (*Result, error) {
	paper, err := choosePaper(opts.Paper, d.Config.Sheets.Paper)
	if err != nil {
		return nil, err
	}
	opts.BaseURL = d.Config.SiteURL(opts.BaseURL)
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	f := opts.Fonts
	if f == nil {
		if f, err = NewFonts(); err != nil {
			return nil, err
		}
	}
	set := settings{baseURL: opts.BaseURL, now: opts.Now,
		snomed: d.Config.Sheets.SNOMEDCode == nil || *d.Config.Sheets.SNOMEDCode}

	out := filepath.Join(siteDir, "sheets")
	for _, dir := range []string{out, filepath.Join(out, "categories"), filepath.Join(out, "needs")} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("creating %s: %w", dir, err)
		}
	}
	var programID string
	if opts.CacheDir != "" {
		// A sheet's bytes depend on the program that drew it (the layout,
		// the fonts, the PDF writer) as much as on the listing. A program
		// that cannot name itself (it may not be allowed to read its own
		// file) draws every sheet: the cache only saves time.
		if programID, err = program.Identity(); err != nil {
			opts.CacheDir = ""
		}
	}
	if opts.CacheDir != "" {
		if err := os.MkdirAll(opts.CacheDir, 0o755); err != nil {
			return nil, fmt.Errorf("sheet cache %s: %w", opts.CacheDir, err)
		}
	}
	// Every file is replaced whole: the live preview serves the folder
	// while it is rewritten.
	folder := atomicfile.Folder{Root: siteDir, Old: opts.Previous, New: opts.Staged, Manifest: opts.Manifest}
	if opts.Part.Owns("sheets/FONTS-LICENSE.txt") {
		if err := folder.Write(filepath.Join(out, "FONTS-LICENSE.txt"), FontLicense); err != nil {
			return nil, fmt.Errorf("writing the fonts' licence: %w", err)
		}
	}

	res := &Result{Paper: paper}
	printed := make(map[string]*sheet, len(d.Listings))
	for _, l := range d.Listings {
		s := describe(d, l, f, set)
		printed[l.ID] = s
		if s.Fallback != "" {
			res.Fallback = append(res.Fallback, l.ID)
		}
	}

	w := &writer{fonts: f, paper: paper, cacheDir: opts.CacheDir, program: programID, cfg: &d.Config, folder: folder, keys: map[*sheet]string{},
		pages: newPageCache(pageCacheBytes)}
	// The sheets first: the pads are put together from them.
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(opts.Workers)
	for _, l := range d.Listings {
		if !opts.Part.Owns("sheets/" + l.ID) {
			continue
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			// Only an active listing's sheet goes into a pad.
			inPads := !opts.NoPads && l.IsActive()
			if err := w.write(gctx, filepath.Join(out, l.ID+".pdf"), sheetInfo(&d.Config, printed[l.ID]), printed[l.ID], inPads); err != nil {
				return fmt.Errorf("sheet for %s: %w", l.ID, err)
			}
			return writeBasket(folder, filepath.Join(out, l.ID+".json"), describe(d, l, nil, set))
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}

	var pads []pad
	if !opts.NoPads {
		pads = padsOf(d, printed, cmp.Or(opts.PadLimit, PadLimit))
	}
	pads = slices.DeleteFunc(pads, func(p pad) bool { return !opts.Part.Owns("sheets/" + p.dir + "/" + p.id) })
	// A page of a pad is the listing's sheet as published, or, when another
	// part publishes it, as the cache has it (or drawn again).
	sheetPDF := func(ctx context.Context, s *sheet) ([]byte, error) {
		if opts.Part.Owns("sheets/" + s.ID) {
			return os.ReadFile(filepath.Join(out, s.ID+".pdf"))
		}
		return w.sheetBytes(ctx, sheetInfo(&d.Config, s), s)
	}
	padKeys := make([]string, len(pads))
	g, gctx = errgroup.WithContext(ctx)
	g.SetLimit(opts.Workers)
	for i, p := range pads {
		g.Go(func() error {
			path := filepath.Join(out, p.dir, filepath.FromSlash(p.id)+".pdf")
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			key, err := w.writePad(gctx, path, p, sheetPDF)
			if err != nil {
				return fmt.Errorf("pad for %s %s: %w", p.dir, p.id, err)
			}
			padKeys[i] = key
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	// A pad changes with any of its sheets, so the cache would otherwise
	// keep every pad of every build: keep those of this one. (A part's
	// build has only its own pads, and the live preview none.)
	if opts.CacheDir != "" && !opts.NoPads && opts.Part.Whole() {
		if err := prunePads(filepath.Join(opts.CacheDir, padFolder), padKeys); err != nil {
			return nil, err
		}
	}
	res.Sheets, res.Pads = len(d.Listings), len(pads)
	res.Rendered, res.Assembled = int(w.rendered.Load()), int(w.assembled.Load())
	return res, nil
}

// padFolder is the sheet cache's folder of pads.
const padFolder = "pads"

// prunePads removes the cached pads other than keep from dir.
func prunePads(dir string, keep []string) error {
	kept := make(map[string]bool, len(keep))
	for _, k := range keep {
		kept[k+".pdf"] = true
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sheet cache: %w", err)
	}
	for _, e := range entries {
		if !kept[e.Name()] {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("sheet cache: %w", err)
			}
		}
	}
	return nil
}

// choosePaper applies the option over the directory's setting.
func choosePaper(option Paper, setting string) (Paper, error) {
	if option != "" {
		return ParsePaper(string(option))
	}
	p, err := ParsePaper(setting)
	if err != nil {
		return "", fmt.Errorf("directory.yaml sheets: %w", err)
	}
	return p, nil
}

// settings are the resolved options that change what a sheet says.
type settings struct {
	baseURL string
	now     time.Time
	snomed  bool
}

type pad struct {
	dir, id string
	doc     docInfo
	sheets  []*sheet
}

// sheetInfo is what a listing's PDF says about itself, in the language
// the sheet is printed in.
func sheetInfo(cfg *content.Config, s *sheet) docInfo {
	subject := s.Summary
	if subject == "" {
		subject = "A social prescription from " + s.Directory
	}
	return docInfo{Title: s.Title, Subject: subject, Lang: langTag(s.Lang, cfg.DefaultLanguage(), cfg.Country)}
}

// PadLimit is the most pages a pad has. Nobody prints a stack of
// thousands: a category or need with more running activities than this
// gets a pad per area instead (<term>/<area>.pdf), and an area with more
// still is printed in parts of PadLimit pages (<term>/<area>_2.pdf, …).
const PadLimit = 200

// padsOf groups the active listings by category and by need, in title
// order, each group in pads of at most limit pages.
func padsOf(d *content.Directory, printed map[string]*sheet, limit int) []pad {
	active := slices.Clone(d.Listings)
	active = slices.DeleteFunc(active, func(l *content.Listing) bool { return !l.IsActive() })
	slices.SortStableFunc(active, func(a, b *content.Listing) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)), cmp.Compare(a.ID, b.ID))
	})
	area := make(map[*content.Listing]string, len(active))
	for _, l := range active {
		area[l] = d.Filters(l).Area
	}
	var pads []pad
	def := d.Config.DefaultLanguage()
	for _, group := range []struct {
		dir   string
		vocab *content.Vocabulary
		terms func(*content.Listing) []string
	}{
		{"categories", d.Taxonomy.Categories, func(l *content.Listing) []string { return l.Categories }},
		{"needs", d.Taxonomy.Needs, func(l *content.Listing) []string { return l.Needs }},
	} {
		byTerm := map[string][]*content.Listing{}
		for _, l := range active {
			for _, t := range group.terms(l) {
				byTerm[t] = append(byTerm[t], l)
			}
		}
		for _, id := range slices.Sorted(maps.Keys(byTerm)) {
			title := group.vocab.Label(id, def)
			doc := func(title string) docInfo {
				return docInfo{Title: title + ": social prescriptions",
					Subject: "Social prescriptions from " + clean(d.Config.Name) + ", one activity a page",
					Lang:    langTag(def, def, d.Config.Country)}
			}
			listings := byTerm[id]
			if len(listings) <= limit {
				pads = append(pads, pad{dir: group.dir, id: id, sheets: sheetsOf(printed, listings), doc: doc(title)})
				continue
			}
			byArea := map[string][]*content.Listing{}
			for _, l := range listings {
				byArea[area[l]] = append(byArea[area[l]], l)
			}
			for _, a := range slices.Sorted(maps.Keys(byArea)) {
				in := byArea[a]
				label := title + ", " + d.FilterLabel("area", a)
				if a == "" { // a town with no letters or digits in its name
					a = "_other" // an area slug never starts with _
				}
				for part := 0; part*limit < len(in); part++ {
					name, partTitle := id+"/"+a, label
					if part > 0 {
						// An underscore, which no area's slug holds: "x-2" could be the town "X 2".
						name, partTitle = fmt.Sprintf("%s_%d", name, part+1), fmt.Sprintf("%s (%d)", label, part+1)
					}
					pads = append(pads, pad{dir: group.dir, id: name, doc: doc(partTitle),
						sheets: sheetsOf(printed, in[part*limit:min((part+1)*limit, len(in))])})
				}
			}
		}
	}
	return pads
}

func sheetsOf(printed map[string]*sheet, listings []*content.Listing) []*sheet {
	out := make([]*sheet, len(listings))
	for i, l := range listings {
		out[i] = printed[l.ID]
	}
	return out
}

// writer renders sheets, or takes them from the cache, and puts pads
// together from them.
type writer struct {
	fonts     *Fonts
	paper     Paper
	cacheDir  string
	program   string // program.Identity, part of every cache key
	cfg       *content.Config
	folder    atomicfile.Folder // where the site is written
	rendered  atomic.Int64
	assembled atomic.Int64

	// keys remembers each sheet's cache key: a pad's key is made of its
	// sheets' keys, and encoding a sheet again for each of its pads would
	// cost as much as the pad saves.
	mu   sync.Mutex
	keys map[*sheet]string

	pages *pageCache
}

// pageCacheBytes bounds the pages a build keeps for its pads: about
// 4 KB a sheet, so every sheet of 15,000 listings. A listing is in four
// or five pads, so without it every sheet was read from disk and parsed
// that many times (3 s of a cold 10,000-listing build).
const pageCacheBytes = 64 << 20

// pageCache keeps the parsed pages of sheets, up to a number of bytes;
// past that, a page is parsed each time a pad needs it.
type pageCache struct {
	mu    sync.Mutex
	pages map[*sheet]*sheetPage
	room  int
}

func newPageCache(room int) *pageCache {
	return &pageCache{pages: map[*sheet]*sheetPage{}, room: room}
}

// get is the kept page of s, or nil.
func (c *pageCache) get(s *sheet) *sheetPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pages[s]
}

// parse reads the page of s out of its PDF and keeps it while there is room.
func (c *pageCache) parse(s *sheet, pdf []byte) (*sheetPage, error) {
	p, err := readSheetPage(pdf)
	if err != nil {
		return nil, err
	}
	size := len(p.content)
	for _, a := range p.annots {
		size += len(a)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, kept := c.pages[s]; kept || size > c.room {
		return p, nil
	}
	// A page's slices point into the whole PDF, which is six times larger.
	kept := &sheetPage{content: bytes.Clone(p.content), fonts: p.fonts, annots: make([][]byte, len(p.annots))}
	for i, a := range p.annots {
		kept.annots[i] = bytes.Clone(a)
	}
	c.pages[s] = kept
	c.room -= size
	return kept, nil
}

// write puts the PDF of s at path, linked from the cache when it has it.
// A sheet drawn here that goes into a pad (inPads) keeps its page for the
// pad, which saves reading the file back.
func (w *writer) write(ctx context.Context, path string, doc docInfo, s *sheet, inPads bool) error {
	cached, err := w.cachePath(s)
	if err != nil {
		return err
	}
	if cached != "" {
		if err := w.folder.Link(cached, path); err == nil {
			return nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	pdf, err := w.draw(ctx, doc, s, cached)
	if err != nil {
		return err
	}
	if inPads {
		if _, err := w.pages.parse(s, pdf); err != nil {
			return fmt.Errorf("reading the sheet back: %w", err)
		}
	}
	return w.folder.Write(path, pdf)
}

// sheetBytes is the PDF of s, from the cache when it has it.
func (w *writer) sheetBytes(ctx context.Context, doc docInfo, s *sheet) ([]byte, error) {
	cached, err := w.cachePath(s)
	if err != nil {
		return nil, err
	}
	if cached != "" {
		if pdf, err := os.ReadFile(cached); err == nil {
			return pdf, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return w.draw(ctx, doc, s, cached)
}

// cachePath is where the cache keeps the PDF of s, or "" with no cache.
func (w *writer) cachePath(s *sheet) (string, error) {
	if w.cacheDir == "" {
		return "", nil
	}
	key, err := w.key(s)
	if err != nil {
		return "", err
	}
	return filepath.Join(w.cacheDir, key+".pdf"), nil
}

// draw renders the PDF of s, and keeps it in the cache at cached unless that is "".
func (w *writer) draw(ctx context.Context, doc docInfo, s *sheet, cached string) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(sheetBytes)
	if err := render(ctx, &buf, w.fonts, w.paper, doc, s); err != nil {
		return nil, err
	}
	w.rendered.Add(1)
	if cached != "" {
		if err := atomicfile.Write(cached, buf.Bytes()); err != nil {
			return nil, fmt.Errorf("sheet cache: %w", err)
		}
	}
	return buf.Bytes(), nil
}

// writePad puts together the pad p at path from its sheets' PDFs, or
// links it from the cache when the cache has it. It returns the pad's
// cache key ("" with no cache).
func (w *writer) writePad(ctx context.Context, path string, p pad, sheetPDF func(context.Context, *sheet) ([]byte, error)) (string, error) {
	key, cached, err := w.padCachePath(p)
	if err != nil {
		return "", err
	}
	if cached != "" {
		if err := w.folder.Link(cached, path); err == nil {
			return key, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
	}
	pages := make([]*sheetPage, len(p.sheets))
	for i, s := range p.sheets {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		if pages[i] = w.pages.get(s); pages[i] != nil {
			continue
		}
		pdf, err := sheetPDF(ctx, s)
		if err != nil {
			return "", err
		}
		if pages[i], err = w.pages.parse(s, pdf); err != nil {
			return "", fmt.Errorf("the sheet of %s: %w", s.ID, err)
		}
	}
	pdf, err := assemblePad(w.fonts, w.paper, pages)
	if err != nil {
		return "", err
	}
	if pdf, err = withMetadata(pdf, p.doc); err != nil {
		return "", err
	}
	w.assembled.Add(1)
	if cached == "" {
		return "", w.folder.Write(path, pdf)
	}
	if err := os.MkdirAll(filepath.Dir(cached), 0o755); err != nil {
		return "", fmt.Errorf("sheet cache: %w", err)
	}
	if err := atomicfile.Write(cached, pdf); err != nil {
		return "", fmt.Errorf("sheet cache: %w", err)
	}
	return key, w.folder.Link(cached, path)
}

// padCachePath is the pad's cache key and where the cache keeps it, or
// "", "" with no cache. The key is made of its sheets' keys, in order, and
// what the pad says about itself.
func (w *writer) padCachePath(p pad) (key, path string, err error) {
	if w.cacheDir == "" {
		return "", "", nil
	}
	h := sha256.New()
	fmt.Fprintf(h, "pad\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00", version, w.program, w.paper, p.doc.Title, p.doc.Subject, p.doc.Lang)
	for _, s := range p.sheets {
		k, err := w.key(s)
		if err != nil {
			return "", "", err
		}
		fmt.Fprintf(h, "%s\x00", k)
	}
	key = hex.EncodeToString(h.Sum(nil)[:16])
	return key, filepath.Join(w.cacheDir, padFolder, key+".pdf"), nil
}

// key is the hash of everything that decides a sheet's PDF bytes (the
// sheet and what its PDF says about itself), worked out once a sheet.
func (w *writer) key(s *sheet) (string, error) {
	w.mu.Lock()
	k, ok := w.keys[s]
	w.mu.Unlock()
	if ok {
		return k, nil
	}
	doc := sheetInfo(w.cfg, s)
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00", version, w.program, w.paper, doc.Title, doc.Subject, doc.Lang)
	if err := json.NewEncoder(h).Encode(s); err != nil {
		return "", err
	}
	k = hex.EncodeToString(h.Sum(nil)[:16])
	w.mu.Lock()
	w.keys[s] = k
	w.mu.Unlock()
	return k, nil
}
