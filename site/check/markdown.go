package check

import (
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/schema"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/load"
)

// plainProse reports whether md cannot hold anything checkMarkdown
// refuses, so that most descriptions are not parsed at all (parsing was a
// tenth of checking a listing): HTML and autolinks start with <, links and
// images with [, character references with &, and the addresses the
// Markdown reader turns into links have a colon (https:), an at sign
// (an email address) or start with www.
func plainProse(md string) bool {
	if strings.ContainsAny(md, "<[:@&") {
		return false
	}
	for i := 0; i+2 < len(md); i++ {
		if md[i]|0x20 == 'w' && md[i+1]|0x20 == 'w' && md[i+2]|0x20 == 'w' {
			return false
		}
	}
	return true
}

// characterReference is an HTML character reference, which Markdown turns
// into the character it names: &#8238;, &#x202E; or &amp;.
var characterReference = regexp.MustCompile(`&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});`)

// locator turns a byte range of a piece of text into a place in its file.
type locator func(offset, size int) *diag.Location

// body checks the description of a listing or translation: the Markdown
// after the front matter of a .md file, or the description field of a
// .yaml file. It stores the description in fc.description.
func (r *checker) body(fc *fileCheck) diag.List {
	f, desc := fc.f, &fc.description
	if !f.Markdown {
		return r.markdownField(fc, "description")
	}
	if k := keyOf(f.Data, "description"); k != nil {
		return diag.List{{Severity: diag.Error, Code: diag.DuplicateField, Location: keyLocation(f.Source, k),
			Text: "A .md file has its description below the details, not in a description field",
			Hint: "Move this text below the closing --- line, or delete one of the two."}}
	}
	*desc = strings.TrimSpace(f.Body)
	if n := utf8.RuneCountInString(*desc); n > content.MaxDescription {
		// Not parsed: Markdown readers slow down badly on some long texts.
		return diag.List{{Severity: diag.Error, Code: diag.TooLong, Location: f.Source.AtOffset(f.BodyOffset, 0),
			Text: fmt.Sprintf("The description is %d characters long; the limit is %d", n, content.MaxDescription),
			Hint: "Keep the description to what someone needs before they go; put the rest on the organization's website."}}
	}
	if fc.clean {
		return nil
	}
	msgs := r.checkMarkdown(f.Body, func(offset, size int) *diag.Location {
		return f.Source.AtOffset(f.BodyOffset+offset, size)
	})
	fc.markdownFound = fc.markdownFound || len(msgs) > 0
	return msgs
}

// markdownField checks a Markdown text written as a YAML field.
func (r *checker) markdownField(fc *fileCheck, field string) diag.List {
	f := fc.f
	node, ok := fieldValue(f.Data, field)
	if !ok || node.Kind != yaml.ScalarNode || fc.clean {
		return nil
	}
	msgs := r.checkMarkdown(node.Value, scalarLocator(f.Source, node))
	fc.markdownFound = fc.markdownFound || len(msgs) > 0
	return msgs
}

// scalarLocator maps offsets in a YAML scalar's value back to the file. For
// a literal block (description: |) each line of the value is a line of the
// file, indented; other styles fold lines, so offsets point at their start.
func scalarLocator(src *diag.Source, n *yaml.Node) locator {
	if n.Style&yaml.LiteralStyle == 0 {
		return func(offset, size int) *diag.Location { return offsetLocation(src, n, offset, size) }
	}
	return func(offset, size int) *diag.Location {
		offset = min(offset, len(n.Value))
		lineIdx := strings.Count(n.Value[:offset], "\n")
		lineStart := strings.LastIndexByte(n.Value[:offset], '\n') + 1
		fileLine := n.Line + 1 + lineIdx
		lineText := src.LineText(fileLine)
		indent := len(lineText) - len(strings.TrimLeft(lineText, " "))
		col := indent + 1 + utf8.RuneCountInString(n.Value[lineStart:offset])
		end := min(offset+size, len(n.Value))
		if nl := strings.IndexByte(n.Value[offset:end], '\n'); nl >= 0 {
			end = offset + nl
		}
		return src.At(fileLine, col, utf8.RuneCountInString(n.Value[offset:end]))
	}
}

// checkMarkdown refuses what the site would not show safely: raw HTML,
// links with script or data schemes, and images (which would load from
// another site and break the promise of no third-party requests).
func (r *checker) checkMarkdown(md string, at locator) diag.List {
	if plainProse(md) {
		return nil
	}
	return r.parseAndCheckMarkdown(md, at)
}

