package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// What the copy learns from the two schemas. Tables and columns are read
// from the databases' catalogs, never listed here, so that a table a later
// migration adds is copied, or stops the copy, without anyone having to
// remember this file.

// valueKind is how a column's values are compared, hashed and sent: by the
// target's type, so that SQLite's dynamic types (an INTEGER is int64, a
// REAL float64, whatever the declared type) meet PostgreSQL's on one footing.
type valueKind int

const (
	kindInt valueKind = iota
	kindFloat
	kindText
	kindBytes
	kindBool
)

// pgKinds maps the PostgreSQL types Byline's schema uses to a kind; a
// column of any other type stops the copy rather than be copied wrongly.
var pgKinds = map[string]valueKind{
	"bigint": kindInt, "integer": kindInt, "smallint": kindInt,
	"double precision": kindFloat, "real": kindFloat,
	"text": kindText, "character varying": kindText, "character": kindText,
	"bytea": kindBytes, "boolean": kindBool,
}

type copyColumn struct {
	name string
	kind valueKind
}

// copyTable is one table to copy: the target's stored columns (generated
// ones are computed again on insert), its primary key, and the tables its
// foreign keys point to.
type copyTable struct {
	name string
	cols []copyColumn
	key  []int // indexes into cols; none when the table has no primary key
	refs []string
	// seeded tables get a row when a store is created (site_version's
	// counter, search_meta's analyser version): the source's row replaces
	// the target's instead of conflicting with it.
	seeded bool
}

// seededTables are filled by migrations or by Open in a new store.
var seededTables = map[string]bool{"site_version": true, "search_meta": true}

// notCopied are the tables each store keeps for itself.
var notCopied = map[string]bool{"schema_migrations": true}

// freeSequences are the target's sequences that belong to no identity
// column, with the column whose numbers they draw. Another one stops the
// copy: it would not know how far to move it.
var freeSequences = map[string][2]string{"article_change_seq": {"articles", "change_seq"}}

