// Package markup renders article Markdown to HTML and owns the one sanitizer
// policy that every piece of user or wire HTML goes through before a reader
// sees it.
package markup

import (
	"bytes"
	"fmt"
	"regexp"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Renderer turns Markdown into sanitized HTML. It is safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New returns a Renderer. Raw HTML in Markdown is dropped by goldmark (its
// default), and the output is sanitized anyway: the sanitizer, not the
// Markdown parser, is the security boundary.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
		goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(headingShift{}, 100)),
		),
	)
	return &Renderer{md: md, policy: Policy()}
}

// Render converts Markdown source to sanitized HTML.
func (r *Renderer) Render(source string) (string, error) {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(source), &buf); err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	return r.policy.Sanitize(buf.String()), nil
}

// Sanitize cleans HTML from any untrusted source (wire feeds, imports).
func (r *Renderer) Sanitize(html string) string { return r.policy.Sanitize(html) }

// Policy is Byline's sanitizer policy for story bodies: text structure,
// links, images, tables and quotes. No scripts, styles, forms, frames, event
// handlers, or javascript:/data: URLs survive it.
func Policy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowStandardURLs() // http, https, mailto and relative URLs only
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true)
	p.RequireNoFollowOnFullyQualifiedLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	p.AllowElements("p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
		"strong", "em", "b", "i", "u", "s", "del", "ins", "sub", "sup", "small", "mark",
		"blockquote", "q", "cite", "code", "pre", "kbd",
		"ul", "ol", "li", "dl", "dt", "dd", "figure", "figcaption",
		"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "abbr")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("title").Matching(bluemonday.Paragraph).OnElements("a", "abbr", "img")
	p.AllowAttrs("cite").OnElements("blockquote", "q")
	p.AllowAttrs("src").OnElements("img")
	p.AllowAttrs("alt").Matching(bluemonday.Paragraph).OnElements("img")
	p.AllowAttrs("width", "height").Matching(bluemonday.Integer).OnElements("img")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowAttrs("colspan", "rowspan").Matching(bluemonday.Integer).OnElements("td", "th")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^(row|col|rowgroup|colgroup)$`)).OnElements("th")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|right|center)$`)).OnElements("td", "th")
	p.AllowAttrs("lang").Matching(regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)).Globally()
	p.AllowAttrs("dir").Matching(regexp.MustCompile(`^(ltr|rtl|auto)$`)).Globally()
	p.AddSpaceWhenStrippingTag(true)
	return p
}

// headingShift moves body headings so that the highest one is an <h2>:
// the page's only <h1> is the headline, and the outline never skips a level
// whether the writer started at "#" or at "###".
type headingShift struct{}

func (headingShift) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	top := 7
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			top = min(top, h.Level)
		}
		return ast.WalkContinue, nil
	})
	shift := 2 - top
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.Level = max(2, min(6, h.Level+shift))
		}
		return ast.WalkContinue, nil
	})
}
