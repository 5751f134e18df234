package site_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/markup"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
)

// TestHTTP walks status codes, redirects and headers as data.
func TestHTTP(t *testing.T) {
	a := sharedApp(t)
	article := firstArticle(t, a, "en")
	section := article[:strings.LastIndex(article, "/")+1]
	slug := article[strings.LastIndex(article, "/")+1:]
	tests := []struct {
		name       string
		path       string
		headers    []string
		status     int
		location   string
		wantHeader map[string]string
		want       []string
		forbidden  []string
	}{
		{name: "root prefers Spanish", path: "/", headers: []string{"Accept-Language", "es-MX,es;q=0.9,en;q=0.5"}, status: 302, location: "/es/",
			wantHeader: map[string]string{"Vary": "Accept-Language"}},
		{name: "root Arabic region", path: "/", headers: []string{"Accept-Language", "ar-EG"}, status: 302, location: "/ar/"},
		{name: "root French with weights", path: "/", headers: []string{"Accept-Language", "de;q=1, fr;q=0.8, en;q=0.2"}, status: 302, location: "/fr/"},
		{name: "root unknown language falls back to the first edition", path: "/", headers: []string{"Accept-Language", "ja"}, status: 302, location: "/en/"},
		{name: "root garbage header", path: "/", headers: []string{"Accept-Language", ";;;=="}, status: 302, location: "/en/"},
		{name: "edition without slash", path: "/fr", status: 301, location: "/fr/"},
		{name: "section without slash", path: strings.TrimSuffix(section, "/"), status: 301, location: section},
		{name: "unknown section without slash", path: "/en/nowhere", status: 404},
		{name: "front", path: "/en/", status: 200, wantHeader: map[string]string{
			"Content-Type": "text/html; charset=utf-8", "Content-Language": "en", "X-Content-Type-Options": "nosniff",
			"Referrer-Policy": "strict-origin-when-cross-origin"}},
		{name: "article", path: article, status: 200, want: []string{`<link rel="canonical" href="https://news.example.org` + article + `">`}},
		{name: "article under the wrong section redirects", path: "/en/sport/" + slug, status: 301, location: article},
		{name: "unknown edition is a 404 in the reader's language", path: "/xx/", headers: []string{"Accept-Language", "fr"}, status: 404,
			want: []string{`lang="fr"`, "Page introuvable"}},
		{name: "unknown section", path: "/es/no-existe/", status: 404, want: []string{`lang="es"`, "Página no encontrada", `name="robots" content="noindex"`}},
		{name: "unknown story", path: section + "no-such-story", status: 404},
		{name: "unknown topic", path: "/en/topics/nobody", status: 404},
		{name: "unknown author", path: "/ar/authors/nobody", status: 404, want: []string{`dir="rtl"`, "الصفحة غير موجودة", "٤٠٤"}},
		{name: "bad cursor", path: section + "?before=not-a-cursor", status: 400, want: []string{"This address is not valid"}},
		{name: "both cursors", path: section + "?before=lx8k2p.1f&after=lx8k2p.1f", status: 400},
		{name: "cursor past the end", path: section + "?before=1.1", status: 404},
		{name: "robots", path: "/robots.txt", status: 200, want: []string{"User-agent: *"}},
		{name: "favicon", path: "/favicon.ico", status: 301},
		{name: "asset with stale hash is briefly cached", path: "/assets/0000000000/style.css", status: 200,
			wantHeader: map[string]string{"Cache-Control": "public, max-age=300", "Content-Type": "text/css; charset=utf-8"}},
		{name: "missing asset", path: "/assets/0000000000/nope.css", status: 404},
		{name: "dot segments are cleaned before routing", path: "/media/../byline.db", status: 307, location: "/byline.db"},
		{name: "the database is not served", path: "/byline.db", status: 404},
		{name: "media subdirectories are not listed", path: "/media/demo/", status: 404},
		{name: "path traversal in an edition path", path: "/en/../../etc/passwd", status: 307, location: "/etc/passwd"},
		{name: "POST is not allowed", path: "/en/", status: 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r response
			if tt.status == 405 {
				r = do(t, a.Handler, http.MethodPost, tt.path)
			} else {
				r = get(t, a.Handler, tt.path, tt.headers...)
			}
			if r.status != tt.status {
				t.Fatalf("GET %s = %d, want %d", tt.path, r.status, tt.status)
			}
			if tt.location != "" && r.header.Get("Location") != tt.location {
				t.Errorf("Location = %q, want %q", r.header.Get("Location"), tt.location)
			}
			for k, v := range tt.wantHeader {
				if got := r.header.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(r.body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			for _, f := range tt.forbidden {
				if strings.Contains(r.body, f) {
					t.Errorf("body contains %q", f)
				}
			}
		})
	}
}

func do(t *testing.T, h http.Handler, method, path string) response {
	t.Helper()
	req, _ := http.NewRequest(method, path, nil)
	req.RequestURI = path
	rec := newRecorder()
	h.ServeHTTP(rec, req)
	return response{status: rec.code, header: rec.header, body: rec.body.String()}
}

var jsonLDScript = regexp.MustCompile(`<script type="application/ld\+json">[^<]*</script>`)

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	a := sharedApp(t)
	for _, path := range []string{"/en/", "/nope", firstArticle(t, a, "ar")} {
		r := get(t, a.Handler, path)
		csp := r.header.Get("Content-Security-Policy")
		if csp == "" || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP = %q", path, csp)
		}
		if r.header.Get("X-Request-Id") == "" {
			t.Errorf("%s: no X-Request-Id", path)
		}
		// JSON-LD is a data block, not script: CSP does not apply to it.
		body := jsonLDScript.ReplaceAllString(r.body, "")
		if strings.Contains(body, "<script") || strings.Contains(body, "style=") {
			t.Errorf("%s: inline script or style in the page", path)
		}
	}
}

