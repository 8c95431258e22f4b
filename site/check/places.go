package check

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/schema"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/load"
)

// The places people search near: content/places.yaml, the named places,
// and content/postcodes.csv, the positions of the area's postcodes. Both
// are optional; each is checked on its own, after the other files.

// places checks places.yaml and returns its places, sorted by id; nil
// when the file has errors.
func (r *checker) places(folder *load.Folder, e load.Entry) ([]*content.Place, diag.List) {
	f, msgs := folder.Read(e)
	if f.Data == nil || !r.validate(f, schema.Places, &msgs) {
		return nil, limitPerFile(msgs)
	}
	var places []*content.Place
	// names holds every name and alias in lower case, with where it is.
	type said struct {
		node  *yaml.Node
		place string
	}
	names := map[string]said{}
	for i := 0; i+1 < len(f.Data.Content); i += 2 {
		key, value := f.Data.Content[i], f.Data.Content[i+1]
		p := &content.Place{ID: key.Value}
		if err := value.Decode(p); err != nil {
			msgs.Add(diag.Message{Severity: diag.Error, Code: diag.Schema, Location: f.Source.At(key.Line, key.Column, 0),
				Text: fmt.Sprintf("The place %q cannot be read: %v", key.Value, err),
				Hint: "This is likely a bug in signpost; please report it with the file."})
			continue
		}
		var nodes []*yaml.Node
		if n, ok := fieldValue(value, "name"); ok {
			nodes = append(nodes, n)
		}
		if n, ok := fieldValue(value, "aliases"); ok {
			nodes = append(nodes, n.Content...)
		}
		for _, n := range nodes {
			lower := strings.ToLower(strings.Join(strings.Fields(n.Value), " "))
			first, dup := names[lower]
			if !dup {
				names[lower] = said{n, p.ID}
				continue
			}
			m := diag.Message{Severity: diag.Error, Code: diag.DuplicatePlace, Location: valueLocation(f.Source, n),
				Text: fmt.Sprintf("Another place is already called %q", n.Value),
				Hint: "Each name and alias must lead to one place, so a search near it finds the right one.\n" +
					"Remove one, or make it more precise (like \"Station Road, Millbrook\").",
				Notes: []diag.Note{{Text: "The other one:", Location: valueLocation(f.Source, first.node)}}}
			if first.place == p.ID {
				m.Text = fmt.Sprintf("This place is already called %q", n.Value)
				m.Hint = "Names and aliases are compared without capitals and extra spaces: remove this one."
				m.Notes[0].Text = "Here:"
			}
			msgs.Add(m)
		}
		places = append(places, p)
	}
	if msgs.HasErrors() {
		return nil, limitPerFile(msgs)
	}
	slices.SortFunc(places, func(a, b *content.Place) int { return cmp.Compare(a.ID, b.ID) })
	return places, msgs
}

// postcodeHeader is the first line of postcodes.csv.
const postcodeHeader = "postcode,lat,lon"

// maxPostcodeLine is the longest line of postcodes.csv read; a real row
// is about 30 characters.
const maxPostcodeLine = 1 << 10

// anyPostcode is what a postcode may look like in a country whose
// postcodes signpost does not know: letters, digits, spaces and hyphens.
var anyPostcode = regexp.MustCompile(`^[A-Z0-9][A-Z0-9 -]{0,11}$`)

// postcodeRows reads postcodes.csv a line at a time, so that a file of
// millions of rows is checked without holding its text: only the rows,
// and the first perFile problems, are kept.
type postcodeRows struct {
	name          string
	country       string
	full, outward *regexp.Regexp
	rows          []content.Postcode
	lines         []int32 // the line of each row
	problems      diag.List
	hidden        int // problems beyond the first perFile
	firstHidden   *diag.Location
}

// problem keeps a problem with the file, or counts it when perFile are
// kept already. The rows are read in order, so those kept are the first.
func (p *postcodeRows) problem(m diag.Message) {
	if len(p.problems) < perFile {
		p.problems.Add(m)
		return
	}
	if p.hidden == 0 {
		p.firstHidden = m.Location
	}
	p.hidden++
}

// at is a place on a line of the file: the column of the field that
// starts at byte start, and its length, both in characters.
func (p *postcodeRows) at(line int, text string, start, length int) *diag.Location {
	text = strings.ToValidUTF8(text, "\uFFFD")
	start = min(start, len(text))
	return &diag.Location{File: p.name, Line: line, Column: utf8.RuneCountInString(text[:start]) + 1,
		Length: length, LineText: text}
}

