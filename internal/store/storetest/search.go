package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// searchTests cover full-text search: analysis, phrases, filters, ranking,
// snippets, visibility and hostile input.
var searchTests = map[string]func(*testing.T, *fixture){
	"SearchIgnoresCaseAndAccents":        testSearchFolding,
	"SearchMatchesOtherWordForms":        testSearchStemming,
	"SearchPhrasesNeedAdjacentWords":     testSearchPhrases,
	"SearchPhrasesStayInHeadlineOrBody":  testSearchPhraseFields,
	"SearchFiltersSectionTopicAndDates":  testSearchFilters,
	"SearchRanksHeadlineThenRecency":     testSearchRanking,
	"SearchSnippetsMarkMatchedWords":     testSearchSnippets,
	"SearchNeverFindsHiddenStories":      testSearchVisibility,
	"SearchSurvivesHostileQueries":       testSearchHostile,
	"SearchSeesEdits":                    testSearchReindex,
	"SearchArabicWithClitics":            testSearchArabic,
	"SearchStaysInItsEdition":            testSearchEdition,
	"SearchValidationIsCodeInvalid":      testSearchValidation,
	"SearchPagesWithTotalAndOffset":      testSearchPaging,
	"SearchFindsStandfirstAndBodyText":   testSearchBodyText,
	"SearchScheduledFoundAtItsTimeOnly":  testSearchScheduledLater,
	"SearchLongQueryAtTheLimitIsHandled": testSearchLongQuery,
}

func (f *fixture) search(q news.SearchQuery) news.SearchResult {
	f.t.Helper()
	r, err := f.s.Search(f.ctx, f.searchDefaults(q))
	f.must(err)
	return r
}

func (f *fixture) searchDefaults(q news.SearchQuery) news.SearchQuery {
	if q.Edition == "" {
		q.Edition = "en"
	}
	if q.Now.IsZero() {
		q.Now = base
	}
	if q.Limit == 0 {
		q.Limit = 20
	}
	return q
}

func hitIDs(r news.SearchResult) []int64 {
	out := make([]int64, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = h.ID
	}
	return out
}

// body sets an article's body text.
func body(text string) func(*news.Article) {
	return func(a *news.Article) { a.BodyMarkdown = text; a.BodyHTML = "<p>" + text + "</p>" }
}

func headline(text string) func(*news.Article) {
	return func(a *news.Article) { a.Headline = text }
}

func (f *fixture) wantHits(text string, want ...int64) {
	f.t.Helper()
	r := f.search(news.SearchQuery{Text: text})
	if got := hitIDs(r); !equalIDs(got, want) || r.Total != len(want) {
		f.t.Errorf("search %q = %v (total %d), want %v", text, got, r.Total, want)
	}
}

func testSearchFolding(t *testing.T, f *fixture) {
	a := f.article(10, headline("Pedro Sánchez meets the unions"))
	f.article(20, headline("Something else entirely"))
	for _, q := range []string{"sanchez", "SÁNCHEZ", "Sanchez", "sánchez"} {
		f.wantHits(q, a.ID)
	}
}

func testSearchStemming(t *testing.T, f *fixture) {
	a := f.article(10, headline("Voters head to the polls"), body("The election was close."))
	f.wantHits("elections", a.ID)
	f.wantHits("voter", a.ID)
	f.wantHits("VOTERS elections", a.ID)
	f.wantHits("electoral", []int64{}...)
}

func testSearchPhrases(t *testing.T, f *fixture) {
	adjacent := f.article(10, body("The central bank raised rates."))
	apart := f.article(20, body("The bank in the central square raised its fees."))
	f.wantHits(`central bank`, adjacent.ID, apart.ID)
	f.wantHits(`"central bank"`, adjacent.ID)
	f.wantHits(`"central banks"`, adjacent.ID)
	// Common words inside a phrase are dropped on both sides.
	f.wantHits(`"bank in the central"`, apart.ID)
	// An unclosed quote is a phrase to the end.
	f.wantHits(`"central bank`, adjacent.ID)
}

