package newsroom

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/bylinehq/byline/internal/i18n"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageNames are the newsroom's pages; each is parsed with layout.html.
var pageNames = []string{"signin", "dashboard", "list", "editor", "revisions", "diff", "users", "sections", "tokens", "webhooks", "webhook", "wires", "wire", "wiresources", "topics", "topic", "audit", "account", "error"}

type templates struct{ pages map[string]*template.Template }

func parseTemplates() (*templates, error) {
	base, err := template.New("layout.html").Funcs(template.FuncMap{
		"join": strings.Join,
		"add":  func(a, b int) int { return a + b },
		"sub":  func(a, b int) int { return a - b },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
	}).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("newsroom: templates: %w", err)
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, name := range pageNames {
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := clone.ParseFS(templateFS, "templates/"+name+".html"); err != nil {
			return nil, fmt.Errorf("newsroom: template %s: %w", name, err)
		}
		t.pages[name] = clone
	}
	return t, nil
}

// page is what every newsroom page gets. D holds the page's own data.
type page struct {
	L       *i18n.Locale
	User    *news.User
	CSRF    string
	Title   string
	Section string // the nav entry to mark
	Notice  string
	Problem string
	CSS, JS string
	D       any
}

// T translates a newsroom string in the viewer's language.
func (p *page) T(key string, args ...any) string { return p.L.T(key, args...) }

// Lang and Dir are the <html> attributes.
func (p *page) Lang() string { return p.L.Tag.String() }
func (p *page) Dir() string  { return p.L.Dir() }

// Is reports whether the viewer has at least role.
func (p *page) Is(role string) bool { return p.User != nil && p.User.Role.AtLeast(news.Role(role)) }

// StatusName is a status in the viewer's language.
func (p *page) StatusName(s news.Status) string { return p.L.T("nr.status." + string(s)) }

// RoleName is a role in the viewer's language.
func (p *page) RoleName(r news.Role) string { return p.L.T("nr.role." + string(r)) }

// When formats an instant in a zone for the viewer, "" for the zero time.
func (p *page) When(t time.Time, zone string) string {
	if t.IsZero() {
		return ""
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		loc = time.UTC
	}
	return p.L.DateTime(t.In(loc)) + " " + t.In(loc).Format("MST")
}

// ISO is an instant for <time datetime>.
func (p *page) ISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// locale returns the viewer's language, or the best for Accept-Language
// when nobody is signed in.
func (n *Newsroom) locale(r *http.Request, u *news.User) *i18n.Locale {
	if u != nil {
		if l, err := n.cfg.Bundle.Locale(u.Language); err == nil {
			return l
		}
	}
	tags, _, _ := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	for _, t := range tags {
		if l, err := n.cfg.Bundle.Locale(t.String()); err == nil {
			return l
		}
	}
	l, _ := n.cfg.Bundle.Locale("en")
	return l
}

// newPage starts a page for the request's viewer.
func (n *Newsroom) newPage(r *http.Request, title string, data any) *page {
	p := &page{CSS: n.assets.URL("newsroom.css"), JS: n.assets.URL("newsroom.js"), D: data}
	if v := viewerFrom(r.Context()); v != nil {
		u := v.User
		p.User, p.CSRF = &u, v.Session.CSRFToken
	}
	p.L = n.locale(r, p.User)
	p.Title = p.L.T(title)
	if done := r.URL.Query().Get("done"); done != "" && validKey(done) && p.L.Has("nr.done."+done) {
		p.Notice = p.L.T("nr.done." + done)
	}
	return p
}

func validKey(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c == '_') {
			return false
		}
	}
	return len(s) < 40
}

// render writes a page with a status.
func (n *Newsroom) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) error {
	var buf bytes.Buffer
	if err := n.tmpl.pages[name].ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("newsroom: render %s: %w", name, err)
	}
	w.Header().Set("Cache-Control", "no-store")
	web.Write(w, r, web.Body{Status: status, ContentType: "text/html; charset=utf-8", Language: p.Lang(), Data: buf.Bytes(), CacheControl: "no-store"})
	return nil
}

// done redirects after a successful change (POST, redirect, GET), with a
// notice key the next page shows.
func done(w http.ResponseWriter, r *http.Request, to, notice string) error {
	to, fragment, _ := strings.Cut(to, "#")
	sep := "?"
	if strings.Contains(to, "?") {
		sep = "&"
	}
	if fragment != "" {
		fragment = "#" + fragment
	}
	http.Redirect(w, r, to+sep+"done="+notice+fragment, http.StatusSeeOther)
	return nil
}

// problem is a message for the person, in their language, about what went
// wrong: a domain error's own message (whose field names are stable) or a
// generic one for internal errors.
func problem(l *i18n.Locale, err error) string {
	switch news.ErrorCode(err) {
	case news.CodeInternal:
		return l.T("nr.error.internal")
	case news.CodeConflict:
		var ne *news.Error
		if errors.As(err, &ne) && ne.Field == "" {
			return l.T("nr.error.conflict")
		}
	case news.CodeForbidden:
		return l.T("nr.error.forbidden")
	}
	return news.ErrorMessage(err)
}

// writeError answers an error: JSON for scripts, a page for people, and the
// sign-in page for an ended session.
func (n *Newsroom) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status := web.Status(err)
	if wantsJSON(r) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"error":{"code":%q,"message":%q}}`+"\n", news.ErrorCode(err), news.ErrorMessage(err))
		return
	}
	p := n.newPage(r, "nr.error.title", map[string]any{"Status": status})
	p.Problem = problem(p.L, err)
	if status == http.StatusNotFound {
		p.Problem = news.ErrorMessage(err)
	}
	if rerr := n.render(w, r, status, "error", p); rerr != nil {
		http.Error(w, http.StatusText(status), status)
	}
}
