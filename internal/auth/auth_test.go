package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/auth"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/testenv"
)

// clock is a fake time source that tests move by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

type env struct {
	t   *testing.T
	ctx context.Context
	st  *store.Store
	svc *auth.Service
	clk *clock
}

const password = "correct horse battery"

// newEnv returns a Service over a fresh SQLite store with a fake clock and
// cheap hashing parameters.
func newEnv(t *testing.T) *env {
	t.Helper()
	t.Parallel()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{URL: testenv.DBURL(t), DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clk := &clock{t: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)}
	return &env{t: t, ctx: ctx, st: st, clk: clk, svc: &auth.Service{Store: st, Now: clk.now, Params: fast}}
}

// user creates an account as the operator, with the password const.
func (e *env) user(email string, role news.Role) news.User {
	e.t.Helper()
	u, err := e.svc.CreateUser(e.ctx, nil, email, "Person "+email, role, password, "")
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

func (e *env) signIn(email, pw string) string {
	e.t.Helper()
	_, token, err := e.svc.SignIn(e.ctx, email, pw, "192.0.2.1")
	if err != nil {
		e.t.Fatalf("SignIn(%s): %v", email, err)
	}
	return token
}

func (e *env) disable(u news.User) {
	e.t.Helper()
	stored, err := e.st.User(e.ctx, u.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	stored.DisabledAt = e.clk.now()
	if err := e.st.UpdateUser(e.ctx, &stored); err != nil {
		e.t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, code news.Code) {
	t.Helper()
	if got := news.ErrorCode(err); got != code {
		t.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
}

func TestCreateUser(t *testing.T) {
	e := newEnv(t)
	admin := e.user("admin@example.org", news.RoleAdmin)
	editor := e.user("editor@example.org", news.RoleEditor)
	tests := []struct {
		name           string
		actor          *news.User
		email, display string
		role           news.Role
		password       string
		code           news.Code
		message        string
		wantSlug       string
	}{
		{name: "operator adds an account", email: "  Ana@Example.org ", display: "Ana Ruiz", role: news.RoleAuthor,
			password: password, wantSlug: "ana-ruiz"},
		{name: "admin adds one with a name taken by a byline", actor: &admin, email: "ana2@example.org", display: "Ana Ruiz",
			role: news.RoleEditor, password: password, wantSlug: "ana-ruiz-2"},
		{name: "a name without letters gets the address's byline", email: "kim@example.org", display: "***",
			role: news.RoleAuthor, password: password, wantSlug: "kim"},
		{name: "editor is forbidden", actor: &editor, email: "x@example.org", display: "X", role: news.RoleAuthor,
			password: password, code: news.CodeForbidden, message: "administrator"},
		{name: "duplicate address in another case", email: "ANA@example.org", display: "Other", role: news.RoleAuthor,
			password: password, code: news.CodeConflict, message: "ana@example.org"},
		{name: "bad address", email: "ana", display: "Ana", role: news.RoleAuthor, password: password,
			code: news.CodeInvalid, message: "email"},
		{name: "unknown role", email: "y@example.org", display: "Y", role: "owner", password: password,
			code: news.CodeInvalid, message: "role"},
		{name: "short password", email: "z@example.org", display: "Z", role: news.RoleAuthor, password: "short",
			code: news.CodeInvalid, message: "password: must have at least 10 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := e.st.CountUsers(e.ctx)
			u, err := e.svc.CreateUser(e.ctx, tt.actor, tt.email, tt.display, tt.role, tt.password, "")
			if tt.code != "" {
				wantCode(t, err, tt.code)
				if !strings.Contains(news.ErrorMessage(err), tt.message) {
					t.Errorf("message %q lacks %q", news.ErrorMessage(err), tt.message)
				}
				if after, _ := e.st.CountUsers(e.ctx); after != before {
					t.Errorf("a refused account was stored: %d → %d", before, after)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if u.PasswordHash != "" || u.Language != "en" || u.Email != news.NormalizeEmail(tt.email) {
				t.Errorf("returned account %+v: want no hash, language en, normalized address", u)
			}
			stored, err := e.st.User(e.ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if ok, err := auth.VerifyPassword(stored.PasswordHash, tt.password); !ok || err != nil {
				t.Errorf("stored hash does not verify: %v %v", ok, err)
			}
			au, err := e.st.AuthorByID(e.ctx, stored.AuthorID)
			if err != nil || au.Slug != tt.wantSlug || au.Name != tt.display {
				t.Errorf("byline = %+v (%v), want %s named %q", au, err, tt.wantSlug, tt.display)
			}
		})
	}
}

func TestSignIn(t *testing.T) {
	e := newEnv(t)
	ana := e.user("ana@example.org", news.RoleAuthor)
	gone := e.user("gone@example.org", news.RoleAuthor)
	e.disable(gone)
	const wrong = "the e-mail address or password is wrong"
	tests := []struct {
		name, email, password string
		code                  news.Code
		message               string
	}{
		{"right password", "ana@example.org", password, "", ""},
		{"address in another case", " ANA@example.org", password, "", ""},
		{"wrong password", "ana@example.org", "not the password", news.CodeUnauthorized, wrong},
		{"unknown address", "nobody@example.org", password, news.CodeUnauthorized, wrong},
		{"empty address", "", password, news.CodeUnauthorized, wrong},
		{"disabled account", "gone@example.org", password, news.CodeForbidden, "disabled"},
		{"disabled account, wrong password", "gone@example.org", "not the password", news.CodeUnauthorized, wrong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, token, err := e.svc.SignIn(e.ctx, tt.email, tt.password, "192.0.2.1")
			if tt.code != "" {
				wantCode(t, err, tt.code)
				if !strings.Contains(news.ErrorMessage(err), tt.message) {
					t.Errorf("message %q, want %q", news.ErrorMessage(err), tt.message)
				}
				if strings.Contains(err.Error(), tt.password) {
					t.Error("the error contains the password")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if u.ID != ana.ID || u.PasswordHash != "" || token == "" {
				t.Fatalf("SignIn = %+v, token %q", u, token)
			}
			got, x, err := e.svc.Authenticate(e.ctx, token)
			if err != nil || got.ID != ana.ID || x.CSRFToken == "" || x.TokenHash != auth.HashToken(token) {
				t.Errorf("Authenticate = %+v %+v %v", got, x, err)
			}
		})
	}
}

func TestSignInRehashesOutdatedHashes(t *testing.T) {
	e := newEnv(t)
	u := e.user("ana@example.org", news.RoleAuthor)
	stronger := fast
	stronger.Iterations = 2
	e.svc.Params = stronger
	e.signIn("ana@example.org", password)
	stored, _ := e.st.User(e.ctx, u.ID)
	if h, err := auth.ParseHash(stored.PasswordHash); err != nil || h.Params != stronger {
		t.Fatalf("hash after sign-in has %+v (%v), want %+v", h.Params, err, stronger)
	}
	e.signIn("ana@example.org", password)
}

func TestSignInThrottlesAnAccount(t *testing.T) {
	e := newEnv(t)
	e.user("ana@example.org", news.RoleAuthor)
	// Five failures from five addresses: the account's limit, not theirs.
	for i := range 5 {
		_, _, err := e.svc.SignIn(e.ctx, "ana@example.org", "wrong guess", "192.0.2."+string(rune('1'+i)))
		wantCode(t, err, news.CodeUnauthorized)
		e.clk.advance(time.Minute)
	}
	_, _, err := e.svc.SignIn(e.ctx, "ana@example.org", password, "198.51.100.7")
	var te *auth.ThrottledError
	if !errors.As(err, &te) || news.ErrorCode(err) != news.CodeUnauthorized {
		t.Fatalf("sixth attempt: %v, want a ThrottledError with code unauthorized", err)
	}
	if te.Minutes() != 15 || !strings.Contains(news.ErrorMessage(err), "wait 15 minutes and try again") {
		t.Errorf("throttled: %d minutes, message %q", te.Minutes(), news.ErrorMessage(err))
	}
	// Another account is not affected.
	e.user("bo@example.org", news.RoleAuthor)
	e.signIn("bo@example.org", password)
	// Once the first failures leave the window, the right password works…
	e.clk.advance(11*time.Minute + time.Second)
	e.signIn("ana@example.org", password)
	// …and a success forgets the account's failures.
	for range 4 {
		if _, _, err := e.svc.SignIn(e.ctx, "ana@example.org", "wrong guess", "192.0.2.9"); errors.As(err, &te) {
			t.Fatal("failures before the success still count")
		}
	}
}

func TestSignInThrottlesAnAddress(t *testing.T) {
	e := newEnv(t)
	e.user("ana@example.org", news.RoleAuthor)
	for i := range 20 {
		_, _, err := e.svc.SignIn(e.ctx, "guess"+string(rune('a'+i))+"@example.org", "wrong guess", "203.0.113.5:4711")
		wantCode(t, err, news.CodeUnauthorized)
	}
	var te *auth.ThrottledError
	_, _, err := e.svc.SignIn(e.ctx, "ana@example.org", password, "203.0.113.5:5000")
	if !errors.As(err, &te) {
		t.Fatalf("21st attempt from the address (another port): %v, want throttled", err)
	}
	e.signIn("ana@example.org", password) // from another address
	e.clk.advance(15*time.Minute + time.Second)
	if _, _, err := e.svc.SignIn(e.ctx, "ana@example.org", password, "203.0.113.5"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

func TestSessionsSlideAndExpire(t *testing.T) {
	e := newEnv(t)
	e.user("ana@example.org", news.RoleAuthor)
	token := e.signIn("ana@example.org", password)
	_, first, err := e.svc.Authenticate(e.ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	e.clk.advance(30 * time.Second)
	if _, x, _ := e.svc.Authenticate(e.ctx, token); !x.ExpiresAt.Equal(first.ExpiresAt) {
		t.Errorf("a use within a minute moved the expiry: %v → %v", first.ExpiresAt, x.ExpiresAt)
	}
	// Used every 13 days, a 14-day session lives on.
	for range 3 {
		e.clk.advance(13 * 24 * time.Hour)
		_, x, err := e.svc.Authenticate(e.ctx, token)
		if err != nil {
			t.Fatalf("session used within its TTL ended: %v", err)
		}
		if want := e.clk.now().Add(auth.DefaultSessionTTL); !x.ExpiresAt.Equal(want) {
			t.Errorf("expiry %v, want %v", x.ExpiresAt, want)
		}
	}
	e.clk.advance(auth.DefaultSessionTTL)
	_, _, err = e.svc.Authenticate(e.ctx, token)
	wantCode(t, err, news.CodeUnauthorized)
	for _, bad := range []string{"", "nonsense", auth.HashToken(token)} {
		_, _, err := e.svc.Authenticate(e.ctx, bad)
		wantCode(t, err, news.CodeUnauthorized)
	}
}

func TestSignOutAndDisabledAccountsEndSessions(t *testing.T) {
	e := newEnv(t)
	ana := e.user("ana@example.org", news.RoleAuthor)
	first, second := e.signIn("ana@example.org", password), e.signIn("ana@example.org", password)
	if err := e.svc.SignOut(e.ctx, first); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.SignOut(e.ctx, first); err != nil {
		t.Fatalf("signing out twice: %v", err)
	}
	_, _, err := e.svc.Authenticate(e.ctx, first)
	wantCode(t, err, news.CodeUnauthorized)
	if _, _, err := e.svc.Authenticate(e.ctx, second); err != nil {
		t.Fatalf("the other session ended too: %v", err)
	}
	e.disable(ana)
	_, _, err = e.svc.Authenticate(e.ctx, second)
	wantCode(t, err, news.CodeUnauthorized)
}

func TestChangePassword(t *testing.T) {
	e := newEnv(t)
	ana := e.user("ana@example.org", news.RoleAuthor)
	here, elsewhere := e.signIn("ana@example.org", password), e.signIn("ana@example.org", password)
	const next = "a brand new passphrase"
	tests := []struct {
		name, current, next string
		code                news.Code
		field               string
	}{
		{"wrong current password", "not the password", next, news.CodeInvalid, "current_password: is wrong"},
		{"new password too short", password, "short", news.CodeInvalid, "password: must have at least"},
		{"new password all spaces", password, strings.Repeat(" ", 12), news.CodeInvalid, "password: must not be only spaces"},
	}
	for _, tt := range tests {
		err := e.svc.ChangePassword(e.ctx, ana, tt.current, tt.next, here)
		wantCode(t, err, tt.code)
		if !strings.HasPrefix(news.ErrorMessage(err), tt.field) {
			t.Errorf("%s: message %q, want %q…", tt.name, news.ErrorMessage(err), tt.field)
		}
	}
	if err := e.svc.ChangePassword(e.ctx, ana, password, next, here); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.Authenticate(e.ctx, here); err != nil {
		t.Errorf("the session that changed the password ended: %v", err)
	}
	_, _, err := e.svc.Authenticate(e.ctx, elsewhere)
	wantCode(t, err, news.CodeUnauthorized)
	_, _, err = e.svc.SignIn(e.ctx, "ana@example.org", password, "192.0.2.1")
	wantCode(t, err, news.CodeUnauthorized)
	e.signIn("ana@example.org", next)
}

func TestChangePasswordIsThrottled(t *testing.T) {
	e := newEnv(t)
	ana := e.user("ana@example.org", news.RoleAuthor)
	for range 5 {
		wantCode(t, e.svc.ChangePassword(e.ctx, ana, "wrong guess", "a brand new passphrase", ""), news.CodeInvalid)
	}
	var te *auth.ThrottledError
	if err := e.svc.ChangePassword(e.ctx, ana, password, "a brand new passphrase", ""); !errors.As(err, &te) {
		t.Fatalf("sixth attempt: %v, want throttled", err)
	}
}
