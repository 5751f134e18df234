package wires_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/markup"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/wires"
)

var sanitize = markup.New().Sanitize

func parseFile(t *testing.T, name string) (*wires.Feed, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return wires.Parse(data)
}

func mustParse(t *testing.T, name string) *wires.Feed {
	t.Helper()
	f, err := parseFile(t, name)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return f
}

func TestFormatIsDetectedFromContent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file, format, title string
		items               int
	}{
		{"rss.xml", wires.FormatRSS, "Agence Exemple – World", 2},
		{"atom.xml", wires.FormatAtom, "Dépêches", 1},
		{"jsonfeed.json", wires.FormatJSON, "Wire JSON", 2},
		{"ninjs.json", wires.FormatNINJS, "", 1},
		{"ninjs-array.json", wires.FormatNINJS, "", 2},
	} {
		f := mustParse(t, tc.file)
		if f.Format != tc.format || f.Title != tc.title || len(f.Items) != tc.items {
			t.Errorf("%s: format %q title %q %d items, want %q %q %d", tc.file, f.Format, f.Title, len(f.Items), tc.format, tc.title, tc.items)
		}
	}
	// The name says nothing: an Atom document behind a .json name is Atom.
	atom, _ := os.ReadFile("testdata/atom.xml")
	moved := filepath.Join(t.TempDir(), "feed.json")
	if err := os.WriteFile(moved, atom, 0o644); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(moved)
	if f, err := wires.Parse(data); err != nil || f.Format != wires.FormatAtom {
		t.Errorf("Atom in feed.json read as %v, %v", f, err)
	}
}

func TestRSSKeepsContentEncodedAndEveryCreator(t *testing.T) {
	t.Parallel()
	it := mustParse(t, "rss.xml").Items[0]
	if !strings.Contains(it.BodyHTML, "<strong>winds</strong>") || it.Summary != "Three ports shut as winds reach 120 km/h." {
		t.Errorf("body %q summary %q: want content:encoded as body, description as summary", it.BodyHTML, it.Summary)
	}
	if strings.Join(it.Authors, ",") != "Jane Roe,John Doe" {
		t.Errorf("authors %q, want both dc:creator", it.Authors)
	}
	if want := time.Date(2025, 3, 4, 9, 30, 0, 0, time.UTC); !it.Published.Equal(want) || it.GUID != "urn:wire:1001" || it.Language != "en-GB" {
		t.Errorf("item %+v", it)
	}
	n, err := wires.Normalize(it, sanitize)
	if err != nil || n.Title != "Storm closes ports along the coast" {
		t.Errorf("Normalize title %q, %v: want whitespace collapsed", n.Title, err)
	}
}

func TestAtomJSONFeedAndNINJSFields(t *testing.T) {
	t.Parallel()
	a := mustParse(t, "atom.xml").Items[0]
	na, _ := wires.Normalize(a, sanitize)
	if na.Title != "Le Sénat adopte le budget" || na.Language != "fr" || na.Authors[0] != "Claire Martin" || na.Updated.IsZero() {
		t.Errorf("atom item %+v", na)
	}
	j := mustParse(t, "jsonfeed.json")
	if j.Items[0].Language != "es" || j.Items[1].GUID != "42" || !strings.Contains(j.Items[1].BodyHTML, "&lt;paragraph&gt;") {
		t.Errorf("json feed items %+v", j.Items)
	}
	n := mustParse(t, "ninjs-array.json").Items[0]
	if n.Language != "ar" || n.Title != "الحكومة تعلن خطة جديدة للمياه" || n.Authors[0] != "مراسل" || !strings.Contains(n.BodyHTML, "المياه") {
		t.Errorf("ninjs 2 item %+v", n)
	}
	one := mustParse(t, "ninjs.json").Items[0]
	if one.Summary != "No tsunami warning was issued." || one.Updated.IsZero() || one.Published.IsZero() {
		t.Errorf("ninjs 1 item %+v", one)
	}
}

func TestDeclaredEncodingsAreConverted(t *testing.T) {
	t.Parallel()
	for file, want := range map[string]string{
		"iso-8859-1.xml":   "Élection à Besançon : résultat serré",
		"windows-1252.xml": "“Quoted” headline – with dash… and €5",
		"latin1.json":      "Año récord en España",
	} {
		f := mustParse(t, file)
		if len(f.Items) != 1 || f.Items[0].Title != want {
			t.Errorf("%s: items %+v, want title %q", file, f.Items, want)
		}
	}
}

