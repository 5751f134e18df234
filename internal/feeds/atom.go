package feeds

import "encoding/xml"

type atomFeed struct {
	XMLName  xml.Name    `xml:"feed"`
	NS       string      `xml:"xmlns,attr"`
	Lang     string      `xml:"xml:lang,attr"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   *atomPerson `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel    string `xml:"rel,attr"`
	Type   string `xml:"type,attr,omitempty"`
	Href   string `xml:"href,attr"`
	Length string `xml:"length,attr,omitempty"`
	Title  string `xml:"title,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Authors    []atomPerson   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    string         `xml:"summary,omitempty"`
	Content    atomContent    `xml:"content"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

type atomContent struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

// Atom renders f as Atom 1.0. The feed's id is its own URL; the feed
// author is the publisher, which every entry without a byline inherits.
func Atom(f *Feed) ([]byte, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	doc := atomFeed{NS: nsAtom, Lang: f.Language, ID: f.FeedURL, Title: f.Title, Subtitle: f.Description,
		Updated: rfc3339(f.updatedOrEpoch()),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: f.FeedURL},
			{Rel: "alternate", Type: "text/html", Href: f.HomeURL},
		}}
	if f.Author.Name != "" {
		doc.Author = &atomPerson{Name: f.Author.Name, URI: f.Author.URL}
	}
	for _, it := range f.Items {
		e := atomEntry{ID: it.ID, Title: it.Title, Published: rfc3339(it.Published), Updated: rfc3339(it.Updated),
			Summary: it.Summary, Content: atomContent{Type: "html", Value: it.ContentHTML},
			Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: it.URL}}}
		if img := it.Image; img != nil {
			e.Links = append(e.Links, atomLink{Rel: "enclosure", Type: img.Type, Href: img.URL, Title: img.Alt})
		}
		for _, p := range it.Authors {
			e.Authors = append(e.Authors, atomPerson{Name: p.Name, URI: p.URL})
		}
		for _, c := range it.Categories {
			e.Categories = append(e.Categories, atomCategory{Term: c.Term, Scheme: c.Scheme, Label: c.Label})
		}
		doc.Entries = append(doc.Entries, e)
	}
	return marshalXML(doc)
}
