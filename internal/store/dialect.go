package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/bylinehq/byline/internal/relevance"
)

// dialect is everything that differs between the SQL databases Byline runs
// on. Queries are written once, with ? placeholders and portable SQL; the
// dialect adapts them.
type dialect interface {
	name() string
	// rebind rewrites ? placeholders into the database's own.
	rebind(query string) string
	// isUnique reports whether err is a unique-constraint violation.
	isUnique(err error) bool
	// isForeignKey reports whether err is a foreign-key violation.
	isForeignKey(err error) bool
	// isFull reports whether err says the database cannot grow or be
	// written at all: a full disk, a read-only file or file system, a
	// disk that fails writes.
	isFull(err error) bool
	// month is an SQL expression for the UTC month, "YYYY-MM", of a
	// column holding milliseconds since the epoch.
	month(column string) string
	// readTx is how a read transaction begins: read-only, and seeing one
	// snapshot of the database from its first query to its last.
	readTx() *sql.TxOptions
	// indexedBy follows a table in FROM to name the index to read it by:
	// SQLite's INDEXED BY, nothing for a planner that takes no hints.
	indexedBy(index string) string
	// nextChange is an SQL expression for the next story change number
	// (articles.change_seq); see Store.bumpChange.
	nextChange() string
	// changeLock, run before a change number is drawn, holds later
	// writers' numbers back until this transaction ends, so numbers are
	// committed in their order; "" where writers are one at a time.
	changeLock() string
	// skipLocked ends a SELECT of rows a transaction means to claim: it
	// locks them and passes over rows another transaction holds, so
	// concurrent workers never claim the same one; "" where writers are
	// one at a time.
	skipLocked() string
	// notify, run in a transaction that changes what readers see, tells
	// other processes once it commits (see Store.Watch); "" where they
	// poll.
	notify() string
	// retryBegin reports whether beginning a transaction failed before
	// anything reached the database, on a connection found dead, so that
	// beginning again on another is safe.
	retryBegin(err error) bool
	// schemaLock, run first in a transaction, makes it wait until no other
	// process is migrating the database or rebuilding its search index;
	// "" where write transactions already exclude each other.
	schemaLock() string
	// snapshots returns nil when Snapshot and IntegrityCheck work on the
	// database, and otherwise the error op (what was asked) gets.
	snapshots(op string) error
	fullText
}

// fullText is how a dialect keeps and queries the search index (see
// search.go): a table search_index with columns rowid (the article's id),
// headline and body (analysed terms), whatever else the database needs.
type fullText interface {
	// searchMatch is the WHERE condition, with one ? for arg, that keeps
	// the search_index rows matching q.
	searchMatch(q relevance.Query) (cond string, arg any)
	// searchRank is an ORDER BY term putting the best match for q first
	// (a headline match counting headlineWeight, a body match
	// bodyWeight), with the arguments of its ? placeholders.
	searchRank(q relevance.Query) (term string, args []any)
	// searchOptimize runs after the whole index was rebuilt; "" for none.
	searchOptimize() string
	// searchCanDrift reports whether a write that failed for want of room
	// can leave the index out of step with what was committed, so that the
	// store must check it afterwards (FTS5's; see Store.repairSearch).
	searchCanDrift() bool
}

type sqliteDialect struct{}

func (sqliteDialect) name() string           { return "sqlite" }
func (sqliteDialect) rebind(q string) string { return q }
func (sqliteDialect) isUnique(err error) bool {
	return sqliteCode(err) == sqliteConstraintUnique || sqliteCode(err) == sqliteConstraintPrimaryKey
}

func (sqliteDialect) isForeignKey(err error) bool {
	return sqliteCode(err) == sqliteConstraintForeignKey
}

func (sqliteDialect) isFull(err error) bool {
	switch sqliteCode(err) & 0xff { // the primary code of an extended one
	// A file system turned read-only under an open database shows as an
	// I/O error on write or sync (SQLITE_IOERR_WRITE, _FSYNC), not as
	// SQLITE_READONLY, which is for files opened read-only.
	case sqliteFull, sqliteReadOnly, sqliteIOErr:
		return true
	}
	return false
}

func (sqliteDialect) month(column string) string {
	return "strftime('%Y-%m', " + column + " / 1000, 'unixepoch')"
}

// SQLite's read transactions see one snapshot whatever the isolation asked.
func (sqliteDialect) readTx() *sql.TxOptions { return &sql.TxOptions{ReadOnly: true} }

func (sqliteDialect) indexedBy(index string) string { return " INDEXED BY " + index }

// The single writer makes MAX+1 unique, and commits in that order.
func (sqliteDialect) nextChange() string {
	return "(SELECT COALESCE(MAX(change_seq), 0) + 1 FROM articles)"
}

func (sqliteDialect) changeLock() string { return "" }

func (sqliteDialect) skipLocked() string { return "" }

func (sqliteDialect) notify() string { return "" }

func (sqliteDialect) retryBegin(error) bool { return false }

// Every write transaction takes the database's write lock first
// (_txlock=immediate), migrations' included.
func (sqliteDialect) schemaLock() string { return "" }

func (sqliteDialect) snapshots(string) error { return nil }

// ftsMatch quotes every term, so nothing a reader types is FTS5 syntax.
func (sqliteDialect) searchMatch(q relevance.Query) (string, any) {
	return "search_index MATCH ?", ftsMatch(q)
}

// bm25 is lower for better matches.
func (sqliteDialect) searchRank(relevance.Query) (string, []any) {
	return fmt.Sprintf("bm25(search_index, %g, %g)", headlineWeight, bodyWeight), nil
}

// One segment after a rebuild: what later saves add is merged in by
// FTS5's automerge.
func (sqliteDialect) searchOptimize() string {
	return `INSERT INTO search_index (search_index) VALUES ('optimize')`
}

func (sqliteDialect) searchCanDrift() bool { return true }

// SQLite extended result codes (https://sqlite.org/rescode.html).
const (
	sqliteConstraintPrimaryKey = 1555
	sqliteConstraintUnique     = 2067
	sqliteConstraintForeignKey = 787
	sqliteReadOnly             = 8
	sqliteReadOnlyDirectory    = 1544
	sqliteIOErr                = 10
	sqliteFull                 = 13
)

func sqliteCode(err error) int {
	var coder interface{ Code() int }
	if errors.As(err, &coder) {
		return coder.Code()
	}
	return 0
}

// numbered rewrites ? into $1, $2, … for databases that number parameters.
// A ? inside a quoted string literal is left alone.
func numbered(q string) string {
	var b strings.Builder
	n, inString := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inString = !inString
		case c == '?' && !inString:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
