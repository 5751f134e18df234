package relevance_test

import (
	"context"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/relevance"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/testenv"
)

// newsdesk is a small store for engine tests: one edition, one section.
type newsdesk struct {
	t      *testing.T
	ctx    context.Context
	st     *store.Store
	sec    news.Section
	fr     news.Section
	author news.Author
	n      int
}

func newDesk(t *testing.T) *newsdesk {
	d := &newsdesk{t: t, ctx: context.Background()}
	var err error
	d.st, err = store.Open(d.ctx, store.Config{URL: testenv.DBURL(t), DataDir: t.TempDir(), Now: func() time.Time { return evalNow }})
	must(t, err)
	t.Cleanup(func() { d.st.Close() })
	for _, e := range news.DefaultEditions() {
		must(t, d.st.CreateEdition(d.ctx, e))
	}
	d.sec = news.Section{Edition: "en", Slug: "world", Name: "World", Position: 1}
	must(t, d.st.CreateSection(d.ctx, &d.sec))
	d.fr = news.Section{Edition: "fr", Slug: "monde", Name: "Monde", Position: 1}
	must(t, d.st.CreateSection(d.ctx, &d.fr))
	d.author = news.Author{Slug: "desk", Name: "Desk"}
	must(t, d.st.CreateAuthor(d.ctx, &d.author))
	return d
}

func (d *newsdesk) story(hoursAgo float64, headline, body string, change ...func(*news.Article)) *news.Article {
	d.t.Helper()
	d.n++
	a := &news.Article{Edition: "en", Section: d.sec, Slug: "s" + string(rune('a'+d.n)), Kind: news.News,
		Headline: headline, BodyMarkdown: body, BodyHTML: "<p>" + body + "</p>", Authors: []news.Author{d.author},
		Status: news.Published, CreatedAt: evalNow.Add(-1000 * time.Hour),
		PublishedAt: evalNow.Add(-time.Duration(hoursAgo * float64(time.Hour)))}
	for _, c := range change {
		c(a)
	}
	must(d.t, d.st.CreateArticle(d.ctx, a))
	return a
}

func titles(ts []news.Teaser) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Headline
	}
	return out
}

func first(ts []news.Teaser) string {
	if len(ts) == 0 {
		return ""
	}
	return ts[0].Headline
}

// TestReadAlsoFollowsChanges: a story published, changed or unpublished
// after the index was built counts at the next ranking, with no rebuild.
func TestReadAlsoFollowsChanges(t *testing.T) {
	d := newDesk(t)
	subject := d.story(2, "Harbour pilots in Valletta strike over night shifts", "Harbour pilots in Valletta stopped work over night shifts; ferries to Gozo waited in the harbour.")
	d.story(30, "Orchestra opens its season", "The orchestra played a new symphony to a full hall.")
	eng := relevance.NewEngine(d.st, nil)
	must(t, eng.Build(d.ctx))

	ra := func() []news.Teaser {
		t.Helper()
		got, err := eng.ReadAlso(d.ctx, subject, evalNow)
		must(t, err)
		return got
	}
	follow := d.story(1, "Valletta harbour pilots end strike as night shifts deal is agreed", "The Valletta harbour pilots agreed a night shifts deal; ferries to Gozo sail again.")
	if got := ra(); first(got) != follow.Headline {
		t.Fatalf("after publishing a follow-up: %v, want it first", titles(got))
	}
	if r := eng.Rank(subject, evalNow); len(r) == 0 || r[0].ID != follow.ID || r[0].Text <= 0 {
		t.Fatalf("after publishing a follow-up the ranking is %+v, want it first on text", r)
	}
	// Rewritten into something else, it is no longer related (the block
	// may still show it as a recent story when nothing else fits).
	follow.Headline, follow.BodyHTML = "Orchestra announces a tour", "<p>The orchestra will tour with its new symphony.</p>"
	must(t, d.st.UpdateArticle(d.ctx, follow))
	ra()
	for _, s := range eng.Rank(subject, evalNow) {
		if s.ID == follow.ID && s.Text > 0 {
			t.Errorf("after rewriting the follow-up it still matches on text: %+v", s)
		}
	}
	// Unpublished, it is gone.
	follow.Headline, follow.BodyHTML, follow.Status = "Valletta harbour pilots strike deal", "<p>Valletta harbour pilots night shifts.</p>", news.Unpublished
	must(t, d.st.UpdateArticle(d.ctx, follow))
	for _, got := range ra() {
		if got.ID == follow.ID {
			t.Errorf("unpublished story still in Read also")
		}
	}
}

