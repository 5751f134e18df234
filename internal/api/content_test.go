package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
)

// contentApp is a demo app at testenv.Now with the rate limit off, so
// that tests may call as often as they like; TestRateLimit turns it on.
func contentApp(t testing.TB, clock *testenv.Clock, change ...func(*app.Config)) *app.App {
	t.Helper()
	cfg := app.Config{DataDir: t.TempDir(), DBURL: testenv.DBURL(t), Demo: true, Now: clock.Now, BaseURL: "https://news.example.org", Out: io.Discard,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), APIRate: -1}
	for _, c := range change {
		c(&cfg)
	}
	a, err := app.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// shared is one demo app at testenv.Now for the tests that only read,
// since loading the demo takes seconds; tests that change content start
// their own with contentApp. It is made on first use, so that fuzzing,
// which runs TestMain in every worker, does not pay for it.
var shared struct {
	once sync.Once
	app  *app.App
	dir  string
	drop func() error // the PostgreSQL schema, under BYLINE_TEST_STORE=postgres
	err  error
}

func demo(t testing.TB) *app.App {
	t.Helper()
	shared.once.Do(func() {
		if shared.dir, shared.err = os.MkdirTemp("", "byline-api-"); shared.err != nil {
			return
		}
		var dbURL string
		if dbURL, shared.drop, shared.err = testenv.SharedDBURL(); shared.err != nil {
			return
		}
		shared.app, shared.err = app.New(context.Background(), app.Config{DataDir: shared.dir, DBURL: dbURL, Demo: true,
			Now: testenv.NewClock(testenv.Now).Now, BaseURL: "https://news.example.org", Out: io.Discard,
			Log: slog.New(slog.NewTextHandler(io.Discard, nil)), APIRate: -1})
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.app
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.app != nil {
		shared.app.Close()
	}
	if shared.drop != nil {
		shared.drop()
	}
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// get calls the handler and decodes a JSON answer strictly.
func get(t *testing.T, h http.Handler, path string, header ...string) (*http.Response, map[string]any) {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	raw, _ := io.ReadAll(res.Body)
	var body map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &body); err != nil {
			t.Fatalf("GET %s: %d, not JSON: %.200s", path, res.StatusCode, raw)
		}
	}
	return res, body
}

func items(body map[string]any) []map[string]any {
	var out []map[string]any
	list, _ := body["items"].([]any)
	for _, it := range list {
		out = append(out, it.(map[string]any))
	}
	return out
}

func errField(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	s, _ := e["field"].(string)
	return s
}

func TestContentAnswers(t *testing.T) {
	a := demo(t)
	t.Parallel()
	tests := []struct {
		name   string
		path   string
		status int
		code   string
		field  string
	}{
		{"editions are listed", "/api/v1/editions", 200, "", ""},
		{"an edition's sections are listed", "/api/v1/editions/fr/sections", 200, "", ""},
		{"an edition's topics are listed", "/api/v1/editions/ar/topics", 200, "", ""},
		{"authors are listed", "/api/v1/authors", 200, "", ""},
		{"authors of an edition are listed", "/api/v1/authors?edition=es", 200, "", ""},
		{"articles are listed", "/api/v1/articles", 200, "", ""},
		{"articles of a section are listed", "/api/v1/articles?edition=en&section=world&limit=3", 200, "", ""},
		{"an unknown topic selects nothing", "/api/v1/articles?edition=en&topic=no-such-topic", 200, "", ""},
		{"an unknown author selects nothing", "/api/v1/articles?author=nobody", 200, "", ""},
		{"sections of an unknown edition are not found", "/api/v1/editions/xx/sections", 404, "not_found", ""},
		{"topics of an unknown edition are not found", "/api/v1/editions/xx/topics", 404, "not_found", ""},
		{"authors of an unknown edition are invalid", "/api/v1/authors?edition=xx", 400, "invalid", "edition"},
		{"a misspelt parameter is invalid", "/api/v1/articles?editon=en", 400, "invalid", "editon"},
		{"a repeated parameter is invalid", "/api/v1/articles?edition=en&edition=fr", 400, "invalid", "edition"},
		{"an unknown edition is invalid", "/api/v1/articles?edition=xx", 400, "invalid", "edition"},
		{"an unknown section is invalid", "/api/v1/articles?edition=en&section=nope", 400, "invalid", "section"},
		{"a section without its edition is invalid", "/api/v1/articles?section=world", 400, "invalid", "section"},
		{"a topic without its edition is invalid", "/api/v1/articles?topic=geneva", 400, "invalid", "topic"},
		{"an unknown field is invalid", "/api/v1/articles?fields=id,byline", 400, "invalid", "fields"},
		{"no fields at all is invalid", "/api/v1/articles?fields=,", 400, "invalid", "fields"},
		{"a malformed time is invalid", "/api/v1/articles?updated_since=yesterday", 400, "invalid", "updated_since"},
		{"a malformed cursor is invalid", "/api/v1/articles?cursor=abc", 400, "invalid", "cursor"},
		{"a limit over the maximum is invalid", "/api/v1/articles?limit=101", 400, "invalid", "limit"},
		{"a zero limit is invalid", "/api/v1/articles?limit=0", 400, "invalid", "limit"},
		{"an article with parameters is invalid", "/api/v1/articles/1?fields=id", 400, "invalid", "fields"},
		{"an unknown article is not found", "/api/v1/articles/999999", 404, "not_found", ""},
		{"a malformed id is not found", "/api/v1/articles/abc", 404, "not_found", ""},
		{"by-path without a path is invalid", "/api/v1/articles/by-path", 400, "invalid", "path"},
		{"by-path with a short path is invalid", "/api/v1/articles/by-path?path=/en/world", 400, "invalid", "path"},
		{"by-path to nothing is not found", "/api/v1/articles/by-path?path=/en/world/nothing-here", 404, "not_found", ""},
		{"an unknown call is not found", "/api/v1/whatever", 404, "not_found", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, a.Handler, tt.path)
			if res.StatusCode != tt.status || errCode(body) != tt.code || errField(body) != tt.field {
				t.Fatalf("%d %v, want %d %q field %q", res.StatusCode, body, tt.status, tt.code, tt.field)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
			if res.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Error("a public answer without CORS")
			}
			if tt.status == 200 && (res.Header.Get("ETag") == "" || !strings.Contains(res.Header.Get("Cache-Control"), "public")) {
				t.Errorf("ETag %q, Cache-Control %q", res.Header.Get("ETag"), res.Header.Get("Cache-Control"))
			}
			if tt.status == 200 && body["items"] == nil {
				t.Errorf("no items: %v", body)
			}
		})
	}
}

