package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
)

type client struct {
	t     *testing.T
	h     http.Handler
	token string
}

func (c client) call(method, path, body string) (int, map[string]any, http.Header) {
	c.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	raw, _ := io.ReadAll(rec.Result().Body)
	var out map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			c.t.Fatalf("%s %s: not JSON: %s", method, path, raw)
		}
	}
	return rec.Code, out, rec.Result().Header
}

func setup(t *testing.T, role news.Role) (*app.App, client) {
	t.Helper()
	a := testenv.DemoApp(t, testenv.NewClock(testenv.Now))
	ctx := context.Background()
	u, err := a.Auth.CreateUser(ctx, nil, "api@example.org", "API", role, "a long enough password", "en")
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := a.Auth.CreateToken(ctx, nil, u.ID, "tests")
	if err != nil {
		t.Fatal(err)
	}
	return a, client{t: t, h: a.Handler, token: token}
}

func errCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

// TestArticleLifecycle scripts a story from creation to correction, as the
// README's curl examples do.
func TestArticleLifecycle(t *testing.T) {
	a, c := setup(t, news.RoleEditor)
	status, body, hdr := c.call("POST", "/api/v1/admin/articles", `{"edition":"en","section":"world","headline":"Ports reopen after storm",
		"standfirst":"Shipping resumes.","body":"The ports reopened **today**.","dateline":"ROTTERDAM","credit":"Meridian Press","topics":["Shipping","Netherlands"]}`)
	if status != 201 || body["status"] != "draft" || !strings.HasSuffix(body["url"].(string), "/en/world/ports-reopen-after-storm") {
		t.Fatalf("create: %d %v", status, body)
	}
	id := int64(body["id"].(float64))
	path := "/api/v1/admin/articles/" + itoa(id)
	if hdr.Get("Location") != path {
		t.Errorf("Location = %q", hdr.Get("Location"))
	}
	status, body, _ = c.call("GET", path, "")
	if status != 200 || body["body_html"] != "<p>The ports reopened <strong>today</strong>.</p>\n" || body["revision"] != 1.0 {
		t.Fatalf("get: %d %v", status, body)
	}
	if topics := body["topics"].([]any); len(topics) != 2 {
		t.Errorf("topics = %v", topics)
	}
	// PATCH changes only what it names, and needs the revision.
	status, body, _ = c.call("PATCH", path, `{"headline":"Ports reopen"}`)
	if status != 400 || errCode(body) != "invalid" {
		t.Errorf("patch without revision: %d %v", status, body)
	}
	status, body, _ = c.call("PATCH", path, `{"revision":1,"headline":"Ports reopen after the storm"}`)
	if status != 200 || body["revision"] != 2.0 || body["dateline"] != "ROTTERDAM" {
		t.Fatalf("patch: %d %v", status, body)
	}
	status, body, _ = c.call("PATCH", path, `{"revision":1,"standfirst":"Lost update"}`)
	if status != 409 || errCode(body) != "conflict" {
		t.Errorf("stale patch: %d %v", status, body)
	}
	if cur, _ := a.Store.Article(context.Background(), id); cur.Standfirst != "Shipping resumes." {
		t.Error("the stale patch changed the story")
	}
	at := testenv.Now.Add(time.Hour).Format(time.RFC3339)
	status, body, _ = c.call("POST", path+"/publish", `{"at":"`+at+`"}`)
	if status != 200 || body["status"] != "scheduled" {
		t.Fatalf("schedule: %d %v", status, body)
	}
	status, body, _ = c.call("POST", path+"/unpublish", "")
	if status != 200 || body["status"] != "draft" {
		t.Fatalf("unschedule: %d %v", status, body)
	}
	status, body, _ = c.call("POST", path+"/publish", "")
	if status != 200 || body["status"] != "published" {
		t.Fatalf("publish: %d %v", status, body)
	}
	status, body, _ = c.call("POST", path+"/corrections", `{"text":"An earlier version misspelled Rotterdam."}`)
	if status != 201 || body["text"] == nil {
		t.Fatalf("correct: %d %v", status, body)
	}
	status, body, _ = c.call("GET", path+"/revisions", "")
	if revs := body["revisions"].([]any); status != 200 || len(revs) < 4 {
		t.Errorf("revisions: %d %d", status, len(revs))
	}
}

