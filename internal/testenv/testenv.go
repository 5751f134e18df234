// Package testenv gives tests the real dependencies they need (a demo
// store, Chromium) and decides what happens when one is missing: skip
// normally, fail when BYLINE_TEST_STRICT=1 (as CI sets it), so a test can
// never pass by not running.
package testenv

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/testdb"
)

// Strict reports whether missing test dependencies are failures.
func Strict() bool { return testdb.Strict() }

// Missing skips the test, or fails it under BYLINE_TEST_STRICT=1.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	testdb.Missing(t, format, args...)
}

// The test database, from testdb (see there).
const (
	PostgresEnv = testdb.PostgresEnv
	StoreEnv    = testdb.StoreEnv
)

func PostgresURL(t testing.TB) string    { t.Helper(); return testdb.PostgresURL(t) }
func PostgresSchema(t testing.TB) string { t.Helper(); return testdb.PostgresSchema(t) }
func OnPostgres() bool                   { return testdb.OnPostgres() }
func DBURL(t testing.TB) string          { t.Helper(); return testdb.DBURL(t) }
func SharedDBURL() (string, func() error, error) {
	return testdb.SharedDBURL()
}
func NewPostgresSchema(raw string) (string, func() error, error) {
	return testdb.NewPostgresSchema(raw)
}

// Chromium returns the path of Debian's Chromium, or skips (fails when
// strict). BYLINE_CHROMIUM overrides the path.
func Chromium(t testing.TB) string {
	t.Helper()
	for _, p := range []string{os.Getenv("BYLINE_CHROMIUM"), "/usr/bin/chromium", "chromium"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	Missing(t, "Chromium is not installed (apt-get install chromium)")
	return ""
}

// Now is the fixed instant demo tests run at: a Saturday noon in UTC, so
// every kind of time label appears in every edition's zone.
var Now = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// Clock is a settable clock for tests that cross midnight.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Set moves the clock.
func (c *Clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// DemoApp starts an app over a fresh demo store in a temporary directory,
// with its clock at clock.Now. The store is closed when the test ends.
func DemoApp(t testing.TB, clock *Clock) *app.App {
	t.Helper()
	a, err := app.New(context.Background(), app.Config{
		DataDir: t.TempDir(), DBURL: DBURL(t), Demo: true, Now: clock.Now, BaseURL: "https://news.example.org", Out: io.Discard,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}