func TestWritesAreNotAnswered(t *testing.T) {
	a := demo(t)
	t.Parallel()
	for _, method := range []string{"POST", "PUT", "PATCH", "DELETE"} {
		req := httptest.NewRequest(method, "/api/v1/articles", strings.NewReader("{}"))
		rec := httptest.NewRecorder()
		a.Handler.ServeHTTP(rec, req)
		if rec.Code != 404 || !strings.Contains(rec.Body.String(), `"not_found"`) || !strings.Contains(rec.Body.String(), "read-only") {
			t.Errorf("%s: %d %s", method, rec.Code, rec.Body.String())
		}
	}
}

// TestPagesCoverEveryVisibleStoryOnce follows next_cursor to the end and
// checks every visible story comes once, newest first.
func TestPagesCoverEveryVisibleStoryOnce(t *testing.T) {
	a := demo(t)
	t.Parallel()
	want, err := a.Store.Count(context.Background(), news.ListQuery{Now: testenv.Now})
	if err != nil || want < 20 {
		t.Fatalf("the demo has %d visible stories (%v)", want, err)
	}
	seen := map[float64]bool{}
	var last time.Time
	path := "/api/v1/articles?limit=7&fields=id,published_at"
	for pages := 0; ; pages++ {
		if pages > want {
			t.Fatal("pagination does not end")
		}
		res, body := get(t, a.Handler, path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %v", path, res.StatusCode, body)
		}
		for _, it := range items(body) {
			id := it["id"].(float64)
			if seen[id] {
				t.Fatalf("story %v comes twice", id)
			}
			seen[id] = true
			at, _ := time.Parse(time.RFC3339, it["published_at"].(string))
			if !last.IsZero() && at.After(last) {
				t.Fatalf("story %v is newer than the one before it", id)
			}
			last = at
		}
		next, _ := body["next_cursor"].(string)
		if next == "" {
			break
		}
		path = "/api/v1/articles?limit=7&fields=id,published_at&cursor=" + url.QueryEscape(next)
	}
	if len(seen) != want {
		t.Errorf("pages held %d stories, want %d", len(seen), want)
	}
}

