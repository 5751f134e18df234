package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

func testEditions(t *testing.T, f *fixture) {
	eds, err := f.s.Editions(f.ctx)
	f.must(err)
	var codes []string
	for _, e := range eds {
		codes = append(codes, e.Code)
	}
	if got := fmtList(codes); got != "en es fr ar" {
		t.Fatalf("editions = %s, want en es fr ar in position order", got)
	}
	if eds[3].Dir != news.RTL || eds[3].TimeZone == "" || eds[3].Name != "العربية" {
		t.Errorf("ar edition did not round-trip: %+v", eds[3])
	}
	wantCode(t, f.s.CreateEdition(f.ctx, news.DefaultEditions()[0]), news.CodeConflict)
}

func testEditionValidation(t *testing.T, f *fixture) {
	bad := news.Edition{Code: "de", Tag: "de", Name: "Deutsch", TimeZone: "Mars/Olympus", Dir: news.LTR}
	wantCode(t, f.s.CreateEdition(f.ctx, bad), news.CodeInvalid)
	eds, err := f.s.Editions(f.ctx)
	f.must(err)
	if len(eds) != 4 {
		t.Errorf("a rejected edition was stored: %d editions", len(eds))
	}
}

func testSections(t *testing.T, f *fixture) {
	got, err := f.s.Section(f.ctx, "en", "economy")
	f.must(err)
	if got != f.economy {
		t.Errorf("Section = %+v, want %+v", got, f.economy)
	}
	byID, err := f.s.SectionByID(f.ctx, f.world.ID)
	f.must(err)
	if byID != f.world {
		t.Errorf("SectionByID = %+v, want %+v", byID, f.world)
	}
	secs, err := f.s.Sections(f.ctx, "en")
	f.must(err)
	if len(secs) != 2 || secs[0].Slug != "world" || secs[1].Slug != "economy" {
		t.Errorf("Sections = %+v, want world then economy", secs)
	}
	_, err = f.s.Section(f.ctx, "en", "nope")
	wantCode(t, err, news.CodeNotFound)
	_, err = f.s.SectionByID(f.ctx, 9999)
	wantCode(t, err, news.CodeNotFound)
	wantCode(t, f.s.CreateSection(f.ctx, &news.Section{Edition: "en", Slug: "world", Name: "Again"}), news.CodeConflict)
	wantCode(t, f.s.CreateSection(f.ctx, &news.Section{Edition: "xx", Slug: "world", Name: "World"}), news.CodeInvalid)
	wantCode(t, f.s.CreateSection(f.ctx, &news.Section{Edition: "en", Slug: "topics", Name: "Topics"}), news.CodeInvalid)
	wantCode(t, f.s.CreateSection(f.ctx, &news.Section{Edition: "en", Slug: "Bad Slug", Name: "x"}), news.CodeInvalid)
	// The same slug in another edition is fine.
	f.must(f.s.CreateSection(f.ctx, &news.Section{Edition: "es", Slug: "world", Name: "Mundo"}))
}

func testAuthorsAndTopics(t *testing.T, f *fixture) {
	got, err := f.s.Author(f.ctx, "ana-ruiz")
	f.must(err)
	if got != f.author {
		t.Errorf("Author = %+v, want %+v", got, f.author)
	}
	_, err = f.s.Author(f.ctx, "nobody")
	wantCode(t, err, news.CodeNotFound)
	wantCode(t, f.s.CreateAuthor(f.ctx, &news.Author{Slug: "ana-ruiz", Name: "Other"}), news.CodeConflict)

	topic := news.Topic{Kind: news.Person, Names: []news.TopicName{
		{Edition: "en", Name: "Vladimir Putin", Slug: "vladimir-putin"},
		{Edition: "fr", Name: "Vladimir Poutine", Slug: "vladimir-poutine"},
		{Edition: "ar", Name: "فلاديمير بوتين", Slug: "فلاديمير-بوتين"},
	}}
	f.must(f.s.CreateTopic(f.ctx, &topic))
	fr, err := f.s.Topic(f.ctx, "fr", "vladimir-poutine")
	f.must(err)
	ar, err := f.s.Topic(f.ctx, "ar", "فلاديمير-بوتين")
	f.must(err)
	if fr.ID != topic.ID || ar.ID != topic.ID || fr.Name != "Vladimir Poutine" || ar.Kind != news.Person {
		t.Errorf("topic names did not resolve to one topic: fr=%+v ar=%+v", fr, ar)
	}
	_, err = f.s.Topic(f.ctx, "es", "vladimir-putin")
	wantCode(t, err, news.CodeNotFound)
	byName, err := f.s.TopicByName(f.ctx, "en", "Vladimir Putin")
	f.must(err)
	if byName.Slug != "vladimir-putin" {
		t.Errorf("TopicByName = %+v", byName)
	}
	dup := news.Topic{Kind: news.Place, Names: []news.TopicName{{Edition: "en", Name: "Putin", Slug: "vladimir-putin"}}}
	wantCode(t, f.s.CreateTopic(f.ctx, &dup), news.CodeConflict)
	wantCode(t, f.s.CreateTopic(f.ctx, &news.Topic{Kind: "thing", Names: topic.Names}), news.CodeInvalid)
}

