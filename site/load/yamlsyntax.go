package load

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site/diag"
)

// This file holds what load finds in YAML beyond what the parser says: the
// quote mark that really caused a syntax error (the parser notices it lines
// later), and valid YAML that volunteers never need and that other tools
// read differently (tags, hexadecimal numbers, values in curly quotes).

// quoteProblem is a quote mark that a syntax error most likely comes from.
type quoteProblem struct {
	line     int    // 1-based, in the YAML text
	col      int    // 1-based, in characters: the opening quote mark
	mark     byte   // '"' or '\''
	partial  bool   // closed on its line, with more text after it
	inFlow   bool   // an item of a list in [brackets] or a group in {braces}
	lineText string // the line the quote opens on
}

// keyLine matches a line that starts a new detail, "name: value".
var keyLine = regexp.MustCompile(`^([ \t]*)(?:-[ \t]+)?[A-Za-z_][A-Za-z0-9_-]*:(?:[ \t]|$)`)

// findQuoteProblem looks for the quote mark behind a syntax error that the
// parser reports on line errLine (of text): a value that opens a quote on
// or before that line and either never closes it, closes it only after
// lines that look like other details (the parser took them as part of the
// value), or closes it and goes on ("Canal" Walk). In a valid file none of
// these happen, but a long quoted value can span lines, so this is only
// asked once the parser has failed.
func findQuoteProblem(text string, errLine int) (quoteProblem, bool) {
	var open quoteProblem // open.mark != 0 while inside a quoted value
	openIndent, sawKey := 0, false
	escaped := false
	lineNo := 0
	for line := range strings.Lines(text) {
		lineNo++
		line = strings.TrimRight(line, "\r\n")
		if open.mark == 0 && lineNo > errLine+1 {
			break
		}
		i := 0
		if open.mark != 0 {
			if m := keyLine.FindStringSubmatch(line); m != nil && len(m[1]) <= openIndent {
				sawKey = true
			}
			end, ok := closingQuote(line, 0, open.mark, &escaped)
			if !ok {
				continue
			}
			if sawKey {
				return open, true
			}
			open.mark = 0
			i = end + 1
			if rest := afterQuote(line[i:]); rest != "" {
				// A multi-line value closed, then more text: report
				// where the value starts.
				continue
			}
		}
		flow := 0
		valueStart := i == 0
		for ; i < len(line); i++ {
			c := line[i]
			switch {
			case c == ' ' || c == '\t':
				continue
			case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
				i = len(line) // a comment
			case valueStart && (c == '"' || c == '\''):
				escaped = false
				end, ok := closingQuote(line, i+1, c, &escaped)
				q := quoteProblem{line: lineNo, col: utf8.RuneCountInString(line[:i]) + 1, mark: c, lineText: line, inFlow: flow > 0}
				if !ok {
					if lineNo > errLine+1 {
						return quoteProblem{}, false
					}
					open, sawKey = q, false
					openIndent = len(line) - len(strings.TrimLeft(line, " \t"))
					i = len(line)
					continue
				}
				if rest := afterQuote(line[end+1:]); rest != "" && flow == 0 && lineNo <= errLine+1 {
					q.partial = true
					return q, true
				}
				i = end
				valueStart = false
			case valueStart && c == '-' && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t'):
				// a list item: its value starts after the dash
			case c == ':' && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t'):
				valueStart = true
			case valueStart && (c == '[' || c == '{'):
				flow++
			case flow > 0 && (c == ',' || c == '[' || c == '{'):
				valueStart = true
				if c != ',' {
					flow++
				}
			case flow > 0 && (c == ']' || c == '}'):
				flow--
			default:
				valueStart = false
			}
		}
	}
	if open.mark != 0 {
		return open, true
	}
	return quoteProblem{}, false
}

