package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bylinehq/byline/internal/news"
)

// TestTopicsAndReadAlsoInBrowser: an editor writes a story, adds a
// suggested topic with one click (it goes into the topics field and is
// saved with the story), rejects another (it is not offered again), pins a
// story to the Read also block, publishes, and readers see the pin first.
func TestTopicsAndReadAlsoInBrowser(t *testing.T) {
	a, base := liveApp(t)
	ctx := browser(t)
	run(t, ctx, chromedp.EmulateViewport(1280, 900))
	signIn(t, ctx, base, "editor@example.org")

	run(t, ctx,
		chromedp.Navigate(base+"/admin/articles/new?edition=en"),
		chromedp.SetValue(chromedp.CSS("#headline"), "Portugal backs a night rail link from Lisbon"),
		chromedp.SetValue(chromedp.CSS("#standfirst"), "The transport minister wants sleeper trains running within two years."),
		chromedp.SendKeys(chromedp.CSS("#body"), "Transport Minister Carla Duarte told reporters in Lisbon that Portugal would fund the first sleeper line.\n\nDuarte said the trains would reach Madrid overnight."),
		chromedp.SetValue(chromedp.CSS("#section"), "world"),
		chromedp.Click(chromedp.CSS(`button[value="save"]`)),
		arrived("created"),
	)
	suggested := text(t, ctx, "section.topic-suggestions")
	for _, want := range []string{"Lisbon", "Portugal", "Carla Duarte"} {
		if !strings.Contains(suggested, want) {
			t.Fatalf("suggestions %q lack %q", suggested, want)
		}
	}
	shot(t, ctx, "topic-suggestions")

	// Add puts the name into the field; saving stores it as a topic.
	run(t, ctx,
		chromedp.Click(chromedp.CSS(`button[data-add-topic="Lisbon"]`)),
		chromedp.Click(chromedp.CSS(`button[value="save"]`)),
		arrived("saved"),
	)
	storyURL, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	id := storyID(t, storyURL)
	story, err := a.Store.Article(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(story.Topics) != 1 || story.Topics[0].Name != "Lisbon" || story.Topics[0].Kind != news.Place {
		t.Fatalf("topics after adding Lisbon: %+v", story.Topics)
	}
	if names := suggestionNames(t, ctx); strings.Contains(names, "Lisbon") {
		t.Errorf("Lisbon is still suggested after it was added: %q", names)
	}

	// Reject is remembered.
	run(t, ctx,
		chromedp.Click(chromedp.CSS(`section.topic-suggestions form:has(input[value="Portugal"]) button[value="reject"]`)),
		arrived("topic_rejected"),
		chromedp.Navigate(storyURL),
	)
	if names := suggestionNames(t, ctx); strings.Contains(names, "Portugal") || !strings.Contains(names, "Carla Duarte") {
		t.Errorf("suggestions after rejecting Portugal: %q", names)
	}

	// Pin a demo story by its address, then publish.
	page, err := a.Store.List(context.Background(), news.ListQuery{Edition: "en", Limit: 30, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	pinned := page.Items[len(page.Items)-1]
	run(t, ctx,
		chromedp.SetValue(chromedp.CSS("#pin-related"), base+pinned.Path()),
		chromedp.Click(chromedp.CSS(`section.read-also form:has(#pin-related) button`)),
		arrived("read_also_changed"),
	)
	if s := text(t, ctx, "section.read-also ol li:first-child"); !strings.Contains(s, pinned.Headline) {
		t.Errorf("first Read also item in the editor %q, want the pinned %q", s, pinned.Headline)
	}
	shot(t, ctx, "read-also-panel")
	run(t, ctx,
		chromedp.Click(chromedp.CSS(`form[action$="/publish"]:not(.inline) button`)),
		arrived("published"),
	)
	story, err = a.Store.Article(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, chromedp.Navigate(base+story.Path()))
	if s := text(t, ctx, ".read-also-list li:first-child .read-also-headline"); s != pinned.Headline {
		t.Errorf("readers' first Read also item %q, want the pinned %q", s, pinned.Headline)
	}
}

// suggestionNames lists the names the editor's suggestions offer.
func suggestionNames(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll(".suggestions > li > p > strong")].map(e => e.textContent).join("|")`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// storyID reads the story id from an editor address, /admin/articles/{id}.
func storyID(t *testing.T, u string) int64 {
	t.Helper()
	path, _, _ := strings.Cut(u, "?")
	var id int64
	if _, err := fmt.Sscanf(path[strings.LastIndex(path, "/")+1:], "%d", &id); err != nil || id == 0 {
		t.Fatalf("no story id in %q", u)
	}
	return id
}
