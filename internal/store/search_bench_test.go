package store_test

// BenchmarkSearch100k runs a fixed set of searches against a generated
// newsroom (see package synth) of BYLINE_BENCH_ARTICLES stories, 100,000
// by default:
//
//	go test ./internal/store -run '^$' -bench Search100k -benchtime 400x
//
// The filled SQLite file is built once and kept under
// os.TempDir()/byline-synth (synth.CachedFile); the benchmark only reads,
// so it opens that file in place.

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/synth"
)

// benchQueries are twenty searches per edition: single words, two words,
// quoted phrases, accented words typed without accents; filter says which
// also narrow to a section ("s") or to the last 180 days ("d").
var benchQueries = map[string][]string{
	"en": {"strike", "wind", "museum", "housing", "vaccine", "heat", "battery recycling", "offshore wind|s", `"guaranteed prices"`,
		"interest rates|d", `"offshore wind"`, "battery plant", "lynx", "goals|s", "union|d", "transfer window",
		`"climate finance"`, "chip factories|s", "metro strike|d", "cafe"},
	"es": {"cosecha", "agua", "sequia", "cafe", "energia|s", "mineria", "litio|d", "desaladora", "vacunas", "visados",
		`"precio del cafe"`, `"agua potable"|d`, "cumbre europea", "copa continental|s", "tipos de interes",
		"planta de litio", "embalses sequia", "sonda lunar", "museo|d", "presupuesto"},
	"fr": {"greve", "energie", "cacao|s", "pecheurs", "fleuve", "senegal|d", `"prix garantis"`, "frais inscription",
		"transports|s", "universite", "lutte", "livre|d", "mini reseaux", "vaccins", "musee", "climat|d",
		`"fleuve senegal"`, "taux", "gaz", "intelligence artificielle|s"},
	"ar": {"المياه", "تحلية", "الفسيفساء|d", "الزيتون", "زيت الزيتون", `"تحلية المياه"`, "القطار|s", "الآثار", "الاثار",
		"الجامعة", "النخيل|d", "ميناء", "الطلاب", "الحرارة|s", "اللقاحات", "المتحف", "الفائدة|d", "الطاقة", "القمر", "النيل|s"},
}

func benchArticles(b *testing.B) int {
	n, err := synth.BenchSize()
	if err != nil {
		b.Fatal(err)
	}
	return n
}

func BenchmarkSearch100k(b *testing.B) {
	ctx := context.Background()
	n := benchArticles(b)
	path, took, err := synth.CachedFile(ctx, n, 1)
	if err != nil {
		b.Fatal(err)
	}
	if took > 0 {
		b.Logf("filled %d stories in %v; cached at %s", n, took.Round(time.Second), path)
	}
	st, err := store.Open(ctx, store.Config{URL: "sqlite://" + path, Now: func() time.Time { return synth.End }})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var queries []news.SearchQuery
	for _, e := range news.DefaultEditions() {
		secs, err := st.Sections(ctx, e.Code)
		if err != nil {
			b.Fatal(err)
		}
		for _, q := range benchQueries[e.Code] {
			text, filter, _ := strings.Cut(q, "|")
			sq := news.SearchQuery{Edition: e.Code, Text: text, Limit: 10, Now: synth.End}
			switch filter {
			case "s":
				sq.SectionID = secs[len(queries)%len(secs)].ID
			case "d":
				sq.From, sq.To = synth.End.Add(-180*24*time.Hour), synth.End
			}
			queries = append(queries, sq)
		}
	}
	// One pass first: queries that find nothing measure little.
	totals := make([]int, len(queries))
	for i, q := range queries {
		res, err := st.Search(ctx, q)
		if err != nil {
			b.Fatalf("%s %q: %v", q.Edition, q.Text, err)
		}
		totals[i] = res.Total
		if res.Total == 0 {
			b.Logf("%s %q finds nothing", q.Edition, q.Text)
		}
	}
	lat := make([]time.Duration, 0, b.N)
	slowest := make([]time.Duration, len(queries))
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		if _, err := st.Search(ctx, queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
		d := time.Since(start)
		lat = append(lat, d)
		slowest[i%len(queries)] = max(slowest[i%len(queries)], d)
	}
	b.StopTimer()
	byTime := make([]int, len(queries))
	for i := range byTime {
		byTime[i] = i
	}
	slices.SortFunc(byTime, func(i, j int) int { return cmp.Compare(slowest[j], slowest[i]) })
	for _, i := range byTime[:min(5, len(byTime), b.N)] {
		q := queries[i]
		b.Logf("slowest: %s %q (section %d, since %v): %d matches, %v", q.Edition, q.Text, q.SectionID,
			q.From.Format(time.DateOnly), totals[i], slowest[i].Round(time.Millisecond))
	}
	slices.Sort(lat)
	ms := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(ms(0.5), "p50-ms")
	b.ReportMetric(ms(0.95), "p95-ms")
	b.ReportMetric(ms(1), "max-ms")
}