func testArticleRoundTrip(t *testing.T, f *fixture) {
	second := news.Author{Slug: "li-wei", Name: "Li Wei"}
	f.must(f.s.CreateAuthor(f.ctx, &second))
	geneva := f.topic(news.Place, "Geneva")
	un := f.topic(news.Organisation, "United Nations")
	a := f.article(30, func(a *news.Article) {
		a.Kind = news.Analysis
		a.Dateline, a.Credit = "GENEVA", "Meridian Press"
		a.Authors = []news.Author{second, f.author}
		a.Topics = []news.TopicRef{un, geneva}
		a.Image = &news.Image{Path: "demo/a.jpg", Width: 1200, Height: 675, Alt: "A hall", Caption: "Delegates", Credit: "Byline"}
		a.UpdatedAt = base.Add(-10 * time.Minute)
		a.Corrections = []news.Correction{{Text: "Fixed a number.", CreatedAt: base.Add(-5 * time.Minute)}}
	})
	got, err := f.s.Article(f.ctx, a.ID)
	f.must(err)
	switch {
	case got.Headline != a.Headline || got.Kind != news.Analysis || got.Dateline != "GENEVA" || got.Credit != "Meridian Press":
		t.Errorf("text fields did not round-trip: %+v", got)
	case got.BodyHTML != "<p>Body.</p>" || got.BodyMarkdown != "Body.":
		t.Errorf("body did not round-trip: %q %q", got.BodyMarkdown, got.BodyHTML)
	case got.Section != f.world:
		t.Errorf("section = %+v", got.Section)
	case len(got.Authors) != 2 || got.Authors[0].Slug != "li-wei" || got.Authors[1].Slug != "ana-ruiz":
		t.Errorf("authors lost their order: %+v", got.Authors)
	case len(got.Topics) != 2 || got.Topics[0].ID != un.ID || got.Topics[1].Name != "Geneva":
		t.Errorf("topics = %+v", got.Topics)
	case got.Image == nil || *got.Image != *a.Image:
		t.Errorf("image = %+v", got.Image)
	case !got.PublishedAt.Equal(a.PublishedAt) || !got.UpdatedAt.Equal(a.UpdatedAt) || !got.CreatedAt.Equal(a.CreatedAt):
		t.Errorf("times = %v %v %v", got.PublishedAt, got.UpdatedAt, got.CreatedAt)
	case len(got.Corrections) != 1 || got.Corrections[0].Text != "Fixed a number." || got.Corrections[0].ID == 0:
		t.Errorf("corrections = %+v", got.Corrections)
	case got.Revision != 1 || got.Status != news.Published:
		t.Errorf("revision %d status %s", got.Revision, got.Status)
	}
	_, err = f.s.Article(f.ctx, 424242)
	wantCode(t, err, news.CodeNotFound)
}

