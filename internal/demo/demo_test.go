package demo

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/markup"
	"github.com/bylinehq/byline/internal/media"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/testdb"
)

// TestContent checks the demo copy against FORMAT.md and the bar:
// at least 30 published stories in each edition across at least 5
// sections, translations between editions, and publish times spread over
// the last ten days so every kind of time label shows.
func TestContent(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	type stats struct {
		published int
		sections  map[string]bool
		hours     []float64
	}
	by := map[string]*stats{}
	groups := map[string]int{}
	for _, st := range c.Stories {
		s := by[st.Edition]
		if s == nil {
			s = &stats{sections: map[string]bool{}}
			by[st.Edition] = s
		}
		groups[st.Group]++
		if st.Fields["status"] == "unpublished" {
			continue
		}
		s.published++
		s.sections[st.Fields["section"]] = true
		h, _, _ := st.Hours("hours_ago")
		s.hours = append(s.hours, h)
	}
	for _, e := range editionOrder {
		s := by[e]
		if s == nil || s.published < 30 || len(s.sections) < 5 {
			t.Errorf("edition %s: want at least 30 published stories in 5 sections, got %+v", e, s)
			continue
		}
		var today, days2to6, older bool
		for _, h := range s.hours {
			today = today || h < 12
			days2to6 = days2to6 || h > 48 && h < 6*24
			older = older || h > 7*24
		}
		if !today || !days2to6 || !older {
			t.Errorf("edition %s: publish times do not cover recent, this week and older", e)
		}
	}
	translated := 0
	for _, n := range groups {
		if n > 1 {
			translated++
		}
	}
	if translated < 8 {
		t.Errorf("only %d stories have translations, want at least 8", translated)
	}
}

func TestSeed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, store.Config{URL: testdb.DBURL(t), DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, e := range news.DefaultEditions() {
		if err := st.CreateEdition(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	ed := &editorial.Service{Store: st, Markup: markup.New(), Now: func() time.Time { return now }}
	lib := media.Library{Root: filepath.Join(dir, "media")}
	res, err := Seed(ctx, ed, lib)
	if err != nil {
		t.Fatal(err)
	}
	if res.Skipped || res.Articles < 120 || res.Images == 0 {
		t.Fatalf("Seed = %+v", res)
	}
	for _, e := range editionOrder {
		n, err := st.Count(ctx, news.ListQuery{Edition: e, Now: now})
		if err != nil || n < 30 {
			t.Errorf("edition %s has %d visible stories (%v), want at least 30", e, n, err)
		}
	}
	page, err := st.List(ctx, news.ListQuery{Edition: "en", Now: now, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	withImage := 0
	for _, item := range page.Items {
		if item.Image == nil {
			continue
		}
		withImage++
		for _, p := range []string{item.Image.Path, media.VariantPath(item.Image.Path, media.Widths[0])} {
			abs, _ := lib.Abs(p)
			if fi, err := os.Stat(abs); err != nil || fi.Size() < 1000 {
				t.Errorf("image file %s missing or empty (%v)", p, err)
			}
		}
	}
	if withImage < 20 {
		t.Errorf("only %d English stories have a lead image", withImage)
	}
	again, err := Seed(ctx, ed, lib)
	if err != nil || !again.Skipped {
		t.Errorf("second Seed = %+v, %v; want skipped", again, err)
	}
	// An Arabic story gets an Arabic slug, and translations are linked.
	ar, err := st.List(ctx, news.ListQuery{Edition: "ar", Now: now, Limit: 1})
	if err != nil || len(ar.Items) == 0 || strings.Trim(ar.Items[0].Slug, "abcdefghijklmnopqrstuvwxyz0123456789-") == "" {
		t.Errorf("Arabic slug = %+v", ar.Items)
	}
}
