// Package hsds reads Open Referral HSDS 3.0 data into an importer.Set, so
// that `signpost import hsds` can write it as content files: the inverse
// of the HSDS API that site/feeds publishes. It reads one JSON document (a
// page of services, one fully nested service, organization or
// service-at-location), a folder of them, or a static HSDS API folder such
// as signpost's own public/api/hsds/.
//
// Reading is all or nothing: JSON that is not what HSDS 3.0 says stops the
// import with an error naming the file, line, column and JSON path, so
// nothing is written from a source that cannot be read. What reads well
// but has no place in signpost (a schedule the grammar cannot say, a term
// with no match in the vocabularies) becomes a Note for a person to decide.
package hsds

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/signpost-directory/signpost/site/importer"
)

// Options say how to read.
type Options struct {
	// Terms maps taxonomy terms to the directory's vocabularies; nil means
	// the defaults (NewTerms(nil, nil)).
	Terms *Terms
	// Country is the directory's country (directory.yaml), like "GB": its
	// postcodes are written the usual way and those that are not its are
	// noted. "" leaves postcodes as they are.
	Country string
}

// maxFile is the largest document read: a page of 10,000 nested services
// is about 60 MB.
const maxFile = 512 << 20

// Read reads source, a file or a folder, into a Set whose ids are the HSDS
// ids (importer.Write turns them into file names).
func Read(ctx context.Context, source string, opts Options) (*importer.Set, error) {
	if opts.Terms == nil {
		terms, err := NewTerms(nil, nil)
		if err != nil {
			return nil, err
		}
		opts.Terms = terms
	}
	files, err := sourceFiles(source)
	if err != nil {
		return nil, err
	}
	c := newCollection()
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := c.readFile(f, displayName(source, f), len(files) == 1); err != nil {
			return nil, err
		}
	}
	if len(c.order) == 0 {
		return nil, fmt.Errorf("%s has no HSDS services: give a services page (services.json), a service, an organization with its services, or a folder of them", source)
	}
	return newMapper(opts, c).build(ctx)
}

// sourceFiles lists the JSON documents to read: the file, or the .json
// files under the folder in name order. In a static API folder, the
// extensionless copies (services/<id>) are the same bytes as the .json
// ones and are skipped.
func sourceFiles(source string) ([]string, error) {
	info, err := os.Stat(source)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", source, err)
	}
	if !info.IsDir() {
		return []string{source}, nil
	}
	var files []string
	err = filepath.WalkDir(source, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != source && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() && strings.EqualFold(filepath.Ext(path), ".json") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", source, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s has no .json files", source)
	}
	slices.Sort(files)
	return files, nil
}

func displayName(source, file string) string {
	if rel, err := filepath.Rel(source, file); err == nil && rel != "." {
		return filepath.ToSlash(rel)
	}
	return file
}

func readLimited(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Size() > maxFile {
		return nil, fmt.Errorf("%s is %d MB, more than the %d MB one document may have", path, info.Size()>>20, maxFile>>20)
	}
	return os.ReadFile(path)
}

// found is a service as read, with what other documents said about it.
type found struct {
	svc    service
	source string // file and JSON path, for notes
	score  int    // how much it says: the richest copy of a service wins
}

// collection is everything read from the source, by HSDS id.
type collection struct {
	services map[string]*found
	order    []string // service ids in the order first read
	orgs     map[string]*organization
	noID     int // services without an id, given one
}

func newCollection() *collection {
	return &collection{services: map[string]*found{}, orgs: map[string]*organization{}}
}

