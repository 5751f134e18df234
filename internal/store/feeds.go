package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// ListArticles loads complete visible stories for a list query in four
// queries, whatever the page size: the rows, then the authors, topics and
// corrections of all of them at once.
func (s *Store) ListArticles(ctx context.Context, q news.ListQuery) ([]*news.Article, error) {
	if q.Limit <= 0 || q.Limit > 200 {
		return nil, news.Invalid("limit", "must be between 1 and 200")
	}
	if q.Before != nil || q.After != nil {
		return nil, news.Invalid("cursor", "complete stories are listed from the newest, without a cursor")
	}
	small, err := s.smallLists(ctx, q)
	if err != nil {
		return nil, err
	}
	var out []*news.Article
	err = s.inReadTx(ctx, func(tx *sql.Tx) error {
		f := listFilter(q, small)
		rows, err := tx.QueryContext(ctx, s.q(`SELECT `+articleCols+articleFrom+f.where()+
			` ORDER BY a.published_at DESC, a.id DESC LIMIT ?`), append(f.args, q.Limit)...)
		if err != nil {
			return fmt.Errorf("store: list articles: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanArticle(rows)
			if err != nil {
				return fmt.Errorf("store: list articles: %w", err)
			}
			out = append(out, a)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return s.completeArticles(ctx, tx, out)
	})
	return out, err
}

// completeArticles fills in the authors, topics (named in each story's
// edition) and corrections of as, one query each.
func (s *Store) completeArticles(ctx context.Context, tx *sql.Tx, as []*news.Article) error {
	if len(as) == 0 {
		return nil
	}
	byID := make(map[int64]*news.Article, len(as))
	ids := make([]any, len(as))
	for i, a := range as {
		byID[a.ID], ids[i] = a, a.ID
	}
	in := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")"
	each := func(query string, scan func(rows *sql.Rows) error) error {
		rows, err := tx.QueryContext(ctx, s.q(query), ids...)
		if err != nil {
			return fmt.Errorf("store: complete articles: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return fmt.Errorf("store: complete articles: %w", err)
			}
		}
		return rows.Err()
	}
	err := each(`SELECT aa.article_id, au.id, au.slug, au.name FROM article_authors aa
		JOIN authors au ON au.id = aa.author_id WHERE aa.article_id IN `+in+` ORDER BY aa.article_id, aa.position`,
		func(rows *sql.Rows) error {
			var id int64
			var au news.Author
			if err := rows.Scan(&id, &au.ID, &au.Slug, &au.Name); err != nil {
				return err
			}
			byID[id].Authors = append(byID[id].Authors, au)
			return nil
		})
	if err != nil {
		return err
	}
	err = each(`SELECT at.article_id, t.id, t.kind, n.edition, n.name, n.slug FROM article_topics at
		JOIN articles a ON a.id = at.article_id JOIN topics t ON t.id = at.topic_id
		JOIN topic_names n ON n.topic_id = t.id AND n.edition = a.edition
		WHERE at.article_id IN `+in+` ORDER BY at.article_id, at.position`,
		func(rows *sql.Rows) error {
			var id int64
			var r news.TopicRef
			if err := rows.Scan(&id, &r.ID, &r.Kind, &r.Edition, &r.Name, &r.Slug); err != nil {
				return err
			}
			byID[id].Topics = append(byID[id].Topics, r)
			return nil
		})
	if err != nil {
		return err
	}
	return each(`SELECT article_id, id, body, created_at FROM corrections WHERE article_id IN `+in+`
		ORDER BY article_id, created_at, id`,
		func(rows *sql.Rows) error {
			var id int64
			var c news.Correction
			var at sql.NullInt64
			if err := rows.Scan(&id, &c.ID, &c.Text, &at); err != nil {
				return err
			}
			c.CreatedAt = fromMS(at)
			byID[id].Corrections = append(byID[id].Corrections, c)
			return nil
		})
}

// lastCorrection is the time of a story's newest correction, NULL for none.
const lastCorrection = `(SELECT MAX(c.created_at) FROM corrections c WHERE c.article_id = a.id)`

// ArchiveMonths groups an edition's visible stories by UTC month in one
// query.
func (s *Store) ArchiveMonths(ctx context.Context, edition string, now time.Time) ([]news.ArchiveMonth, error) {
	n := now.UnixMilli()
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT month, COUNT(*), MAX(published_at), MAX(updated_at), MAX(corrected) FROM (
			SELECT `+s.d.month("a.published_at")+` AS month, a.published_at, a.updated_at, `+lastCorrection+` AS corrected
			FROM articles a WHERE a.edition = ? AND `+visible+`) v
		GROUP BY month ORDER BY month`), edition, n, n)
	if err != nil {
		return nil, fmt.Errorf("store: archive months: %w", err)
	}
	defer rows.Close()
	var out []news.ArchiveMonth
	for rows.Next() {
		var month string
		var m news.ArchiveMonth
		var published, updated, corrected sql.NullInt64
		if err := rows.Scan(&month, &m.Count, &published, &updated, &corrected); err != nil {
			return nil, fmt.Errorf("store: archive months: %w", err)
		}
		if m.Month, err = time.Parse("2006-01", month); err != nil {
			return nil, fmt.Errorf("store: archive months: %w", err)
		}
		m.Modified = latest(fromMS(published), fromMS(updated), fromMS(corrected))
		out = append(out, m)
	}
	return out, rows.Err()
}

// Archive lists the stories of an archive query, then the translations of
// all of them in a second query.
func (s *Store) Archive(ctx context.Context, q news.ArchiveQuery) ([]news.ArchiveEntry, error) {
	if q.Limit <= 0 || q.Limit > news.MaxArchiveLimit {
		return nil, news.Invalid("limit", "must be between 1 and %d", news.MaxArchiveLimit)
	}
	if q.Offset < 0 {
		return nil, news.Invalid("offset", "must not be negative")
	}
	order := "ASC"
	if q.NewestFirst {
		order = "DESC"
	}
	n, from, to := q.Now.UnixMilli(), q.From.UnixMilli(), q.To.UnixMilli()
	var out []news.ArchiveEntry
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, s.q(`SELECT a.id, a.edition, s.slug, a.slug, a.headline, a.published_at, a.updated_at,
				a.translation_group, `+lastCorrection+articleFrom+`
			WHERE a.edition = ? AND `+visible+` AND a.published_at >= ? AND a.published_at < ?
			ORDER BY a.published_at `+order+`, a.id `+order+` LIMIT ? OFFSET ?`),
			q.Edition, n, n, from, to, q.Limit, q.Offset)
		if err != nil {
			return fmt.Errorf("store: archive: %w", err)
		}
		defer rows.Close()
		groups := map[int64][]int{} // translation group → indexes in out
		for rows.Next() {
			var e news.ArchiveEntry
			var sec, slug string
			var published, updated, group, corrected sql.NullInt64
			if err := rows.Scan(&e.ID, &e.Edition, &sec, &slug, &e.Headline, &published, &updated, &group, &corrected); err != nil {
				return fmt.Errorf("store: archive: %w", err)
			}
			e.Path = news.ArticlePath(e.Edition, sec, slug)
			e.PublishedAt = fromMS(published)
			e.Modified = latest(e.PublishedAt, fromMS(updated), fromMS(corrected))
			if group.Valid {
				groups[group.Int64] = append(groups[group.Int64], len(out))
			}
			out = append(out, e)
		}
		if err := rows.Err(); err != nil || len(groups) == 0 {
			return err
		}
		return s.archiveTranslations(ctx, tx, q, out, groups)
	})
	return out, err
}

// archiveTranslations adds the visible versions in other editions to the
// entries, for every translation group of the query's time range.
func (s *Store) archiveTranslations(ctx context.Context, tx *sql.Tx, q news.ArchiveQuery, out []news.ArchiveEntry, groups map[int64][]int) error {
	n := q.Now.UnixMilli()
	rows, err := tx.QueryContext(ctx, s.q(`SELECT a.translation_group, a.edition, s.slug, a.slug`+articleFrom+`
		JOIN editions e ON e.code = a.edition
		WHERE a.edition <> ? AND `+visible+` AND a.translation_group IN (
			SELECT b.translation_group FROM articles b
			WHERE b.edition = ? AND b.published_at >= ? AND b.published_at < ? AND b.translation_group IS NOT NULL)
		ORDER BY e.position, a.id`), q.Edition, n, n, q.Edition, q.From.UnixMilli(), q.To.UnixMilli())
	if err != nil {
		return fmt.Errorf("store: archive translations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var group int64
		var ed, sec, slug string
		if err := rows.Scan(&group, &ed, &sec, &slug); err != nil {
			return fmt.Errorf("store: archive translations: %w", err)
		}
		for _, i := range groups[group] {
			out[i].Translations = append(out[i].Translations, news.Translation{Edition: ed, Path: news.ArticlePath(ed, sec, slug)})
		}
	}
	return rows.Err()
}

// latest returns the latest of ts; the zero time when all are zero.
func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}
