package store

import (
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/bylinehq/byline/internal/news"
)

// pgDialect is PostgreSQL's side of the dialect (see dialect.go); its
// full-text search is in search_pg.go.
type pgDialect struct{}

func (pgDialect) name() string           { return "postgres" }
func (pgDialect) rebind(q string) string { return numbered(q) }

// PostgreSQL error codes (SQLSTATE,
// https://www.postgresql.org/docs/current/errcodes-appendix.html).
const (
	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
	pgReadOnlyTransaction = "25006" // a hot standby, or a server set read-only
	pgDiskFull            = "53100"
)

func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

func (pgDialect) isUnique(err error) bool     { return pgCode(err) == pgUniqueViolation }
func (pgDialect) isForeignKey(err error) bool { return pgCode(err) == pgForeignKeyViolation }

// isFull: a server out of disk says so; one that must not be written (a
// standby after a failover, default_transaction_read_only) refuses the
// write as a read-only transaction. Either way nothing can be saved until
// whoever runs the database acts, as with SQLite's full or read-only disk.
func (pgDialect) isFull(err error) bool {
	switch pgCode(err) {
	case pgDiskFull, pgReadOnlyTransaction:
		return true
	}
	return false
}

func (pgDialect) month(column string) string {
	return "to_char(to_timestamp(" + column + " / 1000) AT TIME ZONE 'UTC', 'YYYY-MM')"
}

// A read transaction sees one snapshot only under REPEATABLE READ (READ
// COMMITTED takes one per statement); read-only, it never fails for
// serialization.
func (pgDialect) readTx() *sql.TxOptions {
	return &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
}

// The planner takes no hints; it picks articles_visibility for an
// index-only scan by its own costs.
func (pgDialect) indexedBy(string) string { return "" }

// nextChange draws story change numbers from a sequence, so that writers
// on several connections and nodes never share one (MAX+1 would, without
// SQLite's single writer).
func (pgDialect) nextChange() string { return "nextval('article_change_seq')" }

// notify signals the schema's change channel. PostgreSQL delivers it when
// the transaction commits, and not at all when it rolls back, and folds a
// transaction's repeats into one.
func (pgDialect) notify() string {
	return "SELECT pg_notify('byline_' || current_schema(), '')"
}

// retryBegin: after the database restarted or the network dropped, the
// pool still holds connections that died; database/sql discards one only
// when the driver notices before using it, which pgx does by a ping after
// a second idle, so a connection used within the second fails with "conn
// closed" (TestDatabaseRestart). pgx marks such failures safe to retry.
func (pgDialect) retryBegin(err error) bool { return pgconn.SafeToRetry(err) }

// skipLocked: a worker on another node claiming jobs at the same moment
// passes over the row this one is taking instead of taking it too
// (TestConformance/JobsClaimedOnceByConcurrentWorkers).
func (pgDialect) skipLocked() string { return " FOR UPDATE SKIP LOCKED" }

// changeLock makes numbers commit in their order. A sequence alone hands
// them out in the order writers ask, not the order they commit: a save
// numbered 7 could commit after one numbered 8, and a reader of the change
// feed that looked in between would have moved past 8 and missed 7 for
// good (TestConformance/ChangeFeedFollowsCommitOrder caught it). Under
// this transaction-scoped lock the next writer draws its number only once
// this one has committed or rolled back. Saves of stories queue here, for
// the few milliseconds between their number and their commit: a
// newsroom's rate of saves is far below what that allows. The key is
// "bylc" and the schema, as schemaLock's.
func (pgDialect) changeLock() string {
	return "SELECT pg_advisory_xact_lock(1652124771, hashtext(current_schema()))"
}

// schemaLock is a transaction-scoped advisory lock, released at commit or
// rollback: nodes started together migrate one after the other, and each
// finds the other's migrations recorded. The key is "byli" and the schema,
// so stores in other schemas of the database migrate independently.
func (pgDialect) schemaLock() string {
	return "SELECT pg_advisory_xact_lock(1652124777, hashtext(current_schema()))"
}

// PostgreSQL is backed up, and its copies checked, with its own tools.
func (pgDialect) snapshots(op string) error {
	return news.Errorf(news.CodeInvalid,
		"%s is not supported on PostgreSQL: back up with pg_dump (for example pg_dump --format=custom) and restore with pg_restore; PostgreSQL checks its own consistency", op)
}