func TestNotAFeedIsRejectedWithAReason(t *testing.T) {
	t.Parallel()
	for file, reason := range map[string]string{
		"empty.xml":          "empty",
		"blank.xml":          "empty",
		"page.html":          "HTML page",
		"truncated.xml":      "truncated",
		"not-a-feed.xml":     "<catalog>",
		"plain.txt":          "neither XML nor JSON",
		"json-not-feed.json": "neither a JSON Feed",
	} {
		f, err := parseFile(t, file)
		var nf *wires.NotFeedError
		if !errors.As(err, &nf) || !strings.Contains(err.Error(), reason) || f != nil {
			t.Errorf("Parse(%s) = %v, %v; want a not-a-feed error saying %q", file, f, err, reason)
		}
		if news.ErrorCode(err) != news.CodeInvalid {
			t.Errorf("Parse(%s): code %q, want invalid", file, news.ErrorCode(err))
		}
	}
	if _, err := wires.Parse([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1"`)); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("truncated JSON: %v", err)
	}
}

func TestEntitiesAreNeverExpanded(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"billion-laughs.xml", "xxe.xml"} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		f, err := parseFile(t, file)
		elapsed := time.Since(start)
		runtime.ReadMemStats(&after)
		if elapsed > time.Second {
			t.Errorf("%s took %s", file, elapsed)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
			t.Errorf("%s allocated %d bytes", file, grew)
		}
		if err != nil {
			continue // failing cleanly is fine too
		}
		for _, it := range f.Items {
			n, err := wires.Normalize(it, sanitize)
			if err != nil {
				continue
			}
			text := n.Title + n.BodyHTML
			if strings.Contains(text, "lollol") || strings.Contains(text, "root:") || len(text) > 1000 {
				t.Errorf("%s: entity expanded: %q", file, text[:min(len(text), 200)])
			}
		}
	}
}

func TestHostileHTMLIsSanitized(t *testing.T) {
	t.Parallel()
	items, problems := wires.NormalizeAll(mustParse(t, "hostile.xml"), sanitize)
	if len(items) != 1 || len(problems) != 0 {
		t.Fatalf("items %+v problems %v", items, problems)
	}
	it := items[0]
	all := strings.ToLower(it.Title + it.Summary + it.BodyHTML + it.Link)
	for _, bad := range []string{"<script", "alert(", "onerror", "onclick", "onload", "javascript:", "<iframe", "<style", "<form", "<input", "<svg", "data:text"} {
		if strings.Contains(all, bad) {
			t.Errorf("%q survived: %q", bad, all)
		}
	}
	if !strings.Contains(it.BodyHTML, "Body") || it.Summary != "Summary text" || it.Link != "" {
		t.Errorf("item %+v", it)
	}
}

func TestMalformedItemsAreReportedOnTheirOwn(t *testing.T) {
	t.Parallel()
	for file, want := range map[string]struct {
		good     int
		problems []string
	}{
		"missing-titles.xml": {1, []string{"no title", "no title", "no text", "no text"}},
		"jsonfeed.json":      {2, []string{"cannot be read"}},
		"ninjs-array.json":   {2, []string{"cannot be read"}},
	} {
		items, problems := wires.NormalizeAll(mustParse(t, file), sanitize)
		if len(items) != want.good || len(problems) != len(want.problems) {
			t.Errorf("%s: %d items, problems %v; want %d items, %d problems", file, len(items), problems, want.good, len(want.problems))
			continue
		}
		for i, p := range problems {
			if !strings.Contains(p.Reason, want.problems[i]) {
				t.Errorf("%s: problem %v, want %q", file, p, want.problems[i])
			}
		}
	}
}

func TestOddDatesAreReadOrLeftZero(t *testing.T) {
	t.Parallel()
	f := mustParse(t, "odd-dates.xml")
	want := map[string]time.Time{
		"d-1": time.Date(2025, 3, 4, 14, 30, 0, 0, time.UTC),
		"d-2": time.Date(2025, 3, 4, 9, 30, 0, 0, time.UTC),
		"d-3": time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC),
		"d-4": {}, "d-5": {}, "d-6": {},
		"d-7": time.Date(2025, 3, 4, 8, 11, 12, 0, time.UTC),
	}
	for _, it := range f.Items {
		n, err := wires.Normalize(it, sanitize)
		if err != nil {
			t.Fatal(err)
		}
		if !n.Published.Equal(want[n.GUID]) {
			t.Errorf("%s %q: published %v, want %v", n.GUID, n.Title, n.Published, want[n.GUID])
		}
	}
}