func TestConditionalGet(t *testing.T) {
	a := sharedApp(t)
	path := firstArticle(t, a, "es")
	first := get(t, a.Handler, path)
	etag, lm := first.header.Get("ETag"), first.header.Get("Last-Modified")
	if etag == "" || lm == "" {
		t.Fatalf("ETag %q, Last-Modified %q", etag, lm)
	}
	if r := get(t, a.Handler, path, "If-None-Match", etag); r.status != 304 || r.body != "" {
		t.Errorf("If-None-Match: %d with %d bytes, want an empty 304", r.status, len(r.body))
	}
	if r := get(t, a.Handler, path, "If-None-Match", `"other", W/`+etag); r.status != 304 {
		t.Errorf("If-None-Match in a list, weak: %d, want 304", r.status)
	}
	if r := get(t, a.Handler, path, "If-None-Match", `"stale"`); r.status != 200 {
		t.Errorf("stale ETag: %d, want 200", r.status)
	}
	if r := get(t, a.Handler, path, "If-Modified-Since", lm); r.status != 304 {
		t.Errorf("If-Modified-Since: %d, want 304", r.status)
	}
	// If-None-Match wins over If-Modified-Since.
	if r := get(t, a.Handler, path, "If-None-Match", `"stale"`, "If-Modified-Since", lm); r.status != 200 {
		t.Errorf("If-None-Match beats If-Modified-Since: %d, want 200", r.status)
	}
	br := get(t, a.Handler, path, "Accept-Encoding", "gzip, deflate, br")
	for deadline := time.Now().Add(5 * time.Second); br.header.Get("Content-Encoding") != "br" && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond) // brotli is made after the first response
		br = get(t, a.Handler, path, "Accept-Encoding", "gzip, deflate, br")
	}
	if br.header.Get("Content-Encoding") != "br" || br.header.Get("ETag") == etag {
		t.Errorf("brotli: encoding %q etag %q", br.header.Get("Content-Encoding"), br.header.Get("ETag"))
	} else if plain, err := io.ReadAll(brotli.NewReader(strings.NewReader(br.body))); err != nil || string(plain) != first.body {
		t.Errorf("the brotli body differs from the plain body (%v)", err)
	}
	zipped := get(t, a.Handler, path, "Accept-Encoding", "br;q=0, gzip")
	if zipped.header.Get("Content-Encoding") != "gzip" || zipped.header.Get("ETag") == etag {
		t.Fatalf("gzip: encoding %q etag %q", zipped.header.Get("Content-Encoding"), zipped.header.Get("ETag"))
	}
	zr, err := gzip.NewReader(bytes.NewReader([]byte(zipped.body)))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if string(plain) != first.body {
		t.Error("gzip body differs from the plain body")
	}
	if r := get(t, a.Handler, path, "Accept-Encoding", "gzip", "If-None-Match", zipped.header.Get("ETag")); r.status != 304 {
		t.Errorf("If-None-Match with the gzip ETag: %d, want 304", r.status)
	}
	if r := get(t, a.Handler, path, "Accept-Encoding", "gzip;q=0"); r.header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 still got gzip")
	}
}

