package wires_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/wires"
)

// feedServer serves testdata/rss.xml on 127.0.0.1 with an ETag and a
// Last-Modified, answering 304 to either validator.
func feedServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	body, err := os.ReadFile("testdata/rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	var hits atomic.Int32
	const etag, modified = `"v1"`, "Tue, 04 Mar 2025 10:00:00 GMT"
	mux := http.NewServeMux()
	mux.HandleFunc("GET /feed", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == modified {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", modified)
		w.Header().Set("Content-Type", "text/html") // wrong on purpose: the content decides
		w.Write(body)
	})
	mux.HandleFunc("GET /big", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Repeat("x", 4096)))
	})
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("GET /gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	mux.HandleFunc("GET /hop/{n}", func(w http.ResponseWriter, r *http.Request) {
		n := r.PathValue("n")
		if n == "0" {
			http.Redirect(w, r, "/feed", http.StatusFound)
			return
		}
		http.Redirect(w, r, "/hop/"+string(rune(n[0]-1)), http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &hits
}

func allowedFetcher(srv *httptest.Server) *wires.Fetcher {
	u, _ := url.Parse(srv.URL)
	return wires.NewFetcher([]string{u.Host})
}

func TestFetchPollsWithConditionalGET(t *testing.T) {
	t.Parallel()
	srv, hits := feedServer(t)
	f := allowedFetcher(srv)
	ctx := context.Background()
	first, err := f.Fetch(ctx, srv.URL+"/feed", "", "")
	if err != nil || first.Status != 200 || first.NotModified || first.ETag != `"v1"` || first.LastModified == "" {
		t.Fatalf("first fetch %+v, %v", first, err)
	}
	if feed, err := wires.Parse(first.Body); err != nil || len(feed.Items) != 2 {
		t.Fatalf("parse fetched body: %v", err)
	}
	for _, validators := range [][2]string{{first.ETag, ""}, {"", first.LastModified}, {first.ETag, first.LastModified}} {
		again, err := f.Fetch(ctx, srv.URL+"/feed", validators[0], validators[1])
		if err != nil || !again.NotModified || again.Status != 304 || len(again.Body) != 0 || again.ETag == "" && validators[0] != "" {
			t.Errorf("conditional fetch with %q: %+v, %v", validators, again, err)
		}
	}
	if hits.Load() != 4 {
		t.Errorf("%d requests, want 4", hits.Load())
	}
}

func TestFetchLimits(t *testing.T) {
	t.Parallel()
	srv, _ := feedServer(t)
	f := allowedFetcher(srv)
	f.MaxBytes = 2048
	f.Timeout = 200 * time.Millisecond
	ctx := context.Background()
	for path, want := range map[string]string{
		"/big":   "more than",
		"/slow":  "within",
		"/gone":  "410",
		"/hop/5": "redirects",
	} {
		if _, err := f.Fetch(ctx, srv.URL+path, "", ""); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Fetch(%s) = %v, want an error saying %q", path, err, want)
		}
	}
	if got, err := f.Fetch(ctx, srv.URL+"/hop/1", "", ""); err != nil || got.Status != 200 {
		t.Errorf("two redirects: %+v, %v", got, err)
	}
}

func TestFetchRefusesPrivateAddressesUnlessAllowed(t *testing.T) {
	t.Parallel()
	srv, hits := feedServer(t)
	f := wires.NewFetcher(nil)
	ctx := context.Background()
	if _, err := f.Fetch(ctx, srv.URL+"/feed", "", ""); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("fetch from loopback without allow-list: %v", err)
	}
	if hits.Load() != 0 {
		t.Errorf("the refused server got %d requests", hits.Load())
	}
	for _, raw := range []string{
		srv.URL + "/feed", "http://10.0.0.7/feed", "http://169.254.169.254/latest/meta-data/", "http://[::1]/",
		"http://[fe80::1]/", "http://192.168.1.1/rss", "file:///etc/passwd", "ftp://wire.example.com/feed",
		"gopher://wire.example.com/", "https://user:pw@wire.example.com/", "wire.example.com/feed",
	} {
		if err := f.CheckURL(ctx, raw); news.ErrorCode(err) != news.CodeInvalid {
			t.Errorf("CheckURL(%q) = %v, want invalid", raw, err)
		}
	}
	if err := f.CheckURL(ctx, "https://203.0.113.9/feed"); err != nil {
		t.Errorf("public address refused: %v", err)
	}
	if err := allowedFetcher(srv).CheckURL(ctx, srv.URL+"/feed"); err != nil {
		t.Errorf("allowed host refused: %v", err)
	}
}

// TestRedirectToAPrivateAddressIsRefused: an allowed host that redirects to
// a host that is not allowed is checked again when the redirect dials.
func TestRedirectToAPrivateAddressIsRefused(t *testing.T) {
	t.Parallel()
	target, hits := feedServer(t)
	port := target.URL[strings.LastIndex(target.URL, ":")+1:]
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://localhost:"+port+"/feed", http.StatusFound)
	}))
	t.Cleanup(redirector.Close)
	f := allowedFetcher(redirector) // allows 127.0.0.1, not localhost
	if _, err := f.Fetch(context.Background(), redirector.URL, "", ""); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("redirect to localhost: %v", err)
	}
	if hits.Load() != 0 {
		t.Errorf("the redirect target got %d requests", hits.Load())
	}
}
