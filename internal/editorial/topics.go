package editorial

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/relevance"
	"github.com/bylinehq/byline/internal/relevance/entities"
	"github.com/bylinehq/byline/internal/slug"
)

// topics finds each named topic for a story of edition: by its name in the
// edition, else by any of its names or aliases in any language (the topic
// then gets this name in the edition, so one topic spans the translations),
// else a new topic, a place with its names in every edition when the
// bundled gazetteer knows it, otherwise of the kind its name suggests.
func (s *Service) topics(ctx context.Context, edition string, names []string) ([]news.TopicRef, error) {
	var out []news.TopicRef
	seen := map[int64]bool{}
	for _, name := range names {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		ref, err := s.topic(ctx, edition, name)
		if err != nil {
			return nil, err
		}
		if !seen[ref.ID] {
			seen[ref.ID] = true
			out = append(out, ref)
		}
	}
	return out, nil
}

func (s *Service) topic(ctx context.Context, edition, name string) (news.TopicRef, error) {
	ref, err := s.Store.TopicByName(ctx, edition, name)
	if news.ErrorCode(err) != news.CodeNotFound {
		return ref, err
	}
	t, err := s.Store.FindTopic(ctx, name)
	switch {
	case err == nil:
		if n, ok := t.In(edition); ok {
			return news.TopicRef{ID: t.ID, Kind: t.Kind, Edition: edition, Name: n.Name, Slug: n.Slug}, nil
		}
		return s.nameTopic(ctx, t, edition, name)
	case news.ErrorCode(err) != news.CodeNotFound:
		return ref, err
	}
	return s.newTopic(ctx, edition, name)
}

// nameTopic gives a known topic its first name in edition.
func (s *Service) nameTopic(ctx context.Context, t news.Topic, edition, name string) (news.TopicRef, error) {
	n, err := s.freeTopicSlug(ctx, edition, name)
	if err != nil {
		return news.TopicRef{}, err
	}
	t.Names = []news.TopicName{n}
	if err := s.Store.UpdateTopic(ctx, &t); err != nil {
		return news.TopicRef{}, fmt.Errorf("topic %q: %w", name, err)
	}
	s.suggest.forget()
	return news.TopicRef{ID: t.ID, Kind: t.Kind, Edition: edition, Name: name, Slug: n.Slug}, nil
}

// newTopic creates a topic for a name no topic has.
func (s *Service) newTopic(ctx context.Context, edition, name string) (news.TopicRef, error) {
	eds, err := s.Store.Editions(ctx)
	if err != nil {
		return news.TopicRef{}, err
	}
	lang := editionLang(eds, edition)
	n, err := s.freeTopicSlug(ctx, edition, name)
	if err != nil {
		return news.TopicRef{}, err
	}
	t := news.Topic{Kind: news.TopicKind(entities.KindOf(lang, name)), Names: []news.TopicName{n}}
	if !t.Kind.Valid() {
		t.Kind = news.Subject
	}
	if place, ok := placeNamed(name); ok {
		t.Kind = news.Place
		t.Names = append(t.Names, s.placeNames(ctx, eds, edition, place)...)
	}
	if err := s.Store.CreateTopic(ctx, &t); err != nil {
		return news.TopicRef{}, fmt.Errorf("topic %q: %w", name, err)
	}
	s.suggest.forget()
	return news.TopicRef{ID: t.ID, Kind: t.Kind, Edition: edition, Name: name, Slug: n.Slug}, nil
}