var maxAge = regexp.MustCompile(`max-age=(\d+)`)

// TestLabelsAcrossMidnight checks that a page read after the edition's
// midnight never shows a label computed before it, whatever a client or
// proxy cached: the cache lifetime ends at midnight, and neither validator
// matches afterwards.
func TestLabelsAcrossMidnight(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	clock := testenv.NewClock(time.Date(2026, 11, 28, 23, 59, 30, 0, paris))
	a := testenv.DemoApp(t, clock)
	ed := &editorial.Service{Store: a.Store, Markup: markup.New(), Now: clock.Now}
	story, err := ed.Create(context.Background(), editorial.System(), editorial.Draft{Edition: "fr", Section: "monde", Headline: "Dernière dépêche avant minuit",
		Body: "Texte.", Credit: "Byline", PublishedAt: time.Date(2026, 11, 28, 23, 50, 0, 0, paris)})
	if err != nil {
		t.Fatal(err)
	}
	before := get(t, a.Handler, "/fr/")
	if m := maxAge.FindStringSubmatch(before.header.Get("Cache-Control")); m == nil || atoi(m[1]) > 30 {
		t.Errorf("30 s before midnight Cache-Control = %q, want max-age <= 30", before.header.Get("Cache-Control"))
	}
	if !strings.Contains(before.body, "Aujourd’hui 23:50") {
		t.Fatal("before midnight the new story should read Aujourd’hui 23:50")
	}
	clock.Set(time.Date(2026, 11, 29, 0, 0, 30, 0, paris))
	after := get(t, a.Handler, "/fr/", "If-None-Match", before.header.Get("ETag"), "If-Modified-Since", before.header.Get("Last-Modified"))
	if after.status != 200 {
		t.Fatalf("after midnight a revalidation got %d, want 200 with fresh labels", after.status)
	}
	if !strings.Contains(after.body, "Hier 23:50") || strings.Contains(after.body, "Aujourd’hui 23:50") {
		t.Error("after midnight the story should read Hier 23:50")
	}
	if lm := after.header.Get("Last-Modified"); lm == before.header.Get("Last-Modified") {
		t.Errorf("Last-Modified did not move past midnight: %s", lm)
	}
	// The story page itself gives its exact time in <time datetime>.
	r := get(t, a.Handler, story.Path())
	if !strings.Contains(r.body, `datetime="2026-11-28T22:50:00Z"`) {
		t.Error("the article does not carry its exact instant in UTC")
	}
}

