// Package backup writes and restores a whole Byline: the database and the
// media files, in one gzip-compressed tar archive with a manifest. A backup
// is taken while Byline serves (the database copy is one consistent
// snapshot); a restore checks the archive before anything is put in place.
package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/store"
)

// Format is the archive layout's version, in the manifest.
const Format = 1

const (
	manifestName = "MANIFEST.json"
	mediaDir     = "media"
)

// Manifest describes an archive.
type Manifest struct {
	Format    int       `json:"format"`
	CreatedAt time.Time `json:"created_at"`
	Database  File      `json:"database"`
	Media     int       `json:"media_files"`
}

// File is the archive's database file.
type File struct {
	Name   string `json:"name"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Snapshotter writes a consistent copy of the database to a new file.
type Snapshotter interface {
	Snapshot(ctx context.Context, path string) error
}

// Write archives a snapshot of the database and every file under
// mediaRoot (which may not exist yet) to w. Media written while it runs
// may or may not be included; a story's image is written before the story
// that shows it, so every image a story in the snapshot refers to is there.
func Write(ctx context.Context, db Snapshotter, mediaRoot string, w io.Writer, now time.Time) (Manifest, error) {
	tmp, err := os.MkdirTemp("", "byline-backup-")
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(tmp)
	snap := filepath.Join(tmp, store.FileName)
	if err := db.Snapshot(ctx, snap); err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	m := Manifest{Format: Format, CreatedAt: now.UTC(), Database: File{Name: store.FileName}}
	if m.Database.SHA256, m.Database.Bytes, err = hashFile(snap); err != nil {
		return Manifest{}, err
	}
	media, err := mediaFiles(mediaRoot)
	if err != nil {
		return Manifest{}, err
	}
	m.Media = len(media)
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	if err := writeArchive(ctx, tw, m, snap, mediaRoot, media); err != nil {
		return Manifest{}, err
	}
	if err := tw.Close(); err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	return m, gz.Close()
}

func writeArchive(ctx context.Context, tw *tar.Writer, m Manifest, snap, mediaRoot string, media []string) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := addBytes(tw, manifestName, data, m.CreatedAt); err != nil {
		return err
	}
	if err := addFile(tw, m.Database.Name, snap); err != nil {
		return err
	}
	for _, rel := range media {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := addFile(tw, path.Join(mediaDir, rel), filepath.Join(mediaRoot, filepath.FromSlash(rel))); err != nil {
			return err
		}
	}
	return nil
}

// mediaFiles lists the regular files under root, slash-separated and
// relative to it; symbolic links and special files are left out.
func mediaFiles(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == root {
			return fs.SkipAll
		}
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("backup: media: %w", err)
	}
	return out, nil
}

func addBytes(tw *tar.Writer, name string, data []byte, mod time.Time) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o640, Size: int64(len(data)), ModTime: mod, Typeflag: tar.TypeReg}); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	_, err := tw.Write(data)
	return err
}

func addFile(tw *tar.Writer, name, src string) error {
	f, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o640, Size: info.Size(), ModTime: info.ModTime(), Typeflag: tar.TypeReg}); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// A media file cannot grow while it is copied (they are written under
	// a temporary name and renamed); CopyN holds the header's size anyway.
	if _, err := io.CopyN(tw, f, info.Size()); err != nil {
		return fmt.Errorf("backup: %s: %w", name, err)
	}
	return nil
}

func hashFile(p string) (string, int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", 0, fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("backup: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// Restore unpacks an archive into dataDir, which must not exist or be
// empty: nothing is overwritten. The archive is unpacked beside dataDir
// and checked first (names, the manifest, the database's checksum, that it
// opens, migrates and passes SQLite's integrity check); only then is it
// moved into place, so a bad archive changes nothing.
func Restore(ctx context.Context, r io.Reader, dataDir string) (Manifest, error) {
	if err := emptyOrMissing(dataDir); err != nil {
		return Manifest{}, err
	}
	parent := filepath.Dir(filepath.Clean(dataDir))
	if err := os.MkdirAll(parent, 0o750); err != nil {
		return Manifest{}, fmt.Errorf("restore: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, ".byline-restore-")
	if err != nil {
		return Manifest{}, fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(tmp)
	m, err := unpack(r, tmp)
	if err != nil {
		return Manifest{}, err
	}
	if err := check(ctx, tmp, m); err != nil {
		return Manifest{}, err
	}
	if err := os.Remove(dataDir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return Manifest{}, fmt.Errorf("restore: %w", err)
	}
	if err := os.Rename(tmp, dataDir); err != nil {
		return Manifest{}, fmt.Errorf("restore: %w", err)
	}
	return m, nil
}

func emptyOrMissing(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("restore: %w", err)
	case len(entries) > 0:
		return fmt.Errorf("restore: %s is not empty; restore into a new directory (nothing is overwritten)", dir)
	}
	return nil
}

// unpack writes the archive's files under dir, refusing any name that
// would land outside it and anything but regular files.
func unpack(r io.Reader, dir string) (Manifest, error) {
	var m Manifest
	gz, err := gzip.NewReader(r)
	if err != nil {
		return m, fmt.Errorf("restore: not a Byline backup (not gzip): %w", err)
	}
	tr := tar.NewReader(gz)
	for first := true; ; first = false {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return m, fmt.Errorf("restore: damaged archive: %w", err)
		}
		if first != (h.Name == manifestName) {
			return m, errors.New("restore: not a Byline backup (the manifest must come first)")
		}
		if err := unpackEntry(tr, h, dir, &m); err != nil {
			return m, err
		}
	}
	if m.Format == 0 {
		return m, errors.New("restore: not a Byline backup (no manifest)")
	}
	return m, nil
}

func unpackEntry(tr *tar.Reader, h *tar.Header, dir string, m *Manifest) error {
	if h.Typeflag != tar.TypeReg {
		return fmt.Errorf("restore: %q is not a regular file", h.Name)
	}
	name := path.Clean(h.Name)
	if !fs.ValidPath(name) || name == "." || strings.Contains(h.Name, `\`) {
		return fmt.Errorf("restore: refusing the file name %q", h.Name)
	}
	if name == manifestName {
		if err := json.NewDecoder(io.LimitReader(tr, 1<<20)).Decode(m); err != nil {
			return fmt.Errorf("restore: manifest: %w", err)
		}
		if m.Format != Format {
			return fmt.Errorf("restore: archive format %d; this Byline reads format %d", m.Format, Format)
		}
		return nil
	}
	if name != store.FileName && !strings.HasPrefix(name, mediaDir+"/") {
		return fmt.Errorf("restore: unexpected file %q in the archive", h.Name)
	}
	dst := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	f, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if _, err := io.Copy(f, tr); err != nil {
		f.Close()
		return fmt.Errorf("restore: damaged archive: %s: %w", h.Name, err)
	}
	return f.Close()
}

// check verifies the unpacked database before it is put in place.
func check(ctx context.Context, dir string, m Manifest) error {
	db := filepath.Join(dir, store.FileName)
	sum, n, err := hashFile(db)
	if err != nil {
		return fmt.Errorf("restore: the archive has no database: %w", err)
	}
	if sum != m.Database.SHA256 || n != m.Database.Bytes {
		return errors.New("restore: the database does not match the manifest's checksum; the archive is damaged")
	}
	st, err := store.Open(ctx, store.Config{URL: "sqlite://" + db})
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer st.Close()
	return st.IntegrityCheck(ctx)
}
