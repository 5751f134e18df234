package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/relevance"
)

// TestMigrationsInStep checks, without a database, that both stores have
// the same migrations, numbered and named alike; postgres_test.go compares
// the schemas they build.
func TestMigrationsInStep(t *testing.T) {
	lite, err := Migrations("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	pg, err := Migrations(pgDialect{}.name())
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) != len(pg) {
		t.Fatalf("%d SQLite migrations, %d PostgreSQL ones: every migration needs both", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].Version != pg[i].Version || lite[i].Name != pg[i].Name {
			t.Errorf("migration %d: SQLite's is %04d_%s, PostgreSQL's %04d_%s", i+1, lite[i].Version, lite[i].Name, pg[i].Version, pg[i].Name)
		}
	}
}

func TestTSQueryQuotesEveryTerm(t *testing.T) {
	for _, c := range []struct {
		q    relevance.Query
		want string
	}{
		{relevance.ParseQuery("en", `Central "bank rates" elections`), `('central') & ('bank' <-> 'rate') & ('elect')`},
		{relevance.ParseQuery("ar", "والقاهرة"), `('قاهر')`},
		{relevance.Query{Phrases: [][]string{{"it's"}, {`a\b`, "c"}}}, `('it''s') & ('a\\b' <-> 'c')`},
	} {
		if got := tsQuery(c.q); got != c.want {
			t.Errorf("tsQuery(%v) = %s, want %s", c.q.Phrases, got, c.want)
		}
	}
}

func TestPostgresErrorsMapToCodes(t *testing.T) {
	s := &Store{d: pgDialect{}} // no pools: nothing here may touch them
	for code, want := range map[string]news.Code{
		pgUniqueViolation:     news.CodeConflict,
		pgDiskFull:            news.CodeUnavailable,
		pgReadOnlyTransaction: news.CodeUnavailable,
	} {
		err := s.mapErr(&pgconn.PgError{Code: code})
		if got := news.ErrorCode(err); got != want {
			t.Errorf("SQLSTATE %s: code %q, want %q", code, got, want)
		}
	}
	if s.searchSuspect.Load() {
		t.Error("a full disk made PostgreSQL's search index suspect; only FTS5's can drift")
	}
	if !s.d.isForeignKey(&pgconn.PgError{Code: pgForeignKeyViolation}) || s.d.isForeignKey(&pgconn.PgError{Code: pgUniqueViolation}) {
		t.Error("isForeignKey is wrong")
	}
}

func TestPostgresRefusesFileBackups(t *testing.T) {
	s := &Store{d: pgDialect{}}
	ctx := context.Background()
	for name, err := range map[string]error{
		"Snapshot":       s.Snapshot(ctx, filepath.Join(t.TempDir(), "copy.db")),
		"IntegrityCheck": s.IntegrityCheck(ctx),
	} {
		if news.ErrorCode(err) != news.CodeInvalid || !strings.Contains(err.Error(), "pg_dump") {
			t.Errorf("%s = %v, want CodeInvalid pointing at pg_dump", name, err)
		}
	}
}

func TestPostgresConfig(t *testing.T) {
	cfg, err := pgConfig("postgres://u:secret@db.example.org:5433/news?sslmode=disable&search_path=byline")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ConnectTimeout != 5*time.Second || cfg.RuntimeParams["application_name"] != "byline" ||
		cfg.RuntimeParams["search_path"] != "byline" || cfg.Host != "db.example.org" || cfg.Port != 5433 || cfg.Database != "news" {
		t.Errorf("config = timeout %v, params %v, %s:%d/%s", cfg.ConnectTimeout, cfg.RuntimeParams, cfg.Host, cfg.Port, cfg.Database)
	}
	cfg, err = pgConfig("postgres://u@h/db?connect_timeout=2&application_name=desk")
	if err != nil || cfg.ConnectTimeout != 2*time.Second || cfg.RuntimeParams["application_name"] != "desk" {
		t.Errorf("the URL's own settings were not kept: %v, %+v", err, cfg)
	}
	for _, bad := range []string{"postgres://u:secret@h:port/db", "postgres://u:secret@h/db?sslmode=sometimes", "postgres://u:secret@h/%zz"} {
		_, err := pgConfig(bad)
		if err == nil || strings.Contains(err.Error(), "secret") {
			t.Errorf("pgConfig(%q) = %v, want an error without the password", bad, err)
		}
	}
}