// TestPaginationIsStable publishes a story between reading page 1 and page
// 2 of a section, and checks page 2 neither repeats nor skips a story.
func TestPaginationIsStable(t *testing.T) {
	clock := testenv.NewClock(testenv.Now)
	a := testenv.DemoApp(t, clock)
	ctx := context.Background()
	for i := 0; i < 25; i++ { // enough for three pages of 20 with the demo's own
		ed := &editorial.Service{Store: a.Store, Markup: markup.New(), Now: clock.Now}
		if _, err := ed.Create(ctx, editorial.System(), editorial.Draft{Edition: "en", Section: "world", Headline: "Filler story " + strconv.Itoa(i),
			Body: "Text.", Credit: "Byline", PublishedAt: testenv.Now.Add(-time.Duration(300+i) * time.Hour / 2)}); err != nil {
			t.Fatal(err)
		}
	}
	page1 := get(t, a.Handler, "/en/world/")
	older := regexp.MustCompile(`href="(/en/world/\?before=[^"]+)" rel="next"`).FindStringSubmatch(page1.body)
	if older == nil {
		t.Fatal("page 1 has no link to older stories")
	}
	ed := &editorial.Service{Store: a.Store, Markup: markup.New(), Now: clock.Now}
	if _, err := ed.Create(ctx, editorial.System(), editorial.Draft{Edition: "en", Section: "world", Headline: "Breaking between page loads",
		Body: "Text.", Credit: "Byline", PublishedAt: testenv.Now}); err != nil {
		t.Fatal(err)
	}
	page2 := get(t, a.Handler, strings.ReplaceAll(older[1], "&amp;", "&"))
	if page2.status != 200 {
		t.Fatalf("page 2: %d", page2.status)
	}
	links := regexp.MustCompile(`class="teaser-headline"><a href="([^"]+)"`)
	seen := map[string]bool{}
	for _, m := range links.FindAllStringSubmatch(page1.body, -1) {
		seen[m[1]] = true
	}
	if len(seen) != 20 {
		t.Fatalf("page 1 has %d stories, want 20", len(seen))
	}
	for _, m := range links.FindAllStringSubmatch(page2.body, -1) {
		if seen[m[1]] {
			t.Errorf("page 2 repeats %s", m[1])
		}
	}
	if !strings.Contains(page2.body, `rel="prev"`) {
		t.Error("page 2 has no link to newer stories")
	}
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// TestEmptyStore serves a store with editions but no stories: every page
// still renders, with an empty river.
func TestEmptyStore(t *testing.T) {
	a, err := app.New(context.Background(), app.Config{DataDir: t.TempDir(), DBURL: testenv.DBURL(t), Now: testenv.NewClock(testenv.Now).Now, Log: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for _, ed := range []string{"en", "es", "fr", "ar"} {
		r := get(t, a.Handler, "/"+ed+"/")
		if r.status != 200 || !strings.Contains(r.body, `data-block="latest-news"`) {
			t.Errorf("/%s/ on an empty store: %d", ed, r.status)
		}
	}
}

// TestSlugChangeRedirects renames a story and checks the old address
// answers 301 to the new one, and drafts and withdrawn stories stay hidden.
func TestSlugChangeRedirects(t *testing.T) {
	clock := testenv.NewClock(testenv.Now)
	a := testenv.DemoApp(t, clock)
	ctx := context.Background()
	old := firstArticle(t, a, "fr")
	slug := old[strings.LastIndex(old, "/")+1:]
	art, _, err := a.Store.ArticleBySlug(ctx, "fr", slug)
	if err != nil {
		t.Fatal(err)
	}
	art.Slug = "nouvelle-adresse"
	if err := a.Store.UpdateArticle(ctx, art); err != nil {
		t.Fatal(err)
	}
	r := get(t, a.Handler, old)
	if r.status != 301 || r.header.Get("Location") != art.Path() {
		t.Errorf("old slug: %d to %q, want 301 to %q", r.status, r.header.Get("Location"), art.Path())
	}
	ed := &editorial.Service{Store: a.Store, Markup: markup.New(), Now: clock.Now}
	draft, err := ed.Create(ctx, editorial.System(), editorial.Draft{Edition: "fr", Section: "monde", Headline: "Brouillon secret", Body: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if r := get(t, a.Handler, draft.Path()); r.status != 404 || strings.Contains(r.body, "Brouillon secret") {
		t.Errorf("a draft is visible: %d", r.status)
	}
	if _, err := ed.Unpublish(ctx, editorial.System(), art.ID); err != nil {
		t.Fatal(err)
	}
	if r := get(t, a.Handler, old); r.status != 410 {
		t.Errorf("old slug of a withdrawn story: %d, want 410", r.status)
	}
	if r := get(t, a.Handler, "/fr/"); strings.Contains(r.body, art.Headline) {
		t.Error("a withdrawn story is still on the front")
	}
	_ = news.Published
}

// TestEmbargo keeps a published story off every page until its embargo
// lifts, then shows it without anyone touching it.
func TestEmbargo(t *testing.T) {
	clock := testenv.NewClock(testenv.Now)
	a := testenv.DemoApp(t, clock)
	ed := &editorial.Service{Store: a.Store, Markup: markup.New(), Now: clock.Now}
	story, err := ed.Create(context.Background(), editorial.System(), editorial.Draft{Edition: "en", Section: "world",
		Headline: "Embargoed report on ocean heat", Body: "Text.", Credit: "Byline", Topics: []string{"Climate change"},
		PublishedAt: testenv.Now.Add(-time.Minute), EmbargoUntil: testenv.Now.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	pages := []string{"/en/", "/en/world/", story.Topics[0].Path(), story.Path()}
	for _, p := range pages {
		if r := get(t, a.Handler, p); strings.Contains(r.body, story.Headline) {
			t.Errorf("%s shows the embargoed story (%d)", p, r.status)
		}
	}
	if r := get(t, a.Handler, story.Path()); r.status != 404 {
		t.Errorf("the embargoed story's page answered %d, want 404", r.status)
	}
	clock.Set(testenv.Now.Add(time.Hour))
	for _, p := range pages {
		if r := get(t, a.Handler, p); !strings.Contains(r.body, story.Headline) {
			t.Errorf("%s does not show the story after the embargo (%d)", p, r.status)
		}
	}
}
