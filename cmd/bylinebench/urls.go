package main

import (
	"context"
	"encoding/xml"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// urlSet is what the load requests, found the way a crawler finds it:
// from the sitemaps and feeds.
type urlSet struct {
	articles []string // the working set the warm scenarios rotate through
	uncached []string // other stories, each requested once by article-uncached
	fronts   []string
	sections []string
	feeds    []string
	searches []string
}

// sitemapDoc reads both a sitemap index and a sitemap: each has <loc>
// elements, under <sitemap> in one and <url> in the other.
type sitemapDoc struct {
	Sitemaps []string `xml:"sitemap>loc"`
	URLs     []string `xml:"url>loc"`
}

// rssDoc is the part of an RSS feed that suggests search words.
type rssDoc struct {
	Titles []string `xml:"channel>item>title"`
}

// collectURLs reads the sitemap index, the pages sitemaps (fronts and
// sections) and, in a shuffled order fixed by seed, as many monthly
// sitemaps as it takes to find want+uncached stories. Search words come
// from each edition's feed.
func collectURLs(ctx context.Context, c *http.Client, origin string, want, uncached int, seed uint64) (*urlSet, error) {
	index, err := getSitemap(ctx, c, origin, "/sitemap.xml")
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, 0x6279))
	var set urlSet
	var months []string
	for _, loc := range index.Sitemaps {
		p, err := requestURI(loc)
		if err != nil {
			return nil, err
		}
		if !strings.HasSuffix(p, "/sitemap-pages.xml") {
			months = append(months, p)
			continue
		}
		if err := set.addPages(ctx, c, origin, p); err != nil {
			return nil, err
		}
	}
	rng.Shuffle(len(months), func(i, j int) { months[i], months[j] = months[j], months[i] })
	var stories []string
	for _, m := range months {
		if len(stories) >= want+uncached {
			break
		}
		doc, err := getSitemap(ctx, c, origin, m)
		if err != nil {
			return nil, err
		}
		for _, loc := range doc.URLs {
			p, err := requestURI(loc)
			if err != nil {
				return nil, err
			}
			stories = append(stories, p)
		}
	}
	if len(stories) == 0 {
		return nil, fmt.Errorf("the sitemaps of %s list no stories", origin)
	}
	rng.Shuffle(len(stories), func(i, j int) { stories[i], stories[j] = stories[j], stories[i] })
	n := min(want, len(stories))
	set.articles, set.uncached = stories[:n], stories[n:min(len(stories), n+uncached)]
	if err := set.addFeedsAndSearches(ctx, c, origin); err != nil {
		return nil, err
	}
	return &set, nil
}

// addPages adds an edition's front and section fronts from its pages
// sitemap: a front is /{edition}/, a section front /{edition}/{section}/.
func (s *urlSet) addPages(ctx context.Context, c *http.Client, origin, path string) error {
	doc, err := getSitemap(ctx, c, origin, path)
	if err != nil {
		return err
	}
	for _, loc := range doc.URLs {
		p, err := requestURI(loc)
		if err != nil {
			return err
		}
		if !strings.HasSuffix(p, "/") {
			continue
		}
		switch strings.Count(p, "/") {
		case 2:
			s.fronts = append(s.fronts, p)
		case 3:
			s.sections = append(s.sections, p)
		}
	}
	return nil
}

// addFeedsAndSearches adds every front's and section's RSS feed and, per
// edition, searches for words taken from the headlines in its feed, so
// that searches find stories in the edition's language.
func (s *urlSet) addFeedsAndSearches(ctx context.Context, c *http.Client, origin string) error {
	for _, p := range append(slices.Clone(s.fronts), s.sections...) {
		s.feeds = append(s.feeds, p+"feed.xml")
	}
	const perEdition = 6
	for _, front := range s.fronts {
		pg, err := getOK(ctx, c, origin, front+"feed.xml")
		if err != nil {
			return err
		}
		var doc rssDoc
		if err := xml.Unmarshal(pg.body, &doc); err != nil {
			return fmt.Errorf("%sfeed.xml: %w", front, err)
		}
		for _, w := range searchWords(doc.Titles, perEdition) {
			s.searches = append(s.searches, front+"search?q="+url.QueryEscape(w))
		}
	}
	return nil
}

// searchWords picks up to n distinct words of at least six letters from
// titles, longest first (long words are seldom stop words in any of the
// four languages).
func searchWords(titles []string, n int) []string {
	seen := map[string]bool{}
	var words []string
	for _, t := range titles {
		for _, w := range strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) }) {
			w = strings.ToLower(w)
			if utf8.RuneCountInString(w) >= 6 && !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	slices.SortStableFunc(words, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
	return words[:min(n, len(words))]
}

// mixed is the mixed scenario's list, in a shuffled order fixed by seed:
// the working set's stories (about 60% of requests), with fronts (15%),
// sections (10%), feeds (5%) and searches (10%) repeated to their share.
func (s *urlSet) mixed(seed uint64) []string {
	out := slices.Clone(s.articles)
	total := len(s.articles) * 100 / 60
	for _, part := range []struct {
		paths   []string
		percent int
	}{{s.fronts, 15}, {s.sections, 10}, {s.feeds, 5}, {s.searches, 10}} {
		for i := 0; len(part.paths) > 0 && i < max(total*part.percent/100, len(part.paths)); i++ {
			out = append(out, part.paths[i%len(part.paths)])
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0x6d6978))
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// distinct lists each path of the set once: what the nginx mirror holds.
func (s *urlSet) distinct() []string {
	var out []string
	for _, part := range [][]string{s.articles, s.fronts, s.sections, s.feeds, s.searches} {
		out = append(out, part...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func getSitemap(ctx context.Context, c *http.Client, origin, path string) (*sitemapDoc, error) {
	pg, err := getOK(ctx, c, origin, path)
	if err != nil {
		return nil, err
	}
	var doc sitemapDoc
	if err := xml.Unmarshal(pg.body, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &doc, nil
}

// requestURI turns an absolute <loc> into the path (and query) to request
// from whichever server is under test.
func requestURI(loc string) (string, error) {
	u, err := url.Parse(loc)
	if err != nil {
		return "", fmt.Errorf("sitemap <loc> %q: %w", loc, err)
	}
	return u.RequestURI(), nil
}
