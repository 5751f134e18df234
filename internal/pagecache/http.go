package pagecache

import (
	"bytes"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Wrap serves h's pages from the cache. Only GET and HEAD are cached, and
// only 200 responses that set no cookie and do not forbid storing; others
// pass through as h wrote them. Concurrent misses for one page wait for a
// single render, so a story that breaks is rendered once, not once per
// reader.
func (c *Cache) Wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.ServeHTTP(w, r)
			return
		}
		if hit, ok := c.Lookup(r); ok {
			hit.Serve(w, r)
			return
		}
		c.stats.misses.Add(1)
		var buf [256]byte
		key := string(appendKey(buf[:0], r))
		e, rec := c.fill(h, r, key)
		if e != nil {
			serve(w, r, e, c.cfg.Now(), false)
			return
		}
		rec.replay(w, r)
	})
}

// Hit is a page the cache holds for a request, found by Lookup.
type Hit struct {
	e   *entry
	now time.Time
}

// Lookup finds the page held for r, a GET or HEAD, and counts a hit; it
// counts nothing when there is none. It allocates nothing, so that a
// server may ask it first, for every request, before any other work.
func (c *Cache) Lookup(r *http.Request) (Hit, bool) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return Hit{}, false
	}
	var buf [256]byte
	now := c.cfg.Now()
	e := c.get(appendKey(buf[:0], r), now)
	if e == nil {
		return Hit{}, false
	}
	c.stats.hits.Add(1)
	c.wantBrotli(e)
	return Hit{e, now}, true
}

// Route is the pattern the router matched for the page when it was
// rendered: what metrics count its requests under.
func (h Hit) Route() string { return h.e.route }

// Serve writes the page, in the best coding r accepts, or a 304; it
// returns the status and the bytes of body written.
func (h Hit) Serve(w http.ResponseWriter, r *http.Request) (status, n int) {
	return serve(w, r, h.e, h.now, true)
}

// appendKey appends the cache key of r, its host and request URI, to b:
// built in the caller's buffer, so that a lookup does not allocate.
func appendKey(b []byte, r *http.Request) []byte {
	b = append(b, r.Host...)
	if r.URL.Opaque != "" {
		return append(b, r.URL.RequestURI()...)
	}
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	b = append(b, path...)
	if r.URL.ForceQuery || r.URL.RawQuery != "" {
		b = append(b, '?')
		b = append(b, r.URL.RawQuery...)
	}
	return b
}

// fill renders the page for key, or waits for the render already under
// way. It returns the entry to serve, or the recorded response when the
// page could not be cached.
func (c *Cache) fill(h http.Handler, r *http.Request, key string) (*entry, *recorder) {
	c.mu.Lock()
	if f := c.flight[key]; f != nil {
		c.mu.Unlock()
		select {
		case <-f.done:
		case <-r.Context().Done():
		}
		if f.page != nil {
			if e := c.get([]byte(key), c.cfg.Now()); e != nil {
				return e, nil
			}
		}
		return c.render(h, r, key, nil)
	}
	f := &flight{done: make(chan struct{})}
	c.flight[key] = f
	gen := c.gen
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.flight, key)
		if len(c.flight) == 0 && len(c.dropped) > 4096 {
			c.dropped = map[string]uint64{} // no render can be older than the drops
		}
		c.mu.Unlock()
		close(f.done)
	}()
	e, rec := c.render(h, r, key, &gen)
	if e != nil {
		f.page = e.page
	}
	return e, rec
}

// render runs h with a dependency collector and stores what it wrote when
// it may be cached; gen is the invalidation count when the render began
// (nil: do not store, another render holds the key).
func (c *Cache) render(h http.Handler, r *http.Request, key string, gen *uint64) (*entry, *recorder) {
	deps := &Deps{}
	inner := r.Clone(withDeps(r.Context(), deps))
	// The cache answers validators and picks the coding itself: the page
	// must be rendered whole and plain.
	for _, name := range []string{"Accept-Encoding", "If-None-Match", "If-Modified-Since", "Range", "If-Range"} {
		inner.Header.Del(name)
	}
	rendered := c.cfg.Now()
	rec := &recorder{header: http.Header{}}
	h.ServeHTTP(rec, inner)
	if !rec.cacheable() || deps.noStore {
		return nil, rec
	}
	tags := deps.sorted()
	e := c.newEntry(key, newPage(rec.header, rec.body.Bytes(), tags), tags, deps.labels, rendered)
	e.route = r.Pattern
	if gen != nil {
		c.put(e, *gen)
	}
	return e, nil
}

// sorted lists the tags, the broad ones (lists, editions) first so that a
// cut Surrogate-Key keeps them.
func (d *Deps) sorted() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]string, 0, len(d.tags))
	for t := range d.tags {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		si, sj := strings.HasPrefix(out[i], "s:"), strings.HasPrefix(out[j], "s:")
		if si != sj {
			return sj
		}
		return out[i] < out[j]
	})
	return out
}

// recorder holds a response in memory.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}
func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(p)
}

func (r *recorder) cacheable() bool {
	if r.status != http.StatusOK || r.header.Get("Set-Cookie") != "" || r.header.Get("Content-Encoding") != "" {
		return false
	}
	cc := strings.ToLower(r.header.Get("Cache-Control"))
	return !strings.Contains(cc, "no-store") && !strings.Contains(cc, "private") && !strings.Contains(cc, "no-cache")
}

// replay writes a response that was not cached as it was recorded. It
// was rendered plain; a client that takes gzip still gets it compressed
// by the handler next time (these are errors and redirects, mostly).
func (r *recorder) replay(w http.ResponseWriter, req *http.Request) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	status := r.status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	if req.Method != http.MethodHead {
		w.Write(r.body.Bytes())
	}
}
