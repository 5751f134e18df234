package site_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/markup"
	"github.com/bylinehq/byline/internal/testenv"
)

// TestSearchPage runs searches through the site in every edition's
// language, with what each page must and must not hold.
func TestSearchPage(t *testing.T) {
	a := sharedApp(t)
	mark := func(word string) string { return `<mark>[^<]*` + word + `[^<]*</mark>` }
	xss := `"><script>alert(1)</script>`
	cases := []struct {
		name, path string
		status     int
		want       []string // regular expressions
		not        []string
	}{
		{"english word found and marked", "/en/search?q=climate", 200,
			[]string{`<html lang="en" dir="ltr">`, `<meta name="robots" content="noindex">`, `\d+ results`, mark("(?i)climate"),
				`<time datetime="`, `value="climate"`, `<link rel="canonical" href="https://news.example.org/en/search\?q=climate">`}, nil},
		{"spanish without its accent", "/es/search?q=espana", 200, []string{`<html lang="es"`, mark("España"), `resultado`}, nil},
		{"french without its accent", "/fr/search?q=senegal", 200, []string{`<html lang="fr"`, mark("Sénégal"), `résultat`}, nil},
		{"arabic, right to left", "/ar/search?q=" + url.QueryEscape("الزيتون"), 200,
			[]string{`<html lang="ar" dir="rtl">`, mark("زيت"), `value="الزيتون"`, "نتائج البحث عن «\u2068الزيتون\u2069»"}, nil},
		{"empty query shows the form alone", "/en/search", 200,
			[]string{`<input id="search-q" type="search" name="q" value=""`, `<h1>Search</h1>`, `<meta name="robots" content="noindex">`},
			[]string{`results-heading`, `<mark>`}},
		{"blank query shows the form alone", "/en/search?q=+++", 200, []string{`<h1>Search</h1>`}, []string{`results-heading`}},
		{"no hits says so", "/en/search?q=xylophonequartz", 200, []string{`No stories match your search`, `Check the spelling`}, []string{`<mark>`}},
		{"no hits in arabic", "/ar/search?q=xylophonequartz", 200, []string{`لا توجد مقالات تطابق بحثك`}, nil},
		{"section narrows", "/en/search?q=climate&section=world", 200, []string{`<option value="world" selected>`, `<p class="kicker"><a href="/en/world/">`}, []string{`<p class="kicker"><a href="/en/business/">`, `<p class="kicker"><a href="/en/europe/">`}},
		{"unknown topic finds nothing", "/en/search?q=climate&topic=no-such-topic", 200, []string{`No stories match`}, []string{`<mark>`}},
		{"dates far in the past find nothing", "/en/search?q=climate&from=2001-01-01&to=2001-12-31", 200,
			[]string{`No stories match`, `value="2001-01-01"`}, nil},
		{"dates around now find", "/en/search?q=climate&from=2026-11-01&to=2026-11-30", 200, []string{mark("(?i)climate")}, nil},
		{"script in the query is escaped", "/en/search?q=" + url.QueryEscape(xss), 200,
			[]string{`value="&#34;&gt;&lt;script&gt;alert\(1\)&lt;/script&gt;"`}, []string{`<script>alert`}},
		{"script in arabic page is escaped", "/ar/search?q=" + url.QueryEscape(xss), 200, []string{`dir="rtl"`}, []string{`<script>alert`}},
		{"bad date", "/en/search?q=climate&from=28/11/2026", 400, []string{`<html lang="en"`}, nil},
		{"dates the wrong way round", "/en/search?q=climate&from=2026-11-28&to=2026-11-01", 400, nil, nil},
		{"unknown section", "/en/search?q=climate&section=nope", 400, nil, nil},
		{"query too long", "/en/search?q=" + strings.Repeat("a", 501), 400, nil, nil},
		{"bad page", "/en/search?q=climate&page=0", 400, nil, nil},
		{"page past the end", "/en/search?q=climate&page=40", 404, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := get(t, a.Handler, c.path)
			if r.status != c.status {
				t.Fatalf("%s: status %d, want %d", c.path, r.status, c.status)
			}
			for _, w := range c.want {
				if !regexp.MustCompile(w).MatchString(r.body) {
					t.Errorf("%s: no %s in\n%s", c.path, w, excerpt(r.body))
				}
			}
			for _, n := range c.not {
				if strings.Contains(r.body, n) {
					t.Errorf("%s: holds %q", c.path, n)
				}
			}
			if c.status == 200 && len(h1.FindAllString(r.body, -1)) != 1 {
				t.Errorf("%s: want exactly one <h1>", c.path)
			}
		})
	}
}

