// Package wires takes agency copy in: it fetches feeds through an SSRF
// guard, parses RSS, Atom, JSON Feed and IPTC ninjs, sanitizes and
// normalizes items, and fingerprints their text so that exact and near
// duplicates can be found. It keeps no state: the desk (desk.go) stores
// what it returns.
package wires

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"

	"github.com/bylinehq/byline/internal/news"
)

// Formats Parse recognizes, as stored in news.WireItem.Format.
const (
	FormatRSS   = "rss"
	FormatAtom  = "atom"
	FormatJSON  = "json"
	FormatNINJS = "ninjs"
)

// Feed is a parsed document: its format, title and items, and the items
// that could not be read at all.
type Feed struct {
	Format   string // FormatRSS, FormatAtom, FormatJSON or FormatNINJS
	Title    string
	Items    []Item
	Problems []Problem
}

// Item is one story as the feed gives it: BodyHTML and Summary are raw,
// unsanitized markup until Normalize has run. Published and Updated are
// zero when the feed gives no date or one that cannot be read.
type Item struct {
	GUID, Title, Summary, BodyHTML, Link string
	Authors                              []string
	Language                             string
	Published, Updated                   time.Time
}

// Problem is one item that was left out, with the reason. Index is the
// item's position in the feed (0-based); GUID is empty when unknown.
type Problem struct {
	Index  int
	GUID   string
	Reason string
}

func (p Problem) String() string {
	if p.GUID != "" {
		return fmt.Sprintf("item %d (%s): %s", p.Index+1, p.GUID, p.Reason)
	}
	return fmt.Sprintf("item %d: %s", p.Index+1, p.Reason)
}

// NotFeedError is returned by Parse for a document that is not a feed; its
// message is the reason, for a person.
type NotFeedError struct{ Reason string }

func (e *NotFeedError) Error() string { return "not a feed: " + e.Reason }

// Unwrap makes a NotFeedError a news.CodeInvalid error.
func (e *NotFeedError) Unwrap() error { return news.Errorf(news.CodeInvalid, "%s", e.Error()) }

func notFeed(format string, args ...any) error {
	return &NotFeedError{Reason: fmt.Sprintf(format, args...)}
}

// Parse detects the format from the content, never from a file name or a
// Content-Type: RSS 2.0 (and RSS 1.0/RDF), Atom 1.0, JSON Feed 1.0/1.1 and
// IPTC ninjs (one object or an array of them). Declared XML encodings other
// than UTF-8 (ISO-8859-1, Windows-1252, …) are converted. XML entities
// declared in a DTD are never expanded and external entities never
// fetched: Go's XML decoder knows only the five predefined entities.
//
// A document that is not a feed at all is a *NotFeedError whose message a
// person can read. An item that cannot be read is left out and reported in
// Feed.Problems while the other items are returned.
func Parse(data []byte) (*Feed, error) {
	trimmed := bytes.TrimLeft(data, "\ufeff \t\r\n")
	if len(trimmed) == 0 {
		return nil, notFeed("the file is empty")
	}
	switch trimmed[0] {
	case '{', '[':
		return parseJSON(trimmed)
	case '<':
		return parseXML(data)
	}
	if !utf8.Valid(trimmed[:min(len(trimmed), 64)]) {
		return nil, notFeed("the content is binary, not XML or JSON")
	}
	return nil, notFeed("the content is neither XML nor JSON (it starts with %q)", firstLine(trimmed))
}

func parseXML(data []byte) (*Feed, error) {
	root, err := xmlRoot(data)
	if err != nil {
		return nil, err
	}
	var format string
	switch root {
	case "rss", "rdf":
		format = FormatRSS
	case "feed":
		format = FormatAtom
	case "html":
		return nil, notFeed("this is an HTML page, not a feed (look for a link to its RSS or Atom feed)")
	default:
		return nil, notFeed("the XML root element is <%s>; a feed's is <rss>, <rdf:RDF> or <feed>", root)
	}
	gf, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		return nil, notFeed("the %s feed cannot be read: %v", strings.ToUpper(format), xmlReason(err))
	}
	f := &Feed{Format: format, Title: strings.TrimSpace(gf.Title)}
	for _, gi := range gf.Items {
		f.Items = append(f.Items, fromGofeed(gi, gf.Language))
	}
	return f, nil
}

// xmlRoot returns the local name of the root element, lower-cased, or a
// reason why there is none. It reads only up to the first element.
func xmlRoot(data []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return "", notFeed("the XML document has no root element")
		}
		if err != nil {
			if looksLikeHTML(data) {
				return "", notFeed("this is an HTML page, not a feed (look for a link to its RSS or Atom feed)")
			}
			return "", notFeed("the XML is not well-formed: %v", xmlReason(err))
		}
		if se, ok := tok.(xml.StartElement); ok {
			return strings.ToLower(se.Name.Local), nil
		}
	}
}

func looksLikeHTML(data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), 1024)])
	return bytes.Contains(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<html"))
}

// xmlReason turns a decoder error into words: truncated documents say so.
func xmlReason(err error) string {
	msg := err.Error()
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(msg, "unexpected EOF") {
		return "the document ends too early (truncated?)"
	}
	return msg
}

func fromGofeed(gi *gofeed.Item, feedLang string) Item {
	it := Item{
		GUID:     strings.TrimSpace(gi.GUID),
		Title:    gi.Title,
		Summary:  gi.Description,
		BodyHTML: gi.Content,
		Link:     strings.TrimSpace(gi.Link),
		Language: feedLang,
	}
	if it.BodyHTML == "" {
		it.BodyHTML, it.Summary = it.Summary, ""
	}
	seen := map[string]bool{}
	addAuthor := func(name string) {
		name = strings.TrimSpace(name)
		if name != "" && !seen[name] {
			seen[name] = true
			it.Authors = append(it.Authors, name)
		}
	}
	for _, p := range gi.Authors {
		if p != nil {
			addAuthor(p.Name)
		}
	}
	if dc := gi.DublinCoreExt; dc != nil {
		for _, c := range dc.Creator {
			addAuthor(c)
		}
		if len(dc.Language) > 0 && dc.Language[0] != "" {
			it.Language = dc.Language[0]
		}
	}
	it.Published = gofeedTime(gi.PublishedParsed, gi.Published)
	it.Updated = gofeedTime(gi.UpdatedParsed, gi.Updated)
	return it
}

func gofeedTime(parsed *time.Time, raw string) time.Time {
	if parsed != nil {
		return plausible(*parsed)
	}
	return parseDate(raw)
}

func firstLine(b []byte) string {
	b = b[:min(len(b), 40)]
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	return strings.ToValidUTF8(string(b), "?")
}
