package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// SaveAutosave keeps a person's unsaved editor state, replacing the last.
func (s *Store) SaveAutosave(ctx context.Context, a news.Autosave) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO autosaves (article_id, user_id, base_revision, fields, saved_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id, user_id)
			DO UPDATE SET base_revision = excluded.base_revision, fields = excluded.fields, saved_at = excluded.saved_at`),
			a.ArticleID, a.UserID, a.BaseRevision, a.Fields, a.SavedAt.UnixMilli())
		if s.d.isForeignKey(err) {
			return news.NotFound("no story with id %d", a.ArticleID)
		}
		return err
	})
}

// Autosave returns a person's unsaved editor state for an article.
func (s *Store) Autosave(ctx context.Context, articleID, userID int64) (news.Autosave, error) {
	a := news.Autosave{ArticleID: articleID, UserID: userID}
	var at int64
	err := s.read.QueryRowContext(ctx, s.q(`SELECT base_revision, fields, saved_at FROM autosaves WHERE article_id = ? AND user_id = ?`),
		articleID, userID).Scan(&a.BaseRevision, &a.Fields, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return a, news.NotFound("no autosave")
	}
	a.SavedAt = time.UnixMilli(at).UTC()
	return a, err
}

// DeleteAutosave forgets a person's unsaved state, after a save.
func (s *Store) DeleteAutosave(ctx context.Context, articleID, userID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`DELETE FROM autosaves WHERE article_id = ? AND user_id = ?`), articleID, userID)
		return err
	})
}

// AddMedia records an uploaded file; uploading the same content again
// returns the first record.
func (s *Store) AddMedia(ctx context.Context, m *news.MediaFile) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, s.q(`INSERT INTO media (path, content_type, width, height, bytes, uploaded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO NOTHING RETURNING id`),
			m.Path, m.ContentType, m.Width, m.Height, m.Bytes, nullID(m.UploadedBy), m.CreatedAt.UnixMilli()).Scan(&m.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return tx.QueryRowContext(ctx, s.q(`SELECT id FROM media WHERE path = ?`), m.Path).Scan(&m.ID)
		}
		return err
	})
}

// MediaByPath returns a recorded upload.
func (s *Store) MediaByPath(ctx context.Context, path string) (news.MediaFile, error) {
	m := news.MediaFile{Path: path}
	var by sql.NullInt64
	var at int64
	err := s.read.QueryRowContext(ctx, s.q(`SELECT id, content_type, width, height, bytes, uploaded_by, created_at FROM media WHERE path = ?`), path).
		Scan(&m.ID, &m.ContentType, &m.Width, &m.Height, &m.Bytes, &by, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return m, news.NotFound("no uploaded image %q", path)
	}
	m.UploadedBy, m.CreatedAt = by.Int64, time.UnixMilli(at).UTC()
	return m, err
}

// ClaimJob leases the oldest due job. The single write connection makes
// the claim atomic on SQLite; several processes on one file serialize on
// its write lock.
func (s *Store) ClaimJob(ctx context.Context, now time.Time, lease time.Duration) (news.Job, error) {
	var j news.Job
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var runAt int64
		err := tx.QueryRowContext(ctx, s.q(`SELECT id, kind, ref_id, run_at, attempts FROM jobs
			WHERE done_at IS NULL AND run_at <= ? AND (locked_until IS NULL OR locked_until <= ?)
			ORDER BY run_at, id LIMIT 1`+s.d.skipLocked()), now.UnixMilli(), now.UnixMilli()).Scan(&j.ID, &j.Kind, &j.RefID, &runAt, &j.Attempts)
		if errors.Is(err, sql.ErrNoRows) {
			return news.NotFound("no job is due")
		}
		if err != nil {
			return err
		}
		j.RunAt = time.UnixMilli(runAt).UTC()
		j.Attempts++
		_, err = tx.ExecContext(ctx, s.q(`UPDATE jobs SET locked_until = ?, attempts = ? WHERE id = ?`),
			now.Add(lease).UnixMilli(), j.Attempts, j.ID)
		return err
	})
	return j, err
}

// FinishJob completes a job, or releases it for a retry after a failure.
func (s *Store) FinishJob(ctx context.Context, id int64, now time.Time, failure error, retryAt time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if failure == nil {
			_, err = tx.ExecContext(ctx, s.q(`UPDATE jobs SET done_at = ?, locked_until = NULL WHERE id = ?`), now.UnixMilli(), id)
		} else {
			_, err = tx.ExecContext(ctx, s.q(`UPDATE jobs SET run_at = ?, locked_until = NULL, last_error = ? WHERE id = ?`),
				retryAt.UnixMilli(), failure.Error(), id)
		}
		return err
	})
}

// PendingJobs lists jobs not yet done.
func (s *Store) PendingJobs(ctx context.Context) ([]news.Job, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, kind, ref_id, run_at, attempts FROM jobs WHERE done_at IS NULL ORDER BY run_at, id`)
	if err != nil {
		return nil, fmt.Errorf("store: jobs: %w", err)
	}
	defer rows.Close()
	var out []news.Job
	for rows.Next() {
		var j news.Job
		var at int64
		if err := rows.Scan(&j.ID, &j.Kind, &j.RefID, &at, &j.Attempts); err != nil {
			return nil, err
		}
		j.RunAt = time.UnixMilli(at).UTC()
		out = append(out, j)
	}
	return out, rows.Err()
}

