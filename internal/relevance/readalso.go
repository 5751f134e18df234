package relevance

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// Ranking weights, tuned on the evaluation set (see evalset and
// quality_test.go): text similarity carries the ranking, shared confirmed
// topics add to it, and a story far apart in time from the one being read
// counts for less, down to half.
const (
	topicWeight = 0.35
	decayHalf   = 5 * 24 * time.Hour // distance in time at which the decay reaches 3/4
	// minScore is the least a story must score to count as related; below
	// it the block is filled with the section's latest stories instead.
	minScore = 0.04
	// ranked is how many ranked stories are kept per story: enough for the
	// block after exclusions and stories not yet visible.
	ranked = 24
	// syncBatch is how many changed stories one store call returns.
	syncBatch = 1000
	// maxCached bounds the per-story ranking cache.
	maxCached = 20000
	// A term in more than commonShare of an edition's stories (and more
	// than commonMin) says little about any of them and costs the most to
	// follow: rankings leave it out.
	commonShare = 0.1
	commonMin   = 200
)

// engineStore is the part of the store the engine reads.
type engineStore interface {
	relatedStore
	LastChange(ctx context.Context) (int64, error)
	StoryChanges(ctx context.Context, after int64, limit int) ([]news.StoryText, error)
	TeasersByID(ctx context.Context, ids []int64, now time.Time) ([]news.Teaser, error)
	ReadAlsoPicks(ctx context.Context, articleID int64) ([]news.ReadAlsoPick, error)
}

// Engine ranks "Read also" stories by text relevance: TF-IDF cosine over
// headline, standfirst and body analysed with Terms, boosted by shared
// confirmed topics and decayed by distance in time, within the story's
// edition and never its own translations. Editors' pins come first and
// their exclusions never show. The index lives in memory and catches up
// with the store's change sequence before each ranking, so a story
// published, changed or unpublished by any process counts at once; until
// the first build finishes, the store's topic ranking answers.
type Engine struct {
	store engineStore
	log   *slog.Logger

	syncMu sync.Mutex // one catch-up at a time

	mu     sync.RWMutex
	seq    int64
	ready  bool
	docs   map[int64]*doc
	shards map[string]*shard

	cacheMu sync.Mutex
	cache   map[int64]cached
	// hits and misses count rankings served from the cache and computed.
	hits, misses atomic.Int64
}

// CacheStats returns how many rankings were served from the cache and how
// many were computed, since start.
func (e *Engine) CacheStats() (hits, misses int64) { return e.hits.Load(), e.misses.Load() }

type cached struct {
	gen  uint64
	list []Scored
}

// Scored is a ranked story with the parts of its score.
type Scored struct {
	ID     int64
	Score  float64
	Text   float64 // cosine similarity of the texts
	Topics float64 // cosine similarity of the confirmed topic sets
}

// NewEngine returns an engine over store with an empty index; Build fills it.
func NewEngine(store engineStore, log *slog.Logger) *Engine {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Engine{store: store, log: log, docs: map[int64]*doc{}, shards: map[string]*shard{}, cache: map[int64]cached{}}
}

// Ready reports whether Build has finished: until then ReadAlso answers
// with the store's topic and section ranking.
func (e *Engine) Ready() bool {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.ready
}

