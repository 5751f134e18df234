package synth

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/relevance"
	"github.com/bylinehq/byline/internal/store"
)

// Newsroom is the part of a store Fill writes and OpenDesk reads.
type Newsroom interface {
	CreateEdition(ctx context.Context, e news.Edition) error
	CreateSection(ctx context.Context, s *news.Section) error
	CreateAuthor(ctx context.Context, a *news.Author) error
	CreateArticles(ctx context.Context, as []*news.Article) error
	Sections(ctx context.Context, edition string) ([]news.Section, error)
	Authors(ctx context.Context) ([]news.Author, error)
}

// BatchSize is how many stories Fill stores per transaction.
const BatchSize = 1000

// Desk is the generated newsroom's sections and reporters, which Place
// gives each story.
type Desk struct {
	Sections map[string][]news.Section // by edition, in position order
	Authors  []news.Author             // by slug
}

var sectionNames = []struct {
	slug  string
	names [4]string // en, es, fr, ar
}{
	{"world", [4]string{"World", "Mundo", "Monde", "العالم"}},
	{"politics", [4]string{"Politics", "Política", "Politique", "سياسة"}},
	{"economy", [4]string{"Economy", "Economía", "Économie", "اقتصاد"}},
	{"science", [4]string{"Science", "Ciencia", "Sciences", "علوم"}},
	{"culture", [4]string{"Culture", "Cultura", "Culture", "ثقافة"}},
}

const reporters = 40

// Fill stores n generated stories of seed in an empty store: the default
// editions, five sections each and forty reporters first, then the stories
// in publication order, BatchSize per CreateArticles call.
func Fill(ctx context.Context, st Newsroom, n int, seed int64) (*Desk, error) {
	g, err := New(seed)
	if err != nil {
		return nil, err
	}
	desk := &Desk{Sections: map[string][]news.Section{}}
	for i, e := range news.DefaultEditions() {
		if err := st.CreateEdition(ctx, e); err != nil {
			return nil, fmt.Errorf("synth: edition %s: %w", e.Code, err)
		}
		for j, sn := range sectionNames {
			sec := news.Section{Edition: e.Code, Slug: sn.slug, Name: sn.names[i%4], Position: j + 1}
			if err := st.CreateSection(ctx, &sec); err != nil {
				return nil, fmt.Errorf("synth: section: %w", err)
			}
			desk.Sections[e.Code] = append(desk.Sections[e.Code], sec)
		}
	}
	for i := range reporters {
		r := g.rng(3, uint64(i))
		au := news.Author{Slug: fmt.Sprintf("reporter-%02d", i), Name: pick(r, languages["en"].given) + " " + latinWord(r)}
		if err := st.CreateAuthor(ctx, &au); err != nil {
			return nil, fmt.Errorf("synth: author: %w", err)
		}
		desk.Authors = append(desk.Authors, au)
	}
	plan := g.Plan(n)
	for len(plan) > 0 {
		k := min(len(plan), BatchSize)
		batch := make([]*news.Article, k)
		for i, s := range plan[:k] {
			batch[i] = g.Article(s)
			desk.Place(batch[i], s)
		}
		if err := st.CreateArticles(ctx, batch); err != nil {
			return nil, fmt.Errorf("synth: store stories: %w", err)
		}
		plan = plan[k:]
	}
	return desk, nil
}

// OpenDesk reads back the sections and reporters Fill created.
func OpenDesk(ctx context.Context, st Newsroom) (*Desk, error) {
	desk := &Desk{Sections: map[string][]news.Section{}}
	for _, e := range news.DefaultEditions() {
		secs, err := st.Sections(ctx, e.Code)
		if err != nil {
			return nil, err
		}
		desk.Sections[e.Code] = secs
	}
	all, err := st.Authors(ctx)
	if err != nil {
		return nil, err
	}
	for _, au := range all {
		if strings.HasPrefix(au.Slug, "reporter-") {
			desk.Authors = append(desk.Authors, au)
		}
	}
	slices.SortFunc(desk.Authors, func(a, b news.Author) int { return cmp.Compare(a.Slug, b.Slug) })
	if len(desk.Authors) == 0 || len(desk.Sections["en"]) == 0 {
		return nil, errors.New("synth: the store holds no generated newsroom")
	}
	return desk, nil
}

// Place gives a story of slot s its section (one per cluster) and a
// reporter.
func (d *Desk) Place(a *news.Article, s Slot) {
	secs := d.Sections[s.Edition]
	a.Section = secs[(s.Cluster/4)%len(secs)]
	a.Authors = []news.Author{d.Authors[(s.Cluster*7+s.Member)%len(d.Authors)]}
}

// BenchSize is how many stories benchmarks generate: BYLINE_BENCH_ARTICLES,
// or 100,000.
func BenchSize() (int, error) {
	v := os.Getenv("BYLINE_BENCH_ARTICLES")
	if v == "" {
		return 100_000, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 100 {
		return 0, fmt.Errorf("BYLINE_BENCH_ARTICLES=%q: want a number of stories, at least 100", v)
	}
	return n, nil
}

// CachedFile returns the path of a SQLite database file holding Fill(n,
// seed), building it on first use, and how long building took (0 when it
// was already there). The file lives in os.TempDir()/byline-synth, named
// by n, seed, Version, the analyser version and the schema version, so a
// change to any of them builds a new one; delete the directory to reclaim
// the space. Open a copy when the benchmark writes: the file is shared.
func CachedFile(ctx context.Context, n int, seed int64) (path string, took time.Duration, err error) {
	migrations, err := store.Migrations("sqlite")
	if err != nil {
		return "", 0, err
	}
	dir := filepath.Join(os.TempDir(), "byline-synth")
	path = filepath.Join(dir, fmt.Sprintf("g%d-a%d-m%d-n%d-s%d.db", Version, relevance.AnalyzerVersion, len(migrations), n, seed))
	if _, err := os.Stat(path); err == nil {
		return path, 0, nil
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", 0, err
	}
	// Built aside and renamed, so a reader never sees half a store.
	work, err := os.MkdirTemp(dir, "building-")
	if err != nil {
		return "", 0, err
	}
	defer os.RemoveAll(work)
	start := time.Now()
	st, err := store.Open(ctx, store.Config{DataDir: work, Now: func() time.Time { return End }})
	if err != nil {
		return "", 0, err
	}
	if _, err := Fill(ctx, st, n, seed); err != nil {
		st.Close()
		return "", 0, err
	}
	if err := st.Close(); err != nil {
		return "", 0, err
	}
	took = time.Since(start)
	if _, err := os.Stat(filepath.Join(work, store.FileName+"-wal")); err == nil {
		return "", 0, errors.New("synth: the store kept a write-ahead log after closing")
	}
	return path, took, os.Rename(filepath.Join(work, store.FileName), path)
}

// CopyStore copies a store file, such as CachedFile's, into dir as the
// store of a data directory (store.FileName there), for a run that writes
// to it: the cached file is shared.
func CopyStore(path, dir string) error {
	in, err := os.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(filepath.Join(dir, store.FileName))
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
