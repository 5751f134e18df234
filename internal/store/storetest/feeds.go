package storetest

import (
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// feedTests cover what feeds and sitemaps read.
var feedTests = map[string]func(*testing.T, *fixture){
	"ListArticlesIsCompleteAndVisible": testListArticles,
	"ListArticlesFiltersAndLimits":     testListArticlesFilters,
	"ArchiveMonthsCountVisibleStories": testArchiveMonths,
	"ArchiveEntriesWithTranslations":   testArchive,
}

// unseen creates one story of each kind readers must not see at base.
func (f *fixture) unseen() {
	f.article(50, func(a *news.Article) { a.Status = news.Draft; a.PublishedAt = time.Time{} })
	f.article(-30, func(a *news.Article) { a.Status = news.Scheduled })
	f.article(20, func(a *news.Article) { a.Status = news.Unpublished })
	f.article(10, func(a *news.Article) { a.EmbargoUntil = base.Add(time.Hour) })
}

func testListArticles(t *testing.T, f *fixture) {
	second := news.Author{Slug: "li-wei", Name: "Li Wei"}
	f.must(f.s.CreateAuthor(f.ctx, &second))
	geneva := f.topic(news.Place, "Geneva")
	un := f.topic(news.Organisation, "United Nations")
	old := f.article(90)
	full := f.article(30, func(a *news.Article) {
		a.Authors = []news.Author{second, f.author}
		a.Topics = []news.TopicRef{un, geneva}
		a.Image = &news.Image{Path: "demo/a.jpg", Width: 1200, Height: 675, Alt: "A hall"}
		a.BodyHTML = "<p>Full <a href=\"/en/world/x\">body</a>.</p>"
		a.UpdatedAt = base.Add(-20 * time.Minute)
		a.Corrections = []news.Correction{
			{Text: "Second.", CreatedAt: base.Add(-5 * time.Minute)},
			{Text: "First.", CreatedAt: base.Add(-10 * time.Minute)},
		}
	})
	f.unseen()
	got, err := f.s.ListArticles(f.ctx, news.ListQuery{Edition: "en", Limit: 50, Now: base})
	f.must(err)
	if len(got) != 2 || got[0].ID != full.ID || got[1].ID != old.ID {
		t.Fatalf("ListArticles = %v, want the two visible stories, newest first", articleIDs(got))
	}
	a := got[0]
	switch {
	case len(a.Authors) != 2 || a.Authors[0] != second || a.Authors[1] != f.author:
		t.Errorf("authors = %+v, want Li Wei then Ana Ruiz", a.Authors)
	case len(a.Topics) != 2 || a.Topics[0].ID != un.ID || a.Topics[1].Name != "Geneva" || a.Topics[1].Edition != "en":
		t.Errorf("topics = %+v, want United Nations then Geneva, named in en", a.Topics)
	case len(a.Corrections) != 2 || a.Corrections[0].Text != "First.":
		t.Errorf("corrections = %+v, want both, oldest first", a.Corrections)
	case a.BodyHTML != full.BodyHTML || a.Image == nil || a.Image.Alt != "A hall" || a.Section != f.world:
		t.Errorf("fields did not load: %+v", a)
	case !a.UpdatedAt.Equal(full.UpdatedAt) || !a.PublishedAt.Equal(full.PublishedAt) || a.CreatedAt.IsZero():
		t.Errorf("times: published %v updated %v created %v", a.PublishedAt, a.UpdatedAt, a.CreatedAt)
	}
	if len(got[1].Authors) != 1 || len(got[1].Topics) != 0 || len(got[1].Corrections) != 0 {
		t.Errorf("a plain story borrowed another's links: %+v", got[1])
	}
	// Later, the scheduled and the embargoed stories appear.
	later, err := f.s.ListArticles(f.ctx, news.ListQuery{Edition: "en", Limit: 50, Now: base.Add(2 * time.Hour)})
	f.must(err)
	if len(later) != 4 {
		t.Errorf("after the schedule and the embargo: %d stories, want 4", len(later))
	}
}

func testListArticlesFilters(t *testing.T, f *fixture) {
	geneva := f.topic(news.Place, "Geneva")
	other := news.Author{Slug: "li-wei", Name: "Li Wei"}
	f.must(f.s.CreateAuthor(f.ctx, &other))
	inEconomy := f.article(40, func(a *news.Article) { a.Section = f.economy })
	onGeneva := f.article(30, func(a *news.Article) { a.Topics = []news.TopicRef{geneva} })
	byOther := f.article(20, func(a *news.Article) { a.Authors = []news.Author{other} })
	newest := f.article(10)
	for name, tc := range map[string]struct {
		q    news.ListQuery
		want []int64
	}{
		"section": {news.ListQuery{SectionID: f.economy.ID}, []int64{inEconomy.ID}},
		"topic":   {news.ListQuery{TopicID: geneva.ID}, []int64{onGeneva.ID}},
		"author":  {news.ListQuery{AuthorID: other.ID}, []int64{byOther.ID}},
		"limit":   {news.ListQuery{Limit: 2}, []int64{newest.ID, byOther.ID}},
		"edition": {news.ListQuery{Edition: "fr"}, nil},
	} {
		q := tc.q
		if q.Edition == "" {
			q.Edition = "en"
		}
		if q.Limit == 0 {
			q.Limit = 50
		}
		q.Now = base
		got, err := f.s.ListArticles(f.ctx, q)
		f.must(err)
		if !equalIDs(articleIDs(got), tc.want) {
			t.Errorf("%s: %v, want %v", name, articleIDs(got), tc.want)
		}
	}
	_, err := f.s.ListArticles(f.ctx, news.ListQuery{Edition: "en", Limit: 0, Now: base})
	wantCode(t, err, news.CodeInvalid)
	_, err = f.s.ListArticles(f.ctx, news.ListQuery{Edition: "en", Limit: 10, Now: base, Before: &news.Cursor{PublishedAt: base, ID: 1}})
	wantCode(t, err, news.CodeInvalid)
}

func testArchiveMonths(t *testing.T, f *fixture) {
	october := base.AddDate(0, -1, 0)
	f.article(60 * 24 * 60) // 60 days before base: September 29
	f.article(0, func(a *news.Article) { a.PublishedAt = october })
	f.article(0, func(a *news.Article) { a.PublishedAt = october.Add(time.Hour); a.UpdatedAt = base.Add(-time.Hour) })
	nov := f.article(60)
	f.unseen()
	f.must(f.s.AddCorrection(f.ctx, nov.ID, &news.Correction{Text: "Fixed.", CreatedAt: base.Add(-time.Minute)}))
	got, err := f.s.ArchiveMonths(f.ctx, "en", base)
	f.must(err)
	if len(got) != 3 {
		t.Fatalf("months = %+v, want September, October and November", got)
	}
	for i, want := range []struct {
		month    time.Time
		count    int
		modified time.Time
	}{
		{time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), 1, base.Add(-60 * 24 * time.Hour)},
		{time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), 2, base.Add(-time.Hour)},
		{time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), 1, base.Add(-time.Minute)},
	} {
		m := got[i]
		if !m.Month.Equal(want.month) || m.Count != want.count || !m.Modified.Equal(want.modified) {
			t.Errorf("month %d = %+v, want %v with %d stories modified %v", i, m, want.month, want.count, want.modified)
		}
	}
	none, err := f.s.ArchiveMonths(f.ctx, "fr", base)
	if err != nil || len(none) != 0 {
		t.Errorf("an empty edition has months %+v (%v)", none, err)
	}
}

