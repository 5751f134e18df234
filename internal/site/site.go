// Package site serves the public news site: edition fronts, section fronts,
// articles, topic and author pages, in every edition's language, rendered
// on the server with no JavaScript needed.
package site

import (
	"context"
	"embed"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bylinehq/byline/internal/i18n"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/pagecache"
	"github.com/bylinehq/byline/internal/relevance"
	"github.com/bylinehq/byline/internal/web"
)

//go:embed assets
var assetFS embed.FS

// Reader is the part of the store the public site reads.
type Reader interface {
	news.EditionStore
	Sections(ctx context.Context, edition string) ([]news.Section, error)
	Section(ctx context.Context, edition, slug string) (news.Section, error)
	Author(ctx context.Context, slug string) (news.Author, error)
	Topic(ctx context.Context, edition, slug string) (news.TopicRef, error)
	TopicByID(ctx context.Context, id int64) (news.Topic, error)
	ArticleBySlug(ctx context.Context, edition, slug string) (*news.Article, bool, error)
	List(ctx context.Context, q news.ListQuery) (news.Page, error)
	Count(ctx context.Context, q news.ListQuery) (int, error)
	SectionLeads(ctx context.Context, edition string, perSection int, now time.Time) (map[int64][]news.Teaser, error)
	Translations(ctx context.Context, a *news.Article, now time.Time) ([]news.Translation, error)
	news.FeedStore
	news.SearchStore
}

// Config is the site's configuration.
type Config struct {
	// BaseURL is the public origin, e.g. "https://news.example.org", used
	// for canonical and alternate links. When empty it is taken from each
	// request, which is right only when clients reach Byline directly.
	BaseURL string
	// Media serves stored images under /media/.
	Media http.Handler
	Now   func() time.Time
	Log   *slog.Logger
	// Cache, when set, wraps every page handler: the page cache. Static
	// assets and media are not wrapped; they are files with their own
	// validators.
	Cache func(http.Handler) http.Handler
}

// Site is the public site's handlers.
type Site struct {
	store  Reader
	ranker relevance.Ranker
	bundle *i18n.Bundle
	tmpl   *templates
	assets *web.Assets
	cfg    Config
	eds    atomic.Pointer[editionSet]
}

// Sizes for <img sizes>, matching the CSS layout.
const (
	sizesLead   = "(min-width: 1000px) 760px, 100vw"
	sizesStory  = "(min-width: 1000px) 720px, 100vw"
	sizesTeaser = "(min-width: 1000px) 360px, (min-width: 640px) 50vw, 100vw"
	sizesThumb  = "160px"
)

// Page sizes.
const (
	riverLength  = 10
	listPageSize = 20
	frontPerSec  = 5
)

