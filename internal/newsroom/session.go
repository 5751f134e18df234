package newsroom

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/web"
)

// Cookie names. The session cookie is scoped to /admin/ and never readable
// by scripts; the sign-in cookie carries the CSRF token of the sign-in form,
// which has no session yet.
const (
	sessionCookie = "byline_session"
	signinCookie  = "byline_signin"
)

// viewer is the signed-in person of a request.
type viewer struct {
	User    news.User
	Session news.Session
	Token   string
}

type userHandler func(w http.ResponseWriter, r *http.Request, v *viewer) error

// signedIn requires a live session of at least role min, and a valid CSRF
// token on every request that changes something. A visitor who is not
// signed in is sent to the sign-in page and brought back afterwards.
func (n *Newsroom) signedIn(min news.Role, h userHandler) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, err := n.viewer(r)
		if err != nil {
			if r.Method == http.MethodGet && !wantsJSON(r) {
				http.Redirect(w, r, "/admin/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return nil
			}
			return news.Errorf(news.CodeUnauthorized, "your session has ended; sign in again")
		}
		w.Header().Set("Cache-Control", "no-store")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if err := checkCSRF(r, v.Session.CSRFToken); err != nil {
				return err
			}
		}
		if !v.User.Role.AtLeast(min) {
			return news.Errorf(news.CodeForbidden, "this page needs the %s role", min)
		}
		r = r.WithContext(withViewer(r.Context(), v))
		if !audited(r) {
			return h(w, r, v)
		}
		return web.Audited(w, r, func(w http.ResponseWriter) error { return h(w, r, v) }, func() {
			n.audit(r, v.User)
		})
	}
}

// audited reports whether a request is a change worth the audit log:
// autosaves, previews and signing out are not.
func audited(r *http.Request) bool {
	p := r.URL.Path
	return !strings.HasSuffix(p, "/autosave") && p != "/admin/preview" && p != "/admin/signout"
}

// audit records a change made in the newsroom; a failure to record is
// logged, since the change itself is done.
func (n *Newsroom) audit(r *http.Request, u news.User) {
	e := news.AuditEntry{UserID: u.ID, UserName: u.Name, Via: "newsroom", Action: r.Pattern, Target: r.URL.Path}
	if err := n.store.RecordAudit(r.Context(), &e); err != nil {
		n.cfg.Log.ErrorContext(r.Context(), "audit log", "err", err, "action", e.Action)
	}
}

func (n *Newsroom) viewer(r *http.Request) (*viewer, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, news.Errorf(news.CodeUnauthorized, "not signed in")
	}
	u, s, err := n.cfg.Auth.Authenticate(r.Context(), c.Value)
	if err != nil {
		return nil, err
	}
	return &viewer{User: u, Session: s, Token: c.Value}, nil
}

type viewerKey struct{}

func withViewer(ctx context.Context, v *viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

func viewerFrom(ctx context.Context) *viewer { v, _ := ctx.Value(viewerKey{}).(*viewer); return v }

// checkCSRF compares the request's token (form field csrf, or header
// X-CSRF-Token from scripts) with the session's, in constant time. A
// cross-site request, as the browser labels it, is refused outright.
func checkCSRF(r *http.Request, want string) error {
	if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" {
		return news.Errorf(news.CodeForbidden, "cross-site requests are refused")
	}
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = formValue(r, "csrf")
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return news.Errorf(news.CodeForbidden, "the form has expired or did not come from this site; reload the page and try again")
	}
	return nil
}

// formValue reads a field without parsing a multipart body a second time.
func formValue(r *http.Request, key string) string {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if r.MultipartForm == nil {
			if err := r.ParseMultipartForm(maxUpload); err != nil {
				return ""
			}
		}
		return r.FormValue(key)
	}
	return r.PostFormValue(key)
}

func (n *Newsroom) secure(r *http.Request) bool { return n.cfg.SecureCookies || r.TLS != nil }

func (n *Newsroom) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/admin/", MaxAge: maxAge,
		HttpOnly: true, Secure: n.secure(r), SameSite: http.SameSiteLaxMode})
}

func randomToken() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// clientAddr is the address sign-in throttling counts against.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json") || r.Header.Get("X-CSRF-Token") != ""
}

// safeNext keeps a post-sign-in redirect on this site's newsroom.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/admin/") && !strings.HasPrefix(next, "//") && !strings.Contains(next, "\\") {
		return next
	}
	return "/admin/"
}
