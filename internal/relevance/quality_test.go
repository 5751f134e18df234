package relevance_test

import (
	"context"
	"fmt"
	"html"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/relevance"
	"github.com/bylinehq/byline/internal/relevance/entities"
	"github.com/bylinehq/byline/internal/relevance/evalset"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/testenv"
)

// Floors the "Read also" ranking must meet on the evaluation set.
const (
	minPrecisionAt3 = 0.8
	minRecallAt5    = 0.8
)

var evalNow = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// evalStore loads the evaluation set into a fresh SQLite store, each story
// published hours_ago before evalNow, translations in one group. With
// topics, each story's confirmed topics are what the topic suggester finds
// in it, as if an editor confirmed every suggestion (one topic per
// suggestion key and language); without, ranking has the text alone.
func evalStore(t testing.TB, set *evalset.Set, withTopics bool) (*store.Store, map[string]*news.Article) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{URL: testenv.DBURL(t), DataDir: t.TempDir(), Now: func() time.Time { return evalNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	author := news.Author{Slug: "eval", Name: "Eval Desk"}
	must(t, st.CreateAuthor(ctx, &author))
	sections := map[string]news.Section{}
	for _, e := range news.DefaultEditions() {
		must(t, st.CreateEdition(ctx, e))
		sec := news.Section{Edition: e.Code, Slug: "news", Name: "News", Position: 1}
		must(t, st.CreateSection(ctx, &sec))
		sections[e.Code] = sec
	}
	topics := map[string]news.TopicRef{}
	detector := entities.New(nil)
	topicFor := func(lang string, e entities.Suggestion) news.TopicRef {
		key := lang + "|" + e.Key
		if ref, ok := topics[key]; ok {
			return ref
		}
		tp := news.Topic{Kind: news.TopicKind(e.Kind), Names: []news.TopicName{{Edition: lang, Name: e.Name, Slug: fmt.Sprintf("t%d", len(topics)+1)}}}
		must(t, st.CreateTopic(ctx, &tp))
		ref := news.TopicRef{ID: tp.ID, Kind: tp.Kind, Edition: lang, Name: e.Name}
		topics[key] = ref
		return ref
	}
	arts := map[string]*news.Article{}
	// Originals first, so that translations can join their groups.
	stories := append([]evalset.Story(nil), set.Stories...)
	sort.SliceStable(stories, func(i, j int) bool { return stories[i].TranslationOf == "" && stories[j].TranslationOf != "" })
	for _, s := range stories {
		a := &news.Article{Edition: s.Lang, Section: sections[s.Lang], Slug: s.ID, Kind: news.News,
			Headline: s.Headline, Standfirst: s.Standfirst, BodyMarkdown: s.Body, BodyHTML: paragraphs(s.Body),
			Authors: []news.Author{author}, Status: news.Published, CreatedAt: evalNow.Add(-500 * time.Hour),
			PublishedAt: evalNow.Add(-time.Duration(s.HoursAgo * float64(time.Hour)))}
		if s.TranslationOf != "" {
			a.TranslationGroup = arts[s.TranslationOf].ID
		}
		if withTopics {
			for _, e := range detector.Suggest(s.Lang, s.Headline, s.Standfirst, s.Body) {
				a.Topics = append(a.Topics, topicFor(s.Lang, e))
			}
		}
		must(t, st.CreateArticle(ctx, a))
		arts[s.ID] = a
	}
	return st, arts
}

func paragraphs(body string) string {
	var b strings.Builder
	for _, p := range strings.Split(body, "\n\n") {
		b.WriteString("<p>" + html.EscapeString(strings.TrimSpace(p)) + "</p>\n")
	}
	return b.String()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestReadAlsoQuality measures the ranking on the evaluation set: for
// every story of a cluster, precision@3 (of the first three, those of its
// cluster, over min(3, expected)) and recall@5, averaged over stories. The
// floor holds with confirmed topics (the product as editors use it) and
// with the text alone.
func TestReadAlsoQuality(t *testing.T) {
	set, err := evalset.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, withTopics := range []bool{true, false} {
		name := map[bool]string{true: "text and suggested topics", false: "text only"}[withTopics]
		t.Run(name, func(t *testing.T) {
			st, arts := evalStore(t, set, withTopics)
			eng := relevance.NewEngine(st, nil)
			must(t, eng.Build(context.Background()))
			byID := map[int64]string{}
			for id, a := range arts {
				byID[a.ID] = id
			}
			p3, r5 := evaluate(t, set, eng, arts, byID)
			t.Logf("%s: precision@3 %.3f, recall@5 %.3f", name, p3, r5)
			if p3 < minPrecisionAt3 || r5 < minRecallAt5 {
				t.Errorf("precision@3 %.3f, recall@5 %.3f: want at least %.2f and %.2f", p3, r5, minPrecisionAt3, minRecallAt5)
			}
		})
	}
}

func evaluate(t *testing.T, set *evalset.Set, eng *relevance.Engine, arts map[string]*news.Article, byID map[int64]string) (p3, r5 float64) {
	ctx := context.Background()
	perLang := map[string][2]float64{}
	n := map[string]int{}
	for _, s := range set.Stories {
		want := set.Expected(s)
		if len(want) == 0 {
			continue
		}
		got, err := eng.ReadAlso(ctx, arts[s.ID], evalNow)
		must(t, err)
		expected := map[string]bool{}
		for _, id := range want {
			expected[id] = true
		}
		var hits3, hits5 int
		var names []string
		for i, g := range got {
			id := byID[g.ID]
			names = append(names, id)
			if expected[id] && i < 3 {
				hits3++
			}
			if expected[id] && i < 5 {
				hits5++
			}
		}
		sp3 := float64(hits3) / float64(min(3, len(want)))
		sr5 := float64(hits5) / float64(min(5, len(want)))
		if sp3 < 1 {
			t.Logf("%s: p@3 %.2f, got %v", s.ID, sp3, names)
		}
		v := perLang[s.Lang]
		perLang[s.Lang] = [2]float64{v[0] + sp3, v[1] + sr5}
		n[s.Lang]++
		p3 += sp3
		r5 += sr5
	}
	total := 0
	for lang, v := range perLang {
		t.Logf("  %s: %d stories, precision@3 %.3f, recall@5 %.3f", lang, n[lang], v[0]/float64(n[lang]), v[1]/float64(n[lang]))
		total += n[lang]
	}
	return p3 / float64(total), r5 / float64(total)
}
