// Package relevance chooses the stories shown beside a story and analyses
// text for search. The pages see the "Read also" ranking through one
// interface, Ranker; Engine implements it. Terms, ParseQuery and Snippet
// are the one language analysis that a store indexes stories with, parses
// readers' queries with and cuts highlighted snippets with.
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

// relatedStore is the store's topic-and-section ranking, which fills a
// block the engine leaves short.
type relatedStore interface {
	Related(ctx context.Context, a *news.Article, limit int, now time.Time) ([]news.Teaser, error)
}