func TestHugeItemIsRefusedAndTheRestGoIn(t *testing.T) {
	t.Parallel()
	body := "<p>" + strings.Repeat("word ", 2<<20/5) + "</p>"
	feed := `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Huge</title>
<item><title>` + strings.Repeat("Long title ", 100) + `</title><guid>huge-1</guid><content:encoded><![CDATA[` + body + `]]></content:encoded></item>
<item><title>` + strings.Repeat("Long title ", 100) + `</title><guid>long-2</guid><description>Still fine.</description></item>
</channel></rss>`
	f, err := wires.Parse([]byte(feed))
	if err != nil {
		t.Fatal(err)
	}
	items, problems := wires.NormalizeAll(f, sanitize)
	if len(items) != 1 || len(problems) != 1 || problems[0].GUID != "huge-1" || !strings.Contains(problems[0].Reason, "KiB") {
		t.Fatalf("items %d, problems %v", len(items), problems)
	}
	if n := len([]rune(items[0].Title)); n > wires.MaxTitleRunes || !strings.HasSuffix(items[0].Title, "…") {
		t.Errorf("title of %d runes not capped: %q", n, items[0].Title)
	}
}

func TestNormalizeFillsGUIDAndCleansFields(t *testing.T) {
	t.Parallel()
	base := wires.Item{Title: "T", BodyHTML: "<p>Text</p>"}
	cases := []struct {
		name string
		in   wires.Item
		ok   func(wires.Item) bool
	}{
		{"guid from link", wires.Item{Title: "T", BodyHTML: "x", Link: " https://a.example/s "}, func(it wires.Item) bool { return it.GUID == "https://a.example/s" }},
		{"guid from content hash", base, func(it wires.Item) bool {
			return it.GUID == "hash:"+wires.ContentHash("T", "Text")
		}},
		{"long guid hashed", wires.Item{GUID: strings.Repeat("g", 600), Title: "T", BodyHTML: "x"}, func(it wires.Item) bool { return strings.HasPrefix(it.GUID, "sha256:") }},
		{"relative link dropped", wires.Item{Title: "T", BodyHTML: "x", Link: "/story"}, func(it wires.Item) bool { return it.Link == "" }},
		{"bad language dropped", wires.Item{Title: "T", BodyHTML: "x", Language: "not a tag!"}, func(it wires.Item) bool { return it.Language == "" }},
		{"language canonical", wires.Item{Title: "T", BodyHTML: "x", Language: "EN_us"}, func(it wires.Item) bool { return it.Language == "en-US" }},
		{"summary becomes body", wires.Item{Title: "T", Summary: "Only <b>summary</b> &amp; more"}, func(it wires.Item) bool {
			return it.BodyHTML == "<p>Only summary &amp; more</p>" && it.Summary == "Only summary & more"
		}},
		{"authors deduplicated", wires.Item{Title: "T", BodyHTML: "x", Authors: []string{" A ", "A", "", "B"}}, func(it wires.Item) bool { return strings.Join(it.Authors, "|") == "A|B" }},
	}
	for _, tc := range cases {
		got, err := wires.Normalize(tc.in, sanitize)
		if err != nil || !tc.ok(got) {
			t.Errorf("%s: %+v, %v", tc.name, got, err)
		}
	}
}

func TestContentHashIgnoresMarkupCaseAndSpacing(t *testing.T) {
	t.Parallel()
	a := wires.ContentHash("Storm closes ports", wires.PlainText("<p>Three ports were <b>shut</b>.</p>"))
	b := wires.ContentHash("  STORM closes   ports", "Three ports were shut.")
	c := wires.ContentHash("Storm closes ports", "Four ports were shut.")
	if a != b || a == c || len(a) != 64 {
		t.Errorf("hashes %s %s %s", a, b, c)
	}
	if wires.ContentHash("Élection à Besançon", "x") != wires.ContentHash("élection a besancon", "x") {
		t.Error("diacritics change the hash")
	}
}