func testArchive(t *testing.T, f *fixture) {
	fr := news.Section{Edition: "fr", Slug: "monde", Name: "Monde"}
	ar := news.Section{Edition: "ar", Slug: "world", Name: "العالم"}
	es := news.Section{Edition: "es", Slug: "mundo", Name: "Mundo"}
	for _, s := range []*news.Section{&fr, &ar, &es} {
		f.must(f.s.CreateSection(f.ctx, s))
	}
	in := func(ed string, sec news.Section, slug string, group int64) func(*news.Article) {
		return func(a *news.Article) { a.Edition, a.Section, a.Slug, a.TranslationGroup = ed, sec, slug, group }
	}
	en := f.article(30)
	frA := f.article(20, in("fr", fr, "histoire", en.ID))
	f.article(10, in("ar", ar, "قصة", en.ID), func(a *news.Article) { a.Status = news.Draft; a.PublishedAt = time.Time{} })
	f.article(-10, in("es", es, "historia", en.ID), func(a *news.Article) { a.Status = news.Scheduled })
	lone := f.article(5, func(a *news.Article) { a.UpdatedAt = base.Add(-time.Minute) })
	f.unseen()
	q := news.ArchiveQuery{Edition: "en", From: base.Add(-24 * time.Hour), To: base.Add(time.Hour), Limit: 10, Now: base}
	got, err := f.s.Archive(f.ctx, q)
	f.must(err)
	if len(got) != 2 || got[0].ID != en.ID || got[1].ID != lone.ID {
		t.Fatalf("Archive = %+v, want the two visible en stories, oldest first", got)
	}
	if tr := got[0].Translations; len(tr) != 1 || tr[0].Edition != "fr" || tr[0].Path != "/fr/monde/histoire" {
		t.Errorf("translations = %+v, want only the visible fr version", tr)
	}
	if got[0].Path != en.Path() || got[0].Headline != en.Headline || !got[0].PublishedAt.Equal(en.PublishedAt) {
		t.Errorf("entry = %+v", got[0])
	}
	if len(got[1].Translations) != 0 || !got[1].Modified.Equal(base.Add(-time.Minute)) {
		t.Errorf("lone story: %+v, want no translations and its update time", got[1])
	}
	// The fr version lists the en one; newest first with an offset pages.
	frGot, err := f.s.Archive(f.ctx, news.ArchiveQuery{Edition: "fr", From: q.From, To: q.To, Limit: 10, Now: base})
	f.must(err)
	if len(frGot) != 1 || frGot[0].ID != frA.ID || len(frGot[0].Translations) != 1 || frGot[0].Translations[0].Edition != "en" {
		t.Errorf("fr archive = %+v", frGot)
	}
	q.NewestFirst, q.Offset, q.Limit = true, 1, 1
	page, err := f.s.Archive(f.ctx, q)
	f.must(err)
	if len(page) != 1 || page[0].ID != en.ID {
		t.Errorf("newest first, second entry = %+v, want the en story", page)
	}
	// After the schedule passes, the es version joins the alternates.
	q = news.ArchiveQuery{Edition: "en", From: q.From, To: q.To, Limit: 10, Now: base.Add(30 * time.Minute)}
	later, err := f.s.Archive(f.ctx, q)
	f.must(err)
	if tr := later[0].Translations; len(tr) != 2 || tr[0].Edition != "es" || tr[1].Edition != "fr" {
		t.Errorf("later translations = %+v, want es then fr, in edition order", tr)
	}
	_, err = f.s.Archive(f.ctx, news.ArchiveQuery{Edition: "en", Limit: news.MaxArchiveLimit + 1, Now: base})
	wantCode(t, err, news.CodeInvalid)
}

func articleIDs(as []*news.Article) []int64 {
	var out []int64
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}
