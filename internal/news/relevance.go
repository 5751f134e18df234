package news

import (
	"context"
	"time"
)

// KnownTopic is a topic with every name it goes by, in every edition, and
// its aliases: what topic suggestions look for in a story's text.
type KnownTopic struct {
	ID    int64
	Kind  TopicKind
	Names []string
}

// StoryText is what the "Read also" engine indexes of a story: its analysed
// text, its confirmed topics and what decides whether readers may see it.
type StoryText struct {
	ID               int64
	Edition          string
	Lang             string // the edition's language tag
	TranslationGroup int64
	SectionID        int64
	Status           Status
	PublishedAt      time.Time
	EmbargoUntil     time.Time
	// HeadlineTerms and BodyTerms are the analysed terms of the headline
	// and of the standfirst and body, joined by spaces, as the search index
	// holds them.
	HeadlineTerms string
	BodyTerms     string
	Topics        []int64
	// Seq is the story's change sequence number: every save gives the story
	// a number higher than any before it.
	Seq int64
}

// Listed reports whether the story is published or scheduled: whether it can
// be visible at some time without another save.
func (s *StoryText) Listed() bool { return s.Status == Published || s.Status == Scheduled }

// VisibleAt is Article.VisibleAt for an indexed story.
func (s *StoryText) VisibleAt(now time.Time) bool {
	a := Article{Status: s.Status, PublishedAt: s.PublishedAt, EmbargoUntil: s.EmbargoUntil}
	return a.VisibleAt(now)
}

// Pick is an editor's choice about one story in another's "Read also" block.
type Pick string

// Picks: a pinned story comes first; an excluded one never appears.
const (
	Pin     Pick = "pin"
	Exclude Pick = "exclude"
)

// ReadAlsoPick is one editor's choice for a story's "Read also" block.
type ReadAlsoPick struct {
	RelatedID int64
	Pick      Pick
	Position  int // among pins, the order they show in
}

// MaxPins bounds the stories an editor can pin to one story.
const MaxPins = 5

// RelevanceStore is what the "Read also" engine and topic suggestions need
// beyond the article store.
type RelevanceStore interface {
	// LastChange returns the highest change sequence number of any story.
	LastChange(ctx context.Context) (int64, error)
	// StoryChanges returns up to limit stories saved after seq, in
	// sequence order, each as it is now.
	StoryChanges(ctx context.Context, after int64, limit int) ([]StoryText, error)
	// TeasersByID returns the stories among ids that are visible at now,
	// in the order of ids.
	TeasersByID(ctx context.Context, ids []int64, now time.Time) ([]Teaser, error)
	// ReadAlsoPicks returns an article's picks, pins first in position order.
	ReadAlsoPicks(ctx context.Context, articleID int64) ([]ReadAlsoPick, error)
	// SetReadAlsoPick pins or excludes related in article's block; an empty
	// pick removes the choice. Pinning more than MaxPins is invalid, and so
	// is a story of another edition.
	SetReadAlsoPick(ctx context.Context, articleID, relatedID int64, pick Pick) error

	// TranslationTopics returns the topics confirmed on the other stories of
	// a's translation group, in any status, each as the translation's
	// edition names it.
	TranslationTopics(ctx context.Context, a *Article) ([]TopicRef, error)
	// KnownTopics returns every topic with all its names and aliases.
	KnownTopics(ctx context.Context) ([]KnownTopic, error)
	// TopicRejections returns the suggestion keys rejected for an article.
	TopicRejections(ctx context.Context, articleID int64) ([]string, error)
	// RejectTopic remembers that an editor turned down a suggestion; an
	// undo removes the memory.
	RejectTopic(ctx context.Context, articleID int64, key string, userID int64) error
	UndoRejectTopic(ctx context.Context, articleID int64, key string) error
}
