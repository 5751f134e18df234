package editorial

import (
	"context"
	"regexp"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// Submit sends a draft to the review queue.
func (s *Service) Submit(ctx context.Context, actor news.User, id int64) (*news.Article, error) {
	a, err := s.load(ctx, actor, id, news.ActSubmit, "submit")
	if err != nil {
		return nil, err
	}
	if a.Status != news.Draft && a.Status != news.InReview {
		return nil, news.Invalid("status", "only a draft can be sent to review; this story is %s", a.Status)
	}
	if strings.TrimSpace(a.BodyMarkdown) == "" {
		return nil, news.Invalid("body", "write the story before sending it to review")
	}
	a.Status, a.SubmittedAt, a.EditedBy = news.InReview, s.Now().UTC(), actor.ID
	return a, s.Store.UpdateArticle(ctx, a)
}

// Publish makes a story visible now, or schedules it for at when at is in
// the future. A story keeps its first publication time when republished.
func (s *Service) Publish(ctx context.Context, actor news.User, id int64, at time.Time) (*news.Article, error) {
	a, err := s.load(ctx, actor, id, news.ActPublish, "publish")
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	switch {
	case !at.IsZero() && at.After(now):
		if a.Status == news.Published {
			return nil, news.Invalid("at", "the story is already published")
		}
		a.Status, a.PublishedAt = news.Scheduled, at.UTC()
	case a.Status == news.Published:
		return nil, news.Invalid("status", "the story is already published")
	case a.Status == news.Unpublished && !a.PublishedAt.IsZero():
		a.Status, a.UpdatedAt = news.Published, now
	default:
		a.Status, a.PublishedAt = news.Published, now
	}
	if err := s.validateForPublication(a); err != nil {
		return nil, err
	}
	a.EditedBy = actor.ID
	if err := s.Store.UpdateArticle(ctx, a); err != nil {
		return nil, err
	}
	s.observe(map[news.Status]string{news.Scheduled: "scheduled", news.Published: "published"}[a.Status])
	return a, nil
}

// PublishDue flips a scheduled story whose time has come to published. It
// is what the job worker runs; running it again does nothing, so a worker
// that dies between this and finishing its job cannot publish twice.
func (s *Service) PublishDue(ctx context.Context, id int64) error {
	a, err := s.Store.Article(ctx, id)
	if news.ErrorCode(err) == news.CodeNotFound {
		return nil // deleted since: nothing to do
	}
	if err != nil {
		return err
	}
	if a.Status != news.Scheduled || a.PublishedAt.After(s.Now()) {
		return nil
	}
	a.Status, a.EditedBy = news.Published, 0
	if err := s.Store.UpdateArticle(ctx, a); err != nil {
		return err
	}
	s.observe("published_due")
	return nil
}

// Unpublish takes a story down; its address answers 410 Gone.
func (s *Service) Unpublish(ctx context.Context, actor news.User, id int64) (*news.Article, error) {
	a, err := s.load(ctx, actor, id, news.ActUnpublish, "unpublish")
	if err != nil {
		return nil, err
	}
	switch a.Status {
	case news.Published:
	case news.Scheduled:
		// Unscheduling: back to a draft, nothing was ever public.
		if a.PublishedAt.After(s.Now()) {
			a.Status, a.PublishedAt, a.EditedBy = news.Draft, time.Time{}, actor.ID
			return a, s.Store.UpdateArticle(ctx, a)
		}
	default:
		return nil, news.Invalid("status", "only a published or scheduled story can be unpublished; this one is %s", a.Status)
	}
	a.Status, a.EditedBy = news.Unpublished, actor.ID
	if err := s.Store.UpdateArticle(ctx, a); err != nil {
		return nil, err
	}
	s.observe("unpublished")
	return a, nil
}

// observe reports a workflow event to Observe, when set.
func (s *Service) observe(event string) {
	if s.Observe != nil && event != "" {
		s.Observe(event)
	}
}

// Correct attaches a public correction note, shown with its time.
func (s *Service) Correct(ctx context.Context, actor news.User, id int64, text string) (*news.Correction, error) {
	a, err := s.load(ctx, actor, id, news.ActCorrect, "correct")
	if err != nil {
		return nil, err
	}
	if a.PublishedAt.IsZero() {
		return nil, news.Invalid("correction", "a story that was never published needs an edit, not a correction")
	}
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, news.Invalid("correction", "write the correction readers will see")
	}
	if len([]rune(text)) > 2000 {
		return nil, news.Invalid("correction", "must be at most 2000 characters")
	}
	c := &news.Correction{Text: text, CreatedAt: s.Now().UTC()}
	return c, s.Store.AddCorrection(ctx, id, c)
}

var imgTag = regexp.MustCompile(`<img\b[^>]*>`)
var altAttr = regexp.MustCompile(`\balt="[^"]*\S[^"]*"`)

// validateForPublication adds the newsroom's rules for what readers see:
// every image, the lead and any in the body, has alt text.
func (s *Service) validateForPublication(a *news.Article) error {
	if err := a.ValidateForPublication(); err != nil {
		return err
	}
	for _, tag := range imgTag.FindAllString(a.BodyHTML, -1) {
		if !altAttr.MatchString(tag) {
			return news.Invalid("body", "every image in the body needs alt text before publishing: write ![description](address)")
		}
	}
	return nil
}
