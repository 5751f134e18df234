package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/bylinehq/byline/internal/news"
)

// RecordAudit appends an entry to the audit log.
func (s *Store) RecordAudit(ctx context.Context, e *news.AuditEntry) error {
	if strings.TrimSpace(e.Action) == "" || e.Via == "" {
		return news.Invalid("action", "an audit entry needs an action and where it came from")
	}
	if e.At.IsZero() {
		e.At = s.now()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var user sql.NullInt64
		if e.UserID != 0 {
			user = sql.NullInt64{Int64: e.UserID, Valid: true}
		}
		err := tx.QueryRowContext(ctx, s.q(`INSERT INTO audit_log (at, user_id, user_name, via, action, target)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), e.At.UnixMilli(), user, e.UserName, e.Via, e.Action, e.Target).Scan(&e.ID)
		if err != nil {
			return fmt.Errorf("store: audit: %w", err)
		}
		return nil
	})
}

// AuditLog pages through the audit log, newest first.
func (s *Store) AuditLog(ctx context.Context, before int64, limit int) ([]news.AuditEntry, error) {
	if limit < 1 || limit > 500 {
		return nil, news.Invalid("limit", "must be between 1 and 500")
	}
	if before <= 0 {
		before = 1 << 62
	}
	return queryAll(ctx, s.read, "audit log", func(r rowScanner) (news.AuditEntry, error) {
		var e news.AuditEntry
		var at int64
		var user sql.NullInt64
		err := r.Scan(&e.ID, &at, &user, &e.UserName, &e.Via, &e.Action, &e.Target)
		e.At, e.UserID = fromMS(sql.NullInt64{Int64: at, Valid: true}), user.Int64
		return e, err
	}, s.q(`SELECT id, at, user_id, user_name, via, action, target FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?`), before, limit)
}
