package site

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/bylinehq/byline/internal/news"
)

// searchPageSize is how many hits a results page shows; maxSearchPage
// bounds how deep a reader (or a crawler) can page.
const (
	searchPageSize = 20
	maxSearchPage  = 50
)

// searchRequest is a search page's query string, checked and resolved.
type searchRequest struct {
	Text, Section, Topic, From, To string
	Page                           int
	query                          news.SearchQuery
	topicName                      string
	unknownTopic                   bool // selects nothing, as on the API
}

type option struct {
	Value, Name string
	Selected    bool
}

type searchHit struct {
	teaser
	Snippet []news.Span
}

type searchPage struct {
	chrome
	Req        searchRequest
	Sections   []option
	TopicName  string
	Searched   bool // a query was given
	Count      string
	ResultsFor string
	Hits       []searchHit
	Prev       string
	Next       string
}

// parseSearch reads /{edition}/search's parameters. Unknown parameters are
// ignored, as on list pages; a malformed one is a CodeInvalid error.
func (s *Site) parseSearch(ctx context.Context, ed *edition, v url.Values) (searchRequest, error) {
	req := searchRequest{
		Text: strings.TrimSpace(v.Get("q")), Section: v.Get("section"), Topic: v.Get("topic"),
		From: v.Get("from"), To: v.Get("to"), Page: 1,
	}
	if len(req.Text) > news.MaxSearchText {
		return req, news.Invalid("q", "a search is at most %d bytes", news.MaxSearchText)
	}
	if p := v.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > maxSearchPage {
			return req, news.Invalid("page", "must be a page number from 1 to %d", maxSearchPage)
		}
		req.Page = n
	}
	q := news.SearchQuery{Edition: ed.Code, Text: req.Text, Limit: searchPageSize, Offset: (req.Page - 1) * searchPageSize}
	var err error
	if q.From, q.To, err = news.ParseDays(req.From, req.To, ed.zone); err != nil {
		return req, err
	}
	if req.Section != "" {
		sec, err := s.store.Section(ctx, ed.Code, req.Section)
		if err != nil {
			return req, news.NotFoundAsInvalid(err, "section", "there is no section %q", req.Section)
		}
		q.SectionID = sec.ID
	}
	// A topic known only from stories not yet out must look exactly like
	// one that does not exist: both find nothing.
	if req.Topic != "" {
		t, err := s.store.Topic(ctx, ed.Code, req.Topic)
		switch {
		case news.ErrorCode(err) == news.CodeNotFound:
			req.unknownTopic = true
		case err != nil:
			return req, err
		default:
			q.TopicID, req.topicName = t.ID, t.Name
		}
	}
	req.query = q
	return req, nil
}

// search is the edition's search page: the form alone for an empty query,
// else a page of hits, best first, with their matching words marked.
func (s *Site) search(w http.ResponseWriter, r *http.Request) error {
	ed, err := s.edition(r)
	if err != nil {
		return err
	}
	ctx, now := r.Context(), s.cfg.Now()
	req, err := s.parseSearch(ctx, ed, r.URL.Query())
	if err != nil {
		return err
	}
	var res news.SearchResult
	if req.Text != "" && !req.unknownTopic {
		req.query.Now = now
		res, err = s.store.Search(ctx, req.query)
		// A query the engine cannot use (only punctuation, say) finds
		// nothing; the page says so rather than failing.
		if err != nil && news.ErrorCode(err) != news.CodeInvalid {
			return err
		}
	}
	if req.Page > 1 && len(res.Hits) == 0 {
		return news.NotFound("no results at this position")
	}
	c, err := s.chrome(ctx, ed, "")
	if err != nil {
		return err
	}
	latest, err := s.latest(ctx, ed, now)
	if err != nil {
		return err
	}
	p := searchPage{chrome: c, Req: req, TopicName: req.topicName, Searched: req.Text != ""}
	p.SearchPage, p.NoIndex = true, true
	p.Title = ed.locale.T("search.heading") + " | " + ed.locale.T("site.name")
	if p.Searched {
		// The query is isolated (FSI … PDI) so that a Latin query reads
		// right inside an Arabic sentence, and an Arabic one inside a Latin.
		p.ResultsFor = ed.locale.T("search.results_for", "\u2068"+req.Text+"\u2069")
		p.Title = p.ResultsFor + " | " + ed.locale.T("site.name")
		p.Count = ed.locale.T("search.count", res.Total)
	}
	p.Description = ed.locale.T("search.description")
	p.Canonical = s.origin(r) + r.URL.Path + searchQuery(req, req.Page)
	for _, sec := range c.sections {
		p.Sections = append(p.Sections, option{Value: sec.Slug, Name: sec.Name, Selected: sec.Slug == req.Section})
	}
	v := views{ed: ed, now: now}
	p.Latest = v.teasers(latest, "")
	ts := make([]news.Teaser, len(res.Hits))
	for i, h := range res.Hits {
		ts[i] = h.Teaser
		p.Hits = append(p.Hits, searchHit{teaser: v.teaser(h.Teaser, sizesThumb), Snippet: h.Snippet})
	}
	if req.Page > 1 {
		p.Prev = r.URL.Path + searchQuery(req, req.Page-1)
	}
	if req.Page*searchPageSize < res.Total && req.Page < maxSearchPage {
		p.Next = r.URL.Path + searchQuery(req, req.Page+1)
	}
	return s.send(w, r, ed, "search", &p, now, newest(latest, ts))
}

// searchQuery is the query string of a search's page, its parameters in
// a fixed order and the empty ones left out.
func searchQuery(req searchRequest, page int) string {
	v := url.Values{}
	for _, kv := range [][2]string{{"q", req.Text}, {"section", req.Section}, {"topic", req.Topic}, {"from", req.From}, {"to", req.To}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}
