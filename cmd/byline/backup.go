package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/bylinehq/byline/internal/backup"
)

// backupCmd writes the store and media to one archive while Byline runs.
func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("backup", "Writes the database (one consistent snapshot, taken while Byline serves) and the media\n"+
		"files to one .tar.gz archive. The archive appears only when it is complete.", stderr)
	var sf storeFlags
	sf.register(fs)
	to := fs.String("to", "", "archive to write, e.g. byline-2026-11-29.tar.gz (must not exist)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *to == "" {
		return usageError{"backup needs --to FILE"}
	}
	if _, err := os.Stat(*to); err == nil {
		return fmt.Errorf("%s already exists; choose a new file (nothing is overwritten)", *to)
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	tmp := *to + ".partial"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	m, err := backup.Write(ctx, st, filepath.Join(sf.data, "media"), f, time.Now())
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, *to)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: database %d bytes (sha256 %s), %d media files\n", *to, m.Database.Bytes, m.Database.SHA256[:16], m.Media)
	return nil
}

// restoreCmd unpacks an archive into a new data directory.
func restoreCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlagSet("restore", "Restores a backup archive into a new or empty data directory, after checking it (checksum,\n"+
		"migrations, SQLite's integrity check). Nothing is overwritten; point serve --data at the result.", stderr)
	from := flags.String("from", "", "archive written by byline backup")
	data := flags.String("data", "byline-data", "data directory to restore into (must not exist, or be empty)")
	if err := parse(flags, args); err != nil {
		return err
	}
	if *from == "" {
		return usageError{"restore needs --from FILE"}
	}
	f, err := os.Open(*from)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no archive at %s", *from)
	}
	if err != nil {
		return err
	}
	defer f.Close()
	m, err := backup.Restore(ctx, f, *data)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored the backup of %s into %s: database %d bytes, %d media files\n",
		m.CreatedAt.Format(time.RFC3339), *data, m.Database.Bytes, m.Media)
	return nil
}
