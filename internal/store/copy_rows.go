package store

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// Rows as the copy sees them: every value normalised to its column's kind,
// so that a row read from SQLite and the same row read from PostgreSQL are
// equal Go values, with equal encodings and equal checksums.

// normalize turns a value as a driver returned it into the Go value of its
// column's kind: int64, float64, string, []byte or bool, or nil for NULL.
// A value that does not fit its column (SQLite stores what it is given)
// is an error, not a guess.
func normalize(c copyColumn, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch c.kind {
	case kindInt:
		switch x := v.(type) {
		case int64:
			return x, nil
		case bool: // a 0/1 flag read as a boolean
			return int64(flag(x)), nil
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
				return int64(x), nil
			}
		}
	case kindFloat:
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64: // SQLite keeps an integral REAL it was given as an integer in some cases
			return float64(x), nil
		}
	case kindText:
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			if utf8.Valid(x) {
				return string(x), nil
			}
		}
	case kindBytes:
		switch x := v.(type) {
		case []byte:
			return bytes.Clone(x), nil
		case string:
			return []byte(x), nil
		}
	case kindBool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			if x == 0 || x == 1 {
				return x == 1, nil
			}
		}
	}
	return nil, fmt.Errorf("column %s holds %v (%T), which does not fit its type", c.name, shorten(v), v)
}

func shorten(v any) any {
	if s, ok := v.(string); ok && len(s) > 40 {
		return s[:40] + "…"
	}
	return v
}

// appendValue appends the canonical encoding of a normalised value: a tag
// for its kind, then the value, lengths first so that no two rows encode
// alike.
func appendValue(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, 'N')
	case int64:
		return binary.BigEndian.AppendUint64(append(b, 'I'), uint64(x))
	case float64:
		return binary.BigEndian.AppendUint64(append(b, 'F'), math.Float64bits(x))
	case string:
		return append(binary.AppendUvarint(append(b, 'S'), uint64(len(x))), x...)
	case []byte:
		return append(binary.AppendUvarint(append(b, 'B'), uint64(len(x))), x...)
	case bool:
		return append(b, 'T', byte(flag(x)))
	}
	panic(fmt.Sprintf("store: no encoding for %T", v)) // normalize returns none other
}

func appendRow(b []byte, vals []any) []byte {
	for _, v := range vals {
		b = appendValue(b, v)
	}
	return b
}

// compareValues orders two normalised values of one column as both
// databases' ORDER BY does (see copyTable.orderBy): NULL first, numbers by
// value, text and bytes byte by byte.
func compareValues(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	switch x := a.(type) {
	case int64:
		return cmp.Compare(x, b.(int64))
	case float64:
		return cmp.Compare(x, b.(float64))
	case string:
		return strings.Compare(x, b.(string))
	case []byte:
		return bytes.Compare(x, b.([]byte))
	case bool:
		return cmp.Compare(flag(x), flag(b.(bool)))
	}
	return 0
}

// compareRows orders two rows of t by its key, or by every column.
func (t *copyTable) compareRows(a, b []any) int {
	if len(t.key) == 0 {
		for i := range a {
			if c := compareValues(a[i], b[i]); c != 0 {
				return c
			}
		}
		return 0
	}
	for _, k := range t.key {
		if c := compareValues(a[k], b[k]); c != 0 {
			return c
		}
	}
	return 0
}

// describeKey names a row by its key, for messages.
func (t *copyTable) describeKey(vals []any) string {
	if len(t.key) == 0 {
		return "a row"
	}
	parts := make([]string, len(t.key))
	for i, k := range t.key {
		parts[i] = fmt.Sprintf("%s=%v", t.cols[k].name, shorten(vals[k]))
	}
	return "the row with " + strings.Join(parts, ", ")
}

// rowReader reads a table's rows in copy order, normalised.
type rowReader struct {
	t    *copyTable
	rows *sql.Rows
	raw  []any
	ptrs []any
	vals []any // the current row; overwritten by next
	err  error
}

func readRows(ctx context.Context, q querier, d dialect, t *copyTable) (*rowReader, error) {
	rows, err := q.QueryContext(ctx, t.selectAll(d))
	if err != nil {
		return nil, fmt.Errorf("store: read %s from the %s store: %w", t.name, d.name(), err)
	}
	r := &rowReader{t: t, rows: rows, raw: make([]any, len(t.cols)), ptrs: make([]any, len(t.cols)), vals: make([]any, len(t.cols))}
	for i := range r.raw {
		r.ptrs[i] = &r.raw[i]
	}
	return r, nil
}

// next moves to the next row; false at the end or on an error (see Err).
func (r *rowReader) next() bool {
	if r.err != nil || !r.rows.Next() {
		return false
	}
	if r.err = r.rows.Scan(r.ptrs...); r.err != nil {
		return false
	}
	for i, c := range r.t.cols {
		if r.vals[i], r.err = normalize(c, r.raw[i]); r.err != nil {
			r.err = fmt.Errorf("table %s: %w", r.t.name, r.err)
			return false
		}
	}
	return true
}

// Err returns the error that stopped next, if any, and closes the rows.
func (r *rowReader) Err() error {
	r.rows.Close()
	if r.err != nil {
		return r.err
	}
	return r.rows.Err()
}

// tableSums is one table read on both sides at once, in key order.
type tableSums struct {
	source, target       int64
	sourceSum, targetSum [sha256.Size]byte
	// stray describes the first row of the target that is not the same
	// row of the source: absent from it, or different; "" when none.
	stray string
}

// sumTable reads t from the source (src, SQLite) and the target (dst,
// PostgreSQL) side by side, counting, hashing and matching their rows.
func sumTable(ctx context.Context, src, dst querier, t *copyTable) (tableSums, error) {
	var sums tableSums
	s, err := readRows(ctx, src, sqliteDialect{}, t)
	if err != nil {
		return sums, err
	}
	d, err := readRows(ctx, dst, pgDialect{}, t)
	if err != nil {
		s.Err()
		return sums, err
	}
	sh, dh := sha256.New(), sha256.New()
	var sb, db []byte
	sOK, dOK := s.next(), d.next()
	for sOK || dOK {
		c := -1
		switch {
		case !sOK:
			c = 1
		case dOK:
			c = t.compareRows(s.vals, d.vals)
		}
		if c <= 0 {
			sb = appendRow(sb[:0], s.vals)
			sh.Write(sb)
			sums.source++
		}
		if c >= 0 {
			db = appendRow(db[:0], d.vals)
			dh.Write(db)
			sums.target++
		}
		if sums.stray == "" && c > 0 {
			sums.stray = t.describeKey(d.vals) + " is not in the source"
		} else if sums.stray == "" && c == 0 && !bytes.Equal(sb, db) {
			sums.stray = t.describeKey(d.vals) + " differs from the source's"
		}
		if c <= 0 {
			sOK = s.next()
		}
		if c >= 0 {
			dOK = d.next()
		}
	}
	if err := s.Err(); err != nil {
		d.Err()
		return sums, err
	}
	if err := d.Err(); err != nil {
		return sums, err
	}
	copy(sums.sourceSum[:], sh.Sum(nil))
	copy(sums.targetSum[:], dh.Sum(nil))
	return sums, nil
}