// placeNames names a gazetteer place in the other editions, in their
// languages, where the slug is free.
func (s *Service) placeNames(ctx context.Context, eds []news.Edition, except string, p entities.Place) []news.TopicName {
	var out []news.TopicName
	for _, e := range eds {
		name := p.Names[baseLang(e.Tag)]
		if e.Code == except || name == "" {
			continue
		}
		if n, err := s.freeTopicSlug(ctx, e.Code, name); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// freeTopicSlug names a topic in edition with a slug no other topic of the
// edition uses, adding -2, -3… when needed.
func (s *Service) freeTopicSlug(ctx context.Context, edition, name string) (news.TopicName, error) {
	base := slug.Make(name)
	if base == "" {
		return news.TopicName{}, news.Invalid("topics", "%q is not a usable topic name", name)
	}
	for i := 1; i <= 20; i++ {
		sl := base
		if i > 1 {
			sl = base + "-" + strconv.Itoa(i)
		}
		_, err := s.Store.Topic(ctx, edition, sl)
		if news.ErrorCode(err) == news.CodeNotFound {
			return news.TopicName{Edition: edition, Name: name, Slug: sl}, nil
		}
		if err != nil {
			return news.TopicName{}, err
		}
	}
	return news.TopicName{}, news.Errorf(news.CodeConflict, "too many topics of edition %q are called %q", edition, name)
}

func placeNamed(name string) (entities.Place, bool) {
	f := relevance.Fold(name)
	for _, p := range entities.Places() {
		for _, n := range p.Names {
			if relevance.Fold(n) == f {
				return p, true
			}
		}
		for _, n := range p.Aliases {
			if relevance.Fold(n) == f {
				return p, true
			}
		}
	}
	return entities.Place{}, false
}

func editionLang(eds []news.Edition, code string) string {
	for _, e := range eds {
		if e.Code == code {
			return e.Tag
		}
	}
	return code
}

func baseLang(tag string) string {
	b, _, _ := strings.Cut(strings.ToLower(tag), "-")
	return b
}

// suggester keeps a topic detector built from the store's topics. It is
// rebuilt when this service creates or names a topic, and at least every
// detectorTTL so that topics added by other nodes are found too.
type suggester struct {
	mu    sync.Mutex
	d     *entities.Detector
	built time.Time
}

const detectorTTL = time.Minute

func (g *suggester) forget() {
	g.mu.Lock()
	g.d = nil
	g.mu.Unlock()
}

func (g *suggester) detector(ctx context.Context, st news.Store, now time.Time) (*entities.Detector, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.d != nil && now.Sub(g.built) < detectorTTL && now.After(g.built) {
		return g.d, nil
	}
	known, err := st.KnownTopics(ctx)
	if err != nil {
		return nil, err
	}
	ks := make([]entities.Known, len(known))
	for i, k := range known {
		ks[i] = entities.Known{ID: k.ID, Kind: string(k.Kind), Names: k.Names}
	}
	g.d, g.built = entities.New(ks), now
	return g.d, nil
}

// TopicSuggestion is a topic the story seems to name, with the evidence.
type TopicSuggestion struct {
	entities.Suggestion
	// FromTranslation names the edition of a translation of the story that
	// has this topic confirmed; "" when the text alone suggested it.
	FromTranslation string
}

// SuggestTopics returns the topics a story's saved text names that it does
// not have yet, best first, leaving out those an editor rejected for it.
// Topics confirmed on the story's translations come too: one topic spans
// the editions.
func (s *Service) SuggestTopics(ctx context.Context, actor news.User, id int64) ([]TopicSuggestion, error) {
	a, err := s.load(ctx, actor, id, news.ActEdit, "edit")
	if err != nil {
		return nil, err
	}
	eds, err := s.Store.Editions(ctx)
	if err != nil {
		return nil, err
	}
	d, err := s.suggest.detector(ctx, s.Store, s.Now())
	if err != nil {
		return nil, err
	}
	rejected, err := s.Store.TopicRejections(ctx, id)
	if err != nil {
		return nil, err
	}
	skip := map[string]bool{}
	for _, k := range rejected {
		skip[k] = true
	}
	for _, t := range a.Topics {
		skip["topic:"+strconv.FormatInt(t.ID, 10)] = true
		skip["name:"+relevance.Fold(t.Name)] = true
	}
	var out []TopicSuggestion
	for _, sg := range d.Suggest(editionLang(eds, a.Edition), a.Headline, a.Standfirst, relevance.PlainText(a.BodyHTML)) {
		if !skip[sg.Key] && !skip["name:"+relevance.Fold(sg.Name)] {
			skip[sg.Key] = true
			out = append(out, TopicSuggestion{Suggestion: sg})
		}
	}
	return s.translationTopics(ctx, a, skip, out)
}

// translationTopics adds the topics confirmed on a's translations.
func (s *Service) translationTopics(ctx context.Context, a *news.Article, skip map[string]bool, out []TopicSuggestion) ([]TopicSuggestion, error) {
	if a.TranslationGroup == 0 {
		return out, nil
	}
	refs, err := s.Store.TranslationTopics(ctx, a)
	if err != nil {
		return nil, err
	}
	for _, t := range refs {
		key := "topic:" + strconv.FormatInt(t.ID, 10)
		if skip[key] {
			continue
		}
		skip[key] = true
		name := t.Name
		if full, err := s.Store.TopicByID(ctx, t.ID); err == nil {
			if n, ok := full.In(a.Edition); ok {
				name = n.Name
			}
		}
		out = append(out, TopicSuggestion{FromTranslation: t.Edition, Suggestion: entities.Suggestion{
			TopicID: t.ID, Key: key, Name: name, Kind: string(t.Kind), Source: "translation"}})
	}
	return out, nil
}

// RejectTopic remembers that an editor turned a suggestion down.
func (s *Service) RejectTopic(ctx context.Context, actor news.User, id int64, key string) error {
	if _, err := s.load(ctx, actor, id, news.ActEdit, "edit"); err != nil {
		return err
	}
	return s.Store.RejectTopic(ctx, id, key, actor.ID)
}

// UndoRejectTopic offers a rejected suggestion again.
func (s *Service) UndoRejectTopic(ctx context.Context, actor news.User, id int64, key string) error {
	if _, err := s.load(ctx, actor, id, news.ActEdit, "edit"); err != nil {
		return err
	}
	return s.Store.UndoRejectTopic(ctx, id, key)
}

// PickReadAlso pins or excludes related in a story's "Read also" block, or
// clears the choice with an empty pick. Editors decide.
func (s *Service) PickReadAlso(ctx context.Context, actor news.User, id, related int64, pick news.Pick) error {
	if _, err := s.load(ctx, actor, id, news.ActPickReadAlso, "choose the Read also stories of"); err != nil {
		return err
	}
	return s.Store.SetReadAlsoPick(ctx, id, related, pick)
}

// UpdateTopic renames a topic, names it in other editions and sets its
// kind and aliases. Editors decide.
func (s *Service) UpdateTopic(ctx context.Context, actor news.User, t *news.Topic) error {
	if !actor.Can(news.ActManageTopics, nil) {
		return forbidden("your account may not change topics")
	}
	for i, a := range t.Aliases {
		t.Aliases[i] = strings.TrimSpace(a)
	}
	t.Aliases = slices.DeleteFunc(t.Aliases, func(a string) bool { return a == "" })
	if err := s.Store.UpdateTopic(ctx, t); err != nil {
		return err
	}
	s.suggest.forget()
	return nil
}
