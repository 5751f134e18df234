// Package newsroom serves the newsroom at /admin/: sign-in, the dashboard,
// story lists, the story editor with autosave, preview and revisions, the
// review and publishing workflow, image uploads, and account, section,
// token and webhook administration, and the wire desk. It works without JavaScript;
// newsroom.js adds autosave, live preview and topic suggestions.
//
// Handlers check who is signed in and the route's minimum role; what a
// person may do to a given story is decided by the editorial use cases.
package newsroom

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/i18n"
	"github.com/bylinehq/byline/internal/markup"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/web"
	"github.com/bylinehq/byline/internal/webhooks"
	"github.com/bylinehq/byline/internal/wires"
)

// Auth is the account service the newsroom signs people in with.
type Auth interface {
	SignIn(ctx context.Context, email, password, clientAddr string) (news.User, string, error)
	Authenticate(ctx context.Context, token string) (news.User, news.Session, error)
	SignOut(ctx context.Context, token string) error
	ChangePassword(ctx context.Context, user news.User, current, next, keepToken string) error
	CreateUser(ctx context.Context, actor *news.User, email, name string, role news.Role, password, language string) (news.User, error)
	CreateToken(ctx context.Context, actor *news.User, userID int64, name string) (string, news.APIToken, error)
}

// Config is what the newsroom needs.
type Config struct {
	Editorial *editorial.Service
	Auth      Auth
	Webhooks  *webhooks.Service
	Wires     *wires.Desk
	ReadAlso  ReadAlso // nil: the editor shows no Read also panel
	Bundle    *i18n.Bundle
	Markup    *markup.Renderer
	Log       *slog.Logger
	Now       func() time.Time
	// SecureCookies marks cookies Secure even when this process does not
	// terminate TLS itself (behind a TLS proxy).
	SecureCookies bool
	// OnChange is called after every change readers could see (a publish,
	// an edit, an edition or section change), e.g. to reload caches.
	OnChange func(ctx context.Context)
}

// Newsroom is the /admin/ handlers.
type Newsroom struct {
	cfg    Config
	store  news.Store
	tmpl   *templates
	assets *assets
}

// New parses the templates and loads the assets; it fails on a broken
// template.
func New(cfg Config) (*Newsroom, error) {
	tmpl, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	as, err := loadAssets()
	if err != nil {
		return nil, err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.OnChange == nil {
		cfg.OnChange = func(context.Context) {}
	}
	return &Newsroom{cfg: cfg, store: cfg.Editorial.Store, tmpl: tmpl, assets: as}, nil
}

// Register adds the newsroom's route table to mux. The role beside each
// route is the least trusted role that reaches the handler at all.
func (n *Newsroom) Register(mux *http.ServeMux) {
	open := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, n.handle(h)) }
	as := func(min news.Role, pattern string, h userHandler) { mux.Handle(pattern, n.handle(n.signedIn(min, h))) }
	const (
		anyone = news.RoleContributor
		editor = news.RoleEditor
		admin  = news.RoleAdmin
	)
	mux.Handle("GET /admin/assets/{hash}/{name}", n.assets)
	open("GET /admin/signin", n.signinForm)
	open("POST /admin/signin", n.signin)
	as(anyone, "POST /admin/signout", n.signout)

	as(anyone, "GET /admin/{$}", n.dashboard)
	as(anyone, "GET /admin/articles", n.list)
	as(anyone, "GET /admin/articles/new", n.newForm)
	as(anyone, "POST /admin/articles", n.create)
	as(anyone, "GET /admin/articles/{id}", n.edit)
	as(anyone, "POST /admin/articles/{id}", n.save)
	as(anyone, "POST /admin/articles/{id}/autosave", n.autosave)
	as(anyone, "POST /admin/preview", n.preview)
	as(anyone, "POST /admin/articles/{id}/submit", n.submit)
	as(anyone, "POST /admin/articles/{id}/publish", n.publish)
	as(editor, "POST /admin/articles/{id}/unpublish", n.unpublish)
	as(editor, "POST /admin/articles/{id}/corrections", n.correct)
	as(anyone, "POST /admin/articles/{id}/translate", n.translate)
	as(anyone, "GET /admin/articles/{id}/revisions", n.revisions)
	as(anyone, "GET /admin/articles/{id}/diff", n.diff)
	as(anyone, "POST /admin/articles/{id}/restore", n.restore)
	as(anyone, "POST /admin/images", n.upload)
	as(anyone, "GET /admin/topics/complete", n.suggestTopics)
	as(anyone, "POST /admin/articles/{id}/topics", n.topicAction)
	as(editor, "POST /admin/articles/{id}/read-also", n.pickReadAlso)
	as(editor, "GET /admin/topics", n.topicList)
	as(editor, "GET /admin/topics/{topic}", n.topicForm)
	as(editor, "POST /admin/topics/{topic}", n.updateTopic)

	as(editor, "GET /admin/wires", n.wireInbox)
	as(editor, "GET /admin/wires/{id}", n.wireItem)
	as(editor, "POST /admin/wires/{id}/adopt", n.adoptWire)
	as(editor, "POST /admin/wires/{id}/ignore", n.ignoreWire)

	as(anyone, "GET /admin/account", n.account)
	as(anyone, "POST /admin/account/password", n.changePassword)
	as(anyone, "POST /admin/account/language", n.changeLanguage)

	as(admin, "GET /admin/users", n.users)
	as(admin, "POST /admin/users", n.createUser)
	as(admin, "POST /admin/users/{id}", n.updateUser)
	as(admin, "GET /admin/sections", n.sections)
	as(admin, "POST /admin/sections", n.createSection)
	as(admin, "GET /admin/tokens", n.tokens)
	as(admin, "POST /admin/tokens", n.createToken)
	as(admin, "POST /admin/tokens/{id}/revoke", n.revokeToken)
	as(admin, "GET /admin/webhooks", n.webhooks)
	as(admin, "POST /admin/webhooks", n.createWebhook)
	as(admin, "GET /admin/webhooks/{id}", n.webhook)
	as(admin, "POST /admin/webhooks/{id}/state", n.setWebhookState)
	as(admin, "POST /admin/webhooks/{id}/delete", n.deleteWebhook)
	as(admin, "POST /admin/webhooks/{id}/deliveries/{delivery}/retry", n.retryDelivery)
	as(admin, "GET /admin/audit", n.auditLog)
	as(admin, "GET /admin/wires/sources", n.wireSources)
	as(admin, "POST /admin/wires/sources", n.createWireSource)
	as(admin, "POST /admin/wires/sources/{source}/state", n.setWireSourceState)
	as(admin, "POST /admin/wires/sources/{source}/poll", n.pollWireSource)
	for _, p := range pprofRoutes() { // the runtime's profiles, /admin/debug/pprof/ (pprof.go)
		as(admin, p.pattern, p.h)
	}

	open("GET /admin", func(w http.ResponseWriter, r *http.Request) error {
		http.Redirect(w, r, "/admin/", http.StatusMovedPermanently)
		return nil
	})
	open("/admin/", func(http.ResponseWriter, *http.Request) error { return news.NotFound("no such newsroom page") })
}

func (n *Newsroom) handle(h web.HandlerFunc) http.Handler {
	return web.Handle(n.cfg.Log, h, n.writeError)
}
