package site

import (
	"net/http"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/feeds"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/web"
)

const xmlType = "application/xml; charset=utf-8"

// robots allows everything but the newsroom and names the sitemap index
// and every edition's news sitemap.
func (s *Site) robots(w http.ResponseWriter, r *http.Request) error {
	origin := s.origin(r)
	var b strings.Builder
	b.WriteString("User-agent: *\nAllow: /\nDisallow: /admin/\n\nSitemap: " + origin + "/sitemap.xml\n")
	for _, ed := range s.eds.Load().list {
		b.WriteString("Sitemap: " + absURL(origin, "/"+ed.Code+"/news-sitemap.xml") + "\n")
	}
	web.Write(w, r, web.Body{ContentType: "text/plain; charset=utf-8", CacheControl: "public, max-age=3600", Data: []byte(b.String())})
	return nil
}

// sitemapIndex lists, for every edition, its pages sitemap and one
// sitemap per month of stories (several when a month has more than
// feeds.SitemapPage).
func (s *Site) sitemapIndex(w http.ResponseWriter, r *http.Request) error {
	ctx, now, origin := r.Context(), s.cfg.Now(), s.origin(r)
	var refs []feeds.SitemapRef
	var modified time.Time
	for _, ed := range s.eds.Load().list {
		months, err := s.store.ArchiveMonths(ctx, ed.Code, now)
		if err != nil {
			return err
		}
		var newest time.Time
		for _, m := range months {
			newest = latestTime(newest, m.Modified)
		}
		refs = append(refs, feeds.SitemapRef{Loc: absURL(origin, "/"+ed.Code+"/sitemap-pages.xml"), LastMod: newest})
		for _, m := range months {
			for page := 1; page <= feeds.MonthPages(m.Count); page++ {
				refs = append(refs, feeds.SitemapRef{Loc: absURL(origin, "/"+ed.Code+"/"+feeds.MonthSitemapName(m.Month, page)), LastMod: m.Modified})
			}
		}
		modified = latestTime(modified, newest)
	}
	body, err := feeds.SitemapIndex(refs)
	if err != nil {
		return err
	}
	return sendXML(w, r, body, modified)
}

// monthSitemap lists one page of an edition's stories of one month, each
// with its translations as hreflang alternates.
func (s *Site) monthSitemap(w http.ResponseWriter, r *http.Request, ed *edition, month time.Time, page int) error {
	entries, err := s.store.Archive(r.Context(), news.ArchiveQuery{Edition: ed.Code, From: month, To: month.AddDate(0, 1, 0),
		Offset: (page - 1) * feeds.SitemapPage, Limit: feeds.SitemapPage, Now: s.cfg.Now()})
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return news.NotFound("no stories in this sitemap")
	}
	origin := s.origin(r)
	urls := make([]feeds.SitemapURL, len(entries))
	var modified time.Time
	for i, e := range entries {
		urls[i] = feeds.SitemapURL{Loc: absURL(origin, e.Path), LastMod: e.Modified, Alternates: s.alternates(origin, e)}
		modified = latestTime(modified, e.Modified)
	}
	body, err := feeds.Sitemap(urls)
	if err != nil {
		return err
	}
	return sendXML(w, r, body, modified)
}

// alternates are a story's hreflang links in edition order, itself
// included, with x-default on the version in the first edition that has
// one; none for a story without translations.
func (s *Site) alternates(origin string, e news.ArchiveEntry) []feeds.Alternate {
	if len(e.Translations) == 0 {
		return nil
	}
	paths := map[string]string{e.Edition: e.Path}
	for _, t := range e.Translations {
		paths[t.Edition] = t.Path
	}
	var out []feeds.Alternate
	for _, ed := range s.eds.Load().list {
		p, ok := paths[ed.Code]
		if !ok {
			continue
		}
		if len(out) == 0 {
			out = append(out, feeds.Alternate{Lang: "x-default", Href: absURL(origin, p)})
		}
		out = append(out, feeds.Alternate{Lang: ed.Tag, Href: absURL(origin, p)})
	}
	return out
}

// pagesSitemap lists the edition's front, with the other fronts as
// alternates, and its section fronts.
func (s *Site) pagesSitemap(w http.ResponseWriter, r *http.Request, ed *edition) error {
	ctx, now, origin := r.Context(), s.cfg.Now(), s.origin(r)
	secs, err := s.store.Sections(ctx, ed.Code)
	if err != nil {
		return err
	}
	leads, err := s.store.SectionLeads(ctx, ed.Code, 1, now)
	if err != nil {
		return err
	}
	var fronts []feeds.Alternate
	for _, e := range s.eds.Load().list {
		fronts = append(fronts, feeds.Alternate{Lang: e.Tag, Href: absURL(origin, "/"+e.Code+"/")})
	}
	fronts = append(fronts, feeds.Alternate{Lang: "x-default", Href: origin + "/"})
	front := feeds.SitemapURL{Loc: absURL(origin, "/"+ed.Code+"/"), Alternates: fronts}
	urls := []feeds.SitemapURL{front}
	for _, sec := range secs {
		u := feeds.SitemapURL{Loc: absURL(origin, sec.Path())}
		if ts := leads[sec.ID]; len(ts) > 0 {
			u.LastMod = ts[0].Modified()
		}
		urls[0].LastMod = latestTime(urls[0].LastMod, u.LastMod)
		urls = append(urls, u)
	}
	body, err := feeds.Sitemap(urls)
	if err != nil {
		return err
	}
	return sendXML(w, r, body, urls[0].LastMod)
}

// newsSitemap lists the edition's stories first published in the last
// 48 hours, newest first, at most 1,000, in Google's news format.
func (s *Site) newsSitemap(w http.ResponseWriter, r *http.Request, ed *edition) error {
	now := s.cfg.Now()
	entries, err := s.store.Archive(r.Context(), news.ArchiveQuery{Edition: ed.Code, From: now.Add(-feeds.NewsWindow),
		To: now.Add(time.Millisecond), NewestFirst: true, Limit: feeds.MaxNewsURLs, Now: now})
	if err != nil {
		return err
	}
	origin := s.origin(r)
	urls := make([]feeds.NewsURL, len(entries))
	for i, e := range entries {
		urls[i] = feeds.NewsURL{Loc: absURL(origin, e.Path), Title: e.Headline, Published: e.PublishedAt}
	}
	body, err := feeds.NewsSitemap(feeds.Publication{Name: ed.locale.T("site.name"), Language: ed.Tag}, urls)
	if err != nil {
		return err
	}
	// Stories leave this file as they age; a date cannot say so, and
	// Last-Modified would let a crawler keep a stale copy.
	web.Write(w, r, web.Body{ContentType: xmlType, Data: body, CacheControl: feedCacheControl})
	return nil
}

func sendXML(w http.ResponseWriter, r *http.Request, body []byte, modified time.Time) error {
	web.Write(w, r, web.Body{ContentType: xmlType, Data: body, LastModified: modified, CacheControl: feedCacheControl})
	return nil
}
