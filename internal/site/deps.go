package site

import (
	"context"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/pagecache"
	"github.com/bylinehq/byline/internal/relevance"
)

// tracked records, for the page cache, what each page reads: the stories
// it shows and the lists it shows them from. Reading through it is how a
// page declares its dependencies, so a new page that uses the store is
// tracked with no extra step. Editions, sections, authors' and topics'
// names are not tagged: changing them empties the cache.
type tracked struct{ Reader }

func listTag(q news.ListQuery) string {
	switch {
	case q.SectionID != 0:
		return pagecache.SectionList(q.Edition, q.SectionID)
	case q.TopicID != 0:
		return pagecache.TopicList(q.Edition, q.TopicID)
	case q.AuthorID != 0:
		return pagecache.AuthorList(q.Edition, q.AuthorID)
	}
	return pagecache.River(q.Edition)
}

func dependOnTeasers(ctx context.Context, ts []news.Teaser) {
	tags := make([]string, len(ts))
	for i, t := range ts {
		tags[i] = pagecache.Story(t.ID)
	}
	pagecache.Depend(ctx, tags...)
}

func (t tracked) ArticleBySlug(ctx context.Context, edition, slug string) (*news.Article, bool, error) {
	a, current, err := t.Reader.ArticleBySlug(ctx, edition, slug)
	if err == nil {
		pagecache.Depend(ctx, pagecache.Story(a.ID))
		if a.TranslationGroup != 0 {
			pagecache.Depend(ctx, pagecache.Group(a.TranslationGroup))
		}
	}
	return a, current, err
}

func (t tracked) List(ctx context.Context, q news.ListQuery) (news.Page, error) {
	p, err := t.Reader.List(ctx, q)
	pagecache.Depend(ctx, listTag(q))
	dependOnTeasers(ctx, p.Items)
	return p, err
}

func (t tracked) Count(ctx context.Context, q news.ListQuery) (int, error) {
	pagecache.Depend(ctx, listTag(q))
	return t.Reader.Count(ctx, q)
}

func (t tracked) ListArticles(ctx context.Context, q news.ListQuery) ([]*news.Article, error) {
	as, err := t.Reader.ListArticles(ctx, q)
	pagecache.Depend(ctx, listTag(q))
	for _, a := range as {
		pagecache.Depend(ctx, pagecache.Story(a.ID))
	}
	return as, err
}

func (t tracked) SectionLeads(ctx context.Context, edition string, perSection int, now time.Time) (map[int64][]news.Teaser, error) {
	leads, err := t.Reader.SectionLeads(ctx, edition, perSection, now)
	// A story entering any section's leads is also a publish, which the
	// river tag covers; a story moved between sections drops both lists.
	pagecache.Depend(ctx, pagecache.River(edition))
	for sec, ts := range leads {
		pagecache.Depend(ctx, pagecache.SectionList(edition, sec))
		dependOnTeasers(ctx, ts)
	}
	return leads, err
}

func (t tracked) Translations(ctx context.Context, a *news.Article, now time.Time) ([]news.Translation, error) {
	if a.TranslationGroup != 0 {
		pagecache.Depend(ctx, pagecache.Group(a.TranslationGroup))
	}
	return t.Reader.Translations(ctx, a, now)
}

// Sitemaps and search depend on every story of their edition.

func (t tracked) ArchiveMonths(ctx context.Context, edition string, now time.Time) ([]news.ArchiveMonth, error) {
	pagecache.Depend(ctx, pagecache.Edition(edition))
	return t.Reader.ArchiveMonths(ctx, edition, now)
}

func (t tracked) Archive(ctx context.Context, q news.ArchiveQuery) ([]news.ArchiveEntry, error) {
	pagecache.Depend(ctx, pagecache.Edition(q.Edition))
	return t.Reader.Archive(ctx, q)
}

func (t tracked) Search(ctx context.Context, q news.SearchQuery) (news.SearchResult, error) {
	pagecache.Depend(ctx, pagecache.Edition(q.Edition))
	return t.Reader.Search(ctx, q)
}

// trackedRanker records the stories a "Read also" block shows, and marks
// pages rendered while the engine is still building as pending.
type trackedRanker struct{ relevance.Ranker }

func (t trackedRanker) ReadAlso(ctx context.Context, a *news.Article, now time.Time) ([]news.Teaser, error) {
	ts, err := t.Ranker.ReadAlso(ctx, a, now)
	if r, ok := t.Ranker.(interface{ Ready() bool }); ok && !r.Ready() {
		pagecache.Depend(ctx, pagecache.Pending)
	}
	dependOnTeasers(ctx, ts)
	return ts, err
}
