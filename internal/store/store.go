// Package store keeps Byline's data in SQL. SQLite (embedded, pure Go) is the
// default; the dialect layer keeps the differences to a PostgreSQL store in
// one place. Every exported method is one transaction, values are always
// bound, and not-found is a news.CodeNotFound error, never a nil result.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bylinehq/byline/internal/news"
)

// Store implements news.Store over database/sql.
type Store struct {
	read  *sql.DB // many connections, for queries
	write *sql.DB // one connection on SQLite: writers queue here, not on SQLITE_BUSY
	d     dialect
	now   func() time.Time
	// searchSuspect is set when a write failed for want of room: SQLite
	// keeps the tables whole, but FTS5's index was found out of step with
	// its content after such failures (see TestDiskFullUnderLoad). The next
	// write that succeeds checks the index and rebuilds it if need be.
	searchSuspect atomic.Bool
	// onCommit, when set, runs after every committed write (see OnCommit).
	onCommit atomic.Pointer[func()]
	// pgCfg is a PostgreSQL store's connection settings, for Watch's own
	// connection; nil on SQLite.
	pgCfg *pgx.ConnConfig
}

// OnCommit sets fn to run after every write this process commits, before
// the write returns: a page cache syncs there, so that the response to a
// publish is sent only once every page it changes is gone from the cache.
func (s *Store) OnCommit(fn func()) { s.onCommit.Store(&fn) }

var _ news.Store = (*Store)(nil)

// Config says where the store lives.
type Config struct {
	// URL selects the database: "" or "sqlite://PATH" for SQLite,
	// "postgres://…" for PostgreSQL.
	URL string
	// DataDir holds the SQLite file when URL is empty.
	DataDir string
	// Now stamps revisions and jobs; time.Now when nil.
	Now func() time.Time
}

// FileName is the SQLite database's name inside the data directory.
const FileName = "byline.db"

// Open connects to the store Config names and applies pending migrations.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	s, err := connect(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s.now = cfg.Now
	if s.now == nil {
		s.now = time.Now
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func connect(ctx context.Context, cfg Config) (*Store, error) {
	if strings.HasPrefix(cfg.URL, "postgres://") || strings.HasPrefix(cfg.URL, "postgresql://") {
		return openPostgres(ctx, cfg.URL)
	}
	path, err := sqlitePath(cfg)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("store: create the database's directory: %w", err)
	}
	return openSQLite(path)
}

// sqlitePath is the SQLite file cfg names: its sqlite:// URL's path, or
// the file in its data directory.
func sqlitePath(cfg Config) (string, error) {
	switch {
	case cfg.URL == "":
		if cfg.DataDir == "" {
			return "", errors.New("store: a data directory or a database URL is required")
		}
		return filepath.Join(cfg.DataDir, FileName), nil
	case strings.HasPrefix(cfg.URL, "sqlite://"):
		u, err := url.Parse(cfg.URL)
		if err != nil {
			return "", fmt.Errorf("store: database URL: %w", err)
		}
		path := u.Host + u.Path
		if path == "" {
			return "", errors.New("store: sqlite:// URL needs a file path, e.g. sqlite:///var/lib/byline/byline.db")
		}
		return path, nil
	default:
		return "", fmt.Errorf("store: unsupported database URL scheme in %q; use sqlite:// or postgres://", redact(cfg.URL))
	}
}

// redact hides a password in a database URL before it is shown or logged.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	return u.Redacted()
}

// Close releases both pools.
func (s *Store) Close() error {
	return errors.Join(s.read.Close(), s.write.Close())
}

// Ping reports whether the store answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.read.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// inTx runs fn in a write transaction and commits when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	for retries := 0; err != nil && retries < 3 && s.d.retryBegin(err); retries++ {
		tx, err = s.write.BeginTx(ctx, nil)
	}
	if err != nil {
		return s.mapErr(fmt.Errorf("store: begin: %w", err))
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return s.mapErr(err)
	}
	if err := tx.Commit(); err != nil {
		return s.mapErr(fmt.Errorf("store: commit: %w", err))
	}
	if s.searchSuspect.Load() {
		s.repairSearch(ctx)
	}
	if fn := s.onCommit.Load(); fn != nil {
		(*fn)()
	}
	return nil
}