// TestReadAlsoRespectsTimeEditionsAndEditors: a scheduled story shows from
// its time, a translation never does, pins come first and exclusions never
// show.
func TestReadAlsoRespectsTimeEditionsAndEditors(t *testing.T) {
	d := newDesk(t)
	subject := d.story(3, "Lynx release approved in the Cairngorms", "Wildlife officials approved a lynx release in the Cairngorms after years of consultation with farmers.")
	near := d.story(2, "Farmers in the Cairngorms question the lynx release", "Sheep farmers in the Cairngorms asked how the lynx release will protect their flocks.")
	scheduled := d.story(-2, "Cairngorms lynx release: what happens next", "The lynx release in the Cairngorms begins with four animals fitted with collars.",
		func(a *news.Article) { a.Status = news.Scheduled })
	d.story(4, "Les lynx relâchés dans les Cairngorms", "Lynx release Cairngorms farmers lynx Cairngorms.",
		func(a *news.Article) { a.Edition, a.Section, a.TranslationGroup = "fr", d.fr, subject.ID })
	unrelated := d.story(50, "Budget vote delayed", "The parliament delayed the budget vote by a week.")
	eng := relevance.NewEngine(d.st, nil)
	must(t, eng.Build(d.ctx))

	got, err := eng.ReadAlso(d.ctx, subject, evalNow)
	must(t, err)
	if first(got) != near.Headline {
		t.Errorf("now: %v, want %q first", titles(got), near.Headline)
	}
	for _, g := range got {
		if g.ID == scheduled.ID || g.Edition != "en" {
			t.Errorf("now: %v holds a story not yet visible or of another edition", titles(got))
		}
	}
	later, err := eng.ReadAlso(d.ctx, subject, evalNow.Add(3*time.Hour))
	must(t, err)
	if len(later) < 2 || (later[0].ID != scheduled.ID && later[1].ID != scheduled.ID) {
		t.Errorf("after its time: %v, want the scheduled story in the top two", titles(later))
	}

	must(t, d.st.SetReadAlsoPick(d.ctx, subject.ID, unrelated.ID, news.Pin))
	must(t, d.st.SetReadAlsoPick(d.ctx, subject.ID, near.ID, news.Exclude))
	got, err = eng.ReadAlso(d.ctx, subject, evalNow)
	must(t, err)
	if first(got) != unrelated.Headline {
		t.Errorf("with a pin: %v, want the pinned story first", titles(got))
	}
	for _, g := range got {
		if g.ID == near.ID {
			t.Errorf("excluded story shown: %v", titles(got))
		}
	}
}

// TestReadAlsoRanksADraft: a story being previewed is not in the index but
// gets a ranking from its own text.
func TestReadAlsoRanksADraft(t *testing.T) {
	d := newDesk(t)
	match := d.story(5, "Tram drivers in Brussels vote to strike", "Tram drivers in Brussels voted to strike over pay.")
	d.story(6, "Orchestra opens its season", "The orchestra played a new symphony.")
	eng := relevance.NewEngine(d.st, nil)
	must(t, eng.Build(d.ctx))
	draft := d.story(0, "Brussels tram strike: what commuters need to know", "The Brussels tram drivers strike over pay.",
		func(a *news.Article) { a.Status, a.PublishedAt = news.Draft, time.Time{} })
	ranked := eng.Rank(draft, evalNow)
	if len(ranked) == 0 || ranked[0].ID != match.ID || ranked[0].Text <= 0 {
		t.Errorf("draft ranking %+v, want %d first on text", ranked, match.ID)
	}
}
