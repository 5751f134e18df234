package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/synth"
)

// BenchmarkStoryFirstRender100k renders, in process, story pages of a
// generated newsroom (100,000 stories unless BYLINE_BENCH_ARTICLES says
// otherwise; see internal/relevance's benchmarks for the cached file)
// that nobody asked for before: the whole handler, the store's queries,
// the "Read also" ranking, the template and the page cache's gzip, but
// no network. Each iteration is another story, up to 2,000; beyond that
// the rotation starts again with the page cache emptied (the rankings
// then come from their cache), so run it with -benchtime 1000x:
//
//	go test ./internal/app -run '^$' -bench StoryFirstRender100k -benchtime 1000x
func BenchmarkStoryFirstRender100k(b *testing.B) {
	ctx := context.Background()
	n, err := synth.BenchSize()
	if err != nil {
		b.Fatal(err)
	}
	path, _, err := synth.CachedFile(ctx, n, 1)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := synth.CopyStore(path, dir); err != nil {
		b.Fatal(err)
	}
	a, err := app.New(ctx, app.Config{DataDir: dir, Out: io.Discard, Log: slog.New(slog.DiscardHandler),
		Now: func() time.Time { return synth.End }})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	var paths []string
	for _, e := range news.DefaultEditions() {
		q := news.ListQuery{Edition: e.Code, Limit: 100, Now: synth.End}
		for range 5 {
			page, err := a.Store.List(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			for _, t := range page.Items {
				paths = append(paths, t.Path())
			}
			if q.Before = page.Older; q.Before == nil {
				break
			}
		}
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		if i > 0 && i%len(paths) == 0 {
			a.Pages.Purge()
		}
		req := httptest.NewRequest(http.MethodGet, paths[i%len(paths)], nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		start := time.Now()
		a.Handler.ServeHTTP(rec, req)
		lat = append(lat, time.Since(start))
		if rec.Code != http.StatusOK || rec.Header().Get("X-Cache") != "MISS" {
			b.Fatalf("GET %s: %d, X-Cache %q", req.URL.Path, rec.Code, rec.Header().Get("X-Cache"))
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2])/float64(time.Millisecond), "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100])/float64(time.Millisecond), "p95-ms")
}
