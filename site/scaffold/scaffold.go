// Package scaffold writes the commented templates `signpost new` creates:
// a new listing, organization or venue with every field explained, and
// TODO placeholders that `signpost check` refuses until they are filled in.
package scaffold

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"

	"github.com/signpost-directory/signpost/schema"
	"github.com/signpost-directory/signpost/site/content"
)

// Kinds are the things `signpost new` can create.
var Kinds = []string{"listing", "organization", "venue"}

// ErrExists is returned when the file to create is already there.
var ErrExists = errors.New("already exists")

// Options describe the file to create.
type Options struct {
	Kind       string // listing, organization or venue
	ID         string
	ContentDir string
	// SchemaDir, when set, is the folder holding the JSON Schemas; .yaml
	// files get a header pointing editors at it.
	SchemaDir string
}

// Create writes the template and returns its path. It never overwrites.
func Create(opts Options) (string, error) {
	if !schema.IDPattern.MatchString(opts.ID) {
		return "", fmt.Errorf("%q is not a valid id: use lowercase letters, digits and single hyphens, like riverside-walking-group", opts.ID)
	}
	var folder, ext string
	switch opts.Kind {
	case "listing":
		folder, ext = "listings", ".md"
	case "organization":
		folder, ext = "organizations", ".yaml"
	case "venue":
		folder, ext = "venues", ".yaml"
	default:
		return "", fmt.Errorf("cannot create %q: choose one of %s", opts.Kind, strings.Join(Kinds, ", "))
	}
	dir := filepath.Join(opts.ContentDir, folder)
	path := filepath.Join(dir, opts.ID+ext)
	// A listing may be written as .md or .yaml; either one taken means the id is taken.
	for _, e := range []string{".md", ".yaml"} {
		other := filepath.Join(dir, opts.ID+e)
		if _, err := os.Stat(other); err == nil {
			return "", fmt.Errorf("%s %w; choose another id or edit that file", other, ErrExists)
		}
	}
	text, err := Render(opts.Kind, opts.ID, schemaRef(opts.SchemaDir, dir, opts.Kind))
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("creating %s: %w", dir, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("%s %w", path, ErrExists)
	}
	if err != nil {
		return "", fmt.Errorf("creating %s: %w", path, err)
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		os.Remove(path)
		return "", fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return "", fmt.Errorf("writing %s: %w", path, err)
	}
	return path, nil
}

// schemaRef is the schema path relative to the new file, for the editor
// header, or "" when there is no schema folder to point at.
func schemaRef(schemaDir, fileDir, kind string) string {
	if schemaDir == "" {
		return ""
	}
	target := filepath.Join(schemaDir, kind+".schema.json")
	if _, err := os.Stat(target); err != nil {
		return ""
	}
	absDir, err1 := filepath.Abs(fileDir)
	absTarget, err2 := filepath.Abs(target)
	if err1 != nil || err2 != nil {
		return ""
	}
	rel, err := filepath.Rel(absDir, absTarget)
	if err != nil {
		return ""
	}
	return filepath.ToSlash(rel)
}

