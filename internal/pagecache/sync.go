package pagecache

import (
	"context"
	"sync"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// Source is what the cache reads of the store to follow changes.
type Source interface {
	Versions(ctx context.Context) (news.Versions, error)
	ChangedStories(ctx context.Context, after int64, limit int) ([]news.StoryChange, error)
	NextVisibility(ctx context.Context, now time.Time) (time.Time, error)
}

// syncState is what the cache last read of the store.
type syncState struct {
	mu   sync.Mutex
	seen news.Versions
	// known is each story's state as of its last change seen here: a
	// change is compared with it to find the lists the story left or
	// entered. A story not in it is treated as having been anywhere.
	known map[int64]news.StoryChange
	ready bool
}

// changeBatch is how many story changes one query reads.
const changeBatch = 500

// Sync reads the changes made since the last sync, by any process, and
// drops the pages they affect. It is cheap when nothing changed (one
// query), so it runs after every local commit and on a timer.
func (c *Cache) Sync(ctx context.Context) error {
	if c.src == nil {
		return nil
	}
	st := &c.sync
	st.mu.Lock()
	defer st.mu.Unlock()
	v, err := c.src.Versions(ctx)
	if err != nil {
		return err
	}
	if !st.ready {
		// Nothing is cached before the first sync: start from here.
		st.seen, st.known, st.ready = v, map[int64]news.StoryChange{}, true
		return c.refreshVisibility(ctx)
	}
	if v == st.seen {
		if nv := c.nextVisible.Load(); nv != 0 && c.cfg.Now().UnixMilli() >= nv {
			return c.refreshVisibility(ctx)
		}
		return nil
	}
	if v.Site != st.seen.Site {
		c.Purge()
		st.seen.Site = v.Site
	}
	for st.seen.Stories < v.Stories {
		changes, err := c.src.ChangedStories(ctx, st.seen.Stories, changeBatch)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			break
		}
		now := c.cfg.Now()
		var tags []string
		for _, ch := range changes {
			old, known := st.known[ch.ID]
			tags = append(tags, affected(old, known, ch, now)...)
			st.known[ch.ID] = ch
			st.seen.Stories = ch.Seq
		}
		c.Drop(tags...)
	}
	st.seen.Stories = max(st.seen.Stories, v.Stories)
	return c.refreshVisibility(ctx)
}

func (c *Cache) refreshVisibility(ctx context.Context) error {
	next, err := c.src.NextVisibility(ctx, c.cfg.Now())
	if err != nil {
		return err
	}
	var ms int64
	if !next.IsZero() {
		ms = next.UnixMilli()
	}
	if old := c.nextVisible.Swap(ms); old != 0 && old != ms && c.cfg.Now().UnixMilli() >= old {
		// A story appeared by its time alone: every page rendered before
		// may lack it (get checks this until now, Purge settles it).
		c.Purge()
	}
	return nil
}

// affected lists the tags of the pages a story's change reaches: those
// showing it, and the lists it entered or left.
func affected(old news.StoryChange, known bool, now news.StoryChange, at time.Time) []string {
	tags := []string{Story(now.ID)}
	if now.TranslationGroup != 0 {
		tags = append(tags, Group(now.TranslationGroup))
	}
	if known && old.TranslationGroup != 0 && old.TranslationGroup != now.TranslationGroup {
		tags = append(tags, Group(old.TranslationGroup))
	}
	isVisible := now.VisibleAt(at)
	if !known && !isVisible {
		// First sight of a hidden story: a new draft, most often, or one
		// withdrawn that this process had not seen change; the pages that
		// show it carry its own tag. (A list page after one that showed
		// it may keep its old cut until the TTL.)
		return tags
	}
	wasVisible := !known || old.VisibleAt(at)
	if !wasVisible && !isVisible {
		return tags // a draft: no public page shows it
	}
	tags = append(tags, Edition(now.Edition)) // search and sitemaps
	moved := !known || wasVisible != isVisible || !old.PublishedAt.Equal(now.PublishedAt)
	if moved {
		tags = append(tags, River(now.Edition))
		tags = append(tags, lists(now)...)
		if known {
			tags = append(tags, lists(old)...)
		}
		return tags
	}
	// Still visible at the same time: only lists joined or left change.
	return append(tags, symmetricDifference(lists(old), lists(now))...)
}

// lists are the list tags a story belongs to.
func lists(c news.StoryChange) []string {
	out := []string{SectionList(c.Edition, c.SectionID)}
	for _, t := range c.Topics {
		out = append(out, TopicList(c.Edition, t))
	}
	for _, a := range c.Authors {
		out = append(out, AuthorList(c.Edition, a))
	}
	return out
}

func symmetricDifference(a, b []string) []string {
	in := func(list []string, x string) bool {
		for _, y := range list {
			if x == y {
				return true
			}
		}
		return false
	}
	var out []string
	for _, x := range a {
		if !in(b, x) {
			out = append(out, x)
		}
	}
	for _, x := range b {
		if !in(a, x) {
			out = append(out, x)
		}
	}
	return out
}

// Run syncs every interval until ctx ends: it catches changes other
// processes make (the command line, other nodes) and stories whose time
// comes.
func (c *Cache) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	failing := false // log when syncing starts and stops failing, not every tick
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			err := c.Sync(ctx)
			switch {
			case ctx.Err() != nil:
				return
			case err != nil && !failing:
				c.cfg.Log.WarnContext(ctx, "page cache: cannot follow the store's changes; serving the pages it holds", "err", err)
			case err == nil && failing:
				c.cfg.Log.InfoContext(ctx, "page cache: following the store's changes again")
			}
			failing = err != nil
		}
	}
}
