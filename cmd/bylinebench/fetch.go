package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// page is one response as the bench fetched it: raw is the body as sent
// (gzip when the server chose to compress), body the same decoded.
type page struct {
	path     string // request URI: escaped path and query
	status   int
	header   http.Header
	raw      []byte
	body     []byte
	duration time.Duration
}

func (p page) gzipped() bool { return p.header.Get("Content-Encoding") == "gzip" }

// newClient is the bench's own HTTP client, for everything but the load:
// it asks for gzip itself and keeps the bytes as sent, and does not follow
// redirects, so a redirect shows as what it is.
func newClient() *http.Client {
	return &http.Client{
		Timeout:       time.Minute,
		Transport:     &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 16},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// get fetches origin+path with Accept-Encoding: gzip.
func get(ctx context.Context, c *http.Client, origin, path string) (page, error) {
	return do(ctx, c, http.MethodGet, origin+path, "", nil)
}

// do sends one request; a bearer token and a JSON body are optional.
func do(ctx context.Context, c *http.Client, method, url, token string, body []byte) (page, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return page{}, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return page{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	p := page{path: req.URL.RequestURI(), status: resp.StatusCode, header: resp.Header, raw: raw, duration: time.Since(start)}
	if err != nil {
		return p, fmt.Errorf("GET %s: %w", url, err)
	}
	p.body = raw
	if p.gzipped() {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return p, fmt.Errorf("GET %s: %w", url, err)
		}
		if p.body, err = io.ReadAll(zr); err != nil {
			return p, fmt.Errorf("GET %s: %w", url, err)
		}
	}
	return p, nil
}

// getOK fetches a path and fails on any status but 200.
func getOK(ctx context.Context, c *http.Client, origin, path string) (page, error) {
	p, err := get(ctx, c, origin, path)
	if err == nil && p.status != http.StatusOK {
		err = fmt.Errorf("GET %s: status %d: %s", path, p.status, snippet(p.body))
	}
	return p, err
}

// getAll fetches paths with a few connections in parallel and stops at
// the first failure (any status but 200). Pages come back in path order.
func getAll(ctx context.Context, c *http.Client, origin string, paths []string) ([]page, error) {
	const parallel = 8
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make([]page, len(paths))
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	sem := make(chan struct{}, parallel)
	for i, p := range paths {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			pg, err := getOK(ctx, c, origin, p)
			if err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
				cancel()
			}
			out[i] = pg
		})
	}
	wg.Wait()
	if first == nil && ctx.Err() != nil { // the caller's context ended
		first = ctx.Err()
	}
	return out, first
}

// snippet is the start of a body, for an error message.
func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
