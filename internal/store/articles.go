package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/bylinehq/byline/internal/news"
)

const articleCols = `a.id, a.edition, a.slug, a.kind, a.headline, a.standfirst, a.body_markdown, a.body_html,
	a.dateline, a.credit, a.image_path, a.image_width, a.image_height, a.image_alt, a.image_caption, a.image_credit,
	a.status, a.published_at, a.updated_at, a.created_at, a.embargo_until, a.translation_group, a.revision,
	a.created_by, a.edited_by, a.submitted_at,
	s.id, s.edition, s.slug, s.name, s.position`

const articleFrom = ` FROM articles a JOIN sections s ON s.id = a.section_id `

// imageCols holds the nullable lead-image columns while scanning.
type imageCols struct {
	path, alt, caption, credit sql.NullString
	width, height              sql.NullInt64
}

func (c imageCols) image() *news.Image {
	if !c.path.Valid || c.path.String == "" {
		return nil
	}
	return &news.Image{Path: c.path.String, Width: int(c.width.Int64), Height: int(c.height.Int64),
		Alt: c.alt.String, Caption: c.caption.String, Credit: c.credit.String}
}

func imageArgs(img *news.Image) []any {
	if img == nil {
		return []any{nil, nil, nil, nil, nil, nil}
	}
	return []any{img.Path, img.Width, img.Height, img.Alt, img.Caption, img.Credit}
}

func scanArticle(row rowScanner) (*news.Article, error) {
	var (
		a                                        news.Article
		img                                      imageCols
		published, updated, created, embargo, tg sql.NullInt64
		createdBy, editedBy, submitted           sql.NullInt64
	)
	err := row.Scan(&a.ID, &a.Edition, &a.Slug, &a.Kind, &a.Headline, &a.Standfirst, &a.BodyMarkdown, &a.BodyHTML,
		&a.Dateline, &a.Credit, &img.path, &img.width, &img.height, &img.alt, &img.caption, &img.credit,
		&a.Status, &published, &updated, &created, &embargo, &tg, &a.Revision,
		&createdBy, &editedBy, &submitted,
		&a.Section.ID, &a.Section.Edition, &a.Section.Slug, &a.Section.Name, &a.Section.Position)
	if err != nil {
		return nil, err
	}
	a.Image = img.image()
	a.PublishedAt, a.UpdatedAt, a.CreatedAt, a.EmbargoUntil = fromMS(published), fromMS(updated), fromMS(created), fromMS(embargo)
	a.TranslationGroup = tg.Int64
	a.CreatedBy, a.EditedBy, a.SubmittedAt = createdBy.Int64, editedBy.Int64, fromMS(submitted)
	return &a, nil
}

// Article returns an article in any status, with its authors, topics and
// corrections.
func (s *Store) Article(ctx context.Context, id int64) (*news.Article, error) {
	var a *news.Article
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = s.loadArticle(ctx, tx, id)
		return err
	})
	return a, err
}

// ArticleBySlug finds an article by a current or former slug.
func (s *Store) ArticleBySlug(ctx context.Context, edition, slug string) (*news.Article, bool, error) {
	var a *news.Article
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, s.q(`SELECT article_id FROM article_slugs WHERE edition = ? AND slug = ?`), edition, slug).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return news.NotFound("no story at %q in edition %q", slug, edition)
		}
		if err != nil {
			return err
		}
		a, err = s.loadArticle(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	return a, a.Slug == slug, nil
}

