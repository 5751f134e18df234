package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/bylinehq/byline/internal/news"
)

const topicRefQuery = `SELECT t.id, t.kind, n.edition, n.name, n.slug
	FROM topic_names n JOIN topics t ON t.id = n.topic_id `

func scanTopicRef(row rowScanner) (news.TopicRef, error) {
	var r news.TopicRef
	err := row.Scan(&r.ID, &r.Kind, &r.Edition, &r.Name, &r.Slug)
	return r, err
}

// Topic returns the topic whose page slug in edition is slug.
func (s *Store) Topic(ctx context.Context, edition, slug string) (news.TopicRef, error) {
	r, err := scanTopicRef(s.read.QueryRowContext(ctx, s.q(topicRefQuery+`WHERE n.edition = ? AND n.slug = ?`), edition, slug))
	if errors.Is(err, sql.ErrNoRows) {
		return r, news.NotFound("no topic %q in edition %q", slug, edition)
	}
	return r, err
}

// TopicByName returns the topic named name in edition.
func (s *Store) TopicByName(ctx context.Context, edition, name string) (news.TopicRef, error) {
	r, err := scanTopicRef(s.read.QueryRowContext(ctx, s.q(topicRefQuery+`WHERE n.edition = ? AND n.name = ? ORDER BY t.id LIMIT 1`), edition, name))
	if errors.Is(err, sql.ErrNoRows) {
		return r, news.NotFound("no topic named %q in edition %q", name, edition)
	}
	return r, err
}

// SuggestTopics finds topics by name prefix for suggest-as-you-type.
func (s *Store) SuggestTopics(ctx context.Context, edition, prefix string, limit int) ([]news.TopicRef, error) {
	return queryAll(ctx, s.read, "topics", scanTopicRef, s.q(topicRefQuery+`WHERE n.edition = ? AND LOWER(n.name) LIKE ? ESCAPE '\'
		ORDER BY LENGTH(n.name), n.name LIMIT ?`), edition, escapeLike(strings.ToLower(prefix))+"%", limit)
}

// CreateTopic validates and adds a topic with its names, setting its ID.
func (s *Store) CreateTopic(ctx context.Context, t *news.Topic) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO topics (kind) VALUES (?) RETURNING id`), t.Kind).Scan(&t.ID); err != nil {
			return err
		}
		for _, n := range t.Names {
			if err := editionExists(ctx, s, tx, n.Edition); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, s.q(`INSERT INTO topic_names (topic_id, edition, name, slug) VALUES (?, ?, ?, ?)`), t.ID, n.Edition, n.Name, n.Slug)
			if s.d.isUnique(err) {
				return news.Errorf(news.CodeConflict, "edition %q already has a topic at %q", n.Edition, n.Slug)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}
