package relevance

import "github.com/bylinehq/byline/internal/news"

// RankUncached ranks a against its edition as Rank does after any change
// to the edition, bypassing the ranking cache: for benchmarks.
func (e *Engine) RankUncached(a *news.Article) []Scored {
	e.mu.RLock()
	defer e.mu.RUnlock()
	sh := e.shards[a.Edition]
	if sh == nil || e.docs[a.ID] == nil {
		return nil
	}
	return e.score(sh, e.docs[a.ID])
}
