package synth_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/relevance"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/synth"
)

func TestGenerateIsDeterministic(t *testing.T) {
	a, err := synth.Generate(120, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := synth.Generate(120, 7)
	c, _ := synth.Generate(120, 8)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed generated different stories")
	}
	if reflect.DeepEqual(a, c) {
		t.Error("another seed generated the same stories")
	}
}

func TestGenerateShape(t *testing.T) {
	as, err := synth.Generate(800, 1)
	if err != nil {
		t.Fatal(err)
	}
	editions := map[string]int{}
	clusters := map[int][]*news.Article{}
	for i, a := range as {
		a.Section.ID = 1 // Fill places stories in sections
		if err := a.Validate(); err != nil {
			t.Fatalf("%s: %v", a.Slug, err)
		}
		editions[a.Edition]++
		if i > 0 && a.PublishedAt.Before(as[i-1].PublishedAt) {
			t.Fatalf("%s is out of publication order", a.Slug)
		}
		if a.PublishedAt.After(synth.End) || a.PublishedAt.Before(synth.End.Add(-731*24*time.Hour)) {
			t.Errorf("%s published at %v, outside the two years before %v", a.Slug, a.PublishedAt, synth.End)
		}
		if n := len(strings.Fields(a.BodyMarkdown)); n < 150 || n > 500 {
			t.Errorf("%s has %d words", a.Slug, n)
		}
		c, _, ok := synth.ClusterOf(a.Slug)
		if !ok {
			t.Fatalf("slug %q names no cluster", a.Slug)
		}
		clusters[c] = append(clusters[c], a)
	}
	for _, e := range []string{"en", "es", "fr", "ar"} {
		if editions[e] < 150 {
			t.Errorf("edition %s has %d of 800 stories", e, editions[e])
		}
	}
	for c, members := range clusters {
		if len(members) > 8 {
			t.Errorf("cluster %d has %d stories", c, len(members))
		}
		// Every story of a cluster names its place (the dateline) in its
		// text, and stays in one edition.
		for _, a := range members {
			if a.Edition != members[0].Edition || a.Dateline != members[0].Dateline ||
				!strings.Contains(a.Headline+a.BodyMarkdown, a.Dateline) {
				t.Errorf("cluster %d: %s does not share the cluster's edition and place %q", c, a.Slug, members[0].Dateline)
			}
		}
	}
}

// TestFillMakesReadAlsoFindClusters is the reason the generator exists:
// in a filled store, the "Read also" engine's first suggestion for a story
// is almost always another story of its cluster.
func TestFillMakesReadAlsoFindClusters(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{DataDir: t.TempDir(), Now: func() time.Time { return synth.End }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const n = 600
	if _, err := synth.Fill(ctx, st, n, 3); err != nil {
		t.Fatal(err)
	}
	if got, err := st.Count(ctx, news.ListQuery{Now: synth.End}); err != nil || got != n {
		t.Fatalf("Count = %d (%v), want %d", got, err, n)
	}
	desk, err := synth.OpenDesk(ctx, st)
	if err != nil || len(desk.Authors) != 40 || len(desk.Sections["ar"]) != 5 {
		t.Fatalf("OpenDesk = %+v, %v", desk, err)
	}
	eng := relevance.NewEngine(st, nil)
	if err := eng.Build(ctx); err != nil {
		t.Fatal(err)
	}
	page, err := st.List(ctx, news.ListQuery{Edition: "fr", Limit: 100, Now: synth.End})
	if err != nil {
		t.Fatal(err)
	}
	hits, total := 0, 0
	for _, tz := range page.Items {
		a, err := st.Article(ctx, tz.ID)
		if err != nil {
			t.Fatal(err)
		}
		ra, err := eng.ReadAlso(ctx, a, synth.End)
		if err != nil {
			t.Fatal(err)
		}
		want, _, _ := synth.ClusterOf(a.Slug)
		if len(ra) > 0 {
			got, _, _ := synth.ClusterOf(ra[0].Slug)
			if got == want {
				hits++
			}
		}
		total++
	}
	t.Logf("first suggestion from the cluster: %d of %d", hits, total)
	if float64(hits) < 0.9*float64(total) {
		t.Errorf("read-also's first suggestion is from the story's cluster for %d of %d stories, want 90%%", hits, total)
	}
}
