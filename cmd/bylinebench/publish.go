package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// publishResult says whether a story published through the Admin API was
// on the pages readers see at the very next request.
type publishResult struct {
	Headline  string
	Path      string        // the new story's address
	Create    time.Duration // POST /api/v1/admin/articles
	Publish   time.Duration // POST /api/v1/admin/articles/{id}/publish
	Front     visibility
	Section   visibility
	StoryPage visibility
}

// visibility is one page's answer after the publish call returned.
type visibility struct {
	Path  string
	Next  bool          // the very next request showed the story
	After time.Duration // when not, how long until a request did (0: never within the wait)
}

func (v visibility) String() string {
	switch {
	case v.Next:
		return "yes, on the next request"
	case v.After > 0:
		return fmt.Sprintf("no; shown after %v", v.After.Round(time.Millisecond))
	}
	return fmt.Sprintf("no; not shown within %v", visibilityWait)
}

// visibilityWait bounds how long the check keeps asking for a page that
// did not show the new story at once.
const visibilityWait = 10 * time.Second

// checkPublish writes a story in section (an address such as /en/world/)
// as the bench's admin, publishes it, and then asks for the edition's
// front, the section front and the story itself.
func checkPublish(ctx context.Context, c *http.Client, origin, token, section string) (publishResult, error) {
	parts := strings.Split(strings.Trim(section, "/"), "/")
	if len(parts) != 2 {
		return publishResult{}, fmt.Errorf("publish: %q is not a section front", section)
	}
	edition := parts[0]
	res := publishResult{Headline: fmt.Sprintf("Bench desk files story %d", time.Now().UnixNano())}
	body, _ := json.Marshal(map[string]any{
		"edition": edition, "section": parts[1], "kind": "news", "headline": res.Headline,
		"standfirst": "A story the load benchmark publishes to see how soon readers get it.",
		"body":       "The benchmark wrote this story through the Admin API.\n\nIt checks the front and the section page at once.",
	})
	pg, err := do(ctx, c, http.MethodPost, origin+"/api/v1/admin/articles", token, body)
	if err != nil {
		return res, fmt.Errorf("publish: create: %w", err)
	}
	res.Create = pg.duration
	var created struct {
		ID  int64  `json:"id"`
		URL string `json:"url"`
	}
	if pg.status != http.StatusCreated || json.Unmarshal(pg.body, &created) != nil || created.ID == 0 {
		return res, fmt.Errorf("publish: create: status %d: %s", pg.status, snippet(pg.body))
	}
	u, err := url.Parse(created.URL)
	if err != nil {
		return res, fmt.Errorf("publish: create: url %q: %w", created.URL, err)
	}
	res.Path = u.RequestURI()
	pg, err = do(ctx, c, http.MethodPost, fmt.Sprintf("%s/api/v1/admin/articles/%d/publish", origin, created.ID), token, nil)
	if err != nil {
		return res, fmt.Errorf("publish: %w", err)
	}
	res.Publish = pg.duration
	if pg.status != http.StatusOK {
		return res, fmt.Errorf("publish: status %d: %s", pg.status, snippet(pg.body))
	}
	published := time.Now()
	res.Front.Path, res.Section.Path, res.StoryPage.Path = "/"+edition+"/", section, res.Path
	pages := []*visibility{&res.Front, &res.Section, &res.StoryPage}
	// One request to each first, so that "next request" means the same
	// for all three; then wait for those that did not show the story.
	for _, v := range pages {
		if v.Next, err = shows(ctx, c, origin, v.Path, res.Headline); err != nil {
			return res, err
		}
	}
	for _, v := range pages {
		for !v.Next && time.Since(published) < visibilityWait {
			select {
			case <-ctx.Done():
				return res, ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
			shown, err := shows(ctx, c, origin, v.Path, res.Headline)
			if err != nil {
				return res, err
			}
			if shown {
				v.After = time.Since(published)
				break
			}
		}
	}
	return res, nil
}

// shows reports whether path answers 200 with headline in it.
func shows(ctx context.Context, c *http.Client, origin, path, headline string) (bool, error) {
	pg, err := get(ctx, c, origin, path)
	if err != nil {
		return false, fmt.Errorf("publish: GET %s: %w", path, err)
	}
	return pg.status == http.StatusOK && bytes.Contains(pg.body, []byte(headline)), nil
}