// postcodes checks postcodes.csv and returns its rows, sorted by
// postcode; nil when the file has errors.
func (r *checker) postcodes(folder *load.Folder, e load.Entry) ([]content.Postcode, diag.List) {
	fh, msgs := folder.Open(e)
	if fh == nil {
		return nil, msgs
	}
	defer fh.Close()
	p := &postcodeRows{name: folder.Dir + "/" + e.Path, country: r.config.Country,
		full: content.PostcodePattern(r.config.Country), outward: content.OutwardPattern(r.config.Country)}
	if err := p.read(fh); err != nil {
		code := diag.Unreadable
		if errors.Is(err, errTooLarge) {
			code = diag.TooLarge
		}
		return nil, diag.List{{Severity: diag.Error, Code: code, Location: &diag.Location{File: p.name, Line: 1, Column: 1},
			Text: fmt.Sprintf("%s cannot be read: %v", p.name, err)}}
	}
	p.duplicates()
	problems := p.problems
	if p.hidden > 0 {
		problems.Add(diag.Message{Severity: diag.Error, Code: diag.TooManyProblems, Location: p.firstHidden,
			Text: fmt.Sprintf(hiddenText, p.hidden),
			Hint: fmt.Sprintf("Only the first %d problems of a file are shown. Fix these and check again to see the rest.\n"+
				"If every row has a problem, is this the right file? See \"Places\" in the README for how to make one.", perFile)})
	}
	if problems.HasErrors() {
		return nil, problems
	}
	return p.rows, problems
}

// errTooLarge says that the file grew past load.MaxPostcodesSize while it was read.
var errTooLarge = fmt.Errorf("it is larger than %d MB", load.MaxPostcodesSize>>20)

// read reads every line; the error is for a file that cannot be read.
func (p *postcodeRows) read(rd io.Reader) error {
	counted := &countingReader{r: rd}
	// The scanner's buffer is its longest line, so it reads from a
	// larger one.
	sc := bufio.NewScanner(bufio.NewReaderSize(counted, 64<<10))
	sc.Buffer(make([]byte, maxPostcodeLine), maxPostcodeLine)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if line == 1 {
			p.header(strings.TrimPrefix(text, "\uFEFF"))
			continue
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		p.row(line, text)
	}
	if counted.n > load.MaxPostcodesSize {
		return errTooLarge
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		p.problem(diag.Message{Severity: diag.Error, Code: diag.PostcodesRow,
			Location: &diag.Location{File: p.name, Line: line + 1, Column: 1},
			Text:     fmt.Sprintf("Line %d is longer than %d characters, so it is not a row of postcode, lat, lon", line+1, maxPostcodeLine),
			Hint:     "Each line holds one postcode, its latitude and its longitude, like: MB1 1AA,52.6003,-1.9011"})
	} else if err != nil {
		return err
	}
	if line == 0 {
		p.header("")
	}
	return nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}

func (p *postcodeRows) header(text string) {
	fields := strings.Split(text, ",")
	for i, f := range fields {
		fields[i] = strings.ToLower(strings.Trim(strings.TrimSpace(f), `"`))
	}
	if strings.Join(fields, ",") == postcodeHeader {
		return
	}
	p.problem(diag.Message{Severity: diag.Error, Code: diag.PostcodesHeader,
		Location: p.at(1, text, 0, utf8.RuneCountInString(text)),
		Text:     "The first line of postcodes.csv must be the column names postcode,lat,lon",
		Hint: "Start the file with the line\n\n  postcode,lat,lon\n\n" +
			"and then one postcode a line, like: MB1 1AA,52.6003,-1.9011"})
}

