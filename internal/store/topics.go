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
			_, err := tx.ExecContext(ctx, s.q(`INSERT INTO topic_names (topic_id, edition, name, slug, folded) VALUES (?, ?, ?, ?, ?)`),
				t.ID, n.Edition, n.Name, n.Slug, relevance.Fold(n.Name))
			if s.d.isUnique(err) {
				return news.Errorf(news.CodeConflict, "edition %q already has a topic at %q", n.Edition, n.Slug)
			}
			if err != nil {
				return err
			}
		}
		return s.setAliases(ctx, tx, t.ID, t.Aliases)
	})
}

// setAliases replaces a topic's aliases; two spellings that fold alike are
// one alias.
func (s *Store) setAliases(ctx context.Context, tx *sql.Tx, id int64, aliases []string) error {
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM topic_aliases WHERE topic_id = ?`), id); err != nil {
		return fmt.Errorf("store: topic aliases: %w", err)
	}
	for _, a := range aliases {
		a = strings.TrimSpace(a)
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO topic_aliases (topic_id, alias, folded) VALUES (?, ?, ?)
			ON CONFLICT (topic_id, folded) DO NOTHING`), id, a, relevance.Fold(a))
		if err != nil {
			return fmt.Errorf("store: topic aliases: %w", err)
		}
	}
	return nil
}

// TopicByID returns a topic with its names, in edition order, and aliases.
func (s *Store) TopicByID(ctx context.Context, id int64) (news.Topic, error) {
	var t news.Topic
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		t, err = s.topicIn(ctx, tx, id)
		return err
	})
	return t, err
}

func (s *Store) topicIn(ctx context.Context, q *sql.Tx, id int64) (news.Topic, error) {
	t := news.Topic{ID: id}
	err := q.QueryRowContext(ctx, s.q(`SELECT kind FROM topics WHERE id = ?`), id).Scan(&t.Kind)
	if t, err = one(t, err, news.NotFound("no topic %d", id), "topic"); err != nil {
		return t, err
	}
	if t.Names, err = queryAll(ctx, q, "topic names", func(r rowScanner) (news.TopicName, error) {
		var n news.TopicName
		return n, r.Scan(&n.Edition, &n.Name, &n.Slug)
	}, s.q(`SELECT n.edition, n.name, n.slug FROM topic_names n JOIN editions e ON e.code = n.edition
		WHERE n.topic_id = ? ORDER BY e.position`), id); err != nil {
		return t, err
	}
	t.Aliases, err = queryAll(ctx, q, "topic aliases", func(r rowScanner) (string, error) {
		var a string
		return a, r.Scan(&a)
	}, s.q(`SELECT alias FROM topic_aliases WHERE topic_id = ? ORDER BY alias`), id)
	return t, err
}

// FindTopic finds a topic by any of its names or aliases, folded: the
// first topic to have it, by id.
func (s *Store) FindTopic(ctx context.Context, name string) (news.Topic, error) {
	folded := relevance.Fold(strings.TrimSpace(name))
	var t news.Topic
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		var found sql.NullInt64
		if err := tx.QueryRowContext(ctx, s.q(`SELECT MIN(topic_id) FROM (
			SELECT topic_id FROM topic_names WHERE folded = ? UNION ALL SELECT topic_id FROM topic_aliases WHERE folded = ?) m`),
			folded, folded).Scan(&found); err != nil {
			return fmt.Errorf("store: find topic: %w", err)
		}
		if !found.Valid || folded == "" {
			return news.NotFound("no topic named %q", name)
		}
		var err error
		t, err = s.topicIn(ctx, tx, found.Int64)
		return err
	})
	return t, err
}

