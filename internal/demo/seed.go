package demo

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/media"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/slug"
)

// ImageCredit is shown with every generated lead image.
const ImageCredit = "Byline"

// Result says what Seed did.
type Result struct {
	Skipped  bool // the store already had content
	Articles int
	Images   int
}

// Seed fills an empty store with the demo content, publishing stories
// relative to ed.Now(). It does nothing to a store that already has
// sections, so restarting with --demo never duplicates anything. The
// editions must exist.
func Seed(ctx context.Context, ed *editorial.Service, lib media.Library) (Result, error) {
	c, err := Load()
	if err != nil {
		return Result{}, err
	}
	for _, e := range editionOrder {
		secs, err := ed.Store.Sections(ctx, e)
		if err != nil {
			return Result{}, err
		}
		if len(secs) > 0 {
			return Result{Skipped: true}, nil
		}
	}
	s := &seeder{ctx: ctx, ed: ed, c: c, now: ed.Now().UTC()}
	if err := s.taxonomy(); err != nil {
		return Result{}, err
	}
	images, err := s.images(lib)
	if err != nil {
		return Result{}, err
	}
	n, err := s.stories(images)
	return Result{Articles: n, Images: len(images)}, err
}

type seeder struct {
	ctx      context.Context
	ed       *editorial.Service
	c        *Content
	now      time.Time
	sections map[string]map[string]string // key → edition → slug
	topics   map[string]TopicDef
}

func (s *seeder) taxonomy() error {
	st := s.ed.Store
	s.sections = map[string]map[string]string{}
	for i, def := range s.c.Sections {
		s.sections[def.Key] = def.Slugs
		for _, e := range editionOrder {
			sec := news.Section{Edition: e, Slug: def.Slugs[e], Name: def.Names[e], Position: i + 1}
			if err := st.CreateSection(s.ctx, &sec); err != nil {
				return fmt.Errorf("demo: section %s/%s: %w", e, def.Key, err)
			}
		}
	}
	for _, def := range s.c.Authors {
		if err := st.CreateAuthor(s.ctx, &news.Author{Slug: def.Slug, Name: def.Name}); err != nil {
			return fmt.Errorf("demo: author %s: %w", def.Slug, err)
		}
	}
	s.topics = map[string]TopicDef{}
	for _, def := range s.c.Topics {
		s.topics[def.Key] = def
		t := news.Topic{Kind: news.TopicKind(def.Kind), Aliases: def.Aliases}
		for _, e := range editionOrder {
			t.Names = append(t.Names, news.TopicName{Edition: e, Name: def.Names[e], Slug: slug.Make(def.Names[e])})
		}
		if err := st.CreateTopic(s.ctx, &t); err != nil {
			return fmt.Errorf("demo: topic %s: %w", def.Key, err)
		}
	}
	return nil
}

// images paints one lead image per translation group, in parallel, and
// stores it with its variants. It returns media paths by group.
func (s *seeder) images(lib media.Library) (map[string]string, error) {
	scenesByGroup := map[string]string{}
	for _, st := range s.c.Stories {
		if img := st.Fields["image"]; img != "none" {
			scenesByGroup[st.Group] = img
		}
	}
	groups := make([]string, 0, len(scenesByGroup))
	for g := range scenesByGroup {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	paths := make([]string, len(groups))
	errs := make([]error, len(groups))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, g := range groups {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			img, err := makeImage(scenesByGroup[g], g)
			for p, data := range img.Files {
				if err == nil {
					err = lib.Write(p, data)
				}
			}
			paths[i], errs[i] = img.Path, err
		}()
	}
	wg.Wait()
	out := map[string]string{}
	for i, g := range groups {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out[g] = paths[i]
	}
	return out, nil
}

// stories creates every story, translations after the version that names
// their group, in edition order.
func (s *seeder) stories(images map[string]string) (int, error) {
	stories := slices.Clone(s.c.Stories)
	sort.SliceStable(stories, func(i, j int) bool {
		if stories[i].Group != stories[j].Group {
			return stories[i].Group < stories[j].Group
		}
		return slices.Index(editionOrder, stories[i].Edition) < slices.Index(editionOrder, stories[j].Edition)
	})
	groupID := map[string]int64{}
	for _, st := range stories {
		a, err := s.story(st, images[st.Group], groupID[st.Group])
		if err != nil {
			return 0, fmt.Errorf("demo: %s: %w", st.File, err)
		}
		if groupID[st.Group] == 0 {
			groupID[st.Group] = a.ID
		}
	}
	return len(stories), nil
}

func (s *seeder) story(st Story, imagePath string, group int64) (*news.Article, error) {
	hours, _, _ := st.Hours("hours_ago")
	d := editorial.Draft{
		Edition: st.Edition, Section: s.sections[st.Fields["section"]][st.Edition], Kind: news.Kind(st.Fields["kind"]),
		Headline: st.Fields["headline"], Standfirst: st.Fields["standfirst"], Body: st.Body,
		Dateline: st.Fields["dateline"], Credit: st.Fields["credit"], Authors: st.List("authors"),
		TranslationOf: group, PublishedAt: s.ago(hours),
	}
	for _, key := range st.List("topics") {
		d.Topics = append(d.Topics, s.topics[key].Names[st.Edition])
	}
	if imagePath != "" {
		d.Image = &news.Image{Path: imagePath, Width: imageWidth, Height: imageHeight,
			Alt: st.Fields["image_alt"], Caption: st.Fields["image_caption"], Credit: ImageCredit}
	}
	a, err := s.ed.Create(s.ctx, editorial.System(), d)
	if err != nil {
		return nil, err
	}
	return a, s.afterPublication(st, a)
}

// afterPublication applies the story's later history: an update, a
// correction, a withdrawal.
func (s *seeder) afterPublication(st Story, a *news.Article) error {
	changed := false
	if h, ok, _ := st.Hours("updated_hours_ago"); ok {
		a.UpdatedAt, changed = s.ago(h), true
	}
	if st.Fields["status"] == "unpublished" {
		a.Status, changed = news.Unpublished, true
	}
	if changed {
		if err := s.ed.Store.UpdateArticle(s.ctx, a); err != nil {
			return err
		}
	}
	if h, ok, _ := st.Hours("correction_hours_ago"); ok {
		c := news.Correction{Text: st.Fields["correction"], CreatedAt: s.ago(h)}
		return s.ed.Store.AddCorrection(s.ctx, a.ID, &c)
	}
	return nil
}

func (s *seeder) ago(hours float64) time.Time {
	return s.now.Add(-time.Duration(hours * float64(time.Hour))).Truncate(time.Minute)
}
