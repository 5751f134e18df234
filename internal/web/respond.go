package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Body is a complete response held in memory: pages are rendered to a
// buffer first, so that a template error never sends half a page, and so
// that the ETag is the hash of exactly what is sent.
type Body struct {
	Status       int // 200 when zero
	ContentType  string
	Language     string // Content-Language
	Data         []byte
	LastModified time.Time
	CacheControl string
}

// minGzip is the size below which compressing costs more than it saves.
const minGzip = 1024

var gzipPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression); return w }}

// Write sends b, answering 304 Not Modified when the client's copy is
// current, and gzip-compressing when the client accepts it.
func Write(w http.ResponseWriter, r *http.Request, b Body) {
	h := w.Header()
	status := b.Status
	if status == 0 {
		status = http.StatusOK
	}
	etag := ETag(b.Data)
	h.Set("Content-Type", b.ContentType)
	if b.Language != "" {
		h.Set("Content-Language", b.Language)
	}
	if b.CacheControl != "" {
		h.Set("Cache-Control", b.CacheControl)
	}
	h.Add("Vary", "Accept-Encoding")
	data := b.Data
	compressed := len(data) >= minGzip && acceptsGzip(r) && compressible(b.ContentType)
	if compressed {
		// A compressed representation needs its own validator.
		etag = strings.TrimSuffix(etag, `"`) + `-gz"`
	}
	if status == http.StatusOK {
		h.Set("ETag", etag)
		if !b.LastModified.IsZero() {
			h.Set("Last-Modified", b.LastModified.UTC().Format(http.TimeFormat))
		}
		if NotModified(r, etag, b.LastModified) {
			h.Del("Content-Type")
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if compressed {
		data = gzipBytes(data)
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// ETag is a strong validator for data.
func ETag(data []byte) string {
	sum := sha256.Sum256(data)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
}

func gzipBytes(data []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(data) / 3)
	zw := gzipPool.Get().(*gzip.Writer)
	zw.Reset(&buf)
	_, _ = zw.Write(data)
	_ = zw.Close()
	gzipPool.Put(zw)
	return buf.Bytes()
}

// NotModified implements RFC 9110's precedence: If-None-Match decides when
// present; otherwise If-Modified-Since, at one-second precision.
func NotModified(r *http.Request, etag string, modified time.Time) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return ETagMatches(inm, etag)
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && !modified.IsZero() {
		t, err := http.ParseTime(ims)
		return err == nil && !modified.Truncate(time.Second).After(t)
	}
	return false
}

// ETagMatches does the weak comparison If-None-Match calls for; an empty
// header matches nothing.
func ETagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	want := strings.TrimPrefix(etag, "W/")
	for _, part := range strings.Split(header, ",") {
		part = strings.TrimSpace(part)
		if part == "*" || strings.TrimPrefix(part, "W/") == want {
			return true
		}
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
		if !ok {
			return true
		}
		v, err := strconv.ParseFloat(q, 64)
		return err == nil && v > 0
	}
	return false
}

func compressible(contentType string) bool {
	return strings.HasPrefix(contentType, "text/") || strings.Contains(contentType, "json") ||
		strings.Contains(contentType, "xml") || strings.Contains(contentType, "svg") || strings.Contains(contentType, "javascript")
}

// WriteRaw sends data with a Content-Length, and no body for HEAD.
func WriteRaw(w http.ResponseWriter, r *http.Request, data []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}
