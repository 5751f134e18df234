package wires

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/language"

	"github.com/bylinehq/byline/internal/news"
)

// Limits on one item. A story longer than MaxBodyBytes is not a story but
// an attack or a mistake, and is refused on its own; the other limits cut.
const (
	MaxTitleRunes   = 300
	MaxSummaryRunes = 2000
	MaxAuthorRunes  = 200
	MaxAuthors      = 10
	MaxGUIDBytes    = 512
	MaxBodyBytes    = 1 << 20
)

// Normalize makes an item fit to store: BodyHTML is sanitized with sanitize
// (the site's one policy, markup.Renderer.Sanitize); Summary becomes the
// plain text of its sanitized HTML; the title is plain text with its
// whitespace collapsed; lengths are capped; a link that is not absolute
// http(s) is dropped; the language becomes a canonical BCP 47 tag or "";
// a missing GUID is filled from the link, or else from the content hash.
//
// An item with no title, no text, or a body over MaxBodyBytes is refused
// with a news.CodeInvalid error whose message is the reason.
func Normalize(it Item, sanitize func(string) string) (Item, error) {
	if len(it.BodyHTML) > MaxBodyBytes {
		return Item{}, news.Errorf(news.CodeInvalid, "the story is %d KiB long, more than the %d KiB a wire item may be", len(it.BodyHTML)>>10, MaxBodyBytes>>10)
	}
	out := Item{
		Title:     capRunes(collapse(PlainText(it.Title)), MaxTitleRunes),
		Summary:   capRunes(PlainText(sanitize(capBytes(it.Summary, MaxBodyBytes))), MaxSummaryRunes),
		BodyHTML:  strings.TrimSpace(sanitize(paragraph(it.BodyHTML))),
		Link:      httpURL(it.Link),
		Authors:   authors(it.Authors),
		Language:  canonicalLanguage(it.Language),
		Published: plausible(it.Published),
		Updated:   plausible(it.Updated),
	}
	text := PlainText(out.BodyHTML)
	if text == "" && out.Summary != "" {
		out.BodyHTML, text = "<p>"+escapeText(out.Summary)+"</p>", out.Summary
	}
	if out.Title == "" {
		return Item{}, news.Errorf(news.CodeInvalid, "the item has no title")
	}
	if text == "" {
		return Item{}, news.Errorf(news.CodeInvalid, "the item has no text")
	}
	out.GUID = strings.TrimSpace(it.GUID)
	switch {
	case len(out.GUID) > MaxGUIDBytes || !utf8.ValidString(out.GUID):
		sum := sha256.Sum256([]byte(out.GUID))
		out.GUID = "sha256:" + hex.EncodeToString(sum[:])
	case out.GUID == "" && out.Link != "":
		out.GUID = out.Link
	case out.GUID == "":
		out.GUID = "hash:" + ContentHash(out.Title, text)
	}
	return out, nil
}

// NormalizeAll normalizes a parsed feed's items: it returns the items fit
// to store, and the feed's problems together with one for each item
// Normalize refused, so that a bad item is reported while the good ones
// go in.
func NormalizeAll(f *Feed, sanitize func(string) string) ([]Item, []Problem) {
	items := make([]Item, 0, len(f.Items))
	problems := append([]Problem(nil), f.Problems...)
	for i, it := range f.Items {
		n, err := Normalize(it, sanitize)
		if err != nil {
			problems = append(problems, Problem{Index: i, GUID: capBytes(strings.TrimSpace(it.GUID), 200), Reason: err.Error()})
			continue
		}
		items = append(items, n)
	}
	return items, problems
}

// PlainText returns the text of HTML, with whitespace collapsed and a
// space between blocks; the content of script, style and similar elements
// is left out. Entities are decoded: the result is text, not HTML, and
// must be escaped wherever it is shown.
func PlainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return collapse(s)
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return collapse(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			if invisible(string(name)) {
				skip++
			}
			b.WriteByte(' ')
		case html.EndTagToken:
			name, _ := z.TagName()
			if invisible(string(name)) && skip > 0 {
				skip--
			}
			b.WriteByte(' ')
		case html.SelfClosingTagToken:
			b.WriteByte(' ')
		}
	}
}

func invisible(tag string) bool {
	switch tag {
	case "script", "style", "template", "noscript", "iframe", "object", "svg", "math", "head", "title":
		return true
	}
	return false
}

// ContentHash returns the hex SHA-256 of an item's title and text after
// normalization (Unicode NFKC, case folding, diacritics and punctuation
// dropped, whitespace collapsed; see words): equal for exact duplicates
// even when an agency re-sends them with other markup or typography.
func ContentHash(title, text string) string {
	h := sha256.New()
	for _, w := range words(title) {
		h.Write([]byte(w))
		h.Write([]byte{' '})
	}
	h.Write([]byte{'\n'})
	for _, w := range words(text) {
		h.Write([]byte(w))
		h.Write([]byte{' '})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// paragraph wraps a body without any markup, as RSS descriptions often
// are, in a paragraph; its entities stay as they are.
func paragraph(s string) string {
	if s = strings.TrimSpace(s); s == "" || strings.Contains(s, "<") {
		return s
	}
	return "<p>" + s + "</p>"
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func capRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// capBytes cuts s to at most n bytes on a rune boundary.
func capBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func httpURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(raw) > 2048 {
		return ""
	}
	return u.String()
}

func authors(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range in {
		a = capRunes(collapse(PlainText(a)), MaxAuthorRunes)
		if a == "" || seen[a] {
			continue
		}
		seen[a] = true
		out = append(out, a)
		if len(out) == MaxAuthors {
			break
		}
	}
	return out
}

func canonicalLanguage(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 35 {
		return ""
	}
	tag, err := language.Parse(s)
	if err != nil {
		return ""
	}
	return tag.String()
}
