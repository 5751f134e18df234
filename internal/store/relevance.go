package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// bumpChange gives a saved story the next change sequence number, in the
// save's transaction: the "Read also" engine and the page cache of every
// node catch up by asking for the stories past the last number they saw,
// which needs numbers to become visible in their order (see changeLock).
func (s *Store) bumpChange(ctx context.Context, tx *sql.Tx, id int64) error {
	if lock := s.d.changeLock(); lock != "" {
		if _, err := tx.ExecContext(ctx, lock); err != nil {
			return fmt.Errorf("store: change sequence: %w", err)
		}
	}
	_, err := tx.ExecContext(ctx, s.q(`UPDATE articles SET change_seq = `+s.d.nextChange()+` WHERE id = ?`), id)
	if err != nil {
		return fmt.Errorf("store: change sequence: %w", err)
	}
	return s.notify(ctx, tx)
}

// LastChange returns the highest change sequence number.
func (s *Store) LastChange(ctx context.Context) (int64, error) {
	var n int64
	err := s.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(change_seq), 0) FROM articles`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: last change: %w", err)
	}
	return n, nil
}

// StoryChanges returns the stories saved after seq with their analysed
// text from the search index, which the save keeps in step.
func (s *Store) StoryChanges(ctx context.Context, after int64, limit int) ([]news.StoryText, error) {
	var out []news.StoryText
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, "story changes", scanStoryText, s.q(`SELECT a.id, a.edition, e.tag,
			COALESCE(a.translation_group, 0), a.section_id, a.status, a.published_at, a.embargo_until,
			COALESCE(si.headline, ''), COALESCE(si.body, ''), a.change_seq
			FROM articles a JOIN editions e ON e.code = a.edition
			LEFT JOIN search_index si ON si.rowid = a.id
			WHERE a.change_seq > ? ORDER BY a.change_seq LIMIT ?`), after, limit)
		if err != nil || len(out) == 0 {
			return err
		}
		return s.storyTopics(ctx, tx, out)
	})
	return out, err
}

func scanStoryText(r rowScanner) (news.StoryText, error) {
	var st news.StoryText
	var published, embargo sql.NullInt64
	err := r.Scan(&st.ID, &st.Edition, &st.Lang, &st.TranslationGroup, &st.SectionID, &st.Status, &published, &embargo,
		&st.HeadlineTerms, &st.BodyTerms, &st.Seq)
	st.PublishedAt, st.EmbargoUntil = fromMS(published), fromMS(embargo)
	return st, err
}

// storyTopics fills in the confirmed topics of a batch of stories.
func (s *Store) storyTopics(ctx context.Context, tx *sql.Tx, batch []news.StoryText) error {
	ids := make([]int64, len(batch))
	for i, st := range batch {
		ids[i] = st.ID
	}
	topics, err := s.linked(ctx, tx, "article_topics", "topic_id", ids)
	for i := range batch {
		batch[i].Topics = topics[batch[i].ID]
	}
	return err
}

// linked returns, for each of the stories ids, the ids a link table
// (article_topics, article_authors) joins it to, in ascending order.
func (s *Store) linked(ctx context.Context, tx *sql.Tx, table, column string, ids []int64) (map[int64][]int64, error) {
	out := make(map[int64][]int64, len(ids))
	rows, err := tx.QueryContext(ctx, s.q(`SELECT article_id, `+column+` FROM `+table+`
		WHERE article_id IN (`+placeholders(len(ids))+`) ORDER BY article_id, `+column), idArgs(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var a, x int64
		if err := rows.Scan(&a, &x); err != nil {
			return nil, fmt.Errorf("store: %s: %w", table, err)
		}
		out[a] = append(out[a], x)
	}
	return out, rows.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// TeasersByID returns the visible stories among ids in the order of ids.
func (s *Store) TeasersByID(ctx context.Context, ids []int64, now time.Time) ([]news.Teaser, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	n := now.UnixMilli()
	got, err := s.teasers(ctx, `SELECT `+teaserCols+articleFrom+` WHERE `+visible+` AND a.id IN (`+placeholders(len(ids))+`)`,
		append([]any{n, n}, idArgs(ids)...)...)
	if err != nil {
		return nil, err
	}
	return inOrder(ids, got, func(t news.Teaser) int64 { return t.ID }), nil
}

// idArgs binds ids for an IN (…) list.
func idArgs(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}

// inOrder puts rows fetched with IN (…) into the order of ids; an id
// listed twice shows once, and ids with no row are left out.
func inOrder[T any](ids []int64, rows []T, id func(T) int64) []T {
	byID := make(map[int64]T, len(rows))
	for _, r := range rows {
		byID[id(r)] = r
	}
	out := make([]T, 0, len(rows))
	for _, i := range ids {
		if r, ok := byID[i]; ok {
			out = append(out, r)
			delete(byID, i)
		}
	}
	return out
}

// ReadAlsoPicks returns an article's pins, in order, then its exclusions.
func (s *Store) ReadAlsoPicks(ctx context.Context, articleID int64) ([]news.ReadAlsoPick, error) {
	return queryAll(ctx, s.read, "read-also picks", func(r rowScanner) (news.ReadAlsoPick, error) {
		var p news.ReadAlsoPick
		err := r.Scan(&p.RelatedID, &p.Pick, &p.Position)
		return p, err
	}, s.q(`SELECT related_id, pick, position FROM read_also_picks WHERE article_id = ?
		ORDER BY CASE pick WHEN 'pin' THEN 0 ELSE 1 END, position, related_id`), articleID)
}

// SetReadAlsoPick records, changes or removes an editor's pick. A new pin
// goes last.
func (s *Store) SetReadAlsoPick(ctx context.Context, articleID, relatedID int64, pick news.Pick) error {
	if articleID == relatedID {
		return news.Invalid("related", "a story cannot be in its own Read also block")
	}
	if pick != "" && pick != news.Pin && pick != news.Exclude {
		return news.Invalid("pick", "must be pin or exclude, got %q", pick)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM read_also_picks WHERE article_id = ? AND related_id = ?`), articleID, relatedID); err != nil {
			return fmt.Errorf("store: read-also pick: %w", err)
		}
		// The story's page changes: caches hear of it by its sequence.
		if err := s.bumpChange(ctx, tx, articleID); err != nil {
			return err
		}
		if pick == "" {
			return nil
		}
		if err := s.samePickEdition(ctx, tx, articleID, relatedID); err != nil {
			return err
		}
		var pins, last int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*), COALESCE(MAX(position), 0) FROM read_also_picks WHERE article_id = ? AND pick = 'pin'`),
			articleID).Scan(&pins, &last); err != nil {
			return fmt.Errorf("store: read-also pick: %w", err)
		}
		if pick == news.Pin && pins >= news.MaxPins {
			return news.Invalid("related", "a story can have at most %d pinned stories; unpin one first", news.MaxPins)
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO read_also_picks (article_id, related_id, pick, position) VALUES (?, ?, ?, ?)`),
			articleID, relatedID, pick, last+1)
		if err != nil {
			return fmt.Errorf("store: read-also pick: %w", err)
		}
		return nil
	})
}

