package editorial

import (
	"context"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// Changes is the full editable state of a story, as a form or an API call
// carries it. ChangesFrom gives the current state to start a partial edit
// from.
type Changes struct {
	// BaseRevision is the revision the person edited; a save based on an
	// older one is refused as a conflict.
	BaseRevision int
	Section      string
	Kind         news.Kind
	Headline     string
	Standfirst   string
	Body         string
	Dateline     string
	Credit       string
	Authors      []string // slugs
	Topics       []string // names
	Image        *news.Image
	Slug         string // "" keeps the current one
	EmbargoUntil time.Time
}

// ChangesFrom returns a story's current state as Changes.
func ChangesFrom(a *news.Article) Changes {
	c := Changes{BaseRevision: a.Revision, Section: a.Section.Slug, Kind: a.Kind, Headline: a.Headline,
		Standfirst: a.Standfirst, Body: a.BodyMarkdown, Dateline: a.Dateline, Credit: a.Credit, Slug: a.Slug,
		EmbargoUntil: a.EmbargoUntil}
	for _, au := range a.Authors {
		c.Authors = append(c.Authors, au.Slug)
	}
	for _, t := range a.Topics {
		c.Topics = append(c.Topics, t.Name)
	}
	if a.Image != nil {
		img := *a.Image
		c.Image = &img
	}
	return c
}

// load returns a story after checking actor may take act on it. A story
// the actor may not even see is reported as not found.
func (s *Service) load(ctx context.Context, actor news.User, id int64, act news.Action, what string) (*news.Article, error) {
	a, err := s.Store.Article(ctx, id)
	if err != nil {
		return nil, err
	}
	if !actor.Can(act, a) {
		return nil, forbidden("your account may not %s this story", what)
	}
	return a, nil
}

// Update saves a new revision of a story. A substantive change to a
// published story (headline, standfirst or body) sets its updated time.
// The edit is refused with a conflict when c.BaseRevision is stale.
func (s *Service) Update(ctx context.Context, actor news.User, id int64, c Changes) (*news.Article, error) {
	a, err := s.load(ctx, actor, id, news.ActEdit, "edit")
	if err != nil {
		return nil, err
	}
	before := *a
	if err := s.apply(ctx, a, c); err != nil {
		return nil, err
	}
	if a.Status == news.Published || a.Status == news.Scheduled {
		if err := s.validateForPublication(a); err != nil {
			return nil, err
		}
		if substantive(&before, a) {
			a.UpdatedAt = s.Now().UTC()
		}
	}
	a.Revision, a.EditedBy = c.BaseRevision, actor.ID
	if err := s.Store.UpdateArticle(ctx, a); err != nil {
		return nil, err
	}
	_ = s.Store.DeleteAutosave(ctx, id, actor.ID) // saved: the autosave is spent
	return a, nil
}

// substantive reports whether readers would see different words.
func substantive(before, after *news.Article) bool {
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	return norm(before.Headline) != norm(after.Headline) ||
		norm(before.Standfirst) != norm(after.Standfirst) ||
		norm(before.BodyMarkdown) != norm(after.BodyMarkdown)
}

// Restore saves an old revision's text as a new revision.
func (s *Service) Restore(ctx context.Context, actor news.User, id int64, number, baseRevision int) (*news.Article, error) {
	a, err := s.load(ctx, actor, id, news.ActEdit, "edit")
	if err != nil {
		return nil, err
	}
	r, err := s.Store.Revision(ctx, id, number)
	if err != nil {
		return nil, err
	}
	sec := a.Section.Slug
	if r.SectionID != a.Section.ID {
		if old, err := s.Store.SectionByID(ctx, r.SectionID); err == nil {
			sec = old.Slug
		}
	}
	c := Changes{BaseRevision: baseRevision, Section: sec, Kind: r.Kind, Headline: r.Headline, Standfirst: r.Standfirst,
		Body: r.Body, Dateline: r.Dateline, Credit: r.Credit, Authors: r.Authors, Topics: r.Topics, Image: r.Image,
		Slug: r.Slug, EmbargoUntil: a.EmbargoUntil}
	return s.Update(ctx, actor, id, c)
}

// SaveAutosave keeps the unsaved state of actor's editor.
func (s *Service) SaveAutosave(ctx context.Context, actor news.User, id int64, baseRevision int, fields string) error {
	if _, err := s.load(ctx, actor, id, news.ActEdit, "edit"); err != nil {
		return err
	}
	if len(fields) > news.MaxBody+64<<10 {
		return news.Invalid("autosave", "is too large")
	}
	return s.Store.SaveAutosave(ctx, news.Autosave{ArticleID: id, UserID: actor.ID, BaseRevision: baseRevision,
		Fields: fields, SavedAt: s.Now().UTC()})
}

// Translate starts a draft of a story in another edition, linked to it, with
// the original's text to translate from.
func (s *Service) Translate(ctx context.Context, actor news.User, id int64, edition string) (*news.Article, error) {
	a, err := s.load(ctx, actor, id, news.ActTranslate, "translate")
	if err != nil {
		return nil, err
	}
	if edition == a.Edition {
		return nil, news.Invalid("edition", "choose another edition than the story's own")
	}
	secs, err := s.Store.Sections(ctx, edition)
	if err != nil {
		return nil, err
	}
	if len(secs) == 0 {
		return nil, news.Invalid("edition", "edition %q has no sections yet", edition)
	}
	target := secs[0]
	for _, sec := range secs { // the same slot in the other edition's order
		if sec.Position == a.Section.Position {
			target = sec
			break
		}
	}
	d := Draft{Edition: edition, Section: target.Slug, Kind: a.Kind, Headline: a.Headline, Standfirst: a.Standfirst,
		Body: a.BodyMarkdown, Dateline: a.Dateline, Credit: a.Credit, Image: a.Image, TranslationOf: a.ID}
	return s.Create(ctx, actor, d)
}