func testArticleValidation(t *testing.T, f *fixture) {
	cases := map[string]func(*news.Article){
		"no headline":          func(a *news.Article) { a.Headline = " " },
		"bad slug":             func(a *news.Article) { a.Slug = "Not A Slug" },
		"published without at": func(a *news.Article) { a.PublishedAt = time.Time{} },
		"image without alt":    func(a *news.Article) { a.Image = &news.Image{Path: "x.jpg", Width: 1, Height: 1} },
		"section of another edition": func(a *news.Article) {
			a.Edition = "es"
		},
		"unknown section": func(a *news.Article) { a.Section = news.Section{ID: 9999} },
		"unknown author":  func(a *news.Article) { a.Authors = []news.Author{{ID: 9999}} },
		"topic without a name in the edition": func(a *news.Article) {
			tp := news.Topic{Kind: news.Subject, Names: []news.TopicName{{Edition: "fr", Name: "Sujet", Slug: "sujet"}}}
			if err := f.s.CreateTopic(f.ctx, &tp); err != nil {
				t.Fatal(err)
			}
			a.Topics = []news.TopicRef{{ID: tp.ID}}
		},
		"headline over limit": func(a *news.Article) { a.Headline = string(make([]byte, news.MaxHeadline+1)) },
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			a := &news.Article{Edition: "en", Section: f.world, Slug: "valid-slug", Kind: news.News, Headline: "Fine",
				Status: news.Published, PublishedAt: base, CreatedAt: base, Authors: []news.Author{f.author}}
			change(a)
			wantCode(t, f.s.CreateArticle(f.ctx, a), news.CodeInvalid)
		})
	}
	if p := f.list(news.ListQuery{}); len(p.Items) != 0 {
		t.Errorf("rejected articles were stored: %d visible", len(p.Items))
	}
	if _, _, err := f.s.ArticleBySlug(f.ctx, "en", "valid-slug"); news.ErrorCode(err) != news.CodeNotFound {
		t.Errorf("a rejected article's slug was reserved: %v", err)
	}
}

func testUpdateRevision(t *testing.T, f *fixture) {
	a := f.article(10)
	stale := *a
	a.Headline = "First edit"
	f.must(f.s.UpdateArticle(f.ctx, a))
	if a.Revision != 2 {
		t.Fatalf("revision after update = %d, want 2", a.Revision)
	}
	stale.Headline = "Lost edit"
	wantCode(t, f.s.UpdateArticle(f.ctx, &stale), news.CodeConflict)
	got, err := f.s.Article(f.ctx, a.ID)
	f.must(err)
	if got.Headline != "First edit" || got.Revision != 2 {
		t.Errorf("a stale update changed the story: %q rev %d", got.Headline, got.Revision)
	}
	moved := *got
	moved.Edition = "fr"
	wantCode(t, f.s.UpdateArticle(f.ctx, &moved), news.CodeInvalid)
	missing := *got
	missing.ID = 9999
	wantCode(t, f.s.UpdateArticle(f.ctx, &missing), news.CodeNotFound)
}

// testConcurrentSaves saves one revision of a story from several
// goroutines at once, as editors (or nodes) do: exactly one save wins and
// the others are refused as stale, whether the store has one writer or
// several.
func testConcurrentSaves(t *testing.T, f *fixture) {
	a := f.article(10)
	errs := make([]error, 8)
	var wg sync.WaitGroup
	for i := range errs {
		edit := *a
		edit.Headline = fmt.Sprintf("Edit %d", i)
		wg.Go(func() { errs[i] = f.s.UpdateArticle(f.ctx, &edit) })
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch news.ErrorCode(err) {
		case "":
			won++
		case news.CodeConflict:
		default:
			t.Errorf("save %d: %v, want success or CodeConflict", i, err)
		}
	}
	got, err := f.s.Article(f.ctx, a.ID)
	f.must(err)
	if won != 1 || got.Revision != 2 {
		t.Errorf("%d of %d saves of revision 1 won; the story is at revision %d, want 1 and 2", won, len(errs), got.Revision)
	}
	revs, err := f.s.Revisions(f.ctx, a.ID)
	f.must(err)
	if len(revs) != 2 || revs[0].Headline != got.Headline {
		t.Errorf("revisions = %d, newest %q; want 2, the newest the story's %q", len(revs), revs[0].Headline, got.Headline)
	}
}

func testSlugHistory(t *testing.T, f *fixture) {
	a := f.article(10, func(a *news.Article) { a.Slug = "first-slug" })
	other := f.article(20, func(a *news.Article) { a.Slug = "other-story" })
	a.Slug = "second-slug"
	f.must(f.s.UpdateArticle(f.ctx, a))
	old, current, err := f.s.ArticleBySlug(f.ctx, "en", "first-slug")
	f.must(err)
	if old.ID != a.ID || current || old.Slug != "second-slug" {
		t.Errorf("old slug: id %d current %v slug %q", old.ID, current, old.Slug)
	}
	now, current, err := f.s.ArticleBySlug(f.ctx, "en", "second-slug")
	f.must(err)
	if now.ID != a.ID || !current {
		t.Errorf("new slug: id %d current %v", now.ID, current)
	}
	// Neither a live nor a former slug of another story can be taken.
	other.Slug = "first-slug"
	wantCode(t, f.s.UpdateArticle(f.ctx, other), news.CodeConflict)
	f.article(5, func(n *news.Article) { n.Slug = "fresh" })
	dup := &news.Article{Edition: "en", Section: f.world, Slug: "second-slug", Kind: news.News, Headline: "x", Status: news.Draft, CreatedAt: base}
	wantCode(t, f.s.CreateArticle(f.ctx, dup), news.CodeConflict)
	// A story may take back its own former slug.
	a.Slug = "first-slug"
	f.must(f.s.UpdateArticle(f.ctx, a))
	_, current, err = f.s.ArticleBySlug(f.ctx, "en", "first-slug")
	f.must(err)
	if !current {
		t.Error("a story's own former slug should become current again")
	}
	_, _, err = f.s.ArticleBySlug(f.ctx, "es", "first-slug")
	wantCode(t, err, news.CodeNotFound)
}

