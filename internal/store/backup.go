package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Snapshot writes a consistent copy of the whole database to path, a new
// file, while the store keeps serving: SQLite's VACUUM INTO reads one
// snapshot in a read transaction, so writers carry on and the copy holds
// every transaction committed before it began and none after. The copy is
// compacted as a side effect. A PostgreSQL store answers CodeInvalid: it
// is backed up with pg_dump.
func (s *Store) Snapshot(ctx context.Context, path string) error {
	if err := s.d.snapshots("a snapshot"); err != nil {
		return err
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("store: snapshot: %s already exists", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("store: snapshot: %w", err)
	}
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: snapshot: %w", err)
	}
	defer conn.Close()
	// The read pool is query_only; VACUUM INTO writes only the new file,
	// which SQLite counts as a write all the same.
	if _, err := conn.ExecContext(ctx, `PRAGMA query_only = 0`); err != nil {
		return fmt.Errorf("store: snapshot: %w", err)
	}
	// Back to query_only before the connection returns to the pool.
	defer conn.ExecContext(context.Background(), `PRAGMA query_only = 1`) //nolint:errcheck // checked by every later write attempt
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("store: snapshot: %w", err)
	}
	return nil
}

// IntegrityCheck runs SQLite's full integrity check and the foreign-key
// check, and reports every problem they find. A PostgreSQL store answers
// CodeInvalid.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	if err := s.d.snapshots("an integrity check"); err != nil {
		return err
	}
	var problems []string
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	defer conn.Close()
	// FTS5 caches its index's structure per connection and refreshes it
	// when a query opens the table, but not for PRAGMA integrity_check:
	// run on a connection whose last search predates another
	// connection's writes, the check compared a stale structure with the
	// current data and reported "checksum mismatch" or "corruption found"
	// on a sound index (TestDiskReadOnlyUnderLoad, about one run in three,
	// with or without a fault). A query first makes the check current.
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM search_index WHERE rowid = 0`).Scan(&n); err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	rows, err := conn.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			rows.Close()
			return fmt.Errorf("store: integrity check: %w", err)
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	rows.Close()
	fk, err := conn.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("store: foreign key check: %w", err)
	}
	defer fk.Close()
	for fk.Next() {
		var table, parent string
		var rowid, fkid any
		if err := fk.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return fmt.Errorf("store: foreign key check: %w", err)
		}
		problems = append(problems, fmt.Sprintf("%s row %v points at a missing %s", table, rowid, parent))
	}
	if len(problems) > 0 {
		return fmt.Errorf("store: integrity check failed: %s", strings.Join(problems, "; "))
	}
	return fk.Err()
}