// Build indexes every story in the store; ReadAlso uses the index from
// then on. It is the same catch-up as after a change, from the start.
func (e *Engine) Build(ctx context.Context) error {
	start := time.Now()
	e.syncMu.Lock()
	defer e.syncMu.Unlock()
	if err := e.countTerms(ctx); err != nil {
		return err
	}
	if err := e.catchUp(ctx); err != nil {
		return err
	}
	e.mu.Lock()
	for _, sh := range e.shards {
		sh.prior, sh.priorN = nil, 0
		sh.trim()
	}
	e.ready = true
	n := len(e.docs)
	e.mu.Unlock()
	e.log.Info("read-also index built", "stories", n, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// priorSample is how many stories a build samples document frequencies
// from: plenty to estimate how common a term is, and a fraction of the
// reading on a large store.
const priorSample = 20000

// countTerms counts, per edition, the listed stories having each term in
// the first priorSample stories, for pruning while building.
func (e *Engine) countTerms(ctx context.Context) error {
	seen := map[term]bool{}
	e.mu.RLock()
	after := e.seq
	e.mu.RUnlock()
	for read := 0; read < priorSample; {
		batch, err := e.store.StoryChanges(ctx, after, syncBatch)
		if err != nil {
			return fmt.Errorf("relevance: count terms: %w", err)
		}
		if len(batch) == 0 {
			return nil
		}
		read += len(batch)
		e.mu.Lock()
		for i := range batch {
			st := &batch[i]
			after = st.Seq
			if !st.Listed() {
				continue
			}
			sh := e.shard(st)
			if sh.prior == nil {
				sh.prior = make([]int32, len(sh.df))
			}
			sh.priorN++
			h, b := fields(st)
			clear(seen)
			for _, f := range [][]string{h, b} {
				for _, w := range f {
					if t := sh.id(w); !seen[t] {
						seen[t] = true
						sh.prior[t]++
					}
				}
			}
		}
		e.mu.Unlock()
	}
	return nil
}

// shard returns st's edition shard, creating it. The caller holds e.mu.
func (e *Engine) shard(st *news.StoryText) *shard {
	sh := e.shards[st.Edition]
	if sh == nil {
		sh = newShard()
		sh.edition = st.Edition
		e.shards[st.Edition] = sh
	}
	sh.lang = st.Lang
	return sh
}

// Sync applies the stories saved since the engine last looked.
func (e *Engine) Sync(ctx context.Context) error {
	e.syncMu.Lock()
	defer e.syncMu.Unlock()
	return e.catchUp(ctx)
}

func (e *Engine) catchUp(ctx context.Context) error {
	for {
		e.mu.RLock()
		after := e.seq
		e.mu.RUnlock()
		batch, err := e.store.StoryChanges(ctx, after, syncBatch)
		if err != nil {
			return fmt.Errorf("relevance: catch up: %w", err)
		}
		if len(batch) == 0 {
			return nil
		}
		e.apply(batch)
	}
}

// apply replaces each story's entry in the index with its new state.
func (e *Engine) apply(batch []news.StoryText) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := range batch {
		st := &batch[i]
		e.seq = max(e.seq, st.Seq)
		if old := e.docs[st.ID]; old != nil {
			e.shards[old.edition].remove(old)
			delete(e.docs, st.ID)
		}
		if !st.Listed() {
			continue // drafts are analysed when previewed, not kept
		}
		sh := e.shard(st)
		d := &doc{id: st.ID, edition: sh.edition, group: st.TranslationGroup, status: st.Status,
			published: st.PublishedAt, embargo: st.EmbargoUntil, topics: slices.Sorted(slices.Values(st.Topics))}
		h, b := fields(st)
		d.terms, d.tf = vectorize(sh.id, sh, h, b)
		sh.add(d)
		e.docs[st.ID] = d
	}
}

// fresh catches up when the store has changed. Under load many requests
// see the same change: one catches up, the others rank with the index as
// it is rather than queue behind it.
func (e *Engine) fresh(ctx context.Context) error {
	last, err := e.store.LastChange(ctx)
	if err != nil {
		return err
	}
	e.mu.RLock()
	seq := e.seq
	e.mu.RUnlock()
	if last <= seq || !e.syncMu.TryLock() {
		return nil
	}
	defer e.syncMu.Unlock()
	return e.catchUp(ctx)
}

// ReadAlso returns up to ReadAlsoLimit stories for a's block: pins, then
// the ranking, then, if that is short, the store's topic and section
// ranking.
func (e *Engine) ReadAlso(ctx context.Context, a *news.Article, now time.Time) ([]news.Teaser, error) {
	e.mu.RLock()
	ready := e.ready
	e.mu.RUnlock()
	if !ready {
		return e.store.Related(ctx, a, ReadAlsoLimit, now)
	}
	if err := e.fresh(ctx); err != nil {
		return nil, err
	}
	picks, err := e.store.ReadAlsoPicks(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	skip := map[int64]bool{a.ID: true}
	var want []int64
	for _, p := range picks {
		skip[p.RelatedID] = true
		if p.Pick == news.Pin {
			want = append(want, p.RelatedID)
		}
	}
	for _, s := range e.Rank(a, now) {
		if !skip[s.ID] && s.Score >= minScore {
			want = append(want, s.ID)
		}
	}
	out, err := e.teasers(ctx, want, now)
	if err != nil || len(out) >= ReadAlsoLimit {
		return out[:min(len(out), ReadAlsoLimit)], err
	}
	return e.fill(ctx, a, now, out, skip)
}

// teasers fetches the teasers of the first ReadAlsoLimit stories of want
// the store shows, asking for a couple more than are missing at a time:
// the ranking holds two dozen, nearly always visible, and fetching them
// all cost more than ranking them.
func (e *Engine) teasers(ctx context.Context, want []int64, now time.Time) ([]news.Teaser, error) {
	var out []news.Teaser
	for len(want) > 0 && len(out) < ReadAlsoLimit {
		n := min(len(want), ReadAlsoLimit-len(out)+2)
		got, err := e.store.TeasersByID(ctx, want[:n], now)
		if err != nil {
			return nil, err
		}
		out, want = append(out, got...), want[n:]
	}
	return out, nil
}

// fill tops a short block up with the store's ranking.
func (e *Engine) fill(ctx context.Context, a *news.Article, now time.Time, out []news.Teaser, skip map[int64]bool) ([]news.Teaser, error) {
	more, err := e.store.Related(ctx, a, ReadAlsoLimit+len(skip)+len(out), now)
	if err != nil {
		return nil, err
	}
	for _, t := range out {
		skip[t.ID] = true
	}
	for _, t := range more {
		if len(out) == ReadAlsoLimit {
			break
		}
		if !skip[t.ID] {
			out = append(out, t)
			skip[t.ID] = true
		}
	}
	return out, nil
}

// Rank returns the stories of a's edition most related to a, best first,
// those visible at now only, without pins or exclusions applied. A story
// not in the index (a draft) is analysed on the spot.
func (e *Engine) Rank(a *news.Article, now time.Time) []Scored {
	e.mu.RLock()
	defer e.mu.RUnlock()
	sh := e.shards[a.Edition]
	if sh == nil {
		return nil
	}
	list := e.cachedRank(sh, a)
	out := make([]Scored, 0, len(list))
	for _, s := range list {
		if d := e.docs[s.ID]; d != nil && d.visibleAt(now) {
			out = append(out, s)
		}
	}
	return out
}

// cachedRank ranks a's candidates whatever their visibility (a scheduled
// story keeps its place and shows from its time), cached until the edition
// changes. The caller holds e.mu.
func (e *Engine) cachedRank(sh *shard, a *news.Article) []Scored {
	src := e.docs[a.ID]
	if src == nil || src.edition != a.Edition {
		src = e.draft(sh, a)
		return e.score(sh, src)
	}
	e.cacheMu.Lock()
	c, ok := e.cache[a.ID]
	e.cacheMu.Unlock()
	if ok && c.gen == sh.gen {
		e.hits.Add(1)
		return c.list
	}
	e.misses.Add(1)
	list := e.score(sh, src)
	e.cacheMu.Lock()
	if len(e.cache) >= maxCached {
		clear(e.cache)
	}
	e.cache[a.ID] = cached{gen: sh.gen, list: list}
	e.cacheMu.Unlock()
	return list
}

// draft builds a transient entry for a story the index does not hold.
func (e *Engine) draft(sh *shard, a *news.Article) *doc {
	d := &doc{id: a.ID, edition: a.Edition, group: a.TranslationGroup, published: a.PublishedAt}
	for _, t := range a.Topics {
		d.topics = append(d.topics, t.ID)
	}
	slices.Sort(d.topics)
	h, b := articleFields(sh.lang, a)
	d.terms, d.tf = vectorize(sh.lookup, sh, h, b)
	d.norm = sh.norm(d)
	return d
}

// score ranks the shard's listed stories against src.
func (e *Engine) score(sh *shard, src *doc) []Scored {
	if src.norm == 0 && len(src.topics) == 0 {
		return nil
	}
	sc := getScratch(len(sh.slots))
	defer putScratch(sc)
	dot, shared := sc.dot, sc.shared
	common := max(commonMin, int32(commonShare*float64(sh.n)))
	for i, t := range src.terms {
		if int(t) >= len(sh.df) || sh.df[t] > common {
			continue // unknown to the edition, or too common to tell
		}
		idf := sh.idf(t)
		wq := src.tf[i].float() * idf * idf
		p := &sh.post[t]
		for j, slot := range p.slots {
			if dot[slot] == 0 {
				sc.touched = append(sc.touched, slot)
			}
			dot[slot] += wq * p.tf[j].float()
		}
	}
	for _, t := range src.topics {
		for _, slot := range sh.topics[t] {
			if shared[slot]++; dot[slot] == 0 {
				sc.touched = append(sc.touched, slot)
				dot[slot] = -1 // a topic match only: considered once
			}
		}
	}
	var published int64
	if !src.published.IsZero() {
		published = src.published.UnixNano()
	}
	var top topScored
	for _, slot := range sc.touched {
		c := &sh.cands[slot]
		if c.id == 0 || c.id == src.id || (src.group != 0 && c.group == src.group) {
			continue
		}
		s := Scored{ID: c.id}
		if c.norm > 0 && src.norm > 0 && dot[slot] > 0 {
			s.Text = dot[slot] / (float64(src.norm) * float64(c.norm))
		}
		if n := shared[slot]; n > 0 {
			s.Topics = float64(n) / math.Sqrt(float64(len(src.topics)*int(c.topics)))
		}
		undecayed := s.Text + topicWeight*s.Topics
		if len(top) == ranked && undecayed < top[ranked-1].Score {
			continue // the decay is at most 1: it cannot rank
		}
		s.Score = undecayed * decay(published, c.published)
		top.offer(s)
	}
	return top
}

// scratch is a ranking's working memory, one entry per slot of a shard:
// kept between rankings, since allocating and clearing an edition's worth
// of it cost as much as a ranking that touches a few hundred stories.
type scratch struct {
	dot     []float64
	shared  []uint16 // topics shared with the story ranked for
	touched []uint32 // the slots dot or shared is set for
}

var scratches sync.Pool

func getScratch(slots int) *scratch {
	sc, _ := scratches.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	if len(sc.dot) < slots {
		sc.dot, sc.shared = make([]float64, slots), make([]uint16, slots)
	}
	return sc
}

// putScratch clears what the ranking set, and only that, for the next.
func putScratch(sc *scratch) {
	for _, slot := range sc.touched {
		sc.dot[slot], sc.shared[slot] = 0, 0
	}
	sc.touched = sc.touched[:0]
	scratches.Put(sc)
}

// topScored keeps the best ranked stories offered, best first: an
// edition's every story may be a candidate, and sorting them all to keep
// two dozen costs more than the scoring.
type topScored []Scored

func (t *topScored) offer(s Scored) {
	if len(*t) == ranked && !better(s, (*t)[ranked-1]) {
		return
	}
	i, _ := slices.BinarySearchFunc(*t, s, func(a, b Scored) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	*t = slices.Insert(*t, i, s)
	if len(*t) > ranked {
		*t = (*t)[:ranked]
	}
}

// better orders by score, then newer id first, so rankings are stable.
func better(a, b Scored) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.ID > b.ID
}

// decay weighs a candidate by its distance in time (unix nanoseconds, 0
// for none) from the story being read: 1 at the same moment, 3/4 at decayHalf, towards 1/2 far apart.
// Other angles on one story come out close together; a story with the
// same words from months ago is a weaker match.
func decay(a, b int64) float64 {
	if a == 0 || b == 0 {
		return 0.75
	}
	d := a - b
	if d < 0 {
		d = -d
	}
	return 0.5 + 0.5/(1+float64(d)/float64(decayHalf))
}
