package site_test

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
)

// head collects what machines read in a page's head.
type head struct {
	meta      map[string][]string // name or property → contents
	links     map[string][]map[string]string
	jsonLD    []map[string]any // the nodes of every @graph
	canonical string
}

func parseHead(t *testing.T, page string) head {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	h := head{meta: map[string][]string{}, links: map[string][]map[string]string{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attrs := map[string]string{}
			for _, a := range n.Attr {
				attrs[a.Key] = a.Val
			}
			switch n.Data {
			case "meta":
				key := attrs["property"] + attrs["name"]
				h.meta[key] = append(h.meta[key], attrs["content"])
			case "link":
				h.links[attrs["rel"]] = append(h.links[attrs["rel"]], attrs)
				if attrs["rel"] == "canonical" {
					h.canonical = attrs["href"]
				}
			case "script":
				if attrs["type"] != "application/ld+json" || n.FirstChild == nil {
					t.Errorf("unexpected script %v", attrs)
					break
				}
				var doc struct {
					Context string           `json:"@context"`
					Graph   []map[string]any `json:"@graph"`
				}
				if err := json.Unmarshal([]byte(n.FirstChild.Data), &doc); err != nil {
					t.Fatalf("JSON-LD does not parse: %v\n%s", err, n.FirstChild.Data)
				}
				if doc.Context != "https://schema.org" {
					t.Errorf("@context = %q", doc.Context)
				}
				h.jsonLD = append(h.jsonLD, doc.Graph...)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return h
}

func (h head) node(t *testing.T, typ string) map[string]any {
	t.Helper()
	for _, n := range h.jsonLD {
		if n["@type"] == typ {
			return n
		}
	}
	t.Fatalf("no %s node in JSON-LD %v", typ, h.jsonLD)
	return nil
}

func (h head) one(t *testing.T, key string) string {
	t.Helper()
	if len(h.meta[key]) != 1 || h.meta[key][0] == "" {
		t.Errorf("meta %s = %q, want one value", key, h.meta[key])
		return ""
	}
	return h.meta[key][0]
}

const origin = "https://news.example.org"

// A translated story: NewsArticle with every property search engines
// use, breadcrumbs, link previews, and hreflang between its editions.
func TestArticleStructuredData(t *testing.T) {
	a := sharedApp(t)
	art := translatedStory(t, "es")
	h := parseHead(t, get(t, a.Handler, art.Path()).body)
	url := origin + art.Path()

	if h.canonical != url {
		t.Errorf("canonical = %q, want %q", h.canonical, url)
	}
	na := h.node(t, "NewsArticle")
	for _, key := range []string{"headline", "image", "datePublished", "dateModified", "author", "publisher",
		"mainEntityOfPage", "inLanguage", "articleSection", "isAccessibleForFree"} {
		if na[key] == nil {
			t.Errorf("NewsArticle lacks %s", key)
		}
	}
	if na["headline"] != art.Headline || na["inLanguage"] != "es" || na["articleSection"] != art.Section.Name || na["isAccessibleForFree"] != true {
		t.Errorf("NewsArticle = %v", na)
	}
	if na["mainEntityOfPage"].(map[string]any)["@id"] != url {
		t.Errorf("mainEntityOfPage = %v", na["mainEntityOfPage"])
	}
	rfc := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
	if !rfc.MatchString(na["datePublished"].(string)) || na["dateModified"].(string) < na["datePublished"].(string) {
		t.Errorf("dates %v → %v", na["datePublished"], na["dateModified"])
	}
	for _, au := range na["author"].([]any) {
		m := au.(map[string]any)
		if m["name"] == "" || (m["@type"] == "Person" && !strings.HasPrefix(m["url"].(string), origin+"/es/authors/")) {
			t.Errorf("author = %v", m)
		}
	}
	if imgs, ok := na["image"].([]any); art.Image != nil && (!ok || len(imgs) == 0 || !strings.HasPrefix(imgs[0].(map[string]any)["url"].(string), origin+"/media/")) {
		t.Errorf("image = %v", na["image"])
	}
	pub := h.node(t, "NewsMediaOrganization")
	logo := pub["logo"].(map[string]any)
	if pub["name"] == "" || !strings.HasSuffix(logo["url"].(string), "/logo.png") {
		t.Errorf("publisher = %v", pub)
	}
	if got := get(t, a.Handler, strings.TrimPrefix(logo["url"].(string), origin)); got.status != 200 || got.header.Get("Content-Type") != "image/png" {
		t.Errorf("logo answers %d %s", got.status, got.header.Get("Content-Type"))
	}
	crumbs := h.node(t, "BreadcrumbList")["itemListElement"].([]any)
	if len(crumbs) != 3 || crumbs[2].(map[string]any)["item"] != url || crumbs[1].(map[string]any)["item"] != origin+art.Section.Path() {
		t.Errorf("breadcrumbs = %v", crumbs)
	}

	if h.one(t, "og:type") != "article" || h.one(t, "og:url") != url || h.one(t, "og:title") != art.Headline ||
		h.one(t, "og:locale") != "es_ES" || h.one(t, "twitter:title") != art.Headline {
		t.Errorf("social tags = %v", h.meta)
	}
	if art.Image != nil && (h.one(t, "og:image") == "" || h.one(t, "og:image:alt") != art.Image.Alt || h.one(t, "twitter:card") != "summary_large_image") {
		t.Errorf("image cards = %v", h.meta)
	}
	if len(h.meta["og:locale:alternate"]) == 0 {
		t.Error("no og:locale:alternate for a translated story")
	}
	langs := map[string]string{}
	for _, l := range h.links["alternate"] {
		if l["hreflang"] != "" {
			langs[l["hreflang"]] = l["href"]
		}
	}
	if langs["es"] != url || langs["x-default"] == "" || len(langs) < 3 {
		t.Errorf("hreflang alternates = %v", langs)
	}
	// Each alternate links back: hreflang must be reciprocal.
	for lang, href := range langs {
		if lang == "x-default" {
			continue
		}
		back := parseHead(t, get(t, a.Handler, strings.TrimPrefix(href, origin)).body)
		found := false
		for _, l := range back.links["alternate"] {
			found = found || (l["hreflang"] == "es" && l["href"] == url)
		}
		if !found {
			t.Errorf("%s does not link back to %s", href, url)
		}
	}
}

// translatedStory finds a visible story of edition that has a translation.
func translatedStory(t *testing.T, edition string) *news.Article {
	t.Helper()
	a, ctx := sharedApp(t), context.Background()
	page, err := a.Store.List(ctx, news.ListQuery{Edition: edition, Limit: 50, Now: testenv.Now})
	if err != nil {
		t.Fatal(err)
	}
	for _, item := range page.Items {
		art, _, err := a.Store.ArticleBySlug(ctx, edition, item.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if tr, _ := a.Store.Translations(ctx, art, testenv.Now); len(tr) > 0 && len(art.Authors) > 0 && art.Image != nil {
			return art
		}
	}
	t.Fatalf("the demo has no translated story with authors and an image in %s", edition)
	return nil
}

func TestFrontStructuredData(t *testing.T) {
	h := parseHead(t, get(t, sharedApp(t).Handler, "/ar/").body)
	site := h.node(t, "WebSite")
	action := site["potentialAction"].(map[string]any)
	target := action["target"].(map[string]any)["urlTemplate"]
	if action["@type"] != "SearchAction" || target != origin+"/ar/search?q={search_term_string}" ||
		action["query-input"] != "required name=search_term_string" || site["inLanguage"] != "ar" {
		t.Errorf("WebSite = %v", site)
	}
	if h.one(t, "og:type") != "website" || h.one(t, "og:locale") != "ar_EG" ||
		h.one(t, "twitter:card") != "summary_large_image" || !strings.HasSuffix(h.one(t, "og:image"), "/card.png") {
		t.Errorf("social tags = %v", h.meta)
	}
}

// Every kind of page links its feeds in all three formats; lists link
// their own feeds first, then the edition's.
func TestPagesLinkTheirFeeds(t *testing.T) {
	a := sharedApp(t)
	art := translatedStory(t, "en")
	tests := []struct{ path, firstFeed string }{
		{"/en/", origin + "/en/feed.xml"},
		{art.Section.Path(), origin + art.Section.Path() + "feed.xml"},
		{art.Topics[0].Path(), origin + art.Topics[0].Path() + "/feed.xml"},
		{art.Authors[0].Path("en"), origin + art.Authors[0].Path("en") + "/feed.xml"},
		{art.Path(), origin + "/en/feed.xml"},
	}
	for _, tt := range tests {
		h := parseHead(t, get(t, a.Handler, tt.path).body)
		types := map[string]bool{}
		var first string
		for _, l := range h.links["alternate"] {
			if l["type"] == "" {
				continue
			}
			if first == "" {
				first = l["href"]
			}
			if l["title"] == "" {
				t.Errorf("%s: feed link %v has no title", tt.path, l)
			}
			types[l["type"]] = true
		}
		if first != tt.firstFeed || len(types) != 3 || !types["application/rss+xml"] || !types["application/atom+xml"] || !types["application/feed+json"] {
			t.Errorf("%s: first feed %q, types %v", tt.path, first, types)
		}
		if len(h.links["canonical"]) != 1 {
			t.Errorf("%s: %d canonical links", tt.path, len(h.links["canonical"]))
		}
	}
}

// A story without a lead image still gives search engines and link
// previews an image: the site's card.
func TestStoryWithoutImageUsesTheCard(t *testing.T) {
	a, ctx := sharedApp(t), context.Background()
	page, err := a.Store.List(ctx, news.ListQuery{Edition: "fr", Limit: 50, Now: testenv.Now})
	if err != nil {
		t.Fatal(err)
	}
	for _, item := range page.Items {
		if item.Image != nil {
			continue
		}
		h := parseHead(t, get(t, a.Handler, item.Path()).body)
		imgs, _ := h.node(t, "NewsArticle")["image"].([]any)
		if len(imgs) != 1 || !strings.HasSuffix(imgs[0].(map[string]any)["url"].(string), "/card.png") {
			t.Errorf("NewsArticle image = %v", imgs)
		}
		if !strings.HasSuffix(h.one(t, "og:image"), "/card.png") || h.one(t, "og:image:width") != "1200" {
			t.Errorf("og:image = %v", h.meta["og:image"])
		}
		return
	}
	t.Fatal("the demo has no French story without an image")
}
