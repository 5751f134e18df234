package site

import (
	"net/http"

	"github.com/bylinehq/byline/internal/news"
)

type frontPage struct {
	chrome
	Lead   *teaser
	Blocks []block
}

type block struct {
	ID         int64
	Name, Path string
	More       string
	Items      []teaser
}

// front is the edition's front page: the lead story, the river, and a block
// of the newest stories of each section.
func (s *Site) front(w http.ResponseWriter, r *http.Request) error {
	ed, err := s.edition(r)
	if err != nil {
		return err
	}
	ctx, now := r.Context(), s.cfg.Now()
	c, err := s.chrome(ctx, ed, "")
	if err != nil {
		return err
	}
	latest, err := s.latest(ctx, ed, now)
	if err != nil {
		return err
	}
	leads, err := s.store.SectionLeads(ctx, ed.Code, frontPerSec, now)
	if err != nil {
		return err
	}
	v := views{ed: ed, now: now}
	p := frontPage{chrome: c}
	p.Title = ed.locale.T("site.name") + " — " + ed.locale.T("site.tagline")
	p.Description = ed.locale.T("meta.front_description")
	p.Canonical = s.origin(r) + "/" + ed.Code + "/"
	p.Alternates = s.frontAlternates(s.origin(r))
	p.Latest = v.teasers(latest, "")
	origin := s.origin(r)
	p.Feeds = feedLinks(origin, "/"+ed.Code+"/", ed.locale.T("site.name"))
	p.Social = s.pageSocial(origin, ed, p.Title, p.Description, p.Canonical)
	p.LD = jsonLD(s.websiteLD(origin, ed), s.publisher(origin, ed))

	var leadID int64
	if lead := pickLead(latest); lead != nil {
		t := v.teaser(*lead, sizesLead)
		if t.Image != nil {
			t.Image.Lazy = false // the largest image above the fold: load it first
		}
		p.Lead, leadID = &t, lead.ID
	}
	for _, sec := range c.sections {
		b := block{ID: sec.ID, Name: sec.Name, Path: sec.Path(), More: ed.locale.T("front.more_in", sec.Name)}
		for _, t := range leads[sec.ID] {
			if t.ID != leadID && len(b.Items) < frontPerSec-1 {
				b.Items = append(b.Items, v.teaser(t, sizesTeaser))
			}
		}
		if len(b.Items) > 0 {
			p.Blocks = append(p.Blocks, b)
		}
	}
	var all []news.Teaser
	for _, ts := range leads {
		all = append(all, ts...)
	}
	return s.send(w, r, ed, "front", &p, now, newest(latest, all))
}

// pickLead chooses the front's top story: the newest with a picture, or
// the newest at all.
func pickLead(latest []news.Teaser) *news.Teaser {
	for i := range latest {
		if latest[i].Image != nil {
			return &latest[i]
		}
	}
	if len(latest) > 0 {
		return &latest[0]
	}
	return nil
}

// frontAlternates links the edition fronts to each other for search
// engines, with the root as the language-neutral entry.
func (s *Site) frontAlternates(origin string) []alternate {
	var out []alternate
	for _, e := range s.eds.Load().list {
		out = append(out, alternate{Lang: e.Tag, URL: origin + "/" + e.Code + "/"})
	}
	return append(out, alternate{Lang: "x-default", URL: origin + "/"})
}
