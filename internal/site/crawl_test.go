package site_test

import (
	"context"
	"encoding/xml"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/feeds"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
)

type sitemapIndexDoc struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"sitemap"`
}

type urlsetDoc struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		Links   []struct {
			Rel      string `xml:"rel,attr"`
			HrefLang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
		News *struct {
			Name     string `xml:"publication>name"`
			Language string `xml:"publication>language"`
			Date     string `xml:"publication_date"`
			Title    string `xml:"title"`
		} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
	} `xml:"url"`
}

// fetchXML gets a crawl file, checks it strictly and decodes it into v.
func fetchXML(t *testing.T, a *app.App, path string, v any) {
	t.Helper()
	r := get(t, a.Handler, path)
	if r.status != 200 || r.header.Get("Content-Type") != "application/xml; charset=utf-8" {
		t.Fatalf("GET %s = %d %q", path, r.status, r.header.Get("Content-Type"))
	}
	if len(r.body) > feeds.MaxSitemapBytes {
		t.Errorf("%s: %d bytes", path, len(r.body))
	}
	if err := feeds.CheckXML([]byte(r.body)); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if err := xml.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// localPath turns an absolute URL of the site into the path to request,
// failing for any other origin.
func localPath(t *testing.T, loc string) string {
	t.Helper()
	u, err := url.Parse(loc)
	if err != nil || u.Scheme+"://"+u.Host != siteOrigin || u.RawQuery != "" || u.Fragment != "" {
		t.Fatalf("%q is not an absolute URL of the site", loc)
	}
	return u.Path
}

func checkLastMod(t *testing.T, where, s string, now time.Time) {
	t.Helper()
	if s == "" {
		return
	}
	lm, err := time.Parse(time.RFC3339, s)
	if err != nil || lm.After(now) {
		t.Errorf("%s: lastmod %q (%v) is not a past W3C datetime", where, s, err)
	}
}

// TestSitemaps walks robots.txt, the index and every sitemap of the demo
// site and checks them against the protocol's rules and the store.
func TestSitemaps(t *testing.T) {
	a := sharedApp(t)
	crawlSite(t, a, testenv.Now)
}

// crawlSite checks every crawl file and returns every URL they list,
// news sitemaps apart, and the news sitemaps' URLs.
func crawlSite(t *testing.T, a *app.App, now time.Time) (pages, newsURLs map[string]bool) {
	t.Helper()
	ctx := context.Background()
	robots := get(t, a.Handler, "/robots.txt").body
	if !strings.Contains(robots, "\nSitemap: "+siteOrigin+"/sitemap.xml\n") {
		t.Errorf("robots.txt does not name the index:\n%s", robots)
	}
	eds, err := a.Store.Editions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tags := map[string]bool{"x-default": true}
	for _, ed := range eds {
		tags[ed.Tag] = true
		if !strings.Contains(robots, "Sitemap: "+siteOrigin+"/"+ed.Code+"/news-sitemap.xml\n") {
			t.Errorf("robots.txt does not name the %s news sitemap", ed.Code)
		}
	}
	var index sitemapIndexDoc
	fetchXML(t, a, "/sitemap.xml", &index)
	pages = map[string]bool{}
	for _, sm := range index.Sitemaps {
		checkLastMod(t, sm.Loc, sm.LastMod, now)
		path := localPath(t, sm.Loc)
		dir := path[:strings.LastIndex(path, "/")+1]
		var set urlsetDoc
		fetchXML(t, a, path, &set)
		if n := len(set.URLs); n == 0 || n > feeds.MaxSitemapURLs {
			t.Errorf("%s: %d URLs", path, n)
		}
		for _, u := range set.URLs {
			p := localPath(t, u.Loc)
			if !strings.HasPrefix(p, dir) {
				t.Errorf("%s lists %s, outside its folder", path, u.Loc)
			}
			if pages[u.Loc] {
				t.Errorf("%s is listed twice", u.Loc)
			}
			pages[u.Loc] = true
			checkLastMod(t, u.Loc, u.LastMod, now)
			checkAlternates(t, u.Loc, u.Links, tags)
		}
	}
	if len(pages) < 50 {
		t.Errorf("the sitemaps list only %d pages", len(pages))
	}
	newsURLs = map[string]bool{}
	for _, ed := range eds {
		checkEditionCovered(t, a, ed, pages, now)
		var set urlsetDoc
		fetchXML(t, a, "/"+ed.Code+"/news-sitemap.xml", &set)
		if len(set.URLs) > feeds.MaxNewsURLs {
			t.Errorf("%s news sitemap: %d URLs", ed.Code, len(set.URLs))
		}
		for _, u := range set.URLs {
			newsURLs[u.Loc] = true
			n := u.News
			if n == nil || n.Name != "Byline" || n.Language != feeds.NewsLanguage(ed.Tag) || n.Title == "" {
				t.Fatalf("%s: news entry %+v", u.Loc, n)
			}
			pub, err := time.Parse(time.RFC3339, n.Date)
			if err != nil || pub.After(now) || now.Sub(pub) > feeds.NewsWindow {
				t.Errorf("%s: publication date %q is not within the last 48 hours (%v)", u.Loc, n.Date, err)
			}
			if !pages[u.Loc] {
				t.Errorf("%s is in the news sitemap but in no sitemap", u.Loc)
			}
		}
	}
	return pages, newsURLs
}

// checkAlternates: none, or every language once, the page itself among
// them, and x-default.
func checkAlternates(t *testing.T, loc string, links []struct {
	Rel      string `xml:"rel,attr"`
	HrefLang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}, tags map[string]bool) {
	t.Helper()
	if len(links) == 0 {
		return
	}
	seen, self := map[string]bool{}, false
	for _, l := range links {
		if _, err := language.Parse(l.HrefLang); (err != nil && l.HrefLang != "x-default") || !tags[l.HrefLang] || seen[l.HrefLang] || l.Rel != "alternate" {
			t.Errorf("%s: alternate %+v", loc, l)
		}
		seen[l.HrefLang] = true
		self = self || l.Href == loc
		if _, err := url.Parse(l.Href); err != nil || !strings.HasPrefix(l.Href, siteOrigin+"/") {
			t.Errorf("%s: alternate URL %q", loc, l.Href)
		}
	}
	if !self || !seen["x-default"] || len(links) < 3 {
		t.Errorf("%s: alternates %+v lack the page itself or x-default", loc, links)
	}
}

// checkEditionCovered: every visible story of the edition is listed.
func checkEditionCovered(t *testing.T, a *app.App, ed news.Edition, pages map[string]bool, now time.Time) {
	t.Helper()
	ctx := context.Background()
	all, err := a.Store.ListArticles(ctx, news.ListQuery{Edition: ed.Code, Limit: 200, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, art := range all {
		if loc := siteOrigin + (&url.URL{Path: art.Path()}).EscapedPath(); !pages[loc] {
			t.Errorf("%s is in no sitemap", loc)
		}
	}
	n, err := a.Store.Count(ctx, news.ListQuery{Edition: ed.Code, Now: now})
	if err != nil || n != len(all) {
		t.Fatalf("%s: %d stories, %d listed (%v)", ed.Code, n, len(all), err)
	}
	if !pages[siteOrigin+"/"+ed.Code+"/"] {
		t.Errorf("the %s front is in no sitemap", ed.Code)
	}
}

// TestUnseenStoriesAppearNowhere stores a scheduled, an embargoed, an
// unpublished and a draft story and looks for them in every feed and
// crawl file, before and after their time.
func TestUnseenStoriesAppearNowhere(t *testing.T) {
	t.Parallel()
	clock := testenv.NewClock(testenv.Now)
	a := testenv.DemoApp(t, clock)
	ctx := context.Background()
	sec, err := a.Store.Section(ctx, "en", "world")
	if err != nil {
		t.Fatal(err)
	}
	now := testenv.Now
	scheduled := story(t, a, sec, "zz-scheduled", news.Scheduled, now.Add(time.Hour), time.Time{})
	embargoed := story(t, a, sec, "zz-embargoed", news.Published, now.Add(-time.Hour), now.Add(2*time.Hour))
	withdrawn := story(t, a, sec, "zz-withdrawn", news.Unpublished, now.Add(-3*time.Hour), time.Time{})
	draft := story(t, a, sec, "zz-draft", news.Draft, time.Time{}, time.Time{})
	everywhere := func(now time.Time) string {
		var b strings.Builder
		pages, newsURLs := crawlSite(t, a, now)
		for u := range pages {
			b.WriteString(u + "\n")
		}
		for u := range newsURLs {
			b.WriteString("news " + u + "\n")
		}
		for _, src := range feedSources(t, a, "en", now) {
			for _, f := range feeds.Formats {
				b.WriteString(get(t, a.Handler, src.dir+f.Name).body)
			}
		}
		return b.String()
	}
	before := everywhere(now)
	for _, s := range []*news.Article{scheduled, embargoed, withdrawn, draft} {
		if strings.Contains(before, s.Slug) {
			t.Errorf("%s shows before its time", s.Slug)
		}
	}
	clock.Set(now.Add(3 * time.Hour))
	after := everywhere(now.Add(3 * time.Hour))
	for _, s := range []*news.Article{scheduled, embargoed} {
		if !strings.Contains(after, siteOrigin+s.Path()) || !strings.Contains(after, "news "+siteOrigin+s.Path()) {
			t.Errorf("%s is missing from the feeds or sitemaps once its time has come", s.Slug)
		}
	}
	for _, s := range []*news.Article{withdrawn, draft} {
		if strings.Contains(after, s.Slug) {
			t.Errorf("%s shows", s.Slug)
		}
	}
	for _, f := range feeds.Formats {
		r := get(t, a.Handler, "/en/world/"+f.Name)
		if !strings.Contains(r.body, "Headline zz-embargoed") {
			t.Errorf("%s: the story whose embargo lifted is missing", f.Name)
		}
		// Its times are older than the feed's, but the feed changed when
		// the embargo lifted: a client revalidating by date must see that.
		if lm, err := time.Parse(time.RFC1123, r.header.Get("Last-Modified")); err != nil || lm.Before(embargoed.EmbargoUntil) {
			t.Errorf("%s: Last-Modified %q is before the embargo lifted", f.Name, r.header.Get("Last-Modified"))
		}
	}
}
