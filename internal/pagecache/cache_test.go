package pagecache

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/bylinehq/byline/internal/news"
)

// clock is a settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func newClock() *clock                   { return &clock{t: time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)} }
func get(h http.Handler, path string, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// pages is a handler whose page at /p/{name} shows the tags in its
// query and counts its renders.
type pages struct {
	renders atomic.Int64
	version atomic.Int64
	labels  time.Time
}

func (p *pages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.renders.Add(1)
	if tags := r.URL.Query().Get("tags"); tags != "" {
		Depend(r.Context(), strings.Split(tags, ",")...)
	}
	if !p.labels.IsZero() {
		LabelsChangeAt(r.Context(), p.labels)
	}
	if r.URL.Path == "/missing" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=60")
	fmt.Fprintf(w, "<p>%s v%d %s</p>", r.URL.Path, p.version.Load(), strings.Repeat("news ", 300))
}

func TestHitsAndEncodings(t *testing.T) {
	clk := newClock()
	c := New(nil, Config{Now: clk.now})
	p := &pages{}
	h := c.Wrap(p)
	first := get(h, "/p/a", "Accept-Encoding", "gzip")
	if first.Header().Get("X-Cache") != "MISS" || first.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("first: %v", first.Header())
	}
	plain := get(h, "/p/a")
	if plain.Header().Get("X-Cache") != "HIT" || plain.Header().Get("Content-Encoding") != "" || p.renders.Load() != 1 {
		t.Fatalf("second: %v after %d renders", plain.Header(), p.renders.Load())
	}
	gzSize := first.Body.Len()
	zr, err := gzip.NewReader(first.Body)
	if err != nil {
		t.Fatal(err)
	}
	gz, _ := io.ReadAll(zr)
	// Brotli is made after the first response; gzip goes out meanwhile.
	br := get(h, "/p/a", "Accept-Encoding", "gzip, br")
	for deadline := time.Now().Add(5 * time.Second); br.Header().Get("Content-Encoding") != "br" && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
		br = get(h, "/p/a", "Accept-Encoding", "gzip, br")
	}
	if br.Header().Get("Content-Encoding") != "br" {
		t.Fatalf("br: %v", br.Header())
	}
	brSize := br.Body.Len()
	unbr, err := io.ReadAll(brotli.NewReader(br.Body))
	if err != nil || !bytes.Equal(unbr, plain.Body.Bytes()) || !bytes.Equal(gz, plain.Body.Bytes()) {
		t.Fatalf("the three codings differ (%v)", err)
	}
	if brSize == 0 || brSize >= gzSize {
		t.Errorf("brotli %d bytes, gzip %d", brSize, gzSize)
	}
	etags := map[string]bool{first.Header().Get("ETag"): true, plain.Header().Get("ETag"): true, br.Header().Get("ETag"): true}
	if len(etags) != 3 {
		t.Errorf("each coding needs its own ETag: %v", etags)
	}
	if r := get(h, "/p/a", "Accept-Encoding", "br", "If-None-Match", br.Header().Get("ETag")); r.Code != 304 || r.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d", r.Code)
	}
	if r := get(h, "/p/a", "Accept-Encoding", "gzip", "If-None-Match", br.Header().Get("ETag")); r.Code != 200 {
		t.Errorf("the brotli ETag matched the gzip copy: %d", r.Code)
	}
	if r := get(h, "/missing"); r.Code != 404 || get(h, "/missing").Header().Get("X-Cache") == "HIT" {
		t.Error("a 404 was cached")
	}
	if cc := plain.Header().Get("Cache-Control"); cc != "public, max-age=60, stale-while-revalidate=60" {
		t.Errorf("Cache-Control %q", cc)
	}
}

