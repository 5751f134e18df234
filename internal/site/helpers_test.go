package site_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
)

// shared is one demo app for the read-only tests of this package; tests
// that change content start their own.
var shared struct {
	once sync.Once
	app  *app.App
	drop func() error // the PostgreSQL schema, under BYLINE_TEST_STORE=postgres
	err  error
}

func sharedApp(t *testing.T) *app.App {
	t.Helper()
	shared.once.Do(func() {
		dir, err := os.MkdirTemp("", "byline-site-test-")
		if err != nil {
			shared.err = err
			return
		}
		clock := testenv.NewClock(testenv.Now)
		var dbURL string
		if dbURL, shared.drop, shared.err = testenv.SharedDBURL(); shared.err != nil {
			return
		}
		shared.app, shared.err = app.New(context.Background(), app.Config{DataDir: dir, DBURL: dbURL, Demo: true, Now: clock.Now, Out: io.Discard,
			BaseURL: "https://news.example.org", Log: quietLog()})
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.app
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.app != nil {
		shared.app.Close()
	}
	if shared.drop != nil {
		shared.drop()
	}
	os.Exit(code)
}

type response struct {
	status int
	header http.Header
	body   string
}

func get(t *testing.T, h http.Handler, path string, headers ...string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return response{status: rec.Code, header: rec.Result().Header, body: string(body)}
}

// firstArticle returns the path of the newest visible story of an edition.
func firstArticle(t *testing.T, a *app.App, edition string) string {
	t.Helper()
	p, err := a.Store.List(context.Background(), news.ListQuery{Edition: edition, Limit: 1, Now: testenv.Now})
	if err != nil || len(p.Items) == 0 {
		t.Fatalf("no story in %s: %v", edition, err)
	}
	return p.Items[0].Path()
}

// texts returns the page's human-readable strings in the page's own
// language: text nodes and the attributes people hear or see (alt,
// aria-label, title, meta content). Text inside an element marked with
// another lang (the edition switcher's "Español", "العربية") is the other
// language on purpose, and is left out.
func texts(t *testing.T, page string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(n *html.Node, lang, pageLang string)
	walk = func(n *html.Node, lang, pageLang string) {
		switch n.Type {
		case html.TextNode:
			if s := strings.TrimSpace(n.Data); s != "" && lang == pageLang {
				out = append(out, s)
			}
		case html.ElementNode:
			for _, a := range n.Attr {
				if a.Key == "lang" {
					lang = a.Val
					if n.Data == "html" {
						pageLang = a.Val
					}
				}
			}
			for _, a := range n.Attr {
				if lang == pageLang && (a.Key == "alt" || a.Key == "aria-label" || a.Key == "title" || (a.Key == "content" && humanMeta(n))) {
					out = append(out, a.Val)
				}
			}
		}
		if n.Type == html.ElementNode && n.Data == "script" {
			return // JSON-LD: data for machines, not text for readers
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, lang, pageLang)
		}
	}
	walk(doc, "", "")
	return out
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// humanMeta reports whether a <meta>'s content is text people read (a
// description, a card title) rather than a machine value (og:type).
func humanMeta(n *html.Node) bool {
	if n.Data != "meta" {
		return false
	}
	for _, a := range n.Attr {
		if a.Key == "name" || a.Key == "property" {
			switch a.Val {
			case "description", "og:title", "og:description", "og:site_name", "og:image:alt",
				"twitter:title", "twitter:description", "twitter:image:alt", "article:section", "article:tag":
				return true
			}
		}
	}
	return false
}
