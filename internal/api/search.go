package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/bylinehq/byline/internal/news"
)

// maxSearchOffset bounds how deep a search can page: relevance ranking
// costs more the further it goes, and nobody reads the ten-thousandth hit.
const maxSearchOffset = 10000

var searchParams = []string{"edition", "q", "section", "topic", "from", "to", "limit", "offset"}

// searchFields are the article fields a hit carries: those a teaser holds.
var searchFields = func() []string {
	var out []string
	for _, f := range articleFields {
		if f.teaser {
			out = append(out, f.name)
		}
	}
	return out
}()

// spanJSON is a piece of a snippet; mark is set on the words that matched.
type spanJSON struct {
	Text string `json:"text"`
	Mark bool   `json:"mark"`
}

// searchPage is GET /api/v1/search's answer, paginated by offset: ranked
// hits have no stable key to resume from.
type searchPage struct {
	Items      []object `json:"items"`
	Total      int      `json:"total"`
	NextOffset *int     `json:"next_offset"`
}

// search finds the stories of one edition readers can see now that match
// q, best first, each with a snippet whose matching words are marked.
func (c *Content) search(w http.ResponseWriter, r *http.Request) error {
	q, topicUnknown, err := c.searchQuery(r)
	if err != nil {
		return err
	}
	var res news.SearchResult
	if !topicUnknown {
		q.Now = c.Now()
		if res, err = c.Store.Search(r.Context(), q); err != nil {
			return err
		}
	}
	out := searchPage{Items: []object{}, Total: res.Total}
	for _, h := range res.Hits {
		spans := make([]spanJSON, len(h.Snippet))
		for i, s := range h.Snippet {
			spans[i] = spanJSON{Text: s.Text, Mark: s.Mark}
		}
		item := render(story{a: fromTeaser(h.Teaser), base: c.origin(r)}, searchFields)
		out.Items = append(out.Items, append(item, member{"snippet", spans}))
	}
	if next := q.Offset + len(res.Hits); len(res.Hits) > 0 && next < res.Total && next <= maxSearchOffset {
		out.NextOffset = &next
	}
	return send(w, r, out, contentCache)
}

// searchQuery checks a search's parameters and resolves its slugs. An
// unknown topic finds nothing rather than failing, as on /api/v1/articles,
// so that a topic of stories not yet out cannot be told from none.
func (c *Content) searchQuery(r *http.Request) (q news.SearchQuery, topicUnknown bool, err error) {
	v, err := queryValues(r, searchParams...)
	if err != nil {
		return q, false, err
	}
	q = news.SearchQuery{Edition: v.Get("edition"), Text: strings.TrimSpace(v.Get("q")), Limit: defaultLimit}
	if q.Edition == "" {
		return q, false, news.Invalid("edition", "give the edition to search, e.g. edition=en")
	}
	ed, err := c.edition(r.Context(), q.Edition)
	if err != nil {
		return q, false, news.Invalid("edition", "there is no edition %q; GET /api/v1/editions lists them", q.Edition)
	}
	switch {
	case q.Text == "":
		return q, false, news.Invalid("q", "give the words to search for, e.g. q=climate")
	case len(q.Text) > news.MaxSearchText:
		return q, false, news.Invalid("q", "a search is at most %d bytes", news.MaxSearchText)
	}
	if q.Limit, err = intParam(v.Get("limit"), "limit", defaultLimit, 1, maxLimit); err != nil {
		return q, false, err
	}
	if q.Offset, err = intParam(v.Get("offset"), "offset", 0, 0, maxSearchOffset); err != nil {
		return q, false, err
	}
	if q.From, q.To, err = news.ParseDays(v.Get("from"), v.Get("to"), ed.Location()); err != nil {
		return q, false, err
	}
	if slug := v.Get("section"); slug != "" {
		sec, err := c.Store.Section(r.Context(), ed.Code, slug)
		if err != nil {
			return q, false, news.NotFoundAsInvalid(err, "section", "there is no section %q in edition %q", slug, ed.Code)
		}
		q.SectionID = sec.ID
	}
	if slug := v.Get("topic"); slug != "" {
		t, err := c.Store.Topic(r.Context(), ed.Code, slug)
		if news.ErrorCode(err) == news.CodeNotFound {
			return q, true, nil
		}
		if err != nil {
			return q, false, err
		}
		q.TopicID = t.ID
	}
	return q, false, nil
}

// intParam reads a whole-number parameter in [lo, hi]; def when absent.
func intParam(s, name string, def, lo, hi int) (int, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, news.Invalid(name, "must be a whole number from %d to %d, got %q", lo, hi, s)
	}
	return n, nil
}