// testSearchPhraseFields: the headline's last word and the body's first
// are not a phrase.
func testSearchPhraseFields(t *testing.T, f *fixture) {
	a := f.article(10, headline("Markets wait for the central"), body("Bank governors meet today."),
		func(a *news.Article) { a.Standfirst = "" })
	f.wantHits(`central bank`, a.ID)
	f.wantHits(`"central bank"`)
	f.wantHits(`"bank governors"`, a.ID)
}

func testSearchFilters(t *testing.T, f *fixture) {
	climate := f.topic(news.Subject, "Climate")
	w := f.article(60, body("Flooding in the delta."))
	e := f.article(30, body("Flooding costs insurers."), func(a *news.Article) { a.Section = f.economy })
	tp := f.article(10, body("Flooding and drought."), func(a *news.Article) { a.Topics = []news.TopicRef{climate} })
	r := f.search(news.SearchQuery{Text: "flooding", SectionID: f.economy.ID})
	if got := hitIDs(r); !equalIDs(got, []int64{e.ID}) {
		t.Errorf("section filter = %v, want %v", got, []int64{e.ID})
	}
	r = f.search(news.SearchQuery{Text: "flooding", TopicID: climate.ID})
	if got := hitIDs(r); !equalIDs(got, []int64{tp.ID}) {
		t.Errorf("topic filter = %v, want %v", got, []int64{tp.ID})
	}
	r = f.search(news.SearchQuery{Text: "flooding", From: base.Add(-45 * time.Minute), To: base.Add(-10 * time.Minute)})
	if got := hitIDs(r); !equalIDs(got, []int64{e.ID}) {
		t.Errorf("date range = %v, want %v (From inclusive, To exclusive)", got, []int64{e.ID})
	}
	r = f.search(news.SearchQuery{Text: "flooding", To: base.Add(-30 * time.Minute)})
	if got := hitIDs(r); !equalIDs(got, []int64{w.ID}) {
		t.Errorf("open start = %v, want %v", got, []int64{w.ID})
	}
}

func testSearchRanking(t *testing.T, f *fixture) {
	bodyOnly := f.article(5, body("A long report that mentions the harbour once among many other words."))
	inHeadline := f.article(50, headline("Harbour strike ends"), body("Dockers return to work."))
	older := f.article(40, headline("Port news"), body("Tariffs rise."))
	newer := f.article(20, headline("Port news"), body("Tariffs rise."))
	f.wantHits("harbour", inHeadline.ID, bodyOnly.ID)
	f.wantHits("tariffs", newer.ID, older.ID)
}

func testSearchSnippets(t *testing.T, f *fixture) {
	long := strings.Repeat("Filler words about nothing much at all. ", 20) +
		"Then the Mayors met in secret to discuss budgets. " + strings.Repeat("More trailing filler text here. ", 20)
	a := f.article(10, body(long), func(a *news.Article) { a.Standfirst = "A story." })
	r := f.search(news.SearchQuery{Text: "mayor budget"})
	if len(r.Hits) != 1 || r.Hits[0].ID != a.ID {
		t.Fatalf("hits = %v, want %d", hitIDs(r), a.ID)
	}
	var marked []string
	var all strings.Builder
	for _, s := range r.Hits[0].Snippet {
		all.WriteString(s.Text)
		if s.Mark {
			marked = append(marked, s.Text)
		}
	}
	if got := strings.Join(marked, ","); got != "Mayors,budgets" {
		t.Errorf("marked = %q, want Mayors,budgets", got)
	}
	text := all.String()
	if !strings.HasPrefix(text, "… ") || !strings.HasSuffix(text, " …") || len(strings.Fields(text)) > 50 {
		t.Errorf("snippet = %q, want a short passage with ellipses at both cut ends", text)
	}
	short := f.article(20, body("Budgets were cut."), func(a *news.Article) { a.Standfirst = "" })
	r = f.search(news.SearchQuery{Text: "budget"})
	for _, h := range r.Hits {
		if h.ID == short.ID {
			if len(h.Snippet) != 2 || h.Snippet[0].Text != "Budgets" || !h.Snippet[0].Mark || h.Snippet[1].Text != " were cut." {
				t.Errorf("short snippet = %+v, want whole text, Budgets marked, no ellipsis", h.Snippet)
			}
		}
	}
}

