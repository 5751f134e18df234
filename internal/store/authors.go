package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

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

// AuthorByID returns the author with id.
func (s *Store) AuthorByID(ctx context.Context, id int64) (news.Author, error) {
	var a news.Author
	err := s.read.QueryRowContext(ctx, s.q(`SELECT id, slug, name FROM authors WHERE id = ?`), id).Scan(&a.ID, &a.Slug, &a.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return a, news.NotFound("no author with id %d", id)
	}
	return a, err
}

// Authors lists every author by name.
func (s *Store) Authors(ctx context.Context) ([]news.Author, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, slug, name FROM authors ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("store: authors: %w", err)
	}
	defer rows.Close()
	var out []news.Author
	for rows.Next() {
		var a news.Author
		if err := rows.Scan(&a.ID, &a.Slug, &a.Name); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
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
