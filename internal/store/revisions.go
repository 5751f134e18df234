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

// afterSave runs in the transaction of every article save: it records the
// revision, writes the webhook deliveries the change causes (before is the
// stored state, nil for a new story), and keeps the article's publish job in
// step with its status, so a scheduled story's job exists exactly when the
// story is scheduled, and replaces the story's row in the search index.
func (s *Store) afterSave(ctx context.Context, tx *sql.Tx, before, a *news.Article, at time.Time) error {
	if err := s.insertRevision(ctx, tx, a, at); err != nil {
		return fmt.Errorf("store: revision: %w", err)
	}
	if err := s.enqueueWebhooks(ctx, tx, before, a, s.now()); err != nil {
		return err
	}
	if err := s.indexArticle(ctx, tx, a); err != nil {
		return err
	}
	if err := s.bumpChange(ctx, tx, a.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM jobs WHERE kind = ? AND ref_id = ? AND done_at IS NULL`), news.JobPublish, a.ID); err != nil {
		return err
	}
	if a.Status != news.Scheduled {
		return nil
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO jobs (kind, ref_id, run_at, created_at) VALUES (?, ?, ?, ?)`),
		news.JobPublish, a.ID, a.PublishedAt.UnixMilli(), at.UnixMilli())
	return err
}

func (s *Store) insertRevision(ctx context.Context, tx *sql.Tx, a *news.Article, at time.Time) error {
	topics := make([]string, len(a.Topics))
	for i, t := range a.Topics {
		topics[i] = t.Name
	}
	authors := make([]string, len(a.Authors))
	for i, au := range a.Authors {
		authors[i] = au.Slug
	}
	// Topic and author names may be missing on the article value (callers
	// pass IDs); read them back from the links just written.
	if err := s.linkNames(ctx, tx, a.ID, a.Edition, topics, authors); err != nil {
		return err
	}
	img := a.Image
	if img == nil {
		img = &news.Image{}
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO revisions (article_id, revision, user_id, created_at, status, section_id, slug, kind,
		headline, standfirst, body_markdown, dateline, credit, image_path, image_alt, image_caption, image_credit, topics, authors)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		a.ID, a.Revision, nullID(a.EditedBy), at.UnixMilli(), a.Status, a.Section.ID, a.Slug, a.Kind,
		a.Headline, a.Standfirst, a.BodyMarkdown, a.Dateline, a.Credit,
		nullString(img.Path), img.Alt, img.Caption, img.Credit, strings.Join(topics, "\n"), strings.Join(authors, "\n"))
	return err
}

func (s *Store) linkNames(ctx context.Context, tx *sql.Tx, id int64, edition string, topics, authors []string) error {
	refs, err := s.articleTopics(ctx, tx, id, edition)
	if err != nil {
		return err
	}
	for i := range topics {
		if i < len(refs) {
			topics[i] = refs[i].Name
		}
	}
	aus, err := s.articleAuthors(ctx, tx, id)
	if err != nil {
		return err
	}
	for i := range authors {
		if i < len(aus) {
			authors[i] = aus[i].Slug
		}
	}
	return nil
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

const revisionCols = `r.article_id, r.revision, r.user_id, COALESCE(u.name, ''), r.created_at, r.status, r.section_id, r.slug,
	r.kind, r.headline, r.standfirst, r.body_markdown, r.dateline, r.credit, r.image_path, r.image_alt, r.image_caption,
	r.image_credit, r.topics, r.authors`

func scanRevision(row rowScanner) (news.Revision, error) {
	var (
		r               news.Revision
		user, at        sql.NullInt64
		img             imageCols
		topics, authors string
	)
	err := row.Scan(&r.ArticleID, &r.Number, &user, &r.UserName, &at, &r.Status, &r.SectionID, &r.Slug, &r.Kind,
		&r.Headline, &r.Standfirst, &r.Body, &r.Dateline, &r.Credit, &img.path, &img.alt, &img.caption, &img.credit,
		&topics, &authors)
	if err != nil {
		return r, err
	}
	r.UserID, r.CreatedAt, r.Image = user.Int64, fromMS(at), img.image()
	r.Topics, r.Authors = lines(topics), lines(authors)
	return r, nil
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// Revisions lists an article's revisions, newest first.
func (s *Store) Revisions(ctx context.Context, articleID int64) ([]news.Revision, error) {
	return queryAll(ctx, s.read, "revisions", scanRevision, s.q(`SELECT `+revisionCols+` FROM revisions r LEFT JOIN users u ON u.id = r.user_id
		WHERE r.article_id = ? ORDER BY r.revision DESC`), articleID)
}

// Revision returns one revision of an article.
func (s *Store) Revision(ctx context.Context, articleID int64, number int) (news.Revision, error) {
	r, err := scanRevision(s.read.QueryRowContext(ctx, s.q(`SELECT `+revisionCols+` FROM revisions r
		LEFT JOIN users u ON u.id = r.user_id WHERE r.article_id = ? AND r.revision = ?`), articleID, number))
	if errors.Is(err, sql.ErrNoRows) {
		return r, news.NotFound("story %d has no revision %d", articleID, number)
	}
	return r, err
}
