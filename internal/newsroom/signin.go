package newsroom

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/bylinehq/byline/internal/news"
)

// sessionMaxAge is the cookie's lifetime; the store's session expiry
// slides with use and is what really decides.
const sessionMaxAge = 14 * 24 * 3600

type signinData struct {
	Email, Next, CSRF string
}

func (n *Newsroom) signinForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := n.viewer(r); err == nil {
		http.Redirect(w, r, "/admin/", http.StatusSeeOther)
		return nil
	}
	return n.showSignin(w, r, http.StatusOK, "", r.URL.Query().Get("next"), "")
}

func (n *Newsroom) showSignin(w http.ResponseWriter, r *http.Request, status int, email, next, problem string) error {
	token := randomToken()
	n.setCookie(w, r, signinCookie, token, 3600)
	p := n.newPage(r, "nr.signin.title", signinData{Email: email, Next: safeNext(next), CSRF: token})
	p.Problem = problem
	return n.render(w, r, status, "signin", p)
}

// throttled is implemented by the sign-in throttle's error.
type throttled interface{ Minutes() int }

func (n *Newsroom) signin(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	email, next := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("next")
	c, err := r.Cookie(signinCookie)
	if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) != 1 {
		return news.Errorf(news.CodeForbidden, "the sign-in form has expired; reload the page and try again")
	}
	user, token, err := n.cfg.Auth.SignIn(r.Context(), email, r.PostFormValue("password"), clientAddr(r))
	if err != nil {
		l := n.locale(r, nil)
		var th throttled
		switch {
		case errors.As(err, &th):
			minutes := max(1, th.Minutes())
			w.Header().Set("Retry-After", strconv.Itoa(minutes*60))
			return n.showSignin(w, r, http.StatusTooManyRequests, email, next, l.T("nr.signin.throttled", minutes))
		case news.ErrorCode(err) == news.CodeUnauthorized || news.ErrorCode(err) == news.CodeInvalid:
			return n.showSignin(w, r, http.StatusUnauthorized, email, next, l.T("nr.signin.wrong"))
		}
		return err
	}
	n.setCookie(w, r, sessionCookie, token, sessionMaxAge)
	n.setCookie(w, r, signinCookie, "", -1)
	n.cfg.Log.InfoContext(r.Context(), "signed in", "user", user.ID, "role", user.Role)
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
	return nil
}

func (n *Newsroom) signout(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := n.cfg.Auth.SignOut(r.Context(), v.Token); err != nil {
		return err
	}
	n.setCookie(w, r, sessionCookie, "", -1)
	return done(w, r, "/admin/signin", "signed_out")
}
