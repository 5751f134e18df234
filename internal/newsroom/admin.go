package newsroom

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

type usersData struct {
	Users     []news.User
	Roles     []news.Role
	Languages []languageOption
	Form      struct{ Email, Name, Role, Language string }
}

func (n *Newsroom) usersPage(r *http.Request) (*page, *usersData, error) {
	users, err := n.store.Users(r.Context())
	if err != nil {
		return nil, nil, err
	}
	d := &usersData{Users: users, Roles: news.Roles, Languages: n.languages()}
	d.Form.Role, d.Form.Language = string(news.RoleContributor), "en"
	return n.withNav(n.newPage(r, "nr.users.title", d), "users"), d, nil
}

// languageOption is a newsroom language, named in itself.
type languageOption struct{ Tag, Name string }

func (n *Newsroom) languages() []languageOption {
	var out []languageOption
	for _, t := range n.cfg.Bundle.Tags() {
		l, err := n.cfg.Bundle.Locale(t.String())
		if err != nil {
			continue
		}
		out = append(out, languageOption{Tag: t.String(), Name: l.T("nr.language_name")})
	}
	return out
}

func (n *Newsroom) users(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, _, err := n.usersPage(r)
	if err != nil {
		return err
	}
	return n.render(w, r, http.StatusOK, "users", p)
}

func (n *Newsroom) createUser(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	actor := v.User
	_, err := n.cfg.Auth.CreateUser(r.Context(), &actor, r.FormValue("email"), r.FormValue("name"),
		news.Role(r.FormValue("role")), r.FormValue("password"), r.FormValue("language"))
	if err != nil {
		p, d, perr := n.usersPage(r)
		if perr != nil {
			return perr
		}
		d.Form.Email, d.Form.Name, d.Form.Role, d.Form.Language = r.FormValue("email"), r.FormValue("name"), r.FormValue("role"), r.FormValue("language")
		p.Problem = problem(p.L, err)
		return n.render(w, r, web400(err), "users", p)
	}
	return done(w, r, "/admin/users", "user_created")
}

// updateUser changes an account's role or disables/enables it. An admin
// cannot lock themselves out.
func (n *Newsroom) updateUser(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return news.NotFound("no account %q", r.PathValue("id"))
	}
	u, err := n.store.User(r.Context(), id)
	if err != nil {
		return err
	}
	if role := news.Role(r.FormValue("role")); role != "" {
		if !role.Valid() {
			return news.Invalid("role", "unknown role %q", role)
		}
		u.Role = role
	}
	switch r.FormValue("state") {
	case "disable":
		u.DisabledAt = n.cfg.Now().UTC()
	case "enable":
		u.DisabledAt = time.Time{}
	}
	if u.ID == v.User.ID && (u.Role != news.RoleAdmin || !u.Active()) {
		return news.Invalid("role", "you cannot remove your own admin role or disable your own account")
	}
	if err := n.store.UpdateUser(r.Context(), &u); err != nil {
		return err
	}
	if !u.Active() {
		if err := n.store.DeleteUserSessions(r.Context(), u.ID, ""); err != nil {
			return err
		}
	}
	return done(w, r, "/admin/users", "user_updated")
}

type sectionsData struct {
	Editions []news.Edition
	Sections map[string][]news.Section
	Form     struct{ Edition, Slug, Name string }
}

func (n *Newsroom) sectionsPage(r *http.Request) (*page, *sectionsData, error) {
	eds, err := n.store.Editions(r.Context())
	if err != nil {
		return nil, nil, err
	}
	d := &sectionsData{Editions: eds, Sections: map[string][]news.Section{}}
	for _, e := range eds {
		if d.Sections[e.Code], err = n.store.Sections(r.Context(), e.Code); err != nil {
			return nil, nil, err
		}
	}
	return n.withNav(n.newPage(r, "nr.sections.title", d), "sections"), d, nil
}

func (n *Newsroom) sections(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, _, err := n.sectionsPage(r)
	if err != nil {
		return err
	}
	return n.render(w, r, http.StatusOK, "sections", p)
}

