package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations
var migrationFS embed.FS

// Migration is one numbered schema change.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns a dialect's migrations in order. File names are
// NNNN_name.sql; a gap or a duplicate number is an error.
func Migrations(dialectName string) ([]Migration, error) {
	dir := path.Join("migrations", dialectName)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, fmt.Errorf("store: migrations for %s: %w", dialectName, err)
	}
	var out []Migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("store: migration file %s is not named NNNN_name.sql", e.Name())
		}
		data, err := fs.ReadFile(migrationFS, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(data)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("store: migration %04d_%s: expected version %d", m.Version, m.Name, i+1)
		}
	}
	return out, nil
}

// Migrate applies pending migrations, each in its own transaction together
// with its row in schema_migrations, so a crash leaves the schema at a known
// version. It is safe to run while another process uses the store, or
// migrates it too.
func (s *Store) Migrate(ctx context.Context) error {
	_, err := s.MigrateReport(ctx)
	return err
}

// MigrateReport applies pending migrations and returns the ones it applied.
// It then rebuilds the search index if the text analyser changed since the
// index was built.
func (s *Store) MigrateReport(ctx context.Context) ([]Migration, error) {
	all, err := Migrations(s.d.name())
	if err != nil {
		return nil, err
	}
	// applied_at is milliseconds: BIGINT is SQLite's INTEGER and
	// PostgreSQL's 64-bit one.
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.lockSchema(ctx, tx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: create schema_migrations: %w", err)
	}
	var applied []Migration
	for _, m := range all {
		done, err := s.applyOne(ctx, m)
		if err != nil {
			return applied, err
		}
		if done {
			applied = append(applied, m)
		}
	}
	if err := s.foldTopicNames(ctx); err != nil {
		return applied, err
	}
	return applied, s.reindexSearch(ctx)
}

func (s *Store) applyOne(ctx context.Context, m Migration) (applied bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.lockSchema(ctx, tx); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), m.Version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			return fmt.Errorf("store: migration %04d_%s: %w", m.Version, m.Name, err)
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
			m.Version, m.Name, time.Now().UnixMilli())
		applied = err == nil
		return err
	})
	return applied, err
}

// SchemaVersion returns the highest applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	return int(v.Int64), err
}
