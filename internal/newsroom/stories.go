package newsroom

import (
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

type listData struct {
	View     string
	Views    []string
	Edition  string
	Editions []news.Edition
	Query    string
	Rows     []row
	Page     int
	Next     bool
}

// views are the newsroom's story lists and the statuses each shows.
var views = map[string][]news.Status{
	"all":         nil,
	"drafts":      {news.Draft},
	"review":      {news.InReview},
	"scheduled":   {news.Scheduled},
	"published":   {news.Published},
	"unpublished": {news.Unpublished},
}

var viewOrder = []string{"all", "drafts", "review", "scheduled", "published", "unpublished"}

const listPage = 50

// list shows stories. Writers see their own; editors see everyone's.
func (n *Newsroom) list(w http.ResponseWriter, r *http.Request, v *viewer) error {
	q := r.URL.Query()
	view := q.Get("view")
	statuses, ok := views[view]
	if !ok {
		view, statuses = "all", nil
	}
	pageNo, _ := strconv.Atoi(q.Get("page"))
	pageNo = max(1, min(pageNo, 1000))
	dq := news.DeskQuery{Statuses: statuses, Edition: q.Get("edition"), Search: q.Get("q"), Limit: listPage + 1, Offset: (pageNo - 1) * listPage}
	if !v.User.Role.AtLeast(news.RoleEditor) {
		dq.CreatedBy = v.User.ID
	}
	items, err := n.store.Desk(r.Context(), dq)
	if err != nil {
		return err
	}
	zones, err := n.zones(r)
	if err != nil {
		return err
	}
	eds, err := n.store.Editions(r.Context())
	if err != nil {
		return err
	}
	d := listData{View: view, Views: viewOrder, Edition: dq.Edition, Editions: eds, Query: dq.Search, Page: pageNo}
	if len(items) > listPage {
		items, d.Next = items[:listPage], true
	}
	d.Rows = rows(items, zones)
	return n.render(w, r, http.StatusOK, "list", n.withNav(n.newPage(r, "nr.list.title", d), "list-"+view))
}

// editorData is everything the story editor shows.
type editorData struct {
	Article      *news.Article
	Form         formValues
	Edition      news.Edition
	Sections     []news.Section
	Authors      []news.Author
	Kinds        []news.Kind
	Editions     []news.Edition
	Translations []news.Translation
	TranslateTo  []news.Edition
	Preview      template.HTML
	Conflict     int // the current revision, when a save was refused as stale
	Autosave     *news.Autosave
	AutosaveJSON string
	Can          map[string]bool
	ScheduleAt   string
	Action       string
	Topics       relevanceData
}

// editorPage loads what the editor needs for a story (nil for a new one) in
// an edition.
func (n *Newsroom) editorPage(r *http.Request, v *viewer, a *news.Article, edition string, f formValues) (*page, *editorData, error) {
	ctx := r.Context()
	eds, err := n.store.Editions(ctx)
	if err != nil {
		return nil, nil, err
	}
	d := &editorData{Article: a, Form: f, Kinds: []news.Kind{news.News, news.Analysis, news.Opinion}, Can: map[string]bool{}, Editions: eds}
	for _, e := range eds {
		if e.Code == edition {
			d.Edition = e
		}
	}
	if d.Edition.Code == "" {
		return nil, nil, news.NotFound("no edition %q", edition)
	}
	if d.Sections, err = n.store.Sections(ctx, edition); err != nil {
		return nil, nil, err
	}
	if d.Authors, err = n.store.Authors(ctx); err != nil {
		return nil, nil, err
	}
	probe := a
	if probe == nil {
		probe = &news.Article{Status: news.Draft, CreatedBy: v.User.ID}
	}
	for _, act := range []news.Action{news.ActEdit, news.ActSubmit, news.ActPublish, news.ActUnpublish, news.ActCorrect, news.ActTranslate} {
		d.Can[string(act)] = v.User.Can(act, probe)
	}
	d.ScheduleAt = n.cfg.Now().In(d.Edition.Location()).Add(time.Hour).Truncate(time.Hour).Format(datetimeLocal)
	if a != nil {
		if err := n.loadStoryExtras(r, v, a, eds, d); err != nil {
			return nil, nil, err
		}
	}
	title, nav := "nr.editor.new", "editor"
	if a != nil {
		title, nav = "nr.editor.title", "list-all"
	}
	return n.withNav(n.newPage(r, title, d), nav), d, nil
}

func (n *Newsroom) loadStoryExtras(r *http.Request, v *viewer, a *news.Article, eds []news.Edition, d *editorData) error {
	ctx := r.Context()
	var err error
	if d.Translations, err = n.store.Translations(ctx, a, farFuture); err != nil {
		return err
	}
	have := map[string]bool{a.Edition: true}
	for _, t := range d.Translations {
		have[t.Edition] = true
	}
	for _, e := range eds {
		if !have[e.Code] {
			d.TranslateTo = append(d.TranslateTo, e)
		}
	}
	if as, err := n.store.Autosave(ctx, a.ID, v.User.ID); err == nil {
		d.Autosave, d.AutosaveJSON = &as, as.Fields
	}
	return n.loadRelevance(ctx, v, a, d)
}

// newForm is the editor for a story not yet saved.
func (n *Newsroom) newForm(w http.ResponseWriter, r *http.Request, v *viewer) error {
	edition := r.URL.Query().Get("edition")
	if edition == "" {
		edition = defaultEdition(v.User.Language)
	}
	f := formValues{Edition: edition, Kind: string(news.News)}
	p, _, err := n.editorPage(r, v, nil, edition, f)
	if err != nil {
		return err
	}
	return n.render(w, r, http.StatusOK, "editor", p)
}

func defaultEdition(lang string) string {
	if slices.Contains([]string{"en", "es", "fr", "ar"}, lang) {
		return lang
	}
	return "en"
}

// create saves a new story and opens it in the editor.
func (n *Newsroom) create(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r)
	zone, err := n.zone(r, f.Edition)
	if err != nil {
		return err
	}
	if err := n.attachUpload(r, v, &f); err != nil {
		return n.refuse(w, r, v, nil, f, err)
	}
	if r.FormValue("action") == "preview" {
		return n.showPreview(w, r, v, nil, f)
	}
	c, err := f.changes(zone)
	if err != nil {
		return n.refuse(w, r, v, nil, f, err)
	}
	d := draftFrom(f.Edition, c)
	a, err := n.cfg.Editorial.Create(r.Context(), v.User, d)
	if err != nil {
		return n.refuse(w, r, v, nil, f, err)
	}
	return done(w, r, "/admin/articles/"+strconv.FormatInt(a.ID, 10), "created")
}

