package relevance_test

// Benchmarks of the "Read also" engine over a generated newsroom (see
// package synth), 100,000 stories unless BYLINE_BENCH_ARTICLES says
// otherwise:
//
//	go test ./internal/relevance -run '^$' -bench ReadAlsoBuild100k -benchtime 3x
//	go test ./internal/relevance -run '^$' -bench 'ReadAlso(NewStory|Cached)100k' -benchtime 20x
//
// (Each benchmark builds the index before it starts timing, twice with
// -benchtime Nx: a build takes about 20 s at 100,000 stories.)
//
// Filling a store that size takes minutes, so the first run keeps the
// filled SQLite file under os.TempDir()/byline-synth, named by size, seed,
// generator, analyser and schema versions (synth.CachedFile), and later
// runs open it: read-only benchmarks open the file itself, the one that
// publishes works on a copy in its own temporary directory. Delete the
// directory to reclaim the space (1.25 GB at 100,000 stories).

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/relevance"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/synth"
)

const benchSeed = 1

func benchArticles(b *testing.B) int {
	n, err := synth.BenchSize()
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// benchStore opens the cached generated newsroom; writable works on a
// private copy.
func benchStore(b *testing.B, writable bool) (*store.Store, int) {
	b.Helper()
	ctx := context.Background()
	n := benchArticles(b)
	path, took, err := synth.CachedFile(ctx, n, benchSeed)
	if err != nil {
		b.Fatal(err)
	}
	if took > 0 {
		b.Logf("filled %d stories in %v; cached at %s", n, took.Round(time.Second), path)
	}
	url := "sqlite://" + path
	if writable {
		dir := b.TempDir()
		if err := synth.CopyStore(path, dir); err != nil {
			b.Fatal(err)
		}
		url = "sqlite://" + filepath.Join(dir, store.FileName)
	}
	st, err := store.Open(ctx, store.Config{URL: url, Now: func() time.Time { return synth.End }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st, n
}

func builtEngine(b *testing.B, st *store.Store) *relevance.Engine {
	b.Helper()
	eng := relevance.NewEngine(st, nil)
	if err := eng.Build(context.Background()); err != nil {
		b.Fatal(err)
	}
	return eng
}

// storiesHandler keeps the story count the engine logs when it has built.
type storiesHandler struct{ stories *int64 }

func (h storiesHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h storiesHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h storiesHandler) WithGroup(string) slog.Handler            { return h }
func (h storiesHandler) Handle(_ context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "stories" {
			*h.stories = a.Value.Int64()
		}
		return true
	})
	return nil
}

const mib = 1 << 20

// liveHeap is the heap in use by reachable objects, after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// peakRSS is the process's peak resident set (VmHWM) in MiB, 0 where
// /proc is missing.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return float64(kb) / 1024
		}
	}
	return 0
}

// percentile of ds in milliseconds; p in [0, 1].
func percentile(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return float64(s[min(len(s)-1, int(p*float64(len(s))))]) / float64(time.Millisecond)
}

func reportLatency(b *testing.B, prefix string, ds []time.Duration) {
	b.ReportMetric(percentile(ds, 0.5), prefix+"-p50-ms")
	b.ReportMetric(percentile(ds, 0.95), prefix+"-p95-ms")
}

// BenchmarkReadAlsoBuild100k times building the index from the store, and
// reports the heap the built index holds (index-MiB) and how many stories
// it indexed.
func BenchmarkReadAlsoBuild100k(b *testing.B) {
	st, _ := benchStore(b, false)
	var stories int64
	log := slog.New(storiesHandler{&stories})
	var index uint64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		before := liveHeap()
		b.StartTimer()
		eng := relevance.NewEngine(st, log)
		if err := eng.Build(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		index = liveHeap() - before
		runtime.KeepAlive(eng)
		b.StartTimer()
	}
	b.ReportMetric(float64(index)/mib, "index-MiB")
	b.ReportMetric(float64(stories), "stories")
	b.ReportMetric(peakRSS(), "peak-RSS-MiB")
}

