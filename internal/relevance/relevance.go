// Package relevance chooses the stories shown beside a story and analyses
// text for search. The "Read also" ranking sits behind one interface so that
// a text-relevance engine can replace the store's topic-overlap ranking
// without touching the pages. Terms, ParseQuery and Snippet are the one
// language analysis that a store indexes stories with, parses readers'
// queries with and cuts highlighted snippets with.
package relevance

import (
	"context"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// ReadAlsoLimit is how many stories the "Read also" block shows.
const ReadAlsoLimit = 5

// Ranker picks the "Read also" stories for an article.
type Ranker interface {
	ReadAlso(ctx context.Context, a *news.Article, now time.Time) ([]news.Teaser, error)
}

// relatedStore is the part of the store the topic ranker needs.
type relatedStore interface {
	Related(ctx context.Context, a *news.Article, limit int, now time.Time) ([]news.Teaser, error)
}

// TopicRanker ranks other visible stories of the same edition by shared
// topics, then same section, then recency, leaving out the story's own
// translations.
type TopicRanker struct{ Store relatedStore }

// ReadAlso returns up to ReadAlsoLimit stories.
func (r TopicRanker) ReadAlso(ctx context.Context, a *news.Article, now time.Time) ([]news.Teaser, error) {
	return r.Store.Related(ctx, a, ReadAlsoLimit, now)
}
