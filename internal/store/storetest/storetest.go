// Package storetest is the conformance suite every news.Store must pass.
// A store package runs it from its own tests:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) news.Store { return openFresh(t) })
//	}
//
// Each test asks for a fresh, empty, migrated store, so tests run in
// parallel.
package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// Opener returns a fresh, empty store; it registers its own cleanup.
type Opener func(t *testing.T) news.Store

// Run runs every conformance test against stores from open.
func Run(t *testing.T, open Opener) {
	for _, group := range []map[string]func(*testing.T, *fixture){articleTests, accountTests, newsroomTests, feedTests, contentTests, webhookTests, wireTests, searchTests, relevanceTests, bulkTests, auditTests, changeTests} {
		for name, fn := range group {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				fn(t, newFixture(t, open(t)))
			})
		}
	}
}

// articleTests cover editions, sections, authors, topics and articles.
var articleTests = map[string]func(*testing.T, *fixture){
	"EditionsRoundTripInOrder":        testEditions,
	"EditionValidationChangesNothing": testEditionValidation,
	"Sections":                        testSections,
	"AuthorsAndTopics":                testAuthorsAndTopics,
	"ArticleRoundTrip":                testArticleRoundTrip,
	"ArticleValidationChangesNothing": testArticleValidation,
	"UpdateChecksRevision":            testUpdateRevision,
	"ConcurrentSavesOneWins":          testConcurrentSaves,
	"SlugHistoryRedirects":            testSlugHistory,
	"Visibility":                      testVisibility,
	"KeysetPaginationIsStable":        testPagination,
	"PaginationTowardsNewer":          testPaginationNewer,
	"ListFiltersAndCount":             testFilters,
	"SectionLeads":                    testSectionLeads,
	"RelatedRanking":                  testRelated,
	"Translations":                    testTranslations,
	"Corrections":                     testCorrections,
}

// base is a fixed instant so that tests never depend on the clock.
var base = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

type fixture struct {
	t       *testing.T
	ctx     context.Context
	s       news.Store
	world   news.Section
	economy news.Section
	author  news.Author
	n       int
}

func newFixture(t *testing.T, s news.Store) *fixture {
	f := &fixture{t: t, ctx: context.Background(), s: s}
	for _, e := range news.DefaultEditions() {
		f.must(s.CreateEdition(f.ctx, e))
	}
	f.world = news.Section{Edition: "en", Slug: "world", Name: "World", Position: 1}
	f.economy = news.Section{Edition: "en", Slug: "economy", Name: "Economy", Position: 2}
	f.must(s.CreateSection(f.ctx, &f.world))
	f.must(s.CreateSection(f.ctx, &f.economy))
	f.author = news.Author{Slug: "ana-ruiz", Name: "Ana Ruiz"}
	f.must(s.CreateAuthor(f.ctx, &f.author))
	return f
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

// article returns a valid published article in the world section, published
// minutesAgo before base; change sets anything else before it is stored.
func (f *fixture) article(minutesAgo int, change ...func(*news.Article)) *news.Article {
	f.t.Helper()
	a := f.newArticle(minutesAgo, change...)
	f.must(f.s.CreateArticle(f.ctx, a))
	return a
}

// newArticle is article without storing it.
func (f *fixture) newArticle(minutesAgo int, change ...func(*news.Article)) *news.Article {
	f.n++
	a := &news.Article{
		Edition: "en", Section: f.world, Slug: fmt.Sprintf("story-%d", f.n), Kind: news.News,
		Headline: fmt.Sprintf("Story %d", f.n), Standfirst: "What happened.", BodyMarkdown: "Body.", BodyHTML: "<p>Body.</p>",
		Authors: []news.Author{f.author}, Status: news.Published,
		PublishedAt: base.Add(-time.Duration(minutesAgo) * time.Minute), CreatedAt: base.Add(-48 * time.Hour),
	}
	for _, c := range change {
		c(a)
	}
	return a
}

func (f *fixture) topic(kind news.TopicKind, en string) news.TopicRef {
	f.t.Helper()
	t := news.Topic{Kind: kind, Names: []news.TopicName{{Edition: "en", Name: en, Slug: slugOf(en)}}}
	f.must(f.s.CreateTopic(f.ctx, &t))
	ref, err := f.s.TopicByName(f.ctx, "en", en)
	f.must(err)
	return ref
}

// user creates an account with a given role.
func (f *fixture) user(role news.Role) news.User {
	f.t.Helper()
	f.n++
	u := news.User{Email: fmt.Sprintf("user%d@example.org", f.n), Name: fmt.Sprintf("User %d", f.n), Role: role,
		Language: "en", PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", CreatedAt: base}
	f.must(f.s.CreateUser(f.ctx, &u))
	return u
}

func slugOf(s string) string {
	out := []rune{}
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			out = append(out, r+'a'-'A')
		case r == ' ':
			out = append(out, '-')
		default:
			out = append(out, r)
		}
	}
	return string(out)
}

func (f *fixture) list(q news.ListQuery) news.Page {
	f.t.Helper()
	if q.Edition == "" {
		q.Edition = "en"
	}
	if q.Now.IsZero() {
		q.Now = base
	}
	if q.Limit == 0 {
		q.Limit = 50
	}
	p, err := f.s.List(f.ctx, q)
	f.must(err)
	return p
}

func ids(ts []news.Teaser) []int64 {
	out := make([]int64, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}

func wantCode(t *testing.T, err error, code news.Code) {
	t.Helper()
	if got := news.ErrorCode(err); got != code {
		t.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