// edit shows the editor for a stored story.
func (n *Newsroom) edit(w http.ResponseWriter, r *http.Request, v *viewer) error {
	a, err := n.story(r, v)
	if err != nil {
		return err
	}
	zone, err := n.zone(r, a.Edition)
	if err != nil {
		return err
	}
	p, _, err := n.editorPage(r, v, a, a.Edition, valuesFrom(a, zone))
	if err != nil {
		return err
	}
	return n.render(w, r, http.StatusOK, "editor", p)
}

// story loads the {id} story if the viewer may see it.
func (n *Newsroom) story(r *http.Request, v *viewer) (*news.Article, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, news.NotFound("no story %q", r.PathValue("id"))
	}
	a, err := n.store.Article(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !v.User.Can(news.ActView, a) {
		return nil, news.Errorf(news.CodeForbidden, "your account may not open this story")
	}
	return a, nil
}

// save stores a new revision. A refused save shows the editor again with
// exactly what the person typed, so nothing is lost.
func (n *Newsroom) save(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	a, err := n.story(r, v)
	if err != nil {
		return err
	}
	f := readForm(r)
	f.Edition = a.Edition
	if err := n.attachUpload(r, v, &f); err != nil {
		return n.refuse(w, r, v, a, f, err)
	}
	if r.FormValue("action") == "preview" {
		return n.showPreview(w, r, v, a, f)
	}
	if r.FormValue("action") == "overwrite" {
		// The person saw the conflict and chose to replace the newer
		// revision with their text.
		f.Revision = a.Revision
	}
	zone, err := n.zone(r, a.Edition)
	if err != nil {
		return err
	}
	c, err := f.changes(zone)
	if err != nil {
		return n.refuse(w, r, v, a, f, err)
	}
	updated, err := n.cfg.Editorial.Update(r.Context(), v.User, a.ID, c)
	if err != nil {
		return n.refuse(w, r, v, a, f, err)
	}
	if updated.Status == news.Published {
		n.cfg.OnChange(r.Context())
	}
	return done(w, r, "/admin/articles/"+strconv.FormatInt(a.ID, 10), "saved")
}

