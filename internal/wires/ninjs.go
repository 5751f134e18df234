package wires

import (
	"encoding/json"
	"strings"
)

// ninjsKeys are members only a ninjs object has near its top; one of them
// is enough to tell ninjs from any other JSON.
var ninjsKeys = []string{"uri", "headline", "headlines", "body_html", "body_text", "bodies", "versioncreated", "firstcreated"}

func isNINJS(top map[string]json.RawMessage) bool {
	for _, k := range ninjsKeys {
		if _, ok := top[k]; ok {
			return true
		}
	}
	return false
}

// ninjsValue is a ninjs 2.x typed value (headlines, bodies, descriptions).
type ninjsValue struct {
	Role        string `json:"role"`
	ContentType string `json:"contenttype"`
	Value       string `json:"value"`
}

// ninjsItem holds ninjs 1.x and 2.x members side by side: 1.x has
// headline/body_html/byline, 2.x headlines/bodies/by.
type ninjsItem struct {
	URI             string                       `json:"uri"`
	GUID            string                       `json:"guid"`
	Type            string                       `json:"type"`
	Language        string                       `json:"language"`
	Headline        string                       `json:"headline"`
	Headlines       []ninjsValue                 `json:"headlines"`
	BodyHTML        string                       `json:"body_html"`
	BodyText        string                       `json:"body_text"`
	Bodies          []ninjsValue                 `json:"bodies"`
	DescriptionHTML string                       `json:"description_html"`
	DescriptionText string                       `json:"description_text"`
	Descriptions    []ninjsValue                 `json:"descriptions"`
	Byline          string                       `json:"byline"`
	By              string                       `json:"by"`
	FirstCreated    string                       `json:"firstcreated"`
	VersionCreated  string                       `json:"versioncreated"`
	Links           []struct{ Href, Rel string } `json:"links"`
}

func (f *Feed) addNINJS(i int, raw json.RawMessage) {
	var n ninjsItem
	if err := json.Unmarshal(raw, &n); err != nil {
		f.Problems = append(f.Problems, Problem{Index: i, GUID: rawID(raw), Reason: "the item cannot be read: " + jsonReason(err)})
		return
	}
	it := Item{
		GUID:      firstNonEmpty(n.URI, n.GUID),
		Title:     firstNonEmpty(n.Headline, pickValue(n.Headlines, false)),
		BodyHTML:  n.BodyHTML,
		Summary:   firstNonEmpty(n.DescriptionText, stripTags(n.DescriptionHTML), pickValue(n.Descriptions, false)),
		Language:  n.Language,
		Published: parseDate(n.FirstCreated),
		Updated:   parseDate(n.VersionCreated),
	}
	if it.BodyHTML == "" {
		it.BodyHTML = pickValue(n.Bodies, true)
	}
	if it.BodyHTML == "" && n.BodyText != "" {
		it.BodyHTML = textToHTML(n.BodyText)
	}
	if by := firstNonEmpty(n.Byline, n.By); by != "" {
		it.Authors = []string{by}
	}
	if strings.HasPrefix(it.GUID, "http://") || strings.HasPrefix(it.GUID, "https://") {
		it.Link = it.GUID
	}
	for _, l := range n.Links {
		if l.Rel == "" || strings.Contains(l.Rel, "canonical") || strings.Contains(l.Rel, "self") {
			it.Link = firstNonEmpty(l.Href, it.Link)
			break
		}
	}
	f.Items = append(f.Items, it)
}

// pickValue returns the main value of a ninjs 2.x list: the one without a
// role or with role "main"; for bodies, HTML is preferred and plain text is
// turned into HTML.
func pickValue(vs []ninjsValue, html bool) string {
	best := -1
	for i, v := range vs {
		if v.Value == "" {
			continue
		}
		if best < 0 || (v.Role == "" || v.Role == "main") && vs[best].Role != "" && vs[best].Role != "main" ||
			html && strings.Contains(v.ContentType, "html") && !strings.Contains(vs[best].ContentType, "html") {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	v := vs[best]
	if html && !strings.Contains(v.ContentType, "html") {
		return textToHTML(v.Value)
	}
	if !html && strings.Contains(v.ContentType, "html") {
		return stripTags(v.Value)
	}
	return v.Value
}

func stripTags(s string) string {
	if s == "" {
		return ""
	}
	return PlainText(s)
}
