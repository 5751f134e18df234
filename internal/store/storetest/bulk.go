package storetest

import (
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// bulkTests cover CreateArticles, which must store a batch exactly as one
// CreateArticle per story would, or store nothing at all.
var bulkTests = map[string]func(*testing.T, *fixture){
	"CreateArticlesSavesLikeOneByOne": testCreateArticles,
	"CreateArticlesIsAllOrNothing":    testCreateArticlesAllOrNothing,
}

// batch returns n unsaved stories, published a minute ago by the real
// clock (the store stamps webhook events with it) unless change says
// otherwise.
func (f *fixture) batch(n int, change ...func(i int, a *news.Article)) []*news.Article {
	now := time.Now()
	out := make([]*news.Article, n)
	for i := range out {
		out[i] = f.newArticle(0, func(a *news.Article) { a.PublishedAt = now.Add(-time.Minute) })
		for _, c := range change {
			c(i, out[i])
		}
	}
	return out
}

func testCreateArticles(t *testing.T, f *fixture) {
	e := f.endpoint(news.EventPublished)
	geneva := f.topic(news.Place, "Geneva")
	start, err := f.s.LastChange(f.ctx)
	f.must(err)
	later := time.Now().Add(time.Hour).Truncate(time.Millisecond)
	as := f.batch(3, func(i int, a *news.Article) {
		switch i {
		case 0:
			a.Headline, a.Topics = "Glacier talks open in Geneva", []news.TopicRef{{ID: geneva.ID}}
		case 1:
			a.Section = news.Section{ID: f.economy.ID} // by ID only, as callers pass it
			a.Corrections = []news.Correction{{Text: "An earlier version misspelt a name.", CreatedAt: base}}
		case 2:
			a.Status, a.PublishedAt = news.Scheduled, later
		}
	})
	f.must(f.s.CreateArticles(f.ctx, as))
	for i, a := range as {
		if a.ID == 0 || a.Revision != 1 || (i > 0 && a.ID <= as[i-1].ID) {
			t.Fatalf("article %d: ID %d revision %d, want increasing IDs at revision 1", i, a.ID, a.Revision)
		}
		got, current, err := f.s.ArticleBySlug(f.ctx, "en", a.Slug)
		f.must(err)
		if !current || got.ID != a.ID || got.Headline != a.Headline || len(got.Authors) != 1 {
			t.Errorf("ArticleBySlug(%q) = %+v, want article %d", a.Slug, got, a.ID)
		}
		if revs, err := f.s.Revisions(f.ctx, a.ID); err != nil || len(revs) != 1 || revs[0].Number != 1 {
			t.Errorf("article %d revisions = %+v (%v), want revision 1", i, revs, err)
		}
	}
	if as[1].Section.Slug != "economy" {
		t.Errorf("the section was not loaded: %+v", as[1].Section)
	}
	got, err := f.s.Article(f.ctx, as[1].ID)
	f.must(err)
	if len(got.Corrections) != 1 || got.Corrections[0].ID == 0 || got.Section.ID != f.economy.ID {
		t.Errorf("second article = %+v, want its correction in economy", got)
	}
	r := f.search(news.SearchQuery{Text: "glacier geneva", Now: time.Now()})
	if ids := hitIDs(r); !equalIDs(ids, []int64{as[0].ID}) {
		t.Errorf("search after a batch = %v, want [%d]", ids, as[0].ID)
	}
	changes, err := f.s.StoryChanges(f.ctx, start, 10)
	f.must(err)
	if len(changes) != 3 || changes[0].ID != as[0].ID || changes[2].ID != as[2].ID || changes[0].Topics[0] != geneva.ID {
		t.Errorf("story changes = %+v, want the three in order", changes)
	}
	jobs, err := f.s.PendingJobs(f.ctx)
	f.must(err)
	var publish []news.Job
	for _, j := range jobs {
		if j.Kind == news.JobPublish {
			publish = append(publish, j)
		}
	}
	if len(publish) != 1 || publish[0].RefID != as[2].ID || !publish[0].RunAt.Equal(later) {
		t.Errorf("publish jobs = %+v, want one for the scheduled story at %v", publish, later)
	}
	byArticle := map[int64]time.Time{}
	for _, d := range f.deliveries(e) {
		byArticle[d.ArticleID] = d.DueAt
	}
	if len(byArticle) != 3 || !byArticle[as[2].ID].Equal(later) {
		t.Errorf("deliveries = %v, want one per story, the scheduled one due at %v", byArticle, later)
	}
	if err := f.s.CreateArticles(f.ctx, nil); err != nil {
		t.Errorf("an empty batch = %v, want nil", err)
	}
}

func testCreateArticlesAllOrNothing(t *testing.T, f *fixture) {
	e := f.endpoint()
	start, err := f.s.LastChange(f.ctx)
	f.must(err)
	cases := []struct {
		name   string
		change func(i int, a *news.Article)
		code   news.Code
	}{
		{"the last fails validation", func(i int, a *news.Article) {
			if i == 2 {
				a.Headline = ""
			}
		}, news.CodeInvalid},
		{"two take one address", func(i int, a *news.Article) {
			if i == 1 {
				a.Slug = "same-address"
			}
			if i == 2 {
				a.Slug = "same-address"
			}
		}, news.CodeConflict},
		{"one names a missing author", func(i int, a *news.Article) {
			if i == 1 {
				a.Authors = []news.Author{{ID: 9999}}
			}
		}, news.CodeInvalid},
		{"one is in another edition's section", func(i int, a *news.Article) {
			if i == 2 {
				a.Edition, a.Section = "es", news.Section{ID: f.world.ID}
			}
		}, news.CodeInvalid},
	}
	for _, c := range cases {
		as := f.batch(3, func(i int, a *news.Article) { a.Headline = "Glacier story" }, c.change)
		wantCode(t, f.s.CreateArticles(f.ctx, as), c.code)
		for i, a := range as {
			if a.ID != 0 || a.Revision != 0 {
				t.Errorf("%s: article %d kept ID %d revision %d", c.name, i, a.ID, a.Revision)
			}
			if _, _, err := f.s.ArticleBySlug(f.ctx, "en", a.Slug); news.ErrorCode(err) != news.CodeNotFound {
				t.Errorf("%s: article %d's address was kept: %v", c.name, i, err)
			}
		}
	}
	if n, err := f.s.Count(f.ctx, news.ListQuery{Edition: "en", Now: time.Now()}); err != nil || n != 0 {
		t.Errorf("failed batches stored %d stories (%v)", n, err)
	}
	if last, err := f.s.LastChange(f.ctx); err != nil || last != start {
		t.Errorf("failed batches moved the change sequence from %d to %d (%v)", start, last, err)
	}
	if r := f.search(news.SearchQuery{Text: "glacier", Now: time.Now()}); r.Total != 0 {
		t.Errorf("failed batches left %d search hits", r.Total)
	}
	if ds := f.deliveries(e); len(ds) != 0 {
		t.Errorf("failed batches left %d webhook deliveries", len(ds))
	}
	// The same stories, once fixed, go in whole.
	as := f.batch(3)
	f.must(f.s.CreateArticles(f.ctx, as))
	if n, _ := f.s.Count(f.ctx, news.ListQuery{Edition: "en", Now: time.Now()}); n != 3 {
		t.Errorf("after a good batch %d stories, want 3", n)
	}
}