func (s *Store) loadArticle(ctx context.Context, tx *sql.Tx, id int64) (*news.Article, error) {
	a, err := scanArticle(tx.QueryRowContext(ctx, s.q(`SELECT `+articleCols+articleFrom+`WHERE a.id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.NotFound("no story with id %d", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: article %d: %w", id, err)
	}
	if a.Authors, err = s.articleAuthors(ctx, tx, id); err != nil {
		return nil, err
	}
	if a.Topics, err = s.articleTopics(ctx, tx, id, a.Edition); err != nil {
		return nil, err
	}
	if a.Corrections, err = s.articleCorrections(ctx, tx, id); err != nil {
		return nil, err
	}
	return a, nil
}

func (s *Store) articleAuthors(ctx context.Context, tx *sql.Tx, id int64) ([]news.Author, error) {
	rows, err := tx.QueryContext(ctx, s.q(`SELECT au.id, au.slug, au.name FROM article_authors aa
		JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = ? ORDER BY aa.position`), id)
	if err != nil {
		return nil, fmt.Errorf("store: article authors: %w", err)
	}
	defer rows.Close()
	var out []news.Author
	for rows.Next() {
		var au news.Author
		if err := rows.Scan(&au.ID, &au.Slug, &au.Name); err != nil {
			return nil, err
		}
		out = append(out, au)
	}
	return out, rows.Err()
}

func (s *Store) articleTopics(ctx context.Context, tx *sql.Tx, id int64, edition string) ([]news.TopicRef, error) {
	return queryAll(ctx, tx, "topics", scanTopicRef, s.q(topicRefQuery+`JOIN article_topics at ON at.topic_id = t.id
		WHERE at.article_id = ? AND n.edition = ? ORDER BY at.position`), id, edition)
}

func (s *Store) articleCorrections(ctx context.Context, tx *sql.Tx, id int64) ([]news.Correction, error) {
	rows, err := tx.QueryContext(ctx, s.q(`SELECT id, body, created_at FROM corrections WHERE article_id = ? ORDER BY created_at, id`), id)
	if err != nil {
		return nil, fmt.Errorf("store: corrections: %w", err)
	}
	defer rows.Close()
	var out []news.Correction
	for rows.Next() {
		var c news.Correction
		var at sql.NullInt64
		if err := rows.Scan(&c.ID, &c.Text, &at); err != nil {
			return nil, err
		}
		c.CreatedAt = fromMS(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// CreateArticle validates and stores a new article, setting its ID and
// revision 1. Authors and topics are referenced by ID; each topic must have
// a name in the article's edition.
func (s *Store) CreateArticle(ctx context.Context, a *news.Article) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.createIn(ctx, tx, a) })
}

// CreateArticles stores many new articles in one transaction, in order,
// each with exactly CreateArticle's checks and side effects. It is all or
// nothing: when one article fails, the error names its place in the batch,
// nothing is stored and every article is left without an ID. Bulk loads
// (imports, generated corpora) use it to pay for one commit, not one per
// story.
func (s *Store) CreateArticles(ctx context.Context, as []*news.Article) error {
	for i, a := range as {
		if err := a.Validate(); err != nil {
			return fmt.Errorf("article %d of %d: %w", i+1, len(as), err)
		}
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for i, a := range as {
			if err := s.createIn(ctx, tx, a); err != nil {
				return fmt.Errorf("article %d of %d: %w", i+1, len(as), err)
			}
		}
		return nil
	})
	if err != nil {
		for _, a := range as {
			a.ID, a.Revision = 0, 0
		}
	}
	return err
}

// createIn stores a validated new article in tx: CreateArticle's and
// CreateArticles' one body.
func (s *Store) createIn(ctx context.Context, tx *sql.Tx, a *news.Article) error {
	if err := s.checkSection(ctx, tx, a); err != nil {
		return err
	}
	if err := s.checkSlugFree(ctx, tx, a.Edition, a.Slug, 0); err != nil {
		return err
	}
	if err := s.joinTranslationGroup(ctx, tx, a); err != nil {
		return err
	}
	args := append([]any{a.Edition, a.Section.ID, a.Slug, a.Kind, a.Headline, a.Standfirst, a.BodyMarkdown, a.BodyHTML,
		a.Dateline, a.Credit}, imageArgs(a.Image)...)
	args = append(args, a.Status, ms(a.PublishedAt), ms(a.UpdatedAt), a.CreatedAt.UnixMilli(), ms(a.EmbargoUntil), nullID(a.TranslationGroup),
		nullID(a.CreatedBy), nullID(a.EditedBy), ms(a.SubmittedAt))
	err := tx.QueryRowContext(ctx, s.q(`INSERT INTO articles (edition, section_id, slug, kind, headline, standfirst, body_markdown, body_html,
		dateline, credit, image_path, image_width, image_height, image_alt, image_caption, image_credit,
		status, published_at, updated_at, created_at, embargo_until, translation_group, created_by, edited_by, submitted_at, revision)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`), args...).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("store: insert article: %w", err)
	}
	a.Revision = 1
	if err := s.reserveSlug(ctx, tx, a); err != nil {
		return err
	}
	for i := range a.Corrections {
		if err := s.insertCorrection(ctx, tx, a.ID, &a.Corrections[i]); err != nil {
			return err
		}
	}
	if err := s.writeLinks(ctx, tx, a); err != nil {
		return err
	}
	return s.afterSave(ctx, tx, nil, a, a.CreatedAt)
}

// UpdateArticle replaces an article's fields if a.Revision is current.
func (s *Store) UpdateArticle(ctx context.Context, a *news.Article) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		// The stored state, read in this transaction, decides which webhook
		// events the save causes.
		before, err := s.loadArticle(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		edition, revision := before.Edition, before.Revision
		if edition != a.Edition {
			return news.Invalid("edition", "a story cannot move between editions; translate it instead")
		}
		if revision != a.Revision {
			return staleSave(revision, a.Revision)
		}
		if err := s.checkSection(ctx, tx, a); err != nil {
			return err
		}
		if err := s.checkSlugFree(ctx, tx, a.Edition, a.Slug, a.ID); err != nil {
			return err
		}
		args := append([]any{a.Section.ID, a.Slug, a.Kind, a.Headline, a.Standfirst, a.BodyMarkdown, a.BodyHTML, a.Dateline, a.Credit}, imageArgs(a.Image)...)
		args = append(args, a.Status, ms(a.PublishedAt), ms(a.UpdatedAt), ms(a.EmbargoUntil), nullID(a.EditedBy), ms(a.SubmittedAt), a.ID, revision)
		// Where writers run side by side (PostgreSQL), another save may
		// have committed since the revision was read: the update then
		// waits for it, finds the revision moved on and changes nothing.
		res, err := tx.ExecContext(ctx, s.q(`UPDATE articles SET section_id = ?, slug = ?, kind = ?, headline = ?, standfirst = ?,
			body_markdown = ?, body_html = ?, dateline = ?, credit = ?, image_path = ?, image_width = ?, image_height = ?,
			image_alt = ?, image_caption = ?, image_credit = ?, status = ?, published_at = ?, updated_at = ?, embargo_until = ?,
			edited_by = ?, submitted_at = ?, revision = revision + 1 WHERE id = ? AND revision = ?`), args...)
		if err != nil {
			return fmt.Errorf("store: update article: %w", err)
		}
		if err := mustAffect(res, staleSave(revision+1, a.Revision)); err != nil {
			return err
		}
		a.Revision = revision + 1
		if err := s.reserveSlug(ctx, tx, a); err != nil {
			return err
		}
		for _, table := range []string{"article_authors", "article_topics"} {
			if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM `+table+` WHERE article_id = ?`), a.ID); err != nil {
				return err
			}
		}
		if err := s.writeLinks(ctx, tx, a); err != nil {
			return err
		}
		return s.afterSave(ctx, tx, before, a, s.now())
	})
}

