package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// TextOptions controls the human-readable rendering.
type TextOptions struct {
	// Color adds ANSI colours; use it only when writing to a terminal.
	Color bool
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
)

// WriteText renders messages for a person reading a terminal or a log:
//
//	✘ [ERROR] Unknown category "movment"
//
//	    content/listings/canal-walk.md:5:14:
//	      5 │ categories: [movment, nature]
//	        │              ~~~~~~~
//	        ╵              movement
//
//	  Categories are: arts, music, movement, …
//
// Everything that can come from content (file names, texts that quote a
// value, suggestions, hints, notes) is made printable first, so a file
// cannot send the terminal escape sequences of its own.
func WriteText(w io.Writer, msgs []Message, opts TextOptions) error {
	var b strings.Builder
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return code + s + ansiReset
	}
	for _, m := range msgs {
		if m.Severity == Warning {
			b.WriteString(paint(ansiYellow+ansiBold, "▲ [WARNING]"))
		} else {
			b.WriteString(paint(ansiRed+ansiBold, "✘ [ERROR]"))
		}
		b.WriteString(" " + paint(ansiBold, printable(m.Text)) + "\n\n")
		if m.Location != nil {
			writeSnippet(&b, m.Location, m.Suggestion, paint)
		}
		for _, n := range m.Notes {
			b.WriteString("  " + printable(n.Text) + "\n")
			if n.Location != nil {
				b.WriteString("\n")
				writeSnippet(&b, n.Location, "", paint)
			} else {
				b.WriteString("\n")
			}
		}
		if m.Hint != "" {
			for _, line := range strings.Split(strings.TrimRight(m.Hint, "\n"), "\n") {
				if line == "" {
					b.WriteString("\n")
					continue
				}
				b.WriteString("  " + printable(line) + "\n")
			}
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeSnippet(b *strings.Builder, loc *Location, suggestion string, paint func(string, string) string) {
	fmt.Fprintf(b, "    %s\n", paint(ansiBold, printable(loc.String())+":"))
	if loc.LineText == "" && loc.Length == 0 {
		b.WriteString("\n")
		return
	}
	// Locations made by Source.At hold a printable line already; others
	// may not.
	text, col := expandTabs(printable(loc.LineText), loc.Column)
	text, col, length := snippetWindow(text, col, loc.Length)
	num := strconv.Itoa(loc.Line)
	gutter := strings.Repeat(" ", len(num))
	fmt.Fprintf(b, "    %s │ %s\n", paint(ansiDim, num), text)
	marker := "^"
	if length > 0 {
		marker = strings.Repeat("~", length)
	}
	pad := strings.Repeat(" ", col-1)
	fmt.Fprintf(b, "    %s │ %s%s\n", gutter, pad, paint(ansiGreen, marker))
	if suggestion != "" {
		fmt.Fprintf(b, "    %s ╵ %s%s\n", gutter, pad, paint(ansiGreen, printable(suggestion)))
	}
	b.WriteString("\n")
}

// snippetWidth is the most characters of a line a snippet shows. A line
// can be as long as a file (a [list] of thousands of values), and a
// message printed the whole of it.
const snippetWidth = 120

// snippetWindow cuts a line longer than snippetWidth to the part around
// column, marking what is left out with "…", and returns the column and
// the length of the marked characters within it.
func snippetWindow(line string, column, length int) (string, int, int) {
	if utf8.RuneCountInString(line) <= snippetWidth {
		return line, column, length
	}
	chars := []rune(line)
	start := max(0, min(column-1-snippetWidth/3, len(chars)-snippetWidth))
	end := start + snippetWidth
	out := string(chars[start:end])
	column -= start
	if start > 0 {
		out = "…" + out
		column++
	}
	if end < len(chars) {
		out += "…"
	}
	length = max(0, min(length, len([]rune(out))-column+1))
	return out, column, length
}

// expandTabs replaces tabs with spaces so the caret lines up, and returns
// the character column in the expanded text.
func expandTabs(line string, column int) (string, int) {
	if !strings.Contains(line, "\t") {
		return line, column
	}
	var out strings.Builder
	newCol := column
	chars := 0
	for _, r := range line {
		chars++
		if r == '\t' {
			width := 4 - (utf8.RuneCountInString(out.String()) % 4)
			out.WriteString(strings.Repeat(" ", width))
			if chars < column {
				newCol += width - 1
			}
			continue
		}
		out.WriteRune(r)
	}
	return out.String(), newCol
}

// String formats the location as "file:line:col", which terminals and
// editors turn into a link.
func (l *Location) String() string {
	return fmt.Sprintf("%s:%d:%d", l.File, l.Line, l.Column)
}

// WriteGitHub renders messages as GitHub Actions workflow commands, which
// GitHub shows as annotations on the lines of a pull request.
func WriteGitHub(w io.Writer, msgs []Message) error {
	var b strings.Builder
	for _, m := range msgs {
		cmd := "error"
		if m.Severity == Warning {
			cmd = "warning"
		}
		var props []string
		if l := m.Location; l != nil {
			props = append(props,
				"file="+escapeProperty(l.File),
				"line="+strconv.Itoa(l.Line),
				"col="+strconv.Itoa(l.Column))
			if l.Length > 0 {
				props = append(props, "endColumn="+strconv.Itoa(l.Column+l.Length))
			}
		}
		props = append(props, "title="+escapeProperty(m.Text))
		body := m.Text
		if m.Suggestion != "" {
			body += fmt.Sprintf(" (did you mean %q?)", m.Suggestion)
		}
		if m.Hint != "" {
			body += "\n\n" + m.Hint
		}
		for _, n := range m.Notes {
			body += "\n" + n.Text
			if n.Location != nil {
				body += " (" + n.Location.String() + ")"
			}
		}
		fmt.Fprintf(&b, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(body))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// The escaping rules are GitHub's, from the actions/toolkit command.ts:
// with line breaks escaped, nothing can start a command of its own. The
// other control characters are then made printable, as in WriteText, for
// whoever reads the log in a terminal.
func escapeData(s string) string {
	return printable(strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s))
}

func escapeProperty(s string) string {
	return printable(strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s))
}

// JSONVersion is the version of the document WriteJSON produces. It changes
// only when a field is removed or changes meaning; new fields may be added.
const JSONVersion = 1

type jsonReport struct {
	Version  int           `json:"version"`
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
	Findings []jsonFinding `json:"findings"`
}

type jsonFinding struct {
	Severity   string     `json:"severity"`
	Code       Code       `json:"code"`
	Message    string     `json:"message"`
	File       string     `json:"file,omitempty"`
	Line       int        `json:"line,omitempty"`
	Column     int        `json:"column,omitempty"`
	Length     int        `json:"length,omitempty"`
	LineText   string     `json:"line_text,omitempty"` // the whole line the finding is on
	Suggestion string     `json:"suggestion,omitempty"`
	Hint       string     `json:"hint,omitempty"`
	Notes      []jsonNote `json:"notes,omitempty"`
}

type jsonNote struct {
	Message string `json:"message"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
}

// WriteJSON renders messages as one stable JSON document for tools.
func WriteJSON(w io.Writer, msgs []Message) error {
	report := jsonReport{
		Version:  JSONVersion,
		Errors:   List(msgs).Count(Error),
		Warnings: List(msgs).Count(Warning),
		Findings: make([]jsonFinding, 0, len(msgs)),
	}
	for _, m := range msgs {
		f := jsonFinding{
			Severity:   m.Severity.String(),
			Code:       m.Code,
			Message:    m.Text,
			Suggestion: m.Suggestion,
			Hint:       m.Hint,
		}
		if l := m.Location; l != nil {
			f.File, f.Line, f.Column, f.Length, f.LineText = l.File, l.Line, l.Column, l.Length, l.LineText
		}
		for _, n := range m.Notes {
			jn := jsonNote{Message: n.Text}
			if l := n.Location; l != nil {
				jn.File, jn.Line, jn.Column = l.File, l.Line, l.Column
			}
			f.Notes = append(f.Notes, jn)
		}
		report.Findings = append(report.Findings, f)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(report)
}
