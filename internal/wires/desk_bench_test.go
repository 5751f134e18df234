package wires_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/markup"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/wires"
)

// BenchmarkDeskImport10000 is BenchmarkIngest10000 through the whole desk:
// 10,000 items from 5 sources imported into a fresh SQLite store, with
// version lookups, exact and near duplicate matching and one write per
// item. Run with
//
//	go test ./internal/wires -run '^$' -bench DeskImport -benchtime 3x
func BenchmarkDeskImport10000(b *testing.B) {
	const sources, perSource = 5, 2000
	feeds := benchFeeds(b, sources, perSource)
	md := markup.New()
	ctx := context.Background()
	var peak uint64
	var rep wires.Report
	for range b.N {
		b.StopTimer()
		desk, srcs := benchDesk(b, ctx, md, sources)
		runtime.GC()
		b.StartTimer()
		rep = wires.Report{}
		for i, data := range feeds {
			r, err := desk.Import(ctx, srcs[i], data)
			if err != nil {
				b.Fatal(err)
			}
			rep.Items += r.Items
			rep.New += r.New
			rep.Duplicates += r.Duplicates
			rep.Grouped += r.Grouped
			rep.Unchanged += r.Unchanged
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	b.ReportMetric(float64(b.N*sources*perSource)/b.Elapsed().Seconds(), "items/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.Logf("per run: %d items: %d new, %d exact duplicates, %d grouped, %d unchanged re-sends",
		rep.Items, rep.New, rep.Duplicates, rep.Grouped, rep.Unchanged)
}

func benchDesk(b *testing.B, ctx context.Context, md *markup.Renderer, sources int) (*wires.Desk, []news.WireSource) {
	b.Helper()
	now := func() time.Time { return time.Date(2025, 3, 4, 12, 0, 0, 0, time.UTC) }
	st, err := store.Open(ctx, store.Config{DataDir: b.TempDir(), Now: now})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	for _, ed := range news.DefaultEditions() {
		if err := st.CreateEdition(ctx, ed); err != nil {
			b.Fatal(err)
		}
	}
	sec := news.Section{Edition: "en", Slug: "world", Name: "World", Position: 1}
	if err := st.CreateSection(ctx, &sec); err != nil {
		b.Fatal(err)
	}
	srcs := make([]news.WireSource, sources)
	for i := range srcs {
		srcs[i] = news.WireSource{Name: fmt.Sprintf("Agency %d", i), Kind: news.SourceURL, URL: fmt.Sprintf("https://agency%d.example/feed", i),
			Edition: "en", SectionID: sec.ID, Credit: fmt.Sprintf("Agency %d", i), Interval: time.Hour, Active: true, CreatedAt: now()}
		if err := st.CreateWireSource(ctx, &srcs[i]); err != nil {
			b.Fatal(err)
		}
	}
	return &wires.Desk{Store: st, Editorial: &editorial.Service{Store: st, Markup: md, Now: now}, Sanitize: md.Sanitize, Now: now}, srcs
}
