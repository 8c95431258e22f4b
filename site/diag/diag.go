// Package diag is the one message type that every signpost check produces,
// and the renderers that show it to people (terminal text with the source
// line and a caret), to GitHub (workflow annotations on the changed lines)
// and to tools (a stable JSON document).
//
// It follows esbuild's logger: a message has a severity, a one-line text, a
// location with the offending line, an optional suggested replacement and a
// hint that says how to fix it, so the fix is shown where the reader is
// already looking.
package diag

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Severity says whether a message stops publication.
type Severity int

const (
	// Error means the content cannot be published until it is fixed.
	Error Severity = iota
	// Warning means the content can be published but someone should look.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Location points at a span of text in a file.
type Location struct {
	File     string // path as the user would type it, with forward slashes
	Line     int    // 1-based
	Column   int    // 1-based, counted in characters
	Length   int    // characters to underline; 0 marks a point
	LineText string // the whole line, without its line ending
}

// Note adds context to a message, such as the place of an earlier duplicate.
type Note struct {
	Text     string
	Location *Location
}

// Message is one finding about the content.
type Message struct {
	Severity Severity
	// Code is a stable, machine-readable name for the kind of problem
	// (UnknownField, BadSchedule, ...), one of those declared in codes.go.
	// Tools match on it.
	Code     Code
	Text     string
	Location *Location
	// Suggestion replaces the underlined text, as in "did you mean".
	Suggestion string
	// Hint explains how to fix the problem; it may span several lines.
	Hint  string
	Notes []Note
}

// List collects messages. The zero value is ready to use.
type List []Message

// Add appends a message.
func (l *List) Add(m Message) { *l = append(*l, m) }

// Extend appends all messages of another list.
func (l *List) Extend(other List) { *l = append(*l, other...) }

// Count returns how many messages have the given severity.
func (l List) Count(s Severity) int {
	n := 0
	for _, m := range l {
		if m.Severity == s {
			n++
		}
	}
	return n
}

// HasErrors reports whether any message is an error.
func (l List) HasErrors() bool { return l.Count(Error) > 0 }

// Sort orders messages by file, line and column, so output is stable no
// matter in which order parallel checks finished. Messages without a
// location come first.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Message) int {
		la, lb := a.Location, b.Location
		switch {
		case la == nil && lb == nil:
			return strings.Compare(a.Text, b.Text)
		case la == nil:
			return -1
		case lb == nil:
			return 1
		}
		return cmp.Or(
			strings.Compare(la.File, lb.File),
			cmp.Compare(la.Line, lb.Line),
			cmp.Compare(la.Column, lb.Column),
			strings.Compare(a.Text, b.Text),
		)
	})
}

// Source is the text of one file, for turning positions into Locations.
type Source struct {
	Path string
	Text string
	// lineStarts[i] is the byte offset where line i+1 starts.
	lineStarts []int
}

// NewSource indexes text so positions can be looked up quickly.
func NewSource(path, text string) *Source {
	starts := make([]int, 1, strings.Count(text, "\n")+1)
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &Source{Path: path, Text: text, lineStarts: starts}
}

// Lines returns the number of lines in the source.
func (s *Source) Lines() int { return len(s.lineStarts) }

// LineText returns line n (1-based) without its line ending, or "" when
// there is no such line.
func (s *Source) LineText(n int) string {
	if n < 1 || n > len(s.lineStarts) {
		return ""
	}
	start := s.lineStarts[n-1]
	end := len(s.Text)
	if n < len(s.lineStarts) {
		end = s.lineStarts[n] - 1
	}
	return strings.TrimSuffix(s.Text[start:end], "\r")
}

// At returns the location of length characters at line and column (both
// 1-based, column in characters). Out-of-range positions are clamped, so
// a bad position never hides a message.
func (s *Source) At(line, column, length int) *Location {
	line = max(1, min(line, len(s.lineStarts)))
	text := s.LineText(line)
	chars := utf8.RuneCountInString(text)
	column = max(1, min(column, chars+1))
	length = max(0, min(length, chars+1-column))
	return &Location{File: s.Path, Line: line, Column: column, Length: length, LineText: printable(text)}
}

// printable makes a line safe to print: each invalid byte becomes U+FFFD
// and control characters become visible symbols, one character for one,
// so columns still line up. A terminal would act on a control character
// (ESC and the C1 CSI start the sequences that move the cursor, rewrite
// the title or the clipboard), and the bidirectional overrides and
// isolates reorder the text shown after them, so none of them reaches the
// reader as it is.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return r
		case r < 0x20:
			return 0x2400 + r // the Control Pictures block: ␀, ␁, …
		case r == 0x7f:
			return '␡'
		case r >= 0x80 && r <= 0x9f, // C1 controls
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidirectional overrides and isolates
			return '\uFFFD'
		}
		return r
	}, s)
}

// AtOffset returns the location of the byte span [offset, offset+size).
func (s *Source) AtOffset(offset, size int) *Location {
	offset = max(0, min(offset, len(s.Text)))
	end := max(offset, min(offset+size, len(s.Text)))
	line, _ := slices.BinarySearch(s.lineStarts, offset+1)
	// BinarySearch finds the first line starting after offset; the line
	// holding offset is the one before it.
	start := s.lineStarts[line-1]
	column := utf8.RuneCountInString(s.Text[start:offset]) + 1
	// An underline never runs past the end of its line.
	lineEnd := len(s.Text)
	if line < len(s.lineStarts) {
		lineEnd = s.lineStarts[line] - 1
	}
	length := utf8.RuneCountInString(s.Text[offset:min(end, lineEnd)])
	return s.At(line, column, length)
}

// Offset returns the byte offset of a 1-based line and character column.
func (s *Source) Offset(line, column int) int {
	line = max(1, min(line, len(s.lineStarts)))
	off := s.lineStarts[line-1]
	for c := 1; c < column && off < len(s.Text) && s.Text[off] != '\n'; c++ {
		_, size := utf8.DecodeRuneInString(s.Text[off:])
		off += size
	}
	return off
}
