package site

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/text/language"

	"github.com/bylinehq/byline/internal/i18n"
	"github.com/bylinehq/byline/internal/news"
)

// edition is an edition with what rendering it needs, resolved once.
type edition struct {
	news.Edition
	zone   *time.Location
	locale *i18n.Locale
}

// editionSet is an immutable snapshot of the editions; the site swaps in a
// new one on Reload.
type editionSet struct {
	list    []*edition
	byCode  map[string]*edition
	matcher language.Matcher
}

func loadEditions(ctx context.Context, store news.EditionStore, bundle *i18n.Bundle) (*editionSet, error) {
	eds, err := store.Editions(ctx)
	if err != nil {
		return nil, err
	}
	set := &editionSet{byCode: map[string]*edition{}}
	var tags []language.Tag
	for _, e := range eds {
		zone, err := time.LoadLocation(e.TimeZone)
		if err != nil {
			return nil, fmt.Errorf("site: edition %s: time zone: %w", e.Code, err)
		}
		loc, err := bundle.Locale(e.Tag)
		if err != nil {
			return nil, fmt.Errorf("site: edition %s: %w", e.Code, err)
		}
		ed := &edition{Edition: e, zone: zone, locale: loc}
		set.list = append(set.list, ed)
		set.byCode[e.Code] = ed
		tags = append(tags, language.Make(e.Tag))
	}
	if len(set.list) == 0 {
		return nil, fmt.Errorf("site: the store has no editions")
	}
	set.matcher = language.NewMatcher(tags)
	return set, nil
}

// best picks the edition for an Accept-Language header; the first edition
// when nothing matches well.
func (s *editionSet) best(acceptLanguage string) *edition {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return s.list[0]
	}
	_, i, conf := s.matcher.Match(tags...)
	if conf == language.No {
		return s.list[0]
	}
	return s.list[i]
}
