package main

// signpost import and signpost export: bringing a directory in from a
// spreadsheet (and HSDS), and taking it out as one. The work is in
// site/importer; this file reads the flags, the source and writes the report.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site"
	"github.com/signpost-directory/signpost/site/atomicfile"
	"github.com/signpost-directory/signpost/site/importer"
	"github.com/signpost-directory/signpost/site/importer/csvfile"
	"github.com/signpost-directory/signpost/site/importer/hsds"
)

const importUsage = `Usage: signpost import csv|hsds SOURCE [--out DIR] [--map MAP.yaml] [--update] [--content DIR]

Turns a spreadsheet of activities (saved as CSV), or an Open Referral (HSDS
3.0) feed, into content files:

  signpost import csv activities.csv --out content
  signpost import hsds services.json --out content

writes into the folder given with --out (or --content; default "content").

Each row is one activity, with its organization and venue in columns of the
same row; rows with the same organization name, or the same venue name and
postcode, share a file. Columns are found by their headers (Title or
Activity, Organisation, Venue, Address, Postcode, When, Cost, Last
checked, ...); name others in a map file given with --map:

  columns:
    title: Name of group
    schedule: When do you meet?

For hsds, SOURCE is an HSDS 3.0 JSON file (a /services page, or one service
with everything nested), a folder of them, or a static HSDS API folder such
as another signpost site's public/api/hsds/. Each service becomes a listing
(its HSDS id kept as source_id, so importing again with --update refreshes
it); taxonomy terms become categories, needs, access features and audience
groups, common Open Referral UK terms included; map others with --map:

  terms:
    "Physical activity": [movement, physical-activity]
    "Adult social care": []

An existing file is never changed unless --update is given, and then only
the fields the spreadsheet fills in. The report names every value a person
must decide, as file:line; values the spreadsheet did not have are written
as TODO, which "signpost check" refuses until they are filled in.

Options:
`

const exportUsage = `Usage: signpost export csv [--out FILE] [--content DIR]

Writes every listing as one row of a spreadsheet (CSV, UTF-8), with its
organization and venue in columns of the same row, in the form
"signpost import csv" reads back. Without --out it writes to the screen.

Options:
`

// runImport is "signpost import csv|hsds SOURCE --out DIR".
func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, contentDir := newFlags("import", importUsage, stderr)
	out := fs.String("out", "", "the content folder to write into (default: the --content folder)")
	mapFile := fs.String("map", "", "a YAML file naming the spreadsheet's columns (csv) or mapping taxonomy terms (hsds)")
	update := fs.Bool("update", false, "rewrite the fields the source gives in files that already exist")
	if code, ok := parseFlags(fs, reorderValueFlags(args, "--out", "--map", "--content")); !ok {
		return code
	}
	if fs.NArg() != 2 || fs.Arg(0) != "csv" && fs.Arg(0) != "hsds" {
		fs.Usage()
		return exitUsage
	}
	if *out == "" {
		*out = *contentDir
	}
	source := fs.Arg(1)
	// A pipe or a device would be waited on for ever: only files and folders are read.
	if info, err := os.Stat(source); err == nil && !info.Mode().IsRegular() && !info.IsDir() {
		fmt.Fprintf(stderr, "signpost import: %s is not a file or a folder\n", source)
		return exitProblems
	}
	if fs.Arg(0) == "hsds" {
		return importHSDS(ctx, source, *out, *mapFile, *update, stdout, stderr)
	}
	// The whole file is read before anything is written: a source that cannot
	// be read leaves the content folder as it was.
	data, err := os.ReadFile(source)
	if err != nil {
		fmt.Fprintf(stderr, "signpost import: cannot read %s: %v\n", source, err)
		return exitProblems
	}
	var m csvfile.Map
	if *mapFile != "" {
		if m, err = csvfile.ReadMap(*mapFile); err != nil {
			fmt.Fprintf(stderr, "signpost import: %v\n", err)
			return exitProblems
		}
	}
	set, err := csvfile.Read(bytes.NewReader(data), m)
	if err != nil {
		fmt.Fprintf(stderr, "signpost import: %s: %v\n", source, err)
		return exitProblems
	}
	return writeImport(set, *out, *update, stdout, stderr)
}

