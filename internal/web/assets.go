package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// asset is one static file, held in memory with its gzip form.
type asset struct {
	name        string
	contentType string
	data, gz    []byte
}

// Assets serves embedded static files under {prefix}{hash}/{name}. The
// hash is of the content, so a file's URL changes when it does and every
// response can be cached for a year.
type Assets struct {
	prefix  string
	files   map[string]*asset // by name
	hash    map[string]string // name → content hash
	modTime time.Time         // assets change only with the binary
}

// LoadAssets reads every file under dir of fsys, to be served under prefix
// (e.g. "/assets/"), with a route "GET {prefix}{hash}/{name}".
func LoadAssets(fsys fs.FS, dir, prefix string) (*Assets, error) {
	a := &Assets{prefix: prefix, files: map[string]*asset{}, hash: map[string]string{}, modTime: time.Now().UTC().Truncate(time.Second)}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, dir+"/")
		sum := sha256.Sum256(data)
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "application/octet-stream"
		}
		f := &asset{name: name, contentType: ct, data: data}
		if strings.HasPrefix(ct, "text/") || strings.Contains(ct, "svg") || strings.Contains(ct, "javascript") {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			zw.Write(data)
			zw.Close()
			f.gz = buf.Bytes()
		}
		a.files[name] = f
		a.hash[name] = hex.EncodeToString(sum[:5])
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: assets: %w", err)
	}
	return a, nil
}

// URL returns the cache-busting URL of an asset; a missing asset is a
// programming error caught when templates are first executed in tests.
func (a *Assets) URL(name string) string {
	h, ok := a.hash[name]
	if !ok {
		panic("web: no asset " + name)
	}
	return a.prefix + h + "/" + name
}

// Bytes returns an asset's content.
func (a *Assets) Bytes(name string) []byte { return a.files[name].data }

// ServeHTTP serves GET {prefix}{hash}/{name}. A stale hash still gets
// the current file, briefly cached, so a page cached before a deploy keeps
// its styles.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := a.files[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	if r.PathValue("hash") == a.hash[f.name] {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=300")
	}
	h.Set("Content-Type", f.contentType)
	etag := `"` + a.hash[f.name] + `"`
	h.Set("ETag", etag)
	h.Set("Last-Modified", a.modTime.Format(http.TimeFormat))
	h.Add("Vary", "Accept-Encoding")
	if ETagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	data := f.data
	if f.gz != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		data = f.gz
		h.Set("Content-Encoding", "gzip")
	}
	WriteRaw(w, r, data)
}
