package app_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
)

// dbURLs maps a test's data directory to its PostgreSQL schema (under
// BYLINE_TEST_STORE=postgres), so that an app started again on the same
// directory finds the same store.
var dbURLs sync.Map

func storeURL(t *testing.T, dir string) string {
	t.Helper()
	if u, ok := dbURLs.Load(dir); ok {
		return u.(string)
	}
	u := testenv.DBURL(t)
	dbURLs.Store(dir, u)
	return u
}

func openApp(t *testing.T, dir string) *app.App {
	t.Helper()
	a, err := app.New(context.Background(), app.Config{DBURL: storeURL(t, dir), DataDir: dir, Now: time.Now, Out: io.Discard,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), JobInterval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestScheduledPublishSurvivesRestart schedules a story, stops Byline
// before its time, starts two instances on the same store after it, and
// checks the story is published promptly and exactly once.
func TestScheduledPublishSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	first := openApp(t, dir)
	sec := news.Section{Edition: "en", Slug: "world", Name: "World"}
	if err := first.Store.CreateSection(ctx, &sec); err != nil {
		t.Fatal(err)
	}
	story, err := first.Editorial.Create(ctx, editorial.System(), editorial.Draft{Edition: "en", Section: "world",
		Headline: "Scheduled while the server was down", Body: "Text.", Credit: "Byline"})
	if err != nil {
		t.Fatal(err)
	}
	due := time.Now().Add(1500 * time.Millisecond)
	if _, err := first.Editorial.Publish(ctx, editorial.System(), story.ID, due); err != nil {
		t.Fatal(err)
	}
	first.Close() // the only node goes down before the story's time
	time.Sleep(time.Until(due) + 500*time.Millisecond)

	a, b := openApp(t, dir), openApp(t, dir) // two nodes come back
	_, stopA := serveApp(t, a)
	_, stopB := serveApp(t, b)
	defer stopB()
	defer stopA()
	deadline := time.Now().Add(5 * time.Second)
	for {
		cur, err := a.Store.Article(ctx, story.ID)
		if err != nil {
			t.Fatal(err)
		}
		if cur.Status == news.Published {
			if !cur.PublishedAt.Equal(due.UTC().Truncate(time.Millisecond)) {
				t.Errorf("published at %v, want the scheduled %v", cur.PublishedAt, due)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not published within 5 s of restarting: %s", cur.Status)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // give a second worker every chance to run it again
	revs, err := a.Store.Revisions(ctx, story.ID)
	if err != nil {
		t.Fatal(err)
	}
	flips := 0
	for _, r := range revs {
		if r.Status == news.Published {
			flips++
		}
	}
	if flips != 1 {
		t.Errorf("the story was published %d times, want exactly once", flips)
	}
	if jobs, _ := a.Store.PendingJobs(ctx); len(jobs) != 0 {
		t.Errorf("jobs still pending: %+v", jobs)
	}
}
