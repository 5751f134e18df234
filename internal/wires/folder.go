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
)

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

// MarkProcessed moves dir/name into dir/processed/, replacing a file of
// the same name handled before.
func MarkProcessed(dir, name string) error {
	return move(dir, name, ProcessedDir)
}

// MarkRejected moves dir/name into dir/rejected/ and writes the reason
// beside it as name+".reason.txt".
func MarkRejected(dir, name, reason string) error {
	if err := move(dir, name, RejectedDir); err != nil {
		return err
	}
	note := filepath.Join(dir, RejectedDir, name+".reason.txt")
	if err := os.WriteFile(note, []byte(strings.TrimSpace(reason)+"\n"), 0o644); err != nil {
		return fmt.Errorf("write rejection reason: %w", err)
	}
	return nil
}

func move(dir, name, sub string) error {
	if name != filepath.Base(name) || name == "." || name == ".." {
		return fmt.Errorf("drop folder: %q is not a file name", name)
	}
	if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
		return fmt.Errorf("drop folder: %w", err)
	}
	err := os.Rename(filepath.Join(dir, name), filepath.Join(dir, sub, name))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("drop folder: %s is gone: %w", name, err)
	}
	if err != nil {
		return fmt.Errorf("drop folder: move %s to %s/: %w", name, sub, err)
	}
	return nil
}
