// Package csvfile reads and writes directories as spreadsheets: one row
// per activity, with the organization and venue in columns of the same
// row, as people keep them. Read takes what Excel and other spreadsheets
// save (a byte order mark, Windows line endings, semicolons, Windows-1252
// text, line breaks inside cells, blank rows, values left out below a
// merged cell) and Export writes a file Read reads back to the same
// content.
package csvfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/importer"
)

// Read reads a spreadsheet saved as CSV. The error says the row and
// column when the file cannot be read at all; what can be read but needs
// a person's decision becomes a Note.
func Read(r io.Reader, m Map) (importer.Set, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return importer.Set{}, err
	}
	records, err := records(data)
	if err != nil {
		return importer.Set{}, err
	}
	if len(records) == 0 {
		return importer.Set{}, errors.New("the file is empty: it needs a header row naming the columns, then one row per activity")
	}
	sh, err := newSheet(records[0], m)
	if err != nil {
		return importer.Set{}, err
	}
	for i, rec := range records[1:] {
		sh.row(i+2, rec)
	}
	return sh.set, nil
}

// records splits the text into rows, after making it UTF-8 text with
// plain commas.
func records(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		// Excel on Windows saves "CSV" in the Windows code page.
		decoded, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, fmt.Errorf("the file is neither UTF-8 nor Windows-1252 text: save it as \"CSV UTF-8\"")
		}
		data = decoded
	}
	rd := csv.NewReader(bytes.NewReader(data))
	rd.FieldsPerRecord = -1
	rd.Comma = separator(data)
	var out [][]string
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			return out, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("line %d, column %d: %s", pe.Line, pe.Column, plainCSVError(pe.Err))
		}
		if err != nil {
			return nil, err
		}
		if len(out) == 0 && len(rec) == 1 && strings.HasPrefix(strings.ToLower(rec[0]), "sep=") {
			continue // Excel's "sep=;" line; the separator was already found
		}
		out = append(out, rec)
	}
}

func plainCSVError(err error) string {
	switch {
	case errors.Is(err, csv.ErrQuote):
		return "a quote (\") inside a cell that is not in quotes: put the whole cell in quotes and double the quote, like \"He said \"\"hi\"\"\""
	case errors.Is(err, csv.ErrBareQuote):
		return "a quote (\") inside a cell that is not in quotes: put the whole cell in quotes and double the quote, like \"He said \"\"hi\"\"\""
	}
	return err.Error()
}

// separator is ';' when the header row holds more semicolons than commas,
// as Excel writes in countries where the comma is the decimal point.
func separator(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.HasPrefix(bytes.ToLower(first), []byte("sep=")) && len(first) > 4 {
		return rune(first[4])
	}
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		return ';'
	}
	return ','
}

// sheet is the reading of one spreadsheet.
type sheet struct {
	headers []string
	fields  []string // by column; "" when the column maps to no field
	set     importer.Set
	orgs    map[string]*content.Organization
	venues  map[string]*content.Venue
	above   map[string]string // the last row's organization and venue cells
}

func newSheet(header []string, m Map) (*sheet, error) {
	sh := &sheet{headers: header, fields: make([]string, len(header)),
		orgs: map[string]*content.Organization{}, venues: map[string]*content.Venue{},
		set: importer.Set{Dropped: map[string]int{}, FileIDs: map[string]string{}}}
	taken := map[string]int{}
	for i, h := range header {
		sh.fields[i] = fieldOf(h)
	}
	for field, name := range m.Columns {
		found := false
		for i, h := range header {
			if squash(h) == squash(name) {
				for j := range sh.fields { // the map wins over a guess
					if sh.fields[j] == field {
						sh.fields[j] = ""
					}
				}
				sh.fields[i], found = field, true
			}
		}
		if !found {
			return nil, fmt.Errorf("the map names a column %q for %s, but the header row has no such column; it has %s", name, field, strings.Join(header, ", "))
		}
	}
	for i, f := range sh.fields {
		if f == "" {
			continue
		}
		if first, ok := taken[f]; ok {
			return nil, fmt.Errorf("columns %q and %q both look like %s: map one of them with --map", header[first], header[i], f)
		}
		taken[f] = i
	}
	if _, ok := taken["title"]; !ok {
		return nil, fmt.Errorf("no column holds the activities' names: name it Title, or map it with --map (columns: { title: \"Your header\" }); the header row has %s", strings.Join(header, ", "))
	}
	return sh, nil
}
