package wires

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Subfolders of a drop folder where handled files go, so that each file is
// handled once and an operator can see what was refused and why.
const (
	ProcessedDir = "processed"
	RejectedDir  = "rejected"
	// ClaimedDir holds the files a scan is working on. A scan takes a file
	// by renaming it in, which only one of two scanners of the same folder
	// (two nodes, or "byline wires poll" beside the server) can do.
	ClaimedDir = ".claimed"
)

// staleClaim is how long a claimed file may wait before a later scan
// decides its scanner died and puts it back.
const staleClaim = 15 * time.Minute

// Claim takes dir/name for this scan by moving it into dir/.claimed/. It
// reports false, with no error, when another scanner took the file first.
func Claim(dir, name string) (bool, error) {
	if err := move(dir, "", name, ClaimedDir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		return false, err
	}
	// The claim's time, for RecoverClaims: a rename keeps the old one.
	now := time.Now()
	return true, os.Chtimes(filepath.Join(dir, ClaimedDir, name), now, now)
}

// Unclaim puts a claimed file back, for the next scan to try again.
func Unclaim(dir, name string) error { return move(dir, ClaimedDir, name, "") }

// RecoverClaims puts back files claimed longer ago than a scan can take:
// their scanner stopped (a crash, a kill) before it could finish them.
func RecoverClaims(dir string) error {
	entries, err := os.ReadDir(filepath.Join(dir, ClaimedDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("drop folder: %w", err)
	}
	var errs error
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !e.Type().IsRegular() || time.Since(info.ModTime()) < staleClaim {
			continue
		}
		errs = errors.Join(errs, Unclaim(dir, e.Name()))
	}
	return errs
}

// PendingFiles returns the names of the regular files directly in dir that
// wait to be handled, oldest first (by modification time, then name).
// Dot files and files an agency is still writing by the usual conventions
// (".tmp", ".part", ".partial", ".crdownload", a trailing "~") are skipped,
// as are subdirectories, processed/ and rejected/ among them, and
// symbolic links, which could point anywhere on the machine.
func PendingFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read drop folder: %w", err)
	}
	type file struct {
		name string
		mod  time.Time
	}
	var files []file
	for _, e := range entries {
		if !e.Type().IsRegular() || inProgress(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // gone since ReadDir
		}
		files = append(files, file{e.Name(), info.ModTime()})
	}
	sort.Slice(files, func(i, j int) bool {
		if !files[i].mod.Equal(files[j].mod) {
			return files[i].mod.Before(files[j].mod)
		}
		return files[i].name < files[j].name
	})
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.name
	}
	return names, nil
}

func inProgress(name string) bool {
	lower := strings.ToLower(name)
	for _, suffix := range []string{".tmp", ".part", ".partial", ".crdownload", ".swp", "~"} {
		if strings.HasSuffix(lower, suffix) {
			return true
		}
	}
	return strings.HasPrefix(name, ".")
}

// MarkProcessed moves a claimed file into dir/processed/, replacing a
// file of the same name handled before.
func MarkProcessed(dir, name string) error {
	return move(dir, ClaimedDir, name, ProcessedDir)
}

// MarkRejected moves a claimed file into dir/rejected/ and writes the
// reason beside it as name+".reason.txt".
func MarkRejected(dir, name, reason string) error {
	if err := move(dir, ClaimedDir, name, RejectedDir); err != nil {
		return err
	}
	note := filepath.Join(dir, RejectedDir, name+".reason.txt")
	if err := os.WriteFile(note, []byte(strings.TrimSpace(reason)+"\n"), 0o644); err != nil {
		return fmt.Errorf("write rejection reason: %w", err)
	}
	return nil
}

// move renames dir/from/name to dir/to/name ("" is dir itself).
func move(dir, from, name, to string) error {
	if name != filepath.Base(name) || name == "." || name == ".." {
		return fmt.Errorf("drop folder: %q is not a file name", name)
	}
	if err := os.MkdirAll(filepath.Join(dir, to), 0o755); err != nil {
		return fmt.Errorf("drop folder: %w", err)
	}
	err := os.Rename(filepath.Join(dir, from, name), filepath.Join(dir, to, name))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("drop folder: %s is gone: %w", name, err)
	}
	if err != nil {
		return fmt.Errorf("drop folder: move %s to %s/: %w", name, to, err)
	}
	return nil
}
