package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// existing is what the content folder already holds, so an import joins
// new activities to organizations and venues already there, and finds
// the listing a source id was imported into before.
type existing struct {
	orgs    map[string]string // orgKey -> id
	venues  map[string]string // venueKey -> id
	sources map[string]string // source_id -> listing id
	paths   map[string]string // kind/id -> path
	taken   map[string]map[string]bool
}

func orgKey(name string) string { return Slug(name, "") }

// venueKey joins venues by name and postcode: two "Village Hall"s in
// different places are different venues.
func venueKey(name, postcode string) string {
	return Slug(name, "") + "|" + strings.ReplaceAll(strings.ToUpper(postcode), " ", "")
}

// readExisting reads the names, postcodes and source ids of the files in
// dir. A file that cannot be read is only taken as an id: check says what
// is wrong with it.
func readExisting(dir string) (*existing, error) {
	ex := &existing{orgs: map[string]string{}, venues: map[string]string{}, sources: map[string]string{},
		paths: map[string]string{}, taken: map[string]map[string]bool{"listing": {}, "organization": {}, "venue": {}}}
	for _, kind := range []string{"organization", "venue", "listing"} {
		entries, err := os.ReadDir(filepath.Join(dir, folderOf(kind)))
		if err != nil && !os.IsNotExist(err) {
			return nil, err
		}
		for _, e := range entries {
			ex.add(dir, kind, e.Name())
		}
	}
	return ex, nil
}

func (ex *existing) add(dir, kind, name string) {
	ext := filepath.Ext(name)
	id := strings.TrimSuffix(name, ext)
	if ext != ".yaml" && !(kind == "listing" && ext == ".md") {
		return // not a file of this kind
	}
	if strings.Contains(id, ".") {
		if kind == "listing" { // a translation, listings/<id>.<lang>.md
			ex.paths["translation/"+id] = filepath.Join(dir, folderOf(kind), name)
		}
		return
	}
	path := filepath.Join(dir, folderOf(kind), name)
	ex.taken[kind][id] = true
	ex.paths[kind+"/"+id] = path
	data, err := os.ReadFile(path)
	if err != nil {
		return
	}
	if ext == ".md" {
		data, _ = splitFrontMatter(data)
	}
	var fields struct {
		Name     string `yaml:"name"`
		Postcode string `yaml:"postcode"`
		SourceID string `yaml:"source_id"`
	}
	if yaml.Unmarshal(data, &fields) != nil {
		return
	}
	switch {
	case kind == "organization" && fields.Name != "":
		ex.orgs[orgKey(fields.Name)] = id
	case kind == "venue" && fields.Name != "":
		ex.venues[venueKey(fields.Name, fields.Postcode)] = id
	case kind == "listing" && fields.SourceID != "":
		ex.sources[fields.SourceID] = id
	}
}

// splitFrontMatter returns the YAML between the --- lines of a listing
// and the Markdown after them.
func splitFrontMatter(data []byte) (front, body []byte) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	if !strings.HasPrefix(text, "---\n") {
		return nil, []byte(text)
	}
	rest := text[len("---\n"):]
	end := strings.Index(rest, "\n---")
	if end < 0 {
		return []byte(rest), nil
	}
	after := rest[end+len("\n---"):]
	_, after, _ = strings.Cut(after, "\n")
	return []byte(rest[:end+1]), []byte(after)
}

func folderOf(kind string) string {
	switch kind {
	case "organization":
		return "organizations"
	case "venue":
		return "venues"
	}
	return "listings"
}
