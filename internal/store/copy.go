package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// CopyOptions tune CopyToPostgres.
type CopyOptions struct {
	// BatchSize is the number of rows each transaction on the target
	// inserts: 1000 when zero (fewer for a table so wide that they would
	// pass PostgreSQL's 65,535 parameters).
	BatchSize int
	// Progress, when set, is called after every batch committed to the
	// target, with its table and the rows it inserted.
	Progress func(table string, inserted int64)
}

// TableCopy is what CopyToPostgres did to one table and what it found
// when it compared the two afterwards.
type TableCopy struct {
	Table string
	// Copied counts the rows this run inserted (or, in a table a new
	// store is given a row of, replaced); a run that resumes an
	// interrupted one copies only what the earlier one had not.
	Copied int64
	// Source and Target count the table's rows on each side after the
	// copy; SourceSum and TargetSum are SHA-256 sums of the rows, in key
	// order, in one encoding for both databases.
	Source, Target       int64
	SourceSum, TargetSum string
}

// OK reports whether the two sides hold the same rows.
func (t TableCopy) OK() bool { return t.Source == t.Target && t.SourceSum == t.TargetSum }

// CopyReport is the outcome of CopyToPostgres, table by table in the order
// they were copied.
type CopyReport struct {
	Tables []TableCopy
	// Sequences counts the identity columns and sequences moved past the
	// numbers copied.
	Sequences int
	// Copying is the time inserting the rows and moving the sequences
	// took, Comparing the time comparing the tables took, and Took the
	// whole run's, from reading the schemas to analysing the tables.
	Copying, Comparing, Took time.Duration
}

// ErrSourceChanged is returned, with a complete report, when the source was
// written while it was being copied: the target holds the source as it was
// when the copy began.
var ErrSourceChanged = errors.New("store: the source was written while it was being copied (is Byline still running on it?): stop Byline and run the copy again; it adds what is new, or says the target must be emptied first")

// CopyToPostgres copies every table of src, a SQLite store opened with
// OpenReadOnly, into dst, a PostgreSQL store (opened with Open, so
// migrated), ids included, and then compares them.
//
// The copy reads one snapshot of the source. It writes in batches, each in
// a transaction of its own, that skip rows the target already has, so an
// interrupted copy is resumed by running it again, and nothing is copied
// twice. Before writing anything it checks that every row the target
// already holds is the same row of the source: a target that is neither
// empty nor an earlier copy of this source is refused. Afterwards every
// identity and sequence of the target is moved past the copied numbers,
// and every table is counted and summed on both sides; a difference is an
// error naming the tables. The report is returned with any error that
// comes after the copy began.
//
// Media files are not in the database and are not copied.
func CopyToPostgres(ctx context.Context, src, dst *Store, opt CopyOptions) (CopyReport, error) {
	start := time.Now()
	if src.d.name() != "sqlite" || dst.d.name() != "postgres" {
		return CopyReport{}, fmt.Errorf("store: copies go from a SQLite store to a PostgreSQL one, not from %s to %s", src.d.name(), dst.d.name())
	}
	watch, err := src.read.Conn(ctx)
	if err != nil {
		return CopyReport{}, fmt.Errorf("store: connect to the source: %w", err)
	}
	defer watch.Close()
	before, err := dataVersion(ctx, watch)
	if err != nil {
		return CopyReport{}, err
	}
	snap, err := src.read.BeginTx(ctx, src.d.readTx())
	if err != nil {
		return CopyReport{}, fmt.Errorf("store: begin reading the source: %w", err)
	}
	defer snap.Rollback() //nolint:errcheck // read-only
	c := &copier{src: snap, dst: dst, opt: opt}
	if c.opt.BatchSize <= 0 {
		c.opt.BatchSize = 1000
	}
	if err := c.plan(ctx); err != nil {
		return CopyReport{}, err
	}
	if err := c.checkTarget(ctx); err != nil {
		return CopyReport{}, err
	}
	report, err := c.run(ctx)
	report.Took = time.Since(start)
	if err != nil {
		return report, err
	}
	after, err := dataVersion(ctx, watch)
	if err != nil {
		return report, err
	}
	if after != before {
		return report, ErrSourceChanged
	}
	return report, nil
}

// dataVersion changes whenever another connection commits to the database.
func dataVersion(ctx context.Context, conn *sql.Conn) (int64, error) {
	var v int64
	if err := conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: read the source's data version: %w", err)
	}
	return v, nil
}

// copier is one run of CopyToPostgres.
type copier struct {
	src    *sql.Tx // the source's snapshot
	dst    *Store
	opt    CopyOptions
	tables []*copyTable
	seqs   []pgSequence
}

