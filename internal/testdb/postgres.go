package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// PostgresEnv names the variable holding the URL of a PostgreSQL database
// that tests may fill (CI sets it to its local server's database test).
const PostgresEnv = "BYLINE_TEST_POSTGRES_URL"

// PostgresURL returns the test database's URL from BYLINE_TEST_POSTGRES_URL,
// or skips the test (fails it under BYLINE_TEST_STRICT=1) when it is unset.
func PostgresURL(t testing.TB) string {
	t.Helper()
	raw := os.Getenv(PostgresEnv)
	if raw == "" {
		Missing(t, "%s is not set (a PostgreSQL database tests may fill, e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)", PostgresEnv)
	}
	return raw
}

// PostgresSchema creates a new, empty schema in the test database and
// returns a URL whose connections use it (search_path), so that tests
// running in parallel never see each other's tables. The schema is dropped
// when the test ends, after the test's own cleanups (closing its store)
// have run. Skips or fails as PostgresURL does when there is no database.
func PostgresSchema(t testing.TB) string {
	t.Helper()
	raw := PostgresURL(t)
	schemaURL, drop, err := NewPostgresSchema(raw)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Error(err)
		}
	})
	return schemaURL
}

// NewPostgresSchema creates a new, empty schema in the database at raw and
// returns a URL whose connections use it, and the function that drops it:
// PostgresSchema for what outlives one test (a package's shared app).
func NewPostgresSchema(raw string) (string, func() error, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", nil, fmt.Errorf("%s is not a URL", PostgresEnv)
	}
	schema := fmt.Sprintf("t_%016x", rand.Uint64())
	if err := postgresExec(raw, `CREATE SCHEMA `+schema); err != nil {
		return "", nil, fmt.Errorf("create test schema: %w", err)
	}
	drop := func() error {
		if err := postgresExec(raw, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			return fmt.Errorf("drop test schema %s: %w", schema, err)
		}
		return nil
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}

// StoreEnv selects the store the tests that use a whole store (internal/app,
// site, api, auth, webhooks, relevance, editorial, wires, demo) run on: unset or "sqlite" for SQLite in each test's data directory,
// "postgres" for a fresh schema of BYLINE_TEST_POSTGRES_URL. CI runs them
// on both.
const StoreEnv = "BYLINE_TEST_STORE"

// OnPostgres reports whether app-level tests run on PostgreSQL.
func OnPostgres() bool { return os.Getenv(StoreEnv) == "postgres" }

// DBURL is the app.Config.DBURL an app-level test uses: "" (SQLite in
// its data directory), or a schema of its own on PostgreSQL.
func DBURL(t testing.TB) string {
	t.Helper()
	if !OnPostgres() {
		return ""
	}
	return PostgresSchema(t)
}

// SharedDBURL is DBURL for an app shared by a package's tests: it returns
// the function that drops the schema, for TestMain to call.
func SharedDBURL() (string, func() error, error) {
	if !OnPostgres() {
		return "", func() error { return nil }, nil
	}
	raw := os.Getenv(PostgresEnv)
	if raw == "" {
		return "", nil, fmt.Errorf("%s=postgres needs %s", StoreEnv, PostgresEnv)
	}
	return NewPostgresSchema(raw)
}

// postgresExec runs one statement on a connection of its own.
func postgresExec(rawURL, stmt string) error {
	db, err := sql.Open("pgx", rawURL)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = db.ExecContext(ctx, stmt)
	return err
}