// readFile reads one document. alone says whether it is the whole
// source: then a document that is not an HSDS service, organization or
// page of them is an error, where in a folder it is skipped (the API
// root, taxonomies).
func (c *collection) readFile(path, name string, alone bool) error {
	data, err := readLimited(path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", name, err)
	}
	if err := c.readDocument(data, name); err != nil {
		if errors.Is(err, errUnknown) && !alone {
			return nil
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

var errUnknown = errors.New("this is not an HSDS 3.0 service, organization, service at location or page of them")

// readDocument decides what the document is from its fields and reads it.
func (c *collection) readDocument(data []byte, name string) error {
	var top map[string]json.RawMessage
	if err := decode(data, &top); err != nil {
		return err
	}
	switch kindOf(top) {
	case "page":
		return c.readPage(data, top, name)
	case "service":
		var s service
		if err := decode(data, &s); err != nil {
			return err
		}
		c.addService(s, nil, name)
	case "organization":
		var o organization
		if err := decode(data, &o); err != nil {
			return err
		}
		c.addOrganization(o, name+" $")
	case "service_at_location":
		var sal serviceAtLoc
		if err := decode(data, &sal); err != nil {
			return err
		}
		c.addServiceAtLocation(sal, name+" $")
	case "other":
		return nil
	default:
		return errUnknown
	}
	return nil
}

// kindOf tells documents apart by the fields HSDS requires or only one
// kind has.
func kindOf(top map[string]json.RawMessage) string {
	has := func(keys ...string) bool {
		for _, k := range keys {
			if _, ok := top[k]; ok {
				return true
			}
		}
		return false
	}
	switch {
	case has("contents"):
		return "page"
	case has("service") && has("location", "location_id", "service_id"):
		return "service_at_location"
	case has("status", "service_at_locations", "cost_options", "application_process", "eligibility_description"):
		return "service"
	case has("organization_identifiers", "services", "legal_status", "year_incorporated", "website"):
		return "organization"
	case has("openapi_url", "taxonomy_detail", "term_uri", "location_type", "version"):
		return "other" // the API root, taxonomies and terms, bare locations
	}
	return ""
}

// readPage reads a page of services, organizations or services at
// locations, by what its first item is.
func (c *collection) readPage(data []byte, top map[string]json.RawMessage, name string) error {
	var items []map[string]json.RawMessage
	if err := decode(data, &struct {
		Contents *[]map[string]json.RawMessage `json:"contents"`
	}{&items}); err != nil {
		return err
	}
	if len(items) == 0 {
		return nil
	}
	switch kindOf(items[0]) {
	case "service":
		var p struct{ Contents []service }
		if err := decode(data, &p); err != nil {
			return err
		}
		for i, s := range p.Contents {
			c.addService(s, nil, fmt.Sprintf("%s $.contents[%d]", name, i))
		}
	case "organization":
		var p struct{ Contents []organization }
		if err := decode(data, &p); err != nil {
			return err
		}
		for i, o := range p.Contents {
			c.addOrganization(o, fmt.Sprintf("%s $.contents[%d]", name, i))
		}
	case "service_at_location":
		var p struct{ Contents []serviceAtLoc }
		if err := decode(data, &p); err != nil {
			return err
		}
		for i, sal := range p.Contents {
			c.addServiceAtLocation(sal, fmt.Sprintf("%s $.contents[%d]", name, i))
		}
	}
	return nil
}

func (c *collection) addOrganization(o organization, source string) {
	for i, s := range o.Services {
		c.addService(s, &o, fmt.Sprintf("%s.services[%d]", source, i))
	}
	o.Services = nil
	c.addOrg(&o)
}

// addOrg keeps the richest copy of each organization.
func (c *collection) addOrg(o *organization) {
	if o == nil || o.ID == "" && o.Name == "" {
		return
	}
	key := cmpOr(o.ID, o.Name)
	if old := c.orgs[key]; old == nil || orgScore(o) > orgScore(old) {
		c.orgs[key] = o
	}
}

func orgScore(o *organization) int {
	return len(o.Description) + 10*(len(o.Phones)+len(o.OrganizationIdentifiers)+len(o.Contacts))
}

// addServiceAtLocation reads the service it holds, delivered at its location.
func (c *collection) addServiceAtLocation(sal serviceAtLoc, source string) {
	if sal.Service == nil {
		return
	}
	s := *sal.Service
	sal.Service = nil
	if len(s.ServiceAtLocations) == 0 {
		s.ServiceAtLocations = []serviceAtLoc{sal}
	}
	c.addService(s, nil, source+".service")
}

func (c *collection) addService(s service, parent *organization, source string) {
	if s.Organization == nil && parent != nil {
		p := *parent
		p.Services = nil
		s.Organization = &p
	}
	c.addOrg(s.Organization)
	if s.ID == "" {
		c.noID++
		s.ID = fmt.Sprintf("no-id-%d", c.noID)
	}
	f := &found{svc: s, source: source, score: serviceScore(s)}
	old := c.services[s.ID]
	switch {
	case old == nil:
		c.order = append(c.order, s.ID)
		c.services[s.ID] = f
	case f.score > old.score:
		c.services[s.ID] = f
	}
}

// serviceScore counts what a copy of a service says, so that the fully
// nested document wins over the same service in a page.
func serviceScore(s service) int {
	n := len(s.Phones) + len(s.Schedules) + len(s.ServiceAtLocations) + len(s.Languages) +
		len(s.CostOptions) + len(s.Contacts) + len(s.Attributes)
	if s.Organization != nil {
		n++
	}
	return n
}
