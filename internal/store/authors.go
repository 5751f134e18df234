package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/bylinehq/byline/internal/news"
)

// Author returns the author with slug.
func (s *Store) Author(ctx context.Context, slug string) (news.Author, error) {
	var a news.Author
	err := s.read.QueryRowContext(ctx, s.q(`SELECT id, slug, name FROM authors WHERE slug = ?`), slug).Scan(&a.ID, &a.Slug, &a.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return a, news.NotFound("no author %q", slug)
	}
	return a, err
}

// CreateAuthor validates and adds an author, setting its ID.
func (s *Store) CreateAuthor(ctx context.Context, a *news.Author) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, s.q(`INSERT INTO authors (slug, name) VALUES (?, ?) RETURNING id`), a.Slug, a.Name).Scan(&a.ID)
		if s.d.isUnique(err) {
			return news.Errorf(news.CodeConflict, "an author with slug %q already exists", a.Slug)
		}
		return err
	})
}