func testSearchVisibility(t *testing.T, f *fixture) {
	pub := f.article(60, body("Secret plans revealed."))
	f.article(50, body("Secret plans revealed."), func(a *news.Article) { a.Status = news.Draft; a.PublishedAt = time.Time{} })
	f.article(45, body("Secret plans revealed."), func(a *news.Article) { a.Status = news.InReview; a.PublishedAt = time.Time{} })
	f.article(-30, body("Secret plans revealed."), func(a *news.Article) { a.Status = news.Scheduled })
	f.article(20, body("Secret plans revealed."), func(a *news.Article) { a.Status = news.Unpublished })
	f.article(10, body("Secret plans revealed."), func(a *news.Article) { a.EmbargoUntil = base.Add(time.Hour) })
	f.wantHits("secret plans", pub.ID)
}

func testSearchScheduledLater(t *testing.T, f *fixture) {
	sched := f.article(-30, body("Budget day arrives."), func(a *news.Article) { a.Status = news.Scheduled })
	emb := f.article(10, body("Budget leak."), func(a *news.Article) { a.EmbargoUntil = base.Add(time.Hour) })
	if r := f.search(news.SearchQuery{Text: "budget"}); r.Total != 0 {
		t.Errorf("before their time: %v, want none", hitIDs(r))
	}
	// No write in between: the index holds every story, visibility is
	// decided when searching.
	r := f.search(news.SearchQuery{Text: "budget", Now: base.Add(2 * time.Hour)})
	if got := hitIDs(r); len(got) != 2 || (got[0] != sched.ID && got[1] != sched.ID) || (got[0] != emb.ID && got[1] != emb.ID) {
		t.Errorf("after their time = %v, want %d and %d", got, sched.ID, emb.ID)
	}
}