func testVisibility(t *testing.T, f *fixture) {
	pub := f.article(60)
	f.article(50, func(a *news.Article) { a.Status = news.Draft; a.PublishedAt = time.Time{} })
	f.article(40, func(a *news.Article) { a.Status = news.InReview; a.PublishedAt = time.Time{} })
	due := f.article(30, func(a *news.Article) { a.Status = news.Scheduled })
	f.article(-30, func(a *news.Article) { a.Status = news.Scheduled })
	f.article(20, func(a *news.Article) { a.Status = news.Unpublished })
	embargoed := f.article(10, func(a *news.Article) { a.EmbargoUntil = base.Add(time.Hour) })
	got := ids(f.list(news.ListQuery{}).Items)
	if want := []int64{due.ID, pub.ID}; !equalIDs(got, want) {
		t.Errorf("visible now = %v, want %v (a due scheduled story counts as published)", got, want)
	}
	later := ids(f.list(news.ListQuery{Now: base.Add(2 * time.Hour)}).Items)
	if len(later) != 4 || later[1] != embargoed.ID {
		t.Errorf("visible after embargo and schedule = %v, want 4 with the embargoed story second", later)
	}
	if !due.VisibleAt(base) || embargoed.VisibleAt(base) || !embargoed.VisibleAt(base.Add(time.Hour)) {
		t.Error("news.Article.VisibleAt disagrees with the store")
	}
}

func testPagination(t *testing.T, f *fixture) {
	var all []int64
	for i := 0; i < 7; i++ {
		all = append([]int64{f.article(100 - i*10).ID}, all...)
	}
	p1 := f.list(news.ListQuery{Limit: 3})
	if !equalIDs(ids(p1.Items), all[:3]) || p1.Older == nil || p1.Newer != nil {
		t.Fatalf("page 1 = %v older %v newer %v, want %v", ids(p1.Items), p1.Older, p1.Newer, all[:3])
	}
	// A story published between page loads must not shift page 2.
	f.article(0)
	p2 := f.list(news.ListQuery{Limit: 3, Before: p1.Older})
	if !equalIDs(ids(p2.Items), all[3:6]) {
		t.Fatalf("page 2 = %v, want %v", ids(p2.Items), all[3:6])
	}
	if p2.Newer == nil || p2.Older == nil {
		t.Fatalf("page 2 cursors: newer %v older %v", p2.Newer, p2.Older)
	}
	p3 := f.list(news.ListQuery{Limit: 3, Before: p2.Older})
	if !equalIDs(ids(p3.Items), all[6:]) || p3.Older != nil {
		t.Fatalf("page 3 = %v older %v, want %v and no older", ids(p3.Items), p3.Older, all[6:])
	}
	// Stories published in the same millisecond are ordered by ID.
	same := base.Add(-500 * time.Minute)
	x := f.article(0, func(a *news.Article) { a.PublishedAt = same })
	y := f.article(0, func(a *news.Article) { a.PublishedAt = same })
	tail := f.list(news.ListQuery{Limit: 1, Before: &news.Cursor{PublishedAt: same, ID: y.ID}})
	if len(tail.Items) != 1 || tail.Items[0].ID != x.ID {
		t.Errorf("tie on time: got %v, want %d", ids(tail.Items), x.ID)
	}
	_, err := f.s.List(f.ctx, news.ListQuery{Edition: "en", Now: base, Limit: 0})
	wantCode(t, err, news.CodeInvalid)
	_, err = f.s.List(f.ctx, news.ListQuery{Edition: "en", Now: base, Limit: 5, Before: p1.Older, After: p1.Older})
	wantCode(t, err, news.CodeInvalid)
}