// sqliteColumns returns the source's tables and their columns, shadow
// tables of full-text indexes left out (the index is copied through its
// virtual table, and PostgreSQL indexes what it is given).
func sqliteColumns(ctx context.Context, q querier) (map[string][]string, error) {
	names, err := queryAll(ctx, q, "list the source's tables", scanString,
		`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual')
		 AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]string, len(names))
	for _, t := range names {
		cols, err := queryAll(ctx, q, "list the columns of "+t, scanString, `SELECT name FROM pragma_table_info(?)`, t)
		if err != nil {
			return nil, err
		}
		out[t] = cols
	}
	return out, nil
}

func scanString(r rowScanner) (string, error) {
	var s string
	err := r.Scan(&s)
	return s, err
}

// pgTables reads the target's tables in the current schema: stored
// columns, primary keys and foreign keys.
func pgTables(ctx context.Context, q querier) (map[string]*copyTable, error) {
	tables := map[string]*copyTable{}
	type col struct {
		table, name, typ string
		generated        bool
	}
	cols, err := queryAll(ctx, q, "list the target's columns", func(r rowScanner) (col, error) {
		var c col
		err := r.Scan(&c.table, &c.name, &c.typ, &c.generated)
		return c, err
	}, `SELECT c.relname, a.attname, format_type(a.atttypid, NULL), a.attgenerated <> ''
		FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
		ORDER BY c.relname, a.attnum`)
	if err != nil {
		return nil, err
	}
	for _, c := range cols {
		t := tables[c.table]
		if t == nil {
			t = &copyTable{name: c.table, seeded: seededTables[c.table]}
			tables[c.table] = t
		}
		if c.generated {
			continue
		}
		kind, ok := pgKinds[c.typ]
		if !ok {
			return nil, fmt.Errorf("store: column %s.%s has type %s, which migrate-store does not know how to copy", c.table, c.name, c.typ)
		}
		t.cols = append(t.cols, copyColumn{name: c.name, kind: kind})
	}
	if err := pgKeys(ctx, q, tables); err != nil {
		return nil, err
	}
	return tables, pgRefs(ctx, q, tables)
}

func pgKeys(ctx context.Context, q querier, tables map[string]*copyTable) error {
	type keyCol struct{ table, col string }
	keys, err := queryAll(ctx, q, "list the target's primary keys", func(r rowScanner) (keyCol, error) {
		var k keyCol
		err := r.Scan(&k.table, &k.col)
		return k, err
	}, `SELECT c.relname, a.attname
		FROM pg_index i
		JOIN pg_class c ON c.oid = i.indrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k (attnum, pos)
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
		WHERE i.indisprimary AND n.nspname = current_schema()
		ORDER BY c.relname, k.pos`)
	if err != nil {
		return err
	}
	for _, k := range keys {
		t := tables[k.table]
		if t == nil {
			continue
		}
		i := slices.IndexFunc(t.cols, func(c copyColumn) bool { return c.name == k.col })
		if i < 0 {
			return fmt.Errorf("store: the primary key of %s has the generated column %s, which migrate-store cannot copy", k.table, k.col)
		}
		t.key = append(t.key, i)
	}
	return nil
}

func pgRefs(ctx context.Context, q querier, tables map[string]*copyTable) error {
	type ref struct{ from, to string }
	refs, err := queryAll(ctx, q, "list the target's foreign keys", func(r rowScanner) (ref, error) {
		var f ref
		err := r.Scan(&f.from, &f.to)
		return f, err
	}, `SELECT DISTINCT src.relname, dst.relname
		FROM pg_constraint c
		JOIN pg_class src ON src.oid = c.conrelid
		JOIN pg_class dst ON dst.oid = c.confrelid
		JOIN pg_namespace n ON n.oid = src.relnamespace
		WHERE c.contype = 'f' AND n.nspname = current_schema()
		ORDER BY 1, 2`)
	if err != nil {
		return err
	}
	for _, f := range refs {
		// A table that points to itself (a wire item to the one it
		// duplicates) is copied in key order, and its rows only ever
		// point back to rows stored before them.
		if t := tables[f.from]; t != nil && f.from != f.to {
			t.refs = append(t.refs, f.to)
		}
	}
	return nil
}

// copyPlan matches the source's tables with the target's and orders them
// so that every table comes after those its foreign keys point to. A table
// or column on one side only stops the copy: it would otherwise be left
// behind without a word.
func copyPlan(source map[string][]string, target map[string]*copyTable) ([]*copyTable, error) {
	var problems []string
	for name, cols := range source {
		if notCopied[name] {
			continue
		}
		t := target[name]
		if t == nil {
			problems = append(problems, fmt.Sprintf("table %s is not in the PostgreSQL schema, so migrate-store does not know how to copy it", name))
			continue
		}
		problems = append(problems, matchColumns(t, cols)...)
		if len(t.key) == 0 && t.seeded {
			problems = append(problems, fmt.Sprintf("table %s has no primary key to replace its row by", name))
		}
	}
	for name := range target {
		if _, ok := source[name]; !ok && !notCopied[name] {
			problems = append(problems, fmt.Sprintf("table %s is in the PostgreSQL schema but not in the source", name))
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return nil, fmt.Errorf("store: the two schemas differ: %s", strings.Join(problems, "; "))
	}
	return foreignKeyOrder(target)
}

// matchColumns checks that the source has every stored column of the
// target table and no other. SQLite's rowid, which every table without
// WITHOUT ROWID has, stands for itself (the search index's key).
func matchColumns(t *copyTable, source []string) []string {
	var problems []string
	for _, c := range t.cols {
		if !slices.Contains(source, c.name) && c.name != "rowid" {
			problems = append(problems, fmt.Sprintf("column %s.%s is not in the source", t.name, c.name))
		}
	}
	for _, name := range source {
		if !slices.ContainsFunc(t.cols, func(c copyColumn) bool { return c.name == name }) {
			problems = append(problems, fmt.Sprintf("column %s.%s has no place in the PostgreSQL schema", t.name, name))
		}
	}
	return problems
}

// foreignKeyOrder sorts the tables so that each follows the ones it
// refers to, by name among equals, so the order is always the same.
func foreignKeyOrder(tables map[string]*copyTable) ([]*copyTable, error) {
	var names []string
	for name := range tables {
		if !notCopied[name] {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	done := map[string]bool{}
	var out []*copyTable
	for len(out) < len(names) {
		progressed := false
		for _, name := range names {
			t := tables[name]
			if done[name] || slices.ContainsFunc(t.refs, func(r string) bool { return !done[r] && !notCopied[r] }) {
				continue
			}
			done[name] = true
			out = append(out, t)
			progressed = true
		}
		if !progressed {
			var left []string
			for _, name := range names {
				if !done[name] {
					left = append(left, name)
				}
			}
			return nil, fmt.Errorf("store: the foreign keys of %s form a cycle; migrate-store cannot order them", strings.Join(left, ", "))
		}
	}
	return out, nil
}

// pgSequence is a sequence of the target and the column it numbers.
type pgSequence struct{ name, table, column string }

// pgSequences lists the target's sequences: every identity column's, and
// the free-standing ones of freeSequences. An unknown free-standing
// sequence is an error.
func pgSequences(ctx context.Context, q querier) ([]pgSequence, error) {
	ids, err := queryAll(ctx, q, "list the target's identity columns", func(r rowScanner) (pgSequence, error) {
		var s pgSequence
		err := r.Scan(&s.name, &s.table, &s.column)
		return s, err
	}, `SELECT pg_get_serial_sequence(quote_ident(c.relname), a.attname), c.relname, a.attname
		FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND a.attidentity <> '' AND NOT a.attisdropped
		ORDER BY 2, 3`)
	if err != nil {
		return nil, err
	}
	free, err := queryAll(ctx, q, "list the target's sequences", scanString,
		`SELECT s.relname FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
		WHERE s.relkind = 'S' AND n.nspname = current_schema()
		  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = s.oid AND d.deptype IN ('a', 'i'))
		ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	for _, name := range free {
		col, ok := freeSequences[name]
		if !ok {
			return nil, fmt.Errorf("store: migrate-store does not know which column the sequence %s numbers, so it cannot move it past the copied rows", name)
		}
		ids = append(ids, pgSequence{name: quoteIdent(name), table: col[0], column: col[1]})
	}
	return ids, nil
}

