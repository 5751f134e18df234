package api

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/web"
)

// ContentReader is the part of the store the Content API reads.
type ContentReader interface {
	Editions(ctx context.Context) ([]news.Edition, error)
	Sections(ctx context.Context, edition string) ([]news.Section, error)
	Section(ctx context.Context, edition, slug string) (news.Section, error)
	Topic(ctx context.Context, edition, slug string) (news.TopicRef, error)
	Author(ctx context.Context, slug string) (news.Author, error)
	Article(ctx context.Context, id int64) (*news.Article, error)
	ArticleBySlug(ctx context.Context, edition, slug string) (*news.Article, bool, error)
	List(ctx context.Context, q news.ListQuery) (news.Page, error)
	Translations(ctx context.Context, a *news.Article, now time.Time) ([]news.Translation, error)
	news.ContentStore
	news.SearchStore
}

// Content is the public, read-only Content API under /api/v1/. It answers
// only with what readers may see at Now: a draft, a story scheduled for
// later, an embargoed or a withdrawn one is, to it, no story at all.
type Content struct {
	Store ContentReader
	// BaseURL is the public origin URLs start with; when empty it is
	// taken from each request, which is right only when clients reach
	// Byline directly, as on the site.
	BaseURL string
	Now     func() time.Time
	Log     *slog.Logger
	// Limiter bounds each client's request rate; nil means no limit.
	Limiter *RateLimiter
}

// contentCache is how long browsers and proxies may reuse an answer: a
// story whose time comes shows up in lists at most this late.
const contentCache = "public, max-age=60"

// Routes is the Content API's route table; every route is public.
func (c *Content) Routes() []Route {
	h := func(fn web.HandlerFunc) http.Handler { return web.Handle(c.Log, fn, WriteError) }
	return []Route{
		{Pattern: "GET /api/v1/openapi.json", Handler: http.HandlerFunc(serveOpenAPI)},
		{Pattern: "GET /api/v1/editions", Handler: h(c.editions)},
		{Pattern: "GET /api/v1/editions/{edition}/sections", Handler: h(c.sections)},
		{Pattern: "GET /api/v1/editions/{edition}/topics", Handler: h(c.topics)},
		{Pattern: "GET /api/v1/authors", Handler: h(c.authors)},
		{Pattern: "GET /api/v1/articles", Handler: h(c.articles)},
		{Pattern: "GET /api/v1/articles/by-path", Handler: h(c.articleByPath)},
		{Pattern: "GET /api/v1/articles/{id}", Handler: h(c.article)},
		{Pattern: "GET /api/v1/search", Handler: h(c.search)},
	}
}

// Register adds the Content API's routes, each behind CORS and the rate
// limit, and a catch-all under /api/v1/ that answers CORS preflights and
// a JSON 404 for anything else. The Admin API's routes are more specific
// and never pass through here, so they never carry CORS headers.
func (c *Content) Register(mux *http.ServeMux) {
	wrap := func(h http.Handler) http.Handler {
		if c.Limiter != nil {
			h = c.Limiter.Limit(h)
		}
		return cors(h)
	}
	for _, r := range c.Routes() {
		mux.Handle(r.Pattern, wrap(r.Handler))
	}
	mux.Handle("/api/v1/", wrap(web.Handle(c.Log, func(w http.ResponseWriter, r *http.Request) error {
		if r.Method == http.MethodOptions {
			preflight(w)
			return nil
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return news.NotFound("the Content API is read-only: %s is not answered here; see /api/v1/openapi.json", r.Method)
		}
		return news.NotFound("no such API call; see /api/v1/openapi.json for the list")
	}, WriteError)))
}

// cors lets pages on any origin read the public answers, errors included,
// with the headers a client needs to revalidate and to back off.
func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Expose-Headers", "ETag, Retry-After, X-Request-Id")
		next.ServeHTTP(w, r)
	})
}

// preflight answers a CORS preflight: GET and HEAD with validators only.
func preflight(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Accept, Cache-Control, If-Modified-Since, If-None-Match")
	h.Set("Access-Control-Max-Age", "86400")
	h.Set("Cache-Control", "public, max-age=86400")
	w.WriteHeader(http.StatusNoContent)
}

// send writes v as a cacheable JSON answer with an ETag, so that a client
// holding the same bytes gets 304 Not Modified.
func send(w http.ResponseWriter, r *http.Request, v any, cache string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	web.Write(w, r, web.Body{ContentType: "application/json; charset=utf-8", Data: buf.Bytes(), CacheControl: cache})
	return nil
}

