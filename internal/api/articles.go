package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/web"
)

// articleJSON is an article as the API shows it.
type articleJSON struct {
	ID               int64            `json:"id"`
	Edition          string           `json:"edition"`
	Section          string           `json:"section"`
	Slug             string           `json:"slug"`
	URL              string           `json:"url"`
	Kind             news.Kind        `json:"kind"`
	Headline         string           `json:"headline"`
	Standfirst       string           `json:"standfirst"`
	Body             string           `json:"body"`
	BodyHTML         string           `json:"body_html"`
	Dateline         string           `json:"dateline"`
	Credit           string           `json:"credit"`
	Authors          []string         `json:"authors"`
	Topics           []string         `json:"topics"`
	Image            *imageJSON       `json:"image"`
	Status           news.Status      `json:"status"`
	Revision         int              `json:"revision"`
	PublishedAt      *time.Time       `json:"published_at"`
	UpdatedAt        *time.Time       `json:"updated_at"`
	CreatedAt        time.Time        `json:"created_at"`
	EmbargoUntil     *time.Time       `json:"embargo_until"`
	TranslationGroup int64            `json:"translation_group,omitempty"`
	Corrections      []correctionJSON `json:"corrections"`
}

type imageJSON struct {
	Path    string `json:"path"`
	Width   int    `json:"width,omitempty"`
	Height  int    `json:"height,omitempty"`
	Alt     string `json:"alt"`
	Caption string `json:"caption,omitempty"`
	Credit  string `json:"credit,omitempty"`
}