// Render returns the template text for a kind.
func Render(kind, id, schemaRef string) (string, error) {
	tmpl, ok := templates[kind]
	if !ok {
		return "", fmt.Errorf("no template for %q", kind)
	}
	tax := content.BuiltinTaxonomy()
	data := map[string]any{
		"ID":            id,
		"Schema":        schemaRef,
		"Categories":    strings.Join(tax.Categories.IDs(), ", "),
		"Needs":         strings.Join(tax.Needs.IDs(), ", "),
		"Accessibility": strings.Join(tax.Accessibility.IDs(), ", "),
		"Audience":      strings.Join(tax.Audience.IDs(), ", "),
	}
	t, err := template.New(kind).Parse(tmpl)
	if err != nil {
		return "", fmt.Errorf("template %s: %w", kind, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return "", fmt.Errorf("template %s: %w", kind, err)
	}
	return b.String(), nil
}

var templates = map[string]string{
	"listing": `---
# A new listing. Replace every TODO with the real details, delete the
# optional lines you do not need, then run: signpost check
# Put text that contains ": " in double quotes.
# Lines starting with # are notes for you; the site never shows them.

title: TODO the activity's name, at most 80 characters
# The organization that runs it: a file name in content/organizations/ without .yaml.
organization: TODO
summary: TODO one or two plain sentences saying what happens, at most 200 characters
# One or more of: {{.Categories}}
categories: [TODO]
# What it can help with, any of: {{.Needs}}
needs: []
# A file name in content/venues/ without .yaml, or online (then add online_url: https://...).
venue: TODO
# One rule per line, for example:
#   every Tuesday 10:00-11:30        every Monday and Thursday 14:00-15:30
#   every other Wednesday 14:00-16:00 from 2026-01-07
#   first Saturday of the month 09:30-12:00      weekdays 09:00-17:00
#   on 2026-12-12 10:00-15:00        by appointment
#   every Monday 18:00-20:00 from 2026-01-12 until 2026-03-23
schedule:
  - TODO every Tuesday 10:00-11:30
# Optional: anything else about timing, like: Not on bank holidays.
# To use it, delete the # at the start of the next line and replace the TODO.
# schedule_notes: TODO

# Write free, or an amount like: { amount: 3.50, per: session, concessions: Free for carers }
cost: TODO free or an amount
# Optional: who it is for. Groups: {{.Audience}}
# To use it, delete the # at the start of the next line and replace the TODOs.
# audience: { min_age: TODO, groups: [TODO] }

# Optional, any of: {{.Accessibility}}
accessibility: []
# Optional: the languages it is run in, as codes like en (English) or pl (Polish).
# To use it, delete the # at the start of the next line and replace the TODO.
# languages: [TODO]

# Write self (anyone can join), professional or link-worker (needs a referral).
referral: TODO self, professional or link-worker
how_to_join: TODO what to do to join, in plain words
first_visit: TODO what to expect the first time - where to go, who meets you, what to bring
# Only people who have agreed to be listed. Phone numbers in quotes.
contact: { name: TODO, phone: "TODO", email: TODO }
# Write active, full (not taking anyone new), paused or ended.
status: TODO active, full, paused or ended
# Optional: places left, of how many, the wait in weeks, and the date the
# organizer told you. To use it, delete the # at the start of the next five
# lines, replace the TODOs, and delete the lines you do not know.
# capacity:
#   places_left: TODO
#   total_places: TODO
#   wait_weeks: TODO
#   updated: TODO
# The date you confirmed these details with the organizer, as year-month-day, like 2026-10-02.
verified: TODO
tags: []
# Optional, for a physical activity whose title and tags do not say what it
# is: the name activity finders use, like Nordic Walking (the list is in
# CONTRIBUTING.md). To use it, delete the # at the start of the next line.
# activity: TODO
---
TODO Describe the activity in a few short paragraphs: what happens, who comes,
what it is like. Plain Markdown: **bold**, *italic*, "- " for a list, and
[link text](https://example.org) for a link. No HTML.
`,
	"organization": `{{if .Schema}}# yaml-language-server: $schema={{.Schema}}
{{end}}# A new organization. Replace every TODO with the real details, delete the
# optional lines you do not need, then run: signpost check

name: TODO the organization's name
description: |
  TODO What the organization does, in a few short sentences.
  Plain Markdown; no HTML.
# Optional details. Phone numbers in quotes.
website: https://TODO
email: TODO
phone: "TODO"
charity_number: "TODO"
`,
	"venue": `{{if .Schema}}# yaml-language-server: $schema={{.Schema}}
{{end}}# A new venue. Replace every TODO with the real details, delete the
# optional lines you do not need, then run: signpost check

name: TODO the venue's name
# The street address, one line per item, without the town and postcode.
address:
  - TODO
# The town, village or neighbourhood (used for the area filter).
town: TODO
postcode: TODO
# Optional: the map position in decimal degrees (find it on openstreetmap.org).
# lat: 52.6123
# lon: -1.8931
# How to get there: buses, parking, which door to use.
directions: TODO
# Any of: {{.Accessibility}}
accessibility: []
`,
}
