package site

import (
	"net/http"
	"net/url"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

type listPage struct {
	chrome
	Kicker, Heading, Intro string
	Items                  []teaser
	Newer, Older           string
	// Elsewhere is, on a topic page, the topic's latest stories in the
	// other editions: one topic spans the translations.
	Elsewhere []elsewhere
}

// elsewhere is a topic's latest stories in another edition.
type elsewhere struct {
	Heading, Path, Lang, Dir string
	Items                    []teaser
}

// elsewhereStories is how many stories a topic page shows per other edition.
const elsewhereStories = 3

// listSpec is what differs between section, topic and author pages, and
// their feeds.
type listSpec struct {
	query       news.ListQuery
	current     string // nav entry to mark
	kicker      string
	heading     string
	description string
	counted     bool   // show "N stories"
	page        string // the list's own path
	dir         string // the folder its feeds live in, ending in "/"
	topicID     int64  // a topic page: show the topic in other editions
}

// listFinder resolves the list a request's path names.
type listFinder func(r *http.Request) (*edition, listSpec, error)

func (s *Site) sectionList(r *http.Request) (*edition, listSpec, error) {
	ed, sec, err := s.sectionOf(r)
	if err != nil {
		return nil, listSpec{}, err
	}
	return ed, listSpec{
		query: news.ListQuery{SectionID: sec.ID}, current: sec.Slug, heading: sec.Name,
		description: ed.locale.T("meta.section_description", sec.Name), page: sec.Path(), dir: sec.Path(),
	}, nil
}

func (s *Site) topicList(r *http.Request) (*edition, listSpec, error) {
	ed, err := s.edition(r)
	if err != nil {
		return nil, listSpec{}, err
	}
	t, err := s.store.Topic(r.Context(), ed.Code, r.PathValue("slug"))
	if err != nil {
		return nil, listSpec{}, err
	}
	return ed, listSpec{
		query: news.ListQuery{TopicID: t.ID}, kicker: ed.locale.T("topic.kind." + string(t.Kind)), heading: t.Name,
		description: ed.locale.T("meta.topic_description", t.Name), counted: true, page: t.Path(), dir: t.Path() + "/",
		topicID: t.ID,
	}, nil
}

func (s *Site) authorList(r *http.Request) (*edition, listSpec, error) {
	ed, err := s.edition(r)
	if err != nil {
		return nil, listSpec{}, err
	}
	a, err := s.store.Author(r.Context(), r.PathValue("slug"))
	if err != nil {
		return nil, listSpec{}, err
	}
	return ed, listSpec{
		query: news.ListQuery{AuthorID: a.ID}, kicker: ed.locale.T("author.kicker"), heading: a.Name,
		description: ed.locale.T("meta.author_description", a.Name), counted: true,
		page: a.Path(ed.Code), dir: a.Path(ed.Code) + "/",
	}, nil
}

func (s *Site) section(w http.ResponseWriter, r *http.Request) error {
	return s.listPage(w, r, s.sectionList)
}
func (s *Site) topic(w http.ResponseWriter, r *http.Request) error {
	return s.listPage(w, r, s.topicList)
}
func (s *Site) author(w http.ResponseWriter, r *http.Request) error {
	return s.listPage(w, r, s.authorList)
}

func (s *Site) listPage(w http.ResponseWriter, r *http.Request, find listFinder) error {
	ed, spec, err := find(r)
	if err != nil {
		return err
	}
	return s.list(w, r, ed, spec)
}

// list renders one page of a paginated list. ?before= and ?after= carry
// keyset cursors; anything else in the query string is ignored.
func (s *Site) list(w http.ResponseWriter, r *http.Request, ed *edition, spec listSpec) error {
	ctx, now := r.Context(), s.cfg.Now()
	q := spec.query
	q.Edition, q.Limit, q.Now = ed.Code, listPageSize, now
	if err := parseCursors(r.URL.Query(), &q); err != nil {
		return err
	}
	page, err := s.store.List(ctx, q)
	if err != nil {
		return err
	}
	c, err := s.chrome(ctx, ed, spec.current)
	if err != nil {
		return err
	}
	latest, err := s.latest(ctx, ed, now)
	if err != nil {
		return err
	}
	v := views{ed: ed, now: now}
	p := listPage{chrome: c, Kicker: spec.kicker, Heading: spec.heading}
	p.Title = spec.heading + " | " + ed.locale.T("site.name")
	p.Description = spec.description
	p.Canonical = s.origin(r) + r.URL.Path + canonicalQuery(r.URL.Query())
	p.Latest = v.teasers(latest, "")
	origin, name := s.origin(r), ed.locale.T("site.name")
	p.Feeds = append(feedLinks(origin, spec.dir, spec.heading+" | "+name), feedLinks(origin, "/"+ed.Code+"/", name)...)
	p.Social = s.pageSocial(origin, ed, p.Title, p.Description, p.Canonical)
	p.LD = jsonLD(breadcrumbLD(origin, navLink{Name: ed.locale.T("nav.home"), Path: "/" + ed.Code + "/"},
		navLink{Name: spec.heading, Path: spec.page}))
	p.Items = v.teasers(page.Items, sizesTeaser)
	for i := range p.Items {
		p.Items[i].Level = 2
	}
	if page.Older != nil {
		p.Older = r.URL.Path + "?before=" + page.Older.String()
	}
	if page.Newer != nil {
		p.Newer = r.URL.Path + "?after=" + page.Newer.String()
	}
	if spec.counted {
		n, err := s.store.Count(ctx, q)
		if err != nil {
			return err
		}
		p.Intro = ed.locale.T("list.count", n)
	}
	if (q.Before != nil || q.After != nil) && len(page.Items) == 0 {
		return news.NotFound("no stories at this position")
	}
	modified := newest(latest, page.Items)
	if spec.topicID != 0 {
		paths, more, raw, err := s.topicElsewhere(r, ed, spec.topicID, len(page.Items) > 0, now)
		if err != nil {
			return err
		}
		p.Elsewhere = more
		p.Editions = s.editionLinks(ed, paths)
		p.Alternates, _ = s.translationLinks(origin, ed, paths)
		modified = newest(latest, page.Items, raw)
	}
	return s.send(w, r, ed, "list", &p, now, modified)
}

func parseCursors(v url.Values, q *news.ListQuery) error {
	for key, dst := range map[string]**news.Cursor{"before": &q.Before, "after": &q.After} {
		if raw := v.Get(key); raw != "" {
			c, err := news.ParseCursor(raw)
			if err != nil {
				return err
			}
			*dst = &c
		}
	}
	if q.Before != nil && q.After != nil {
		return news.Invalid("cursor", "use either before or after")
	}
	return nil
}

// canonicalQuery keeps only the pagination parameter of a list URL.
func canonicalQuery(v url.Values) string {
	for _, key := range []string{"before", "after"} {
		if c := v.Get(key); c != "" {
			return "?" + key + "=" + url.QueryEscape(c)
		}
	}
	return ""
}

// topicElsewhere finds a topic's page and latest stories in every other
// edition where it has a name and visible stories. paths holds the topic's
// page in each edition with stories (ed's when here, its page, lists any)
// for hreflang; raw are the stories shown, for Last-Modified.
func (s *Site) topicElsewhere(r *http.Request, ed *edition, topicID int64, here bool, now time.Time) (paths map[string]string, out []elsewhere, raw []news.Teaser, err error) {
	ctx := r.Context()
	t, err := s.store.TopicByID(ctx, topicID)
	if err != nil {
		return nil, nil, nil, err
	}
	paths = map[string]string{}
	for _, e := range s.eds.Load().list {
		n, ok := t.In(e.Code)
		if !ok {
			continue
		}
		path := news.TopicRef{Edition: e.Code, Slug: n.Slug}.Path()
		if e.Code == ed.Code {
			if here {
				paths[e.Code] = path
			}
			continue
		}
		page, err := s.store.List(ctx, news.ListQuery{Edition: e.Code, TopicID: topicID, Limit: elsewhereStories, Now: now})
		if err != nil {
			return nil, nil, nil, err
		}
		if len(page.Items) == 0 {
			continue
		}
		paths[e.Code] = path
		v := views{ed: e, now: now}
		out = append(out, elsewhere{Heading: n.Name, Path: path, Lang: e.Tag, Dir: string(e.Dir),
			Items: v.teasers(page.Items, "")})
		raw = append(raw, page.Items...)
	}
	return paths, out, raw, nil
}
