package feeds

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

func TestSitemapsMatchGoldenFiles(t *testing.T) {
	const o = "https://news.example.org"
	alts := []Alternate{
		{Lang: "x-default", Href: o + "/en/world/story"},
		{Lang: "en", Href: o + "/en/world/story"},
		{Lang: "ar", Href: o + "/ar/%D8%A7%D9%84%D8%B9%D8%A7%D9%84%D9%85/%D9%82%D8%B5%D8%A9"},
	}
	set, err := Sitemap([]SitemapURL{
		{Loc: o + "/en/world/story", LastMod: t0, Alternates: alts},
		{Loc: o + "/en/world/lone?a=1&b=2", LastMod: t0.Add(-time.Hour)},
	})
	index, err2 := SitemapIndex([]SitemapRef{
		{Loc: o + "/en/sitemap-pages.xml", LastMod: t0},
		{Loc: o + "/en/" + MonthSitemapName(t0, 1), LastMod: t0},
		{Loc: o + "/en/" + MonthSitemapName(t0, 2)},
	})
	newsMap, err3 := NewsSitemap(Publication{Name: "Byline", Language: "ar"}, []NewsURL{
		{Loc: alts[2].Href, Title: "قصة & \"عنوان\"", Published: t0.Add(-time.Hour)},
	})
	for _, err := range []error{err, err2, err3} {
		if err != nil {
			t.Fatal(err)
		}
	}
	for name, doc := range map[string][]byte{"sitemap.xml": set, "sitemap-index.xml": index, "news-sitemap.xml": newsMap} {
		golden(t, name, doc)
		strictXML(t, doc)
	}
	var parsed struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				HrefLang string `xml:"hreflang,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(set, &parsed); err != nil || len(parsed.URLs) != 2 || len(parsed.URLs[0].Links) != 3 {
		t.Errorf("sitemap read back as %+v (%v)", parsed, err)
	}
}

func TestSitemapLimits(t *testing.T) {
	if _, err := Sitemap(make([]SitemapURL, MaxSitemapURLs+1)); err == nil {
		t.Error("a sitemap over 50,000 URLs rendered")
	}
	if _, err := NewsSitemap(Publication{Name: "B", Language: "en"}, make([]NewsURL, MaxNewsURLs+1)); err == nil {
		t.Error("a news sitemap over 1,000 stories rendered")
	}
	big := strings.Repeat("x", 1100)
	urls := make([]SitemapURL, MaxSitemapURLs)
	for i := range urls {
		urls[i] = SitemapURL{Loc: big}
	}
	if _, err := Sitemap(urls); err == nil {
		t.Error("a sitemap over 50 MB rendered")
	}
}

func TestMonthSitemapNames(t *testing.T) {
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, page := range []int{1, 2, 17} {
		name := MonthSitemapName(nov, page)
		m, p, ok := ParseMonthSitemapName(name)
		if !ok || !m.Equal(nov) || p != page {
			t.Errorf("%s parsed as %v page %d (%v)", name, m, p, ok)
		}
	}
	if MonthSitemapName(nov, 1) != "sitemap-2026-11.xml" || MonthSitemapName(nov, 2) != "sitemap-2026-11-2.xml" {
		t.Errorf("names: %s %s", MonthSitemapName(nov, 1), MonthSitemapName(nov, 2))
	}
	for _, bad := range []string{"sitemap-2026-13.xml", "sitemap-2026-11-1.xml", "sitemap-2026-11-02.xml", "sitemap-2026-11-0.xml",
		"sitemap-2026-1.xml", "sitemap-2026-11.xml.gz", "sitemap-pages.xml", "sitemap-2026-11-x.xml", "feed.xml", "sitemap-2026-11-.xml"} {
		if _, _, ok := ParseMonthSitemapName(bad); ok {
			t.Errorf("%q parsed as a month sitemap", bad)
		}
	}
	for count, want := range map[int]int{0: 1, 1: 1, SitemapPage: 1, SitemapPage + 1: 2, 3 * SitemapPage: 3} {
		if got := MonthPages(count); got != want {
			t.Errorf("MonthPages(%d) = %d, want %d", count, got, want)
		}
	}
}

func TestNewsLanguage(t *testing.T) {
	for tag, want := range map[string]string{"en": "en", "ar": "ar", "es-419": "es", "pt-BR": "pt", "zh-Hant": "zh-tw", "zh-Hans": "zh-cn", "zh": "zh-cn"} {
		if got := NewsLanguage(tag); got != want {
			t.Errorf("NewsLanguage(%q) = %q, want %q", tag, got, want)
		}
	}
}
