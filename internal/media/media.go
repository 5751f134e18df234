// Package media owns stored images: where their files live, the responsive
// width variants every lead image has, and serving them.
package media

import (
	"fmt"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Widths are the variant widths, in pixels, stored beside every raster lead
// image, smallest first. The image's own path holds the largest.
var Widths = []int{480, 800}

// VariantPath names the variant of p that is w pixels wide:
// "demo/ab12.jpg" → "demo/ab12-480w.jpg".
func VariantPath(p string, w int) string {
	ext := path.Ext(p)
	return fmt.Sprintf("%s-%dw%s", strings.TrimSuffix(p, ext), w, ext)
}

// Library is the media directory.
type Library struct {
	Root string
}

// Abs returns the file path of a stored media path, refusing paths that
// would leave the library.
func (l Library) Abs(p string) (string, error) {
	clean := path.Clean("/" + p)
	if clean == "/" || strings.Contains(p, "\\") {
		return "", fmt.Errorf("media: invalid path %q", p)
	}
	return filepath.Join(l.Root, filepath.FromSlash(clean[1:])), nil
}

// Write stores data at p, creating directories, via a temporary file and a
// rename so a reader never sees half an image.
func (l Library) Write(p string, data []byte) error {
	abs, err := l.Abs(p)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return fmt.Errorf("media: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), ".upload-*")
	if err != nil {
		return fmt.Errorf("media: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("media: write %s: %w", p, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("media: sync %s: %w", p, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("media: %w", err)
	}
	return os.Rename(tmp.Name(), abs)
}

// Handler serves the library under its mount point (strip the prefix
// first). Media file names carry a content hash, so responses are
// cacheable for a year; directories are never listed.
func (l Library) Handler() http.Handler {
	fs := http.FileServer(http.Dir(l.Root))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || strings.Contains(r.URL.Path, "/.") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		fs.ServeHTTP(w, r)
	})
}