// staleSave refuses a save based on revision yours when the story is at
// (at least) revision stored.
func staleSave(stored, yours int) error {
	return news.Errorf(news.CodeConflict, "the story was changed by someone else (revision %d, yours is %d); reload it and apply your changes again", stored, yours)
}

// AddCorrection appends a correction note to an article.
func (s *Store) AddCorrection(ctx context.Context, articleID int64, c *news.Correction) error {
	if c.Text == "" {
		return news.Invalid("correction", "a correction needs its text")
	}
	if c.CreatedAt.IsZero() {
		return news.Invalid("correction", "a correction needs its time")
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM articles WHERE id = ?`), articleID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return news.NotFound("no story with id %d", articleID)
		}
		if err := s.insertCorrection(ctx, tx, articleID, c); err != nil {
			return err
		}
		if err := s.bumpChange(ctx, tx, articleID); err != nil {
			return err
		}
		return s.correctionEvent(ctx, tx, articleID)
	})
}

func (s *Store) insertCorrection(ctx context.Context, tx *sql.Tx, articleID int64, c *news.Correction) error {
	return tx.QueryRowContext(ctx, s.q(`INSERT INTO corrections (article_id, body, created_at) VALUES (?, ?, ?) RETURNING id`),
		articleID, c.Text, c.CreatedAt.UnixMilli()).Scan(&c.ID)
}

// checkSection loads the article's section and checks it is in its edition.
func (s *Store) checkSection(ctx context.Context, tx *sql.Tx, a *news.Article) error {
	sec, err := scanSection(tx.QueryRowContext(ctx, s.q(`SELECT `+sectionCols+` FROM sections WHERE id = ?`), a.Section.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return news.Invalid("section", "there is no section with id %d", a.Section.ID)
	}
	if err != nil {
		return err
	}
	if sec.Edition != a.Edition {
		return news.Invalid("section", "section %q belongs to edition %q, not %q", sec.Slug, sec.Edition, a.Edition)
	}
	a.Section = sec
	return nil
}

// checkSlugFree fails when slug is, or was, the address of another story in
// the edition: old addresses keep redirecting to the story that had them.
func (s *Store) checkSlugFree(ctx context.Context, tx *sql.Tx, edition, slug string, self int64) error {
	var owner int64
	err := tx.QueryRowContext(ctx, s.q(`SELECT article_id FROM article_slugs WHERE edition = ? AND slug = ?`), edition, slug).Scan(&owner)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	case owner != self:
		return &news.Error{Code: news.CodeConflict, Field: "slug", Message: fmt.Sprintf("%q is already the address of another story in this edition", slug)}
	}
	return nil
}

func (s *Store) reserveSlug(ctx context.Context, tx *sql.Tx, a *news.Article) error {
	var n int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM article_slugs WHERE edition = ? AND slug = ?`), a.Edition, a.Slug).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO article_slugs (edition, slug, article_id) VALUES (?, ?, ?)`), a.Edition, a.Slug, a.ID)
	return err
}

// joinTranslationGroup checks a new article's translation group: the group
// is named by the ID of its first story, and holds one story per edition.
func (s *Store) joinTranslationGroup(ctx context.Context, tx *sql.Tx, a *news.Article) error {
	if a.TranslationGroup == 0 {
		return nil
	}
	var group sql.NullInt64
	err := tx.QueryRowContext(ctx, s.q(`SELECT translation_group FROM articles WHERE id = ?`), a.TranslationGroup).Scan(&group)
	if errors.Is(err, sql.ErrNoRows) {
		return news.Invalid("translation_of", "there is no story with id %d to translate", a.TranslationGroup)
	}
	if err != nil {
		return err
	}
	if group.Valid {
		a.TranslationGroup = group.Int64
	} else if _, err := tx.ExecContext(ctx, s.q(`UPDATE articles SET translation_group = id WHERE id = ?`), a.TranslationGroup); err != nil {
		return err
	} else if err := s.bumpChange(ctx, tx, a.TranslationGroup); err != nil {
		return err // the first story changed group: indexes must see it
	}
	var n int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM articles WHERE translation_group = ? AND edition = ?`), a.TranslationGroup, a.Edition).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &news.Error{Code: news.CodeConflict, Field: "translation_of", Message: fmt.Sprintf("the story already has a version in edition %q", a.Edition)}
	}
	return nil
}