// parseAndCheckMarkdown is checkMarkdown for any text.
func (r *checker) parseAndCheckMarkdown(md string, at locator) diag.List {
	var msgs diag.List
	// A character reference (&#x202E;) becomes the character itself in
	// the page: the ones the file may not hold are refused here too.
	for _, span := range characterReference.FindAllStringIndex(md, -1) {
		ref := md[span[0]:span[1]]
		for _, c := range html.UnescapeString(ref) {
			if text, hint, bad := load.InvisibleCharacter(c, "This text contains"); bad {
				msgs.Add(diag.Message{Severity: diag.Error, Code: diag.ControlCharacter, Location: at(span[0], len(ref)),
					Text: text + ", written as " + ref, Hint: hint + "\nDelete " + ref + "."})
				break
			}
		}
	}
	source := []byte(md)
	doc := r.markdown.Parser().Parse(text.NewReader(source))
	// Reference links ([text][label]) take their address from a
	// definition ([label]: address) that can be anywhere in the text.
	definitions := map[string]int{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if d, ok := n.(*ast.LinkReferenceDefinition); ok && entering && d.Pos() >= 0 {
			label := util.ToLinkReference(d.Label)
			if _, seen := definitions[label]; !seen { // the first definition wins
				definitions[label] = d.Pos()
			}
		}
		return ast.WalkContinue, nil
	})
	span := func(pos int, dest []byte, ref *ast.ReferenceLink) (int, int) {
		if ref != nil {
			if def, ok := definitions[util.ToLinkReference(ref.Value)]; ok {
				return definitionSpan(md, def, string(dest))
			}
		}
		return destinationSpan(md, pos, string(dest))
	}
	autoLinkFrom := 0 // autolinks have no position: find each after the last
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			start, size := blockSpan(n)
			msgs.Add(htmlMessage(at(start, size), md[start:min(start+size, len(md))]))
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			if n.Segments.Len() > 0 {
				first := n.Segments.At(0)
				last := n.Segments.At(n.Segments.Len() - 1)
				msgs.Add(htmlMessage(at(first.Start, last.Stop-first.Start), md[first.Start:last.Stop]))
			}
		case *ast.Link:
			if m, bad := linkMessage(string(n.Destination)); bad {
				m.Location = at(span(n.Pos(), n.Destination, n.Reference))
				msgs.Add(m)
			}
		case *ast.AutoLink:
			label := string(n.Label(source))
			start := autoLinkFrom
			if i := strings.Index(md[autoLinkFrom:], "<"+label); i >= 0 {
				start += i + 1
			} else if i := strings.Index(md[autoLinkFrom:], label); i >= 0 {
				start += i // found without <>, as www.example.org is
			}
			autoLinkFrom = min(start+len(label), len(md))
			if m, bad := linkMessage(string(n.URL(source))); bad {
				m.Location = at(start, len(label))
				msgs.Add(m)
			}
		case *ast.Image:
			msgs.Add(diag.Message{Severity: diag.Error, Code: diag.MarkdownImage,
				Location: at(span(n.Pos(), n.Destination, n.Reference)),
				Text:     "Images cannot be shown in descriptions",
				Hint:     "The site loads nothing from other websites, to protect patients' privacy.\nDescribe the picture in words, or link to it: [see the poster](https://example.org/poster.pdf)."})
		}
		return ast.WalkContinue, nil
	})
	return msgs
}

func blockSpan(n ast.Node) (int, int) {
	lines := n.Lines()
	if lines.Len() == 0 {
		return max(n.Pos(), 0), 1
	}
	first := lines.At(0)
	return first.Start, first.Stop - first.Start
}

// destinationSpan finds an inline link's destination, [text](address), in
// the text after the link's start, so the caret lands on the address
// itself. The link text can hold other "](" (an image inside a link), so
// it looks for the one followed by the address.
func destinationSpan(md string, pos int, dest string) (int, int) {
	pos = min(max(pos, 0), len(md))
	first := -1
	for from := pos; ; {
		i := strings.Index(md[from:], "](")
		if i < 0 {
			break
		}
		start := from + i + 2
		if first < 0 {
			first = start
		}
		at := start + len(md[start:]) - len(strings.TrimLeft(md[start:], " \t\r\n<"))
		if dest != "" && strings.HasPrefix(md[at:], dest) {
			return at, len(dest)
		}
		from = start
	}
	if first >= 0 {
		return first, max(len(dest), 1)
	}
	return pos, 1
}

// definitionSpan finds the address in a link reference definition,
// "[label]: address", that starts at def.
func definitionSpan(md string, def int, dest string) (int, int) {
	def = min(max(def, 0), len(md))
	if colon := strings.Index(md[def:], "]:"); colon >= 0 {
		start := def + colon + 2
		if i := strings.Index(md[start:], dest); dest != "" && i >= 0 {
			return start + i, len(dest)
		}
		return start, 1
	}
	return def, 1
}

func htmlMessage(loc *diag.Location, snippet string) diag.Message {
	hint := "The site never shows HTML from listings. Use Markdown instead:\n" +
		"  **bold**, *italic*, a blank line between paragraphs, \"- \" for a list item,\n" +
		"  and [link text](https://example.org) for a link."
	if s := strings.ToLower(snippet); strings.HasPrefix(s, "<br") {
		hint = "For a new paragraph, leave a blank line. For a line break, end the line with a backslash (\\)."
	} else if strings.HasPrefix(s, "<!--") {
		hint = "Comments are not allowed either: delete it."
	}
	return diag.Message{Severity: diag.Error, Code: diag.MarkdownHTML, Location: loc,
		Text: "HTML is not allowed in descriptions", Hint: hint}
}

