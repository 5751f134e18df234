package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/store/storetest"
	"github.com/bylinehq/byline/internal/testenv"
)

// openPostgres opens a store in a schema of its own in the test database
// (BYLINE_TEST_POSTGRES_URL), closed and dropped when the test ends.
func openPostgres(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), store.Config{URL: testenv.PostgresSchema(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestPostgresConformance runs the conformance suite on PostgreSQL when
// BYLINE_TEST_POSTGRES_URL names a database; it is skipped without one, and
// fails under BYLINE_TEST_STRICT=1.
func TestPostgresConformance(t *testing.T) {
	testenv.PostgresURL(t)
	storetest.Run(t, func(t *testing.T) news.Store { return openPostgres(t) })
}

// TestPostgresReadPoolIsReadOnly checks that the read pool cannot write,
// as SQLite's query_only one cannot.
func TestPostgresReadPoolIsReadOnly(t *testing.T) {
	t.Parallel()
	s := openPostgres(t)
	ctx := context.Background()
	if err := s.CreateEdition(ctx, news.DefaultEditions()[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := store.ReadPool(s).ExecContext(ctx, `DELETE FROM editions`); err == nil {
		t.Error("the read pool deleted the editions")
	}
	if eds, err := s.Editions(ctx); err != nil || len(eds) != 1 {
		t.Errorf("editions after a refused delete: %v, %v", eds, err)
	}
}

// TestPostgresSearchIndexRebuilt checks that a store reopened after the
// analyser changed rebuilds PostgreSQL's index, generated column included.
func TestPostgresSearchIndexRebuilt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := testenv.PostgresSchema(t)
	s := openPostgresURL(t, url)
	for _, e := range news.DefaultEditions() {
		if err := s.CreateEdition(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	sec := news.Section{Edition: "en", Slug: "world", Name: "World"}
	if err := s.CreateSection(ctx, &sec); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	for i, h := range []string{"Harbour pilots strike", "Harbours reopen after the strike", "Budget talks resume"} {
		a := &news.Article{Edition: "en", Section: sec, Slug: fmt.Sprintf("story-%d", i), Kind: news.News, Headline: h,
			Status: news.Published, PublishedAt: now.Add(-time.Duration(i) * time.Hour), CreatedAt: now.Add(-48 * time.Hour)}
		if err := s.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	q := news.SearchQuery{Edition: "en", Text: "harbour strike", Limit: 10, Now: now}
	before, err := s.Search(ctx, q)
	if err != nil || before.Total != 2 {
		t.Fatalf("before: %+v, %v; want 2 found", before, err)
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `DELETE FROM search_index; UPDATE search_meta SET value = value - 1`); err != nil {
		t.Fatal(err)
	}
	after, err := openPostgresURL(t, url).Search(ctx, q)
	if err != nil || after.Total != 2 || after.Hits[0].ID != before.Hits[0].ID || after.Hits[1].ID != before.Hits[1].ID {
		t.Errorf("after reopening: %+v, %v; want %+v", after, err, before)
	}
}

// TestPostgresNodesMigrateTogether opens stores on one new database all at
// once, as nodes started together do: each waits for the others'
// migrations and search index build instead of failing on them.
func TestPostgresNodesMigrateTogether(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := testenv.PostgresSchema(t)
	stores := make([]*store.Store, 4)
	errs := make([]error, len(stores))
	var wg sync.WaitGroup
	for i := range stores {
		wg.Go(func() { stores[i], errs[i] = store.Open(ctx, store.Config{URL: url}) })
	}
	wg.Wait()
	for i, s := range stores {
		if errs[i] != nil {
			t.Errorf("store %d: %v", i, errs[i])
			continue
		}
		t.Cleanup(func() { s.Close() })
	}
	all, err := store.Migrations("postgres")
	if err != nil || stores[0] == nil {
		t.Fatal(err)
	}
	if v, err := stores[0].SchemaVersion(ctx); err != nil || v != len(all) {
		t.Errorf("schema version %d (%v), want %d", v, err, len(all))
	}
}

// TestPostgresSchemaMatchesSQLite migrates a store of each kind and
// compares what the migrations built: tables, columns (type, nullability,
// default), primary keys, unique constraints, indexes (name, columns,
// order, uniqueness, partiality) and foreign keys. A migration added to one
// store only, or a column typed differently, fails here. The differences
// the search index needs are listed, and only they are allowed.
func TestPostgresSchemaMatchesSQLite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	lite, err := store.Open(ctx, store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	lite.Close()
	pgURL := testenv.PostgresSchema(t)
	openPostgresURL(t, pgURL)

	liteDB, err := sql.Open("sqlite", "file:"+filepath.Join(dir, store.FileName)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer liteDB.Close()
	pgDB, err := sql.Open("pgx", pgURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pgDB.Close()

	got := map[string]map[string]bool{"sqlite": sqliteSchema(t, liteDB), "postgres": postgresSchema(t, pgDB)}
	// The search index is where the stores differ: FTS5's implicit rowid is
	// a column on PostgreSQL, with its key, the generated tsvector has its
	// index, and FTS5's columns cannot be declared NOT NULL.
	allowed := map[string]string{
		"column search_index.rowid bigint not null":                      "postgres",
		"column search_index.document tsvector null":                     "postgres",
		"primary key search_index (rowid)":                               "postgres",
		"foreign key search_index.rowid → articles.id on delete cascade": "postgres",
		"index search_index_document on search_index (document)":         "postgres",
		"column search_index.headline text not null":                     "postgres",
		"column search_index.body text not null":                         "postgres",
		"column search_index.headline text null":                         "sqlite",
		"column search_index.body text null":                             "sqlite",
	}
	for fact, in := range allowed {
		if !got[in][fact] {
			t.Errorf("the %s schema lacks %q, an allowed difference: update the test", in, fact)
		}
		delete(got[in], fact)
	}
	for _, pair := range [][2]string{{"sqlite", "postgres"}, {"postgres", "sqlite"}} {
		var missing []string
		for fact := range got[pair[0]] {
			if !got[pair[1]][fact] {
				missing = append(missing, fact)
			}
		}
		slices.Sort(missing)
		for _, fact := range missing {
			t.Errorf("only %s has %s", pair[0], fact)
		}
	}
	if n := len(got["sqlite"]); n < 100 {
		t.Errorf("read only %d facts of the SQLite schema: %v", n, got["sqlite"])
	}
}

// openPostgresURL opens a store at url, closed when the test ends.
func openPostgresURL(t testing.TB, url string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), store.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// schemaSkipped are tables not compared: schema_migrations is created by
// one statement for both stores (migrate.go), and FTS5 keeps its index in
// shadow tables of its own.
var schemaSkipped = map[string]bool{"schema_migrations": true, "search_index_data": true, "search_index_idx": true,
	"search_index_content": true, "search_index_docsize": true, "search_index_config": true}

// sqliteTypes names SQLite's declared types as PostgreSQL's.
var sqliteTypes = map[string]string{"INTEGER": "bigint", "BIGINT": "bigint", "TEXT": "text", "REAL": "double precision"}

func sqliteSchema(t *testing.T, db *sql.DB) map[string]bool {
	facts := map[string]bool{}
	tables := queryStrings(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	for _, table := range tables {
		if schemaSkipped[table] {
			continue
		}
		facts["table "+table] = true
		var pk []string
		rows := queryRows(t, db, `SELECT name, type, "notnull", COALESCE(dflt_value, ''), pk FROM pragma_table_info(?) ORDER BY pk, cid`, table)
		for _, r := range rows {
			name, typ, notNull, def, key := r[0], r[1], r[2] == "1", r[3], r[4] != "0"
			if typ == "" { // FTS5's columns are untyped text
				typ = "TEXT"
			}
			pgType, ok := sqliteTypes[strings.ToUpper(typ)]
			if !ok {
				t.Errorf("column %s.%s has type %q, which the test does not map to PostgreSQL's", table, name, typ)
			}
			facts[columnFact(table, name, pgType, notNull || key, def)] = true
			if key {
				pk = append(pk, name)
			}
		}
		if len(pk) > 0 {
			facts["primary key "+table+" ("+strings.Join(pk, ", ")+")"] = true
		}
		for _, ix := range queryRows(t, db, `SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, table) {
			name, unique, origin, partial := ix[0], ix[1] == "1", ix[2], ix[3] == "1"
			var cols []string
			for _, c := range queryRows(t, db, `SELECT COALESCE(name, '?'), "desc" FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno`, name) {
				cols = append(cols, c[0]+map[string]string{"1": " desc"}[c[1]])
			}
			switch origin {
			case "pk": // the primary key, read above
			case "u":
				facts["unique "+table+" ("+strings.Join(cols, ", ")+")"] = true
			default:
				facts[indexFact(name, table, cols, unique, partial)] = true
			}
		}
		for _, fk := range queryRows(t, db, `SELECT "from", "table", "to", on_delete FROM pragma_foreign_key_list(?)`, table) {
			facts[foreignKeyFact(table, fk[0], fk[1], fk[2], fk[3])] = true
		}
	}
	return facts
}

func postgresSchema(t *testing.T, db *sql.DB) map[string]bool {
	facts := map[string]bool{}
	for _, table := range queryStrings(t, db, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`) {
		if !schemaSkipped[table] {
			facts["table "+table] = true
		}
	}
	for _, r := range queryRows(t, db, `SELECT table_name, column_name, data_type, is_nullable, COALESCE(column_default, '')
		FROM information_schema.columns WHERE table_schema = current_schema()`) {
		if schemaSkipped[r[0]] {
			continue
		}
		def, _, _ := strings.Cut(r[4], "::") // '' rather than ''::text
		facts[columnFact(r[0], r[1], r[2], r[3] == "NO", def)] = true
	}
	for _, r := range queryRows(t, db, `SELECT i.relname, t.relname, ix.indisunique, ix.indpred IS NOT NULL, COALESCE(c.contype::text, ''),
			array_to_string(ARRAY(SELECT a.attname || CASE WHEN ix.indoption[k.n - 1] & 1 = 1 THEN ' desc' ELSE '' END
				FROM unnest(ix.indkey) WITH ORDINALITY AS k (attnum, n)
				JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n), ', ')
		FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
		JOIN pg_namespace ns ON ns.oid = t.relnamespace
		LEFT JOIN pg_constraint c ON c.conindid = ix.indexrelid AND c.contype IN ('p', 'u')
		WHERE ns.nspname = current_schema()`) {
		name, table, unique, partial, constraint, cols := r[0], r[1], r[2] == "true", r[3] == "true", r[4], r[5]
		switch {
		case schemaSkipped[table]:
		case constraint == "p":
			facts["primary key "+table+" ("+cols+")"] = true
		case constraint == "u":
			facts["unique "+table+" ("+cols+")"] = true
		default:
			facts[indexFact(name, table, strings.Split(cols, ", "), unique, partial)] = true
		}
	}
	actions := map[string]string{"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
	for _, r := range queryRows(t, db, `SELECT cl.relname, a.attname, fcl.relname, fa.attname, c.confdeltype::text, cardinality(c.conkey)
		FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_namespace ns ON ns.oid = cl.relnamespace
		JOIN pg_class fcl ON fcl.oid = c.confrelid
		JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
		JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
		WHERE c.contype = 'f' AND ns.nspname = current_schema()`) {
		if r[5] != "1" {
			t.Errorf("foreign key of %s on %s columns: the test compares one-column keys only", r[0], r[5])
		}
		facts[foreignKeyFact(r[0], r[1], r[2], r[3], actions[r[4]])] = true
	}
	return facts
}

func columnFact(table, column, typ string, notNull bool, def string) string {
	s := "column " + table + "." + column + " " + typ
	if notNull {
		s += " not null"
	} else {
		s += " null"
	}
	if def != "" {
		s += " default " + def
	}
	return s
}

func indexFact(name, table string, cols []string, unique, partial bool) string {
	s := "index " + name + " on " + table + " (" + strings.Join(cols, ", ") + ")"
	if unique {
		s += " unique"
	}
	if partial {
		s += " partial"
	}
	return s
}

func foreignKeyFact(table, column, refTable, refColumn, onDelete string) string {
	return "foreign key " + table + "." + column + " → " + refTable + "." + refColumn + " on delete " + strings.ToLower(onDelete)
}

func queryStrings(t *testing.T, db *sql.DB, query string, args ...any) []string {
	var out []string
	for _, r := range queryRows(t, db, query, args...) {
		out = append(out, r[0])
	}
	return out
}

// queryRows returns every row of a query, each value as text.
func queryRows(t *testing.T, db *sql.DB, query string, args ...any) [][]string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		dest := make([]any, len(cols))
		for i := range vals {
			dest[i] = &vals[i]
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPostgresWatch: a process watching the store hears another's commit
// at once, and after its listening connection is cut it reconnects and
// calls for a full catch-up, then hears commits again.
func TestPostgresWatch(t *testing.T) {
	t.Parallel()
	url := testenv.PostgresSchema(t)
	writer, err := store.Open(context.Background(), store.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	watcher, err := store.Open(context.Background(), store.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer watcher.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	heard := make(chan time.Time, 100)
	done := make(chan struct{})
	go func() {
		watcher.Watch(ctx, func() { heard <- time.Now() }, slog.New(slog.DiscardHandler))
		close(done)
	}()
	wait := func(what string) time.Time {
		t.Helper()
		select {
		case at := <-heard:
			return at
		case <-time.After(10 * time.Second):
			t.Fatalf("nothing heard %s", what)
		}
		return time.Time{}
	}
	wait("on connecting")
	eds := news.DefaultEditions()
	start := time.Now()
	if err := writer.CreateEdition(context.Background(), eds[0]); err != nil {
		t.Fatal(err)
	}
	t.Logf("a commit was heard after %v", wait("after a commit").Sub(start).Round(time.Microsecond))

	// Cut the watcher's connection, as a database restart would.
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var cut int
	if err := db.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = 'byline-watch' AND query LIKE '%' || current_schema() || '%'`).Scan(&cut); err != nil || cut != 1 {
		t.Fatalf("terminated %d watch connections (%v), want 1", cut, err)
	}
	wait("on reconnecting")
	start = time.Now()
	if err := writer.CreateEdition(context.Background(), eds[1]); err != nil {
		t.Fatal(err)
	}
	t.Logf("after reconnecting, a commit was heard after %v", wait("after reconnecting").Sub(start).Round(time.Microsecond))
	// A rolled-back change is not announced.
	if err := writer.CreateEdition(context.Background(), eds[1]); news.ErrorCode(err) != news.CodeConflict {
		t.Fatalf("a duplicate edition: %v", err)
	}
	select {
	case <-heard:
		t.Error("a refused change was announced")
	case <-time.After(300 * time.Millisecond):
	}
	cancel()
	<-done
}
