package feeds

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var t0 = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// fixture is a small feed with one complete story and one with only a
// credit, no image and no update.
func fixture() *Feed {
	const origin = "https://news.example.org"
	return &Feed{
		Title: "World | Byline", Description: "The latest stories in World, newest first.", Language: "en",
		HomeURL: origin + "/en/world/", FeedURL: origin + "/en/world/feed.xml",
		Author: Person{Name: "Byline", URL: origin + "/en/"}, Updated: t0.Add(-time.Hour),
		Items: []Item{{
			ID: "tag:news.example.org,2026-11-28:article-7", URL: origin + "/en/world/climate-talks-open",
			Title: "Climate talks open in Geneva & <Bern>", Summary: "Delegates meet \"today\".",
			ContentHTML: AbsoluteHTML(`<p>See <a href="/en/topics/geneva">Geneva</a> and <a href="https://example.com/x">this</a>.</p><p>Done ]]> here.</p>`, origin+"/en/world/climate-talks-open"),
			Published:   t0.Add(-3 * time.Hour), Updated: t0.Add(-time.Hour),
			Authors: []Person{{Name: "Hannah Price", URL: origin + "/en/authors/hannah-price"}, {Name: "Li Wei", URL: origin + "/en/authors/li-wei"}},
			Categories: []Category{
				{Term: "world", Label: "World", Scheme: origin + "/en/"},
				{Term: "geneva", Label: "Geneva", Scheme: origin + "/en/topics/"},
			},
			Image: &Image{URL: origin + "/media/demo/a.jpg", Type: "image/jpeg", Width: 1200, Height: 675, Alt: "A hall", Credit: "Byline"},
		}, {
			ID: "tag:news.example.org,2026-11-27:article-3", URL: origin + "/en/world/wire-story",
			Title: "A wire story", ContentHTML: "<p>Short.</p>", Published: t0.Add(-26 * time.Hour), Updated: t0.Add(-26 * time.Hour),
			Authors: []Person{{Name: "Meridian Press"}},
		}},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/feeds -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update after checking the change):\n%s", name, got)
	}
}

// StrictXML decodes a whole document with encoding/xml in strict mode
// and fails on any element or attribute whose prefix is not bound to a
// namespace.
func strictXML(t *testing.T, doc []byte) {
	t.Helper()
	if err := CheckXML(doc); err != nil {
		t.Fatal(err)
	}
}

func TestFeedsMatchGoldenFiles(t *testing.T) {
	for _, f := range Formats {
		t.Run(f.Title, func(t *testing.T) {
			feed := fixture()
			feed.FeedURL = strings.TrimSuffix(feed.FeedURL, "feed.xml") + f.Name
			b, err := f.Render(feed)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "world."+strings.TrimPrefix(f.Name, "feed."), b)
			if f.Name != "feed.json" {
				strictXML(t, b)
			}
			parsed, err := gofeed.NewParser().ParseString(string(b))
			if err != nil {
				t.Fatal(err)
			}
			checkParsed(t, feed, parsed)
		})
	}
}

// checkParsed compares what gofeed read with what was rendered.
func checkParsed(t *testing.T, want *Feed, got *gofeed.Feed) {
	t.Helper()
	if got.Title != want.Title || got.Link != want.HomeURL || got.FeedLink != want.FeedURL || got.Language != want.Language {
		t.Errorf("feed: title %q link %q self %q lang %q", got.Title, got.Link, got.FeedLink, got.Language)
	}
	if len(got.Items) != len(want.Items) {
		t.Fatalf("%d items, want %d", len(got.Items), len(want.Items))
	}
	for i, it := range got.Items {
		w := want.Items[i]
		if it.GUID != w.ID || it.Link != w.URL || it.Title != w.Title || it.Content != w.ContentHTML {
			t.Errorf("item %d: id %q link %q title %q content %q", i, it.GUID, it.Link, it.Title, it.Content)
		}
		if it.PublishedParsed == nil || !it.PublishedParsed.Equal(w.Published) || it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(w.Updated) {
			t.Errorf("item %d: published %v updated %v", i, it.PublishedParsed, it.UpdatedParsed)
		}
		if len(it.Authors) == 0 || it.Authors[0].Name != w.Authors[0].Name {
			t.Errorf("item %d: authors %+v", i, it.Authors)
		}
		if got, want := imageOf(it), imageURL(w.Image); got != want {
			t.Errorf("item %d: image %q, want %q", i, got, want)
		}
		var labels []string
		for _, c := range w.Categories {
			labels = append(labels, c.Label)
		}
		if strings.Join(it.Categories, "|") != strings.Join(labels, "|") {
			t.Errorf("item %d: categories %q, want %q", i, it.Categories, labels)
		}
	}
}

