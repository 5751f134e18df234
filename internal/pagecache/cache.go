package pagecache

import (
	"container/list"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Config sizes the cache.
type Config struct {
	// MaxBytes bounds the compressed pages held; the least recently used
	// go first. Zero means 32 MiB.
	MaxBytes int64
	// TTL bounds how long a page is kept whatever happens: the net under
	// what tags cannot see (another story's edit moving it into a page's
	// "Read also"). Zero means 10 minutes.
	TTL time.Duration
	Now func() time.Time
	Log *slog.Logger
}

// Cache is the page cache; the zero value is not usable, see New.
type Cache struct {
	cfg Config
	src Source

	mu      sync.Mutex
	entries map[string]*entry
	lru     *list.List // of *entry, most recent first
	byTag   map[string]map[*entry]struct{}
	bytes   int64
	// gen counts invalidations; dropped[tag] is the gen that last dropped
	// tag and purged the gen of the last purge. A render that began
	// before either is not stored: it may show what was just changed.
	gen     uint64
	dropped map[string]uint64
	purged  uint64
	flight  map[string]*flight

	// nextVisible is when a story next appears with no write (unix ms,
	// 0 for none): pages rendered before it are stale from then on.
	nextVisible atomic.Int64

	sync   syncState
	stats  struct{ hits, misses, stored, dropped atomic.Int64 }
	brotli chan *entry // pages waiting for their brotli copy
}

type entry struct {
	key      string
	tags     []string
	elem     *list.Element
	size     int64
	rendered time.Time
	expires  time.Time // the TTL or the time labels, whichever is first
	labels   time.Time // when the time labels change (zero: none)
	page     *page
	route    string                       // the pattern the router matched when it was rendered
	cc       atomic.Pointer[stampedValue] // Cache-Control, see cacheControlHeader
	queued   atomic.Bool                  // for its brotli copy, see wantBrotli
}

// flight is a render in progress that other requests for its key wait on.
type flight struct {
	done chan struct{}
	page *page // nil when the render could not be shared
}

// New returns an empty cache over src; src may be nil in tests that
// invalidate by hand.
func New(src Source, cfg Config) *Cache {
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = 32 << 20
	}
	if cfg.TTL <= 0 {
		cfg.TTL = 10 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	c := &Cache{cfg: cfg, src: src, flight: map[string]*flight{}, brotli: make(chan *entry, 256)}
	c.reset()
	// Half the processors compress, so that a burst of misses after a
	// publish does not take them all from readers; pages queued beyond
	// the channel's room are served with gzip until rendered again.
	for range max(1, runtime.GOMAXPROCS(0)/2) {
		go c.compress()
	}
	return c
}

// wantBrotli queues e's page for its brotli copy, once. It is asked on a
// hit, not when the page is stored: a page asked for once (an old story a
// crawler passes by) is not worth the compression, which costs about as
// much as the render. When the queue is full the page is sent in gzip,
// and queued at a later hit.
func (c *Cache) wantBrotli(e *entry) {
	if e.page.br.Load() != nil || e.queued.Swap(true) {
		return
	}
	select {
	case c.brotli <- e:
	default:
		e.queued.Store(false)
	}
}

// compress adds the brotli copy to stored pages, for as long as the
// process runs (a cache lives as long as its app).
func (c *Cache) compress() {
	for e := range c.brotli {
		if err := e.page.addBrotli(); err != nil {
			c.cfg.Log.Warn("page cache: brotli", "key", e.key, "err", err)
			continue
		}
		c.mu.Lock()
		if c.entries[e.key] == e {
			grown := e.page.size() + int64(len(e.key)) + 200 + e.tagBytes() - e.size
			e.size += grown
			c.bytes += grown
			for c.bytes > c.cfg.MaxBytes {
				c.remove(c.lru.Back().Value.(*entry))
			}
		}
		c.mu.Unlock()
	}
}

func (e *entry) tagBytes() int64 {
	var n int64
	for _, t := range e.tags {
		n += int64(len(t)) + 48
	}
	return n
}

func (c *Cache) reset() {
	c.entries = map[string]*entry{}
	c.lru = list.New()
	c.byTag = map[string]map[*entry]struct{}{}
	c.dropped = map[string]uint64{}
	c.bytes = 0
}

// get returns the fresh entry for key, or nil. The key is bytes, looked
// up without making a string of them.
func (c *Cache) get(key []byte, now time.Time) *entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[string(key)]
	if e == nil {
		return nil
	}
	if !now.Before(e.expires) || c.passedVisibility(e, now) {
		c.remove(e)
		return nil
	}
	c.lru.MoveToFront(e.elem)
	return e
}