func TestDropTakesOnlyTagged(t *testing.T) {
	c := New(nil, Config{})
	p := &pages{}
	h := c.Wrap(p)
	for _, path := range []string{"/p/a?tags=s:1,l:en", "/p/b?tags=s:2,l:en", "/p/c?tags=s:3,l:es"} {
		get(h, path)
	}
	if sk := get(h, "/p/a?tags=s:1,l:en").Header().Get("Surrogate-Key"); sk != "l:en s:1" {
		t.Errorf("Surrogate-Key %q", sk)
	}
	c.Drop("s:2")
	hits := func() (out []string) {
		for _, path := range []string{"/p/a?tags=s:1,l:en", "/p/b?tags=s:2,l:en", "/p/c?tags=s:3,l:es"} {
			out = append(out, get(h, path).Header().Get("X-Cache"))
		}
		return out
	}
	if got := hits(); !slices.Equal(got, []string{"HIT", "MISS", "HIT"}) {
		t.Errorf("after dropping s:2: %v", got)
	}
	c.Drop("l:en")
	if got := hits(); !slices.Equal(got, []string{"MISS", "MISS", "HIT"}) {
		t.Errorf("after dropping l:en: %v", got)
	}
	c.Purge()
	if got := hits(); !slices.Equal(got, []string{"MISS", "MISS", "MISS"}) {
		t.Errorf("after a purge: %v", got)
	}
}

// A page whose render began before a change to something it shows must
// not be stored: it may show the old state.
func TestRenderRacingAChangeIsNotStored(t *testing.T) {
	c := New(nil, Config{})
	started, release := make(chan struct{}), make(chan struct{})
	h := c.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Depend(r.Context(), "s:7")
		close(started)
		<-release
		w.Write([]byte("old state"))
	}))
	done := make(chan struct{})
	go func() { get(h, "/p"); close(done) }()
	<-started
	c.Drop("s:7")
	close(release)
	<-done
	if st := c.Stats(); st.Entries != 0 {
		t.Errorf("%d pages stored", st.Entries)
	}
}

func TestConcurrentMissesRenderOnce(t *testing.T) {
	c := New(nil, Config{})
	var renders atomic.Int64
	gate := make(chan struct{})
	h := c.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renders.Add(1)
		<-gate
		w.Write([]byte("breaking"))
	}))
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := get(h, "/story"); r.Body.String() != "breaking" {
				t.Errorf("got %q", r.Body.String())
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	close(gate)
	wg.Wait()
	if n := renders.Load(); n != 1 {
		t.Errorf("%d renders for 50 concurrent readers", n)
	}
}

func TestExpiry(t *testing.T) {
	clk := newClock()
	c := New(nil, Config{Now: clk.now, TTL: 10 * time.Minute})
	p := &pages{labels: clk.now().Add(90 * time.Second)} // "Today" turns into "Yesterday"
	h := c.Wrap(p)
	get(h, "/p/a")
	clk.advance(50 * time.Second)
	r := get(h, "/p/a")
	if r.Header().Get("X-Cache") != "HIT" {
		t.Fatal("not cached")
	}
	// 40 s left to the labels: max-age 40, nothing left to serve stale.
	if cc := r.Header().Get("Cache-Control"); cc != "public, max-age=40" {
		t.Errorf("Cache-Control %q 40 s before the labels change", cc)
	}
	clk.advance(40 * time.Second)
	if get(h, "/p/a").Header().Get("X-Cache") != "MISS" {
		t.Error("served past its time labels")
	}
	p.labels = time.Time{}
	get(h, "/p/b")
	clk.advance(10*time.Minute + time.Second)
	if get(h, "/p/b").Header().Get("X-Cache") != "MISS" {
		t.Error("served past the TTL")
	}
}

func TestBudgetEvictsLeastRecentlyUsed(t *testing.T) {
	c := New(nil, Config{MaxBytes: 64 << 10})
	h := c.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Random, so incompressible: each page takes over 4 KiB.
		buf := make([]byte, 4<<10)
		rng := rand.New(rand.NewPCG(uint64(len(r.URL.Path)), uint64(r.URL.Path[len(r.URL.Path)-1])))
		for i := range buf {
			buf[i] = byte(rng.Uint32())
		}
		w.Write(buf)
	}))
	for i := range 20 {
		get(h, fmt.Sprintf("/p/%d", i))
		get(h, "/p/0") // keep the first one in use
	}
	st := c.Stats()
	if st.Bytes > 64<<10 || st.Entries >= 20 {
		t.Errorf("%d pages, %d bytes over a 64 KiB budget", st.Entries, st.Bytes)
	}
	if get(h, "/p/0").Header().Get("X-Cache") != "HIT" || get(h, "/p/1").Header().Get("X-Cache") != "MISS" {
		t.Error("evicted the page in use, or kept an old one")
	}
}

