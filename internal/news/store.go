package news

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Cursor is a position in a list of stories ordered newest first. Keyset
// pagination by (PublishedAt, ID) means a story published while a reader is
// on page 1 does not push a story from page 1 onto page 2.
type Cursor struct {
	PublishedAt time.Time
	ID          int64
}

// String encodes the cursor for a query string.
func (c Cursor) String() string {
	return strconv.FormatInt(c.PublishedAt.UnixMilli(), 36) + "." + strconv.FormatInt(c.ID, 36)
}

// ParseCursor decodes String's output. A malformed cursor is an invalid-input
// error, so a hand-edited URL gets a 400 rather than a 500.
func ParseCursor(s string) (Cursor, error) {
	ms, id, ok := strings.Cut(s, ".")
	if ok {
		m, err1 := strconv.ParseInt(ms, 36, 64)
		i, err2 := strconv.ParseInt(id, 36, 64)
		if err1 == nil && err2 == nil && i > 0 && m > 0 {
			return Cursor{PublishedAt: time.UnixMilli(m).UTC(), ID: i}, nil
		}
	}
	return Cursor{}, Invalid("cursor", "%q is not a page position", s)
}

// ListQuery selects visible stories, newest first, of one edition (of every
// edition when Edition is empty), optionally narrowed to a section, topic or
// author. At most one of Before and After is set: Before pages towards older
// stories, After towards newer ones.
type ListQuery struct {
	Edition   string
	SectionID int64
	TopicID   int64
	AuthorID  int64
	Before    *Cursor
	After     *Cursor
	Limit     int
	Now       time.Time

	// UpdatedSince, when set, keeps only stories whose last change (the
	// later of PublishedAt and UpdatedAt, see Article.Modified) is at or
	// after it: what an integrator keeping a copy in sync asks for.
	UpdatedSince time.Time
}

// Page is one page of a list. Older and Newer are nil when there is nothing
// further in that direction.
type Page struct {
	Items []Teaser
	Older *Cursor
	Newer *Cursor
}

// Store is everything Byline keeps. Implementations: the SQL store over
// SQLite or PostgreSQL. Every method is one transaction; a lookup
// that finds nothing returns a CodeNotFound *Error, never a nil result.
type Store interface {
	EditionStore
	SectionStore
	AuthorStore
	TopicStore
	ArticleStore
	ContentStore
	FeedStore
	AccountStore
	NewsroomStore
	WebhookStore
	WireStore
	SearchStore
	RelevanceStore
	AuditStore
	ChangeFeed
	// Ping reports whether the store can serve queries.
	Ping(ctx context.Context) error
	Close() error
}

// EditionStore keeps editions.
type EditionStore interface {
	// Editions returns all editions ordered by Position.
	Editions(ctx context.Context) ([]Edition, error)
	// CreateEdition adds an edition; CodeConflict when its code exists.
	CreateEdition(ctx context.Context, e Edition) error
}

// SectionStore keeps sections.
type SectionStore interface {
	// Sections returns an edition's sections ordered by Position.
	Sections(ctx context.Context, edition string) ([]Section, error)
	Section(ctx context.Context, edition, slug string) (Section, error)
	SectionByID(ctx context.Context, id int64) (Section, error)
	// CreateSection adds a section and sets its ID; CodeConflict when the
	// slug is taken in that edition.
	CreateSection(ctx context.Context, s *Section) error
}

// AuthorStore keeps authors.
type AuthorStore interface {
	Author(ctx context.Context, slug string) (Author, error)
	AuthorByID(ctx context.Context, id int64) (Author, error)
	// Authors lists every author by name.
	Authors(ctx context.Context) ([]Author, error)
	// CreateAuthor adds an author and sets its ID; CodeConflict when the slug
	// is taken.
	CreateAuthor(ctx context.Context, a *Author) error
}

// TopicStore keeps topics.
type TopicStore interface {
	// Topic returns the topic named by slug in edition.
	Topic(ctx context.Context, edition, slug string) (TopicRef, error)
	// TopicByName finds a topic by its exact name in edition.
	TopicByName(ctx context.Context, edition, name string) (TopicRef, error)
	// SuggestTopics returns up to limit topics of edition whose name starts
	// with prefix (case-insensitive), shortest names first.
	SuggestTopics(ctx context.Context, edition, prefix string, limit int) ([]TopicRef, error)
	// CreateTopic adds a topic with its names and aliases and sets its ID;
	// CodeConflict when a slug is taken in one of the editions.
	CreateTopic(ctx context.Context, t *Topic) error
	// TopicByID returns a topic with all its names and aliases.
	TopicByID(ctx context.Context, id int64) (Topic, error)
	// FindTopic returns the topic that has name as a name in any edition or
	// as an alias, compared with case and diacritics folded.
	FindTopic(ctx context.Context, name string) (Topic, error)
	// UpdateTopic sets a topic's kind and aliases and adds or renames its
	// name in each edition t.Names lists; names of other editions stay.
	UpdateTopic(ctx context.Context, t *Topic) error
	// SearchTopics lists topics whose name in any edition or alias contains
	// text (all topics when text is empty), by name, at most limit.
	SearchTopics(ctx context.Context, text string, limit int) ([]Topic, error)
}

// ArticleStore keeps articles.
type ArticleStore interface {
	// CreateArticle stores a new article with its authors and topics, sets
	// its ID and Revision, and reserves its slug in the edition.
	CreateArticle(ctx context.Context, a *Article) error
	// CreateArticles stores many new articles in one transaction, in
	// order, each exactly as CreateArticle would (checks, slug reservation,
	// revision, search index, change sequence, jobs, webhooks). It is all
	// or nothing: when one fails, the error says which, nothing is stored
	// and no article keeps an ID.
	CreateArticles(ctx context.Context, as []*Article) error
	// UpdateArticle replaces a stored article's fields. It fails with
	// CodeConflict when a.Revision is not the stored revision, so that two
	// editors never silently overwrite each other; on success a.Revision is
	// the new revision. A changed slug keeps the old one as a redirect.
	UpdateArticle(ctx context.Context, a *Article) error
	// Article returns an article in any status.
	Article(ctx context.Context, id int64) (*Article, error)
	// ArticleBySlug finds an article in any status by its current or a
	// former slug; current reports which.
	ArticleBySlug(ctx context.Context, edition, slug string) (a *Article, current bool, err error)
	// AddCorrection appends a public correction note and sets its ID.
	AddCorrection(ctx context.Context, articleID int64, c *Correction) error
	// List returns a page of visible stories.
	List(ctx context.Context, q ListQuery) (Page, error)
	// Count returns how many visible stories q's filters select, ignoring
	// its cursors and limit.
	Count(ctx context.Context, q ListQuery) (int, error)
	// SectionLeads returns, for each section of an edition, its newest
	// visible stories, at most perSection each, keyed by section ID.
	SectionLeads(ctx context.Context, edition string, perSection int, now time.Time) (map[int64][]Teaser, error)
	// Related returns visible stories of a's edition ranked by shared topics,
	// then same section, then recency; a itself and its translations are left
	// out.
	Related(ctx context.Context, a *Article, limit int, now time.Time) ([]Teaser, error)
	// Translations returns the visible stories in a's translation group
	// other than a.
	Translations(ctx context.Context, a *Article, now time.Time) ([]Translation, error)
}
