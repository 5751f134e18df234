package news

import (
	"context"
	"time"
)

// ArchiveMonth is one calendar month (in UTC) of an edition's visible
// stories: what a sitemap index lists.
type ArchiveMonth struct {
	Month    time.Time // the first instant of the month, UTC
	Count    int
	Modified time.Time // the newest publication, update or correction
}

// ArchiveQuery selects the visible stories of one edition first published
// in [From, To), oldest first unless NewestFirst, Offset rows skipped.
type ArchiveQuery struct {
	Edition     string
	From, To    time.Time
	NewestFirst bool
	Offset      int
	Limit       int
	Now         time.Time
}

// ArchiveEntry is a story as a sitemap lists it.
type ArchiveEntry struct {
	ID          int64
	Edition     string
	Path        string
	Headline    string
	PublishedAt time.Time
	// Modified is the latest of publication, update and correction times:
	// a correction changes what readers see.
	Modified time.Time
	// Translations are the visible versions in other editions, in edition
	// order.
	Translations []Translation
}

// MaxArchiveLimit bounds one ArchiveQuery: the sitemap protocol's limit.
const MaxArchiveLimit = 50_000

// FeedStore is what feeds and sitemaps read. Like List, every method
// returns only stories visible at the query's Now.
type FeedStore interface {
	// ListArticles returns up to q.Limit (at most 200) complete visible
	// stories, with authors, topics and corrections, that q's filters
	// select, newest first; q's cursors must be nil. An empty result is not
	// an error.
	ListArticles(ctx context.Context, q ListQuery) ([]*Article, error)
	// ArchiveMonths returns the months that have visible stories in
	// edition, oldest first.
	ArchiveMonths(ctx context.Context, edition string, now time.Time) ([]ArchiveMonth, error)
	// Archive returns the stories q selects with their translations.
	Archive(ctx context.Context, q ArchiveQuery) ([]ArchiveEntry, error)
}