// closingQuote finds the quote mark that closes a value quoted with mark,
// from byte from of line. In double quotes a backslash escapes the next
// character (also across lines, hence *escaped); in single quotes, two
// quote marks in a row stand for one inside the value.
func closingQuote(line string, from int, mark byte, escaped *bool) (int, bool) {
	for j := from; j < len(line); j++ {
		switch {
		case *escaped:
			*escaped = false
		case mark == '"' && line[j] == '\\':
			*escaped = true
		case line[j] == mark && mark == '\'' && j+1 < len(line) && line[j+1] == '\'':
			j++
		case line[j] == mark:
			return j, true
		}
	}
	if mark == '"' && *escaped {
		*escaped = false // a backslash at the end of a line joins the lines
	}
	return 0, false
}

// afterQuote returns what follows a closing quote on its line that YAML
// cannot read: anything but spaces, a comment, or the punctuation of a list
// or group.
func afterQuote(rest string) string {
	rest = strings.TrimSpace(rest)
	if rest == "" || rest[0] == '#' || rest[0] == ',' || rest[0] == ']' || rest[0] == '}' || rest[0] == ':' {
		return ""
	}
	return rest
}

func quoteMessage(src *diag.Source, q quoteProblem, lineOffset int) *diag.Message {
	rest := strings.TrimRight(string([]rune(q.lineText)[q.col-1:]), " \t")
	before := strings.TrimLeft(string([]rune(q.lineText)[:q.col-1]), " \t")
	line := lineOffset + q.line
	if q.partial {
		value := strings.TrimSpace(rest)
		return &diag.Message{Severity: diag.Error, Code: diag.YAMLSyntax,
			Location:   src.At(line, q.col, utf8.RuneCountInString(value)),
			Text:       "Only part of this value is in quotes",
			Suggestion: quoteYAML(value),
			Hint: "Quotes go around the whole value, or are left out. Quote marks inside the text are fine\n" +
				"when the value does not start with one, like: title: The \"Canal\" Walk"}
	}
	where, after := "at the end of the line", ""
	if q.inFlow {
		// In [a, "b] the value ends before the next comma or bracket.
		if i := strings.IndexAny(rest[1:], ",]}"); i >= 0 {
			rest, after = strings.TrimRight(rest[:i+1], " \t"), rest[i+1:]
			where = "at the end of the value"
		}
	}
	return &diag.Message{Severity: diag.Error, Code: diag.YAMLSyntax,
		Location:   src.At(line, q.col, utf8.RuneCountInString(rest)),
		Text:       "The quote that starts this value is never closed",
		Suggestion: rest + string(q.mark),
		Hint: fmt.Sprintf("Add the closing %c %s, like:\n\n  %s%s%c%s\n\n", q.mark, where, before, rest, q.mark, after) +
			"Without it, YAML reads the lines after it, up to the next " + string(q.mark) + ", as part of this value."}
}

// quoteYAML writes text as a quoted YAML value: in double quotes, or in
// single quotes when it holds double quotes or backslashes.
func quoteYAML(text string) string {
	if !strings.ContainsAny(text, "\"\\") {
		return `"` + text + `"`
	}
	return "'" + strings.ReplaceAll(text, "'", "''") + "'"
}

// Curly quotes, as word processors and phones type them. YAML does not
// treat them as quote marks, so “Canal: Walk” is a syntax error and
// “Canal Walk” keeps its curly quotes as part of the text.
var curlyPairs = map[rune]string{'“': "”“", '‘': "’‘", '„': "“”", '«': "»"}

// curlyQuoted returns the text inside a value written in curly quotes.
func curlyQuoted(value string) (inner string, ok bool) {
	first, size := utf8.DecodeRuneInString(value)
	closers, ok := curlyPairs[first]
	if !ok || first == '«' {
		return "", false
	}
	last, lastSize := utf8.DecodeLastRuneInString(value)
	if len(value) < size+lastSize || !strings.ContainsRune(closers, last) {
		return "", false
	}
	return value[size : len(value)-lastSize], true
}

