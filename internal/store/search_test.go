package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/demo"
	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/markup"
	"github.com/bylinehq/byline/internal/media"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/relevance"
)

var demoNow = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// seedDemo fills a store with the demo newsroom, about the size a new
// install starts with.
func seedDemo(tb testing.TB) (*Store, string) {
	tb.Helper()
	ctx := context.Background()
	dir := tb.TempDir()
	s, err := Open(ctx, Config{DataDir: dir})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	for _, e := range news.DefaultEditions() {
		if err := s.CreateEdition(ctx, e); err != nil {
			tb.Fatal(err)
		}
	}
	ed := &editorial.Service{Store: s, Markup: markup.New(), Now: func() time.Time { return demoNow }}
	if _, err := demo.Seed(ctx, ed, media.Library{Root: filepath.Join(dir, "media")}); err != nil {
		tb.Fatal(err)
	}
	return s, dir
}

func TestSearchIndexRebuiltWhenAnalyzerChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, dir := seedDemo(t)
	q := news.SearchQuery{Edition: "en", Text: "the", Limit: 100, Now: demoNow}
	// Any common-enough English word the demo uses; find one from a headline.
	page, err := s.List(ctx, news.ListQuery{Edition: "en", Limit: 1, Now: demoNow})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("no demo story: %v", err)
	}
	q.Text = page.Items[0].Headline
	before, err := s.Search(ctx, q)
	if err != nil || before.Total == 0 {
		t.Fatalf("search for a headline: %+v, %v", before, err)
	}
	// A store indexed by an older analyser, or from before search existed.
	if _, err := s.write.ExecContext(ctx, `DELETE FROM search_index; UPDATE search_meta SET value = value - 1`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	after, err := s.Search(ctx, q)
	if err != nil || after.Total != before.Total {
		t.Fatalf("after reopening: total %d (%v), want %d", after.Total, err, before.Total)
	}
	var v int
	if err := s.read.QueryRowContext(ctx, `SELECT value FROM search_meta WHERE key = 'analyzer'`).Scan(&v); err != nil || v != relevance.AnalyzerVersion {
		t.Errorf("analyser version = %d (%v), want %d", v, err, relevance.AnalyzerVersion)
	}
}

// FuzzSearchQuery checks that no text a reader types panics the parser or
// reaches FTS5 as anything but a well-formed query.
func FuzzSearchQuery(f *testing.F) {
	for _, s := range []string{`"`, `a"b"c`, `NEAR(a b)`, `col:term`, `a OR b`, `a*`, `^a`, `-a`, `{a b}:c`, `"a" "`, "\x00", "والقاهرة", `Sánchez "état de droit"`} {
		f.Add(s)
	}
	ctx := context.Background()
	s, err := Open(ctx, Config{DataDir: f.TempDir()})
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	f.Fuzz(func(t *testing.T, text string) {
		for _, lang := range []string{"en", "fr", "ar"} {
			q := relevance.ParseQuery(lang, text)
			if q.Empty() {
				continue
			}
			var n int
			if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM search_index WHERE search_index MATCH ?`, ftsMatch(q)).Scan(&n); err != nil {
				t.Fatalf("%s %q → %q: %v", lang, text, ftsMatch(q), err)
			}
		}
	})
}

// BenchmarkSearch measures Search on the demo newsroom: a common word, a
// two-word query, a phrase, a filtered query and an Arabic one.
func BenchmarkSearch(b *testing.B) {
	s, _ := seedDemo(b)
	ctx := context.Background()
	for name, q := range map[string]news.SearchQuery{
		"word":    {Edition: "en", Text: "government"},
		"words":   {Edition: "en", Text: "climate talks"},
		"phrase":  {Edition: "en", Text: `"prime minister"`},
		"dated":   {Edition: "en", Text: "market", From: demoNow.Add(-7 * 24 * time.Hour)},
		"spanish": {Edition: "es", Text: "gobierno elecciones"},
		"arabic":  {Edition: "ar", Text: "الحكومة"},
	} {
		q.Limit, q.Now = 20, demoNow
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Search(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestSearchDemoQueriesFindStories(t *testing.T) {
	t.Parallel()
	s, _ := seedDemo(t)
	ctx := context.Background()
	for _, q := range []news.SearchQuery{
		{Edition: "en", Text: "government"},
		{Edition: "es", Text: "gobierno"},
		{Edition: "fr", Text: "gouvernement"},
		{Edition: "ar", Text: "الحكومة"},
	} {
		q.Limit, q.Now = 5, demoNow
		r, err := s.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s %q: %d found", q.Edition, q.Text, r.Total)
		for _, h := range r.Hits {
			var b strings.Builder
			for _, sp := range h.Snippet {
				if sp.Mark {
					b.WriteString("[" + sp.Text + "]")
				} else {
					b.WriteString(sp.Text)
				}
			}
			t.Logf("  %s | %s", h.Headline, b.String())
		}
	}
}
