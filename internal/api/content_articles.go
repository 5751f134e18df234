package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/media"
	"github.com/bylinehq/byline/internal/news"
)

// story is an article with what its public JSON needs besides.
type story struct {
	a            *news.Article
	translations []news.Translation
	base         string
}

// articleField is one member of an article's public JSON. teaser marks
// the fields a list can fill from its teasers without loading the story.
type articleField struct {
	name   string
	teaser bool
	value  func(s story) any
}

// articleFields is the public article JSON, in the order it is written.
// The OpenAPI document's Article schema lists the same names.
var articleFields = []articleField{
	{"id", true, func(s story) any { return s.a.ID }},
	{"edition", true, func(s story) any { return s.a.Edition }},
	{"section", true, func(s story) any {
		return sectionJSON{Slug: s.a.Section.Slug, Name: s.a.Section.Name, URL: s.base + "/" + s.a.Edition + "/" + s.a.Section.Slug + "/"}
	}},
	{"slug", true, func(s story) any { return s.a.Slug }},
	{"url", true, func(s story) any { return s.base + s.a.Path() }},
	{"path", true, func(s story) any { return s.a.Path() }},
	{"kind", true, func(s story) any { return s.a.Kind }},
	{"headline", true, func(s story) any { return s.a.Headline }},
	{"standfirst", true, func(s story) any { return s.a.Standfirst }},
	{"body_html", false, func(s story) any { return s.a.BodyHTML }},
	{"dateline", false, func(s story) any { return s.a.Dateline }},
	{"credit", false, func(s story) any { return s.a.Credit }},
	{"authors", false, func(s story) any {
		type byline struct {
			Slug string `json:"slug"`
			Name string `json:"name"`
			URL  string `json:"url"`
		}
		out := []byline{}
		for _, au := range s.a.Authors {
			out = append(out, byline{Slug: au.Slug, Name: au.Name, URL: s.base + au.Path(s.a.Edition)})
		}
		return out
	}},
	{"topics", false, func(s story) any {
		type topic struct {
			Slug string         `json:"slug"`
			Name string         `json:"name"`
			Kind news.TopicKind `json:"kind"`
			URL  string         `json:"url"`
		}
		out := []topic{}
		for _, t := range s.a.Topics {
			out = append(out, topic{Slug: t.Slug, Name: t.Name, Kind: t.Kind, URL: s.base + t.Path()})
		}
		return out
	}},
	{"image", true, func(s story) any { return publicImage(s.a.Image, s.base) }},
	{"published_at", true, func(s story) any { return s.a.PublishedAt.UTC() }},
	{"updated_at", true, func(s story) any {
		if s.a.UpdatedAt.After(s.a.PublishedAt) {
			return s.a.UpdatedAt.UTC()
		}
		return nil
	}},
	{"corrections", false, func(s story) any {
		type correction struct {
			Text      string    `json:"text"`
			CreatedAt time.Time `json:"created_at"`
		}
		out := []correction{}
		for _, c := range s.a.Corrections {
			out = append(out, correction{Text: c.Text, CreatedAt: c.CreatedAt.UTC()})
		}
		return out
	}},
	{"translations", false, func(s story) any {
		type translation struct {
			Edition string `json:"edition"`
			URL     string `json:"url"`
		}
		out := []translation{}
		for _, t := range s.translations {
			out = append(out, translation{Edition: t.Edition, URL: s.base + t.Path})
		}
		return out
	}},
}

var articleFieldIndex = func() map[string]int {
	m := map[string]int{}
	for i, f := range articleFields {
		m[f.name] = i
	}
	return m
}()

func articleFieldNames() []string {
	out := make([]string, len(articleFields))
	for i, f := range articleFields {
		out[i] = f.name
	}
	return out
}

type variantJSON struct {
	URL   string `json:"url"`
	Width int    `json:"width"`
}

type publicImageJSON struct {
	URL      string        `json:"url"`
	Width    int           `json:"width"`
	Height   int           `json:"height"`
	Alt      string        `json:"alt"`
	Caption  string        `json:"caption"`
	Credit   string        `json:"credit"`
	Variants []variantJSON `json:"variants"`
}