// row checks one line that is not the header and keeps it when it is good.
func (p *postcodeRows) row(line int, text string) {
	rowHint := "Each line holds one postcode, its latitude and its longitude, like: MB1 1AA,52.6003,-1.9011"
	var fields [3]string
	var starts [3]int
	n, start := 0, 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] != ',' {
			continue
		}
		if n < 3 {
			fields[n], starts[n] = text[start:i], start
		}
		n++
		start = i + 1
	}
	if n != 3 {
		p.problem(diag.Message{Severity: diag.Error, Code: diag.PostcodesRow,
			Location: p.at(line, text, 0, utf8.RuneCountInString(text)),
			Text:     fmt.Sprintf("This row has %d values instead of 3 (postcode, lat, lon)", n),
			Hint:     rowHint})
		return
	}
	for i, f := range fields {
		trimmed := strings.TrimLeft(f, " \t\"")
		starts[i] += len(f) - len(trimmed)
		fields[i] = strings.TrimRight(trimmed, " \t\"")
	}
	code, ok := p.postcode(fields[0])
	if !ok {
		m := diag.Message{Severity: diag.Error, Code: diag.PostcodesRow,
			Location: p.at(line, text, starts[0], utf8.RuneCountInString(fields[0])),
			Text:     fmt.Sprintf("%q is not a postcode", fields[0]),
			Hint:     rowHint}
		if p.full != nil {
			m.Text = fmt.Sprintf("%q is not a postcode in %s", fields[0], p.country)
			m.Hint = fmt.Sprintf("Write a whole postcode, like %s", content.PostcodeExample(p.country))
			if p.outward != nil {
				m.Hint += fmt.Sprintf(", or the part before the space alone, like %s", content.OutwardCode(content.PostcodeExample(p.country)))
			}
			m.Hint += "."
		}
		p.problem(m)
	}
	var pos [2]float64
	for i, what := range [2]string{"latitude", "longitude"} {
		f := fields[i+1]
		loc := func() *diag.Location { return p.at(line, text, starts[i+1], utf8.RuneCountInString(f)) }
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			p.problem(diag.Message{Severity: diag.Error, Code: diag.PostcodesRow, Location: loc(),
				Text: fmt.Sprintf("%q is not a %s", f, what),
				Hint: "Write it in decimal degrees with a point, like 52.6003 or -1.9011."})
			ok = false
			continue
		}
		limit := [2]float64{90, 180}[i]
		if v < -limit || v > limit {
			p.problem(diag.Message{Severity: diag.Error, Code: diag.OutOfRange, Location: loc(),
				Text: fmt.Sprintf("%s %s is out of range: it must be between -%g and %g", what, f, limit, limit),
				Hint: "Are the latitude and longitude the wrong way round? The columns are postcode, lat, lon."})
			ok = false
			continue
		}
		pos[i] = v
	}
	if ok {
		p.rows = append(p.rows, content.Postcode{Code: code, Lat: pos[0], Lon: pos[1]})
		p.lines = append(p.lines, int32(min(line, math.MaxInt32)))
	}
}

// postcode returns s written as NormalizePostcode writes it, and whether
// it is a postcode or an outward code of the directory's country.
func (p *postcodeRows) postcode(s string) (string, bool) {
	valid := func(code string) bool {
		if p.full == nil {
			return anyPostcode.MatchString(code)
		}
		return p.full.MatchString(code) || p.outward != nil && p.outward.MatchString(code)
	}
	// Most files are written the usual way already.
	if valid(s) {
		return s, true
	}
	code := content.NormalizePostcode(s, p.country)
	return code, valid(code)
}

// duplicates sorts the rows by postcode and reports a postcode given twice.
func (p *postcodeRows) duplicates() {
	order := make([]int32, len(p.rows))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(strings.Compare(p.rows[a].Code, p.rows[b].Code), cmp.Compare(p.lines[a], p.lines[b]))
	})
	var dups diag.List
	sorted := make([]content.Postcode, 0, len(p.rows))
	for i, k := range order {
		if i > 0 && p.rows[order[i-1]].Code == p.rows[k].Code {
			first := order[i-1]
			dups.Add(diag.Message{Severity: diag.Error, Code: diag.DuplicatePostcode,
				Location: &diag.Location{File: p.name, Line: int(p.lines[k]), Column: 1},
				Text:     fmt.Sprintf("%s is given twice", p.rows[k].Code),
				Hint:     "Keep one row for each postcode.",
				Notes: []diag.Note{{Text: fmt.Sprintf("It is first on line %d.", p.lines[first]),
					Location: &diag.Location{File: p.name, Line: int(p.lines[first]), Column: 1}}}})
			continue
		}
		sorted = append(sorted, p.rows[k])
	}
	p.rows, p.lines = sorted, nil
	if len(dups) == 0 {
		return
	}
	// The problems kept so far are the first of the file; the duplicates
	// join them in the order of their lines.
	dups.Sort()
	all := append(p.problems, dups...)
	all.Sort()
	total := len(all) + p.hidden
	if len(all) > perFile {
		if p.hidden == 0 || all[perFile].Location.Line < p.firstHidden.Line {
			p.firstHidden = all[perFile].Location
		}
		all = all[:perFile]
	}
	p.problems, p.hidden = all, total-len(all)
}
