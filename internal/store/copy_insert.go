package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// pgMaxParams is the most parameters one PostgreSQL statement takes.
const pgMaxParams = 65535

// copyTable copies the rows of t the target lacks, in key order, one
// batch per transaction, and returns how many it inserted. Rows the target
// has (checkTarget found them the same as the source's) are passed over
// here, by reading the target's keys alongside, rather than sent to be
// skipped by ON CONFLICT: PostgreSQL would compute a skipped row's
// generated columns all the same, which made a run with nothing left to
// copy take half as long as the first (the search index's tsvector). A
// table without a primary key has no keys to go by: it is copied in one
// transaction, and only into an empty table.
func (c *copier) copyTable(ctx context.Context, t *copyTable) (int64, error) {
	per := max(1, min(c.opt.BatchSize, pgMaxParams/len(t.cols)))
	if len(t.key) == 0 {
		return c.copyWhole(ctx, t, per)
	}
	have, err := c.targetKeys(ctx, t)
	if err != nil {
		return 0, err
	}
	r, err := readRows(ctx, c.src, sqliteDialect{}, t)
	if err != nil {
		have.Err()
		return 0, err
	}
	var total int64
	args := make([]any, 0, per*len(t.cols))
	first := ""
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		n, err := c.insertBatch(ctx, t, args)
		if err != nil {
			return fmt.Errorf("store: copy %s, from %s on: %w", t.name, first, err)
		}
		total += n
		args = args[:0]
		if c.opt.Progress != nil {
			c.opt.Progress(t.name, n)
		}
		return nil
	}
	for r.next() {
		if have.has(r.vals) {
			continue
		}
		if len(args) == 0 {
			first = t.describeKey(r.vals)
		}
		args = append(args, r.vals...)
		if len(args) == per*len(t.cols) {
			if err := flush(); err != nil {
				r.Err()
				have.Err()
				return total, err
			}
		}
	}
	err = errors.Join(r.Err(), have.Err())
	if err != nil {
		return total, err
	}
	return total, flush()
}

// keySet reads the keys a table of the target has, in key order, for
// copyTable to pass over the rows they name.
type keySet struct {
	t    *copyTable
	keys *rowReader // nil: none to pass over
	more bool
}

// targetKeys reads the target's keys of t, as they were before the copy
// of t began. A seeded table's row is sent whatever the target has, to
// replace the target's.
func (c *copier) targetKeys(ctx context.Context, t *copyTable) (*keySet, error) {
	ks := &keySet{t: t}
	if t.seeded {
		return ks, nil
	}
	keys := &copyTable{name: t.name}
	for i, k := range t.key {
		keys.cols = append(keys.cols, t.cols[k])
		keys.key = append(keys.key, i)
	}
	r, err := readRows(ctx, c.dst.read, pgDialect{}, keys)
	if err != nil {
		return nil, err
	}
	ks.keys, ks.more = r, r.next()
	return ks, nil
}

// has reports whether the target has the row of t with row's key. Rows
// must be asked about in key order.
func (ks *keySet) has(row []any) bool {
	for ks.more {
		c := 0
		for i, k := range ks.t.key {
			if c = compareValues(row[k], ks.keys.vals[i]); c != 0 {
				break
			}
		}
		if c < 0 {
			return false
		}
		if c == 0 {
			return true
		}
		ks.more = ks.keys.next()
	}
	return false
}

// Err returns what stopped the reading of keys, if anything.
func (ks *keySet) Err() error {
	if ks.keys == nil {
		return nil
	}
	return ks.keys.Err()
}

// insertBatch inserts rows (their values one after the other) in a
// transaction of their own.
func (c *copier) insertBatch(ctx context.Context, t *copyTable, args []any) (int64, error) {
	tx, err := c.dst.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	n, err := insertRows(ctx, tx, t, args)
	if err != nil {
		return 0, err
	}
	return n, tx.Commit()
}

func insertRows(ctx context.Context, tx *sql.Tx, t *copyTable, args []any) (int64, error) {
	res, err := tx.ExecContext(ctx, t.insertSQL(len(args)/len(t.cols)), args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// copyWhole copies a table without a primary key in one transaction,
// unless the target's table has rows: checkTarget found them the same as
// the source's.
func (c *copier) copyWhole(ctx context.Context, t *copyTable, per int) (int64, error) {
	var has bool
	if err := c.dst.write.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+quoteIdent(t.name)+`)`).Scan(&has); err != nil || has {
		return 0, err
	}
	r, err := readRows(ctx, c.src, sqliteDialect{}, t)
	if err != nil {
		return 0, err
	}
	tx, err := c.dst.write.BeginTx(ctx, nil)
	if err != nil {
		r.Err()
		return 0, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	var total int64
	args := make([]any, 0, per*len(t.cols))
	for more := true; more; {
		more = r.next()
		if more {
			args = append(args, r.vals...)
		}
		if len(args) == per*len(t.cols) || !more && len(args) > 0 {
			n, err := insertRows(ctx, tx, t, args)
			if err != nil {
				r.Err()
				return 0, fmt.Errorf("store: copy %s: %w", t.name, err)
			}
			total += n
			args = args[:0]
		}
	}
	if err := r.Err(); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: copy %s: %w", t.name, err)
	}
	if c.opt.Progress != nil {
		c.opt.Progress(t.name, total)
	}
	return total, nil
}

// insertSQL inserts rows rows into t, skipping those whose key (or any
// unique column) the target has; a seeded table's row replaces the one a
// new store was given, and counts only if it changed it.
func (t *copyTable) insertSQL(rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + quoteIdent(t.name) + " (" + t.colList() + ") VALUES ")
	n := 0
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := range t.cols {
			if j > 0 {
				b.WriteString(", ")
			}
			n++
			b.WriteString("$" + strconv.Itoa(n))
		}
		b.WriteByte(')')
	}
	b.WriteString(t.onConflict())
	return b.String()
}

func (t *copyTable) onConflict() string {
	if !t.seeded {
		return " ON CONFLICT DO NOTHING"
	}
	var keys, set, old, new []string
	for i, c := range t.cols {
		name := quoteIdent(c.name)
		if slices.Contains(t.key, i) {
			keys = append(keys, name)
			continue
		}
		set = append(set, name+" = EXCLUDED."+name)
		old = append(old, quoteIdent(t.name)+"."+name)
		new = append(new, "EXCLUDED."+name)
	}
	if len(set) == 0 {
		return " ON CONFLICT DO NOTHING"
	}
	return " ON CONFLICT (" + strings.Join(keys, ", ") + ") DO UPDATE SET " + strings.Join(set, ", ") +
		" WHERE (" + strings.Join(old, ", ") + ") IS DISTINCT FROM (" + strings.Join(new, ", ") + ")"
}
