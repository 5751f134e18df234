package newsroom

import (
	"net/http"
	"strconv"

	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
)

func draftFrom(edition string, c editorial.Changes) editorial.Draft {
	return editorial.Draft{Edition: edition, Section: c.Section, Kind: c.Kind, Headline: c.Headline, Standfirst: c.Standfirst,
		Body: c.Body, Dateline: c.Dateline, Credit: c.Credit, Authors: c.Authors, Topics: c.Topics, Image: c.Image,
		Slug: c.Slug, EmbargoUntil: c.EmbargoUntil}
}

func storyPath(id int64) string { return "/admin/articles/" + strconv.FormatInt(id, 10) }

// step runs one workflow step on the {id} story and returns to the editor
// with a notice, or shows the editor with the reason it was refused.
func (n *Newsroom) step(w http.ResponseWriter, r *http.Request, v *viewer, notice string, run func(id int64) error) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	a, err := n.story(r, v)
	if err != nil {
		return err
	}
	if err := run(a.ID); err != nil {
		zone, zerr := n.zone(r, a.Edition)
		if zerr != nil {
			return zerr
		}
		return n.refuse(w, r, v, a, valuesFrom(a, zone), err)
	}
	n.cfg.OnChange(r.Context())
	return done(w, r, storyPath(a.ID), notice)
}

func (n *Newsroom) submit(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return n.step(w, r, v, "submitted", func(id int64) error {
		_, err := n.cfg.Editorial.Submit(r.Context(), v.User, id)
		return err
	})
}

// publish publishes now, or schedules when the form has a time ("at", in
// the edition's zone).
func (n *Newsroom) publish(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	notice := "published"
	if r.PostFormValue("at") != "" {
		notice = "scheduled"
	}
	return n.step(w, r, v, notice, func(id int64) error {
		a, err := n.store.Article(r.Context(), id)
		if err != nil {
			return err
		}
		zone, err := n.zone(r, a.Edition)
		if err != nil {
			return err
		}
		at, err := localTime(r.FormValue("at"), zone)
		if err != nil {
			return err
		}
		_, err = n.cfg.Editorial.Publish(r.Context(), v.User, id, at)
		return err
	})
}

func (n *Newsroom) unpublish(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return n.step(w, r, v, "unpublished", func(id int64) error {
		_, err := n.cfg.Editorial.Unpublish(r.Context(), v.User, id)
		return err
	})
}

func (n *Newsroom) correct(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return n.step(w, r, v, "corrected", func(id int64) error {
		_, err := n.cfg.Editorial.Correct(r.Context(), v.User, id, r.FormValue("correction"))
		return err
	})
}

// translate starts the linked draft and opens it.
func (n *Newsroom) translate(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	a, err := n.story(r, v)
	if err != nil {
		return err
	}
	t, err := n.cfg.Editorial.Translate(r.Context(), v.User, a.ID, r.FormValue("edition"))
	if err != nil {
		zone, zerr := n.zone(r, a.Edition)
		if zerr != nil {
			return zerr
		}
		return n.refuse(w, r, v, a, valuesFrom(a, zone), err)
	}
	return done(w, r, storyPath(t.ID), "translation_started")
}

// attachUpload stores an image sent with the editor form and points the
// form's image at it.
func (n *Newsroom) attachUpload(r *http.Request, v *viewer, f *formValues) error {
	if r.MultipartForm == nil {
		return nil
	}
	file, hdr, err := r.FormFile("image_file")
	if err != nil || hdr.Size == 0 {
		return nil // no file chosen
	}
	defer file.Close()
	m, err := n.cfg.Editorial.UploadImage(r.Context(), v.User, file)
	if err != nil {
		return err
	}
	f.ImagePath = m.Path
	return nil
}

// upload takes an image on its own (the editor's script): answers JSON.
func (n *Newsroom) upload(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		return news.Invalid("file", "choose an image to upload")
	}
	defer file.Close()
	m, err := n.cfg.Editorial.UploadImage(r.Context(), v.User, file)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"path": m.Path, "width": m.Width, "height": m.Height, "url": "/media/" + m.Path})
}

// suggestTopics answers the editor's topic field as the person types.
func (n *Newsroom) suggestTopics(w http.ResponseWriter, r *http.Request, v *viewer) error {
	q := r.URL.Query()
	prefix := q.Get("q")
	if len([]rune(prefix)) < 1 || len(prefix) > 100 {
		return writeJSON(w, http.StatusOK, map[string]any{"topics": []string{}})
	}
	refs, err := n.store.SuggestTopics(r.Context(), q.Get("edition"), prefix, 8)
	if err != nil {
		return err
	}
	names := []string{}
	for _, t := range refs {
		names = append(names, t.Name)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"topics": names})
}
