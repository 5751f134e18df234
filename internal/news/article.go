package news

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Status is where an article is in its life.
type Status string

// Article statuses. A scheduled article counts as published once its
// publication time has passed, whether or not a worker has flipped it yet.
const (
	Draft       Status = "draft"
	InReview    Status = "in_review"
	Scheduled   Status = "scheduled"
	Published   Status = "published"
	Unpublished Status = "unpublished"
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	switch s {
	case Draft, InReview, Scheduled, Published, Unpublished:
		return true
	}
	return false
}

// Kind is the genre of a story, shown to readers so that opinion is never
// mistaken for news.
type Kind string

// Story kinds.
const (
	News     Kind = "news"
	Analysis Kind = "analysis"
	Opinion  Kind = "opinion"
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == News || k == Analysis || k == Opinion }

// Image is an article's lead image. Path is relative to the media root.
type Image struct {
	Path    string
	Width   int
	Height  int
	Alt     string
	Caption string
	Credit  string
}

// Correction is a public note attached to a published story.
type Correction struct {
	ID        int64
	Text      string
	CreatedAt time.Time
}

// Article is one story in one edition.
type Article struct {
	ID           int64
	Edition      string
	Section      Section
	Slug         string
	Kind         Kind
	Headline     string
	Standfirst   string
	BodyMarkdown string
	BodyHTML     string // rendered and sanitized from BodyMarkdown
	Dateline     string
	Credit       string
	Authors      []Author
	Topics       []TopicRef
	Image        *Image
	Status       Status
	// PublishedAt is the first publication (or the scheduled time); zero
	// until the story is scheduled or published.
	PublishedAt time.Time
	// UpdatedAt is the last substantive change after publication; zero when
	// the story has not been updated since.
	UpdatedAt    time.Time
	CreatedAt    time.Time
	EmbargoUntil time.Time
	Corrections  []Correction
	// TranslationGroup links the same story across editions; 0 when the
	// story has no translations.
	TranslationGroup int64
	Revision         int
	CreatedBy        int64     // the account that created it; 0 for imports and the demo
	EditedBy         int64     // the account behind the latest revision
	SubmittedAt      time.Time // when it was last sent to review
}

// Field limits, in characters.
const (
	MaxHeadline   = 200
	MaxStandfirst = 600
	MaxDateline   = 80
	MaxCredit     = 120
	MaxBody       = 200_000
	MaxAltText    = 300
	MaxCaption    = 600
)

// Validate checks what a stored article must satisfy in any status. Stricter
// rules for publishing live in ValidateForPublication.
func (a *Article) Validate() error {
	var p Problems
	if a.Edition == "" {
		p.Add("edition", "is required")
	}
	if a.Section.ID == 0 {
		p.Add("section", "is required")
	} else if a.Section.Edition != "" && a.Section.Edition != a.Edition {
		p.Add("section", "belongs to edition %q, not %q", a.Section.Edition, a.Edition)
	}
	if !ValidSlug(a.Slug) {
		p.Add("slug", "must be lowercase letters, digits and single hyphens, got %q", a.Slug)
	}
	if !a.Kind.Valid() {
		p.Add("kind", "must be news, analysis or opinion, got %q", a.Kind)
	}
	if !a.Status.Valid() {
		p.Add("status", "unknown status %q", a.Status)
	}
	checkText(&p, "headline", a.Headline, MaxHeadline, true)
	checkText(&p, "standfirst", a.Standfirst, MaxStandfirst, false)
	checkText(&p, "dateline", a.Dateline, MaxDateline, false)
	checkText(&p, "credit", a.Credit, MaxCredit, false)
	if len(a.BodyMarkdown) > MaxBody {
		p.Add("body", "must be at most %d bytes", MaxBody)
	}
	if a.Image != nil {
		a.Image.validate(&p)
	}
	if (a.Status == Published || a.Status == Scheduled) && a.PublishedAt.IsZero() {
		p.Add("published_at", "is required for a %s story", a.Status)
	}
	return p.Err()
}

// ValidateForPublication adds the rules a story must meet before readers see it.
func (a *Article) ValidateForPublication() error {
	var p Problems
	if strings.TrimSpace(a.BodyMarkdown) == "" {
		p.Add("body", "a story needs a body before it is published")
	}
	if len(a.Authors) == 0 && a.Credit == "" {
		p.Add("authors", "a story needs an author or a credit before it is published")
	}
	if err := a.Validate(); err != nil {
		return err
	}
	return p.Err()
}

func (img *Image) validate(p *Problems) {
	if img.Path == "" {
		p.Add("image", "a lead image needs a file")
	}
	if img.Width <= 0 || img.Height <= 0 {
		p.Add("image", "a lead image needs its width and height")
	}
	if strings.TrimSpace(img.Alt) == "" {
		p.Add("image_alt", "describe the image for readers who cannot see it")
	}
	checkText(p, "image_alt", img.Alt, MaxAltText, false)
	checkText(p, "image_caption", img.Caption, MaxCaption, false)
	checkText(p, "image_credit", img.Credit, MaxCredit, false)
}

func checkText(p *Problems, field, s string, max int, required bool) {
	switch {
	case required && strings.TrimSpace(s) == "":
		p.Add(field, "is required")
	case !utf8.ValidString(s):
		p.Add(field, "is not valid UTF-8 text")
	case utf8.RuneCountInString(s) > max:
		p.Add(field, "must be at most %d characters, got %d", max, utf8.RuneCountInString(s))
	case strings.ContainsAny(s, "\x00\r\n"):
		p.Add(field, "must be a single line")
	}
}

// VisibleAt reports whether readers may see the article at now: published or
// scheduled with its time passed, and out of any embargo.
func (a *Article) VisibleAt(now time.Time) bool {
	if a.Status != Published && a.Status != Scheduled {
		return false
	}
	if a.PublishedAt.IsZero() || a.PublishedAt.After(now) {
		return false
	}
	return a.EmbargoUntil.IsZero() || !a.EmbargoUntil.After(now)
}

// Path is the article's canonical URL path.
func (a *Article) Path() string { return ArticlePath(a.Edition, a.Section.Slug, a.Slug) }

// ArticlePath builds an article URL path from its parts.
func ArticlePath(edition, section, slug string) string {
	return "/" + edition + "/" + section + "/" + slug
}

// Modified is the latest of publication and update times: what a feed or a
// Last-Modified header reports.
func (a *Article) Modified() time.Time {
	if a.UpdatedAt.After(a.PublishedAt) {
		return a.UpdatedAt
	}
	return a.PublishedAt
}

// Teaser is the part of an article shown in lists and rivers.
type Teaser struct {
	ID          int64
	Edition     string
	SectionSlug string
	SectionName string
	Slug        string
	Kind        Kind
	Headline    string
	Standfirst  string
	Image       *Image
	PublishedAt time.Time
	UpdatedAt   time.Time
}

// Path is the teaser's article URL path.
func (t Teaser) Path() string { return ArticlePath(t.Edition, t.SectionSlug, t.Slug) }

// Modified is the latest of publication and update times.
func (t Teaser) Modified() time.Time {
	if t.UpdatedAt.After(t.PublishedAt) {
		return t.UpdatedAt
	}
	return t.PublishedAt
}

// Translation is a link from a story to the same story in another edition.
type Translation struct {
	Edition string
	Path    string
}
