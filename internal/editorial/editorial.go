// Package editorial holds the newsroom's use cases: write a story, edit it,
// send it to review, publish or schedule it, unpublish it, correct it,
// translate it, restore a revision. The newsroom UI, the Admin API, the
// demo loader and the job worker all go through here, so each rule, and
// each permission check, is written once.
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
	Images Ingester // nil: uploads are refused
	// Observe, when set, hears each workflow event: "published",
	// "scheduled", "published_due" (a scheduled story's time came) and
	// "unpublished". Metrics count them.
	Observe func(event string)

	suggest suggester // topic suggestions: the detector over the store's topics
}

// New returns a Service with the real clock.
func New(store news.Store, md *markup.Renderer) *Service {
	return &Service{Store: store, Markup: md, Now: time.Now}
}

// System is the actor for Byline's own work: the demo loader and the job
// worker. It is never the actor of a request.
func System() news.User {
	return news.User{Name: "Byline", Role: news.RoleAdmin, Language: "en"}
}

// forbidden is the error for an action the actor may not take.
func forbidden(format string, args ...any) error {
	return news.Errorf(news.CodeForbidden, format, args...)
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
	Authors    []string // author slugs, in byline order; the writer's own byline when empty
	Topics     []string // topic names in Edition; unknown names become new subjects
	Image      *news.Image
	Slug       string // optional; made from the headline when empty
	// TranslationOf links the new story to another story's translation group.
	TranslationOf int64
	// PublishedAt, when set, publishes the story as of that time: for stories
	// first published elsewhere (imports, the demo). It needs the right to
	// publish.
	PublishedAt  time.Time
	EmbargoUntil time.Time
}

// Create stores a new story for actor: a draft, or a published one when
// d.PublishedAt is set.
func (s *Service) Create(ctx context.Context, actor news.User, d Draft) (*news.Article, error) {
	if !actor.Can(news.ActWrite, nil) {
		return nil, forbidden("your account may not write stories")
	}
	now := s.Now().UTC()
	a := &news.Article{
		Edition: d.Edition, Status: news.Draft, CreatedAt: now, TranslationGroup: d.TranslationOf,
		CreatedBy: actor.ID, EditedBy: actor.ID,
	}
	c := Changes{Section: d.Section, Kind: d.Kind, Headline: d.Headline, Standfirst: d.Standfirst, Body: d.Body,
		Dateline: d.Dateline, Credit: d.Credit, Authors: d.Authors, Topics: d.Topics, Image: d.Image, Slug: d.Slug,
		EmbargoUntil: d.EmbargoUntil}
	if len(c.Authors) == 0 && actor.AuthorID != 0 {
		au, err := s.Store.AuthorByID(ctx, actor.AuthorID)
		if err != nil {
			return nil, err
		}
		c.Authors = []string{au.Slug}
	}
	if err := s.apply(ctx, a, c); err != nil {
		return nil, err
	}
	if !d.PublishedAt.IsZero() {
		if !actor.Can(news.ActPublish, a) {
			return nil, forbidden("your account may not publish stories")
		}
		if d.PublishedAt.After(now) {
			return nil, news.Invalid("published_at", "is in the future; schedule the story instead")
		}
		a.Status, a.PublishedAt = news.Published, d.PublishedAt.UTC()
		if err := s.validateForPublication(a); err != nil {
			return nil, err
		}
	}
	return a, s.insertWithFreeSlug(ctx, a, d.Slug != "")
}

// apply sets the fields a form or API call carries on a, resolving the
// section, authors, topics and image, and rendering the body. It reports
// every problem at once.
func (s *Service) apply(ctx context.Context, a *news.Article, c Changes) error {
	a.Kind, a.Headline, a.Standfirst = c.Kind, strings.TrimSpace(c.Headline), strings.TrimSpace(c.Standfirst)
	a.Dateline, a.Credit, a.BodyMarkdown = strings.TrimSpace(c.Dateline), strings.TrimSpace(c.Credit), c.Body
	a.EmbargoUntil = c.EmbargoUntil
	if a.Kind == "" {
		a.Kind = news.News
	}
	var p news.Problems
	if err := s.resolveSection(ctx, a, c.Section, &p); err != nil {
		return err
	}
	if err := s.resolveAuthors(ctx, a, c.Authors, &p); err != nil {
		return err
	}
	if err := s.resolveImage(ctx, a, c.Image, &p); err != nil {
		return err
	}
	switch {
	case c.Slug != "":
		a.Slug = c.Slug
	case a.Slug == "":
		a.Slug = slug.Make(a.Headline)
		if a.Slug == "" {
			a.Slug = "story"
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	topics, err := s.topics(ctx, a.Edition, c.Topics)
	if err != nil {
		return err
	}
	a.Topics = topics
	html, err := s.Markup.Render(a.BodyMarkdown)
	if err != nil {
		return news.Invalid("body", "could not be rendered: %v", err)
	}
	a.BodyHTML = html
	return nil
}

func (s *Service) resolveSection(ctx context.Context, a *news.Article, section string, p *news.Problems) error {
	sec, err := s.Store.Section(ctx, a.Edition, section)
	switch news.ErrorCode(err) {
	case "":
		a.Section = sec
	case news.CodeNotFound:
		p.Add("section", "edition %q has no section %q", a.Edition, section)
	default:
		return err
	}
	return nil
}

func (s *Service) resolveAuthors(ctx context.Context, a *news.Article, slugs []string, p *news.Problems) error {
	a.Authors = nil
	seen := map[string]bool{}
	for _, name := range slugs {
		name = strings.TrimSpace(name)
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		au, err := s.Store.Author(ctx, name)
		if news.ErrorCode(err) == news.CodeNotFound {
			p.Add("authors", "there is no author %q", name)
			continue
		} else if err != nil {
			return err
		}
		a.Authors = append(a.Authors, au)
	}
	return nil
}

// resolveImage takes the lead image's sizes from the media library, so a
// form only needs to name the uploaded file.
func (s *Service) resolveImage(ctx context.Context, a *news.Article, img *news.Image, p *news.Problems) error {
	if img == nil || img.Path == "" {
		a.Image = nil
		return nil
	}
	out := *img
	out.Alt, out.Caption, out.Credit = strings.TrimSpace(img.Alt), strings.TrimSpace(img.Caption), strings.TrimSpace(img.Credit)
	if out.Width == 0 || out.Height == 0 {
		m, err := s.Store.MediaByPath(ctx, img.Path)
		if news.ErrorCode(err) == news.CodeNotFound {
			p.Add("image", "there is no uploaded image %q; upload it first", img.Path)
			return nil
		} else if err != nil {
			return err
		}
		out.Width, out.Height = m.Width, m.Height
	}
	a.Image = &out
	return nil
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