// curlyValueOnLine finds a value that starts with a curly quote on a line,
// for a syntax error there: its column, the value from the opening curly
// quote to the closing one (or the end of the line) and the text inside.
func curlyValueOnLine(line string) (col int, value, inner string, ok bool) {
	for i, r := range line {
		closers, curly := curlyPairs[r]
		if !curly || r == '«' {
			continue
		}
		before := strings.TrimRight(line[:i], " \t")
		if before != "" && !strings.HasSuffix(before, ":") && !strings.HasSuffix(before, "-") &&
			!strings.HasSuffix(before, "[") && !strings.HasSuffix(before, ",") && !strings.HasSuffix(before, "{") {
			continue
		}
		value = strings.TrimRight(line[i:], " \t\r")
		inner = value[utf8.RuneLen(r):]
		if end := strings.IndexAny(inner, closers); end >= 0 {
			_, size := utf8.DecodeRuneInString(inner[end:])
			value = value[:utf8.RuneLen(r)+end+size]
			inner = inner[:end]
		}
		return utf8.RuneCountInString(line[:i]) + 1, value, inner, true
	}
	return 0, "", "", false
}

func curlyMessage(loc *diag.Location, inner string) *diag.Message {
	return &diag.Message{Severity: diag.Error, Code: diag.CurlyQuotes, Location: loc,
		Text:       "Curly quotes “…” do not work as quote marks in YAML",
		Suggestion: quoteYAML(inner),
		Hint: "Use straight quotes (\") or none, like: title: \"Canal Walk\". Word processors and phones type\n" +
			"curly ones; a plain text editor does not. If the curly quotes are part of the text, put the\n" +
			"whole value in straight quotes: title: \"“Canal Walk”\""}
}

