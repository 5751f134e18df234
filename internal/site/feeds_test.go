package site_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/feeds"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
)

const siteOrigin = "https://news.example.org"

// feedSource is a list with feeds: the folder they live in, the page
// they follow and the query that selects their stories.
type feedSource struct {
	dir, page string
	query     news.ListQuery
}

// feedSources lists every feed folder of an edition: the edition, its
// sections, and every topic and author of its visible stories.
func feedSources(t *testing.T, a *app.App, ed string, now time.Time) []feedSource {
	t.Helper()
	ctx := context.Background()
	out := []feedSource{{dir: "/" + ed + "/", page: "/" + ed + "/"}}
	secs, err := a.Store.Sections(ctx, ed)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secs {
		out = append(out, feedSource{dir: s.Path(), page: s.Path(), query: news.ListQuery{SectionID: s.ID}})
	}
	all, err := a.Store.ListArticles(ctx, news.ListQuery{Edition: ed, Limit: 200, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, art := range all {
		for _, tp := range art.Topics {
			if !seen[tp.Path()] {
				seen[tp.Path()] = true
				out = append(out, feedSource{dir: tp.Path() + "/", page: tp.Path(), query: news.ListQuery{TopicID: tp.ID}})
			}
		}
		for _, au := range art.Authors {
			if p := au.Path(ed); !seen[p] {
				seen[p] = true
				out = append(out, feedSource{dir: p + "/", page: p, query: news.ListQuery{AuthorID: au.ID}})
			}
		}
	}
	return out
}

// bidiControls are the invisible direction marks and embeddings a feed
// must not inject: Arabic text is direction-neutral as stored.
const bidiControls = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

// TestEveryFeedParses reads every feed of the demo site, in every format,
// with gofeed and checks each field against the store.
func TestEveryFeedParses(t *testing.T) {
	a := sharedApp(t)
	ctx := context.Background()
	eds, err := a.Store.Editions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, ed := range eds {
		for _, src := range feedSources(t, a, ed.Code, testenv.Now) {
			q := src.query
			q.Edition, q.Limit, q.Now = ed.Code, feeds.MaxItems, testenv.Now
			want, err := a.Store.ListArticles(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			ids := map[string][]string{}
			for _, f := range feeds.Formats {
				path := src.dir + f.Name
				r := get(t, a.Handler, path)
				if r.status != 200 || r.header.Get("Content-Type") != f.ContentType {
					t.Fatalf("GET %s = %d %q", path, r.status, r.header.Get("Content-Type"))
				}
				if f.Name != "feed.json" {
					if err := feeds.CheckXML([]byte(r.body)); err != nil {
						t.Fatalf("%s: %v", path, err)
					}
				}
				if strings.ContainsAny(r.body, bidiControls) {
					t.Errorf("%s: a bidi control character was injected", path)
				}
				parsed, err := gofeed.NewParser().ParseString(r.body)
				if err != nil {
					t.Fatalf("%s: gofeed: %v", path, err)
				}
				ids[f.Name] = checkFeed(t, path, ed, src, parsed, want)
				total++
			}
			if !slices.Equal(ids["feed.xml"], ids["feed.atom"]) || !slices.Equal(ids["feed.xml"], ids["feed.json"]) {
				t.Errorf("%s: the formats disagree on item ids", src.dir)
			}
		}
	}
	if total < 4*3*10 {
		t.Errorf("only %d feeds read", total)
	}
}

// checkFeed compares a parsed feed with the stories it should carry and
// returns its item ids.
func checkFeed(t *testing.T, path string, ed news.Edition, src feedSource, got *gofeed.Feed, want []*news.Article) []string {
	t.Helper()
	dir := src.dir
	self := siteOrigin + (&url.URL{Path: dir}).EscapedPath() + path[strings.LastIndex(path, "/")+1:]
	if got.Title == "" || got.Link != siteOrigin+(&url.URL{Path: src.page}).EscapedPath() || got.FeedLink != self || got.Language != ed.Tag {
		t.Errorf("%s: title %q link %q self %q language %q", path, got.Title, got.Link, got.FeedLink, got.Language)
	}
	if strings.Contains(got.Title, "dir=") {
		t.Errorf("%s: title carries direction markup: %q", path, got.Title)
	}
	if len(got.Items) > feeds.MaxItems || len(got.Items) != len(want) {
		t.Fatalf("%s: %d items, want %d (at most %d)", path, len(got.Items), len(want), feeds.MaxItems)
	}
	var ids []string
	for i, it := range got.Items {
		w := want[i]
		link := siteOrigin + (&url.URL{Path: w.Path()}).EscapedPath()
		if !strings.HasPrefix(it.GUID, "tag:news.example.org,") || !strings.HasSuffix(it.GUID, ":article-"+strconv.FormatInt(w.ID, 10)) || slices.Contains(ids, it.GUID) {
			t.Errorf("%s item %d: id %q is not the story's stable tag or repeats", path, i, it.GUID)
		}
		ids = append(ids, it.GUID)
		if it.Link != link || it.Title != w.Headline || strings.Contains(it.Title, "dir=") {
			t.Errorf("%s item %d: link %q title %q", path, i, it.Link, it.Title)
		}
		if it.Content != feeds.AbsoluteHTML(w.BodyHTML, link) || !strings.Contains(it.Content, "<p>") {
			t.Errorf("%s item %d: content is not the full body", path, i)
		}
		modified := w.Modified()
		for _, c := range w.Corrections {
			if c.CreatedAt.After(modified) {
				modified = c.CreatedAt
			}
		}
		if it.PublishedParsed == nil || !it.PublishedParsed.Equal(w.PublishedAt) || it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(modified) {
			t.Errorf("%s item %d: published %v updated %v, want %v and %v", path, i, it.PublishedParsed, it.UpdatedParsed, w.PublishedAt, modified)
		}
		if it.UpdatedParsed != nil && it.PublishedParsed != nil && it.UpdatedParsed.Before(*it.PublishedParsed) {
			t.Errorf("%s item %d: updated before published", path, i)
		}
		checkPeople(t, path, i, it, w)
		cats := []string{w.Section.Name}
		for _, tp := range w.Topics {
			cats = append(cats, tp.Name)
		}
		if !slices.Equal(it.Categories, cats) {
			t.Errorf("%s item %d: categories %q, want %q", path, i, it.Categories, cats)
		}
		wantImg := ""
		if w.Image != nil {
			wantImg = siteOrigin + "/media/" + w.Image.Path
		}
		if gotImg := itemImage(it); gotImg != wantImg {
			t.Errorf("%s item %d: image %q, want %q", path, i, gotImg, wantImg)
		}
	}
	return ids
}

// checkPeople checks the authors: every one in RSS (dc:creator), Atom and
// JSON Feed, or the credit when the story has no byline.
func checkPeople(t *testing.T, path string, i int, it *gofeed.Item, w *news.Article) {
	t.Helper()
	var want []string
	for _, au := range w.Authors {
		want = append(want, au.Name)
	}
	if len(want) == 0 {
		want = []string{w.Credit}
	}
	var got []string
	if it.DublinCoreExt != nil && len(it.DublinCoreExt.Creator) > 0 {
		got = it.DublinCoreExt.Creator // gofeed keeps only RSS's first creator as the author
	} else {
		for _, p := range it.Authors {
			got = append(got, p.Name)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s item %d: authors %q, want %q", path, i, got, want)
	}
}

func itemImage(it *gofeed.Item) string {
	if it.Image != nil {
		return it.Image.URL
	}
	for _, e := range it.Enclosures {
		if strings.HasPrefix(e.Type, "image/") {
			return e.URL
		}
	}
	return ""
}

func TestArabicFeedsDeclareTheirLanguage(t *testing.T) {
	a := sharedApp(t)
	rss := get(t, a.Handler, "/ar/feed.xml").body
	atom := get(t, a.Handler, "/ar/feed.atom").body
	js := get(t, a.Handler, "/ar/feed.json").body
	for name, want := range map[string]string{"RSS": "<language>ar</language>", "Atom": `xml:lang="ar"`, "JSON": `"language": "ar"`} {
		body := map[string]string{"RSS": rss, "Atom": atom, "JSON": js}[name]
		if !strings.Contains(body, want) {
			t.Errorf("%s: no %s", name, want)
		}
		if strings.ContainsAny(body, bidiControls) || strings.Contains(body, "dir=") || strings.Contains(body, `dir=\"`) {
			t.Errorf("%s: direction marks or dir attributes in an Arabic feed", name)
		}
	}
	if !strings.Contains(rss, "<title>Byline — ") || !strings.ContainsRune(rss, 'ع') {
		t.Error("the Arabic feed is not in Arabic")
	}
}

func TestFeedConditionalGet(t *testing.T) {
	a := sharedApp(t)
	for _, f := range feeds.Formats {
		path := "/es/" + f.Name
		first := get(t, a.Handler, path)
		etag, lm := first.header.Get("ETag"), first.header.Get("Last-Modified")
		if etag == "" || lm == "" || !strings.HasPrefix(first.header.Get("Cache-Control"), "public, max-age=300") {
			t.Fatalf("%s: ETag %q Last-Modified %q Cache-Control %q", path, etag, lm, first.header.Get("Cache-Control"))
		}
		if r := get(t, a.Handler, path, "If-None-Match", etag); r.status != 304 || r.body != "" {
			t.Errorf("%s: If-None-Match gave %d with %d bytes, want an empty 304", path, r.status, len(r.body))
		}
		if r := get(t, a.Handler, path, "If-Modified-Since", lm); r.status != 304 {
			t.Errorf("%s: If-Modified-Since gave %d, want 304", path, r.status)
		}
		if r := get(t, a.Handler, path, "If-None-Match", `"stale"`); r.status != 200 {
			t.Errorf("%s: a stale ETag gave %d", path, r.status)
		}
	}
	if r := get(t, a.Handler, "/sitemap.xml"); r.header.Get("ETag") == "" {
		t.Error("the sitemap index has no ETag")
	} else if r2 := get(t, a.Handler, "/sitemap.xml", "If-None-Match", r.header.Get("ETag")); r2.status != 304 {
		t.Errorf("sitemap index revalidation: %d", r2.status)
	}
}

// TestFeedAndFileRoutes checks what the shared routes send where, with
// sections named like feed and sitemap files.
func TestFeedAndFileRoutes(t *testing.T) {
	t.Parallel()
	clock := testenv.NewClock(testenv.Now)
	a := testenv.DemoApp(t, clock)
	ctx := context.Background()
	for _, slug := range []string{"feed-xml", "sitemap-2026-11", "news-sitemap"} {
		sec := news.Section{Edition: "en", Slug: slug, Name: "Odd " + slug, Position: 90}
		if err := a.Store.CreateSection(ctx, &sec); err != nil {
			t.Fatal(err)
		}
		story(t, a, sec, "odd-"+slug, news.Published, testenv.Now.Add(-time.Hour), time.Time{})
	}
	if err := a.Store.CreateSection(ctx, &news.Section{Edition: "en", Slug: "feed.xml", Name: "Dotted"}); news.ErrorCode(err) != news.CodeInvalid {
		t.Errorf("a section slug with a dot was accepted: %v", err)
	}
	if err := a.Site.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, want string
		status     int
	}{
		{"/en/feed.xml", "<rss", 200},
		{"/en/feed-xml/", "Odd feed-xml", 200},
		{"/en/feed-xml/feed.xml", "<title>Odd feed-xml | Byline</title>", 200},
		{"/en/feed-xml", "", 301},
		{"/en/sitemap-2026-11/feed.atom", "<title>Odd sitemap-2026-11 | Byline</title>", 200},
		{"/en/sitemap-2026-11.xml", "<urlset", 200},
		{"/en/news-sitemap/feed.json", `"title": "Odd news-sitemap | Byline"`, 200},
		{"/en/news-sitemap.xml", "news:news", 200},
		{"/en/topics/feed.xml", "", 404},
		{"/en/authors/feed.json", "", 404},
		{"/en/topics/nobody/feed.xml", "", 404},
		{"/en/authors/nobody/feed.atom", "", 404},
		{"/en/nowhere/feed.xml", "", 404},
		{"/xx/feed.xml", "", 404},
		{"/en/feed.rss", "", 404},
		{"/en/world/feed.rss", "", 404},
		{"/en/sitemap-2026-13.xml", "", 404},
		{"/en/sitemap-2026-11-2.xml", "", 404},
		{"/en/sitemap-2020-01.xml", "", 404},
		{"/en/sitemap.xml", "", 404},
	} {
		r := get(t, a.Handler, tc.path)
		if r.status != tc.status || !strings.Contains(r.body, tc.want) {
			t.Errorf("GET %s = %d, want %d with %q", tc.path, r.status, tc.status, tc.want)
		}
	}
	req, _ := http.NewRequest(http.MethodHead, "/en/world/feed.json", nil)
	rec := newRecorder()
	a.Handler.ServeHTTP(rec, req)
	if rec.code != 200 || rec.body.Len() != 0 {
		t.Errorf("HEAD feed: %d with %d bytes", rec.code, rec.body.Len())
	}
}

// story stores a story in sec with a recognisable headline and slug.
func story(t *testing.T, a *app.App, sec news.Section, slug string, status news.Status, published, embargo time.Time) *news.Article {
	t.Helper()
	ctx := context.Background()
	au, err := a.Store.Authors(ctx)
	if err != nil || len(au) == 0 {
		t.Fatalf("authors: %v", err)
	}
	art := &news.Article{Edition: sec.Edition, Section: sec, Slug: slug, Kind: news.News, Headline: "Headline " + slug,
		Standfirst: "Standfirst.", BodyMarkdown: "Body.", BodyHTML: "<p>Body of " + slug + ".</p>", Authors: au[:1],
		Status: status, PublishedAt: published, EmbargoUntil: embargo, CreatedAt: testenv.Now.Add(-48 * time.Hour)}
	if err := a.Store.CreateArticle(ctx, art); err != nil {
		t.Fatal(err)
	}
	return art
}