// repairSearch checks the full-text index after a write failed for want of
// room and rebuilds it from its stored content when it is out of step. A
// check that fails for room again leaves it suspect for the next write.
func (s *Store) repairSearch(ctx context.Context) {
	if !s.searchSuspect.CompareAndSwap(true, false) {
		return
	}
	_, err := s.write.ExecContext(ctx, `INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)`)
	if err == nil {
		return
	}
	if s.d.isFull(err) {
		s.searchSuspect.Store(true)
		return
	}
	if _, err := s.write.ExecContext(ctx, `INSERT INTO search_index (search_index) VALUES ('rebuild')`); err != nil {
		s.searchSuspect.Store(true)
	}
}

// inReadTx runs fn in a read-only transaction, so that the several queries
// that assemble one article see one snapshot.
func (s *Store) inReadTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.read.BeginTx(ctx, s.d.readTx())
	if err != nil {
		return fmt.Errorf("store: begin read: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only: nothing to lose
	return fn(tx)
}

// mapErr turns constraint violations into domain conflicts.
func (s *Store) mapErr(err error) error {
	if err == nil {
		return nil
	}
	var ne *news.Error
	if errors.As(err, &ne) {
		return err
	}
	if s.d.isUnique(err) {
		return &news.Error{Code: news.CodeConflict, Message: "that name or address is already taken", Err: err}
	}
	if s.d.isFull(err) {
		if s.d.searchCanDrift() {
			s.searchSuspect.Store(true)
			s.discardWriter()
		}
		return &news.Error{Code: news.CodeUnavailable, Err: err,
			Message: "the database cannot be written (its disk is full, read-only or failing); nothing was saved. Tell whoever runs Byline, and try again once they have fixed the disk"}
	}
	return err
}

// discardWriter closes the idle write connection after a write failed for
// want of room, so the next write starts on a fresh one. SQLite rolls the
// transaction back, but FTS5 keeps per-connection state about its index
// (its cached structure) that a failure in the middle of flushing can leave
// ahead of what was committed; writing on from it corrupted the search
// index in the disk-full test.
func (s *Store) discardWriter() {
	s.write.SetMaxIdleConns(0)
	s.write.SetMaxIdleConns(1)
}

// q rewrites a query written with ? placeholders for the dialect.
func (s *Store) q(query string) string { return s.d.rebind(query) }

// lockSchema makes tx wait until no other process is changing the schema
// or rebuilding the search index (see dialect.schemaLock).
func (s *Store) lockSchema(ctx context.Context, tx *sql.Tx) error {
	if lock := s.d.schemaLock(); lock != "" {
		if _, err := tx.ExecContext(ctx, lock); err != nil {
			return fmt.Errorf("store: wait for the schema lock: %w", err)
		}
	}
	return nil
}

// Flags (an endpoint's or a source's active, a wire item's latest) are
// stored as 0 or 1 on every database, so that queries test them alike
// (active = 1); PostgreSQL does not take a Go bool for a number.
func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Times are stored as milliseconds since the epoch, NULL for the zero time.
func ms(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

func fromMS(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.UnixMilli(n.Int64).UTC()
}

// rowScanner is a row to scan: *sql.Row or *sql.Rows.
type rowScanner = interface{ Scan(...any) error }

// querier runs queries: the read pool or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// queryAll runs a query and reads every row with scan; what names the list
// in errors.
func queryAll[T any](ctx context.Context, q querier, what string, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return out, nil
}

// bare adapts a scan function that takes extra columns to queryAll.
func bare[T any](scan func(rowScanner, ...any) (T, error)) func(rowScanner) (T, error) {
	return func(r rowScanner) (T, error) { return scan(r) }
}

// one finishes a single-row lookup: no row is notFound, any other failure
// is wrapped with what the lookup was.
func one[T any](v T, err error, notFound error, what string) (T, error) {
	if errors.Is(err, sql.ErrNoRows) {
		return v, notFound
	}
	if err != nil {
		return v, fmt.Errorf("store: %s: %w", what, err)
	}
	return v, nil
}

// PoolStats reports the connection pools' statistics, by pool name:
// "read" and "write".
func (s *Store) PoolStats() map[string]sql.DBStats {
	return map[string]sql.DBStats{"read": s.read.Stats(), "write": s.write.Stats()}
}
