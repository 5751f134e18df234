package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/relevance"
)

// The search index holds every story's analysed terms (see 0005_search.sql
// of each dialect): an FTS5 table on SQLite, a table with a generated
// tsvector on PostgreSQL. The statements here are the same on both; how
// the index is matched and ranked is the dialect's (fullText).

// MaxSearchOffset bounds how deep a reader may page into results: deep
// pages cost the most and nobody reads them.
const MaxSearchOffset = 1000

// Relevance weights of the indexed columns: a word in the headline counts
// for much more than one in the body.
const (
	headlineWeight = 5.0
	bodyWeight     = 1.0
)

// indexArticle replaces a's row in the search index; it runs in the save's
// transaction, so the index never lags the story.
func (s *Store) indexArticle(ctx context.Context, tx *sql.Tx, a *news.Article) error {
	var lang string
	if err := tx.QueryRowContext(ctx, s.q(`SELECT tag FROM editions WHERE code = ?`), a.Edition).Scan(&lang); err != nil {
		return fmt.Errorf("store: index article: %w", err)
	}
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM search_index WHERE rowid = ?`), a.ID); err != nil {
		return fmt.Errorf("store: index article: %w", err)
	}
	h, b := searchDoc(lang, a.Headline, a.Standfirst, a.BodyHTML)
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO search_index (rowid, headline, body) VALUES (?, ?, ?)`), a.ID, h, b); err != nil {
		return fmt.Errorf("store: index article: %w", err)
	}
	return nil
}

// searchDoc returns the indexed columns of a story: the analysed terms of
// its headline, and of its standfirst and body text.
func searchDoc(lang, headline, standfirst, bodyHTML string) (h, b string) {
	return joinTerms(lang, headline), joinTerms(lang, bodyText(standfirst, bodyHTML))
}

// bodyText is the text snippets are cut from, and the body column indexes.
func bodyText(standfirst, bodyHTML string) string {
	return strings.TrimSpace(standfirst + "\n" + relevance.PlainText(bodyHTML))
}

func joinTerms(lang, text string) string {
	toks := relevance.Terms(lang, text)
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Term)
	}
	return b.String()
}