func (n *Newsroom) createSection(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if !v.User.Can(news.ActManageSections, nil) {
		return news.Errorf(news.CodeForbidden, "only admins manage sections")
	}
	secs, err := n.store.Sections(r.Context(), r.FormValue("edition"))
	if err != nil {
		return err
	}
	sec := news.Section{Edition: r.FormValue("edition"), Slug: strings.TrimSpace(r.FormValue("slug")),
		Name: strings.TrimSpace(r.FormValue("name")), Position: len(secs) + 1}
	if err := n.store.CreateSection(r.Context(), &sec); err != nil {
		p, d, perr := n.sectionsPage(r)
		if perr != nil {
			return perr
		}
		d.Form.Edition, d.Form.Slug, d.Form.Name = sec.Edition, sec.Slug, sec.Name
		p.Problem = problem(p.L, err)
		return n.render(w, r, web400(err), "sections", p)
	}
	n.cfg.OnChange(r.Context())
	return done(w, r, "/admin/sections", "section_created")
}

type tokensData struct {
	Tokens   []news.APIToken
	Users    map[int64]news.User
	AllUsers []news.User
	NewToken string
}

func (n *Newsroom) tokensPage(r *http.Request) (*page, *tokensData, error) {
	toks, err := n.store.Tokens(r.Context(), 0)
	if err != nil {
		return nil, nil, err
	}
	users, err := n.store.Users(r.Context())
	if err != nil {
		return nil, nil, err
	}
	d := &tokensData{Tokens: toks, Users: map[int64]news.User{}, AllUsers: users}
	for _, u := range users {
		d.Users[u.ID] = u
	}
	return n.withNav(n.newPage(r, "nr.tokens.title", d), "tokens"), d, nil
}

func (n *Newsroom) tokens(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, _, err := n.tokensPage(r)
	if err != nil {
		return err
	}
	return n.render(w, r, http.StatusOK, "tokens", p)
}

// createToken shows the new token once, on this response only.
func (n *Newsroom) createToken(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	uid, _ := strconv.ParseInt(r.FormValue("user"), 10, 64)
	actor := v.User
	token, _, err := n.cfg.Auth.CreateToken(r.Context(), &actor, uid, strings.TrimSpace(r.FormValue("name")))
	p, d, perr := n.tokensPage(r)
	if perr != nil {
		return perr
	}
	if err != nil {
		p.Problem = problem(p.L, err)
		return n.render(w, r, web400(err), "tokens", p)
	}
	d.NewToken = token
	return n.render(w, r, http.StatusCreated, "tokens", p)
}

func (n *Newsroom) revokeToken(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return news.NotFound("no token %q", r.PathValue("id"))
	}
	if err := n.store.RevokeToken(r.Context(), id, n.cfg.Now().UTC()); err != nil {
		return err
	}
	return done(w, r, "/admin/tokens", "token_revoked")
}

type accountData struct {
	Languages []languageOption
}

func (n *Newsroom) account(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p := n.withNav(n.newPage(r, "nr.account.title", accountData{Languages: n.languages()}), "account")
	return n.render(w, r, http.StatusOK, "account", p)
}

func (n *Newsroom) changePassword(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if r.FormValue("next") != r.FormValue("confirm") {
		return n.accountProblem(w, r, news.Invalid("password", "the two new passwords differ"))
	}
	if err := n.cfg.Auth.ChangePassword(r.Context(), v.User, r.FormValue("current"), r.FormValue("next"), v.Token); err != nil {
		return n.accountProblem(w, r, err)
	}
	return done(w, r, "/admin/account", "password_changed")
}

func (n *Newsroom) accountProblem(w http.ResponseWriter, r *http.Request, err error) error {
	if code := news.ErrorCode(err); code != news.CodeInvalid && code != news.CodeUnauthorized {
		return err
	}
	p := n.withNav(n.newPage(r, "nr.account.title", accountData{Languages: n.languages()}), "account")
	p.Problem = problem(p.L, err)
	if news.ErrorCode(err) == news.CodeUnauthorized {
		p.Problem = p.T("nr.account.wrong_password")
	}
	return n.render(w, r, http.StatusBadRequest, "account", p)
}

func (n *Newsroom) changeLanguage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	lang := r.FormValue("language")
	if !slices.ContainsFunc(n.languages(), func(o languageOption) bool { return o.Tag == lang }) {
		return news.Invalid("language", "choose one of the newsroom's languages")
	}
	u := v.User
	u.Language = lang
	if err := n.store.UpdateUser(r.Context(), &u); err != nil {
		return err
	}
	return done(w, r, "/admin/account", "language_changed")
}

// web400 is the status of a refused admin form.
func web400(err error) int {
	switch news.ErrorCode(err) {
	case news.CodeConflict:
		return http.StatusConflict
	case news.CodeForbidden:
		return http.StatusForbidden
	}
	return http.StatusBadRequest
}
