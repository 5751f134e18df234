package api

import (
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/web"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func (a *API) createSection(w http.ResponseWriter, r *http.Request, u news.User) error {
	if !u.Can(news.ActManageSections, nil) {
		return news.Errorf(news.CodeForbidden, "only admins manage sections")
	}
	var req struct {
		Edition  string `json:"edition"`
		Slug     string `json:"slug"`
		Name     string `json:"name"`
		Position int    `json:"position"`
	}
	if err := decode(r, &req); err != nil {
		return err
	}
	sec := news.Section{Edition: req.Edition, Slug: req.Slug, Name: req.Name, Position: req.Position}
	if err := a.Editorial.Store.CreateSection(r.Context(), &sec); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": sec.ID, "edition": sec.Edition, "slug": sec.Slug, "name": sec.Name, "url": web.Origin(a.BaseURL, r) + sec.Path()})
	return nil
}

// uploadImage takes the image either as a multipart form field "file" or as
// the raw request body with an image Content-Type.
func (a *API) uploadImage(w http.ResponseWriter, r *http.Request, u news.User) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxImage)
	var src io.Reader = r.Body
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		f, _, err := r.FormFile("file")
		if err != nil {
			return news.Invalid("file", "send the image in a form field named file")
		}
		defer f.Close()
		src = f
	}
	m, err := a.Editorial.UploadImage(r.Context(), u, src)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"path": m.Path, "width": m.Width, "height": m.Height,
		"content_type": m.ContentType, "bytes": m.Bytes, "url": web.Origin(a.BaseURL, r) + "/media/" + m.Path})
	return nil
}
