// Package synth generates a synthetic newsroom for benchmarks: any number
// of stories in the four default editions, written from real sentences of
// the evaluation set and the demo stories (so term frequencies look like
// news), grouped into clusters of three to eight stories about one event
// that share invented people, places and organisations (so "Read also"
// has a right answer at any size). Output depends only on the seed and
// Version.
package synth

import (
	"fmt"
	"html"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bylinehq/byline/internal/news"
)

// Version changes whenever the same seed would generate different stories,
// so that stores cached from an older generator are not reused.
const Version = 1

// End bounds publication times: stories are spread over the two years
// before it. Benchmarks read the newsroom as of End.
var End = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

const (
	span        = 730 * 24 * time.Hour
	minCluster  = 3
	maxCluster  = 8
	minWords    = 150
	maxWords    = 400
	followUpGap = 6 * time.Hour
)

// Generator writes the stories of one seed.
type Generator struct {
	seed     uint64
	editions []string
	pools    map[string][]*source
}

// New returns a generator for seed over editions (default en, es, fr, ar).
func New(seed int64, editions ...string) (*Generator, error) {
	if len(editions) == 0 {
		editions = []string{"en", "es", "fr", "ar"}
	}
	pools, err := loadSources()
	if err != nil {
		return nil, err
	}
	for _, e := range editions {
		if _, ok := languages[e]; !ok || len(pools[e]) < 2 {
			return nil, fmt.Errorf("synth: no source stories for edition %q", e)
		}
	}
	return &Generator{seed: uint64(seed), editions: editions, pools: pools}, nil
}

// Generate returns n stories of seed, in publication order, without IDs,
// sections or authors (see Fill).
func Generate(n int, seed int64, editions ...string) ([]*news.Article, error) {
	g, err := New(seed, editions...)
	if err != nil {
		return nil, err
	}
	plan := g.Plan(n)
	out := make([]*news.Article, len(plan))
	for i, s := range plan {
		out[i] = g.Article(s)
	}
	return out, nil
}

// Slot is one story's place in the corpus.
type Slot struct {
	Cluster     int
	Member      int // 0 for the first story of the cluster
	Edition     string
	PublishedAt time.Time
}

// cluster is what the stories of one event share.
type cluster struct {
	edition string
	size    int
	times   []time.Time // of the members, in order
	names   *names
	themes  [2]*source // most sentences come from these
}

func (g *Generator) rng(a, b uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.seed*0x9e3779b97f4a7c15+a, b))
}

func (g *Generator) cluster(c int) *cluster {
	r := g.rng(1, uint64(c))
	cl := &cluster{edition: g.editions[c%len(g.editions)], size: minCluster + r.IntN(maxCluster-minCluster+1)}
	// Late enough for a cluster and its follow-ups to be published by End.
	t := End.Add(-span + time.Duration(r.Int64N(int64(span-20*24*time.Hour))))
	for range cl.size {
		cl.times = append(cl.times, t.Truncate(time.Second))
		t = t.Add(2*time.Hour + time.Duration(r.Int64N(int64(34*time.Hour))))
	}
	cl.names = inventNames(r, languages[cl.edition])
	pool := g.pools[cl.edition]
	i := r.IntN(len(pool))
	j := (i + 1 + r.IntN(len(pool)-1)) % len(pool)
	cl.themes = [2]*source{pool[i], pool[j]}
	return cl
}

// Plan returns the slots of the first n stories, in publication order
// (ties by cluster and member).
func (g *Generator) Plan(n int) []Slot {
	out := make([]Slot, 0, n)
	for c := 0; len(out) < n; c++ {
		cl := g.cluster(c)
		for m := 0; m < cl.size && len(out) < n; m++ {
			out = append(out, Slot{Cluster: c, Member: m, Edition: cl.edition, PublishedAt: cl.times[m]})
		}
	}
	slices.SortStableFunc(out, func(a, b Slot) int { return a.PublishedAt.Compare(b.PublishedAt) })
	return out
}

// FollowUp is the slot of the k-th story (from 0) added to a cluster after
// its planned ones: published followUpGap apart after the last.
func (g *Generator) FollowUp(c, k int) Slot {
	cl := g.cluster(c)
	return Slot{Cluster: c, Member: cl.size + k, Edition: cl.edition,
		PublishedAt: cl.times[cl.size-1].Add(time.Duration(k+1) * followUpGap)}
}

// ClusterSize is how many stories Plan gives cluster c when n is large
// enough to hold it whole.
func (g *Generator) ClusterSize(c int) int { return g.cluster(c).size }

// Slug is the address of a slot's story: unique in its edition, and naming
// its cluster (see ClusterOf).
func Slug(c, member int) string { return fmt.Sprintf("synth-%d-%d", c, member) }