// publicImage describes a lead image with the narrower copies stored
// beside it, as the site's srcset offers them.
func publicImage(img *news.Image, base string) *publicImageJSON {
	if img == nil {
		return nil
	}
	out := &publicImageJSON{URL: base + "/media/" + img.Path, Width: img.Width, Height: img.Height, Alt: img.Alt,
		Caption: img.Caption, Credit: img.Credit, Variants: []variantJSON{}}
	for _, w := range media.Widths {
		if w < img.Width {
			out.Variants = append(out.Variants, variantJSON{URL: base + "/media/" + media.VariantPath(img.Path, w), Width: w})
		}
	}
	return out
}

// object is a JSON object that keeps its members in order.
type object []member

type member struct {
	key   string
	value any
}

// MarshalJSON writes the members in order, leaving HTML unescaped as the
// rest of the API does.
func (o object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	buf.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(m.key); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1) // Encode's newline
		buf.WriteByte(':')
		if err := enc.Encode(m.value); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// render builds s's JSON with the named fields, or all when names is nil.
func render(s story, names []string) object {
	if names == nil {
		names = articleFieldNames()
	}
	out := make(object, 0, len(names))
	for _, n := range names {
		out = append(out, member{n, articleFields[articleFieldIndex[n]].value(s)})
	}
	return out
}

// needsStory reports whether any of the named fields needs more than a
// teaser: then each listed story is loaded in full.
func needsStory(names []string) bool {
	if names == nil {
		return true
	}
	for _, n := range names {
		if !articleFields[articleFieldIndex[n]].teaser {
			return true
		}
	}
	return false
}

func needsTranslations(names []string) bool {
	return names == nil || strings.Contains(","+strings.Join(names, ",")+",", ",translations,")
}

// fromTeaser is the part of an article a teaser holds.
func fromTeaser(t news.Teaser) *news.Article {
	return &news.Article{ID: t.ID, Edition: t.Edition, Section: news.Section{Edition: t.Edition, Slug: t.SectionSlug, Name: t.SectionName},
		Slug: t.Slug, Kind: t.Kind, Headline: t.Headline, Standfirst: t.Standfirst, Image: t.Image,
		PublishedAt: t.PublishedAt, UpdatedAt: t.UpdatedAt}
}

// articlePage is GET /api/v1/articles's answer.
type articlePage struct {
	Items      []object `json:"items"`
	NextCursor *string  `json:"next_cursor"`
}

func (c *Content) articles(w http.ResponseWriter, r *http.Request) error {
	req, err := parseListRequest(r.URL.RawQuery)
	if err != nil {
		return err
	}
	now := c.Now()
	q, err := c.resolve(r, req)
	if err != nil {
		return err
	}
	q.Now = now
	page, err := c.Store.List(r.Context(), q)
	if err != nil {
		return err
	}
	stories, err := c.stories(r, page.Items, req.Fields, now)
	if err != nil {
		return err
	}
	out := articlePage{Items: []object{}}
	for _, s := range stories {
		out.Items = append(out.Items, render(s, req.Fields))
	}
	if page.Older != nil {
		next := page.Older.String()
		out.NextCursor = &next
	}
	return send(w, r, out, contentCache)
}

// resolve turns the slugs of a list request into a store query. A slug
// that names nothing is a fault in the request, not an empty list.
func (c *Content) resolve(r *http.Request, req listRequest) (news.ListQuery, error) {
	ctx := r.Context()
	q := news.ListQuery{Edition: req.Edition, UpdatedSince: req.UpdatedSince, Before: req.Cursor, Limit: req.Limit}
	if req.Edition != "" {
		if _, err := c.edition(ctx, req.Edition); err != nil {
			return q, news.Invalid("edition", "there is no edition %q; GET /api/v1/editions lists them", req.Edition)
		}
	}
	if req.Section != "" {
		sec, err := c.Store.Section(ctx, req.Edition, req.Section)
		if err != nil {
			return q, news.NotFoundAsInvalid(err, "section", "there is no section %q in edition %q", req.Section, req.Edition)
		}
		q.SectionID = sec.ID
	}
	// An unknown topic or author selects nothing rather than failing: a
	// topic or author known only from stories not yet out must answer
	// exactly as one that does not exist, or the error would tell.
	if req.Topic != "" {
		t, err := c.Store.Topic(ctx, req.Edition, req.Topic)
		if err != nil && news.ErrorCode(err) != news.CodeNotFound {
			return q, err
		}
		q.TopicID = t.ID
		if err != nil {
			q.TopicID = -1
		}
	}
	if req.Author != "" {
		a, err := c.Store.Author(ctx, req.Author)
		if err != nil && news.ErrorCode(err) != news.CodeNotFound {
			return q, err
		}
		q.AuthorID = a.ID
		if err != nil {
			q.AuthorID = -1
		}
	}
	return q, nil
}

