package api

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// Page sizes of article lists.
const (
	defaultLimit = 20
	maxLimit     = 100
)

// queryValues parses the query string and refuses parameters outside
// allowed, so that a misspelt filter is an error rather than a silently
// unfiltered list.
func queryValues(r *http.Request, allowed ...string) (url.Values, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, news.Invalid("query", "the query string is malformed")
	}
	for key, vals := range v {
		if !slices.Contains(allowed, key) {
			if len(allowed) == 0 {
				return nil, news.Invalid(key, "this call takes no parameters")
			}
			return nil, news.Invalid(key, "unknown parameter; this call takes %s", strings.Join(allowed, ", "))
		}
		if len(vals) > 1 {
			return nil, news.Invalid(key, "give it once")
		}
	}
	return v, nil
}

// listRequest is GET /api/v1/articles's query string, checked but not yet
// resolved against the store.
type listRequest struct {
	Edition, Section, Topic, Author string
	UpdatedSince                    time.Time
	Cursor                          *news.Cursor
	Limit                           int
	// Fields are the article fields to send, in the document's order;
	// nil means all.
	Fields []string
}

var listParams = []string{"edition", "section", "topic", "author", "updated_since", "cursor", "limit", "fields"}

// parseListRequest checks an article list's parameters. Every fault is an
// invalid-input error naming the parameter.
func parseListRequest(rawQuery string) (listRequest, error) {
	req := listRequest{Limit: defaultLimit}
	v, err := queryValues(&http.Request{URL: &url.URL{RawQuery: rawQuery}}, listParams...)
	if err != nil {
		return req, err
	}
	req.Edition, req.Section, req.Topic, req.Author = v.Get("edition"), v.Get("section"), v.Get("topic"), v.Get("author")
	for _, p := range [][2]string{{"section", req.Section}, {"topic", req.Topic}} {
		if p[1] != "" && req.Edition == "" {
			return req, news.Invalid(p[0], "%s slugs belong to an edition; give edition too", p[0])
		}
	}
	if s, ok := v["updated_since"]; ok {
		t, err := time.Parse(time.RFC3339, s[0])
		if err != nil || t.Year() < 1970 || t.Year() > 9999 {
			return req, news.Invalid("updated_since", "must be an RFC 3339 time such as 2026-11-28T12:00:00Z, got %q", s[0])
		}
		req.UpdatedSince = t
	}
	if s, ok := v["cursor"]; ok {
		c, err := news.ParseCursor(s[0])
		if err != nil {
			return req, news.Invalid("cursor", "%q is not a next_cursor this API gave out", s[0])
		}
		req.Cursor = &c
	}
	if s, ok := v["limit"]; ok {
		n, err := strconv.Atoi(s[0])
		if err != nil || n < 1 || n > maxLimit {
			return req, news.Invalid("limit", "must be a whole number from 1 to %d, got %q", maxLimit, s[0])
		}
		req.Limit = n
	}
	if s, ok := v["fields"]; ok {
		if req.Fields, err = parseFields(s[0]); err != nil {
			return req, err
		}
	}
	return req, nil
}

// parseFields reads a comma-separated list of article field names and
// returns them in the document's order, without repeats.
func parseFields(s string) ([]string, error) {
	want := map[string]bool{}
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if _, ok := articleFieldIndex[name]; !ok {
			return nil, news.Invalid("fields", "unknown field %q; the fields are %s", name, strings.Join(articleFieldNames(), ","))
		}
		want[name] = true
	}
	if len(want) == 0 {
		return nil, news.Invalid("fields", "name at least one field, e.g. fields=id,headline,url")
	}
	var out []string
	for _, f := range articleFields {
		if want[f.name] {
			out = append(out, f.name)
		}
	}
	return out, nil
}