// ClusterOf reads a generated story's cluster and member from its slug.
func ClusterOf(slug string) (c, member int, ok bool) {
	rest, found := strings.CutPrefix(slug, "synth-")
	a, b, found2 := strings.Cut(rest, "-")
	if !found || !found2 {
		return 0, 0, false
	}
	c, err1 := strconv.Atoi(a)
	member, err2 := strconv.Atoi(b)
	return c, member, err1 == nil && err2 == nil
}

// Article writes the story of a slot: published, without ID, section or
// authors.
func (g *Generator) Article(s Slot) *news.Article {
	cl := g.cluster(s.Cluster)
	r := g.rng(2, uint64(s.Cluster)<<16|uint64(s.Member&0xffff))
	first, second := cl.themes[0], cl.themes[1]
	if r.IntN(3) == 0 {
		first, second = second, first
	}
	headline := swap(first.headline, first, cl.names)
	if !cl.names.named(headline) {
		headline = cl.names.place[0] + ": " + headline
	}
	if utf8.RuneCountInString(headline) > news.MaxHeadline {
		headline = string([]rune(headline)[:news.MaxHeadline])
	}
	paras := g.body(r, cl, s.Edition)
	var md, h strings.Builder
	for i, p := range paras {
		if i > 0 {
			md.WriteString("\n\n")
		}
		md.WriteString(p)
		h.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
	}
	kind := news.News
	switch x := r.IntN(100); {
	case x >= 92:
		kind = news.Opinion
	case x >= 80:
		kind = news.Analysis
	}
	return &news.Article{Edition: s.Edition, Slug: Slug(s.Cluster, s.Member), Kind: kind,
		Headline: headline, Standfirst: swap(second.standfirst, second, cl.names),
		BodyMarkdown: md.String(), BodyHTML: h.String(), Dateline: cl.names.place[0],
		Status: news.Published, PublishedAt: s.PublishedAt, CreatedAt: s.PublishedAt.Add(-30 * time.Minute)}
}

// body samples sentences, most from the cluster's two themes, the rest
// from any story of the language, every name swapped for the cluster's,
// with one sentence that names them all; grouped in paragraphs of two to
// four sentences.
func (g *Generator) body(r *rand.Rand, cl *cluster, edition string) []string {
	pool := g.pools[edition]
	target := minWords + r.IntN(maxWords-minWords+1)
	used := map[string]bool{}
	var sents []string
	for words, tries := 0, 0; words < target && tries < 1000; tries++ {
		src := cl.themes[0]
		switch x := r.Float64(); {
		case x >= 0.75:
			src = pick(r, pool)
		case x >= 0.55:
			src = cl.themes[1]
		}
		if len(src.sentences) == 0 {
			continue
		}
		s := pick(r, src.sentences)
		if used[s] {
			continue
		}
		used[s] = true
		sents = append(sents, swap(s, src, cl.names))
		words += len(strings.Fields(s))
	}
	at := r.IntN(min(3, len(sents)) + 1)
	sents = slices.Insert(sents, at, cl.names.fill(pick(r, languages[edition].templates)))
	var paras []string
	for len(sents) > 0 {
		k := min(len(sents), 2+r.IntN(3))
		paras = append(paras, strings.Join(sents[:k], " "))
		sents = sents[k:]
	}
	return paras
}

// named reports whether text names the cluster's first place, person or
// organisation.
func (n *names) named(text string) bool {
	return strings.Contains(text, n.place[0]) || strings.Contains(text, n.surname[0]) || strings.Contains(text, n.orgCore[0])
}

// swap replaces the names src mentions with the cluster's. A form matches
// at word boundaries; in Arabic it may follow an attached prefix (وقال
// العمري, لدائرة الآثار).
func swap(text string, src *source, n *names) string {
	for _, m := range src.names {
		if m.form == "" || !strings.Contains(text, m.form) {
			continue
		}
		var b strings.Builder
		rest := text
		for {
			i := strings.Index(rest, m.form)
			if i < 0 {
				break
			}
			end := i + len(m.form)
			before, _ := utf8.DecodeLastRuneInString(rest[:i])
			after, _ := utf8.DecodeRuneInString(rest[end:])
			ok := !isLetter(after) && (i == 0 || !isLetter(before) || isArabic(before))
			b.WriteString(rest[:i])
			if ok {
				b.WriteString(n.replacement(m))
			} else {
				b.WriteString(m.form)
			}
			rest = rest[end:]
		}
		b.WriteString(rest)
		text = b.String()
	}
	return text
}

func isLetter(r rune) bool { return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

func isArabic(r rune) bool { return unicode.Is(unicode.Arabic, r) }