// importHSDS is "signpost import hsds SOURCE": every file of the source is
// read before anything is written.
func importHSDS(ctx context.Context, source, out, mapFile string, update bool, stdout, stderr io.Writer) int {
	var mapData []byte
	if mapFile != "" {
		var err error
		if mapData, err = os.ReadFile(mapFile); err != nil {
			fmt.Fprintf(stderr, "signpost import: cannot read %s: %v\n", mapFile, err)
			return exitProblems
		}
	}
	terms, err := hsds.NewTerms(nil, mapData)
	if err != nil {
		fmt.Fprintf(stderr, "signpost import: %s: %v\n", mapFile, err)
		return exitProblems
	}
	set, err := hsds.Read(ctx, source, hsds.Options{Terms: terms, Country: directoryCountry(out)})
	if err != nil {
		fmt.Fprintf(stderr, "signpost import: %v\n", err)
		return exitProblems
	}
	return writeImport(*set, out, update, stdout, stderr)
}

// directoryCountry is the country of the directory being imported into
// (its directory.yaml), so postcodes are written its way; "" when unknown.
func directoryCountry(contentDir string) string {
	data, err := os.ReadFile(filepath.Join(contentDir, "directory.yaml"))
	if err != nil {
		return ""
	}
	var d struct {
		Country string `yaml:"country"`
	}
	if yaml.Unmarshal(data, &d) != nil {
		return ""
	}
	return d.Country
}

// writeImport writes what an importer read and prints the report.
func writeImport(set importer.Set, out string, update bool, stdout, stderr io.Writer) int {
	report, err := importer.Write(out, set, importer.WriteOptions{Update: update})
	if err != nil {
		fmt.Fprintf(stderr, "signpost import: %v\n", err)
		return exitProblems
	}
	if err := report.WriteText(stdout); err != nil {
		fmt.Fprintf(stderr, "signpost import: %v\n", err)
		return exitProblems
	}
	fmt.Fprintf(stdout, "Next: fill in what is listed above, then run: signpost check --content %s\n", out)
	return exitOK
}

// runExport is "signpost export csv [--out FILE]".
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, contentDir := newFlags("export", exportUsage, stderr)
	out := fs.String("out", "", "the file to write (default: the screen)")
	if code, ok := parseFlags(fs, reorderValueFlags(args, "--out", "--content")); !ok {
		return code
	}
	if fs.NArg() != 1 || fs.Arg(0) != "csv" {
		fs.Usage()
		return exitUsage
	}
	if noContent(stderr, "export", *contentDir) {
		return exitUsage
	}
	res, err := site.Check(ctx, site.CheckOptions{ContentDir: *contentDir})
	if err != nil {
		fmt.Fprintf(stderr, "signpost export: %v\n", err)
		return exitProblems
	}
	if res.Messages.HasErrors() || res.Directory == nil {
		fmt.Fprintf(stderr, "signpost export: the content has errors, so it would not read back the same. Run: signpost check --content %s\n", *contentDir)
		return exitProblems
	}
	var buf bytes.Buffer
	if err := csvfile.Export(&buf, res.Directory); err != nil {
		fmt.Fprintf(stderr, "signpost export: %v\n", err)
		return exitProblems
	}
	if *out == "" {
		_, err = stdout.Write(buf.Bytes())
	} else {
		err = atomicfile.Write(*out, buf.Bytes())
	}
	if err != nil {
		fmt.Fprintf(stderr, "signpost export: %v\n", err)
		return exitProblems
	}
	if *out != "" {
		fmt.Fprintf(stdout, "Wrote %d listings to %s.\n", len(res.Directory.Listings), *out)
	}
	return exitOK
}

// reorderValueFlags moves flags before positional arguments (Go's flag
// package stops at the first argument), keeping each flag named in valued
// with the value after it; "-name" and "--name" are one flag.
func reorderValueFlags(args []string, valued ...string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := "--" + strings.TrimLeft(a, "-")
		for _, v := range valued {
			if name == v && !strings.Contains(a, "=") && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		}
	}
	return append(flags, rest...)
}