func (s *Store) samePickEdition(ctx context.Context, tx *sql.Tx, articleID, relatedID int64) error {
	rows, err := queryAll(ctx, tx, "read-also pick", func(r rowScanner) (string, error) {
		var e string
		return e, r.Scan(&e)
	}, s.q(`SELECT edition FROM articles WHERE id IN (?, ?) ORDER BY CASE id WHEN ? THEN 0 ELSE 1 END`), articleID, relatedID, articleID)
	switch {
	case err != nil:
		return err
	case len(rows) < 2:
		return news.NotFound("no story %d or %d", articleID, relatedID)
	case rows[0] != rows[1]:
		return news.Invalid("related", "Read also lists stories of the same edition; that story is in %q", rows[1])
	}
	return nil
}

// TopicRejections returns the suggestion keys turned down for an article.
func (s *Store) TopicRejections(ctx context.Context, articleID int64) ([]string, error) {
	return queryAll(ctx, s.read, "topic rejections", func(r rowScanner) (string, error) {
		var k string
		return k, r.Scan(&k)
	}, s.q(`SELECT key FROM topic_rejections WHERE article_id = ? ORDER BY key`), articleID)
}

// RejectTopic remembers a turned-down suggestion; rejecting twice is fine.
func (s *Store) RejectTopic(ctx context.Context, articleID int64, key string, userID int64) error {
	if key == "" || len(key) > 200 {
		return news.Invalid("key", "a suggestion key has 1 to 200 bytes")
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var user sql.NullInt64
		if userID != 0 {
			user = sql.NullInt64{Int64: userID, Valid: true}
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO topic_rejections (article_id, key, user_id, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (article_id, key) DO NOTHING`), articleID, key, user, s.now().UnixMilli())
		if s.d.isForeignKey(err) {
			return news.NotFound("no story %d", articleID)
		}
		return err
	})
}

// UndoRejectTopic forgets a rejection.
func (s *Store) UndoRejectTopic(ctx context.Context, articleID int64, key string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`DELETE FROM topic_rejections WHERE article_id = ? AND key = ?`), articleID, key)
		return err
	})
}

// TranslationTopics returns the topics of a's translations.
func (s *Store) TranslationTopics(ctx context.Context, a *news.Article) ([]news.TopicRef, error) {
	if a.TranslationGroup == 0 {
		return nil, nil
	}
	return queryAll(ctx, s.read, "translation topics", scanTopicRef, s.q(topicRefQuery+`
		JOIN article_topics at ON at.topic_id = t.id JOIN articles a ON a.id = at.article_id AND a.edition = n.edition
		WHERE a.translation_group = ? AND a.id <> ? ORDER BY a.edition, t.id`), a.TranslationGroup, a.ID)
}