func testPaginationNewer(t *testing.T, f *fixture) {
	var all []int64
	for i := 0; i < 5; i++ {
		all = append([]int64{f.article(100 - i*10).ID}, all...)
	}
	last := f.list(news.ListQuery{Limit: 2, Before: &news.Cursor{PublishedAt: base.Add(-85 * time.Minute), ID: 1 << 40}})
	if !equalIDs(ids(last.Items), all[3:5]) {
		t.Fatalf("oldest page = %v, want %v", ids(last.Items), all[3:5])
	}
	back := f.list(news.ListQuery{Limit: 2, After: last.Newer})
	if !equalIDs(ids(back.Items), all[1:3]) || back.Newer == nil || back.Older == nil {
		t.Fatalf("newer page = %v (newer %v older %v), want %v newest first", ids(back.Items), back.Newer, back.Older, all[1:3])
	}
	top := f.list(news.ListQuery{Limit: 2, After: back.Newer})
	if !equalIDs(ids(top.Items), all[:1]) || top.Newer != nil {
		t.Fatalf("newest page = %v newer %v, want %v and no newer", ids(top.Items), top.Newer, all[:1])
	}
}

func testFilters(t *testing.T, f *fixture) {
	climate := f.topic(news.Subject, "Climate")
	other := news.Author{Slug: "bo-chen", Name: "Bo Chen"}
	f.must(f.s.CreateAuthor(f.ctx, &other))
	a := f.article(10, func(a *news.Article) { a.Topics = []news.TopicRef{climate} })
	b := f.article(20, func(a *news.Article) { a.Section = f.economy; a.Authors = []news.Author{other} })
	c := f.article(30, func(a *news.Article) { a.Section = f.economy; a.Topics = []news.TopicRef{climate} })
	f.article(40, func(a *news.Article) {
		a.Status = news.Draft
		a.PublishedAt = time.Time{}
		a.Topics = []news.TopicRef{climate}
	})
	tests := []struct {
		name string
		q    news.ListQuery
		want []int64
	}{
		{"edition", news.ListQuery{}, []int64{a.ID, b.ID, c.ID}},
		{"section", news.ListQuery{SectionID: f.economy.ID}, []int64{b.ID, c.ID}},
		{"topic", news.ListQuery{TopicID: climate.ID}, []int64{a.ID, c.ID}},
		{"author", news.ListQuery{AuthorID: other.ID}, []int64{b.ID}},
		{"section and topic", news.ListQuery{SectionID: f.economy.ID, TopicID: climate.ID}, []int64{c.ID}},
		{"other edition", news.ListQuery{Edition: "fr"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(f.list(tt.q).Items)
			if !equalIDs(got, tt.want) {
				t.Errorf("List = %v, want %v", got, tt.want)
			}
			q := tt.q
			if q.Edition == "" {
				q.Edition = "en"
			}
			q.Now = base
			n, err := f.s.Count(f.ctx, q)
			f.must(err)
			if n != len(tt.want) {
				t.Errorf("Count = %d, want %d", n, len(tt.want))
			}
		})
	}
}

func testSectionLeads(t *testing.T, f *fixture) {
	w1, w2 := f.article(10), f.article(20)
	f.article(30)
	e1 := f.article(15, func(a *news.Article) { a.Section = f.economy })
	f.article(5, func(a *news.Article) { a.Section = f.economy; a.Status = news.Draft; a.PublishedAt = time.Time{} })
	leads, err := f.s.SectionLeads(f.ctx, "en", 2, base)
	f.must(err)
	if got := ids(leads[f.world.ID]); !equalIDs(got, []int64{w1.ID, w2.ID}) {
		t.Errorf("world leads = %v, want %v", got, []int64{w1.ID, w2.ID})
	}
	if got := ids(leads[f.economy.ID]); !equalIDs(got, []int64{e1.ID}) {
		t.Errorf("economy leads = %v, want %v", got, []int64{e1.ID})
	}
	if t0 := leads[f.world.ID][0]; t0.SectionSlug != "world" || t0.Path() != "/en/world/"+t0.Slug {
		t.Errorf("teaser path = %q", t0.Path())
	}
}