// passedVisibility reports whether a story became visible, by its time
// alone, after e was rendered.
func (c *Cache) passedVisibility(e *entry, now time.Time) bool {
	nv := c.nextVisible.Load()
	return nv != 0 && now.UnixMilli() >= nv && e.rendered.UnixMilli() < nv
}

// newEntry makes the entry of a page rendered at rendered.
func (c *Cache) newEntry(key string, p *page, tags []string, labels, rendered time.Time) *entry {
	e := &entry{key: key, tags: tags, rendered: rendered, labels: labels, page: p, expires: rendered.Add(c.cfg.TTL)}
	if !labels.IsZero() && labels.Before(e.expires) {
		e.expires = labels
	}
	e.size = p.size() + int64(len(key)) + 200 + e.tagBytes()
	return e
}

// put stores e unless something it shows was dropped after its render
// began, at gen.
func (c *Cache) put(e *entry, gen uint64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.purged > gen {
		return false
	}
	for _, t := range e.tags {
		if c.dropped[t] > gen {
			return false
		}
	}
	if e.size > c.cfg.MaxBytes/8 {
		return false // one page must not empty the cache
	}
	if old := c.entries[e.key]; old != nil {
		c.remove(old)
	}
	e.elem = c.lru.PushFront(e)
	c.entries[e.key] = e
	for _, t := range e.tags {
		set := c.byTag[t]
		if set == nil {
			set = map[*entry]struct{}{}
			c.byTag[t] = set
		}
		set[e] = struct{}{}
	}
	c.bytes += e.size
	for c.bytes > c.cfg.MaxBytes {
		c.remove(c.lru.Back().Value.(*entry))
	}
	c.stats.stored.Add(1)
	return true
}

// remove drops e; c.mu is held.
func (c *Cache) remove(e *entry) {
	if c.entries[e.key] != e {
		return
	}
	delete(c.entries, e.key)
	c.lru.Remove(e.elem)
	for _, t := range e.tags {
		if set := c.byTag[t]; set != nil {
			delete(set, e)
			if len(set) == 0 {
				delete(c.byTag, t)
			}
		}
	}
	c.bytes -= e.size
}

// Drop removes every page that carries one of tags, and keeps renders in
// progress that carry one from being stored.
func (c *Cache) Drop(tags ...string) {
	if len(tags) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	n := 0
	for _, t := range tags {
		c.dropped[t] = c.gen
		for e := range c.byTag[t] {
			c.remove(e)
			n++
		}
	}
	c.stats.dropped.Add(int64(n))
}

// Purge empties the cache.
func (c *Cache) Purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.purged = c.gen
	c.stats.dropped.Add(int64(len(c.entries)))
	c.reset()
}

// MaxBytes is the bound on what the cache holds.
func (c *Cache) MaxBytes() int64 { return c.cfg.MaxBytes }

// Stats are the cache's counters since it started.
type Stats struct {
	Hits, Misses, Stored, Dropped int64
	Entries                       int
	Bytes                         int64
}

// Stats returns the counters and the current size.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	entries, bytes := len(c.entries), c.bytes
	c.mu.Unlock()
	return Stats{Hits: c.stats.hits.Load(), Misses: c.stats.misses.Load(), Stored: c.stats.stored.Load(),
		Dropped: c.stats.dropped.Load(), Entries: entries, Bytes: bytes}
}
