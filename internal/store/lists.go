package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

const teaserCols = `a.id, a.edition, s.slug, s.name, a.slug, a.kind, a.headline, a.standfirst,
	a.image_path, a.image_width, a.image_height, a.image_alt, a.image_caption, a.image_credit,
	a.published_at, a.updated_at`

// visible is the SQL twin of news.Article.VisibleAt; it takes now twice.
const visible = `a.status IN ('published', 'scheduled') AND a.published_at <= ?
	AND (a.embargo_until IS NULL OR a.embargo_until <= ?)`

func scanTeaser(row rowScanner, extra ...any) (news.Teaser, error) {
	var t news.Teaser
	var img imageCols
	var published, updated sql.NullInt64
	dest := append([]any{&t.ID, &t.Edition, &t.SectionSlug, &t.SectionName, &t.Slug, &t.Kind, &t.Headline, &t.Standfirst,
		&img.path, &img.width, &img.height, &img.alt, &img.caption, &img.credit, &published, &updated}, extra...)
	if err := row.Scan(dest...); err != nil {
		return t, err
	}
	t.Image = img.image()
	t.PublishedAt, t.UpdatedAt = fromMS(published), fromMS(updated)
	return t, nil
}

func (s *Store) teasers(ctx context.Context, query string, args ...any) ([]news.Teaser, error) {
	return queryAll(ctx, s.read, "list", bare(scanTeaser), s.q(query), args...)
}

// filter collects optional WHERE conditions with their bound values.
type filter struct {
	conds []string
	args  []any
}

func (f *filter) add(cond string, args ...any) {
	f.conds = append(f.conds, cond)
	f.args = append(f.args, args...)
}

func (f *filter) where() string { return " WHERE " + strings.Join(f.conds, " AND ") }

// fewStories is the size under which a topic's or author's list is read
// from its own stories (IN) rather than by walking the edition's river
// newest first and testing each story (EXISTS). At 100,000 stories a rare
// topic's page took 108 ms by EXISTS and 0.7 ms by IN; a topic on one
// story in twenty 2 ms by EXISTS and 38 ms by IN (BenchmarkHot).
const fewStories = 1000

// smallLists says which of a list query's topic and author filters select
// few enough stories to be read from their own.
type smallLists struct{ topic, author bool }

func (s *Store) smallLists(ctx context.Context, q news.ListQuery) (smallLists, error) {
	var out smallLists
	few := func(table, column string, id int64) (bool, error) {
		var n int
		err := s.read.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM (SELECT 1 FROM `+table+` WHERE `+column+` = ? LIMIT ?) x`),
			id, fewStories+1).Scan(&n)
		if err != nil {
			return false, fmt.Errorf("store: list size: %w", err)
		}
		return n <= fewStories, nil
	}
	var err error
	if q.TopicID != 0 {
		if out.topic, err = few("article_topics", "topic_id", q.TopicID); err != nil {
			return out, err
		}
	}
	if q.AuthorID != 0 {
		out.author, err = few("article_authors", "author_id", q.AuthorID)
	}
	return out, err
}

func listFilter(q news.ListQuery, small smallLists) filter {
	var f filter
	now := q.Now.UnixMilli()
	f.add(visible, now, now)
	if q.Edition != "" {
		f.add("a.edition = ?", q.Edition)
	}
	if !q.UpdatedSince.IsZero() {
		// The later of the two times is at or after t exactly when one of
		// them is; written so because SQLite and PostgreSQL spell "greatest"
		// differently.
		t := q.UpdatedSince.UnixMilli()
		f.add("(a.published_at >= ? OR a.updated_at >= ?)", t, t)
	}
	if q.SectionID != 0 {
		f.add("a.section_id = ?", q.SectionID)
	}
	switch {
	case q.TopicID != 0 && small.topic:
		f.add("a.id IN (SELECT t.article_id FROM article_topics t WHERE t.topic_id = ?)", q.TopicID)
	case q.TopicID != 0:
		f.add("EXISTS (SELECT 1 FROM article_topics t WHERE t.article_id = a.id AND t.topic_id = ?)", q.TopicID)
	}
	switch {
	case q.AuthorID != 0 && small.author:
		f.add("a.id IN (SELECT aa.article_id FROM article_authors aa WHERE aa.author_id = ?)", q.AuthorID)
	case q.AuthorID != 0:
		f.add("EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = a.id AND aa.author_id = ?)", q.AuthorID)
	}
	return f
}

// List returns one page of visible stories, newest first, by keyset
// pagination on (published_at, id).
func (s *Store) List(ctx context.Context, q news.ListQuery) (news.Page, error) {
	if q.Limit <= 0 || q.Limit > 200 {
		return news.Page{}, news.Invalid("limit", "must be between 1 and 200")
	}
	if q.Before != nil && q.After != nil {
		return news.Page{}, news.Invalid("cursor", "page either towards older or towards newer stories, not both")
	}
	small, err := s.smallLists(ctx, q)
	if err != nil {
		return news.Page{}, err
	}
	f := listFilter(q, small)
	order := "DESC"
	switch {
	case q.Before != nil:
		c := q.Before.PublishedAt.UnixMilli()
		f.add("(a.published_at < ? OR (a.published_at = ? AND a.id < ?))", c, c, q.Before.ID)
	case q.After != nil:
		c := q.After.PublishedAt.UnixMilli()
		f.add("(a.published_at > ? OR (a.published_at = ? AND a.id > ?))", c, c, q.After.ID)
		order = "ASC"
	}
	query := `SELECT ` + teaserCols + articleFrom + f.where() +
		` ORDER BY a.published_at ` + order + `, a.id ` + order + ` LIMIT ?`
	items, err := s.teasers(ctx, query, append(f.args, q.Limit+1)...)
	if err != nil {
		return news.Page{}, err
	}
	more := len(items) > q.Limit
	if more {
		items = items[:q.Limit]
	}
	if q.After != nil {
		slices.Reverse(items)
	}
	page := news.Page{Items: items}
	if len(items) == 0 {
		return page, nil
	}
	first, last := cursorOf(items[0]), cursorOf(items[len(items)-1])
	switch {
	case q.After != nil:
		page.Older = &last
		if more {
			page.Newer = &first
		}
	case q.Before != nil:
		page.Newer = &first
		if more {
			page.Older = &last
		}
	default:
		if more {
			page.Older = &last
		}
	}
	return page, nil
}

// Count returns how many visible stories a query's filters select.
func (s *Store) Count(ctx context.Context, q news.ListQuery) (int, error) {
	small, err := s.smallLists(ctx, q)
	if err != nil {
		return 0, err
	}
	f := listFilter(q, small)
	var n int
	err = s.read.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM articles a`+f.where()), f.args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count: %w", err)
	}
	return n, nil
}

