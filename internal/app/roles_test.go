package app_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
)

// actor is one account as the tests use it: a browser session and an API
// token.
type actor struct {
	user    news.User
	session string
	csrf    string
	token   string
}

type roleEnv struct {
	a      *app.App
	actors map[news.Role]actor
	ctx    context.Context
}

func newRoleEnv(t *testing.T) *roleEnv {
	t.Helper()
	a := testenv.DemoApp(t, testenv.NewClock(testenv.Now))
	e := &roleEnv{a: a, actors: map[news.Role]actor{}, ctx: context.Background()}
	for _, role := range news.Roles {
		email := "test-" + string(role) + "@example.org"
		u, err := a.Auth.CreateUser(e.ctx, nil, email, "The "+string(role), role, "a long enough password", "en")
		if err != nil {
			t.Fatal(err)
		}
		_, session, err := a.Auth.SignIn(e.ctx, email, "a long enough password", "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		_, s, err := a.Auth.Authenticate(e.ctx, session)
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := a.Auth.CreateToken(e.ctx, nil, u.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		e.actors[role] = actor{user: u, session: session, csrf: s.CSRFToken, token: token}
	}
	return e
}

// draftBy creates a fresh draft owned by role's account.
func (e *roleEnv) draftBy(t *testing.T, role news.Role) int64 {
	t.Helper()
	a, err := e.a.Editorial.Create(e.ctx, e.actors[role].user, editorial.Draft{Edition: "en", Section: "world",
		Headline: fmt.Sprintf("Draft by %s %d", role, len(t.Name())), Body: "Text."})
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// publishedBy creates a fresh published story owned by role's account.
func (e *roleEnv) publishedBy(t *testing.T, role news.Role) int64 {
	t.Helper()
	id := e.draftBy(t, role)
	if _, err := e.a.Editorial.Publish(e.ctx, editorial.System(), id, testenv.Now.Add(-1)); err != nil {
		t.Fatal(err)
	}
	return id
}

func pngBytes() []byte {
	var buf bytes.Buffer
	_ = png.Encode(&buf, image.NewGray(image.Rect(0, 0, 40, 30)))
	return buf.Bytes()
}

// request is one hand-made call; kind is "form", "json", "image" or "".
type request struct {
	method, path, kind, body string
}

func (e *roleEnv) do(t *testing.T, who *actor, api bool, rq request, csrf bool) *http.Response {
	t.Helper()
	var body io.Reader = strings.NewReader(rq.body)
	ctype := ""
	switch rq.kind {
	case "form":
		ctype = "application/x-www-form-urlencoded"
	case "json":
		ctype = "application/json"
	case "image":
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "x.png")
		fw.Write(pngBytes())
		mw.Close()
		body, ctype = &buf, mw.FormDataContentType()
	}
	req := httptest.NewRequest(rq.method, rq.path, body)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if who != nil {
		if api {
			req.Header.Set("Authorization", "Bearer "+who.token)
		} else {
			req.AddCookie(&http.Cookie{Name: "byline_session", Value: who.session})
			if csrf {
				req.Header.Set("X-CSRF-Token", who.csrf)
			}
		}
	}
	rec := httptest.NewRecorder()
	e.a.Handler.ServeHTTP(rec, req)
	return rec.Result()
}

var (
	everyone   = []news.Role{news.RoleContributor, news.RoleAuthor, news.RoleEditor, news.RoleAdmin}
	editorsUp  = []news.Role{news.RoleEditor, news.RoleAdmin}
	adminsOnly = []news.Role{news.RoleAdmin}
)

// routeCase is a route with the roles that may use it; setup makes the
// story it works on, fresh for each role, so one role's success does not
// change what the next one meets.
type routeCase struct {
	name    string
	api     bool
	allowed []news.Role
	setup   func(t *testing.T, e *roleEnv, role news.Role) request
}

// topic creates a topic for one case.
func (e *roleEnv) topic(t *testing.T, role news.Role) int64 {
	t.Helper()
	tp := news.Topic{Kind: news.Subject, Names: []news.TopicName{{Edition: "en", Name: "Topic " + string(role), Slug: fmt.Sprintf("topic-%d", time.Now().UnixNano())}}}
	if err := e.a.Store.CreateTopic(e.ctx, &tp); err != nil {
		t.Fatal(err)
	}
	return tp.ID
}

func fixed(method, path, kind, body string) func(*testing.T, *roleEnv, news.Role) request {
	return func(*testing.T, *roleEnv, news.Role) request { return request{method, path, kind, body} }
}

// others' story: made by an account of another role than the caller's.
func othersDraft(method, suffix, kind, body string) func(*testing.T, *roleEnv, news.Role) request {
	return func(t *testing.T, e *roleEnv, role news.Role) request {
		owner := news.RoleEditor
		if role == news.RoleEditor {
			owner = news.RoleAdmin
		}
		return request{method, strings.ReplaceAll(suffix, "{id}", fmt.Sprint(e.draftBy(t, owner))), kind, body}
	}
}

func ownDraft(method, suffix, kind, body string) func(*testing.T, *roleEnv, news.Role) request {
	return func(t *testing.T, e *roleEnv, role news.Role) request {
		return request{method, strings.ReplaceAll(suffix, "{id}", fmt.Sprint(e.draftBy(t, role))), kind, body}
	}
}

func ownPublished(method, suffix, kind, body string) func(*testing.T, *roleEnv, news.Role) request {
	return func(t *testing.T, e *roleEnv, role news.Role) request {
		return request{method, strings.ReplaceAll(suffix, "{id}", fmt.Sprint(e.publishedBy(t, role))), kind, body}
	}
}

func roleCases() []routeCase {
	save := url.Values{"section": {"world"}, "headline": {"Edited"}, "body": {"Edited text."}, "kind": {"news"}}.Encode()
	return []routeCase{
		{"dashboard", false, everyone, fixed("GET", "/admin/", "", "")},
		{"story list", false, everyone, fixed("GET", "/admin/articles?view=review", "", "")},
		{"new story form", false, everyone, fixed("GET", "/admin/articles/new", "", "")},
		{"create story", false, everyone, fixed("POST", "/admin/articles", "form", url.Values{"edition": {"en"}, "section": {"world"}, "headline": {"New"}, "body": {"b"}}.Encode())},
		{"open own draft", false, everyone, ownDraft("GET", "/admin/articles/{id}", "", "")},
		{"open another's draft", false, editorsUp, othersDraft("GET", "/admin/articles/{id}", "", "")},
		{"save own draft", false, everyone, ownDraft("POST", "/admin/articles/{id}", "form", save+"&revision=1")},
		{"save another's draft", false, editorsUp, othersDraft("POST", "/admin/articles/{id}", "form", save+"&revision=1")},
		{"autosave another's draft", false, editorsUp, othersDraft("POST", "/admin/articles/{id}/autosave", "json", `{"revision":1,"fields":{}}`)},
		{"submit own draft", false, everyone, ownDraft("POST", "/admin/articles/{id}/submit", "form", "")},
		{"submit another's draft", false, editorsUp, othersDraft("POST", "/admin/articles/{id}/submit", "form", "")},
		{"publish own draft", false, []news.Role{news.RoleAuthor, news.RoleEditor, news.RoleAdmin}, ownDraft("POST", "/admin/articles/{id}/publish", "form", "")},
		{"publish another's draft", false, editorsUp, othersDraft("POST", "/admin/articles/{id}/publish", "form", "")},
		{"schedule another's draft", false, editorsUp, othersDraft("POST", "/admin/articles/{id}/publish", "form", "at=2030-01-01T09:00")},
		{"unpublish own story", false, editorsUp, ownPublished("POST", "/admin/articles/{id}/unpublish", "form", "")},
		{"correct own story", false, editorsUp, ownPublished("POST", "/admin/articles/{id}/corrections", "form", "correction=Fixed+a+name.")},
		{"translate another's draft", false, editorsUp, othersDraft("POST", "/admin/articles/{id}/translate", "form", "edition=fr")},
		{"history of another's draft", false, editorsUp, othersDraft("GET", "/admin/articles/{id}/revisions", "", "")},
		{"diff of another's draft", false, editorsUp, othersDraft("GET", "/admin/articles/{id}/diff?from=1&to=1", "", "")},
		{"restore another's draft", false, editorsUp, othersDraft("POST", "/admin/articles/{id}/restore", "form", "number=1&revision=1")},
		{"upload image", false, everyone, fixed("POST", "/admin/images", "image", "")},
		{"suggest topics", false, everyone, fixed("GET", "/admin/topics/complete?edition=en&q=Eg", "", "")},
		{"preview", false, everyone, fixed("POST", "/admin/preview", "", "# Hi")},
		{"reject a topic on own draft", false, everyone, ownDraft("POST", "/admin/articles/{id}/topics", "form", "action=reject&key=name%3Ageneva")},
		{"reject a topic on another's draft", false, editorsUp, othersDraft("POST", "/admin/articles/{id}/topics", "form", "action=reject&key=name%3Ageneva")},
		{"confirm a topic on own draft", false, everyone, ownDraft("POST", "/admin/articles/{id}/topics", "form", "action=confirm&name=Geneva")},
		{"pin a story in Read also", false, editorsUp, func(t *testing.T, e *roleEnv, role news.Role) request {
			return request{"POST", fmt.Sprintf("/admin/articles/%d/read-also", e.draftBy(t, role)), "form", fmt.Sprintf("pick=pin&related=%d", e.draftBy(t, role))}
		}},
		{"topics page", false, editorsUp, fixed("GET", "/admin/topics?q=gen", "", "")},
		{"audit log", false, adminsOnly, fixed("GET", "/admin/audit", "", "")},
		{"topic form", false, editorsUp, func(t *testing.T, e *roleEnv, role news.Role) request {
			return request{"GET", fmt.Sprintf("/admin/topics/%d", e.topic(t, role)), "", ""}
		}},
		{"rename a topic", false, editorsUp, func(t *testing.T, e *roleEnv, role news.Role) request {
			return request{"POST", fmt.Sprintf("/admin/topics/%d", e.topic(t, role)), "form", "kind=place&name_fr=Sujet+" + string(role) + "&aliases=Genf%0AGinevra"}
		}},
		{"account", false, everyone, fixed("GET", "/admin/account", "", "")},
		{"accounts page", false, adminsOnly, fixed("GET", "/admin/users", "", "")},
		{"create account", false, adminsOnly, func(t *testing.T, e *roleEnv, role news.Role) request {
			return request{"POST", "/admin/users", "form", url.Values{"email": {"new-" + string(role) + "@example.org"}, "name": {"New"},
				"role": {"admin"}, "password": {"another long password"}, "language": {"en"}}.Encode()}
		}},
		{"promote an account", false, adminsOnly, func(t *testing.T, e *roleEnv, role news.Role) request {
			u, err := e.a.Auth.CreateUser(e.ctx, nil, fmt.Sprintf("p%d-%s@example.org", len(e.actors)+len(t.Name()), role), "P", news.RoleContributor, "a long enough password", "en")
			if err != nil {
				t.Fatal(err)
			}
			return request{"POST", fmt.Sprintf("/admin/users/%d", u.ID), "form", "role=admin"}
		}},
		{"sections page", false, adminsOnly, fixed("GET", "/admin/sections", "", "")},
		{"create section", false, adminsOnly, func(t *testing.T, e *roleEnv, role news.Role) request {
			return request{"POST", "/admin/sections", "form", "edition=en&name=Local&slug=local-" + string(role)}
		}},
		{"tokens page", false, adminsOnly, fixed("GET", "/admin/tokens", "", "")},
		{"create token for another", false, adminsOnly, func(t *testing.T, e *roleEnv, role news.Role) request {
			return request{"POST", "/admin/tokens", "form", fmt.Sprintf("user=%d&name=x", e.actors[news.RoleAdmin].user.ID)}
		}},
		{"revoke a token", false, adminsOnly, func(t *testing.T, e *roleEnv, role news.Role) request {
			_, tok, err := e.a.Auth.CreateToken(e.ctx, nil, e.actors[news.RoleAdmin].user.ID, "spare")
			if err != nil {
				t.Fatal(err)
			}
			return request{"POST", fmt.Sprintf("/admin/tokens/%d/revoke", tok.ID), "form", ""}
		}},

		{"webhooks page", false, adminsOnly, fixed("GET", "/admin/webhooks", "", "")},
		{"register a webhook", false, adminsOnly, fixed("POST", "/admin/webhooks", "form",
			url.Values{"url": {"https://203.0.113.10/hook"}, "events": {"article.published", "article.unpublished"}}.Encode())},
		{"webhook deliveries", false, adminsOnly, webhookRoute("GET", "/admin/webhooks/{id}", "")},
		{"disable a webhook", false, adminsOnly, webhookRoute("POST", "/admin/webhooks/{id}/state", "state=disable")},
		{"delete a webhook", false, adminsOnly, webhookRoute("POST", "/admin/webhooks/{id}/delete", "")},
		{"send a failed delivery again", false, adminsOnly, failedDelivery},

		{"wire desk", false, editorsUp, fixed("GET", "/admin/wires?status=new&since=2026-01-01", "", "")},
		{"wire item", false, editorsUp, wireRoute("GET", "/admin/wires/{id}", "")},
		{"adopt a wire item", false, editorsUp, wireRoute("POST", "/admin/wires/{id}/adopt", "")},
		{"ignore a wire item", false, editorsUp, wireRoute("POST", "/admin/wires/{id}/ignore", "")},
		{"wire sources page", false, adminsOnly, fixed("GET", "/admin/wires/sources", "", "")},
		{"add a wire source", false, adminsOnly, func(t *testing.T, e *roleEnv, role news.Role) request {
			return request{"POST", "/admin/wires/sources", "form", url.Values{"name": {"Agency " + string(role)}, "kind": {"url"},
				"url": {"https://203.0.113.10/" + string(role) + ".xml"}, "section": {fmt.Sprint(e.world(t).ID)}, "credit": {"Agency"},
				"interval": {"5"}}.Encode()}
		}},
		{"pause a wire source", false, adminsOnly, wireSourceRoute("POST", "/admin/wires/sources/{id}/state", "state=disable")},
		{"poll a wire source now", false, adminsOnly, wireSourceRoute("POST", "/admin/wires/sources/{id}/poll", "")},

		{"API create section", true, adminsOnly, func(t *testing.T, e *roleEnv, role news.Role) request {
			return request{"POST", "/api/v1/admin/sections", "json", `{"edition":"en","slug":"api-` + string(role) + `","name":"API"}`}
		}},
		{"API create story", true, everyone, fixed("POST", "/api/v1/admin/articles", "json", `{"edition":"en","section":"world","headline":"From the API","body":"Text."}`)},
		{"API import as published", true, []news.Role{news.RoleAuthor, news.RoleEditor, news.RoleAdmin}, fixed("POST", "/api/v1/admin/articles", "json",
			`{"edition":"en","section":"world","headline":"Imported","body":"Text.","credit":"Wire","published_at":"2026-11-01T10:00:00Z"}`)},
		{"API read own draft", true, everyone, ownDraft("GET", "/api/v1/admin/articles/{id}", "", "")},
		{"API read another's draft", true, editorsUp, othersDraft("GET", "/api/v1/admin/articles/{id}", "", "")},
		{"API patch another's draft", true, editorsUp, othersDraft("PATCH", "/api/v1/admin/articles/{id}", "json", `{"revision":1,"headline":"Patched"}`)},
		{"API submit another's draft", true, editorsUp, othersDraft("POST", "/api/v1/admin/articles/{id}/submit", "json", "")},
		{"API publish own draft", true, []news.Role{news.RoleAuthor, news.RoleEditor, news.RoleAdmin}, ownDraft("POST", "/api/v1/admin/articles/{id}/publish", "json", "")},
		{"API publish another's draft", true, editorsUp, othersDraft("POST", "/api/v1/admin/articles/{id}/publish", "json", `{"at":"2030-01-01T09:00:00Z"}`)},
		{"API unpublish own story", true, editorsUp, ownPublished("POST", "/api/v1/admin/articles/{id}/unpublish", "json", "")},
		{"API correct own story", true, editorsUp, ownPublished("POST", "/api/v1/admin/articles/{id}/corrections", "json", `{"text":"Fixed."}`)},
		{"API revisions of another's draft", true, editorsUp, othersDraft("GET", "/api/v1/admin/articles/{id}/revisions", "", "")},
		{"API upload image", true, everyone, fixed("POST", "/api/v1/admin/images", "image", "")},
	}
}

// webhookRoute is a route about a fresh webhook endpoint.
func webhookRoute(method, suffix, body string) func(*testing.T, *roleEnv, news.Role) request {
	return func(t *testing.T, e *roleEnv, role news.Role) request {
		ep, err := e.a.Webhooks.CreateEndpoint(e.ctx, editorial.System(), "https://203.0.113.10/"+string(role), news.Events)
		if err != nil {
			t.Fatal(err)
		}
		kind := ""
		if method == "POST" {
			kind = "form"
		}
		return request{method, strings.ReplaceAll(suffix, "{id}", fmt.Sprint(ep.ID)), kind, body}
	}
}

func (e *roleEnv) world(t *testing.T) news.Section {
	t.Helper()
	sec, err := e.a.Store.Section(e.ctx, "en", "world")
	if err != nil {
		t.Fatal(err)
	}
	return sec
}

// wireSource makes a fresh drop-folder source: polling it now reads an
// empty folder, no network.
func (e *roleEnv) wireSource(t *testing.T) news.WireSource {
	t.Helper()
	src := news.WireSource{Name: "Drop " + t.Name(), Kind: news.SourceFolder, Folder: t.TempDir(), Edition: "en",
		SectionID: e.world(t).ID, Credit: "Agency", Interval: 5 * time.Minute, Active: true}
	if err := e.a.Store.CreateWireSource(e.ctx, &src); err != nil {
		t.Fatal(err)
	}
	return src
}

func wireSourceRoute(method, suffix, body string) func(*testing.T, *roleEnv, news.Role) request {
	return func(t *testing.T, e *roleEnv, role news.Role) request {
		return request{method, strings.ReplaceAll(suffix, "{id}", fmt.Sprint(e.wireSource(t).ID)), "form", body}
	}
}

// wireRoute is a route about a fresh wire item, a story of its own.
func wireRoute(method, suffix, body string) func(*testing.T, *roleEnv, news.Role) request {
	return func(t *testing.T, e *roleEnv, role news.Role) request {
		src := e.wireSource(t)
		guid := fmt.Sprintf("%s-%d", role, time.Now().UnixNano())
		feed := `<rss version="2.0"><channel><title>Agency</title><item><guid>` + guid + `</guid><title>Story ` + guid +
			`</title><description>Text of ` + guid + `, told once.</description></item></channel></rss>`
		if _, err := e.a.Wires.Import(e.ctx, src, []byte(feed)); err != nil {
			t.Fatal(err)
		}
		it, err := e.a.Store.LatestWireVersion(e.ctx, src.ID, guid)
		if err != nil {
			t.Fatal(err)
		}
		kind := ""
		if method == "POST" {
			kind = "form"
		}
		return request{method, strings.ReplaceAll(suffix, "{id}", fmt.Sprint(it.ID)), kind, body}
	}
}

// failedDelivery asks to send again a delivery that failed for good.
func failedDelivery(t *testing.T, e *roleEnv, role news.Role) request {
	rq := webhookRoute("POST", "/admin/webhooks/{id}", "")(t, e, role)
	e.publishedBy(t, role)
	id, _ := strconv.ParseInt(strings.TrimPrefix(rq.path, "/admin/webhooks/"), 10, 64)
	ds, err := e.a.Store.Deliveries(e.ctx, id, 1)
	if err != nil || len(ds) != 1 {
		t.Fatalf("deliveries %v (%v), want the story's", ds, err)
	}
	if err := e.a.Store.RecordAttempt(e.ctx, ds[0].ID, news.Attempt{At: testenv.Now, Status: news.DeliveryFailed, Error: "gone"}); err != nil {
		t.Fatal(err)
	}
	return request{"POST", fmt.Sprintf("%s/deliveries/%d/retry", rq.path, ds[0].ID), "form", ""}
}

// TestEveryRouteAsEveryRole walks every newsroom route and API call as each
// role, with the calls the UI would never offer, and as nobody at all.
func TestEveryRouteAsEveryRole(t *testing.T) {
	e := newRoleEnv(t)
	for _, rc := range roleCases() {
		for _, role := range everyone {
			t.Run(rc.name+"/"+string(role), func(t *testing.T) {
				who := e.actors[role]
				rq := rc.setup(t, e, role)
				res := e.do(t, &who, rc.api, rq, true)
				allowed := false
				for _, r := range rc.allowed {
					allowed = allowed || r == role
				}
				switch {
				case allowed && res.StatusCode >= 400:
					body, _ := io.ReadAll(res.Body)
					t.Errorf("%s %s as %s = %d, want success\n%s", rq.method, rq.path, role, res.StatusCode, firstLine(body))
				case !allowed && res.StatusCode != http.StatusForbidden:
					t.Errorf("%s %s as %s = %d, want 403", rq.method, rq.path, role, res.StatusCode)
				}
			})
		}
		t.Run(rc.name+"/anonymous", func(t *testing.T) {
			rq := rc.setup(t, e, news.RoleAdmin)
			res := e.do(t, nil, rc.api, rq, false)
			want := http.StatusUnauthorized
			if !rc.api && rq.method == "GET" {
				want = http.StatusSeeOther // people are sent to sign in
			}
			if res.StatusCode != want {
				t.Errorf("%s %s without signing in = %d, want %d", rq.method, rq.path, res.StatusCode, want)
			}
		})
	}
}

// TestFormsNeedTheirCSRFToken posts every state-changing newsroom route as
// an admin without the CSRF token: each is refused and changes nothing.
func TestFormsNeedTheirCSRFToken(t *testing.T) {
	e := newRoleEnv(t)
	admin := e.actors[news.RoleAdmin]
	for _, rc := range roleCases() {
		if rc.api {
			continue
		}
		rq := rc.setup(t, e, news.RoleAdmin)
		if rq.method == "GET" {
			continue
		}
		t.Run(rc.name, func(t *testing.T) {
			before, _ := e.a.Store.Desk(e.ctx, news.DeskQuery{Limit: 200})
			res := e.do(t, &admin, false, rq, false)
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s without a CSRF token = %d, want 403", rq.method, rq.path, res.StatusCode)
			}
			after, _ := e.a.Store.Desk(e.ctx, news.DeskQuery{Limit: 200})
			if len(after) != len(before) || (len(after) > 0 && after[0].Revision != before[0].Revision) {
				t.Errorf("%s changed the stories without a CSRF token", rq.path)
			}
		})
	}
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	if len(s) > 300 {
		s = s[:300]
	}
	return s
}