func (s *Store) writeLinks(ctx context.Context, tx *sql.Tx, a *news.Article) error {
	for i, au := range a.Authors {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO article_authors (article_id, author_id, position) SELECT ?, id, ? FROM authors WHERE id = ?`), a.ID, i, au.ID)
		if err != nil {
			return s.linkErr("authors", err)
		}
		if err := mustHave(ctx, s, tx, `SELECT COUNT(*) FROM article_authors WHERE article_id = ? AND author_id = ?`, a.ID, au.ID); err != nil {
			return news.Invalid("authors", "there is no author with id %d", au.ID)
		}
	}
	for i, t := range a.Topics {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO article_topics (article_id, topic_id, position)
			SELECT ?, topic_id, ? FROM topic_names WHERE topic_id = ? AND edition = ?`), a.ID, i, t.ID, a.Edition)
		if err != nil {
			return s.linkErr("topics", err)
		}
		if err := mustHave(ctx, s, tx, `SELECT COUNT(*) FROM article_topics WHERE article_id = ? AND topic_id = ?`, a.ID, t.ID); err != nil {
			return news.Invalid("topics", "topic %d has no name in edition %q", t.ID, a.Edition)
		}
	}
	return nil
}

func (s *Store) linkErr(field string, err error) error {
	if s.d.isUnique(err) {
		return news.Invalid(field, "the same %s is listed twice", field)
	}
	return err
}

func mustHave(ctx context.Context, s *Store, tx *sql.Tx, query string, args ...any) error {
	var n int
	if err := tx.QueryRowContext(ctx, s.q(query), args...).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return errors.New("missing")
	}
	return nil
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }
