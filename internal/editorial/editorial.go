// Package editorial holds the newsroom's use cases: write a story, publish
// or schedule it, unpublish it, correct it. The newsroom UI, the admin API,
// the demo loader and the wire desk all go through here, so a rule is
// written once.
package editorial

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/markup"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/slug"
)

// Service runs the use cases against a store.
type Service struct {
	Store  news.Store
	Markup *markup.Renderer
	Now    func() time.Time
}

// New returns a Service with the real clock.
func New(store news.Store, md *markup.Renderer) *Service {
	return &Service{Store: store, Markup: md, Now: time.Now}
}

// Draft is what a writer submits for a new story.
type Draft struct {
	Edition    string
	Section    string // section slug in Edition
	Kind       news.Kind
	Headline   string
	Standfirst string
	Body       string // Markdown
	Dateline   string
	Credit     string
	Authors    []string // author slugs, in byline order
	Topics     []string // topic names in Edition; unknown names become new subjects
	Image      *news.Image
	Slug       string // optional; made from the headline when empty
	// TranslationOf links the new story to another story's translation group.
	TranslationOf int64
	// PublishedAt, when set, publishes the story as of that time: for stories
	// first published elsewhere (imports, the demo).
	PublishedAt time.Time
}

// Create stores a new story: a draft, or a published one when
// d.PublishedAt is set.
func (s *Service) Create(ctx context.Context, d Draft) (*news.Article, error) {
	now := s.Now().UTC()
	a := &news.Article{
		Edition: d.Edition, Kind: d.Kind, Headline: strings.TrimSpace(d.Headline), Standfirst: strings.TrimSpace(d.Standfirst),
		BodyMarkdown: d.Body, Dateline: strings.TrimSpace(d.Dateline), Credit: strings.TrimSpace(d.Credit),
		Image: d.Image, Status: news.Draft, CreatedAt: now, TranslationGroup: d.TranslationOf,
	}
	if a.Kind == "" {
		a.Kind = news.News
	}
	if err := s.resolve(ctx, a, d); err != nil {
		return nil, err
	}
	html, err := s.Markup.Render(a.BodyMarkdown)
	if err != nil {
		return nil, news.Invalid("body", "could not be rendered: %v", err)
	}
	a.BodyHTML = html
	if !d.PublishedAt.IsZero() {
		if d.PublishedAt.After(now) {
			return nil, news.Invalid("published_at", "is in the future; schedule the story instead")
		}
		a.Status, a.PublishedAt = news.Published, d.PublishedAt.UTC()
		if err := a.ValidateForPublication(); err != nil {
			return nil, err
		}
	}
	return a, s.insertWithFreeSlug(ctx, a, d.Slug != "")
}

// resolve looks up the draft's section, authors and topics.
func (s *Service) resolve(ctx context.Context, a *news.Article, d Draft) error {
	var p news.Problems
	sec, err := s.Store.Section(ctx, d.Edition, d.Section)
	switch news.ErrorCode(err) {
	case "":
		a.Section = sec
	case news.CodeNotFound:
		p.Add("section", "edition %q has no section %q", d.Edition, d.Section)
	default:
		return err
	}
	for _, slugName := range d.Authors {
		au, err := s.Store.Author(ctx, slugName)
		if news.ErrorCode(err) == news.CodeNotFound {
			p.Add("authors", "there is no author %q", slugName)
			continue
		} else if err != nil {
			return err
		}
		a.Authors = append(a.Authors, au)
	}
	a.Slug = d.Slug
	if a.Slug == "" {
		a.Slug = slug.Make(a.Headline)
	}
	if a.Slug == "" {
		a.Slug = "story"
	}
	if err := p.Err(); err != nil {
		return err
	}
	topics, err := s.topics(ctx, d.Edition, d.Topics)
	a.Topics = topics
	return err
}

// topics finds each named topic in edition, creating a subject for a name
// the edition has not seen.
func (s *Service) topics(ctx context.Context, edition string, names []string) ([]news.TopicRef, error) {
	var out []news.TopicRef
	seen := map[int64]bool{}
	for _, name := range names {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		ref, err := s.Store.TopicByName(ctx, edition, name)
		if news.ErrorCode(err) == news.CodeNotFound {
			t := news.Topic{Kind: news.Subject, Names: []news.TopicName{{Edition: edition, Name: name, Slug: slug.Make(name)}}}
			if err = s.Store.CreateTopic(ctx, &t); err != nil {
				return nil, fmt.Errorf("topic %q: %w", name, err)
			}
			ref = news.TopicRef{ID: t.ID, Kind: t.Kind, Edition: edition, Name: name, Slug: t.Names[0].Slug}
		} else if err != nil {
			return nil, err
		}
		if !seen[ref.ID] {
			seen[ref.ID] = true
			out = append(out, ref)
		}
	}
	return out, nil
}

// insertWithFreeSlug stores a, adding -2, -3… to a generated slug that is
// taken. A slug the writer chose is never changed behind their back.
func (s *Service) insertWithFreeSlug(ctx context.Context, a *news.Article, chosen bool) error {
	base := a.Slug
	for n := 2; ; n++ {
		err := s.Store.CreateArticle(ctx, a)
		var ne *news.Error
		if err == nil || chosen || !errors.As(err, &ne) || ne.Code != news.CodeConflict || ne.Field != "slug" || n > 50 {
			return err
		}
		a.Slug = fmt.Sprintf("%s-%d", base, n)
	}
}

// Publish makes a story visible now, or schedules it for at when at is in
// the future. A story keeps its first publication time when republished.
func (s *Service) Publish(ctx context.Context, id int64, at time.Time) (*news.Article, error) {
	a, err := s.Store.Article(ctx, id)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	switch {
	case !at.IsZero() && at.After(now):
		a.Status, a.PublishedAt = news.Scheduled, at.UTC()
	case a.Status == news.Unpublished && !a.PublishedAt.IsZero():
		a.Status, a.UpdatedAt = news.Published, now
	default:
		a.Status, a.PublishedAt = news.Published, now
	}
	if err := a.ValidateForPublication(); err != nil {
		return nil, err
	}
	return a, s.Store.UpdateArticle(ctx, a)
}

// Unpublish takes a story down; its address answers 410 Gone.
func (s *Service) Unpublish(ctx context.Context, id int64) (*news.Article, error) {
	a, err := s.Store.Article(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.Status != news.Published && a.Status != news.Scheduled {
		return nil, news.Invalid("status", "only a published or scheduled story can be unpublished; this one is %s", a.Status)
	}
	a.Status = news.Unpublished
	return a, s.Store.UpdateArticle(ctx, a)
}

// Correct attaches a public correction note, shown with its time.
func (s *Service) Correct(ctx context.Context, id int64, text string) (*news.Correction, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, news.Invalid("correction", "write the correction readers will see")
	}
	c := &news.Correction{Text: text, CreatedAt: s.Now().UTC()}
	return c, s.Store.AddCorrection(ctx, id, c)
}