func TestAbsoluteHTML(t *testing.T) {
	base := "https://news.example.org/en/world/story"
	for in, want := range map[string]string{
		`<p><a href="/en/x">x</a></p>`:                       `<p><a href="https://news.example.org/en/x">x</a></p>`,
		`<p><a href="other">x</a></p>`:                       `<p><a href="https://news.example.org/en/world/other">x</a></p>`,
		`<p><img src="/media/a.jpg" alt="A"/></p>`:           `<p><img src="https://news.example.org/media/a.jpg" alt="A"/></p>`,
		`<blockquote cite="/src"><p>q</p></blockquote>`:      `<blockquote cite="https://news.example.org/src"><p>q</p></blockquote>`,
		`<p><a href="https://example.com/">x</a></p>`:        `<p><a href="https://example.com/">x</a></p>`,
		`<p><a href="mailto:desk@example.org">x</a></p>`:     `<p><a href="mailto:desk@example.org">x</a></p>`,
		`<p>No links, “quotes” &amp; <em>emphasis</em>.</p>`: `<p>No links, “quotes” &amp; <em>emphasis</em>.</p>`,
		`<p dir="auto">مرحبا <a href="/ar/x">س</a></p>`:      `<p dir="auto">مرحبا <a href="https://news.example.org/ar/x">س</a></p>`,
	} {
		if got := AbsoluteHTML(in, base); got != want {
			t.Errorf("AbsoluteHTML(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEmptyFeedIsStable(t *testing.T) {
	for _, f := range Formats {
		feed := &Feed{Title: "Empty", Language: "fr", HomeURL: "https://x.example/fr/", FeedURL: "https://x.example/fr/" + f.Name}
		a, err1 := f.Render(feed)
		b, err2 := f.Render(feed)
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			t.Errorf("%s: an empty feed renders differently twice (%v, %v)", f.Title, err1, err2)
		}
		if f.Name != "feed.json" {
			strictXML(t, a)
		}
		if _, err := gofeed.NewParser().ParseString(string(a)); err != nil {
			t.Errorf("%s: gofeed cannot parse an empty feed: %v", f.Title, err)
		}
	}
}

func TestTooManyItemsIsAnError(t *testing.T) {
	feed := fixture()
	for len(feed.Items) <= MaxItems {
		feed.Items = append(feed.Items, feed.Items[0])
	}
	for _, f := range Formats {
		if _, err := f.Render(feed); !errors.Is(err, errTooMany) {
			t.Errorf("%s: %d items rendered (%v)", f.Title, len(feed.Items), err)
		}
	}
}

func TestFormatOf(t *testing.T) {
	for name, ok := range map[string]bool{"feed.xml": true, "feed.atom": true, "feed.json": true, "feed": false, "rss.xml": false, "": false} {
		if _, got := FormatOf(name); got != ok {
			t.Errorf("FormatOf(%q) = %v", name, got)
		}
	}
}

// imageOf is the lead image gofeed found: Atom carries it as an enclosure
// link, RSS (media:content) and JSON Feed as the item's image.
func imageOf(it *gofeed.Item) string {
	if it.Image != nil {
		return it.Image.URL
	}
	for _, e := range it.Enclosures {
		if strings.HasPrefix(e.Type, "image/") {
			return e.URL
		}
	}
	return ""
}

func imageURL(img *Image) string {
	if img == nil {
		return ""
	}
	return img.URL
}
