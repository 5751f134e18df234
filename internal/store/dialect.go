package store

import (
	"errors"
	"strconv"
	"strings"
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

// SQLite extended result codes (https://sqlite.org/rescode.html).
const (
	sqliteConstraintPrimaryKey = 1555
	sqliteConstraintUnique     = 2067
	sqliteConstraintForeignKey = 787
	sqliteReadOnly             = 8
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
