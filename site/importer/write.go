package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site/content"
)

// header is the note at the top of every file an import creates.
const header = "Imported with signpost import. Check the details, replace any TODO,\nthen run: signpost check"

// file is one file Write will write.
type file struct {
	kind, key, id string // key: the importer's ID
	path          string
	fields        *fields
	body          string // a listing's description
	exists        bool
	text          []byte // what is written; nil when the file is left as it was
}

// Write writes set into the content folder dir (listings/, organizations/,
// venues/), never overwriting an existing file unless opts.Update, and
// returns the report. Organizations already in dir are joined by name,
// venues by name and postcode, listings by source_id. Every file is
// prepared before the first is written, so a value that cannot be
// written leaves dir as it was.
func Write(dir string, set Set, opts WriteOptions) (*Report, error) {
	ex, err := readExisting(dir)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", dir, err)
	}
	p := &plan{dir: dir, ex: ex, ids: map[string]string{}, wanted: set.FileIDs, report: &Report{Dropped: set.Dropped}}
	p.organizations(set.Organizations)
	p.venues(set.Venues)
	p.listings(set.Listings)
	notes := append(p.check(), set.Notes...)
	if err := p.write(opts.Update); err != nil {
		return p.report, err
	}
	p.place(notes)
	p.duplicates(set)
	return p.report, nil
}

// plan is what Write works out before writing.
type plan struct {
	dir    string
	ex     *existing
	files  []*file
	ids    map[string]string // kind/key -> id
	wanted map[string]string // kind/key -> the id the source asks for (Set.FileIDs)
	report *Report
}

// newID is the id of a new file: the one the source asks for when it is a
// valid id not yet taken, or a slug of name made unique.
func (p *plan) newID(kind, key, name string) string {
	if want := p.wanted[kind+"/"+key]; validID(want) && !p.ex.taken[kind][want] {
		p.ex.taken[kind][want] = true
		return want
	}
	return unique(Slug(name, kind), p.ex.taken[kind])
}

