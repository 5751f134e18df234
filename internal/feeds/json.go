package feeds

import (
	"bytes"
	"encoding/json"
)

// jsonVersion is the JSON Feed version rendered.
const jsonVersion = "https://jsonfeed.org/version/1.1"

type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url"`
	FeedURL     string       `json:"feed_url"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language"`
	Authors     []jsonAuthor `json:"authors,omitempty"`
	Items       []jsonItem   `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	ContentHTML   string       `json:"content_html"`
	Summary       string       `json:"summary,omitempty"`
	Image         string       `json:"image,omitempty"`
	DatePublished string       `json:"date_published"`
	DateModified  string       `json:"date_modified"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
	Language      string       `json:"language"`
}

// JSON renders f as JSON Feed 1.1. Categories become tags (their labels).
func JSON(f *Feed) ([]byte, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	doc := jsonFeed{Version: jsonVersion, Title: f.Title, HomePageURL: f.HomeURL, FeedURL: f.FeedURL,
		Description: f.Description, Language: f.Language, Items: []jsonItem{}}
	if f.Author.Name != "" {
		doc.Authors = []jsonAuthor{{Name: f.Author.Name, URL: f.Author.URL}}
	}
	for _, it := range f.Items {
		ji := jsonItem{ID: it.ID, URL: it.URL, Title: it.Title, ContentHTML: it.ContentHTML, Summary: it.Summary,
			DatePublished: rfc3339(it.Published), DateModified: rfc3339(it.Updated), Language: f.Language}
		if it.Image != nil {
			ji.Image = it.Image.URL
		}
		for _, p := range it.Authors {
			ji.Authors = append(ji.Authors, jsonAuthor{Name: p.Name, URL: p.URL})
		}
		for _, c := range it.Categories {
			ji.Tags = append(ji.Tags, c.Label)
		}
		doc.Items = append(doc.Items, ji)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// The document is served as JSON, never inside HTML: "<" needs no
	// escaping, and bodies stay readable.
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
