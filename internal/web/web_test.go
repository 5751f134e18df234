package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

func TestStatus(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{nil, 200},
		{news.Invalid("x", "bad"), 400},
		{fmt.Errorf("wrapped: %w", news.NotFound("x")), 404},
		{&news.Error{Code: news.CodeGone}, 410},
		{&news.Error{Code: news.CodeConflict}, 409},
		{&news.Error{Code: news.CodeForbidden}, 403},
		{&news.Error{Code: news.CodeUnauthorized}, 401},
		{fmt.Errorf("query: %w", context.DeadlineExceeded), 503},
		{errors.New("boom"), 500},
	}
	for _, tt := range tests {
		if got := Status(tt.err); got != tt.want {
			t.Errorf("Status(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

func TestWrite(t *testing.T) {
	modified := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	big := []byte(strings.Repeat("<p>news</p>", 200))
	etag := ETag(big)
	tests := []struct {
		name       string
		method     string
		headers    map[string]string
		data       []byte
		status     int
		wantBody   bool
		wantHeader map[string]string
	}{
		{"plain GET", "GET", nil, big, 200, true, map[string]string{"ETag": etag, "Last-Modified": "Sat, 28 Nov 2026 12:00:00 GMT"}},
		{"HEAD has headers and no body", "HEAD", nil, big, 200, false, map[string]string{"Content-Length": fmt.Sprint(len(big))}},
		{"matching ETag", "GET", map[string]string{"If-None-Match": etag}, big, 304, false, nil},
		{"star matches", "GET", map[string]string{"If-None-Match": "*"}, big, 304, false, nil},
		{"other ETag", "GET", map[string]string{"If-None-Match": `"nope"`}, big, 200, true, nil},
		{"not modified since", "GET", map[string]string{"If-Modified-Since": "Sat, 28 Nov 2026 12:00:00 GMT"}, big, 304, false, nil},
		{"modified since", "GET", map[string]string{"If-Modified-Since": "Sat, 28 Nov 2026 11:59:59 GMT"}, big, 200, true, nil},
		{"garbage date", "GET", map[string]string{"If-Modified-Since": "yesterday"}, big, 200, true, nil},
		{"gzip", "GET", map[string]string{"Accept-Encoding": "gzip, br"}, big, 200, true, map[string]string{"Content-Encoding": "gzip"}},
		{"gzip refused with q=0", "GET", map[string]string{"Accept-Encoding": "gzip;q=0"}, big, 200, true, map[string]string{"Content-Encoding": ""}},
		{"small bodies are not compressed", "GET", map[string]string{"Accept-Encoding": "gzip"}, []byte("tiny"), 200, true, map[string]string{"Content-Encoding": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "/", nil)
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			Write(rec, req, Body{ContentType: "text/html; charset=utf-8", Data: tt.data, LastModified: modified, Language: "fr"})
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if got := rec.Body.Len() > 0; got != tt.wantBody {
				t.Errorf("body present = %v, want %v", got, tt.wantBody)
			}
			for k, v := range tt.wantHeader {
				if got := rec.Header().Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if tt.status == 200 && rec.Header().Get("Content-Language") != "fr" {
				t.Error("Content-Language missing")
			}
		})
	}
}

func TestRequestIDAndRecover(t *testing.T) {
	var seen string
	var rendered error
	h := Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = RequestID(r.Context())
		if r.URL.Path == "/panic" {
			panic("boom")
		}
	}), WithRequestID, Recover(discardLogger(), func(w http.ResponseWriter, r *http.Request, err error) {
		rendered = err
		w.WriteHeader(Status(err))
	}))
	for header, keep := range map[string]bool{"abc-123_X": true, "has space": false, strings.Repeat("a", 65): false, "": false} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("X-Request-Id", header)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if (seen == header) != keep || seen == "" || rec.Header().Get("X-Request-Id") != seen {
			t.Errorf("X-Request-Id %q: handler saw %q, response has %q", header, seen, rec.Header().Get("X-Request-Id"))
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/panic", nil))
	if rec.Code != 500 || rendered == nil {
		t.Errorf("a panic gave %d (%v), want a rendered 500", rec.Code, rendered)
	}
}