// Desk lists articles of any status for the newsroom, most recently
// changed first.
func (s *Store) Desk(ctx context.Context, q news.DeskQuery) ([]news.DeskItem, error) {
	var f filter
	f.add("1 = 1")
	if len(q.Statuses) > 0 {
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(q.Statuses)), ", ")
		args := make([]any, len(q.Statuses))
		for i, st := range q.Statuses {
			args[i] = st
		}
		f.add("a.status IN ("+marks+")", args...)
	}
	if q.Edition != "" {
		f.add("a.edition = ?", q.Edition)
	}
	if q.SectionID != 0 {
		f.add("a.section_id = ?", q.SectionID)
	}
	if q.CreatedBy != 0 {
		f.add("a.created_by = ?", q.CreatedBy)
	}
	for _, word := range strings.Fields(q.Search) {
		f.add("LOWER(a.headline) LIKE ? ESCAPE '\\'", "%"+escapeLike(strings.ToLower(word))+"%")
	}
	limit := q.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT a.id, a.edition, s.name, a.headline, a.status, a.revision,
		COALESCE(a.created_by, 0), COALESCE(a.edited_by, 0), COALESCE(u.name, ''), a.published_at, a.submitted_at,
		COALESCE((SELECT MAX(r.created_at) FROM revisions r WHERE r.article_id = a.id), a.created_at) AS changed
		FROM articles a JOIN sections s ON s.id = a.section_id LEFT JOIN users u ON u.id = a.edited_by`+f.where()+`
		ORDER BY changed DESC, a.id DESC LIMIT ? OFFSET ?`), append(f.args, limit, max(0, q.Offset))...)
	if err != nil {
		return nil, fmt.Errorf("store: desk: %w", err)
	}
	defer rows.Close()
	var out []news.DeskItem
	for rows.Next() {
		var d news.DeskItem
		var published, submitted sql.NullInt64
		var changed int64
		if err := rows.Scan(&d.ID, &d.Edition, &d.SectionName, &d.Headline, &d.Status, &d.Revision, &d.CreatedBy, &d.EditedBy,
			&d.EditorName, &published, &submitted, &changed); err != nil {
			return nil, fmt.Errorf("store: desk: %w", err)
		}
		d.PublishedAt, d.SubmittedAt, d.ChangedAt = fromMS(published), fromMS(submitted), time.UnixMilli(changed).UTC()
		out = append(out, d)
	}
	return out, rows.Err()
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// DeskCounts counts articles by status.
func (s *Store) DeskCounts(ctx context.Context, userID int64) (map[news.Status]int, error) {
	query, args := `SELECT status, COUNT(*) FROM articles GROUP BY status`, []any{}
	if userID != 0 {
		query, args = `SELECT status, COUNT(*) FROM articles WHERE created_by = ? GROUP BY status`, []any{userID}
	}
	rows, err := s.read.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("store: counts: %w", err)
	}
	defer rows.Close()
	out := map[news.Status]int{}
	for rows.Next() {
		var st news.Status
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}
