package wires

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// parseJSON reads JSON Feed (an object whose version is a jsonfeed.org
// URL) and IPTC ninjs (an object or an array of objects). Items are decoded
// one by one, so that an item of the wrong shape is a Problem, not a
// rejected feed.
func parseJSON(data []byte) (*Feed, error) {
	if !utf8.Valid(data) {
		// JSON is UTF-8 by definition; a feed that is not was almost
		// certainly written in Windows-1252, a superset of ISO-8859-1.
		conv, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, notFeed("the JSON is not valid UTF-8")
		}
		data = conv
	}
	if data[0] == '[' {
		var raws []json.RawMessage
		if err := json.Unmarshal(data, &raws); err != nil {
			return nil, notFeed("the JSON is not valid: %s", jsonReason(err))
		}
		f := &Feed{Format: FormatNINJS}
		for i, raw := range raws {
			f.addNINJS(i, raw)
		}
		return f, nil
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, notFeed("the JSON is not valid: %s", jsonReason(err))
	}
	var version string
	_ = json.Unmarshal(top["version"], &version)
	switch {
	case strings.HasPrefix(version, "https://jsonfeed.org/version/"), strings.HasPrefix(version, "http://jsonfeed.org/version/"):
		return parseJSONFeed(top)
	case isNINJS(top):
		f := &Feed{Format: FormatNINJS}
		f.addNINJS(0, data)
		return f, nil
	}
	return nil, notFeed("the JSON is neither a JSON Feed (no jsonfeed.org version) nor IPTC ninjs (no uri, headline or body)")
}

func jsonReason(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end of JSON") {
		return "the document ends too early (truncated?)"
	}
	return err.Error()
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonFeedItem struct {
	ID            json.RawMessage `json:"id"` // a string by the spec, a number in the wild
	URL           string          `json:"url"`
	ExternalURL   string          `json:"external_url"`
	Title         string          `json:"title"`
	ContentHTML   string          `json:"content_html"`
	ContentText   string          `json:"content_text"`
	Summary       string          `json:"summary"`
	DatePublished string          `json:"date_published"`
	DateModified  string          `json:"date_modified"`
	Authors       []jsonAuthor    `json:"authors"`
	Author        *jsonAuthor     `json:"author"` // JSON Feed 1.0
	Language      string          `json:"language"`
}

func parseJSONFeed(top map[string]json.RawMessage) (*Feed, error) {
	f := &Feed{Format: FormatJSON}
	var lang string
	_ = json.Unmarshal(top["title"], &f.Title)
	_ = json.Unmarshal(top["language"], &lang)
	var raws []json.RawMessage
	if items, ok := top["items"]; ok {
		if err := json.Unmarshal(items, &raws); err != nil {
			return nil, notFeed("the JSON Feed's items are not a list")
		}
	}
	for i, raw := range raws {
		var ji jsonFeedItem
		if err := json.Unmarshal(raw, &ji); err != nil {
			f.Problems = append(f.Problems, Problem{Index: i, GUID: rawID(raw), Reason: "the item cannot be read: " + jsonReason(err)})
			continue
		}
		it := Item{
			GUID:      jsonID(ji.ID),
			Title:     ji.Title,
			Summary:   ji.Summary,
			BodyHTML:  ji.ContentHTML,
			Link:      strings.TrimSpace(ji.URL),
			Language:  firstNonEmpty(ji.Language, lang),
			Published: parseDate(ji.DatePublished),
			Updated:   parseDate(ji.DateModified),
		}
		if it.BodyHTML == "" && ji.ContentText != "" {
			it.BodyHTML = textToHTML(ji.ContentText)
		}
		if it.Link == "" {
			it.Link = strings.TrimSpace(ji.ExternalURL)
		}
		for _, a := range ji.Authors {
			it.Authors = append(it.Authors, a.Name)
		}
		if ji.Author != nil && len(ji.Authors) == 0 {
			it.Authors = append(it.Authors, ji.Author.Name)
		}
		f.Items = append(f.Items, it)
	}
	return f, nil
}

// jsonID reads an id that should be a string but may be a number.
func jsonID(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// rawID finds the id of an item that does not decode, for its Problem.
func rawID(raw json.RawMessage) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return ""
	}
	for _, k := range []string{"id", "uri", "guid"} {
		if id := jsonID(m[k]); id != "" {
			return id
		}
	}
	return ""
}

// textToHTML turns plain text into paragraphs of escaped HTML.
func textToHTML(text string) string {
	var b strings.Builder
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if para = strings.TrimSpace(para); para != "" {
			fmt.Fprintf(&b, "<p>%s</p>\n", escapeText(para))
		}
	}
	return b.String()
}

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "\n", "<br>")

func escapeText(s string) string { return textEscaper.Replace(s) }

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
