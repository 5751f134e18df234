package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store/storetest"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestSQLiteConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) news.Store { return openTemp(t) })
}

func TestMigrateIsIdempotentAndRecorded(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, err := Open(ctx, Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	all, _ := Migrations("sqlite")
	v, err := s.SchemaVersion(ctx)
	if err != nil || v != len(all) {
		t.Fatalf("schema version = %d (%v), want %d", v, err, len(all))
	}
	s.Close()
	s, err = Open(ctx, Config{URL: "sqlite://" + filepath.Join(dir, FileName)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	applied, err := s.MigrateReport(ctx)
	if err != nil || len(applied) != 0 {
		t.Fatalf("second migrate applied %d (%v), want none", len(applied), err)
	}
}

func TestSQLitePragmas(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	var mode string
	var fk, timeout int
	if err := s.read.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", mode, err)
	}
	for _, db := range []string{"read", "write"} {
		pool := s.read
		if db == "write" {
			pool = s.write
		}
		if err := pool.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
			t.Errorf("%s pool foreign_keys = %d (%v), want 1", db, fk, err)
		}
		if err := pool.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&timeout); err != nil || timeout < 1000 {
			t.Errorf("%s pool busy_timeout = %d (%v)", db, timeout, err)
		}
	}
	if _, err := s.read.ExecContext(ctx, "DELETE FROM editions"); err == nil {
		t.Error("the read pool accepted a write")
	}
}

func TestOpenRejectsUnknownURLs(t *testing.T) {
	for url, want := range map[string]string{
		"mysql://u:secret@h/db": "unsupported",
		// Nothing listens on port 1: the error names PostgreSQL.
		"postgres://u:secret@127.0.0.1:1/db": "PostgreSQL",
		"sqlite://":                          "file path",
	} {
		_, err := Open(context.Background(), Config{URL: url})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Open(%q) = %v, want an error about %q", url, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%q) error shows the password: %v", url, err)
		}
	}
}

func TestNumbered(t *testing.T) {
	got := numbered(`SELECT ? , '?' FROM x WHERE a = ? AND b = 'it''s?'`)
	want := `SELECT $1 , '?' FROM x WHERE a = $2 AND b = 'it''s?'`
	if got != want {
		t.Errorf("numbered = %q, want %q", got, want)
	}
}
