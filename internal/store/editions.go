package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/bylinehq/byline/internal/news"
)

// Editions returns all editions ordered by position.
func (s *Store) Editions(ctx context.Context) ([]news.Edition, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT code, tag, name, time_zone, direction, position FROM editions ORDER BY position, code`)
	if err != nil {
		return nil, fmt.Errorf("store: editions: %w", err)
	}
	defer rows.Close()
	var out []news.Edition
	for rows.Next() {
		var e news.Edition
		if err := rows.Scan(&e.Code, &e.Tag, &e.Name, &e.TimeZone, &e.Dir, &e.Position); err != nil {
			return nil, fmt.Errorf("store: editions: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// CreateEdition adds an edition after validating it.
func (s *Store) CreateEdition(ctx context.Context, e news.Edition) error {
	if err := e.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO editions (code, tag, name, time_zone, direction, position) VALUES (?, ?, ?, ?, ?, ?)`),
			e.Code, e.Tag, e.Name, e.TimeZone, e.Dir, e.Position)
		if s.d.isUnique(err) {
			return news.Errorf(news.CodeConflict, "edition %q already exists", e.Code)
		}
		if err != nil {
			return err
		}
		return s.bumpSite(ctx, tx)
	})
}
