// Package api serves Byline's JSON APIs. The Admin API under
// /api/v1/admin/ lets scripts act as an account through a bearer token,
// under the same role rules and through the same use cases as the
// newsroom. The Content API under /api/v1/ is public and read-only: it
// shows what readers may see, and nothing before its time. Both are
// described by the OpenAPI document at /api/v1/openapi.json.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"

	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/web"
)

// Authenticator resolves a bearer token to its account.
type Authenticator interface {
	AuthenticateToken(ctx context.Context, token string) (news.User, error)
}

// API is the Admin API's handlers.
type API struct {
	Editorial *editorial.Service
	Auth      Authenticator
	Log       *slog.Logger
	// BaseURL is the public origin URLs start with; the request's own when empty.
	BaseURL string
}

// Body limits: a story is at most news.MaxBody bytes of Markdown, an image
// at most 20 MB.
const (
	maxJSON  = 1 << 20
	maxImage = 21 << 20
)

// Route is one entry of an API's route table: the ServeMux pattern, the
// least role that may call it (empty for a public route), and its handler.
// The OpenAPI document is tested against these tables.
type Route struct {
	Pattern string
	Role    news.Role
	Handler http.Handler
}

// Routes is the Admin API's route table. Every route needs a valid token;
// what the token's account may do is decided by the use cases. The minimum
// role is written beside each route.
func (a *API) Routes() []Route {
	var rs []Route
	route := func(pattern string, min news.Role, h func(http.ResponseWriter, *http.Request, news.User) error) {
		rs = append(rs, Route{Pattern: pattern, Role: min, Handler: a.authed(min, h)})
	}
	route("POST /api/v1/admin/sections", news.RoleAdmin, a.createSection)
	route("POST /api/v1/admin/articles", news.RoleContributor, a.createArticle)
	route("GET /api/v1/admin/articles/{id}", news.RoleContributor, a.getArticle)
	route("PATCH /api/v1/admin/articles/{id}", news.RoleContributor, a.patchArticle)
	route("POST /api/v1/admin/articles/{id}/submit", news.RoleContributor, a.submit)
	route("POST /api/v1/admin/articles/{id}/publish", news.RoleAuthor, a.publish)
	route("POST /api/v1/admin/articles/{id}/unpublish", news.RoleEditor, a.unpublish)
	route("POST /api/v1/admin/articles/{id}/corrections", news.RoleEditor, a.correct)
	route("POST /api/v1/admin/articles/{id}/translations", news.RoleContributor, a.translate)
	route("GET /api/v1/admin/articles/{id}/revisions", news.RoleContributor, a.revisions)
	route("POST /api/v1/admin/images", news.RoleContributor, a.uploadImage)
	return rs
}

// Register adds the Admin API's routes, and a JSON 404 for anything else
// under /api/v1/admin/.
func (a *API) Register(mux *http.ServeMux) {
	for _, r := range a.Routes() {
		mux.Handle(r.Pattern, r.Handler)
	}
	mux.Handle("/api/v1/admin/", web.Handle(a.Log, func(http.ResponseWriter, *http.Request) error {
		return news.NotFound("no such API call; see the README for the list")
	}, WriteError))
}

// authed checks the bearer token and the route's minimum role, then runs h.
func (a *API) authed(min news.Role, h func(http.ResponseWriter, *http.Request, news.User) error) http.Handler {
	return web.Handle(a.Log, func(w http.ResponseWriter, r *http.Request) error {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			return news.Errorf(news.CodeUnauthorized, "send an API token as Authorization: Bearer TOKEN (create one with byline token create)")
		}
		user, err := a.Auth.AuthenticateToken(r.Context(), strings.TrimSpace(token))
		if err != nil {
			if news.ErrorCode(err) == news.CodeNotFound || news.ErrorCode(err) == news.CodeUnauthorized {
				return news.Errorf(news.CodeUnauthorized, "the API token is unknown, revoked, or its account is disabled")
			}
			return err
		}
		if !user.Role.AtLeast(min) {
			return news.Errorf(news.CodeForbidden, "this call needs the %s role; your account is %s", min, user.Role)
		}
		return web.Audited(w, r, func(w http.ResponseWriter) error { return h(w, r, user) }, func() {
			e := news.AuditEntry{UserID: user.ID, UserName: user.Name, Via: "api", Action: r.Pattern, Target: r.URL.Path}
			if err := a.Editorial.Store.RecordAudit(r.Context(), &e); err != nil {
				a.Log.ErrorContext(r.Context(), "audit log", "err", err, "action", e.Action)
			}
		})
	}, WriteError)
}

// errorBody is the JSON shape of every error.
type errorBody struct {
	Error struct {
		Code    news.Code `json:"code"`
		Message string    `json:"message"`
		Field   string    `json:"field,omitempty"`
	} `json:"error"`
}

// WriteError answers an error as {"error": {"code", "message"}}.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	var b errorBody
	b.Error.Code = news.ErrorCode(err)
	b.Error.Message = news.ErrorMessage(err)
	var ne *news.Error
	if errors.As(err, &ne) {
		b.Error.Field = ne.Field
	}
	status := web.Status(err)
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="byline"`)
	}
	if status >= 500 && b.Error.Code == news.CodeInternal {
		b.Error.Message = "something went wrong; the server log has the details (request id " + web.RequestID(r.Context()) + ")"
	}
	writeJSON(w, status, b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// decode reads a JSON body into v, refusing unknown fields, trailing data
// and bodies over the limit, with messages that say what was wrong.
func decode(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return news.Invalid("body", "send JSON with Content-Type: application/json")
		}
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, maxJSON+1))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return news.Invalid("body", "the request body is empty; send a JSON object")
		case errors.As(err, &syn):
			return news.Invalid("body", "malformed JSON at byte %d", syn.Offset)
		case errors.As(err, &typ):
			return news.Invalid(typ.Field, "must be a %s", typ.Type)
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			return news.Invalid("body", "%s", strings.TrimPrefix(err.Error(), "json: "))
		}
		return news.Invalid("body", "could not read the JSON: %v", err)
	}
	if dec.More() {
		return news.Invalid("body", "send one JSON object, nothing after it")
	}
	return nil
}

func pathID(r *http.Request) (int64, error) {
	var id int64
	if _, err := fmt.Sscan(r.PathValue("id"), &id); err != nil || id <= 0 {
		return 0, news.NotFound("no story with id %q", r.PathValue("id"))
	}
	return id, nil
}
