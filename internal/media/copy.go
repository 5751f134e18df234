package media

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// CopyResult is what CopyMissing found and did.
type CopyResult struct {
	Files   int   // regular files in the source library
	Copied  int   // of which copied
	Present int   // of which already there, with the same size
	Bytes   int64 // bytes copied
}

// CopyMissing copies into l the files of from that l lacks, each through a
// temporary file renamed into place once synced, so that it can be stopped
// and run again. A file l already has is left alone if its size is the
// source's; media names carry a content hash, so another size means a
// damaged or foreign file, and is an error naming it (after every other
// file has been copied).
func (l Library) CopyMissing(ctx context.Context, from Library) (CopyResult, error) {
	var res CopyResult
	var differ []string
	err := filepath.WalkDir(from.Root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".upload-") {
			return nil // directories, and what an upload cut short left
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from.Root, p)
		if err != nil {
			return err
		}
		res.Files++
		dst := filepath.Join(l.Root, rel)
		switch have, err := os.Stat(dst); {
		case err == nil && have.Size() == info.Size():
			res.Present++
			return nil
		case err == nil:
			differ = append(differ, fmt.Sprintf("%s (%d bytes here, %d in the source)", filepath.ToSlash(rel), have.Size(), info.Size()))
			return nil
		case !os.IsNotExist(err):
			return err
		}
		if err := copyFile(p, dst, info.Size()); err != nil {
			return err
		}
		res.Copied++
		res.Bytes += info.Size()
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("media: copy %s to %s: %w", from.Root, l.Root, err)
	}
	if len(differ) > 0 {
		return res, fmt.Errorf("media: %d files in %s differ in size from the source's, and were left alone: %s",
			len(differ), l.Root, strings.Join(differ[:min(len(differ), 5)], ", "))
	}
	return res, nil
}

// copyFile copies src to dst, which must hold size bytes afterwards.
func copyFile(src, dst string, size int64) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".upload-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, in)
	if err == nil && n != size {
		err = fmt.Errorf("%s: copied %d bytes of %d (did it change?)", src, n, size)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), dst)
}