func cursorOf(t news.Teaser) news.Cursor { return news.Cursor{PublishedAt: t.PublishedAt, ID: t.ID} }

// SectionLeads returns each section's newest visible stories in one query.
func (s *Store) SectionLeads(ctx context.Context, edition string, perSection int, now time.Time) (map[int64][]news.Teaser, error) {
	n := now.UnixMilli()
	// Each section's newest through its own index, LIMIT deep: ranking
	// every story of the edition with a window function took 450 ms at
	// 100,000 stories (BenchmarkHot), this a few.
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT `+teaserCols+`, a.section_id
		FROM sections sec
		JOIN articles a ON a.id IN (SELECT v.id FROM articles v WHERE v.section_id = sec.id
			AND v.status IN ('published', 'scheduled') AND v.published_at <= ? AND (v.embargo_until IS NULL OR v.embargo_until <= ?)
			ORDER BY v.published_at DESC, v.id DESC LIMIT ?)
		JOIN sections s ON s.id = a.section_id
		WHERE sec.edition = ? ORDER BY sec.id, a.published_at DESC, a.id DESC`), n, n, perSection, edition)
	if err != nil {
		return nil, fmt.Errorf("store: section leads: %w", err)
	}
	defer rows.Close()
	out := map[int64][]news.Teaser{}
	for rows.Next() {
		var sectionID int64
		t, err := scanTeaser(rows, &sectionID)
		if err != nil {
			return nil, fmt.Errorf("store: section leads: %w", err)
		}
		out[sectionID] = append(out[sectionID], t)
	}
	return out, rows.Err()
}

// relatedPool bounds the recent stories considered when too few share a
// topic, so the query stays cheap on a large archive.
const relatedPool = 50

// Related ranks visible stories of a's edition by topics shared with a,
// then same section, then recency. Candidates are stories sharing a topic
// plus the newest of a's section and edition.
func (s *Store) Related(ctx context.Context, a *news.Article, limit int, now time.Time) ([]news.Teaser, error) {
	n := now.UnixMilli()
	return s.teasers(ctx, `WITH candidates AS (
			SELECT t2.article_id AS id, COUNT(*) AS shared
			FROM article_topics t1 JOIN article_topics t2 ON t2.topic_id = t1.topic_id
			WHERE t1.article_id = ? AND t2.article_id <> ?
			GROUP BY t2.article_id
			UNION ALL
			SELECT id, 0 FROM (SELECT a.id FROM articles a WHERE a.section_id = ? AND `+visible+`
				ORDER BY a.published_at DESC LIMIT ?) recent_section
			UNION ALL
			SELECT id, 0 FROM (SELECT a.id FROM articles a WHERE a.edition = ? AND `+visible+`
				ORDER BY a.published_at DESC LIMIT ?) recent_edition
		), ranked AS (
			SELECT id, MAX(shared) AS shared FROM candidates GROUP BY id
		)
		SELECT `+teaserCols+` FROM ranked r JOIN articles a ON a.id = r.id JOIN sections s ON s.id = a.section_id
		WHERE a.edition = ? AND a.id <> ? AND `+visible+`
			AND (? = 0 OR a.translation_group IS NULL OR a.translation_group <> ?)
		ORDER BY r.shared DESC, CASE WHEN a.section_id = ? THEN 1 ELSE 0 END DESC, a.published_at DESC, a.id DESC
		LIMIT ?`,
		a.ID, a.ID, a.Section.ID, n, n, relatedPool, a.Edition, n, n, relatedPool, // candidates
		a.Edition, a.ID, n, n, a.TranslationGroup, a.TranslationGroup, a.Section.ID, limit)
}

// Translations lists the visible versions of a's story in other editions.
func (s *Store) Translations(ctx context.Context, a *news.Article, now time.Time) ([]news.Translation, error) {
	if a.TranslationGroup == 0 {
		return nil, nil
	}
	n := now.UnixMilli()
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT a.edition, s.slug, a.slug`+articleFrom+`
		JOIN editions e ON e.code = a.edition
		WHERE a.translation_group = ? AND a.id <> ? AND `+visible+` ORDER BY e.position`),
		a.TranslationGroup, a.ID, n, n)
	if err != nil {
		return nil, fmt.Errorf("store: translations: %w", err)
	}
	defer rows.Close()
	var out []news.Translation
	for rows.Next() {
		var ed, sec, slug string
		if err := rows.Scan(&ed, &sec, &slug); err != nil {
			return nil, err
		}
		out = append(out, news.Translation{Edition: ed, Path: news.ArticlePath(ed, sec, slug)})
	}
	return out, rows.Err()
}
