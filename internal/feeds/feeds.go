// Package feeds renders RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents and
// sitemaps (index, URL sets with hreflang alternates, Google News) from
// plain values. It does no I/O and knows nothing of the store or of HTTP:
// types in, bytes out, with encoding/xml and encoding/json.
package feeds

import (
	"errors"
	"time"
)

// MaxItems is how many stories a feed carries: the newest.
const MaxItems = 50

// Feed is one feed in any format.
type Feed struct {
	Title       string
	Description string
	Language    string // BCP 47 tag, e.g. "en" or "ar"
	HomeURL     string // the page the feed follows, absolute
	FeedURL     string // the feed's own address in the format rendered, absolute
	Author      Person // the publisher, for formats that need a feed author
	// Updated is when the feed last changed; the zero time for a feed that
	// has never had an item.
	Updated time.Time
	Items   []Item
}

// Item is one story in a feed.
type Item struct {
	ID          string // stable and unique, e.g. a tag: URI; never a slug
	URL         string // the story's page, absolute
	Title       string
	Summary     string // plain text
	ContentHTML string // the full sanitized body with absolute links
	Published   time.Time
	Updated     time.Time // at or after Published
	Authors     []Person
	Categories  []Category
	Image       *Image
}

// Person is an author.
type Person struct {
	Name string
	URL  string // their page, absolute; may be empty
}

// Category is a section or topic. Scheme+Term is its page.
type Category struct {
	Term   string // identifier within Scheme, e.g. a slug
	Label  string // what readers see
	Scheme string // absolute URL prefix, e.g. "https://example.org/en/topics/"
}

// Image is a story's lead image.
type Image struct {
	URL           string // absolute
	Type          string // media type, e.g. "image/jpeg"
	Width, Height int
	Alt, Credit   string
}

// Format is one feed format: the file name it is served under and how it
// is rendered.
type Format struct {
	Name        string // "feed.xml", "feed.atom" or "feed.json"
	Title       string // the format's name, e.g. "RSS"
	ContentType string
	Render      func(*Feed) ([]byte, error)
}

// Formats are the three feed formats, RSS first.
var Formats = []Format{
	{Name: "feed.xml", Title: "RSS", ContentType: "application/rss+xml; charset=utf-8", Render: RSS},
	{Name: "feed.atom", Title: "Atom", ContentType: "application/atom+xml; charset=utf-8", Render: Atom},
	{Name: "feed.json", Title: "JSON Feed", ContentType: "application/feed+json; charset=utf-8", Render: JSON},
}

// FormatOf returns the format served under a file name.
func FormatOf(name string) (Format, bool) {
	for _, f := range Formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

var errTooMany = errors.New("feeds: too many items")

func (f *Feed) check() error {
	if len(f.Items) > MaxItems {
		return errTooMany
	}
	return nil
}

// rfc3339 formats a time for Atom, JSON Feed and sitemaps, in UTC.
func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// updatedOrEpoch is a feed's Updated for formats that require one: an
// empty feed has never changed since the epoch, which keeps its bytes, and
// so its ETag, the same from one request to the next.
func (f *Feed) updatedOrEpoch() time.Time {
	if f.Updated.IsZero() {
		return time.Unix(0, 0)
	}
	return f.Updated
}
