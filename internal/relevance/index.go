package relevance

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// The "Read also" index: each story is a sparse TF-IDF vector over its
// analysed terms, kept in memory per edition with an inverted index from
// terms and topics to the stories that have them. Stories only ever meet
// stories of their own edition, so each edition is a shard with its own
// document frequencies.

// Field weights: a term in the headline says more about what a story is
// about than one in the standfirst, which says more than one in the body.
const (
	headlineTF   = 3
	standfirstTF = 1 // on top of the body column, which holds the standfirst too
	bodyTF       = 1
)

// maxDocTerms bounds each story's vector to its most distinctive terms:
// the tail of a long story adds memory and noise, not relevance.
const maxDocTerms = 100

// term is an interned analysed term.
type term = uint32

// doc is one story as the index holds it.
type doc struct {
	id        int64
	edition   string
	group     int64
	section   int64
	status    news.Status
	published time.Time
	embargo   time.Time
	terms     []term   // sorted
	tf        []weight // 1 + ln(weighted term frequency), parallel to terms
	norm      float32  // length of the tf-idf vector when indexed
	topics    []int64  // sorted
	listed    bool     // published or scheduled: in the postings
	seq       int64
}

func (d *doc) visibleAt(now time.Time) bool {
	s := news.StoryText{Status: d.status, PublishedAt: d.published, EmbargoUntil: d.embargo}
	return s.VisibleAt(now)
}

// weight is a term frequency weight, 1 + ln(count), in steps of 1/40:
// a byte instead of a float32 or float64 per term and story keeps the
// index of 100,000 stories small.
type weight uint8

const weightScale = 40

func toWeight(tf float64) weight { return weight(min(255, math.Round(tf*weightScale))) }

func (w weight) float() float64 { return float64(w) / weightScale }

// postings are the listed stories having a term, as parallel slices (no
// padding between an id and its byte of weight). Story ids fit 32 bits.
type postings struct {
	ids []uint32
	tf  []weight
}

func (p *postings) add(id int64, w weight) {
	p.ids = append(p.ids, uint32(id))
	p.tf = append(p.tf, w)
}

func (p *postings) remove(id int64) {
	if i := slices.Index(p.ids, uint32(id)); i >= 0 {
		p.ids = slices.Delete(p.ids, i, i+1)
		p.tf = slices.Delete(p.tf, i, i+1)
	}
}

// shard is one edition's part of the index.
type shard struct {
	lang   string             // the edition's language tag
	n      int                // listed stories
	df     map[term]int32     // listed stories having each term
	post   map[term]*postings // term → listed stories having it
	topics map[int64][]int64  // topic → listed stories having it
	gen    uint64             // bumped on every change, for caches
	// prior holds document frequencies counted over the whole store before
	// a build, so that the first stories indexed are pruned with the same
	// idf as the last; nil once built.
	prior  map[term]int32
	priorN int
}

func newShard() *shard {
	return &shard{df: map[term]int32{}, post: map[term]*postings{}, topics: map[int64][]int64{}}
}

func (s *shard) idf(t term) float64 {
	return math.Log(1 + float64(s.n+1)/float64(s.df[t]+1))
}

// pruneIDF is the idf a story's terms are chosen by: the prior counts
// while building, the live ones after.
func (s *shard) pruneIDF(t term) float64 {
	if s.prior == nil {
		return s.idf(t)
	}
	return math.Log(1 + float64(s.priorN+1)/float64(s.prior[t]+1))
}

// vocab interns terms, so that a term shared by many stories is stored once.
type vocab struct {
	ids   map[string]term
	words []string
}

func newVocab() *vocab { return &vocab{ids: map[string]term{}} }

func (v *vocab) id(w string) term {
	if id, ok := v.ids[w]; ok {
		return id
	}
	id := term(len(v.words))
	w = strings.Clone(w) // do not pin the whole text the word was cut from
	v.ids[w] = id
	v.words = append(v.words, w)
	return id
}

// vectorize builds a story's term weights from its analysed fields, keeping
// its maxDocTerms most distinctive terms by the shard's current idf.
func vectorize(id func(string) term, s *shard, headline, standfirst, body []string) ([]term, []weight) {
	counts := map[term]float64{}
	for _, w := range headline {
		counts[id(w)] += headlineTF
	}
	for _, w := range standfirst {
		counts[id(w)] += standfirstTF
	}
	for _, w := range body {
		counts[id(w)] += bodyTF
	}
	type tw struct {
		t      term
		tf, sc float64
	}
	all := make([]tw, 0, len(counts))
	for t, c := range counts {
		tf := 1 + math.Log(c)
		all = append(all, tw{t, tf, tf * s.pruneIDF(t)})
	}
	slices.SortFunc(all, func(a, b tw) int {
		if a.sc != b.sc {
			if a.sc > b.sc {
				return -1
			}
			return 1
		}
		return int(a.t) - int(b.t)
	})
	if len(all) > maxDocTerms {
		all = all[:maxDocTerms]
	}
	slices.SortFunc(all, func(a, b tw) int { return int(a.t) - int(b.t) })
	terms, tfs := make([]term, len(all)), make([]weight, len(all))
	for i, x := range all {
		terms[i], tfs[i] = x.t, toWeight(x.tf)
	}
	return terms, tfs
}

func (s *shard) norm(d *doc) float32 {
	var sum float64
	for i, t := range d.terms {
		w := d.tf[i].float() * s.idf(t)
		sum += w * w
	}
	return float32(math.Sqrt(sum))
}

// add puts a listed story into the shard's postings.
func (s *shard) add(d *doc) {
	s.n++
	s.gen++
	for i, t := range d.terms {
		s.df[t]++
		p := s.post[t]
		if p == nil {
			p = &postings{}
			s.post[t] = p
		}
		p.add(d.id, d.tf[i])
	}
	for _, t := range d.topics {
		s.topics[t] = append(s.topics[t], d.id)
	}
	d.norm = s.norm(d)
}

// remove takes a listed story out of the shard's postings.
func (s *shard) remove(d *doc) {
	s.n--
	s.gen++
	for _, t := range d.terms {
		if s.df[t]--; s.df[t] <= 0 {
			delete(s.df, t)
			delete(s.post, t)
			continue
		}
		s.post[t].remove(d.id)
	}
	for _, t := range d.topics {
		s.topics[t] = slices.DeleteFunc(s.topics[t], func(id int64) bool { return id == d.id })
		if len(s.topics[t]) == 0 {
			delete(s.topics, t)
		}
	}
}

// fields splits the analysed columns a store keeps into terms, and analyses
// the standfirst.
func fields(st *news.StoryText) (headline, standfirst, body []string) {
	for _, t := range Terms(st.Lang, st.Standfirst) {
		standfirst = append(standfirst, t.Term)
	}
	return strings.Fields(st.HeadlineTerms), standfirst, strings.Fields(st.BodyTerms)
}

// articleFields analyses a story that is not in the index, such as a draft
// being previewed.
func articleFields(lang string, a *news.Article) (headline, standfirst, body []string) {
	words := func(text string) []string {
		var out []string
		for _, t := range Terms(lang, text) {
			out = append(out, t.Term)
		}
		return out
	}
	return words(a.Headline), words(a.Standfirst), words(a.Standfirst + "\n" + PlainText(a.BodyHTML))
}
