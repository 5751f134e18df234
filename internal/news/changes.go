package news

import (
	"context"
	"time"
)

// StoryChange is where a saved story stands after the save: what decides
// which pages show it. Page caches read these in change-sequence order and
// drop exactly the pages the change affects.
type StoryChange struct {
	ID               int64
	Edition          string
	TranslationGroup int64
	SectionID        int64
	Status           Status
	PublishedAt      time.Time
	EmbargoUntil     time.Time
	Topics           []int64
	Authors          []int64
	Seq              int64
}

// VisibleAt reports whether readers see the story at now, as
// Article.VisibleAt does.
func (c StoryChange) VisibleAt(now time.Time) bool {
	a := Article{Status: c.Status, PublishedAt: c.PublishedAt, EmbargoUntil: c.EmbargoUntil}
	return a.VisibleAt(now)
}

// Versions are the store's two change counters: Stories is the highest
// story change sequence number, Site counts changes to what frames every
// page (editions, sections, topic names).
type Versions struct {
	Stories, Site int64
}

// ChangeFeed is how caches on any node follow the store.
type ChangeFeed interface {
	// Versions returns both change counters in one snapshot.
	Versions(ctx context.Context) (Versions, error)
	// ChangedStories returns, in sequence order, up to limit stories
	// saved after seq, as they stand now.
	ChangedStories(ctx context.Context, after int64, limit int) ([]StoryChange, error)
	// NextVisibility returns the earliest time after now at which a
	// story appears with no write (its scheduled time, its embargo's
	// end); the zero time when none waits.
	NextVisibility(ctx context.Context, now time.Time) (time.Time, error)
}
