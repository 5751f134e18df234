package news

import (
	"context"
	"time"
)

// SearchQuery is a reader's search in one edition. Text is what they typed:
// words, and "quoted phrases" that must appear as written; case and
// accents do not matter ("sanchez" finds "Sánchez"), and words match their
// other forms ("elections" finds "election").
type SearchQuery struct {
	Edition   string
	Text      string
	SectionID int64     // 0 for every section
	TopicID   int64     // 0 for every topic
	From, To  time.Time // published at or after From and before To; zero for open
	Limit     int       // 1..100
	Offset    int       // for pages after the first
	Now       time.Time // what "visible" means: drafts, scheduled and embargoed stories are never found
}

// MaxSearchText bounds a query's length, in bytes.
const MaxSearchText = 500

// Span is a piece of a snippet; Mark is set on the words that matched.
type Span struct {
	Text string
	Mark bool
}

// SearchHit is one story found, best first: by relevance, then recency.
type SearchHit struct {
	Teaser
	Snippet []Span // a passage of the story around the matches
}

// SearchResult is one page of hits and how many there are in all.
type SearchResult struct {
	Hits  []SearchHit
	Total int
}

// SearchStore finds stories by their text.
type SearchStore interface {
	// Search returns visible stories of q.Edition matching q. An empty or
	// unusable query is a CodeInvalid error.
	Search(ctx context.Context, q SearchQuery) (SearchResult, error)
}
