package storetest

import (
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// contentTests cover what the public Content API reads beyond the site:
// lists across editions, changes since a time, the topics and authors in
// print, and articles loaded in bulk.
var contentTests = map[string]func(*testing.T, *fixture){
	"ListWithoutEditionSpansEditions":         testListAllEditions,
	"ListUpdatedSinceUsesTheLaterTime":        testUpdatedSince,
	"TopicsInPrintHideUnseenStories":          testTopicsInPrint,
	"AuthorsInPrintHideUnseenStories":         testAuthorsInPrint,
	"ArticlesLoadInOrderAndSkipMissing":       testArticlesInOrder,
	"CountWithoutEditionMatchesListAcrossAll": testCountAllEditions,
}

// spanish adds a Spanish section and returns a maker of stories in it.
func (f *fixture) spanish() func(minutesAgo int, change ...func(*news.Article)) *news.Article {
	sec := news.Section{Edition: "es", Slug: "mundo", Name: "Mundo", Position: 1}
	f.must(f.s.CreateSection(f.ctx, &sec))
	return func(minutesAgo int, change ...func(*news.Article)) *news.Article {
		return f.article(minutesAgo, append([]func(*news.Article){func(a *news.Article) {
			a.Edition, a.Section = "es", sec
		}}, change...)...)
	}
}

func testListAllEditions(t *testing.T, f *fixture) {
	es := f.spanish()
	en1 := f.article(30)
	es1 := es(20)
	en2 := f.article(10)
	es(-10) // published in the future: scheduled by another name
	p, err := f.s.List(f.ctx, news.ListQuery{Limit: 10, Now: base})
	f.must(err)
	if got, want := ids(p.Items), []int64{en2.ID, es1.ID, en1.ID}; !equalIDs(got, want) {
		t.Errorf("all editions = %v, want %v newest first", got, want)
	}
	if got := ids(f.list(news.ListQuery{Edition: "en"}).Items); !equalIDs(got, []int64{en2.ID, en1.ID}) {
		t.Errorf("en only = %v", got)
	}
	p2, err := f.s.List(f.ctx, news.ListQuery{Limit: 1, Now: base, Before: &news.Cursor{PublishedAt: en2.PublishedAt, ID: en2.ID}})
	f.must(err)
	if got := ids(p2.Items); !equalIDs(got, []int64{es1.ID}) || p2.Older == nil {
		t.Errorf("page 2 across editions = %v older %v, want %v and more", got, p2.Older, es1.ID)
	}
}

func testUpdatedSince(t *testing.T, f *fixture) {
	since := base.Add(-time.Hour)
	old := f.article(120)
	updated := f.article(180, func(a *news.Article) { a.UpdatedAt = base.Add(-30 * time.Minute) })
	fresh := f.article(30)
	exact := f.article(60)
	f.article(200, func(a *news.Article) { a.UpdatedAt = base.Add(-90 * time.Minute) })
	got := ids(f.list(news.ListQuery{UpdatedSince: since}).Items)
	if want := []int64{fresh.ID, exact.ID, updated.ID}; !equalIDs(got, want) {
		t.Errorf("updated since %v = %v, want %v (published or updated at or after it)", since, got, want)
	}
	n, err := f.s.Count(f.ctx, news.ListQuery{Edition: "en", UpdatedSince: since, Now: base})
	f.must(err)
	if n != 3 {
		t.Errorf("Count = %d, want 3", n)
	}
	_ = old
}

// hidden makes one story of each kind readers may not see yet, each about
// topic and by author.
func (f *fixture) hidden(topic news.TopicRef, author news.Author) {
	with := func(a *news.Article) { a.Topics = []news.TopicRef{topic}; a.Authors = []news.Author{author} }
	f.article(50, with, func(a *news.Article) { a.Status = news.Draft; a.PublishedAt = time.Time{} })
	f.article(-30, with, func(a *news.Article) { a.Status = news.Scheduled })
	f.article(10, with, func(a *news.Article) { a.EmbargoUntil = base.Add(time.Hour) })
	f.article(20, with, func(a *news.Article) { a.Status = news.Unpublished })
}

func testTopicsInPrint(t *testing.T, f *fixture) {
	shown := f.topic(news.Place, "Geneva")
	secret := f.topic(news.Organisation, "Secret Merger")
	f.article(60, func(a *news.Article) { a.Topics = []news.TopicRef{shown} })
	f.article(70, func(a *news.Article) { a.Topics = []news.TopicRef{shown} })
	f.hidden(secret, f.author)
	f.hidden(shown, f.author)
	got, err := f.s.TopicsInPrint(f.ctx, "en", base)
	f.must(err)
	if len(got) != 1 || got[0].Slug != "geneva" || got[0].Stories != 2 || got[0].Kind != news.Place || got[0].Edition != "en" {
		t.Fatalf("topics in print = %+v, want only Geneva with 2 stories", got)
	}
	later, err := f.s.TopicsInPrint(f.ctx, "en", base.Add(2*time.Hour))
	f.must(err)
	if len(later) != 2 || later[0].Name != "Geneva" || later[0].Stories != 4 || later[1].Name != "Secret Merger" || later[1].Stories != 2 {
		t.Errorf("after the embargo and schedule = %+v, want Geneva 4 then Secret Merger 2", later)
	}
	none, err := f.s.TopicsInPrint(f.ctx, "fr", base)
	f.must(err)
	if none == nil || len(none) != 0 {
		t.Errorf("an edition without stories = %#v, want an empty list", none)
	}
}

func testAuthorsInPrint(t *testing.T, f *fixture) {
	es := f.spanish()
	ghost := news.Author{Slug: "ghost-writer", Name: "Ghost Writer"}
	f.must(f.s.CreateAuthor(f.ctx, &ghost))
	idle := news.Author{Slug: "idle-hand", Name: "Idle Hand"}
	f.must(f.s.CreateAuthor(f.ctx, &idle))
	topic := f.topic(news.Subject, "Weather")
	f.article(30)
	es(40)
	f.hidden(topic, ghost)
	all, err := f.s.AuthorsInPrint(f.ctx, "", base)
	f.must(err)
	if len(all) != 1 || all[0].Slug != "ana-ruiz" || all[0].Stories != 2 {
		t.Fatalf("authors in print = %+v, want only Ana Ruiz with 2 stories", all)
	}
	en, err := f.s.AuthorsInPrint(f.ctx, "en", base)
	f.must(err)
	if len(en) != 1 || en[0].Stories != 1 {
		t.Errorf("authors in print in en = %+v, want Ana Ruiz with 1", en)
	}
	later, err := f.s.AuthorsInPrint(f.ctx, "", base.Add(2*time.Hour))
	f.must(err)
	if len(later) != 2 || later[1].Slug != "ghost-writer" || later[1].Stories != 2 {
		t.Errorf("after the embargo and schedule = %+v, want Ghost Writer with 2 too", later)
	}
}

func testArticlesInOrder(t *testing.T, f *fixture) {
	topic := f.topic(news.Subject, "Ports")
	a := f.article(10, func(a *news.Article) { a.Topics = []news.TopicRef{topic} })
	b := f.article(20, func(a *news.Article) { a.Status = news.Draft; a.PublishedAt = time.Time{} })
	got, err := f.s.Articles(f.ctx, []int64{b.ID, 999999, a.ID})
	f.must(err)
	if len(got) != 2 || got[0].ID != b.ID || got[1].ID != a.ID {
		t.Fatalf("Articles = %d stories, want b then a", len(got))
	}
	if len(got[1].Topics) != 1 || len(got[1].Authors) != 1 || got[1].Section.Slug != "world" {
		t.Errorf("Articles did not load links: %+v", got[1])
	}
	none, err := f.s.Articles(f.ctx, nil)
	f.must(err)
	if len(none) != 0 {
		t.Errorf("Articles(nil) = %v", none)
	}
}

func testCountAllEditions(t *testing.T, f *fixture) {
	es := f.spanish()
	f.article(30)
	es(20)
	es(10, func(a *news.Article) { a.EmbargoUntil = base.Add(time.Hour) })
	n, err := f.s.Count(f.ctx, news.ListQuery{Now: base})
	f.must(err)
	if n != 2 {
		t.Errorf("Count across editions = %d, want 2", n)
	}
}
