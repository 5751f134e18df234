package testenv

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
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("%s is not a URL", PostgresEnv)
	}
	schema := fmt.Sprintf("t_%016x", rand.Uint64())
	if err := postgresExec(raw, `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		if err := postgresExec(raw, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("drop test schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
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
