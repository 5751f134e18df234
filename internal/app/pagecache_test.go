package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
)

// TestPageCacheFollowsTheNewsroom: pages are served from the cache until
// a change reaches them, and then only the pages it reaches are rendered
// again, on the very next request, whichever edition or section.
func TestPageCacheFollowsTheNewsroom(t *testing.T) {
	ctx := context.Background()
	a, err := app.New(ctx, app.Config{DBURL: testenv.DBURL(t), DataDir: t.TempDir(), Out: io.Discard, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for _, sec := range []news.Section{{Edition: "en", Slug: "world", Name: "World", Position: 1},
		{Edition: "en", Slug: "sport", Name: "Sport", Position: 2}, {Edition: "es", Slug: "mundo", Name: "Mundo", Position: 1}} {
		if err := a.Store.CreateSection(ctx, &sec); err != nil {
			t.Fatal(err)
		}
	}
	ed, err := a.Auth.CreateUser(ctx, nil, "editor@example.org", "Ed", news.RoleEditor, "a long enough password", "en")
	if err != nil {
		t.Fatal(err)
	}
	publish := func(edition, section, headline string, topics ...string) *news.Article {
		t.Helper()
		s, err := a.Editorial.Create(ctx, ed, editorial.Draft{Edition: edition, Section: section, Headline: headline, Body: "Text.", Topics: topics})
		if err != nil {
			t.Fatal(err)
		}
		if s, err = a.Editorial.Publish(ctx, ed, s.ID, time.Time{}); err != nil {
			t.Fatal(err)
		}
		return s
	}
	// Fifteen world stories: the oldest is on its section's page but in
	// no river and on no front.
	var world []*news.Article
	for i := range 15 {
		world = append(world, publish("en", "world", fmt.Sprintf("World story %d", i), "Harbours"))
	}
	sport := publish("en", "sport", "Sport story", "Cycling")
	publish("es", "mundo", "Historia del mundo")

	pages := map[string]string{
		"en front": "/en/", "world": "/en/world/", "sport": "/en/sport/", "oldest": world[0].Path(),
		"newest": world[14].Path(), "sport story": sport.Path(), "es front": "/es/",
		"harbours": "/en/topics/harbours", "cycling": "/en/topics/cycling",
	}
	names := make([]string, 0, len(pages))
	for n := range pages {
		names = append(names, n)
	}
	slices.Sort(names)
	fetch := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		a.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	// rendered loads every page and names those not served from the cache.
	rendered := func() []string {
		var out []string
		for _, n := range names {
			r := fetch(pages[n])
			if r.Code != 200 {
				t.Fatalf("%s: %d", pages[n], r.Code)
			}
			if r.Header().Get("X-Cache") != "HIT" {
				out = append(out, n)
			}
		}
		return out
	}
	if got := rendered(); len(got) != len(names) {
		t.Fatalf("first visit rendered %v", got)
	}
	if got := rendered(); got != nil {
		t.Fatalf("second visit rendered %v, want every page from the cache", got)
	}

	// Each step changes something; the pages rendered again must be
	// exactly those that showed what changed (want, or, for an edit, the
	// pages that linked to the story), and they must show the change.
	showing := func(path string) (out []string) {
		for _, n := range names {
			if strings.Contains(fetch(pages[n]).Body.String(), `href="`+path+`"`) || pages[n] == path {
				out = append(out, n)
			}
		}
		return out
	}
	allEnglish := []string{"cycling", "en front", "harbours", "newest", "oldest", "sport", "sport story", "world"}
	for _, step := range []struct {
		name   string
		change func() []string // the pages that must be rendered again
		shows  map[string]string
	}{
		{"the oldest world story corrected", func() []string {
			want := showing(world[0].Path())
			c := editorial.ChangesFrom(world[0])
			c.Headline = "World story 0, corrected"
			var err error
			if world[0], err = a.Editorial.Update(ctx, ed, world[0].ID, c); err != nil {
				t.Fatal(err)
			}
			return want
		}, map[string]string{"oldest": "World story 0, corrected", "world": "World story 0, corrected"}},
		{"a sport story published: every English page has the river", func() []string {
			publish("en", "sport", "Breaking sport news")
			return allEnglish
		}, map[string]string{"en front": "Breaking sport news", "sport": "Breaking sport news", "newest": "Breaking sport news"}},
		{"an older sport story tagged Harbours: its pages and the Harbours page", func() []string {
			want := append(showing(sport.Path()), "harbours")
			c := editorial.ChangesFrom(sport)
			c.Topics = append(c.Topics, "Harbours")
			var err error
			if sport, err = a.Editorial.Update(ctx, ed, sport.ID, c); err != nil {
				t.Fatal(err)
			}
			slices.Sort(want)
			return slices.Compact(want)
		}, map[string]string{"harbours": "Sport story"}},
		{"a Spanish story published", func() []string {
			publish("es", "mundo", "Noticia de última hora")
			return []string{"es front"}
		}, map[string]string{"es front": "Noticia de última hora"}},
		{"a draft saved", func() []string {
			if _, err := a.Editorial.Create(ctx, ed, editorial.Draft{Edition: "en", Section: "world", Headline: "Not yet", Body: "Text."}); err != nil {
				t.Fatal(err)
			}
			return nil
		}, nil},
	} {
		want := step.change()
		got := rendered()
		if !slices.Equal(got, want) {
			t.Errorf("%s: rendered again %v, want %v", step.name, got, want)
		}
		for page, text := range step.shows {
			if body := fetch(pages[page]).Body.String(); !strings.Contains(body, text) {
				t.Errorf("%s: %s does not show %q", step.name, page, text)
			}
		}
	}

	// Withdrawn: its page answers 410 at once, and the lists lose it.
	if _, err := a.Editorial.Unpublish(ctx, ed, world[14].ID); err != nil {
		t.Fatal(err)
	}
	if r := fetch(world[14].Path()); r.Code != http.StatusGone {
		t.Errorf("the withdrawn story answers %d", r.Code)
	}
	if body := fetch("/en/world/").Body.String(); strings.Contains(body, "World story 14") {
		t.Error("the section page still lists the withdrawn story")
	}
	st := a.Pages.Stats()
	t.Logf("page cache: %d hits, %d misses, %d pages dropped, %d pages held in %d bytes", st.Hits, st.Misses, st.Dropped, st.Entries, st.Bytes)
}
