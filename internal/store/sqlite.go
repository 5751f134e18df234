package store

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// openSQLite opens the two pools over one database file. WAL lets readers
// run while the single writer commits; busy_timeout makes a second process
// (byline migrate while a server runs) wait instead of failing.
func openSQLite(path string) (*Store, error) {
	pragmas := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "foreign_keys(ON)", "synchronous(FULL)", "journal_mode(WAL)"} {
		pragmas.Add("_pragma", p)
	}
	writeDSN := "file:" + path + "?" + pragmas.Encode() + "&_txlock=immediate"
	write, err := sql.Open("sqlite", writeDSN)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	// Create the file and switch it to WAL before readers connect.
	if err := write.Ping(); err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// A WAL left behind by a crash or a disk that failed is recovered by
	// the first connection; folding it into the database before readers
	// connect gives them a clean start. (Readers that connected to a
	// recovered WAL were seen to report the full-text index out of step
	// after the disk had turned read-only and was repaired.)
	if _, err := write.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open %s: checkpoint: %w", path, err)
	}

	readPragmas := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "foreign_keys(ON)", "query_only(1)"} {
		readPragmas.Add("_pragma", p)
	}
	read, err := sql.Open("sqlite", "file:"+path+"?"+readPragmas.Encode())
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	n := max(4, runtime.NumCPU()*2)
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	return &Store{read: read, write: write, d: sqliteDialect{}}, nil
}

// OpenReadOnly opens the SQLite store cfg names to read it only, as it is:
// nothing is migrated or created, and its connections cannot write
// (mode=ro). migrate-store copies from it. An absent file is an error.
func OpenReadOnly(cfg Config) (*Store, error) {
	path, err := sqlitePath(cfg)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("store: no SQLite store at %s: %w", path, err)
	}
	pragmas := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "query_only(1)"} {
		pragmas.Add("_pragma", p)
	}
	dsn := "file:" + path + "?mode=ro&" + pragmas.Encode()
	read, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := read.Ping(); err != nil {
		read.Close()
		if sqliteCode(err) == sqliteReadOnlyDirectory {
			// Readers of a WAL database share its -shm file, which the
			// first one creates: a directory the user may not write fails
			// even a read-only open.
			return nil, fmt.Errorf("store: open %s read-only: SQLite must create %s-shm beside it, and this user may not write in its directory; run as a user who may (the database itself is not written)", path, filepath.Base(path))
		}
		return nil, fmt.Errorf("store: open %s read-only: %w", path, err)
	}
	// The write pool is the read pool's twin: nothing writes through it.
	write, err := sql.Open("sqlite", dsn)
	if err != nil {
		read.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return &Store{read: read, write: write, d: sqliteDialect{}, now: time.Now}, nil
}