// linkMessage refuses every link but those to a web page (http:, https:),
// an email address (mailto:), a phone number (tel:) and a place on the site
// itself (a relative path, or #part). Any other scheme can open a program
// on the reader's computer (search-ms:, ms-word:, intent:), fetch a file
// from another computer (smb:, \\server\share, ftp:) or run code
// (javascript:, data:, blob:). Browsers ignore tabs, newlines and other
// control characters inside a scheme and decode character references, so
// both are removed first; they also read a backslash as a slash, and a
// link starting with // goes to another site, so neither is allowed.
func linkMessage(dest string) (diag.Message, bool) {
	clean := strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, html.UnescapeString(dest))
	m := diag.Message{Severity: diag.Error, Code: diag.MarkdownLink,
		Hint: "Links must go to a web page (https://…), an email address (mailto:…), a phone number (tel:…)\n" +
			"or a page of this site (/listings/…)."}
	scheme, rest, hasScheme := cutScheme(clean)
	switch {
	case strings.Contains(clean, `\`):
		m.Text = "Links cannot contain a backslash (\\)"
		m.Hint = "Browsers read a backslash as /, and \\\\server\\file as a file on another computer.\n" + m.Hint
		return m, true
	case !hasScheme && strings.HasPrefix(clean, "//"):
		m.Text = "Links cannot start with //"
		m.Hint = "A link starting with // goes to another site. Write the full address, starting with https://."
		if strings.HasPrefix(dest, "//") {
			m.Suggestion = "https:" + dest
		}
		return m, true
	case !hasScheme:
		return diag.Message{}, false
	}
	switch strings.ToLower(scheme) {
	case "tel":
		return diag.Message{}, false
	case "mailto":
		if mailtoHidesRecipients(rest) {
			m.Text = "This email link writes to more than one address, or adds recipients (cc, bcc)"
			m.Hint = "An email link goes to one plain address, like mailto:hello@example.org; a ?subject= or &body=\n" +
				"is fine. Anything else can send the reader's email to someone they cannot see."
			return m, true
		}
		return diag.Message{}, false
	case "http", "https":
		// Browsers take any number of slashes after http:; the site is
		// what follows them, up to the first /, ? or #.
		authority := strings.TrimLeft(rest, "/")
		if i := strings.IndexAny(authority, "/?#"); i >= 0 {
			authority = authority[:i]
		}
		if strings.Contains(authority, "@") {
			m.Text = "This link has a name before an @ in its address, which hides the site it goes to"
			m.Hint = "In https://nhs.uk@evil.example the site is evil.example: the part before @ is a user name.\n" +
				"Link to the site itself, like https://example.org/page."
			return m, true
		}
		return diag.Message{}, false
	}
	m.Text = fmt.Sprintf("Links starting with %q are not allowed", strings.ToLower(scheme)+":")
	return m, true
}

// mailtoHidesRecipients reports whether a mailto: link, after the scheme,
// is anything but one plain address with at most a subject and a body:
// mail programs also read a list of addresses, and cc, bcc and to fields
// (in any case, and percent-encoded), which would copy the reader's email
// to someone the link text does not show.
func mailtoHidesRecipients(rest string) bool {
	addr, query, _ := strings.Cut(rest, "?")
	addr, err := url.PathUnescape(addr)
	if err != nil || !emailPattern.MatchString(addr) {
		return true
	}
	fields, err := url.ParseQuery(query)
	if err != nil {
		return true
	}
	for name := range fields {
		if n := strings.ToLower(name); n != "subject" && n != "body" {
			return true
		}
	}
	return false
}

// emailPattern is the pattern of an email address in common.schema.json,
// so that email links and email fields follow the same rule.
var emailPattern = func() *regexp.Regexp {
	data, err := fs.ReadFile(schema.FS(), "common.schema.json")
	if err != nil {
		panic(err)
	}
	var doc struct {
		Defs struct {
			Email struct {
				Pattern string `json:"pattern"`
			} `json:"email"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || doc.Defs.Email.Pattern == "" {
		panic(fmt.Sprintf("common.schema.json: no pattern for email (%v)", err))
	}
	return regexp.MustCompile(doc.Defs.Email.Pattern)
}()

// cutScheme splits the scheme from a link as browsers find it (the WHATWG
// URL standard): a letter, then letters, digits, +, - and ., then a colon.
// Anything else before the first colon makes the link a relative path.
func cutScheme(link string) (scheme, rest string, ok bool) {
	scheme, rest, found := strings.Cut(link, ":")
	if !found || scheme == "" || !isASCIILetter(scheme[0]) {
		return "", link, false
	}
	for i := 1; i < len(scheme); i++ {
		c := scheme[i]
		if !isASCIILetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.' {
			return "", link, false
		}
	}
	return scheme, rest, true
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