// New loads templates, assets and the editions. It fails when a template
// is broken or an edition has no catalog.
func New(ctx context.Context, store Reader, ranker relevance.Ranker, bundle *i18n.Bundle, cfg Config) (*Site, error) {
	tmpl, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	assets, err := web.LoadAssets(assetFS, "assets", "/assets/")
	if err != nil {
		return nil, err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	cfg.BaseURL = strings.TrimSuffix(cfg.BaseURL, "/")
	if cfg.Cache == nil {
		cfg.Cache = func(h http.Handler) http.Handler { return h }
	}
	s := &Site{store: tracked{store}, ranker: trackedRanker{ranker}, bundle: bundle, tmpl: tmpl, assets: assets, cfg: cfg}
	return s, s.Reload(ctx)
}

// Reload re-reads the editions, after one is added or changed.
func (s *Site) Reload(ctx context.Context) error {
	set, err := loadEditions(ctx, s.store, s.bundle)
	if err != nil {
		return err
	}
	s.eds.Store(set)
	return nil
}

// Register adds the site's routes to mux; every one is public. Paths under
// an edition live in a table of their own, reached through mux's catch-all,
// because wildcard first segments would collide with fixed ones (/assets/…)
// in a single ServeMux.
func (s *Site) Register(mux *http.ServeMux) {
	h := func(fn web.HandlerFunc) http.Handler { return s.cfg.Cache(web.Handle(s.cfg.Log, fn, s.WriteError)) }
	mux.Handle("GET /{$}", h(s.root))
	mux.Handle("GET /assets/{hash}/{name}", s.assets)
	if s.cfg.Media != nil {
		mux.Handle("GET /media/{dir}/{file}", http.StripPrefix("/media/", s.cfg.Media))
	}
	mux.Handle("GET /favicon.ico", http.RedirectHandler(s.assets.URL("favicon.svg"), http.StatusMovedPermanently))
	mux.Handle("GET /robots.txt", h(s.robots))
	mux.Handle("GET /sitemap.xml", h(s.sitemapIndex))

	editions := http.NewServeMux()
	editions.Handle("GET /{edition}", h(s.editionRedirect))
	editions.Handle("GET /{edition}/{$}", h(s.front))
	// A last segment with a dot is a feed or crawl file (see feeds.go).
	editions.Handle("GET /{edition}/{section}", h(s.editionPath)) // section link without slash, feed.xml, sitemaps
	editions.Handle("GET /{edition}/{section}/{$}", h(s.section))
	editions.Handle("GET /{edition}/{section}/{slug}", h(s.sectionPath)) // story, or the section's feed.xml …
	editions.Handle("GET /{edition}/search", h(s.search))                // "search" is a reserved section slug
	editions.Handle("GET /{edition}/topics/{slug}", h(s.topic))
	editions.Handle("GET /{edition}/topics/{slug}/{feed}", h(s.topicFeed))
	editions.Handle("GET /{edition}/authors/{slug}", h(s.author))
	editions.Handle("GET /{edition}/authors/{slug}/{feed}", h(s.authorFeed))
	editions.Handle("GET /", h(func(http.ResponseWriter, *http.Request) error {
		return news.NotFound("no page here")
	}))
	mux.Handle("/", editions)
}

// edition resolves the {edition} path segment.
func (s *Site) edition(r *http.Request) (*edition, error) {
	if ed, ok := s.eds.Load().byCode[r.PathValue("edition")]; ok {
		return ed, nil
	}
	return nil, news.NotFound("no edition %q", r.PathValue("edition"))
}

// root sends readers to the edition that best matches their languages.
func (s *Site) root(w http.ResponseWriter, r *http.Request) error {
	ed := s.eds.Load().best(r.Header.Get("Accept-Language"))
	w.Header().Set("Vary", "Accept-Language")
	w.Header().Set("Cache-Control", "public, max-age=300")
	http.Redirect(w, r, "/"+ed.Code+"/", http.StatusFound)
	return nil
}

func (s *Site) editionRedirect(w http.ResponseWriter, r *http.Request) error {
	ed, err := s.edition(r)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/"+ed.Code+"/", http.StatusMovedPermanently)
	return nil
}

// sectionRedirect sends /{edition}/{section} to the section front.
func (s *Site) sectionRedirect(w http.ResponseWriter, r *http.Request) error {
	_, sec, err := s.sectionOf(r)
	if err != nil {
		return err
	}
	http.Redirect(w, r, sec.Path(), http.StatusMovedPermanently)
	return nil
}

// sectionOf resolves the {edition} and {section} path segments.
func (s *Site) sectionOf(r *http.Request) (*edition, news.Section, error) {
	ed, err := s.edition(r)
	if err != nil {
		return nil, news.Section{}, err
	}
	sec, err := s.store.Section(r.Context(), ed.Code, r.PathValue("section"))
	return ed, sec, err
}

// origin is the scheme and host that absolute links start with.
func (s *Site) origin(r *http.Request) string { return web.Origin(s.cfg.BaseURL, r) }

// chrome builds the frame of a page in ed; current marks the nav entry.
func (s *Site) chrome(ctx context.Context, ed *edition, current string) (chrome, error) {
	c := chrome{Ed: ed, CSS: s.assets.URL("style.css"), Icon: s.assets.URL("favicon.svg")}
	secs, err := s.store.Sections(ctx, ed.Code)
	if err != nil {
		return c, err
	}
	c.sections = secs
	for _, sec := range secs {
		c.Nav = append(c.Nav, navLink{Name: sec.Name, Path: sec.Path(), Current: sec.Slug == current})
	}
	c.Editions = s.editionLinks(ed, nil)
	return c, nil
}

// editionLinks lists every edition in its own language, pointing at the
// given path in that edition when there is one (a translation), else at
// its front page.
func (s *Site) editionLinks(current *edition, paths map[string]string) []navLink {
	var out []navLink
	for _, e := range s.eds.Load().list {
		p := paths[e.Code]
		if p == "" {
			p = "/" + e.Code + "/"
		}
		out = append(out, navLink{Name: e.Name, Path: p, Lang: e.Tag, Current: e.Code == current.Code})
	}
	return out
}

// latest returns the edition's river.
func (s *Site) latest(ctx context.Context, ed *edition, now time.Time) ([]news.Teaser, error) {
	p, err := s.store.List(ctx, news.ListQuery{Edition: ed.Code, Limit: riverLength, Now: now})
	return p.Items, err
}

// send renders a page and writes it with validators and a cache lifetime
// that ends, at the latest, when its time labels would change.
func (s *Site) send(w http.ResponseWriter, r *http.Request, ed *edition, name string, data any, now, modified time.Time) error {
	body, err := s.tmpl.render(name, data)
	if err != nil {
		return err
	}
	pagecache.LabelsChangeAt(r.Context(), i18n.NextLabelChange(now, ed.zone))
	web.Write(w, r, web.Body{
		ContentType: "text/html; charset=utf-8", Language: ed.Tag, Data: body,
		LastModified: lastModified(modified, now, ed.zone), CacheControl: pageCacheControl(now, ed.zone),
	})
	return nil
}

// maxPageAge is how long a reader's browser or a proxy may reuse a page.
const maxPageAge = 60 * time.Second

func pageCacheControl(now time.Time, zone *time.Location) string {
	age := min(maxPageAge, i18n.NextLabelChange(now, zone).Sub(now))
	return "public, max-age=" + strconv.Itoa(int(math.Ceil(age.Seconds())))
}

// lastModified is the newest content time, but never before the edition's
// last midnight: that is when the page's "Today" labels last changed, so a
// copy from before it must not be revalidated as current.
func lastModified(content, now time.Time, zone *time.Location) time.Time {
	n := now.In(zone)
	midnight := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, zone)
	if content.After(midnight) {
		return content
	}
	return midnight
}

func newest(ts ...[]news.Teaser) time.Time {
	var t time.Time
	for _, list := range ts {
		for _, x := range list {
			if m := x.Modified(); m.After(t) {
				t = m
			}
		}
	}
	return t
}