type correctionJSON struct {
	ID        int64     `json:"id"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"created_at"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func (a *API) toJSON(r *http.Request, ar *news.Article) articleJSON {
	out := articleJSON{ID: ar.ID, Edition: ar.Edition, Section: ar.Section.Slug, Slug: ar.Slug, URL: web.Origin(a.BaseURL, r) + ar.Path(),
		Kind: ar.Kind, Headline: ar.Headline, Standfirst: ar.Standfirst, Body: ar.BodyMarkdown, BodyHTML: ar.BodyHTML,
		Dateline: ar.Dateline, Credit: ar.Credit, Status: ar.Status, Revision: ar.Revision,
		PublishedAt: optTime(ar.PublishedAt), UpdatedAt: optTime(ar.UpdatedAt), CreatedAt: ar.CreatedAt,
		EmbargoUntil: optTime(ar.EmbargoUntil), TranslationGroup: ar.TranslationGroup,
		Authors: []string{}, Topics: []string{}, Corrections: []correctionJSON{}}
	for _, au := range ar.Authors {
		out.Authors = append(out.Authors, au.Slug)
	}
	for _, t := range ar.Topics {
		out.Topics = append(out.Topics, t.Name)
	}
	if ar.Image != nil {
		out.Image = &imageJSON{Path: ar.Image.Path, Width: ar.Image.Width, Height: ar.Image.Height, Alt: ar.Image.Alt,
			Caption: ar.Image.Caption, Credit: ar.Image.Credit}
	}
	for _, c := range ar.Corrections {
		out.Corrections = append(out.Corrections, correctionJSON{ID: c.ID, Text: c.Text, CreatedAt: c.CreatedAt})
	}
	return out
}

func (i *imageJSON) image() *news.Image {
	if i == nil {
		return nil
	}
	return &news.Image{Path: i.Path, Alt: i.Alt, Caption: i.Caption, Credit: i.Credit}
}

// createRequest is POST /articles: the PRODUCT.md contract plus the
// optional fields the newsroom has.
type createRequest struct {
	Edition       string     `json:"edition"`
	Section       string     `json:"section"`
	Headline      string     `json:"headline"`
	Standfirst    string     `json:"standfirst"`
	Body          string     `json:"body"`
	Dateline      string     `json:"dateline"`
	Credit        string     `json:"credit"`
	Topics        []string   `json:"topics"`
	Authors       []string   `json:"authors"`
	Kind          news.Kind  `json:"kind"`
	Slug          string     `json:"slug"`
	Image         *imageJSON `json:"image"`
	PublishedAt   *time.Time `json:"published_at"`
	EmbargoUntil  *time.Time `json:"embargo_until"`
	TranslationOf int64      `json:"translation_of"`
}

func (a *API) createArticle(w http.ResponseWriter, r *http.Request, u news.User) error {
	var req createRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	d := editorial.Draft{Edition: req.Edition, Section: req.Section, Kind: req.Kind, Headline: req.Headline,
		Standfirst: req.Standfirst, Body: req.Body, Dateline: req.Dateline, Credit: req.Credit, Authors: req.Authors,
		Topics: req.Topics, Image: req.Image.image(), Slug: req.Slug, TranslationOf: req.TranslationOf}
	if req.PublishedAt != nil {
		d.PublishedAt = *req.PublishedAt
	}
	if req.EmbargoUntil != nil {
		d.EmbargoUntil = *req.EmbargoUntil
	}
	ar, err := a.Editorial.Create(r.Context(), u, d)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/admin/articles/"+itoa(ar.ID))
	writeJSON(w, http.StatusCreated, map[string]any{"id": ar.ID, "status": ar.Status, "url": web.Origin(a.BaseURL, r) + ar.Path(), "revision": ar.Revision})
	return nil
}

// viewable loads a story the account may see.
func (a *API) viewable(r *http.Request, u news.User) (*news.Article, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	ar, err := a.Editorial.Store.Article(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !u.Can(news.ActView, ar) {
		return nil, news.Errorf(news.CodeForbidden, "your account may not see this story")
	}
	return ar, nil
}

func (a *API) getArticle(w http.ResponseWriter, r *http.Request, u news.User) error {
	ar, err := a.viewable(r, u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a.toJSON(r, ar))
	return nil
}

// patchRequest changes the fields present; absent fields keep their value.
// Revision is required: the revision the change is based on.
type patchRequest struct {
	Revision     *int            `json:"revision"`
	Section      *string         `json:"section"`
	Kind         *news.Kind      `json:"kind"`
	Headline     *string         `json:"headline"`
	Standfirst   *string         `json:"standfirst"`
	Body         *string         `json:"body"`
	Dateline     *string         `json:"dateline"`
	Credit       *string         `json:"credit"`
	Authors      *[]string       `json:"authors"`
	Topics       *[]string       `json:"topics"`
	Slug         *string         `json:"slug"`
	Image        json.RawMessage `json:"image"` // an object, or null to remove
	EmbargoUntil json.RawMessage `json:"embargo_until"`
}

func (a *API) patchArticle(w http.ResponseWriter, r *http.Request, u news.User) error {
	ar, err := a.viewable(r, u)
	if err != nil {
		return err
	}
	var req patchRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if req.Revision == nil {
		return news.Invalid("revision", "send the revision your change is based on (GET the article for it)")
	}
	c := editorial.ChangesFrom(ar)
	c.BaseRevision = *req.Revision
	if err := req.apply(&c); err != nil {
		return err
	}
	updated, err := a.Editorial.Update(r.Context(), u, ar.ID, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a.toJSON(r, updated))
	return nil
}

func (p patchRequest) apply(c *editorial.Changes) error {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&c.Section, p.Section)
	set(&c.Headline, p.Headline)
	set(&c.Standfirst, p.Standfirst)
	set(&c.Body, p.Body)
	set(&c.Dateline, p.Dateline)
	set(&c.Credit, p.Credit)
	set(&c.Slug, p.Slug)
	if p.Kind != nil {
		c.Kind = *p.Kind
	}
	if p.Authors != nil {
		c.Authors = *p.Authors
	}
	if p.Topics != nil {
		c.Topics = *p.Topics
	}
	if len(p.Image) > 0 {
		var img *imageJSON
		if err := json.Unmarshal(p.Image, &img); err != nil {
			return news.Invalid("image", "must be an object with path and alt, or null")
		}
		c.Image = img.image()
	}
	if len(p.EmbargoUntil) > 0 {
		var t *time.Time
		if err := json.Unmarshal(p.EmbargoUntil, &t); err != nil {
			return news.Invalid("embargo_until", "must be an RFC 3339 time or null")
		}
		c.EmbargoUntil = time.Time{}
		if t != nil {
			c.EmbargoUntil = *t
		}
	}
	return nil
}

func (a *API) submit(w http.ResponseWriter, r *http.Request, u news.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ar, err := a.Editorial.Submit(r.Context(), u, id)
	return a.answer(w, r, ar, err)
}

func (a *API) publish(w http.ResponseWriter, r *http.Request, u news.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req struct {
		At *time.Time `json:"at"`
	}
	if r.ContentLength != 0 {
		if err := decode(r, &req); err != nil {
			return err
		}
	}
	var at time.Time
	if req.At != nil {
		at = *req.At
	}
	ar, err := a.Editorial.Publish(r.Context(), u, id, at)
	return a.answer(w, r, ar, err)
}

func (a *API) unpublish(w http.ResponseWriter, r *http.Request, u news.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ar, err := a.Editorial.Unpublish(r.Context(), u, id)
	return a.answer(w, r, ar, err)
}

func (a *API) correct(w http.ResponseWriter, r *http.Request, u news.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req struct {
		Text string `json:"text"`
	}
	if err := decode(r, &req); err != nil {
		return err
	}
	c, err := a.Editorial.Correct(r.Context(), u, id, req.Text)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, correctionJSON{ID: c.ID, Text: c.Text, CreatedAt: c.CreatedAt})
	return nil
}

func (a *API) translate(w http.ResponseWriter, r *http.Request, u news.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req struct {
		Edition string `json:"edition"`
	}
	if err := decode(r, &req); err != nil {
		return err
	}
	ar, err := a.Editorial.Translate(r.Context(), u, id, req.Edition)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a.toJSON(r, ar))
	return nil
}

func (a *API) answer(w http.ResponseWriter, r *http.Request, ar *news.Article, err error) error {
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a.toJSON(r, ar))
	return nil
}

type revisionJSON struct {
	Number    int         `json:"revision"`
	User      string      `json:"user"`
	CreatedAt time.Time   `json:"created_at"`
	Status    news.Status `json:"status"`
	Headline  string      `json:"headline"`
}

func (a *API) revisions(w http.ResponseWriter, r *http.Request, u news.User) error {
	ar, err := a.viewable(r, u)
	if err != nil {
		return err
	}
	revs, err := a.Editorial.Store.Revisions(r.Context(), ar.ID)
	if err != nil {
		return err
	}
	out := []revisionJSON{}
	for _, rv := range revs {
		out = append(out, revisionJSON{Number: rv.Number, User: rv.UserName, CreatedAt: rv.CreatedAt, Status: rv.Status, Headline: rv.Headline})
	}
	writeJSON(w, http.StatusOK, map[string]any{"revisions": out})
	return nil
}