// foldTopicNames fills in the folded form of names stored before the
// column existed.
func (s *Store) foldTopicNames(ctx context.Context) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := queryAll(ctx, tx, "topic names to fold", func(r rowScanner) (news.TopicRef, error) {
			var t news.TopicRef
			return t, r.Scan(&t.ID, &t.Edition, &t.Name)
		}, `SELECT topic_id, edition, name FROM topic_names WHERE folded = ''`)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE topic_names SET folded = ? WHERE topic_id = ? AND edition = ?`),
				relevance.Fold(r.Name), r.ID, r.Edition); err != nil {
				return fmt.Errorf("store: fold topic names: %w", err)
			}
		}
		return nil
	})
}

// UpdateTopic sets a topic's kind and aliases and upserts its names.
func (s *Store) UpdateTopic(ctx context.Context, t *news.Topic) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE topics SET kind = ? WHERE id = ?`), t.Kind, t.ID)
		if err != nil {
			return fmt.Errorf("store: update topic: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return news.NotFound("no topic %d", t.ID)
		}
		for _, n := range t.Names {
			if err := editionExists(ctx, s, tx, n.Edition); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, s.q(`INSERT INTO topic_names (topic_id, edition, name, slug, folded) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (topic_id, edition) DO UPDATE SET name = excluded.name, slug = excluded.slug, folded = excluded.folded`),
				t.ID, n.Edition, n.Name, n.Slug, relevance.Fold(n.Name))
			if s.d.isUnique(err) {
				return news.Errorf(news.CodeConflict, "edition %q already has a topic at %q", n.Edition, n.Slug)
			}
			if err != nil {
				return fmt.Errorf("store: update topic: %w", err)
			}
		}
		if err := s.setAliases(ctx, tx, t.ID, t.Aliases); err != nil {
			return err
		}
		return s.bumpSite(ctx, tx)
	})
}

// SearchTopics lists topics matching text in any name or alias.
func (s *Store) SearchTopics(ctx context.Context, text string, limit int) ([]news.Topic, error) {
	like := "%" + escapeLike(strings.ToLower(strings.TrimSpace(text))) + "%"
	var out []news.Topic
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		ids, err := queryAll(ctx, tx, "topics", func(r rowScanner) (int64, error) {
			var id int64
			return id, r.Scan(&id)
		}, s.q(`SELECT t.id FROM topics t WHERE EXISTS (SELECT 1 FROM topic_names n WHERE n.topic_id = t.id AND LOWER(n.name) LIKE ? ESCAPE '\')
			OR EXISTS (SELECT 1 FROM topic_aliases a WHERE a.topic_id = t.id AND (LOWER(a.alias) LIKE ? ESCAPE '\' OR a.folded LIKE ? ESCAPE '\'))
			ORDER BY (SELECT MIN(LOWER(n.name)) FROM topic_names n WHERE n.topic_id = t.id), t.id LIMIT ?`),
			like, like, "%"+escapeLike(relevance.Fold(strings.TrimSpace(text)))+"%", limit)
		if err != nil {
			return err
		}
		for _, id := range ids {
			t, err := s.topicIn(ctx, tx, id)
			if err != nil {
				return err
			}
			out = append(out, t)
		}
		return nil
	})
	return out, err
}

// KnownTopics returns every topic with all its names and aliases, for the
// topic suggester.
func (s *Store) KnownTopics(ctx context.Context) ([]news.KnownTopic, error) {
	type row struct {
		id   int64
		kind news.TopicKind
		name string
	}
	rows, err := queryAll(ctx, s.read, "known topics", func(r rowScanner) (row, error) {
		var x row
		return x, r.Scan(&x.id, &x.kind, &x.name)
	}, `SELECT t.id, t.kind, n.name FROM topics t JOIN topic_names n ON n.topic_id = t.id
		UNION ALL SELECT t.id, t.kind, a.alias FROM topics t JOIN topic_aliases a ON a.topic_id = t.id
		ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	var out []news.KnownTopic
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].ID != r.id {
			out = append(out, news.KnownTopic{ID: r.id, Kind: r.kind})
		}
		last := &out[len(out)-1]
		last.Names = append(last.Names, r.name)
	}
	return out, nil
}