// excerpt is the part of a page worth reading in a failure: its main.
func excerpt(body string) string {
	if i := strings.Index(body, `<main`); i >= 0 {
		body = body[i:]
	}
	return body[:min(len(body), 3000)]
}

// TestSearchBoxOnEveryPage puts a search form in the header of pages
// other than the search page, pointing at the edition's search.
func TestSearchBoxOnEveryPage(t *testing.T) {
	a := sharedApp(t)
	for _, ed := range []string{"en", "es", "fr", "ar"} {
		r := get(t, a.Handler, "/"+ed+"/")
		if !strings.Contains(r.body, `<form class="site-search" role="search"`) || !strings.Contains(r.body, `action="/`+ed+`/search"`) {
			t.Errorf("/%s/ has no search box", ed)
		}
	}
	if r := get(t, a.Handler, "/en/search?q=climate"); strings.Contains(r.body, `class="site-search"`) {
		t.Error("the search page repeats the header's search box")
	}
}

// TestSearchPaging pages through hits twenty at a time.
func TestSearchPaging(t *testing.T) {
	a := sharedApp(t)
	// "the" is in every English story; whatever the engine does with
	// such words, a one-letter-wide query is not what this tests.
	r := get(t, a.Handler, "/en/search?q=said")
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	if n := strings.Count(r.body, `class="teaser hit`); n > 20 {
		t.Errorf("%d hits on one page, want at most 20", n)
	}
	if strings.Count(r.body, `class="teaser hit`) == 20 {
		if !strings.Contains(r.body, `href="/en/search?page=2&amp;q=said" rel="next"`) {
			t.Errorf("a full page without a link to the next:\n%s", excerpt(r.body))
		}
		if p2 := get(t, a.Handler, "/en/search?q=said&page=2"); p2.status != 200 || !strings.Contains(p2.body, `rel="prev"`) {
			t.Errorf("page 2: %d", p2.status)
		}
	}
}

// TestSearchHidesStoriesBeforeTheirTime: a scheduled and an embargoed
// story are found by neither the page nor the API until their time comes.
func TestSearchHidesStoriesBeforeTheirTime(t *testing.T) {
	clock := testenv.NewClock(testenv.Now)
	a := testenv.DemoApp(t, clock)
	ctx, sys := context.Background(), editorial.System()
	ed := &editorial.Service{Store: a.Store, Markup: markup.New(), Now: clock.Now}
	scheduled, err := ed.Create(ctx, sys, editorial.Draft{Edition: "en", Section: "world", Headline: "Zephyrine accord signed",
		Body: "The zephyrine accord was signed.", Credit: "Byline"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ed.Publish(ctx, sys, scheduled.ID, testenv.Now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := ed.Create(ctx, sys, editorial.Draft{Edition: "en", Section: "world", Headline: "Quixotic merger agreed",
		Body: "The quixotic merger was agreed.", Credit: "Byline",
		PublishedAt: testenv.Now.Add(-time.Minute), EmbargoUntil: testenv.Now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	paths := map[string]string{
		"/en/search?q=zephyrine":                "Zephyrine accord signed",
		"/api/v1/search?edition=en&q=zephyrine": "Zephyrine accord signed",
		"/en/search?q=quixotic":                 "Quixotic merger agreed",
		"/api/v1/search?edition=en&q=quixotic":  "Quixotic merger agreed",
	}
	for p, headline := range paths {
		if r := get(t, a.Handler, p); r.status != 200 || strings.Contains(r.body, headline) {
			t.Errorf("%s before its time: %d, found: %v", p, r.status, strings.Contains(r.body, headline))
		}
	}
	clock.Set(testenv.Now.Add(time.Hour))
	for p, headline := range paths {
		if r := get(t, a.Handler, p); r.status != 200 || !strings.Contains(r.body, headline) {
			t.Errorf("%s once out: %d, not found", p, r.status)
		}
	}
}