func TestFiltersNarrowTheList(t *testing.T) {
	a := demo(t)
	t.Parallel()
	_, all := get(t, a.Handler, "/api/v1/articles?limit=100")
	pick := items(all)[0]
	edition := pick["edition"].(string)
	section := pick["section"].(map[string]any)["slug"].(string)
	topic := pick["topics"].([]any)[0].(map[string]any)["slug"].(string)
	author := pick["authors"].([]any)[0].(map[string]any)["slug"].(string)
	tests := []struct {
		name  string
		query string
		check func(it map[string]any) bool
	}{
		{"edition keeps its stories", "edition=" + edition, func(it map[string]any) bool { return it["edition"] == edition }},
		{"section keeps its stories", "edition=" + edition + "&section=" + section, func(it map[string]any) bool {
			return it["section"].(map[string]any)["slug"] == section
		}},
		{"topic keeps stories about it", "edition=" + edition + "&topic=" + url.QueryEscape(topic), func(it map[string]any) bool {
			return slices.ContainsFunc(it["topics"].([]any), func(x any) bool { return x.(map[string]any)["slug"] == topic })
		}},
		{"author keeps their stories", "author=" + author, func(it map[string]any) bool {
			return slices.ContainsFunc(it["authors"].([]any), func(x any) bool { return x.(map[string]any)["slug"] == author })
		}},
		{"updated_since keeps later changes", "updated_since=" + url.QueryEscape(testenv.Now.Add(-6*time.Hour).Format(time.RFC3339)), func(it map[string]any) bool {
			at := it["published_at"].(string)
			if u, ok := it["updated_at"].(string); ok {
				at = max(at, u)
			}
			t, _ := time.Parse(time.RFC3339, at)
			return !t.Before(testenv.Now.Add(-6 * time.Hour))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, a.Handler, "/api/v1/articles?limit=100&"+tt.query)
			got := items(body)
			if res.StatusCode != 200 || len(got) == 0 || len(got) >= len(items(all)) {
				t.Fatalf("%d: %d of %d stories", res.StatusCode, len(got), len(items(all)))
			}
			for _, it := range got {
				if !tt.check(it) {
					t.Errorf("story %v does not belong: %v", it["id"], it["url"])
				}
			}
		})
	}
}

func TestFieldsTrimEachItemInDocumentOrder(t *testing.T) {
	a := demo(t)
	t.Parallel()
	req := httptest.NewRequest("GET", "/api/v1/articles?edition=ar&limit=3&fields=url,headline,id,translations", nil)
	rec := httptest.NewRecorder()
	a.Handler.ServeHTTP(rec, req)
	dec := json.NewDecoder(rec.Body)
	var page struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := dec.Decode(&page); err != nil || len(page.Items) != 3 {
		t.Fatalf("%d items (%v)", len(page.Items), err)
	}
	for _, raw := range page.Items {
		var keys []string
		d := json.NewDecoder(strings.NewReader(string(raw)))
		d.Token()
		for d.More() {
			k, _ := d.Token()
			keys = append(keys, k.(string))
			var skip json.RawMessage
			d.Decode(&skip)
		}
		if strings.Join(keys, ",") != "id,url,headline,translations" {
			t.Errorf("keys = %v, want id,url,headline,translations", keys)
		}
	}
}

func TestArticleByIDAndByPathAgree(t *testing.T) {
	a := demo(t)
	t.Parallel()
	_, list := get(t, a.Handler, "/api/v1/articles?edition=ar&limit=1")
	first := items(list)[0]
	id := int64(first["id"].(float64))
	res, byID := get(t, a.Handler, "/api/v1/articles/"+itoa(id))
	if res.StatusCode != 200 {
		t.Fatalf("by id: %d %v", res.StatusCode, byID)
	}
	for _, p := range []string{first["path"].(string), first["url"].(string), "https://news.example.org" + (&url.URL{Path: first["path"].(string)}).EscapedPath()} {
		res, byPath := get(t, a.Handler, "/api/v1/articles/by-path?path="+url.QueryEscape(p))
		if res.StatusCode != 200 || byPath["id"] != first["id"] || res.Header.Get("Content-Location") != "/api/v1/articles/"+itoa(id) {
			t.Fatalf("by path %q: %d %v", p, res.StatusCode, byPath["id"])
		}
	}
	// The list's item is the whole article.
	if !jsonEqual(first, byID) {
		t.Errorf("the list item and the article differ:\n%v\n%v", first, byID)
	}
	if !strings.HasPrefix(byID["url"].(string), "https://news.example.org/ar/") || !strings.HasPrefix(byID["body_html"].(string), "<p>") {
		t.Errorf("url %v, body_html %.40v", byID["url"], byID["body_html"])
	}
}