// quoteIdent quotes an SQL identifier, for names read from a catalog.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// colList is the table's columns, quoted, separated by commas.
func (t *copyTable) colList() string {
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = quoteIdent(c.name)
	}
	return strings.Join(names, ", ")
}

// orderBy orders rows the same way on both databases: by the primary key,
// or by every column when there is none, comparing text byte by byte
// (PostgreSQL's "C" collation is SQLite's BINARY) and putting NULLs first
// (SQLite's way; PostgreSQL's is last).
func (t *copyTable) orderBy(d dialect) string {
	idx := t.key
	if len(idx) == 0 {
		idx = make([]int, len(t.cols))
		for i := range idx {
			idx[i] = i
		}
	}
	terms := make([]string, len(idx))
	for i, k := range idx {
		c := t.cols[k]
		term := quoteIdent(c.name)
		if c.kind == kindText {
			if d.name() == "postgres" {
				term += ` COLLATE "C"`
			} else {
				term += ` COLLATE BINARY`
			}
		}
		terms[i] = term + " NULLS FIRST"
	}
	return strings.Join(terms, ", ")
}

// selectAll reads the whole table in copy order.
func (t *copyTable) selectAll(d dialect) string {
	return "SELECT " + t.colList() + " FROM " + quoteIdent(t.name) + " ORDER BY " + t.orderBy(d)
}