func testRelated(t *testing.T, f *fixture) {
	geneva, un, climate := f.topic(news.Place, "Geneva"), f.topic(news.Organisation, "UN"), f.topic(news.Subject, "Climate")
	subject := f.article(100, func(a *news.Article) { a.Topics = []news.TopicRef{geneva, un, climate} })
	two := f.article(300, func(a *news.Article) { a.Section = f.economy; a.Topics = []news.TopicRef{un, climate} })
	one := f.article(50, func(a *news.Article) { a.Section = f.economy; a.Topics = []news.TopicRef{geneva} })
	oneSameSection := f.article(400, func(a *news.Article) { a.Topics = []news.TopicRef{climate} })
	sameSection := f.article(500)
	recent := f.article(5, func(a *news.Article) { a.Section = f.economy })
	f.article(1, func(a *news.Article) {
		a.Status = news.Draft
		a.PublishedAt = time.Time{}
		a.Topics = []news.TopicRef{geneva, un, climate}
	})
	// A translation of the subject shares every topic but is not "read also".
	fr := news.Section{Edition: "fr", Slug: "monde", Name: "Monde"}
	f.must(f.s.CreateSection(f.ctx, &fr))
	f.article(90, func(a *news.Article) { a.Edition = "fr"; a.Section = fr; a.TranslationGroup = subject.ID })
	subject, err := f.s.Article(f.ctx, subject.ID)
	f.must(err)
	got, err := f.s.Related(f.ctx, subject, 5, base)
	f.must(err)
	want := []int64{two.ID, oneSameSection.ID, one.ID, sameSection.ID, recent.ID}
	if !equalIDs(ids(got), want) {
		t.Errorf("Related = %v, want %v (shared topics, then same section, then recency)", ids(got), want)
	}
	short, err := f.s.Related(f.ctx, subject, 2, base)
	f.must(err)
	if !equalIDs(ids(short), want[:2]) {
		t.Errorf("Related limit 2 = %v", ids(short))
	}
}

func testTranslations(t *testing.T, f *fixture) {
	fr := news.Section{Edition: "fr", Slug: "monde", Name: "Monde"}
	ar := news.Section{Edition: "ar", Slug: "world", Name: "العالم"}
	f.must(f.s.CreateSection(f.ctx, &fr))
	f.must(f.s.CreateSection(f.ctx, &ar))
	en := f.article(30)
	frA := f.article(20, func(a *news.Article) {
		a.Edition = "fr"
		a.Section = fr
		a.Slug = "histoire"
		a.TranslationGroup = en.ID
	})
	f.article(10, func(a *news.Article) {
		a.Edition = "ar"
		a.Section = ar
		a.Slug = "قصة"
		a.TranslationGroup = frA.ID // joining through any member finds the group
		a.Status = news.Draft
		a.PublishedAt = time.Time{}
	})
	en, err := f.s.Article(f.ctx, en.ID)
	f.must(err)
	if en.TranslationGroup != en.ID || frA.TranslationGroup != en.ID {
		t.Fatalf("groups: en %d fr %d, want %d", en.TranslationGroup, frA.TranslationGroup, en.ID)
	}
	got, err := f.s.Translations(f.ctx, en, base)
	f.must(err)
	if len(got) != 1 || got[0].Edition != "fr" || got[0].Path != "/fr/monde/histoire" {
		t.Errorf("Translations = %+v, want only the visible fr version", got)
	}
	dup := &news.Article{Edition: "fr", Section: fr, Slug: "autre", Kind: news.News, Headline: "x", Status: news.Draft, CreatedAt: base, TranslationGroup: en.ID}
	wantCode(t, f.s.CreateArticle(f.ctx, dup), news.CodeConflict)
	lone := f.article(5)
	if tr, err := f.s.Translations(f.ctx, lone, base); err != nil || len(tr) != 0 {
		t.Errorf("a story without a group has translations %v (%v)", tr, err)
	}
}

func testCorrections(t *testing.T, f *fixture) {
	a := f.article(10)
	c := news.Correction{Text: "We misspelled a name.", CreatedAt: base}
	f.must(f.s.AddCorrection(f.ctx, a.ID, &c))
	if c.ID == 0 {
		t.Error("correction ID not set")
	}
	wantCode(t, f.s.AddCorrection(f.ctx, a.ID, &news.Correction{CreatedAt: base}), news.CodeInvalid)
	wantCode(t, f.s.AddCorrection(f.ctx, 9999, &news.Correction{Text: "x", CreatedAt: base}), news.CodeNotFound)
	got, err := f.s.Article(f.ctx, a.ID)
	f.must(err)
	if len(got.Corrections) != 1 || got.Corrections[0].Text != c.Text || !got.Corrections[0].CreatedAt.Equal(base) {
		t.Errorf("corrections = %+v", got.Corrections)
	}
}

func fmtList(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}