// stories completes a page's teasers as far as fields need. A story that
// stopped being visible between the list and the load is left out.
func (c *Content) stories(r *http.Request, ts []news.Teaser, fields []string, now time.Time) ([]story, error) {
	out := make([]story, 0, len(ts))
	if !needsStory(fields) {
		for _, t := range ts {
			out = append(out, story{a: fromTeaser(t), base: c.origin(r)})
		}
		return out, nil
	}
	ids := make([]int64, len(ts))
	for i, t := range ts {
		ids[i] = t.ID
	}
	arts, err := c.Store.Articles(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	for _, a := range arts {
		if !a.VisibleAt(now) {
			continue
		}
		s := story{a: a, base: c.origin(r)}
		if needsTranslations(fields) {
			if s.translations, err = c.Store.Translations(r.Context(), a, now); err != nil {
				return nil, err
			}
		}
		out = append(out, s)
	}
	return out, nil
}

func (c *Content) article(w http.ResponseWriter, r *http.Request) error {
	if _, err := queryValues(r); err != nil {
		return err
	}
	id, err := contentID(r)
	if err != nil {
		return err
	}
	a, err := c.Store.Article(r.Context(), id)
	if err != nil {
		return noSuchStory(err)
	}
	return c.sendArticle(w, r, a)
}

// articleByPath finds a story by its address on the site, as a path
// (/en/world/some-slug) or a whole URL. A former address answers with the
// story as it is now, whose path and url are the current ones: a client
// that keeps a link can tell it moved without a second request.
func (c *Content) articleByPath(w http.ResponseWriter, r *http.Request) error {
	v, err := queryValues(r, "path")
	if err != nil {
		return err
	}
	raw := v.Get("path")
	if raw == "" {
		return news.Invalid("path", "give the story's address, e.g. path=/en/world/some-slug")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return news.Invalid("path", "%q is not a path or URL", raw)
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return news.Invalid("path", "a story's path is /{edition}/{section}/{slug}, got %q", u.Path)
	}
	a, _, err := c.Store.ArticleBySlug(r.Context(), parts[0], parts[2])
	if err != nil {
		return noSuchStory(err)
	}
	w.Header().Set("Content-Location", "/api/v1/articles/"+strconv.FormatInt(a.ID, 10))
	return c.sendArticle(w, r, a)
}

// noSuchStory gives every kind of missing story one answer, so that no
// one can tell a story not yet out from one that does not exist.
func noSuchStory(err error) error {
	if news.ErrorCode(err) == news.CodeNotFound {
		return news.NotFound("no such story")
	}
	return err
}

// sendArticle answers one story if readers may see it now. A withdrawn
// story is 410 Gone, as on the site; anything not yet out is 404, exactly
// as if there were no such story.
func (c *Content) sendArticle(w http.ResponseWriter, r *http.Request, a *news.Article) error {
	now := c.Now()
	if !a.VisibleAt(now) {
		w.Header().Del("Content-Location")
		if a.Status == news.Unpublished && !a.PublishedAt.IsZero() {
			return &news.Error{Code: news.CodeGone, Message: "the story was withdrawn"}
		}
		return noSuchStory(news.NotFound("not visible"))
	}
	s := story{a: a, base: c.origin(r)}
	var err error
	if s.translations, err = c.Store.Translations(r.Context(), a, now); err != nil {
		return err
	}
	return send(w, r, render(s, nil), contentCache)
}