// validID reports whether id can be a file's id: lowercase letters, digits
// and single hyphens, as check requires.
func validID(id string) bool {
	if id == "" || len(id) > maxSlug || id[0] == '-' || id[len(id)-1] == '-' || strings.Contains(id, "--") {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

func (p *plan) add(kind, key, id, body string, f *fields) {
	p.ids[kind+"/"+key] = id
	path, exists := p.ex.paths[kind+"/"+id]
	if !exists {
		ext := ".yaml"
		if markdown(kind) {
			ext = ".md"
		}
		path = filepath.Join(p.dir, folderOf(kind), id+ext)
	}
	p.files = append(p.files, &file{kind: kind, key: key, id: id, path: path, fields: f, body: body, exists: exists})
}

// joined reports whether key was already given a file, and joins it to
// that file's id: the same organization on many rows is one file.
func (p *plan) joined(kind, key, id string) bool {
	for _, f := range p.files {
		if f.kind == kind && f.id == id {
			p.ids[kind+"/"+key] = id
			return true
		}
	}
	return false
}

func (p *plan) organizations(orgs []*content.Organization) {
	for _, o := range orgs {
		id, ok := p.ex.orgs[orgKey(o.Name)]
		if !ok {
			id = p.newID("organization", o.ID, o.Name)
			p.ex.orgs[orgKey(o.Name)] = id
		} else if p.joined("organization", o.ID, id) {
			continue
		}
		p.add("organization", o.ID, id, "", organizationFields(o))
	}
}

func (p *plan) venues(venues []*content.Venue) {
	for _, v := range venues {
		key := venueKey(v.Name, v.Postcode)
		id, ok := p.ex.venues[key]
		if !ok {
			id = p.newID("venue", v.ID, v.Name)
			p.ex.venues[key] = id
		} else if p.joined("venue", v.ID, id) {
			continue
		}
		p.add("venue", v.ID, id, "", venueFields(v))
	}
}

func (p *plan) listings(listings []*content.Listing) {
	for _, l := range listings {
		c := *l
		c.Organization = p.ref("organization", l.Organization)
		if l.Venue != content.Online {
			c.Venue = p.ref("venue", l.Venue)
		}
		id, ok := p.ex.sources[l.SourceID]
		if want := p.wanted["listing/"+l.ID]; !ok && validID(want) && p.ex.paths["listing/"+want] != "" {
			// The source names the file (a spreadsheet's ID column): the same listing.
			id, ok = want, true
		}
		if !ok {
			id = p.newID("listing", l.ID, l.Title)
			if l.SourceID != "" {
				p.ex.sources[l.SourceID] = id
			}
		}
		p.add("listing", l.ID, id, c.Description, listingFields(&c))
		// Its translations go next to it, as listings/<id>.<lang>.md.
		langs := slices.Sorted(maps.Keys(l.Translations))
		for _, lang := range langs {
			tr := l.Translations[lang]
			if tr == nil || !validID(lang) {
				continue
			}
			p.add("translation", l.ID+"."+lang, id+"."+lang, tr.Description, translationFields(tr))
		}
	}
}

// ref is the file id of the importer's key, or "" when there is none
// (then the listing gets a placeholder, and a note).
func (p *plan) ref(kind, key string) string {
	if key == "" {
		return ""
	}
	return p.ids[kind+"/"+key]
}

// write writes every file: new ones, and existing ones only with update.
// Every text is made before the first file is written.
func (p *plan) write(update bool) error {
	for _, f := range p.files {
		var err error
		switch {
		case f.exists && !update:
			continue
		case f.exists:
			f.text, err = merged(f)
		default:
			f.text, err = created(f)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", f.path, err)
		}
	}
	for _, f := range p.files {
		if f.text == nil {
			count(&p.report.Unchanged, f.kind)
			continue
		}
		if err := writeFile(f.path, f.text, !f.exists); err != nil {
			return fmt.Errorf("writing %s: %w", f.path, err)
		}
		if f.exists {
			count(&p.report.Updated, f.kind)
		} else {
			count(&p.report.Written, f.kind)
		}
	}
	return nil
}

// markdown reports whether files of kind are Markdown with front matter:
// listings and their translations (listings/<id>.<lang>.md).
func markdown(kind string) bool { return kind == "listing" || kind == "translation" }

func count(c *Counts, kind string) {
	switch kind {
	case "listing":
		c.Listings++
	case "translation":
		c.Translations++
	case "organization":
		c.Organizations++
	default:
		c.Venues++
	}
}

// created is the text of a new file.
func created(f *file) ([]byte, error) {
	root := f.fields.root
	if len(root.Content) > 0 {
		root.Content[0].HeadComment = header
	}
	return encode(f.kind, root, f.body)
}

// merged is an existing file with the fields the source owns replaced:
// those it gave a value. Comments, other fields and their order stay.
func merged(f *file) ([]byte, error) {
	data, err := os.ReadFile(f.path)
	if err != nil {
		return nil, err
	}
	front, body := data, []byte(nil)
	if markdown(f.kind) {
		front, body = splitFrontMatter(data)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(front, &doc); err != nil {
		return nil, fmt.Errorf("cannot update it, it does not read as YAML (%v): fix it, or move it away and import again", err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("cannot update it: it holds no fields; fix it, or move it away and import again")
	}
	mergeFields(doc.Content[0], f.fields)
	if f.body != "" {
		body = []byte(f.body)
	}
	return encode(f.kind, doc.Content[0], string(body))
}

func mergeFields(into *yaml.Node, f *fields) {
	src := f.root.Content
	for i := 0; i+1 < len(src); i += 2 {
		key, value := src[i], src[i+1]
		if contains(f.missing, key.Value) {
			continue // a placeholder is never written over a value
		}
		if at := keyIndex(into, key.Value); at >= 0 {
			into.Content[at+1] = value
			continue
		}
		into.Content = append(into.Content, key, value)
	}
}

func keyIndex(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// encode writes a mapping as YAML, between --- lines with the body after
// them for a listing.
func encode(kind string, root *yaml.Node, body string) ([]byte, error) {
	var b bytes.Buffer
	if markdown(kind) {
		b.WriteString("---\n")
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	if markdown(kind) {
		b.WriteString("---\n")
		if body = trimBody(body); body != "" {
			b.WriteString(body + "\n")
		}
	}
	return b.Bytes(), nil
}

func trimBody(s string) string {
	return string(bytes.TrimSpace([]byte(s)))
}

// writeFile writes a new file without ever replacing one that appeared
// meanwhile, or replaces an existing one with update.
func writeFile(path string, text []byte, create bool) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if !create {
		return os.WriteFile(path, text, 0o644)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("appeared while importing; import again")
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
