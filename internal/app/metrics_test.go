package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
)

// TestMetrics: /metrics answers Prometheus with the bearer token and no
// one else; it counts requests by route pattern (not by URL), workflow
// events, Read also rankings and the database pools.
func TestMetrics(t *testing.T) {
	a, err := app.New(context.Background(), app.Config{DBURL: testenv.DBURL(t), DataDir: t.TempDir(), Demo: true, Now: testenv.NewClock(testenv.Now).Now,
		Out: io.Discard, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), MetricsToken: "s3cret-metrics"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	get := func(path, token string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		a.Handler.ServeHTTP(rec, req)
		return rec
	}
	get("/en/", "")
	get("/es/", "")
	get("/no/such/page/at/all", "")
	story := firstStory(t, a)
	get(story.Path(), "")
	if _, err := a.Editorial.Unpublish(context.Background(), editorial.System(), story.ID); err != nil {
		t.Fatal(err)
	}
	if rec := get("/metrics", ""); rec.Code != http.StatusUnauthorized {
		t.Errorf("without the token: %d", rec.Code)
	}
	if rec := get("/metrics", "wrong"); rec.Code != http.StatusUnauthorized {
		t.Errorf("with a wrong token: %d", rec.Code)
	}
	rec := get("/metrics", "s3cret-metrics")
	body := rec.Body.String()
	writers := "1" // SQLite's single writer
	if testenv.OnPostgres() {
		writers = strconv.Itoa(a.Store.PoolStats()["write"].MaxOpenConnections)
	}
	for _, want := range []string{
		`byline_http_requests_total{route="GET /{edition}/{$}",status="200"} 2`,
		`byline_http_requests_total{route="GET /",status="404"} 1`, // the site's catch-all
		`byline_http_request_duration_seconds_bucket{route="GET /{edition}/{$}",le="+Inf"} 2`,
		`byline_workflow_events_total{event="unpublished"} 1`,
		`byline_readalso_rankings_total{result="miss"} 1`,
		`byline_db_connections{pool="write",state="idle"}`,
		`byline_db_max_open_connections{pool="write"} ` + writers,
		"# TYPE byline_http_request_duration_seconds histogram",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "/no/such/page") {
		t.Error("a raw URL became a label")
	}
	if rec.Header().Get("Content-Type") != "text/plain; version=0.0.4; charset=utf-8" {
		t.Errorf("content type %q", rec.Header().Get("Content-Type"))
	}
	if t.Failed() {
		t.Log(body)
	}
}

// TestMetricsAreOffWithoutAToken: no token configured, no metrics.
func TestMetricsAreOffWithoutAToken(t *testing.T) {
	a := demoless(t)
	rec := httptest.NewRecorder()
	a.Handler.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "BYLINE_METRICS_TOKEN") {
		t.Errorf("%d %q", rec.Code, rec.Body.String())
	}
}

func firstStory(t *testing.T, a *app.App) *news.Article {
	t.Helper()
	page, err := a.Store.List(context.Background(), news.ListQuery{Edition: "en", Limit: 1, Now: testenv.Now})
	if err != nil || len(page.Items) == 0 {
		t.Fatal(err)
	}
	s, err := a.Store.Article(context.Background(), page.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
