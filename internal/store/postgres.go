package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"runtime"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// The PostgreSQL store's connection pools, per process. PostgreSQL serves
// every connection with a process of its own, and its default
// max_connections is 100; at most 24 a node leaves room for several nodes,
// psql and pg_dump. Connections are replaced every half hour, so that a
// failover or a change behind a proxy (PgBouncer) is followed, and idle
// ones are closed after five minutes.
const (
	pgMaxReadConns  = 16
	pgMaxWriteConns = 8
	pgConnLifetime  = 30 * time.Minute
	pgConnIdleTime  = 5 * time.Minute
	// pgConnectTimeout bounds each attempt to connect, unless the URL sets
	// connect_timeout (in seconds, as for libpq).
	pgConnectTimeout = "5"
)

// openPostgres opens a PostgreSQL store over pgx's database/sql driver:
// a read pool whose sessions are read-only, as SQLite's read pool is
// query_only, and a write pool. Unlike SQLite's single writer, several
// write transactions run at once, at READ COMMITTED. rawURL is a
// postgres:// URL with any of libpq's parameters (sslmode,
// connect_timeout, search_path, …).
func openPostgres(ctx context.Context, rawURL string) (*Store, error) {
	cfg, err := pgConfig(rawURL)
	if err != nil {
		return nil, err
	}
	readCfg := cfg.Copy()
	readCfg.RuntimeParams["default_transaction_read_only"] = "on"
	read := pgPool(readCfg, min(max(4, runtime.NumCPU()*2), pgMaxReadConns))
	write := pgPool(cfg, min(max(2, runtime.NumCPU()), pgMaxWriteConns))
	s := &Store{read: read, write: write, d: pgDialect{}, pgCfg: cfg}
	// Connect now: a wrong URL or an unreachable server fails start-up,
	// not the first request.
	for _, db := range []*sql.DB{write, read} {
		if err := db.PingContext(ctx); err != nil {
			s.Close()
			return nil, fmt.Errorf("store: connect to PostgreSQL at %s: %w", redact(rawURL), err)
		}
	}
	return s, nil
}

// pgConfig parses a postgres:// URL, adding Byline's defaults for what it
// leaves unset. Errors never show the password.
func pgConfig(rawURL string) (*pgx.ConnConfig, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url's errors quote the URL, password and all.
		return nil, fmt.Errorf("store: the PostgreSQL URL is not a valid URL; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=…")
	}
	q := u.Query()
	if !q.Has("connect_timeout") {
		q.Set("connect_timeout", pgConnectTimeout)
	}
	if !q.Has("application_name") {
		q.Set("application_name", "byline") // names Byline's sessions in pg_stat_activity
	}
	u.RawQuery = q.Encode()
	cfg, err := pgx.ParseConfig(u.String())
	if err != nil {
		return nil, fmt.Errorf("store: PostgreSQL URL %s: %w", redact(rawURL), err)
	}
	return cfg, nil
}

func pgPool(cfg *pgx.ConnConfig, conns int) *sql.DB {
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxLifetime(pgConnLifetime)
	db.SetConnMaxIdleTime(pgConnIdleTime)
	return db
}
