package site

import (
	"html/template"
	"net/http"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

type articlePage struct {
	chrome
	Kind, KindLabel          string
	Headline, Standfirst     string
	SectionName, SectionPath string
	Authors                  []authorLink
	Dateline, Credit         string
	Published                stamp
	Updated                  *stamp
	ReadingTime              string
	Image                    *imageView
	Body                     template.HTML
	Corrections              []correctionView
	CorrectionsHeading       string
	Topics                   []news.TopicRef
	Translations             []navLink
	ReadAlso                 []teaser
}

type authorLink struct{ Name, Path, Sep string }

type correctionView struct {
	Time stamp
	Text string
}

// article serves a story. A former slug or section answers 301 to the
// current address; a withdrawn story answers 410; a story readers may not
// see yet (draft, scheduled, embargoed) is indistinguishable from none.
func (s *Site) article(w http.ResponseWriter, r *http.Request) error {
	ed, err := s.edition(r)
	if err != nil {
		return err
	}
	ctx, now := r.Context(), s.cfg.Now()
	a, current, err := s.store.ArticleBySlug(ctx, ed.Code, r.PathValue("slug"))
	if err != nil {
		return err
	}
	if !a.VisibleAt(now) {
		if a.Status == news.Unpublished && !a.PublishedAt.IsZero() {
			return &news.Error{Code: news.CodeGone, Message: "the story was withdrawn"}
		}
		return news.NotFound("no story here")
	}
	if !current || a.Section.Slug != r.PathValue("section") {
		http.Redirect(w, r, a.Path(), http.StatusMovedPermanently)
		return nil
	}
	p, err := s.articlePage(r, ed, a)
	if err != nil {
		return err
	}
	modified := newest(p.latestRaw, p.readAlsoRaw)
	if m := storyModified(a); m.After(modified) {
		modified = m
	}
	return s.send(w, r, ed, "article", &p.articlePage, now, modified)
}

// articleData is the page with the raw lists it was built from, which
// decide Last-Modified.
type articleData struct {
	articlePage
	latestRaw, readAlsoRaw []news.Teaser
}

func (s *Site) articlePage(r *http.Request, ed *edition, a *news.Article) (*articleData, error) {
	ctx, now := r.Context(), s.cfg.Now()
	c, err := s.chrome(ctx, ed, a.Section.Slug)
	if err != nil {
		return nil, err
	}
	latest, err := s.latest(ctx, ed, now)
	if err != nil {
		return nil, err
	}
	related, err := s.ranker.ReadAlso(ctx, a, now)
	if err != nil {
		return nil, err
	}
	translations, err := s.store.Translations(ctx, a, now)
	if err != nil {
		return nil, err
	}
	v := views{ed: ed, now: now}
	l := ed.locale
	p := articlePage{
		chrome: c, Kind: string(a.Kind), KindLabel: v.kind(a.Kind), Headline: a.Headline, Standfirst: a.Standfirst,
		SectionName: a.Section.Name, SectionPath: a.Section.Path(), Dateline: a.Dateline, Credit: a.Credit,
		Published: v.full(a.PublishedAt), ReadingTime: l.T("article.reading_time", readingMinutes(a.BodyMarkdown)),
		Image: image(a.Image, sizesStory, false), Body: safeHTML(a.BodyHTML), Topics: a.Topics,
		ReadAlso: v.teasers(related, sizesThumb),
	}
	if !a.UpdatedAt.IsZero() && a.UpdatedAt.After(a.PublishedAt) {
		u := v.full(a.UpdatedAt)
		p.Updated = &u
	}
	seps := separators(l, len(a.Authors))
	for i, au := range a.Authors {
		al := authorLink{Name: au.Name, Path: au.Path(ed.Code)}
		if i < len(seps) {
			al.Sep = seps[i]
		}
		p.Authors = append(p.Authors, al)
	}
	for _, cr := range a.Corrections {
		p.Corrections = append(p.Corrections, correctionView{Time: v.full(cr.CreatedAt), Text: cr.Text})
	}
	p.CorrectionsHeading = l.T("article.corrections", len(a.Corrections))
	p.Title = a.Headline + " | " + l.T("site.name")
	p.Description = a.Standfirst
	if p.Description == "" {
		p.Description = a.Headline
	}
	origin := s.origin(r)
	p.Canonical = origin + a.Path()
	paths := map[string]string{ed.Code: a.Path()}
	for _, t := range translations {
		paths[t.Edition] = t.Path
	}
	p.Editions = s.editionLinks(ed, paths)
	p.Alternates, p.Translations = s.translationLinks(origin, ed, paths)
	p.Latest = v.teasers(latest, "")
	p.Feeds = append(feedLinks(origin, "/"+ed.Code+"/", l.T("site.name")),
		feedLinks(origin, a.Section.Path(), a.Section.Name+" | "+l.T("site.name"))...)
	modified := storyModified(a)
	p.Social = s.articleSocial(origin, ed, a, modified, p.Alternates)
	p.LD = jsonLD(
		s.articleLD(origin, ed, a, modified),
		breadcrumbLD(origin, navLink{Name: l.T("nav.home"), Path: p.Home()}, navLink{Name: a.Section.Name, Path: a.Section.Path()},
			navLink{Name: a.Headline, Path: a.Path()}),
		s.publisher(origin, ed),
	)
	return &articleData{articlePage: p, latestRaw: latest, readAlsoRaw: related}, nil
}

// translationLinks builds hreflang alternates (with x-default on the first
// edition's version) and the reader-facing list of other languages.
func (s *Site) translationLinks(origin string, ed *edition, paths map[string]string) ([]alternate, []navLink) {
	if len(paths) < 2 {
		return nil, nil
	}
	var alts []alternate
	var links []navLink
	for _, e := range s.eds.Load().list {
		p, ok := paths[e.Code]
		if !ok {
			continue
		}
		if len(alts) == 0 {
			alts = append(alts, alternate{Lang: "x-default", URL: origin + p})
		}
		alts = append(alts, alternate{Lang: e.Tag, URL: origin + p})
		if e.Code != ed.Code {
			links = append(links, navLink{Name: e.Name, Path: p, Lang: e.Tag})
		}
	}
	return alts, links
}

// storyModified is when the story last changed for readers: its update
// time, or its newest correction when that is later.
func storyModified(a *news.Article) time.Time {
	m := a.Modified()
	for _, c := range a.Corrections {
		if c.CreatedAt.After(m) {
			m = c.CreatedAt
		}
	}
	return m
}
