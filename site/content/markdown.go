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
// flavour (tables, strikethrough, task lists, bare links), footnotes,
// definition lists and typographic quotes and dashes, with ids on headings
// — the extensions Hugo enables by default. Raw HTML is left out of the
// output (goldmark does so unless told html.WithUnsafe), and check refuses
// content that has any.
func NewMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
}

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