// checkNodes reports, for every node below n, the YAML that signpost
// refuses although the parser accepts it: explicit tags (!!binary, !custom)
// and numbers not written in decimal (0x34, 0o17, +5, 1_000), which other
// YAML tools read differently or not at all, and values in curly quotes.
// usable is false when the file must not be used (a tag or a number).
func checkNodes(src *diag.Source, n *yaml.Node) (msgs diag.List, usable bool) {
	usable = true
	var lines lineCache
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if len(msgs) >= 10 { // enough to see the pattern
			return
		}
		if m := tagMessage(src, n, &lines); m != nil {
			msgs.Add(*m)
			usable = false
		} else if m := numberMessage(src, n); m != nil {
			msgs.Add(*m)
			usable = false
		} else if m := escapedControlMessage(src, n); m != nil {
			msgs.Add(*m)
		} else if n.Kind == yaml.ScalarNode && n.Style == 0 {
			if inner, ok := curlyQuoted(n.Value); ok {
				msgs.Add(*curlyMessage(src.At(n.Line, n.Column, utf8.RuneCountInString(n.Value)), inner))
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	return msgs, usable
}

// lineCache holds what tagMessage looks at on the line of the last node:
// nodes come in the order of the text, and a line can hold thousands of
// them (a [list]), so looking at the whole line for each was quadratic.
type lineCache struct {
	line  int
	text  string
	bang  bool
	chars []rune // made when first asked for
}

// hasBang reports whether line holds a "!", and makes it the current line.
func (c *lineCache) hasBang(src *diag.Source, line int) bool {
	if c.line != line {
		c.line, c.text, c.chars = line, src.LineText(line), nil
		c.bang = strings.Contains(c.text, "!")
	}
	return c.bang
}

// runes is the current line's characters.
func (c *lineCache) runes() []rune {
	if c.chars == nil {
		c.chars = []rune(c.text)
	}
	return c.chars
}

// tagMessage refuses an explicit YAML tag. The parser marks most of them
// with TaggedStyle; the non-specific tag "!" only shows in the text, where
// the node starts.
func tagMessage(src *diag.Source, n *yaml.Node, lines *lineCache) *diag.Message {
	if bang := lines.hasBang(src, n.Line); n.Style&yaml.TaggedStyle == 0 && !bang {
		return nil // most lines: no tag can start on them
	}
	text := lines.runes()
	var tag string
	if n.Column >= 1 && n.Column <= len(text) && text[n.Column-1] == '!' {
		tag = string(text[n.Column-1:])
		if strings.HasPrefix(tag, "!<") { // a verbatim tag: !<tag:yaml.org,2002:str>
			if i := strings.IndexByte(tag, '>'); i >= 0 {
				tag = tag[:i+1]
			}
		} else if i := strings.IndexAny(tag, " \t,]}"); i >= 0 {
			tag = tag[:i]
		}
	} else if n.Style&yaml.TaggedStyle == 0 {
		return nil
	}
	loc := src.At(n.Line, n.Column, max(utf8.RuneCountInString(tag), 1))
	what := "A YAML tag"
	if tag != "" {
		what = "The YAML tag " + tag
	}
	return &diag.Message{Severity: diag.Error, Code: diag.YAMLTag, Location: loc,
		Text: what + " is not allowed",
		Hint: "Delete the tag and write the value on its own. If the text really starts with !,\n" +
			"put it in quotes, like: summary: \"!Important: bring boots\""}
}

// numberMessage refuses a number in hexadecimal, octal or binary, with a
// + sign or with underscores: YAML versions and tools disagree on them, and
// a volunteer who writes lat: 0x34 did not mean 52.
func numberMessage(src *diag.Source, n *yaml.Node) *diag.Message {
	if n.Kind != yaml.ScalarNode || n.Style != 0 {
		return nil
	}
	if tag := n.ShortTag(); tag != "!!int" && tag != "!!float" {
		return nil
	}
	v := strings.ToLower(n.Value)
	digits := strings.TrimLeft(v, "+-")
	var suggestion string
	switch {
	case strings.HasPrefix(digits, "0x"), strings.HasPrefix(digits, "0o"), strings.HasPrefix(digits, "0b"),
		strings.Contains(v, "_"):
		if i, err := strconv.ParseInt(strings.TrimPrefix(v, "+"), 0, 64); err == nil {
			suggestion = strconv.FormatInt(i, 10)
		}
	case strings.HasPrefix(v, "+"):
	default:
		return nil
	}
	return &diag.Message{Severity: diag.Error, Code: diag.YAMLNumber,
		Location:   src.At(n.Line, n.Column, utf8.RuneCountInString(n.Value)),
		Text:       fmt.Sprintf("Write the number %s in decimal", n.Value),
		Suggestion: suggestion,
		Hint: "Numbers are written with plain digits, like lat: 52.4 or min_age: 18 (no 0x, 0o or 0b,\n" +
			"no + sign, no _). If this is not a number (a phone number, a code), put it in quotes."}
}

// noSpaceKey matches a line that starts a detail with no space after its
// colon, "cost:free": YAML reads the whole line as one word, not as a
// name and a value. A colon followed by / (https://) is not a detail.
var noSpaceKey = regexp.MustCompile(`^([ \t]*(?:-[ \t]+)?)([A-Za-z_][A-Za-z0-9_]*):([^ \t/:].*?)[ \t]*$`)

// colonSpaceMessage explains a syntax error that a line without a space
// after its colon most likely caused. The parser notices it on that line
// or the next, so the nearest such line at or before errLine+1 (of text,
// whose first line is line lineOffset+1 of src) is the one.
func colonSpaceMessage(src *diag.Source, text string, errLine, lineOffset int) *diag.Message {
	found, lineNo := -1, 0
	var m []string
	for line := range strings.Lines(text) {
		lineNo++
		if lineNo > errLine+1 {
			break
		}
		if sub := noSpaceKey.FindStringSubmatch(strings.TrimRight(line, "\r\n")); sub != nil {
			found, m = lineNo, sub
		}
	}
	if found < 0 {
		return nil
	}
	written := m[2] + ":" + m[3]
	fixed := m[2] + ": " + m[3]
	return &diag.Message{Severity: diag.Error, Code: diag.YAMLSyntax,
		Location:   src.At(lineOffset+found, utf8.RuneCountInString(m[1])+1, utf8.RuneCountInString(written)),
		Text:       fmt.Sprintf("A space is needed after the colon in %q", written),
		Suggestion: fixed,
		Hint:       "Each detail is written as \"name: value\", with a space after the colon, like:\n\n  " + fixed}
}
