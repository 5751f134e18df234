package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/media"
	"github.com/bylinehq/byline/internal/store"
)

// migrateStoreCmd copies a SQLite store into PostgreSQL and verifies it.
func migrateStoreCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate-store", "Copies a SQLite store into PostgreSQL, ids included, then compares every table (row counts\n"+
		"and checksums). Stop Byline first: the copy is of the store as it was when it began. The target\n"+
		"must be empty, or filled by an interrupted run from the same store: run the same command again\n"+
		"and it goes on, copying nothing twice. Media files are not in the database: copy them yourself,\n"+
		"or have --media-from and --media-to copy those missing and check the sizes of the others.", stderr)
	from := fs.String("from", "", "the SQLite store: sqlite:///path/to/byline.db, the file's path, or the data directory holding it")
	to := fs.String("to", "", "the PostgreSQL database: postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=…")
	batch := fs.Int("batch", 1000, "rows per transaction on PostgreSQL")
	mediaFrom := fs.String("media-from", "", "also copy the media files from this directory (media/ in the old --data) …")
	mediaTo := fs.String("media-to", "", "… into this one (media/ in the --data the PostgreSQL nodes share), if missing there")
	if err := parse(fs, args); err != nil {
		return err
	}
	srcCfg, mediaDir, err := sourceConfig(*from)
	if err != nil {
		return err
	}
	if !strings.HasPrefix(*to, "postgres://") && !strings.HasPrefix(*to, "postgresql://") {
		return usageError{"migrate-store needs --to postgres://…"}
	}
	if *batch < 1 {
		return usageError{"--batch must be at least 1"}
	}
	if (*mediaFrom == "") != (*mediaTo == "") {
		return usageError{"--media-from and --media-to go together"}
	}
	src, err := store.OpenReadOnly(srcCfg)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.Open(ctx, store.Config{URL: *to})
	if err != nil {
		return err
	}
	defer dst.Close()
	fmt.Fprintf(stderr, "copying %s to %s\n", *from, redactURL(*to))
	report, err := store.CopyToPostgres(ctx, src, dst, store.CopyOptions{BatchSize: *batch, Progress: progress(stderr)})
	if len(report.Tables) > 0 {
		printCopyReport(stdout, report)
	}
	if ctx.Err() != nil {
		return errors.New("interrupted: run the same command again to go on from where it stopped")
	}
	if err != nil {
		return err
	}
	return carryMedia(ctx, stdout, *mediaFrom, *mediaTo, mediaDir)
}

// carryMedia copies the media files the target directory lacks when
// --media-from and --media-to are given, or says where they are.
func carryMedia(ctx context.Context, stdout io.Writer, from, to, mediaDir string) error {
	if from == "" {
		fmt.Fprintf(stdout, "\nThe copy matches the source. Media files are not in the database: copy %s\n"+
			"to media/ in the --data directory the nodes serving from PostgreSQL share, then start Byline\n"+
			"there with --db set to the PostgreSQL URL.\n", mediaDir)
		return nil
	}
	res, err := media.Library{Root: to}.CopyMissing(ctx, media.Library{Root: from})
	fmt.Fprintf(stdout, "media: %d files in %s, %d copied (%d bytes), %d already in %s with the same size\n",
		res.Files, from, res.Copied, res.Bytes, res.Present, to)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nThe copy matches the source. Start Byline with --db set to the PostgreSQL URL and --data\n"+
		"set to the directory holding %s.\n", to)
	return nil
}

// sourceConfig reads --from: a sqlite:// URL, a database file or a data
// directory. mediaDir says where the store's media files are, for the
// operator to carry over.
func sourceConfig(from string) (cfg store.Config, mediaDir string, err error) {
	switch {
	case from == "":
		return cfg, "", usageError{"migrate-store needs --from, the SQLite store to copy"}
	case strings.HasPrefix(from, "postgres://"), strings.HasPrefix(from, "postgresql://"):
		return cfg, "", usageError{"--from must be a SQLite store: migrate-store copies from SQLite to PostgreSQL"}
	case strings.Contains(from, "://") && !strings.HasPrefix(from, "sqlite://"):
		return cfg, "", usageError{fmt.Sprintf("--from %q is not a sqlite:// URL, a file or a directory", redactURL(from))}
	}
	if fi, err := os.Stat(from); err == nil && fi.IsDir() {
		return store.Config{DataDir: from}, filepath.Join(from, "media"), nil
	}
	path := strings.TrimPrefix(from, "sqlite://")
	// Byline keeps media in its --data directory, beside the database
	// file unless --db put that elsewhere.
	mediaDir = "the media directory in the --data directory Byline ran with"
	if fi, err := os.Stat(filepath.Join(filepath.Dir(path), "media")); err == nil && fi.IsDir() {
		mediaDir = filepath.Join(filepath.Dir(path), "media")
	}
	if !strings.HasPrefix(from, "sqlite://") {
		from = "sqlite://" + from
	}
	return store.Config{URL: from}, mediaDir, nil
}

// redactURL hides the password of a database URL.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(an unreadable URL)"
	}
	return u.Redacted()
}

// progress reports the copy on stderr every few seconds, so that a long
// one is seen to move.
func progress(w io.Writer) func(string, int64) {
	last := time.Now()
	var table string
	var rows int64
	return func(t string, n int64) {
		if t != table {
			table, rows = t, 0
		}
		rows += n
		if time.Since(last) >= 2*time.Second {
			last = time.Now()
			fmt.Fprintf(w, "  %s: %d rows copied\n", table, rows)
		}
	}
}

func printCopyReport(w io.Writer, r store.CopyReport) {
	width := len("table")
	for _, t := range r.Tables {
		width = max(width, len(t.Table))
	}
	fmt.Fprintf(w, "%-*s %9s %9s %9s  %s\n", width, "table", "copied", "source", "target", "checksum")
	var copied int64
	for _, t := range r.Tables {
		check := "ok " + t.SourceSum[:12]
		if !t.OK() {
			check = "DIFFERENT"
		}
		fmt.Fprintf(w, "%-*s %9d %9d %9d  %s\n", width, t.Table, t.Copied, t.Source, t.Target, check)
		copied += t.Copied
	}
	fmt.Fprintf(w, "%d tables: %d rows copied in %s (%.0f a second) and compared in %s, %s in all; %d identities and sequences moved past the copied numbers\n",
		len(r.Tables), copied, r.Copying.Round(time.Millisecond), float64(copied)/max(r.Copying.Seconds(), 1e-3),
		r.Comparing.Round(time.Millisecond), r.Took.Round(time.Millisecond), r.Sequences)
}
