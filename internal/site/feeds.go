package site

import (
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/feeds"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/web"
)

// Feeds and crawl files share routes with pages: ServeMux cannot tell
// "/en/topics/feed.xml" (a topic page's pattern) from a section feed, and
// its wildcards cannot match part of a segment ("sitemap-2026-11.xml").
// So the handlers below look at the last segment. A name with a dot is a
// file: news.ValidSlug lets no section or story slug contain one.

// feedCacheControl lets readers and proxies reuse a feed or crawl file
// for five minutes; ETag and Last-Modified make a refetch cheap.
const feedCacheControl = "public, max-age=300"

// editionPath serves /{edition}/{name}: the edition's feeds and crawl
// files, or else the redirect from a section link without its slash.
func (s *Site) editionPath(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("section")
	if !strings.Contains(name, ".") {
		return s.sectionRedirect(w, r)
	}
	ed, err := s.edition(r)
	if err != nil {
		return err
	}
	if f, ok := feeds.FormatOf(name); ok {
		return s.feed(w, r, ed, f, feedSpec{dir: "/" + ed.Code + "/", page: "/" + ed.Code + "/",
			title: ed.locale.T("site.name") + " — " + ed.locale.T("site.tagline"), description: ed.locale.T("meta.front_description")})
	}
	switch name {
	case "news-sitemap.xml":
		return s.newsSitemap(w, r, ed)
	case "sitemap-pages.xml":
		return s.pagesSitemap(w, r, ed)
	}
	if month, page, ok := feeds.ParseMonthSitemapName(name); ok {
		return s.monthSitemap(w, r, ed, month, page)
	}
	return news.NotFound("no file %q", name)
}

// sectionPath serves /{edition}/{section}/{slug}: a section's feeds, or a
// story.
func (s *Site) sectionPath(w http.ResponseWriter, r *http.Request) error {
	if _, ok := feeds.FormatOf(r.PathValue("slug")); !ok {
		return s.article(w, r)
	}
	return s.listFeed(w, r, r.PathValue("slug"), s.sectionList)
}

// topicFeed serves /{edition}/topics/{slug}/{feed}.
func (s *Site) topicFeed(w http.ResponseWriter, r *http.Request) error {
	return s.listFeed(w, r, r.PathValue("feed"), s.topicList)
}

// authorFeed serves /{edition}/authors/{slug}/{feed}.
func (s *Site) authorFeed(w http.ResponseWriter, r *http.Request) error {
	return s.listFeed(w, r, r.PathValue("feed"), s.authorList)
}

// listFeed serves the feed called name of the list find resolves, titled
// like the list's page.
func (s *Site) listFeed(w http.ResponseWriter, r *http.Request, name string, find listFinder) error {
	f, ok := feeds.FormatOf(name)
	if !ok {
		return news.NotFound("no feed %q", name)
	}
	ed, spec, err := find(r)
	if err != nil {
		return err
	}
	return s.feed(w, r, ed, f, feedSpec{query: spec.query, dir: spec.dir, page: spec.page,
		title: spec.heading + " | " + ed.locale.T("site.name"), description: spec.description})
}

// feedSpec is what differs between edition, section, topic and author
// feeds. Titles and descriptions are the pages' own.
type feedSpec struct {
	query              news.ListQuery
	dir                string // the feeds' folder: "/en/", "/en/world/", "/en/topics/x/"
	page               string // the HTML page the feeds follow
	title, description string
}

// feed serves the newest visible stories of spec in one format.
func (s *Site) feed(w http.ResponseWriter, r *http.Request, ed *edition, format feeds.Format, spec feedSpec) error {
	ctx, now := r.Context(), s.cfg.Now()
	q := spec.query
	q.Edition, q.Limit, q.Now = ed.Code, feeds.MaxItems, now
	as, err := s.store.ListArticles(ctx, q)
	if err != nil {
		return err
	}
	origin := s.origin(r)
	f := &feeds.Feed{Title: spec.title, Description: spec.description, Language: ed.Tag,
		HomeURL: absURL(origin, spec.page), FeedURL: absURL(origin, spec.dir+format.Name),
		Author: feeds.Person{Name: ed.locale.T("site.name"), URL: absURL(origin, "/"+ed.Code+"/")}}
	for _, a := range as {
		f.Items = append(f.Items, feedItem(origin, ed, a))
		// A story whose embargo just lifted is news to the feed even though
		// its times are older than the feed's last change.
		f.Updated = latestTime(f.Updated, f.Items[len(f.Items)-1].Updated, a.EmbargoUntil)
	}
	body, err := format.Render(f)
	if err != nil {
		return err
	}
	web.Write(w, r, web.Body{ContentType: format.ContentType, Language: ed.Tag, Data: body,
		LastModified: f.Updated, CacheControl: feedCacheControl})
	return nil
}

// feedItem is a story as feeds carry it.
func feedItem(origin string, ed *edition, a *news.Article) feeds.Item {
	link := absURL(origin, a.Path())
	it := feeds.Item{ID: storyTag(origin, a), URL: link, Title: a.Headline, Summary: a.Standfirst,
		ContentHTML: feeds.AbsoluteHTML(a.BodyHTML, link), Published: a.PublishedAt, Updated: storyModified(a)}
	for _, au := range a.Authors {
		it.Authors = append(it.Authors, feeds.Person{Name: au.Name, URL: absURL(origin, au.Path(ed.Code))})
	}
	if len(it.Authors) == 0 && a.Credit != "" {
		it.Authors = []feeds.Person{{Name: a.Credit}}
	}
	it.Categories = append(it.Categories, feeds.Category{Term: a.Section.Slug, Label: a.Section.Name,
		Scheme: absURL(origin, "/"+ed.Code+"/")})
	for _, t := range a.Topics {
		it.Categories = append(it.Categories, feeds.Category{Term: t.Slug, Label: t.Name,
			Scheme: absURL(origin, "/"+ed.Code+"/topics/")})
	}
	if img := a.Image; img != nil {
		it.Image = &feeds.Image{URL: absURL(origin, "/media/"+img.Path), Type: imageType(img.Path),
			Width: img.Width, Height: img.Height, Alt: img.Alt, Credit: img.Credit}
	}
	return it
}

// storyTag is a story's id in feeds: a tag: URI (RFC 4151) of the site's
// host, the day the story was created and its ID. None of these change
// when the story's headline, slug or section does, or when it is updated
// or republished, so readers never see it twice.
func storyTag(origin string, a *news.Article) string {
	host := origin
	if u, err := url.Parse(origin); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return "tag:" + host + "," + a.CreatedAt.UTC().Format("2006-01-02") + ":article-" + strconv.FormatInt(a.ID, 10)
}

func latestTime(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}

// absURL joins the origin and a path, percent-encoding the path (slugs
// may be Arabic) as feeds and sitemaps require.
func absURL(origin, p string) string { return origin + (&url.URL{Path: p}).EscapedPath() }

// imageType is the media type of a stored image, from its extension:
// uploads are JPEG or PNG (internal/media), older files may be WebP.
func imageType(p string) string {
	switch strings.ToLower(path.Ext(p)) {
	case ".png":
		return "image/png"
	case ".webp":
		return "image/webp"
	case ".gif":
		return "image/gif"
	}
	return "image/jpeg"
}
