package wires_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/bylinehq/byline/internal/wires"
)

// benchFeeds builds sources RSS feeds of perSource items from the tuning
// corpus: every text reappears under several sources and numbers, so the
// run finds exact duplicates, near duplicates and new stories.
func benchFeeds(b *testing.B, sources, perSource int) [][]byte {
	corpus := loadCorpus(b)
	feeds := make([][]byte, sources)
	for s := range sources {
		var sb strings.Builder
		fmt.Fprintf(&sb, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Source %d</title>`, s)
		for i := range perSource {
			c := corpus[(i*7+s)%len(corpus)]
			n := i % 500 // 500 distinct events per source, each a few times
			fmt.Fprintf(&sb, `<item><title>Story %d from %s</title><guid>src%d-%d</guid><dc:creator>Desk %d</dc:creator><pubDate>Tue, 04 Mar 2025 09:30:00 +0000</pubDate><content:encoded><![CDATA[<p>%s</p><p>Update number %d for event %d.</p>]]></content:encoded></item>`,
				n, c.story, s, i, s, c.text, n, n)
		}
		sb.WriteString(`</channel></rss>`)
		feeds[s] = []byte(sb.String())
	}
	return feeds
}

// BenchmarkIngest10000 parses, normalizes, hashes and fingerprints 10,000
// items from 5 sources and matches each against the items kept before it
// (exact duplicates by content hash, near duplicates by fingerprint), as
// the desk does without its store. Run with
//
//	go test ./internal/wires -run '^$' -bench Ingest -benchmem
func BenchmarkIngest10000(b *testing.B) {
	const sources, perSource = 5, 2000
	feeds := benchFeeds(b, sources, perSource)
	var peak uint64
	var exact, near, fresh int
	b.ResetTimer()
	for b.Loop() {
		hashes := map[string]bool{}
		var kept []uint64
		exact, near, fresh = 0, 0, 0
		for _, data := range feeds {
			f, err := wires.Parse(data)
			if err != nil {
				b.Fatal(err)
			}
			items, problems := wires.NormalizeAll(f, sanitize)
			if len(problems) > 0 {
				b.Fatal(problems)
			}
			for _, it := range items {
				text := wires.PlainText(it.BodyHTML)
				h := wires.ContentHash(it.Title, text)
				if hashes[h] {
					exact++
					continue
				}
				hashes[h] = true
				fp := wires.Fingerprint(it.Title + " " + text)
				grouped := false
				for _, k := range kept {
					if wires.Similarity(fp, k) >= wires.NearDuplicate {
						grouped = true
						break
					}
				}
				if grouped {
					near++
				} else {
					fresh++
				}
				kept = append(kept, fp)
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	b.ReportMetric(float64(b.N*sources*perSource)/b.Elapsed().Seconds(), "items/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.Logf("per run: %d exact duplicates, %d near duplicates, %d alone", exact, near, fresh)
}
