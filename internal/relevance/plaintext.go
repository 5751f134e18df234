package relevance

import (
	"html"
	"strings"
)

// PlainText returns the text of sanitized story HTML: block tags become
// spaces (so words in adjacent paragraphs stay apart), inline ones vanish, entities are decoded and runs of
// white space become one space. It is for indexing and snippets, not for
// display as HTML.
func PlainText(h string) string {
	var b strings.Builder
	b.Grow(len(h))
	for len(h) > 0 {
		lt := strings.IndexByte(h, '<')
		if lt < 0 {
			b.WriteString(html.UnescapeString(h))
			break
		}
		b.WriteString(html.UnescapeString(h[:lt]))
		gt := strings.IndexByte(h[lt:], '>')
		if gt < 0 {
			break
		}
		if !inline(h[lt+1 : lt+gt]) {
			b.WriteByte(' ')
		}
		h = h[lt+gt+1:]
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// inline reports whether a tag, written without its angle brackets, is one
// that sits inside a word's run of text.
func inline(tag string) bool {
	tag = strings.TrimPrefix(tag, "/")
	if i := strings.IndexAny(tag, " \t\n/"); i >= 0 {
		tag = tag[:i]
	}
	switch strings.ToLower(tag) {
	case "a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small", "span", "strong", "sub", "sup", "u":
		return true
	}
	return false
}
