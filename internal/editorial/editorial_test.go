package editorial

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/markup"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
)

var now = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

func service(t *testing.T) *Service {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, e := range news.DefaultEditions() {
		if err := st.CreateEdition(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []news.Section{{Edition: "en", Slug: "world", Name: "World"}, {Edition: "ar", Slug: "world", Name: "العالم"}} {
		if err := st.CreateSection(ctx, &s); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.CreateAuthor(ctx, &news.Author{Slug: "ana", Name: "Ana"}); err != nil {
		t.Fatal(err)
	}
	return &Service{Store: st, Markup: markup.New(), Now: func() time.Time { return now }}
}

func TestCreate(t *testing.T) {
	s := service(t)
	ctx := context.Background()
	a, err := s.Create(ctx, Draft{Edition: "en", Section: "world", Headline: "  Talks open in Geneva  ",
		Body: "# Heading\n\nText <script>x</script>", Authors: []string{"ana"}, Topics: []string{"Geneva", "Geneva", " "}})
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case a.Status != news.Draft || !a.PublishedAt.IsZero():
		t.Errorf("a new story should be a draft: %s %v", a.Status, a.PublishedAt)
	case a.Slug != "talks-open-in-geneva" || a.Headline != "Talks open in Geneva":
		t.Errorf("slug %q headline %q", a.Slug, a.Headline)
	case strings.Contains(a.BodyHTML, "<script") || !strings.Contains(a.BodyHTML, "<h2"):
		t.Errorf("body HTML %q", a.BodyHTML)
	case len(a.Topics) != 1 || a.Topics[0].Kind != news.Subject:
		t.Errorf("topics %+v: want one new subject", a.Topics)
	}
	again, err := s.Create(ctx, Draft{Edition: "en", Section: "world", Headline: "Talks open in Geneva"})
	if err != nil || again.Slug != "talks-open-in-geneva-2" {
		t.Errorf("second story with the same headline: slug %q, %v", again.Slug, err)
	}
	_, err = s.Create(ctx, Draft{Edition: "en", Section: "world", Headline: "Chosen", Slug: "talks-open-in-geneva"})
	if news.ErrorCode(err) != news.CodeConflict {
		t.Errorf("a chosen slug that is taken: %v, want a conflict", err)
	}
	ar, err := s.Create(ctx, Draft{Edition: "ar", Section: "world", Headline: "قمة المناخ", TranslationOf: a.ID})
	if err != nil || ar.Slug != "قمة-المناخ" || ar.TranslationGroup != a.ID {
		t.Errorf("Arabic translation: slug %q group %d, %v", ar.Slug, ar.TranslationGroup, err)
	}
}

func TestCreateRejectsBadInput(t *testing.T) {
	s := service(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		d     Draft
		field string
	}{
		{"unknown section and author together", Draft{Edition: "en", Section: "nope", Headline: "x", Authors: []string{"ghost"}}, "section"},
		{"no headline", Draft{Edition: "en", Section: "world"}, "headline"},
		{"publication date in the future", Draft{Edition: "en", Section: "world", Headline: "x", Body: "b", Credit: "c", PublishedAt: now.Add(time.Hour)}, "published_at"},
		{"published without a body", Draft{Edition: "en", Section: "world", Headline: "x", Credit: "c", PublishedAt: now}, "body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Create(ctx, tt.d)
			if news.ErrorCode(err) != news.CodeInvalid || !strings.Contains(err.Error(), tt.field) {
				t.Fatalf("Create = %v, want an invalid %s", err, tt.field)
			}
		})
	}
	if _, err := s.Create(ctx, Draft{Edition: "en", Section: "nope", Headline: "x", Authors: []string{"ghost"}}); !strings.Contains(err.Error(), "ghost") {
		t.Errorf("every problem should be reported at once: %v", err)
	}
	n, _ := s.Store.Count(ctx, news.ListQuery{Edition: "en", Now: now})
	if n != 0 {
		t.Errorf("rejected drafts were published: %d", n)
	}
}

func TestPublishScheduleUnpublishCorrect(t *testing.T) {
	s := service(t)
	ctx := context.Background()
	a, err := s.Create(ctx, Draft{Edition: "en", Section: "world", Headline: "Story", Body: "Text.", Authors: []string{"ana"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Unpublish(ctx, a.ID); news.ErrorCode(err) != news.CodeInvalid {
		t.Errorf("unpublishing a draft: %v, want invalid", err)
	}
	later := now.Add(2 * time.Hour)
	sched, err := s.Publish(ctx, a.ID, later)
	if err != nil || sched.Status != news.Scheduled || !sched.PublishedAt.Equal(later) {
		t.Fatalf("schedule: %s %v %v", sched.Status, sched.PublishedAt, err)
	}
	if sched.VisibleAt(now) || !sched.VisibleAt(later) {
		t.Error("a scheduled story should appear at its time, not before")
	}
	pub, err := s.Publish(ctx, a.ID, time.Time{})
	if err != nil || pub.Status != news.Published || !pub.PublishedAt.Equal(now) {
		t.Fatalf("publish now: %s %v %v", pub.Status, pub.PublishedAt, err)
	}
	if _, err := s.Unpublish(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return now.Add(time.Hour) }
	back, err := s.Publish(ctx, a.ID, time.Time{})
	if err != nil || !back.PublishedAt.Equal(now) || !back.UpdatedAt.Equal(now.Add(time.Hour)) {
		t.Errorf("republishing keeps the first publication time: %v / %v (%v)", back.PublishedAt, back.UpdatedAt, err)
	}
	if _, err := s.Correct(ctx, a.ID, "  "); news.ErrorCode(err) != news.CodeInvalid {
		t.Errorf("empty correction: %v", err)
	}
	c, err := s.Correct(ctx, a.ID, "We misnamed the minister.")
	if err != nil || c.ID == 0 {
		t.Fatalf("correct: %v", err)
	}
	if _, err := s.Publish(ctx, 9999, time.Time{}); news.ErrorCode(err) != news.CodeNotFound {
		t.Errorf("publishing a missing story: %v", err)
	}
}
