package feeds

import (
	"bytes"
	"encoding/xml"
	"time"
)

// Namespaces the XML formats use.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsMedia   = "http://search.yahoo.com/mrss/"
)

type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSAtom    string     `xml:"xmlns:atom,attr"`
	NSContent string     `xml:"xmlns:content,attr"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	NSMedia   string     `xml:"xmlns:media,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Self          rssSelf   `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type rssSelf struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

// rssItem carries what RSS 2.0 lacks through the usual modules: authors as
// dc:creator (RSS's own author element wants an e-mail address), the
// update time as atom:updated, the body as content:encoded, and the image
// as media:content (an enclosure would need the file's length).
type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate"`
	Updated     string        `xml:"atom:updated"`
	Creators    []string      `xml:"dc:creator"`
	Categories  []rssCategory `xml:"category"`
	Description string        `xml:"description,omitempty"`
	Content     rssCDATA      `xml:"content:encoded"`
	Media       *rssMedia     `xml:"media:content"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type rssCategory struct {
	Domain string `xml:"domain,attr,omitempty"`
	Value  string `xml:",chardata"`
}

type rssCDATA struct {
	Value string `xml:",cdata"`
}

type rssMedia struct {
	URL         string `xml:"url,attr"`
	Medium      string `xml:"medium,attr"`
	Type        string `xml:"type,attr,omitempty"`
	Width       int    `xml:"width,attr,omitempty"`
	Height      int    `xml:"height,attr,omitempty"`
	Description string `xml:"media:description,omitempty"`
	Credit      string `xml:"media:credit,omitempty"`
}

// rfc1123 is RSS's date format (RFC 822 with a four-digit year), in UTC.
func rfc1123(t time.Time) string { return t.UTC().Format(time.RFC1123Z) }

// RSS renders f as RSS 2.0.
func RSS(f *Feed) ([]byte, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	doc := rssDoc{Version: "2.0", NSAtom: nsAtom, NSContent: nsContent, NSDC: nsDC, NSMedia: nsMedia,
		Channel: rssChannel{Title: f.Title, Link: f.HomeURL, Description: f.Description, Language: f.Language,
			Self: rssSelf{Href: f.FeedURL, Rel: "self", Type: "application/rss+xml"}}}
	if !f.Updated.IsZero() {
		doc.Channel.LastBuildDate = rfc1123(f.Updated)
	}
	for _, it := range f.Items {
		ri := rssItem{Title: it.Title, Link: it.URL, GUID: rssGUID{IsPermaLink: "false", Value: it.ID},
			PubDate: rfc1123(it.Published), Updated: rfc3339(it.Updated), Description: it.Summary,
			Content: rssCDATA{it.ContentHTML}}
		for _, p := range it.Authors {
			ri.Creators = append(ri.Creators, p.Name)
		}
		for _, c := range it.Categories {
			ri.Categories = append(ri.Categories, rssCategory{Domain: c.Scheme, Value: c.Label})
		}
		if img := it.Image; img != nil {
			ri.Media = &rssMedia{URL: img.URL, Medium: "image", Type: img.Type, Width: img.Width, Height: img.Height,
				Description: img.Alt, Credit: img.Credit}
		}
		doc.Channel.Items = append(doc.Channel.Items, ri)
	}
	return marshalXML(doc)
}

// marshalXML renders v as an indented XML document with its declaration.
func marshalXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