// list is the envelope of the lists that are not paginated.
type list[T any] struct {
	Items []T `json:"items"`
}

type editionJSON struct {
	Code      string         `json:"code"`
	Language  string         `json:"language"`
	Name      string         `json:"name"`
	TimeZone  string         `json:"time_zone"`
	Direction news.Direction `json:"direction"`
	URL       string         `json:"url"`
}

func (c *Content) editions(w http.ResponseWriter, r *http.Request) error {
	eds, err := c.Store.Editions(r.Context())
	if err != nil {
		return err
	}
	out := list[editionJSON]{Items: []editionJSON{}}
	for _, e := range eds {
		out.Items = append(out.Items, editionJSON{Code: e.Code, Language: e.Tag, Name: e.Name, TimeZone: e.TimeZone,
			Direction: e.Dir, URL: c.origin(r) + "/" + e.Code + "/"})
	}
	return send(w, r, out, contentCache)
}

// edition resolves the {edition} path segment: an unknown one is 404.
func (c *Content) edition(ctx context.Context, code string) (news.Edition, error) {
	eds, err := c.Store.Editions(ctx)
	if err != nil {
		return news.Edition{}, err
	}
	for _, e := range eds {
		if e.Code == code {
			return e, nil
		}
	}
	return news.Edition{}, news.NotFound("no edition %q; GET /api/v1/editions lists them", code)
}

type sectionJSON struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

func (c *Content) sections(w http.ResponseWriter, r *http.Request) error {
	ed, err := c.edition(r.Context(), r.PathValue("edition"))
	if err != nil {
		return err
	}
	secs, err := c.Store.Sections(r.Context(), ed.Code)
	if err != nil {
		return err
	}
	out := list[sectionJSON]{Items: []sectionJSON{}}
	for _, s := range secs {
		out.Items = append(out.Items, sectionJSON{Slug: s.Slug, Name: s.Name, URL: c.origin(r) + s.Path()})
	}
	return send(w, r, out, contentCache)
}

type topicJSON struct {
	Slug     string         `json:"slug"`
	Name     string         `json:"name"`
	Kind     news.TopicKind `json:"kind"`
	URL      string         `json:"url"`
	Articles int            `json:"articles"`
}

// topics lists the topics with stories readers can see, so that a topic
// named only in an embargoed story does not give it away.
func (c *Content) topics(w http.ResponseWriter, r *http.Request) error {
	ed, err := c.edition(r.Context(), r.PathValue("edition"))
	if err != nil {
		return err
	}
	ts, err := c.Store.TopicsInPrint(r.Context(), ed.Code, c.Now())
	if err != nil {
		return err
	}
	out := list[topicJSON]{Items: []topicJSON{}}
	for _, t := range ts {
		out.Items = append(out.Items, topicJSON{Slug: t.Slug, Name: t.Name, Kind: t.Kind, URL: c.origin(r) + t.Path(), Articles: t.Stories})
	}
	return send(w, r, out, contentCache)
}

type authorJSON struct {
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	URL      string `json:"url,omitempty"`
	Articles int    `json:"articles"`
}

// authors lists the authors with stories readers can see, in one edition
// with ?edition= (their page there is url), else in all.
func (c *Content) authors(w http.ResponseWriter, r *http.Request) error {
	v, err := queryValues(r, "edition")
	if err != nil {
		return err
	}
	code := v.Get("edition")
	if code != "" {
		if _, err := c.edition(r.Context(), code); err != nil {
			return news.Invalid("edition", "there is no edition %q", code)
		}
	}
	as, err := c.Store.AuthorsInPrint(r.Context(), code, c.Now())
	if err != nil {
		return err
	}
	out := list[authorJSON]{Items: []authorJSON{}}
	for _, a := range as {
		j := authorJSON{Slug: a.Slug, Name: a.Name, Articles: a.Stories}
		if code != "" {
			j.URL = c.origin(r) + a.Path(code)
		}
		out.Items = append(out.Items, j)
	}
	return send(w, r, out, contentCache)
}

// origin is the scheme and host that URLs start with.
func (c *Content) origin(r *http.Request) string { return web.Origin(c.BaseURL, r) }

func contentID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, news.NotFound("no story with id %q", r.PathValue("id"))
	}
	return id, nil
}