// refuse shows the editor again after a refused save, with the typed
// fields, the reason, and for a conflict the revision that won.
func (n *Newsroom) refuse(w http.ResponseWriter, r *http.Request, v *viewer, a *news.Article, f formValues, cause error) error {
	code := news.ErrorCode(cause)
	if code != news.CodeInvalid && code != news.CodeConflict && code != news.CodeForbidden {
		return cause
	}
	p, d, err := n.editorPage(r, v, a, f.Edition, f)
	if err != nil {
		return err
	}
	p.Problem = problem(p.L, cause)
	status := http.StatusBadRequest
	var ne *news.Error
	switch code {
	case news.CodeConflict:
		status = http.StatusConflict
		if a != nil && errors.As(cause, &ne) && ne.Field == "" {
			// A newer revision won: the conflict box says what happened
			// and what to do, with the typed text kept below.
			d.Conflict, p.Problem = a.Revision, ""
		}
	case news.CodeForbidden:
		status = http.StatusForbidden
	}
	return n.render(w, r, status, "editor", p)
}

func (n *Newsroom) showPreview(w http.ResponseWriter, r *http.Request, v *viewer, a *news.Article, f formValues) error {
	p, d, err := n.editorPage(r, v, a, f.Edition, f)
	if err != nil {
		return err
	}
	html, err := n.cfg.Markup.Render(f.Body)
	if err != nil {
		return err
	}
	d.Preview = template.HTML(html) //nolint:gosec // sanitized by the renderer
	return n.render(w, r, http.StatusOK, "editor", p)
}

// preview renders Markdown for the editor's live preview (JavaScript).
func (n *Newsroom) preview(w http.ResponseWriter, r *http.Request, v *viewer) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, news.MaxBody+1))
	if err != nil {
		return err
	}
	if len(body) > news.MaxBody {
		return news.Invalid("body", "is too long to preview")
	}
	html, err := n.cfg.Markup.Render(string(body))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]string{"html": html})
}

// autosave keeps the editor's unsaved fields (JavaScript, every few seconds).
func (n *Newsroom) autosave(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return news.NotFound("no story %q", r.PathValue("id"))
	}
	var req struct {
		Revision int             `json:"revision"`
		Fields   json.RawMessage `json:"fields"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, news.MaxBody+64<<10)).Decode(&req); err != nil || len(req.Fields) == 0 || req.Fields[0] != '{' {
		return news.Invalid("autosave", "send {\"revision\": N, \"fields\": {…}}")
	}
	if err := n.cfg.Editorial.SaveAutosave(r.Context(), v.User, id, req.Revision, string(req.Fields)); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]string{"saved_at": n.cfg.Now().UTC().Format(time.RFC3339)})
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// parseForm reads a url-encoded or multipart body within the upload limit.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	var err error
	if ct := r.Header.Get("Content-Type"); len(ct) >= 19 && ct[:19] == "multipart/form-data" {
		if r.MultipartForm == nil {
			err = r.ParseMultipartForm(8 << 20)
		}
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		return news.Invalid("form", "the form could not be read (is the image over 20 MB?)")
	}
	return nil
}

// zone is an edition's time zone, in which the newsroom reads and shows
// that edition's times.
func (n *Newsroom) zone(r *http.Request, edition string) (*time.Location, error) {
	eds, err := n.store.Editions(r.Context())
	if err != nil {
		return nil, err
	}
	for _, e := range eds {
		if e.Code == edition {
			return e.Location(), nil
		}
	}
	return nil, news.Invalid("edition", "there is no edition %q", edition)
}