// clusterCount is how many whole clusters the first n stories hold.
func clusterCount(g *synth.Generator, n int) int {
	c := 0
	for total := 0; total+g.ClusterSize(c) <= n; c++ {
		total += g.ClusterSize(c)
	}
	return c
}

// BenchmarkReadAlsoNewStory100k publishes, each iteration, a follow-up to
// a random existing cluster and asks for its "Read also" block: ns/op is
// both, readalso-p50/p95-ms the block alone (which catches the index up
// with the new story first), hit@1 the share of blocks led by a story of
// the same cluster.
func BenchmarkReadAlsoNewStory100k(b *testing.B) {
	ctx := context.Background()
	st, n := benchStore(b, true)
	g, err := synth.New(benchSeed)
	if err != nil {
		b.Fatal(err)
	}
	desk, err := synth.OpenDesk(ctx, st)
	if err != nil {
		b.Fatal(err)
	}
	eng := builtEngine(b, st)
	clusters := clusterCount(g, n)
	r := rand.New(rand.NewPCG(benchSeed, 2))
	followUps := map[int]int{}
	var lat, saves []time.Duration
	hits := 0
	b.ResetTimer()
	for range b.N {
		c := r.IntN(clusters)
		slot := g.FollowUp(c, followUps[c])
		followUps[c]++
		a := g.Article(slot)
		desk.Place(a, slot)
		start := time.Now()
		if err := st.CreateArticle(ctx, a); err != nil {
			b.Fatal(err)
		}
		mid := time.Now()
		block, err := eng.ReadAlso(ctx, a, synth.End)
		if err != nil {
			b.Fatal(err)
		}
		saves, lat = append(saves, mid.Sub(start)), append(lat, time.Since(mid))
		if len(block) > 0 {
			if got, _, _ := synth.ClusterOf(block[0].Slug); got == c {
				hits++
			}
		}
	}
	b.StopTimer()
	reportLatency(b, "readalso", lat)
	reportLatency(b, "save", saves)
	b.ReportMetric(float64(hits)/float64(b.N), "hit@1")
	b.ReportMetric(peakRSS(), "peak-RSS-MiB")
}

// BenchmarkReadAlsoCached100k asks for the blocks of a rotation of
// existing stories while nothing changes: after a first pass (reported as
// cold-p50/p95-ms, the cost of ranking after any change to the edition)
// every ranking comes from the engine's cache.
func BenchmarkReadAlsoCached100k(b *testing.B) {
	ctx := context.Background()
	st, _ := benchStore(b, false)
	eng := builtEngine(b, st)
	rotation := newestStories(b, st, 50)
	var cold []time.Duration
	for _, a := range rotation {
		start := time.Now()
		if _, err := eng.ReadAlso(ctx, a, synth.End); err != nil {
			b.Fatal(err)
		}
		cold = append(cold, time.Since(start))
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		if _, err := eng.ReadAlso(ctx, rotation[i%len(rotation)], synth.End); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	reportLatency(b, "readalso", lat)
	reportLatency(b, "cold", cold)
	b.ReportMetric(peakRSS(), "peak-RSS-MiB")
}

// BenchmarkReadAlsoRank100k ranks a rotation of existing stories with the
// ranking cache bypassed: what a story page's first render after any
// change to its edition pays for its "Read also" block.
func BenchmarkReadAlsoRank100k(b *testing.B) {
	st, _ := benchStore(b, false)
	eng := builtEngine(b, st)
	rotation := newestStories(b, st, 100)
	b.ResetTimer()
	for i := range b.N {
		if len(eng.RankUncached(rotation[i%len(rotation)])) == 0 {
			b.Fatal("no ranking")
		}
	}
}

// newestStories returns each edition's n newest stories.
func newestStories(b *testing.B, st *store.Store, n int) []*news.Article {
	ctx := context.Background()
	var out []*news.Article
	for _, e := range news.DefaultEditions() {
		page, err := st.List(ctx, news.ListQuery{Edition: e.Code, Limit: n, Now: synth.End})
		if err != nil {
			b.Fatal(err)
		}
		for _, t := range page.Items {
			a, err := st.Article(ctx, t.ID)
			if err != nil {
				b.Fatal(err)
			}
			out = append(out, a)
		}
	}
	return out
}