func testSearchHostile(t *testing.T, f *fixture) {
	a := f.article(10, headline("Near the border, OR not"), body("A column: term and star* wars."))
	for _, text := range []string{
		`"`, `""`, `"""`, `*`, `star*`, `NEAR(`, `NEAR(border, star)`, `headline:border`, `col:term`,
		`OR`, `AND border`, `border OR`, `NOT border`, `^border`, `border -star`, `(border`, `border)`,
		`'`, `\`, `%`, `_`, `;DROP TABLE articles;--`, `{headline body}: border`, "\x00border", "\xff\xfe",
		`the of and`, strings.Repeat("border ", 70), strings.Repeat(`"a" `, 120), strings.Repeat("x", news.MaxSearchText+1),
	} {
		r, err := f.s.Search(f.ctx, f.searchDefaults(news.SearchQuery{Text: text}))
		if err != nil && news.ErrorCode(err) != news.CodeInvalid {
			t.Errorf("search %q: %v, want results or CodeInvalid", text, err)
		}
		for _, h := range r.Hits {
			if h.ID != a.ID {
				t.Errorf("search %q found %d", text, h.ID)
			}
		}
	}
	f.wantHits(`border:star`, a.ID)
	f.wantHits(`NEAR(border`, a.ID)
	f.wantHits(`star*`, a.ID)
}

func testSearchReindex(t *testing.T, f *fixture) {
	a := f.article(10, headline("Old headline about apples"))
	f.wantHits("apples", a.ID)
	a.Headline = "New headline about oranges"
	f.must(f.s.UpdateArticle(f.ctx, a))
	f.wantHits("apples")
	f.wantHits("oranges", a.ID)
}

func testSearchArabic(t *testing.T, f *fixture) {
	sec := news.Section{Edition: "ar", Slug: "alam", Name: "العالم", Position: 1}
	f.must(f.s.CreateSection(f.ctx, &sec))
	a := f.article(10, func(a *news.Article) {
		a.Edition, a.Section = "ar", sec
		a.Headline = "مظاهرات والقاهرة تستعد للانتخابات"
		a.Standfirst, a.BodyHTML = "", "<p>خرج الآلاف في شوارع القَاهِرَة.</p>"
	})
	for _, q := range []string{"القاهرة", "قاهرة", "والقاهرة", "الانتخابات"} {
		r := f.search(news.SearchQuery{Edition: "ar", Text: q})
		if got := hitIDs(r); !equalIDs(got, []int64{a.ID}) {
			t.Errorf("search %q = %v, want %v", q, got, []int64{a.ID})
		}
	}
}

func testSearchEdition(t *testing.T, f *fixture) {
	sec := news.Section{Edition: "es", Slug: "mundo", Name: "Mundo", Position: 1}
	f.must(f.s.CreateSection(f.ctx, &sec))
	es := f.article(10, func(a *news.Article) {
		a.Edition, a.Section, a.Headline = "es", sec, "Las elecciones en Madrid"
	})
	en := f.article(20, headline("Madrid elections"))
	f.wantHits("madrid", en.ID)
	r := f.search(news.SearchQuery{Edition: "es", Text: "eleccion madrid"})
	if got := hitIDs(r); !equalIDs(got, []int64{es.ID}) {
		t.Errorf("es search = %v, want %v", got, []int64{es.ID})
	}
}

func testSearchValidation(t *testing.T, f *fixture) {
	f.article(10, headline("Anything"))
	for name, q := range map[string]news.SearchQuery{
		"NoEdition":       {Text: "x", Limit: 10, Now: base},
		"UnknownEdition":  {Edition: "zz", Text: "anything", Limit: 10, Now: base},
		"Empty":           {Edition: "en", Text: "   ", Limit: 10, Now: base},
		"OnlyStopWords":   {Edition: "en", Text: "the of and", Limit: 10, Now: base},
		"OnlyPunctuation": {Edition: "en", Text: `"*(:)"`, Limit: 10, Now: base},
		"TooLong":         {Edition: "en", Text: strings.Repeat("a", news.MaxSearchText+1), Limit: 10, Now: base},
		"LimitZero":       {Edition: "en", Text: "anything", Now: base},
		"LimitTooBig":     {Edition: "en", Text: "anything", Limit: 101, Now: base},
		"NegativeOffset":  {Edition: "en", Text: "anything", Limit: 10, Offset: -1, Now: base},
		"OffsetTooDeep":   {Edition: "en", Text: "anything", Limit: 10, Offset: 1 << 30, Now: base},
		"BackwardDates":   {Edition: "en", Text: "anything", Limit: 10, From: base, To: base.Add(-time.Hour), Now: base},
	} {
		_, err := f.s.Search(f.ctx, q)
		if news.ErrorCode(err) != news.CodeInvalid {
			t.Errorf("%s: error %v, want CodeInvalid", name, err)
		}
	}
}

func testSearchPaging(t *testing.T, f *fixture) {
	var all []int64
	for i := range 5 {
		all = append(all, f.article(10+i, headline("Weather report")).ID)
	}
	r := f.search(news.SearchQuery{Text: "weather", Limit: 2, Offset: 2})
	if got := hitIDs(r); r.Total != 5 || !equalIDs(got, all[2:4]) {
		t.Errorf("page 2 = %v total %d, want %v total 5", got, r.Total, all[2:4])
	}
	r = f.search(news.SearchQuery{Text: "weather", Limit: 2, Offset: 10})
	if r.Total != 5 || len(r.Hits) != 0 {
		t.Errorf("past the end = %v total %d, want no hits, total 5", hitIDs(r), r.Total)
	}
}

func testSearchBodyText(t *testing.T, f *fixture) {
	a := f.article(10, func(a *news.Article) {
		a.Standfirst = "Ministers quarrel."
		a.BodyHTML = "<p>The <em>treasury</em> said <a href=\"/x\">nothing</a>.</p><p>Tom&amp;Jerry</p>"
	})
	f.wantHits("ministers", a.ID)
	f.wantHits("treasury", a.ID)
	f.wantHits("jerry", a.ID)
	f.wantHits("href")
	f.wantHits("amp")
}

func testSearchLongQuery(t *testing.T, f *fixture) {
	a := f.article(10, headline("Border talks"))
	text := strings.Repeat("border ", news.MaxSearchText/7)
	f.wantHits(text, a.ID)
}
