package pagecache

import (
	"bytes"
	"net/http"
	"sort"
	"strings"
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
		key := r.Host + r.URL.RequestURI()
		now := c.cfg.Now()
		if e := c.get(key, now); e != nil {
			c.stats.hits.Add(1)
			serve(w, r, e, now, true)
			return
		}
		c.stats.misses.Add(1)
		e, rec := c.fill(h, r, key)
		if e != nil {
			serve(w, r, e, c.cfg.Now(), false)
			return
		}
		rec.replay(w, r)
	})
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
			if e := c.get(key, c.cfg.Now()); e != nil {
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