func TestErrors(t *testing.T) {
	_, c := setup(t, news.RoleContributor)
	anon := client{t: t, h: c.h}
	tests := []struct {
		name   string
		c      client
		method string
		path   string
		body   string
		status int
		code   string
	}{
		{"no token", anon, "GET", "/api/v1/admin/articles/1", "", 401, "unauthorized"},
		{"bad token", client{t: t, h: c.h, token: "byl_nope"}, "GET", "/api/v1/admin/articles/1", "", 401, "unauthorized"},
		{"unknown call", c, "GET", "/api/v1/admin/whatever", "", 404, "not_found"},
		{"unknown story", c, "GET", "/api/v1/admin/articles/999999", "", 404, "not_found"},
		{"malformed id", c, "GET", "/api/v1/admin/articles/abc", "", 404, "not_found"},
		{"malformed JSON", c, "POST", "/api/v1/admin/articles", `{"edition":`, 400, "invalid"},
		{"unknown field", c, "POST", "/api/v1/admin/articles", `{"edition":"en","hedline":"x"}`, 400, "invalid"},
		{"wrong type", c, "POST", "/api/v1/admin/articles", `{"edition":"en","topics":"x"}`, 400, "invalid"},
		{"trailing data", c, "POST", "/api/v1/admin/articles", `{"edition":"en"} {}`, 400, "invalid"},
		{"empty body", c, "POST", "/api/v1/admin/articles", ``, 400, "invalid"},
		{"validation", c, "POST", "/api/v1/admin/articles", `{"edition":"en","section":"nope","headline":""}`, 400, "invalid"},
		{"role too low", c, "POST", "/api/v1/admin/sections", `{"edition":"en","slug":"x","name":"X"}`, 403, "forbidden"},
		{"contributor cannot import as published", c, "POST", "/api/v1/admin/articles", `{"edition":"en","section":"world","headline":"x","body":"b","published_at":"2026-11-01T00:00:00Z"}`, 403, "forbidden"},
		{"wrong method", c, "DELETE", "/api/v1/admin/articles/1", "", 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, hdr := tt.c.call(tt.method, tt.path, tt.body)
			if status != tt.status || errCode(body) != tt.code {
				t.Fatalf("%d %v, want %d %s", status, body, tt.status, tt.code)
			}
			if msg, _ := body["error"].(map[string]any)["message"].(string); msg == "" {
				t.Error("the error has no message")
			}
			if status == 401 && hdr.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			if hdr.Get("Content-Type") != "application/json; charset=utf-8" {
				t.Errorf("Content-Type = %q", hdr.Get("Content-Type"))
			}
		})
	}
}

func TestSectionsAndImages(t *testing.T) {
	_, c := setup(t, news.RoleAdmin)
	status, body, _ := c.call("POST", "/api/v1/admin/sections", `{"edition":"fr","slug":"regions","name":"Régions"}`)
	if status != 201 || body["url"] != "https://news.example.org/fr/regions/" {
		t.Fatalf("create section: %d %v", status, body)
	}
	status, body, _ = c.call("POST", "/api/v1/admin/sections", `{"edition":"fr","slug":"regions","name":"Again"}`)
	if status != 409 || errCode(body) != "conflict" {
		t.Errorf("duplicate section: %d %v", status, body)
	}
	req := httptest.NewRequest("POST", "/api/v1/admin/images", strings.NewReader("<svg onload=alert(1)>"))
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "image/svg+xml")
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "JPEG") {
		t.Errorf("an SVG upload: %d %s", rec.Code, rec.Body.String())
	}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