// plan learns both schemas and what to copy, in what order, before
// anything is written.
func (c *copier) plan(ctx context.Context) error {
	want, err := Migrations("sqlite")
	if err != nil {
		return err
	}
	var v sql.NullInt64
	if err := c.src.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return fmt.Errorf("store: the source has no schema version (is it a Byline store?): %w", err)
	}
	if int(v.Int64) != len(want) {
		return fmt.Errorf("store: the source is at schema version %d and this Byline's is %d: run byline migrate on it first (with Byline stopped), or use the Byline that wrote it", v.Int64, len(want))
	}
	source, err := sqliteColumns(ctx, c.src)
	if err != nil {
		return err
	}
	target, err := pgTables(ctx, c.dst.read)
	if err != nil {
		return err
	}
	if c.tables, err = copyPlan(source, target); err != nil {
		return err
	}
	c.seqs, err = pgSequences(ctx, c.dst.read)
	return err
}

// checkTarget refuses a target holding a row that is not the same row of
// the source: it is not empty, nor a partial copy of this source.
func (c *copier) checkTarget(ctx context.Context) error {
	for _, t := range c.tables {
		if t.seeded {
			continue
		}
		var has bool
		if err := c.dst.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+quoteIdent(t.name)+`)`).Scan(&has); err != nil {
			return fmt.Errorf("store: look into the target's %s: %w", t.name, err)
		}
		if !has {
			continue
		}
		sums, err := c.sum(ctx, t)
		if err != nil {
			return err
		}
		if sums.stray == "" && len(t.key) == 0 && sums.source != sums.target {
			sums.stray = "its rows are not the source's"
		}
		if sums.stray != "" {
			return fmt.Errorf("store: the target already holds other data: in table %s, %s. migrate-store copies into an empty PostgreSQL database (or schema), or into one an interrupted run filled from this same source; if the source changed since that run, or the target is another store, start again with an empty one", t.name, sums.stray)
		}
	}
	return nil
}

// sum compares t on both sides, the target's side in a snapshot of its own.
func (c *copier) sum(ctx context.Context, t *copyTable) (tableSums, error) {
	tx, err := c.dst.read.BeginTx(ctx, c.dst.d.readTx())
	if err != nil {
		return tableSums{}, fmt.Errorf("store: begin reading the target: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	return sumTable(ctx, c.src, tx, t)
}

// run copies, moves the sequences on and verifies.
func (c *copier) run(ctx context.Context) (CopyReport, error) {
	var report CopyReport
	start := time.Now()
	copied := make(map[string]int64, len(c.tables))
	for _, t := range c.tables {
		n, err := c.copyTable(ctx, t)
		copied[t.name] = n
		if err != nil {
			return report, err
		}
	}
	if err := c.resetSequences(ctx); err != nil {
		return report, err
	}
	report.Sequences = len(c.seqs)
	report.Copying = time.Since(start)
	start = time.Now()
	var bad []string
	for _, t := range c.tables {
		sums, err := c.sum(ctx, t)
		if err != nil {
			return report, err
		}
		tc := TableCopy{Table: t.name, Copied: copied[t.name], Source: sums.source, Target: sums.target,
			SourceSum: hex.EncodeToString(sums.sourceSum[:]), TargetSum: hex.EncodeToString(sums.targetSum[:])}
		report.Tables = append(report.Tables, tc)
		if !tc.OK() {
			bad = append(bad, fmt.Sprintf("%s (%d rows in the source, %d in the target%s)", t.name, tc.Source, tc.Target, strayNote(sums.stray)))
		}
	}
	report.Comparing = time.Since(start)
	if len(bad) > 0 {
		return report, fmt.Errorf("store: the copy does not match the source: %s", strings.Join(bad, "; "))
	}
	return report, c.analyze(ctx)
}

func strayNote(stray string) string {
	if stray == "" {
		return ", different checksums"
	}
	return "; " + stray
}

// resetSequences moves every identity and sequence of the target past the
// largest number copied, so that the rows Byline adds next get new ids and
// change numbers. It never moves one back.
func (c *copier) resetSequences(ctx context.Context) error {
	for _, s := range c.seqs {
		q := fmt.Sprintf(`SELECT setval($1::regclass, GREATEST(
				(SELECT COALESCE(MAX(%s), 0) + 1 FROM %s),
				(SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM %s)), false)`,
			quoteIdent(s.column), quoteIdent(s.table), s.name)
		if _, err := c.dst.write.ExecContext(ctx, q, s.name); err != nil {
			return fmt.Errorf("store: move the sequence of %s.%s on: %w", s.table, s.column, err)
		}
	}
	return nil
}

// analyze gathers the planner's statistics on the copied tables, which
// autovacuum would do only after a while: until then PostgreSQL plans the
// first pages' queries as for empty tables.
func (c *copier) analyze(ctx context.Context) error {
	for _, t := range c.tables {
		if _, err := c.dst.write.ExecContext(ctx, `ANALYZE `+quoteIdent(t.name)); err != nil {
			return fmt.Errorf("store: analyze %s: %w", t.name, err)
		}
	}
	return nil
}
