// Package testdb gives tests their database: SQLite in a test's own
// directory, or a schema of its own in the PostgreSQL test database. It
// imports no Byline package, so every package's tests may use it (testenv,
// which starts whole apps, cannot be imported by the packages an app is
// made of).
package testdb

import (
	"os"
	"testing"
)

// Strict reports whether missing test dependencies are failures.
func Strict() bool { return os.Getenv("BYLINE_TEST_STRICT") == "1" }

// Missing skips the test, or fails it under BYLINE_TEST_STRICT=1.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if Strict() {
		t.Fatalf("BYLINE_TEST_STRICT=1 and a test dependency is missing: "+format, args...)
	}
	t.Skipf("skipping: "+format+" (set BYLINE_TEST_STRICT=1 to make this a failure)", args...)
}
