package store_test

// BenchmarkHot measures the store calls the public pages make on every
// request (see site.Reader), one sub-benchmark per call, against the
// generated newsroom of BenchmarkSearch100k (BYLINE_BENCH_ARTICLES
// stories, 100,000 by default) with topics and translations added:
//
//	go test ./internal/store -run '^$' -bench Hot -benchtime 3s -count 5
//
// The generated stories have neither topics nor translations, so the
// first run copies synth.CachedFile's database and adds them (hotFill);
// the copy is kept beside it, in os.TempDir()/byline-synth. Both are
// built once (at 100,000 stories about five minutes for the newsroom,
// unless BenchmarkSearch100k built it already, and one for the copy).
// Skipped under -short.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/synth"
)

// hotVersion changes whenever hotFill would add different data, so that a
// copy made by an older version is not reused.
const hotVersion = 1

// What hotFill adds to n stories: one in hotCommonEvery is about the
// common topic (about 1,250 an edition at 100,000); a hundred, evenly
// spread over the two years, also about the rare one (about 25 an
// edition: the topic page that must look furthest back); and
// hotTranslations(n) English stories, evenly spread, get a translation in
// each other edition.
const (
	hotCommonEvery = 20
	hotRareStories = 100
	hotCommonSlug  = "hot-common"
	hotRareSlug    = "hot-rare"
)

func hotTranslations(n int) int { return min(100, n/8) } // a quarter of the stories are English

func hotTranslationSlug(k int) string { return fmt.Sprintf("hot-translation-%d", k) }

// hotNewsroom is what the sub-benchmarks look up, read once per run.
type hotNewsroom struct {
	st           *store.Store
	editions     []string
	stories      []synth.Slot // about a thousand, every edition and age
	sections     []news.Section
	common, rare int64
	translations []*news.Article
}

