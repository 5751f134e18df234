package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// bumpSite counts a change to what frames every page, in the change's
// transaction.
func (s *Store) bumpSite(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `UPDATE site_version SET value = value + 1 WHERE id = 1`); err != nil {
		return fmt.Errorf("store: site version: %w", err)
	}
	return s.notify(ctx, tx)
}

// notify tells other processes watching the store (Watch) that this
// transaction changes what readers see, once it commits.
func (s *Store) notify(ctx context.Context, tx *sql.Tx) error {
	if n := s.d.notify(); n != "" {
		if _, err := tx.ExecContext(ctx, n); err != nil {
			return fmt.Errorf("store: notify: %w", err)
		}
	}
	return nil
}

// Versions returns the store's change counters in one snapshot.
func (s *Store) Versions(ctx context.Context) (news.Versions, error) {
	var v news.Versions
	err := s.read.QueryRowContext(ctx, `SELECT (SELECT COALESCE(MAX(change_seq), 0) FROM articles),
		(SELECT value FROM site_version WHERE id = 1)`).Scan(&v.Stories, &v.Site)
	if err != nil {
		return v, fmt.Errorf("store: versions: %w", err)
	}
	return v, nil
}

// ChangedStories returns, in sequence order, up to limit stories saved
// after seq, as they stand now.
func (s *Store) ChangedStories(ctx context.Context, after int64, limit int) ([]news.StoryChange, error) {
	var out []news.StoryChange
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, "changed stories", func(r rowScanner) (news.StoryChange, error) {
			var c news.StoryChange
			var published, embargo sql.NullInt64
			err := r.Scan(&c.ID, &c.Edition, &c.TranslationGroup, &c.SectionID, &c.Status, &published, &embargo, &c.Seq)
			c.PublishedAt, c.EmbargoUntil = fromMS(published), fromMS(embargo)
			return c, err
		}, s.q(`SELECT id, edition, COALESCE(translation_group, 0), section_id, status, published_at, embargo_until, change_seq
			FROM articles WHERE change_seq > ? ORDER BY change_seq LIMIT ?`), after, limit)
		if err != nil || len(out) == 0 {
			return err
		}
		ids := make([]int64, len(out))
		for i, c := range out {
			ids[i] = c.ID
		}
		topics, err := s.linked(ctx, tx, "article_topics", "topic_id", ids)
		if err != nil {
			return err
		}
		authors, err := s.linked(ctx, tx, "article_authors", "author_id", ids)
		if err != nil {
			return err
		}
		for i := range out {
			out[i].Topics, out[i].Authors = topics[out[i].ID], authors[out[i].ID]
		}
		return nil
	})
	return out, err
}

// NextVisibility returns the earliest time after now at which a story
// becomes visible with no write (a scheduled time or an embargo ending),
// or the zero time when none is waiting. Caches treat pages rendered
// before it as stale once it has passed.
func (s *Store) NextVisibility(ctx context.Context, now time.Time) (time.Time, error) {
	n := now.UnixMilli()
	var next sql.NullInt64
	err := s.read.QueryRowContext(ctx, s.q(`SELECT MIN(t) FROM (
		SELECT MIN(published_at) AS t FROM articles WHERE status IN ('published', 'scheduled') AND published_at > ?
		UNION ALL
		SELECT MIN(embargo_until) FROM articles WHERE status IN ('published', 'scheduled') AND embargo_until > ?) waiting`), n, n).Scan(&next)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: next visibility: %w", err)
	}
	return fromMS(next), nil
}
