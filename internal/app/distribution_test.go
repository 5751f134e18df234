package app_test

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
)

// TestNothingLeaksBeforeItsTime puts a scheduled story, an embargoed one, a
// draft and a withdrawn one next to the demo content and reads every way
// out of Byline (pages, feeds of every format, sitemaps, the content API):
// none may show up until readers may see it, and the first two must show
// up everywhere once their time has come.
func TestNothingLeaksBeforeItsTime(t *testing.T) {
	clock := testenv.NewClock(testenv.Now)
	a := testenv.DemoApp(t, clock)
	ctx, sys, now := context.Background(), editorial.System(), testenv.Now
	later := now.Add(time.Hour)

	create := func(marker string, d editorial.Draft) *news.Article {
		t.Helper()
		d.Edition, d.Section, d.Credit, d.Topics = "en", "world", "Byline", []string{"Leak probe"}
		d.Headline = "Leak probe " + marker
		d.Body = "The " + marker + " story must not be seen early."
		art, err := a.Editorial.Create(ctx, sys, d)
		if err != nil {
			t.Fatal(err)
		}
		return art
	}
	scheduled := create("scheduled", editorial.Draft{})
	if _, err := a.Editorial.Publish(ctx, sys, scheduled.ID, later); err != nil {
		t.Fatal(err)
	}
	embargoed := create("embargoed", editorial.Draft{EmbargoUntil: later})
	if _, err := a.Editorial.Publish(ctx, sys, embargoed.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	create("draft", editorial.Draft{})
	withdrawn := create("withdrawn", editorial.Draft{PublishedAt: now.Add(-time.Hour)})
	if _, err := a.Editorial.Unpublish(ctx, sys, withdrawn.ID); err != nil {
		t.Fatal(err)
	}

	hidden := []*news.Article{scheduled, embargoed}
	check := func(wantSeen bool) {
		t.Helper()
		bodies := surfaces(t, a)
		for url, body := range bodies {
			for _, marker := range []string{"Leak probe draft", "Leak probe withdrawn"} {
				if strings.Contains(body, marker) {
					t.Errorf("%s shows %q", url, marker)
				}
			}
			if !wantSeen {
				for _, h := range hidden {
					if strings.Contains(body, h.Headline) || strings.Contains(body, h.Slug) {
						t.Errorf("%s shows %q before its time", url, h.Headline)
					}
				}
			}
		}
		for _, h := range hidden {
			byID := get(t, a, "/api/v1/articles/"+strconv.FormatInt(h.ID, 10))
			page := get(t, a, h.Path())
			if wantSeen != (byID.status == http.StatusOK) || wantSeen != (page.status == http.StatusOK) {
				t.Errorf("%q: API %d, page %d; want seen=%v", h.Headline, byID.status, page.status, wantSeen)
			}
			if !wantSeen {
				continue
			}
			for _, url := range []string{"/en/feed.xml", "/en/feed.atom", "/en/feed.json", "/en/world/feed.xml",
				"/en/news-sitemap.xml", "/api/v1/articles?edition=en&section=world"} {
				if !strings.Contains(bodies[url], h.Headline) && !strings.Contains(bodies[url], h.Slug) {
					t.Errorf("%s lacks %q once it is public", url, h.Headline)
				}
			}
		}
	}
	check(false)
	clock.Set(later.Add(time.Minute))
	check(true)
}

type answer struct {
	status int
	body   string
}

func get(t *testing.T, a *app.App, path string) answer {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	rec := httptest.NewRecorder()
	a.Handler.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return answer{rec.Code, string(body)}
}

// surfaces fetches the edition's feeds, every sitemap the index names,
// the news sitemap and content API lists, keyed by path.
func surfaces(t *testing.T, a *app.App) map[string]string {
	t.Helper()
	paths := []string{"/en/", "/en/world/", "/en/feed.xml", "/en/feed.atom", "/en/feed.json",
		"/en/world/feed.xml", "/en/world/feed.atom", "/en/world/feed.json",
		"/en/news-sitemap.xml", "/sitemap.xml", "/robots.txt",
		"/api/v1/articles?edition=en", "/api/v1/articles?edition=en&section=world", "/api/v1/articles"}
	out := map[string]string{}
	for _, p := range paths {
		r := get(t, a, p)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s = %d", p, r.status)
		}
		out[p] = r.body
	}
	var index struct {
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal([]byte(out["/sitemap.xml"]), &index); err != nil || len(index.Sitemaps) == 0 {
		t.Fatalf("sitemap index: %v (%d sitemaps)", err, len(index.Sitemaps))
	}
	for _, s := range index.Sitemaps {
		p := strings.TrimPrefix(s.Loc, "https://news.example.org")
		r := get(t, a, p)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s = %d", p, r.status)
		}
		out[p] = r.body
	}
	return out
}
