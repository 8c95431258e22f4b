package content

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// NewMarkdown returns the Markdown reader every part uses for descriptions,
// so that what check accepts is what the site and the feeds show: GitHub's
// flavour (tables, strikethrough, task lists, bare links), footnotes and
// definition lists, with ids on headings. Raw HTML is left out of the
// output (goldmark does so unless told html.WithUnsafe), and check refuses
// content that has any.
//
// Typographic quotes (goldmark's Typographer, which Hugo enables) are left
// out: its time grows with the square of a run of quote marks, and a
// description of 100,000 of them took minutes. Check also caps a
// description at MaxDescription characters, which keeps goldmark's other
// slow patterns (long runs of "[a](") under a second.
//
// check.plainProse skips parsing a text with none of the characters these
// extensions make links, images, HTML or character references from (< [ :
// @ & and www): an extension that makes them from anything else (emoji,
// attributes, more link patterns) needs plainProse changed with it.
func NewMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
}

// MaxDescription is the longest description, in characters, in a
// listing's body or a description field; the JSON Schemas say the same.
const MaxDescription = 20000

// MarkdownHTML renders a description as HTML with md (from NewMarkdown).
func MarkdownHTML(md goldmark.Markdown, text string) (string, error) {
	if text == "" {
		return "", nil
	}
	var b bytes.Buffer
	if err := md.Convert([]byte(text), &b); err != nil {
		return "", fmt.Errorf("rendering Markdown: %w", err)
	}
	return b.String(), nil
}
