package site_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkPages measures a full uncached page: store queries, ranking,
// template rendering and gzip, through the real handler chain.
func BenchmarkPages(b *testing.B) {
	t := &testing.T{}
	a := sharedApp(t)
	article := firstArticle(t, a, "en")
	for name, path := range map[string]string{"article": article, "front": "/en/", "section": "/en/world/", "arabic-article": firstArticle(t, a, "ar"),
		"feed-rss": "/en/feed.xml", "feed-json": "/en/feed.json", "sitemap-month": "/en/sitemap-2026-11.xml", "news-sitemap": "/en/news-sitemap.xml"} {
		b.Run(name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.Header.Set("Accept-Encoding", "gzip")
			for b.Loop() {
				rec := httptest.NewRecorder()
				a.Handler.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("GET %s = %d", path, rec.Code)
				}
			}
		})
	}
}