// reindexSearch rebuilds the whole search index in one transaction when it
// was built by another analyser version (or never, on a store that had
// stories before search existed).
func (s *Store) reindexSearch(ctx context.Context) error {
	var v int
	err := s.write.QueryRowContext(ctx, `SELECT value FROM search_meta WHERE key = 'analyzer'`).Scan(&v)
	if err == nil && v == relevance.AnalyzerVersion {
		return nil
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: search index version: %w", err)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		// Another process may have rebuilt it while this one waited.
		if err := s.lockSchema(ctx, tx); err != nil {
			return err
		}
		switch err := tx.QueryRowContext(ctx, `SELECT value FROM search_meta WHERE key = 'analyzer'`).Scan(&v); {
		case err == nil && v == relevance.AnalyzerVersion:
			return nil
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("store: search index version: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_index`); err != nil {
			return fmt.Errorf("store: clear search index: %w", err)
		}
		// Batches by id, so a large store is never held in memory at once.
		for after := int64(0); ; {
			n, last, err := s.reindexBatch(ctx, tx, after)
			if err != nil {
				return fmt.Errorf("store: rebuild search index: %w", err)
			}
			if n == 0 {
				break
			}
			after = last
		}
		if opt := s.d.searchOptimize(); opt != "" {
			if _, err := tx.ExecContext(ctx, opt); err != nil {
				return fmt.Errorf("store: optimize search index: %w", err)
			}
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO search_meta (key, value) VALUES ('analyzer', ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`), relevance.AnalyzerVersion)
		return err
	})
}

type searchRow struct {
	id                                   int64
	lang, headline, standfirst, bodyHTML string
}

func (s *Store) reindexBatch(ctx context.Context, tx *sql.Tx, after int64) (n int, last int64, err error) {
	rows, err := queryAll(ctx, tx, "search rows", func(r rowScanner) (searchRow, error) {
		var d searchRow
		err := r.Scan(&d.id, &d.lang, &d.headline, &d.standfirst, &d.bodyHTML)
		return d, err
	}, s.q(`SELECT a.id, e.tag, a.headline, a.standfirst, a.body_html FROM articles a
		JOIN editions e ON e.code = a.edition WHERE a.id > ? ORDER BY a.id LIMIT 500`), after)
	if err != nil || len(rows) == 0 {
		return 0, 0, err
	}
	stmt, err := tx.PrepareContext(ctx, s.q(`INSERT INTO search_index (rowid, headline, body) VALUES (?, ?, ?)`))
	if err != nil {
		return 0, 0, err
	}
	defer stmt.Close()
	for _, d := range rows {
		h, b := searchDoc(d.lang, d.headline, d.standfirst, d.bodyHTML)
		if _, err := stmt.ExecContext(ctx, d.id, h, b); err != nil {
			return 0, 0, err
		}
	}
	return len(rows), rows[len(rows)-1].id, nil
}

// ftsMatch writes a parsed query as an FTS5 query: every term in double
// quotes (so nothing a reader types is FTS5 syntax), phrases as one quoted
// string of terms, all ANDed.
func ftsMatch(q relevance.Query) string {
	parts := make([]string, len(q.Phrases))
	for i, p := range q.Phrases {
		parts[i] = `"` + strings.ReplaceAll(strings.Join(p, " "), `"`, `""`) + `"`
	}
	return strings.Join(parts, " ")
}

// Search returns one page of visible stories of q.Edition matching q, by
// relevance (headline weighted: bm25 on SQLite, ts_rank_cd on PostgreSQL)
// then recency, with snippets cut from each story's standfirst and body.
func (s *Store) Search(ctx context.Context, q news.SearchQuery) (news.SearchResult, error) {
	if err := checkSearch(q); err != nil {
		return news.SearchResult{}, err
	}
	if q.Now.IsZero() {
		q.Now = s.now()
	}
	var res news.SearchResult
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		var lang string
		err := tx.QueryRowContext(ctx, s.q(`SELECT tag FROM editions WHERE code = ?`), q.Edition).Scan(&lang)
		if errors.Is(err, sql.ErrNoRows) {
			return news.Invalid("edition", "there is no edition %q", q.Edition)
		}
		if err != nil {
			return fmt.Errorf("store: search: %w", err)
		}
		pq := relevance.ParseQuery(lang, q.Text)
		if pq.Empty() {
			return news.Invalid("text", "type at least one word to search for; very common words are ignored")
		}
		f := s.searchFilter(q, pq)
		from := s.searchFrom()
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*)`+from+f.where()), f.args...).Scan(&res.Total); err != nil {
			return fmt.Errorf("store: search count: %w", err)
		}
		if res.Total == 0 || q.Offset >= res.Total {
			return nil
		}
		// The page's ids first, from the index alone; then the ten stories.
		rank, rankArgs := s.d.searchRank(pq)
		query := `SELECT a.id` + from + f.where() + ` ORDER BY ` + rank + `, a.published_at DESC, a.id DESC LIMIT ? OFFSET ?`
		args := append(append(f.args, rankArgs...), q.Limit, q.Offset)
		ids, err := queryAll(ctx, tx, "search", func(r rowScanner) (int64, error) {
			var id int64
			return id, r.Scan(&id)
		}, s.q(query), args...)
		if err != nil {
			return err
		}
		res.Hits, err = s.searchHits(ctx, tx, lang, pq, ids)
		return err
	})
	return res, err
}

func checkSearch(q news.SearchQuery) error {
	switch {
	case q.Edition == "":
		return news.Invalid("edition", "choose an edition to search")
	case strings.TrimSpace(q.Text) == "":
		return news.Invalid("text", "type something to search for")
	case len(q.Text) > news.MaxSearchText:
		return news.Invalid("text", "a search is at most %d characters long", news.MaxSearchText)
	case q.Limit < 1 || q.Limit > 100:
		return news.Invalid("limit", "must be between 1 and 100")
	case q.Offset < 0 || q.Offset > MaxSearchOffset:
		return news.Invalid("offset", "must be between 0 and %d", MaxSearchOffset)
	case !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To):
		return news.Invalid("to", "the end of the date range must come after its start")
	}
	return nil
}

// searchFrom drives a search from the index: SQLite's CROSS JOIN keeps the
// left table outermost, where a plain join lets the planner walk every
// visible story and run the full-text query once per story; each match's
// visibility is read from the small articles_visibility index, not the
// story's row (see 0007_search_visibility.sql). PostgreSQL's planner
// orders the join by its own costs.
func (s *Store) searchFrom() string {
	return ` FROM search_index CROSS JOIN articles a` + s.d.indexedBy("articles_visibility")
}

// searchHits reads a page of matching stories, in the order of ids, with a
// snippet cut from each.
func (s *Store) searchHits(ctx context.Context, tx *sql.Tx, lang string, pq relevance.Query, ids []int64) ([]news.SearchHit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	terms := pq.Terms()
	hits, err := queryAll(ctx, tx, "search hits", func(r rowScanner) (news.SearchHit, error) {
		var standfirst, body string
		t, err := scanTeaser(r, &standfirst, &body)
		snip := relevance.Snippet(lang, bodyText(standfirst, body), terms, relevance.SnippetWords)
		return news.SearchHit{Teaser: t, Snippet: snip}, err
	}, s.q(`SELECT `+teaserCols+`, a.standfirst, a.body_html`+articleFrom+` WHERE a.id IN (`+placeholders(len(ids))+`)`), idArgs(ids)...)
	if err != nil {
		return nil, err
	}
	return inOrder(ids, hits, func(h news.SearchHit) int64 { return h.Teaser.ID }), nil
}

func (s *Store) searchFilter(q news.SearchQuery, pq relevance.Query) filter {
	var f filter
	match, arg := s.d.searchMatch(pq)
	f.add(match, arg)
	f.add("a.id = search_index.rowid")
	// Matches are few next to the edition: testing each is cheap.
	lf := listFilter(news.ListQuery{Edition: q.Edition, SectionID: q.SectionID, TopicID: q.TopicID, Now: q.Now}, smallLists{})
	f.add(strings.Join(lf.conds, " AND "), lf.args...)
	if !q.From.IsZero() {
		f.add("a.published_at >= ?", q.From.UnixMilli())
	}
	if !q.To.IsZero() {
		f.add("a.published_at < ?", q.To.UnixMilli())
	}
	return f
}