// source is a store's change feed held in memory.
type source struct {
	mu      sync.Mutex
	v       news.Versions
	changes []news.StoryChange
	next    time.Time
}

func (s *source) Versions(context.Context) (news.Versions, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.v, nil
}

func (s *source) ChangedStories(_ context.Context, after int64, limit int) ([]news.StoryChange, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []news.StoryChange
	for _, c := range s.changes {
		if c.Seq > after && len(out) < limit {
			out = append(out, c)
		}
	}
	return out, nil
}

func (s *source) NextVisibility(_ context.Context, now time.Time) (time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.next.After(now) {
		return s.next, nil
	}
	return time.Time{}, nil
}

func (s *source) save(c news.StoryChange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.v.Stories++
	c.Seq = s.v.Stories
	s.changes = append(s.changes, c)
}

func TestSyncDropsWhatAChangeAffects(t *testing.T) {
	clk := newClock()
	src := &source{}
	c := New(src, Config{Now: clk.now})
	ctx := context.Background()
	if err := c.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	h := c.Wrap(&pages{})
	paths := map[string]string{
		"story1": "/p/1?tags=s:1,g:9,l:en", "story2": "/p/2?tags=s:2,l:en", "world": "/p/world?tags=l:en:s:4,s:1",
		"sport": "/p/sport?tags=l:en:s:5,s:3", "topic": "/p/topic?tags=l:en:t:8", "es": "/p/es?tags=l:es,s:20",
		"search": "/p/search?tags=e:en",
	}
	missed := func() []string {
		var out []string
		for _, name := range []string{"es", "search", "sport", "story1", "story2", "topic", "world"} {
			if get(h, paths[name]).Header().Get("X-Cache") == "MISS" {
				out = append(out, name)
			}
		}
		return out
	}
	missed()
	past := clk.now().Add(-time.Hour)
	story1 := news.StoryChange{ID: 1, Edition: "en", TranslationGroup: 9, SectionID: 4, Status: news.Published, PublishedAt: past}
	for _, step := range []struct {
		name   string
		change news.StoryChange
		want   []string
	}{
		{"first sight of a published story: anywhere it may have been", story1,
			[]string{"search", "story1", "story2", "world"}},
		{"an edit of its text: the pages that show it", story1,
			[]string{"search", "story1", "world"}},
		{"moved to sport and given a topic: also the lists it joined",
			news.StoryChange{ID: 1, Edition: "en", TranslationGroup: 9, SectionID: 5, Topics: []int64{8}, Status: news.Published, PublishedAt: past},
			[]string{"search", "sport", "story1", "topic", "world"}},
		{"a draft saved: nothing public", news.StoryChange{ID: 30, Edition: "en", SectionID: 4, Status: news.Draft}, nil},
		{"the draft published: the edition's river and its section",
			news.StoryChange{ID: 30, Edition: "en", SectionID: 4, Status: news.Published, PublishedAt: clk.now()},
			[]string{"search", "story1", "story2", "world"}},
	} {
		src.save(step.change)
		if err := c.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if got := missed(); !slices.Equal(got, step.want) {
			t.Errorf("%s: dropped %v, want %v", step.name, got, step.want)
		}
	}

	src.mu.Lock()
	src.v.Site++
	src.mu.Unlock()
	c.Sync(ctx)
	if got := missed(); len(got) != 7 {
		t.Errorf("a section added: dropped %v, want every page", got)
	}

	// A story scheduled for later appears with no write: pages rendered
	// before its time are stale from then on.
	src.mu.Lock()
	src.next = clk.now().Add(time.Minute)
	src.mu.Unlock()
	src.save(news.StoryChange{ID: 31, Edition: "en", SectionID: 4, Status: news.Scheduled, PublishedAt: clk.now().Add(time.Minute)})
	c.Sync(ctx)
	missed()
	clk.advance(30 * time.Second)
	if got := missed(); got != nil {
		t.Errorf("before the scheduled time: dropped %v", got)
	}
	clk.advance(31 * time.Second)
	if got := missed(); len(got) != 7 {
		t.Errorf("after the scheduled time: dropped %v, want every page", got)
	}
}
