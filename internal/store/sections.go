package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/bylinehq/byline/internal/news"
)

const sectionCols = `id, edition, slug, name, position`

func scanSection(row rowScanner) (news.Section, error) {
	var sec news.Section
	err := row.Scan(&sec.ID, &sec.Edition, &sec.Slug, &sec.Name, &sec.Position)
	return sec, err
}

// Sections returns an edition's sections in navigation order.
func (s *Store) Sections(ctx context.Context, edition string) ([]news.Section, error) {
	return queryAll(ctx, s.read, "sections", scanSection, s.q(`SELECT `+sectionCols+` FROM sections WHERE edition = ? ORDER BY position, id`), edition)
}

// Section returns the section with slug in edition.
func (s *Store) Section(ctx context.Context, edition, slug string) (news.Section, error) {
	sec, err := scanSection(s.read.QueryRowContext(ctx, s.q(`SELECT `+sectionCols+` FROM sections WHERE edition = ? AND slug = ?`), edition, slug))
	if errors.Is(err, sql.ErrNoRows) {
		return sec, news.NotFound("no section %q in edition %q", slug, edition)
	}
	return sec, err
}

// SectionByID returns a section by its ID.
func (s *Store) SectionByID(ctx context.Context, id int64) (news.Section, error) {
	sec, err := scanSection(s.read.QueryRowContext(ctx, s.q(`SELECT `+sectionCols+` FROM sections WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return sec, news.NotFound("no section with id %d", id)
	}
	return sec, err
}

// CreateSection validates and adds a section, setting its ID.
func (s *Store) CreateSection(ctx context.Context, sec *news.Section) error {
	if err := sec.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := editionExists(ctx, s, tx, sec.Edition); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, s.q(`INSERT INTO sections (edition, slug, name, position) VALUES (?, ?, ?, ?) RETURNING id`),
			sec.Edition, sec.Slug, sec.Name, sec.Position).Scan(&sec.ID)
		if s.d.isUnique(err) {
			return news.Errorf(news.CodeConflict, "edition %q already has a section %q", sec.Edition, sec.Slug)
		}
		if err != nil {
			return err
		}
		return s.bumpSite(ctx, tx)
	})
}

func editionExists(ctx context.Context, s *Store, tx *sql.Tx, code string) error {
	var n int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM editions WHERE code = ?`), code).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return news.Invalid("edition", "there is no edition %q", code)
	}
	return nil
}
