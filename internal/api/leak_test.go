package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
)

// TestNothingLeaksBeforeItsTime creates a story scheduled for later and an
// embargoed one, each with a topic and an author of its own, and checks
// that until their time every Content API answer is byte for byte what it
// was before they existed, and that asking for them by id or path is
// answered exactly as for a story that does not exist. After their time
// they are everywhere.
func TestNothingLeaksBeforeItsTime(t *testing.T) {
	clock := testenv.NewClock(testenv.Now)
	a := contentApp(t, clock)
	ctx := context.Background()
	since := url.QueryEscape(testenv.Now.Add(-time.Hour).Format(time.RFC3339))
	lists := []string{
		"/api/v1/editions",
		"/api/v1/editions/en/sections",
		"/api/v1/editions/en/topics",
		"/api/v1/authors",
		"/api/v1/authors?edition=en",
		"/api/v1/articles?limit=100",
		"/api/v1/articles?limit=100&fields=id",
		"/api/v1/articles?edition=en&limit=100",
		"/api/v1/articles?edition=en&section=world&limit=100",
		"/api/v1/articles?edition=en&topic=zephyr-accord",
		"/api/v1/articles?edition=en&topic=quiet-merger",
		"/api/v1/articles?author=secret-author",
		"/api/v1/articles?author=embargo-author",
		"/api/v1/articles?updated_since=" + since,
		"/api/v1/search?edition=en&q=zephyr",
		"/api/v1/search?edition=en&q=%22quiet+merger%22",
	}
	before := map[string]string{}
	for _, p := range lists {
		before[p] = raw(t, a.Handler, p)
	}
	missingByID := raw(t, a.Handler, "/api/v1/articles/999999")

	for _, au := range []news.Author{{Slug: "secret-author", Name: "Secret Author"}, {Slug: "embargo-author", Name: "Embargo Author"}} {
		if err := a.Store.CreateAuthor(ctx, &au); err != nil {
			t.Fatal(err)
		}
	}
	sys := editorial.System()
	scheduled, err := a.Editorial.Create(ctx, sys, editorial.Draft{Edition: "en", Section: "world", Headline: "Zephyr Accord signed in secret",
		Body: "Text.", Credit: "Byline", Authors: []string{"secret-author"}, Topics: []string{"Zephyr Accord"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Editorial.Publish(ctx, sys, scheduled.ID, testenv.Now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	embargoed, err := a.Editorial.Create(ctx, sys, editorial.Draft{Edition: "en", Section: "world", Headline: "Quiet Merger agreed",
		Body: "Text.", Credit: "Byline", Authors: []string{"embargo-author"}, Topics: []string{"Quiet Merger"},
		EmbargoUntil: testenv.Now.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Editorial.Publish(ctx, sys, embargoed.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	hidden := []*news.Article{scheduled, embargoed}
	for _, h := range hidden {
		if cur, _ := a.Store.Article(ctx, h.ID); cur.VisibleAt(testenv.Now) || !cur.VisibleAt(testenv.Now.Add(time.Hour)) {
			t.Fatalf("story %d: status %s at %v, embargo %v: the test's premise is wrong", h.ID, cur.Status, cur.PublishedAt, cur.EmbargoUntil)
		}
	}

	for _, p := range lists {
		if got := raw(t, a.Handler, p); got != before[p] {
			t.Errorf("%s changed before the stories' time:\nbefore %.300s\nafter  %.300s", p, before[p], got)
		}
	}
	for _, h := range hidden {
		for _, p := range []string{"/api/v1/articles/" + itoa(h.ID), "/api/v1/articles/by-path?path=" + url.QueryEscape(h.Path())} {
			if got := raw(t, a.Handler, p); got != missingByID {
				t.Errorf("%s = %s, want the same answer as for no story: %s", p, got, missingByID)
			}
		}
	}

	clock.Set(testenv.Now.Add(time.Hour))
	for _, p := range lists[2:] {
		got := raw(t, a.Handler, p)
		if got == before[p] {
			t.Errorf("%s did not change once the stories were out", p)
		}
	}
	for _, want := range []string{"Zephyr Accord signed in secret", "Quiet Merger agreed"} {
		if !strings.Contains(raw(t, a.Handler, "/api/v1/articles?limit=100"), want) {
			t.Errorf("%q is not listed once out", want)
		}
	}
	for _, h := range hidden {
		for _, p := range []string{"/api/v1/articles/" + itoa(h.ID), "/api/v1/articles/by-path?path=" + url.QueryEscape(h.Path())} {
			if res, _ := get(t, a.Handler, p); res.StatusCode != 200 {
				t.Errorf("%s = %d once out", p, res.StatusCode)
			}
		}
	}
}

// raw returns an answer's status and body as one string.
func raw(t *testing.T, h http.Handler, path string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return strconv.Itoa(rec.Code) + " " + rec.Body.String()
}