func TestFormerSlugAnswersWithTheStoryAsItIsNow(t *testing.T) {
	a := contentApp(t, testenv.NewClock(testenv.Now))
	ctx := context.Background()
	_, list := get(t, a.Handler, "/api/v1/articles?edition=en&limit=1")
	first := items(list)[0]
	story, err := a.Store.Article(ctx, int64(first["id"].(float64)))
	if err != nil {
		t.Fatal(err)
	}
	c := editorial.ChangesFrom(story)
	c.Slug = "a-new-address"
	if _, err := a.Editorial.Update(ctx, editorial.System(), story.ID, c); err != nil {
		t.Fatal(err)
	}
	res, body := get(t, a.Handler, "/api/v1/articles/by-path?path="+url.QueryEscape(first["path"].(string)))
	if res.StatusCode != 200 || body["slug"] != "a-new-address" || !strings.HasSuffix(body["path"].(string), "/a-new-address") {
		t.Fatalf("old path: %d slug %v path %v", res.StatusCode, body["slug"], body["path"])
	}
}

func TestETagAnswers304(t *testing.T) {
	a := demo(t)
	t.Parallel()
	for _, path := range []string{"/api/v1/articles?limit=50", "/api/v1/editions", "/api/v1/openapi.json", "/api/v1/articles/1"} {
		for _, enc := range []string{"", "gzip"} {
			req := httptest.NewRequest("GET", path, nil)
			req.Header.Set("Accept-Encoding", enc)
			rec := httptest.NewRecorder()
			a.Handler.ServeHTTP(rec, req)
			etag := rec.Header().Get("ETag")
			if rec.Code != 200 || etag == "" {
				t.Fatalf("%s: %d, ETag %q", path, rec.Code, etag)
			}
			req = httptest.NewRequest("GET", path, nil)
			req.Header.Set("Accept-Encoding", enc)
			req.Header.Set("If-None-Match", etag)
			rec = httptest.NewRecorder()
			a.Handler.ServeHTTP(rec, req)
			if rec.Code != 304 || rec.Body.Len() != 0 {
				t.Errorf("%s (%q) revalidated: %d with %d bytes, want 304 and none", path, enc, rec.Code, rec.Body.Len())
			}
		}
	}
}

func TestCORSOnPublicAnswersNeverOnAdmin(t *testing.T) {
	a, c := setup(t, news.RoleAdmin)
	preflight := func(path string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("OPTIONS", path, nil)
		req.Header.Set("Origin", "https://elsewhere.example")
		req.Header.Set("Access-Control-Request-Method", "GET")
		req.Header.Set("Access-Control-Request-Headers", "if-none-match")
		rec := httptest.NewRecorder()
		a.Handler.ServeHTTP(rec, req)
		return rec
	}
	rec := preflight("/api/v1/articles/1")
	if rec.Code != 204 || rec.Header().Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(rec.Header().Get("Access-Control-Allow-Methods"), "GET") ||
		!strings.Contains(rec.Header().Get("Access-Control-Allow-Headers"), "If-None-Match") {
		t.Errorf("preflight: %d %v", rec.Code, rec.Header())
	}
	if rec := preflight("/api/v1/admin/articles/1"); rec.Header().Get("Access-Control-Allow-Origin") != "" || rec.Code == 204 {
		t.Errorf("admin preflight: %d %v", rec.Code, rec.Header())
	}
	_, _, hdr := c.call("GET", "/api/v1/admin/articles/1", "")
	if hdr.Get("Access-Control-Allow-Origin") != "" {
		t.Error("an Admin API answer carries CORS")
	}
	res, _ := get(t, a.Handler, "/api/v1/editions")
	if res.Header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(res.Header.Get("Access-Control-Expose-Headers"), "ETag") {
		t.Errorf("public GET: %v", res.Header)
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
