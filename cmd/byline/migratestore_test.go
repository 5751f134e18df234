package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
)

func TestMigrateStoreFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tt := range []struct {
		name string
		args []string
		exit int
		want string
	}{
		{"help", []string{"--help"}, 2, ""},
		{"no source", []string{"--to", "postgres://h/db"}, 2, "needs --from"},
		{"no target", []string{"--from", dir}, 2, "needs --to postgres://"},
		{"a SQLite target", []string{"--from", dir, "--to", "sqlite:///tmp/x.db"}, 2, "needs --to postgres://"},
		{"a PostgreSQL source", []string{"--from", "postgres://u:hunter2@h/db", "--to", "postgres://h/db"}, 2, "must be a SQLite store"},
		{"another scheme", []string{"--from", "mysql://u:hunter2@h/db", "--to", "postgres://h/db"}, 2, "is not a sqlite:// URL"},
		{"no store there", []string{"--from", dir, "--to", "postgres://u:hunter2@127.0.0.1:1/db"}, 1, "no SQLite store at"},
		{"bad batch", []string{"--from", dir, "--to", "postgres://h/db", "--batch", "0"}, 2, "--batch"},
		{"media from nowhere", []string{"--from", dir, "--to", "postgres://h/db", "--media-to", dir}, 2, "go together"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), append([]string{"migrate-store"}, tt.args...), strings.NewReader(""), &out, &errOut)
			if err != nil {
				errOut.WriteString(err.Error())
			}
			if code := exitOf(err); code != tt.exit {
				t.Errorf("exit %d, want %d (%v)", code, tt.exit, err)
			}
			if !strings.Contains(errOut.String(), tt.want) {
				t.Errorf("stderr %q lacks %q", errOut.String(), tt.want)
			}
			if strings.Contains(errOut.String()+out.String(), "hunter2") {
				t.Error("a password reached the output")
			}
		})
	}
}

func exitOf(err error) int {
	if err == nil {
		return 0
	}
	return exitCode(err)
}

// TestMigrateStoreReproducesTheDemo moves the demo store to PostgreSQL,
// and its media to a new data directory, with the command, and checks
// that the site is the same on both: fronts, stories of both scripts,
// topic pages, feeds, the sitemap, search and an image.
func TestMigrateStoreReproducesTheDemo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pgURL := testenv.PostgresSchema(t)
	dir := t.TempDir()
	clock := testenv.NewClock(testenv.Now)
	cfg := app.Config{DataDir: dir, Now: clock.Now, BaseURL: "https://news.example.org", Out: io.Discard,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	demo := cfg
	demo.Demo = true
	a, err := app.New(ctx, demo)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()

	var out, errOut bytes.Buffer
	pgURLWithPassword := strings.Replace(pgURL, "postgres://postgres@", "postgres://postgres:hunter2@", 1) // trust auth ignores it
	pgDir := t.TempDir()
	if err := run(ctx, []string{"migrate-store", "--from", filepath.Join(dir, "byline.db"), "--to", pgURLWithPassword,
		"--media-from", filepath.Join(dir, "media"), "--media-to", filepath.Join(pgDir, "media")}, nil, &out, &errOut); err != nil {
		t.Fatalf("migrate-store: %v\n%s%s", err, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "The copy matches the source") || strings.Contains(out.String()+errOut.String(), "hunter2") {
		t.Errorf("migrate-store said:\n%s%s", out.String(), errOut.String())
	}
	t.Log(out.String())

	lite, err := app.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	onPG := cfg
	onPG.DataDir, onPG.DBURL = pgDir, pgURL
	pg, err := app.New(ctx, onPG)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()

	paths := []string{"/en/", "/ar/", "/fr/", "/en/feed.xml", "/ar/feed.atom", "/sitemap.xml", "/en/world/",
		"/en/search?q=heat+cities", "/en/search?q=europe", "/ar/search?q=" + url.QueryEscape("الثلاجات الشمسية")}
	for _, edition := range []string{"en", "ar"} {
		page, err := lite.Store.List(ctx, news.ListQuery{Edition: edition, Limit: 3, Now: testenv.Now})
		if err != nil || len(page.Items) < 3 {
			t.Fatalf("stories of %s: %v", edition, err)
		}
		for _, s := range page.Items {
			paths = append(paths, s.Path())
		}
		topics, err := lite.Store.TopicsInPrint(ctx, edition, testenv.Now)
		if err != nil || len(topics) == 0 {
			t.Fatalf("topics of %s: %v", edition, err)
		}
		paths = append(paths, topics[0].Path())
	}
	image := regexp.MustCompile(`/media/[^"' ]+\.jpg`).FindString(getPage(lite.Handler, "/en/").body)
	if image == "" {
		t.Fatal("no image on /en/")
	}
	paths = append(paths, image)
	for _, p := range paths {
		want, got := getPage(lite.Handler, p), getPage(pg.Handler, p)
		if strings.Contains(p, "/search?") {
			want.body, got.body = sortHits(want.body), sortHits(got.body)
		}
		if want.status != http.StatusOK {
			t.Errorf("%s on SQLite: %d", p, want.status)
		}
		if got.status != want.status || got.body != want.body {
			t.Errorf("%s: PostgreSQL answers %d, SQLite %d; bodies first differ at %s", p, got.status, want.status, firstDifference(want.body, got.body))
		}
	}
}

// searchHit is one result on a search page.
var searchHit = regexp.MustCompile(`(?s)<article class="teaser hit.*?</article>`)

// sortHits puts a search page's results in one order. The stores rank
// with different functions (bm25 on SQLite, ts_rank_cd on PostgreSQL; see
// the README's PostgreSQL section), so the same hits can come in another
// order: the test compares which stories are found, with what snippets,
// and everything around them. (Its queries' results fit on one page, or
// the pages could hold different stories.)
func sortHits(body string) string {
	hits := searchHit.FindAllString(body, -1)
	slices.Sort(hits)
	i := 0
	return searchHit.ReplaceAllStringFunc(body, func(string) string { i++; return hits[i-1] })
}

type page struct {
	status int
	body   string
}

func getPage(h http.Handler, path string) page {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return page{rec.Code, rec.Body.String()}
}

func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return "…" + a[from:min(len(a), i+80)] + "… / …" + b[from:min(len(b), i+80)] + "…"
}
