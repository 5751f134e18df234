package site_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkPages measures pages through the real handler chain: rendered
// (the cache emptied before each request: store queries, ranking,
// template, gzip and brotli) and served from the page cache.
func BenchmarkPages(b *testing.B) {
	t := &testing.T{}
	a := sharedApp(t)
	article := firstArticle(t, a, "en")
	pages := []struct{ name, path string }{{"article", article}, {"front", "/en/"}, {"section", "/en/world/"},
		{"arabic-article", firstArticle(t, a, "ar")}, {"feed-rss", "/en/feed.xml"}, {"feed-json", "/en/feed.json"},
		{"sitemap-month", "/en/sitemap-2026-11.xml"}, {"news-sitemap", "/en/news-sitemap.xml"}, {"search", "/en/search?q=harbour"}}
	for _, mode := range []string{"uncached", "cached"} {
		for _, p := range pages {
			b.Run(mode+"/"+p.name, func(b *testing.B) {
				req := httptest.NewRequest(http.MethodGet, p.path, nil)
				req.Header.Set("Accept-Encoding", "gzip")
				for b.Loop() {
					if mode == "uncached" {
						a.Pages.Purge()
					}
					rec := httptest.NewRecorder()
					a.Handler.ServeHTTP(rec, req)
					if rec.Code != 200 {
						b.Fatalf("GET %s = %d", p.path, rec.Code)
					}
				}
			})
		}
	}
}