func BenchmarkHot(b *testing.B) {
	if testing.Short() {
		b.Skip("reads a generated newsroom of BYLINE_BENCH_ARTICLES stories; built on first use")
	}
	ctx := context.Background()
	h := openHot(ctx, b, benchArticles(b))
	now := synth.End
	// Each sub-benchmark cycles through editions, sections or stories, so
	// that no one row stays in SQLite's page cache.
	run := func(name string, op func(i int) error) {
		b.Run(name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if err := op(i); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	ed := func(i int) string { return h.editions[i%len(h.editions)] }
	run("ArticleBySlug", func(i int) error {
		s := h.stories[i%len(h.stories)]
		_, current, err := h.st.ArticleBySlug(ctx, s.Edition, synth.Slug(s.Cluster, s.Member))
		if err == nil && !current {
			err = fmt.Errorf("%s is an old address", synth.Slug(s.Cluster, s.Member))
		}
		return err
	})
	run("River", func(i int) error { // "Latest news", on every page: site.latest
		return wantItems(h.st.List(ctx, news.ListQuery{Edition: ed(i), Limit: 10, Now: now}))
	})
	run("SectionPage", func(i int) error {
		sec := h.sections[i%len(h.sections)]
		return wantItems(h.st.List(ctx, news.ListQuery{Edition: sec.Edition, SectionID: sec.ID, Limit: 20, Now: now}))
	})
	run("TopicPage/common", func(i int) error {
		return wantItems(h.st.List(ctx, news.ListQuery{Edition: ed(i), TopicID: h.common, Limit: 20, Now: now}))
	})
	run("TopicPage/rare", func(i int) error {
		return wantItems(h.st.List(ctx, news.ListQuery{Edition: ed(i), TopicID: h.rare, Limit: 20, Now: now}))
	})
	run("TopicElsewhere/rare", func(i int) error { // a topic page's three stories from each other edition
		return wantItems(h.st.List(ctx, news.ListQuery{Edition: ed(i), TopicID: h.rare, Limit: 3, Now: now}))
	})
	run("SectionLeads", func(i int) error { // the edition front's block per section
		leads, err := h.st.SectionLeads(ctx, ed(i), 5, now)
		if err == nil && len(leads) == 0 {
			err = fmt.Errorf("no section leads in %s", ed(i))
		}
		return err
	})
	run("Translations", func(i int) error {
		tr, err := h.st.Translations(ctx, h.translations[i%len(h.translations)], now)
		if err == nil && len(tr) != len(h.editions)-1 {
			err = fmt.Errorf("%d translations, want %d", len(tr), len(h.editions)-1)
		}
		return err
	})
	run("Sections", func(i int) error { // the navigation, on every page
		_, err := h.st.Sections(ctx, ed(i))
		return err
	})
	run("LastChange", func(int) error { // Read also's freshness check
		_, err := h.st.LastChange(ctx)
		return err
	})
}

func wantItems(p news.Page, err error) error {
	if err == nil && len(p.Items) == 0 {
		err = fmt.Errorf("an empty list")
	}
	return err
}

// openHot opens the newsroom of n stories with hotFill's additions, in
// place (the benchmarks only read), and looks up what they ask for.
func openHot(ctx context.Context, b *testing.B, n int) *hotNewsroom {
	path := hotFile(ctx, b, n)
	st, err := store.Open(ctx, store.Config{URL: "sqlite://" + path, Now: func() time.Time { return synth.End }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	h := &hotNewsroom{st: st}
	g, err := synth.New(1)
	if err != nil {
		b.Fatal(err)
	}
	plan := g.Plan(n)
	for i := 0; i < len(plan); i += max(1, len(plan)/1000) {
		h.stories = append(h.stories, plan[i])
	}
	for _, e := range news.DefaultEditions() {
		h.editions = append(h.editions, e.Code)
		secs, err := st.Sections(ctx, e.Code)
		if err != nil {
			b.Fatal(err)
		}
		h.sections = append(h.sections, secs...)
		if e.Code == "en" {
			continue
		}
		for k := range hotTranslations(n) {
			a, _, err := st.ArticleBySlug(ctx, e.Code, hotTranslationSlug(k))
			if err != nil {
				b.Fatal(err)
			}
			h.translations = append(h.translations, a)
		}
	}
	for slug, id := range map[string]*int64{hotCommonSlug: &h.common, hotRareSlug: &h.rare} {
		t, err := st.Topic(ctx, "en", slug)
		if err != nil {
			b.Fatal(err)
		}
		*id = t.ID
	}
	return h
}

// hotFile returns the path of a copy of synth.CachedFile(n, 1) with
// hotFill's additions, building it on first use. Like CachedFile, it is
// built aside and renamed, so a reader never sees half of it.
func hotFile(ctx context.Context, b *testing.B, n int) string {
	base, took, err := synth.CachedFile(ctx, n, 1)
	if err != nil {
		b.Fatal(err)
	}
	if took > 0 {
		b.Logf("filled %d stories in %v; cached at %s", n, took.Round(time.Second), base)
	}
	path := filepath.Join(filepath.Dir(base), fmt.Sprintf("hot%d-%s", hotVersion, filepath.Base(base)))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	start := time.Now()
	work, err := os.MkdirTemp(filepath.Dir(base), "building-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(work)
	if err := synth.CopyStore(base, work); err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(ctx, store.Config{DataDir: work, Now: func() time.Time { return synth.End }})
	if err != nil {
		b.Fatal(err)
	}
	if err := hotFill(ctx, st, n); err != nil {
		st.Close()
		b.Fatal(err)
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(filepath.Join(work, store.FileName), path); err != nil {
		b.Fatal(err)
	}
	b.Logf("added topics and translations in %v; cached at %s", time.Since(start).Round(time.Second), path)
	return path
}

// hotFill adds to a generated newsroom of n stories two topics named in
// every edition, the stories about them, and translations (see the
// constants), through the store's own methods.
func hotFill(ctx context.Context, st *store.Store, n int) error {
	g, err := synth.New(1)
	if err != nil {
		return err
	}
	plan := g.Plan(n)
	var common, rare news.Topic
	for _, t := range []struct {
		topic      *news.Topic
		slug, name string
	}{{&common, hotCommonSlug, "Hot common"}, {&rare, hotRareSlug, "Hot rare"}} {
		t.topic.Kind = news.Subject
		for _, e := range news.DefaultEditions() {
			t.topic.Names = append(t.topic.Names, news.TopicName{Edition: e.Code, Name: t.name, Slug: t.slug})
		}
		if err := st.CreateTopic(ctx, t.topic); err != nil {
			return fmt.Errorf("topic %s: %w", t.slug, err)
		}
	}
	englishSlots := 0
	for _, s := range plan {
		if s.Edition == "en" {
			englishSlots++
		}
	}
	var english []*news.Article
	nth := 0 // of the English slots
	for i, s := range plan {
		var topics []news.TopicRef
		if i%hotCommonEvery == 0 {
			topics = append(topics, news.TopicRef{ID: common.ID})
		}
		if i%max(1, n/hotRareStories) == 0 {
			topics = append(topics, news.TopicRef{ID: rare.ID})
		}
		toTranslate := false
		if s.Edition == "en" {
			toTranslate = nth%max(1, englishSlots/hotTranslations(n)) == 0 && len(english) < hotTranslations(n)
			nth++
		}
		if len(topics) == 0 && !toTranslate {
			continue
		}
		a, _, err := st.ArticleBySlug(ctx, s.Edition, synth.Slug(s.Cluster, s.Member))
		if err != nil {
			return err
		}
		if toTranslate {
			english = append(english, a)
		}
		if len(topics) == 0 {
			continue
		}
		a.Topics = topics
		if err := st.UpdateArticle(ctx, a); err != nil {
			return fmt.Errorf("topics of %s: %w", a.Slug, err)
		}
	}
	if len(english) < hotTranslations(n) {
		return fmt.Errorf("found %d English stories to translate, want %d", len(english), hotTranslations(n))
	}
	return translate(ctx, st, english)
}

// translate stores a version of each English story in every other
// edition, in the section of the same slug.
func translate(ctx context.Context, st *store.Store, english []*news.Article) error {
	for _, e := range news.DefaultEditions() {
		if e.Code == "en" {
			continue
		}
		secs, err := st.Sections(ctx, e.Code)
		if err != nil {
			return err
		}
		for k, en := range english {
			t := *en
			t.ID, t.Revision, t.Topics, t.Corrections = 0, 0, nil, nil
			t.Edition, t.Slug, t.TranslationGroup = e.Code, hotTranslationSlug(k), en.ID
			for _, sec := range secs {
				if sec.Slug == en.Section.Slug {
					t.Section = sec
				}
			}
			if err := st.CreateArticle(ctx, &t); err != nil {
				return fmt.Errorf("translation of %s into %s: %w", en.Slug, e.Code, err)
			}
		}
	}
	return nil
}
