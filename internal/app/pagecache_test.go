package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
	"github.com/bylinehq/byline/internal/web"
)

// TestPageCacheFollowsTheNewsroom: pages are served from the cache until
// a change reaches them, and then only the pages it reaches are rendered
// again, on the very next request, whichever edition or section.
func TestPageCacheFollowsTheNewsroom(t *testing.T) {
	ctx := context.Background()
	a, err := app.New(ctx, app.Config{DBURL: testenv.DBURL(t), DataDir: t.TempDir(), Out: io.Discard, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for _, sec := range []news.Section{{Edition: "en", Slug: "world", Name: "World", Position: 1},
		{Edition: "en", Slug: "sport", Name: "Sport", Position: 2}, {Edition: "es", Slug: "mundo", Name: "Mundo", Position: 1}} {
		if err := a.Store.CreateSection(ctx, &sec); err != nil {
			t.Fatal(err)
		}
	}
	ed, err := a.Auth.CreateUser(ctx, nil, "editor@example.org", "Ed", news.RoleEditor, "a long enough password", "en")
	if err != nil {
		t.Fatal(err)
	}
	publish := func(edition, section, headline string, topics ...string) *news.Article {
		t.Helper()
		s, err := a.Editorial.Create(ctx, ed, editorial.Draft{Edition: edition, Section: section, Headline: headline, Body: "Text.", Topics: topics})
		if err != nil {
			t.Fatal(err)
		}
		if s, err = a.Editorial.Publish(ctx, ed, s.ID, time.Time{}); err != nil {
			t.Fatal(err)
		}
		return s
	}
	// Fifteen world stories: the oldest is on its section's page but in
	// no river and on no front.
	var world []*news.Article
	for i := range 15 {
		world = append(world, publish("en", "world", fmt.Sprintf("World story %d", i), "Harbours"))
	}
	sport := publish("en", "sport", "Sport story", "Cycling")
	publish("es", "mundo", "Historia del mundo")

	pages := map[string]string{
		"en front": "/en/", "world": "/en/world/", "sport": "/en/sport/", "oldest": world[0].Path(),
		"newest": world[14].Path(), "sport story": sport.Path(), "es front": "/es/",
		"harbours": "/en/topics/harbours", "cycling": "/en/topics/cycling",
	}
	names := make([]string, 0, len(pages))
	for n := range pages {
		names = append(names, n)
	}
	slices.Sort(names)
	fetch := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		a.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	// rendered loads every page and names those not served from the cache.
	rendered := func() []string {
		var out []string
		for _, n := range names {
			r := fetch(pages[n])
			if r.Code != 200 {
				t.Fatalf("%s: %d", pages[n], r.Code)
			}
			if r.Header().Get("X-Cache") != "HIT" {
				out = append(out, n)
			}
		}
		return out
	}
	if got := rendered(); len(got) != len(names) {
		t.Fatalf("first visit rendered %v", got)
	}
	if got := rendered(); got != nil {
		t.Fatalf("second visit rendered %v, want every page from the cache", got)
	}

	// Each step changes something; the pages rendered again must be
	// exactly those that showed what changed (want, or, for an edit, the
	// pages that linked to the story), and they must show the change.
	showing := func(path string) (out []string) {
		for _, n := range names {
			if strings.Contains(fetch(pages[n]).Body.String(), `href="`+path+`"`) || pages[n] == path {
				out = append(out, n)
			}
		}
		return out
	}
	allEnglish := []string{"cycling", "en front", "harbours", "newest", "oldest", "sport", "sport story", "world"}
	for _, step := range []struct {
		name   string
		change func() []string // the pages that must be rendered again
		shows  map[string]string
	}{
		{"the oldest world story corrected", func() []string {
			want := showing(world[0].Path())
			c := editorial.ChangesFrom(world[0])
			c.Headline = "World story 0, corrected"
			var err error
			if world[0], err = a.Editorial.Update(ctx, ed, world[0].ID, c); err != nil {
				t.Fatal(err)
			}
			return want
		}, map[string]string{"oldest": "World story 0, corrected", "world": "World story 0, corrected"}},
		{"a sport story published: every English page has the river", func() []string {
			publish("en", "sport", "Breaking sport news")
			return allEnglish
		}, map[string]string{"en front": "Breaking sport news", "sport": "Breaking sport news", "newest": "Breaking sport news"}},
		{"an older sport story tagged Harbours: its pages and the Harbours page", func() []string {
			want := append(showing(sport.Path()), "harbours")
			c := editorial.ChangesFrom(sport)
			c.Topics = append(c.Topics, "Harbours")
			var err error
			if sport, err = a.Editorial.Update(ctx, ed, sport.ID, c); err != nil {
				t.Fatal(err)
			}
			slices.Sort(want)
			return slices.Compact(want)
		}, map[string]string{"harbours": "Sport story"}},
		{"a Spanish story published", func() []string {
			publish("es", "mundo", "Noticia de última hora")
			return []string{"es front"}
		}, map[string]string{"es front": "Noticia de última hora"}},
		{"a draft saved", func() []string {
			if _, err := a.Editorial.Create(ctx, ed, editorial.Draft{Edition: "en", Section: "world", Headline: "Not yet", Body: "Text."}); err != nil {
				t.Fatal(err)
			}
			return nil
		}, nil},
	} {
		want := step.change()
		got := rendered()
		if !slices.Equal(got, want) {
			t.Errorf("%s: rendered again %v, want %v", step.name, got, want)
		}
		for page, text := range step.shows {
			if body := fetch(pages[page]).Body.String(); !strings.Contains(body, text) {
				t.Errorf("%s: %s does not show %q", step.name, page, text)
			}
		}
	}

	// Withdrawn: its page answers 410 at once, and the lists lose it.
	if _, err := a.Editorial.Unpublish(ctx, ed, world[14].ID); err != nil {
		t.Fatal(err)
	}
	if r := fetch(world[14].Path()); r.Code != http.StatusGone {
		t.Errorf("the withdrawn story answers %d", r.Code)
	}
	if body := fetch("/en/world/").Body.String(); strings.Contains(body, "World story 14") {
		t.Error("the section page still lists the withdrawn story")
	}
	st := a.Pages.Stats()
	t.Logf("page cache: %d hits, %d misses, %d pages dropped, %d pages held in %d bytes", st.Hits, st.Misses, st.Dropped, st.Entries, st.Bytes)
}

// TestCachedPageAnswersAsTheChainDoes: a page served from the cache ahead
// of the middleware chain carries the same headers as when it was
// rendered through it (but its own request id), is logged with its id,
// and is counted under the route it was rendered for; 304 and HEAD too.
func TestCachedPageAnswersAsTheChainDoes(t *testing.T) {
	var logs bytes.Buffer
	lw := &lockedWriter{w: &logs}
	log := slog.New(web.LogHandler{Handler: slog.NewTextHandler(lw, nil)})
	a, err := app.New(context.Background(), app.Config{DBURL: testenv.DBURL(t), DataDir: t.TempDir(), Demo: true,
		Out: io.Discard, Log: log, MetricsToken: "m"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	story := firstStory(t, a)
	get := func(method string, header ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, story.Path(), nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		a.Handler.ServeHTTP(rec, req)
		return rec
	}
	miss := get("GET", "Accept-Encoding", "gzip")
	hit := get("GET", "Accept-Encoding", "gzip", "X-Request-Id", "from-the-proxy-1")
	if miss.Header().Get("X-Cache") != "MISS" || hit.Header().Get("X-Cache") != "HIT" {
		t.Fatalf("X-Cache: %q then %q", miss.Header().Get("X-Cache"), hit.Header().Get("X-Cache"))
	}
	for name := range miss.Header() {
		if name == "X-Cache" || name == "X-Request-Id" || name == "Date" {
			continue
		}
		if got, want := hit.Header().Values(name), miss.Header().Values(name); !slices.Equal(got, want) {
			t.Errorf("%s: hit %q, rendered %q", name, got, want)
		}
	}
	for name := range hit.Header() {
		if miss.Header().Values(name) == nil {
			t.Errorf("the hit has %s, the rendered page not", name)
		}
	}
	if id := hit.Header().Get("X-Request-Id"); id != "from-the-proxy-1" {
		t.Errorf("request id %q, want the proxy's", id)
	}
	if !bytes.Equal(hit.Body.Bytes(), miss.Body.Bytes()) {
		t.Error("the hit's body differs from the rendered page's")
	}
	if rec := get("GET", "Accept-Encoding", "gzip", "If-None-Match", hit.Header().Get("ETag")); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d with %d bytes", rec.Code, rec.Body.Len())
	}
	if rec := get("HEAD"); rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") == "" {
		t.Errorf("HEAD: %d with %d bytes, Content-Length %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"))
	}
	lw.mu.Lock()
	logged := logs.String()
	lw.mu.Unlock()
	if !strings.Contains(logged, "path="+story.Path()+" status=200 bytes="+strconv.Itoa(hit.Body.Len())) ||
		!strings.Contains(logged, "request_id=from-the-proxy-1") {
		t.Errorf("no access line for the hit with its id in:\n%s", logged)
	}
	req := httptest.NewRequest("GET", "/metrics", nil)
	req.Header.Set("Authorization", "Bearer m")
	rec := httptest.NewRecorder()
	a.Handler.ServeHTTP(rec, req)
	for _, want := range []string{
		`byline_http_requests_total{route="GET /{edition}/{section}/{slug}",status="200"} 3`,
		`byline_http_requests_total{route="GET /{edition}/{section}/{slug}",status="304"} 1`,
		`byline_http_request_duration_seconds_count{route="GET /{edition}/{section}/{slug}"} 4`,
		`byline_page_cache_requests_total{result="hit"} 3`,
	} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
