package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// Articles loads the articles with ids in one read transaction, in the
// order asked; ids with no article are skipped.
func (s *Store) Articles(ctx context.Context, ids []int64) ([]*news.Article, error) {
	out := make([]*news.Article, 0, len(ids))
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			a, err := s.loadArticle(ctx, tx, id)
			if news.ErrorCode(err) == news.CodeNotFound {
				continue
			}
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return nil
	})
	return out, err
}

// TopicsInPrint lists the topics of edition with visible stories, by name.
func (s *Store) TopicsInPrint(ctx context.Context, edition string, now time.Time) ([]news.TopicUse, error) {
	n := now.UnixMilli()
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT t.id, t.kind, nm.edition, nm.name, nm.slug, COUNT(*)
		FROM topic_names nm
		JOIN topics t ON t.id = nm.topic_id
		JOIN article_topics at ON at.topic_id = t.id
		JOIN articles a ON a.id = at.article_id AND a.edition = nm.edition
		WHERE nm.edition = ? AND `+visible+`
		GROUP BY t.id, t.kind, nm.edition, nm.name, nm.slug
		ORDER BY nm.name, t.id`), edition, n, n)
	if err != nil {
		return nil, fmt.Errorf("store: topics in print: %w", err)
	}
	defer rows.Close()
	out := []news.TopicUse{}
	for rows.Next() {
		var u news.TopicUse
		if err := rows.Scan(&u.ID, &u.Kind, &u.Edition, &u.Name, &u.Slug, &u.Stories); err != nil {
			return nil, fmt.Errorf("store: topics in print: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// AuthorsInPrint lists the authors with visible stories, in edition or in
// every edition when it is empty, by name.
func (s *Store) AuthorsInPrint(ctx context.Context, edition string, now time.Time) ([]news.AuthorUse, error) {
	n := now.UnixMilli()
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT au.id, au.slug, au.name, COUNT(*)
		FROM authors au
		JOIN article_authors aa ON aa.author_id = au.id
		JOIN articles a ON a.id = aa.article_id
		WHERE (? = '' OR a.edition = ?) AND `+visible+`
		GROUP BY au.id, au.slug, au.name
		ORDER BY au.name, au.id`), edition, edition, n, n)
	if err != nil {
		return nil, fmt.Errorf("store: authors in print: %w", err)
	}
	defer rows.Close()
	out := []news.AuthorUse{}
	for rows.Next() {
		var u news.AuthorUse
		if err := rows.Scan(&u.ID, &u.Slug, &u.Name, &u.Stories); err != nil {
			return nil, fmt.Errorf("store: authors in print: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
