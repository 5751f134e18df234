package pagecache

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/bylinehq/byline/internal/web"
)

// page is a rendered response kept compressed twice: gzip for every
// client that accepts it and brotli (smaller, about a fifth on HTML) for
// those that accept that. The few clients that accept neither get the
// gzip bytes inflated on the way out, so the plain text is not kept.
// Brotli is made after the page's first hit, off the reader's path: it
// took as long as rendering the page; until it is ready, gzip is sent.
type page struct {
	contentType, language string
	lastModified          time.Time
	// etags are the page's validators, quoted, for the plain body and
	// for its gzip and brotli codings: made once, not on every hit.
	etag, etagGz, etagBr string
	maxAge               time.Duration // the handler's, for clients and proxies
	gz                   []byte
	br                   atomic.Pointer[brotliCopy]
	surrogate            string
	// header holds what every response of the page carries, and gzHeader
	// what its gzip response adds, as the very slices a response's header
	// map gets: a hit sets a dozen headers, and making them each time was
	// a good part of its cost.
	header, gzHeader []headerValue
}

// brotliCopy is the page in brotli, with its own headers.
type brotliCopy struct {
	body   []byte
	header []headerValue
}

// headerValue is a header as set on a response: name canonical, value a
// slice whose length is its capacity, so that an Add by anyone else
// makes its own copy rather than writing into the page's.
type headerValue struct {
	name  string
	value []string
}

func hv(name string, value ...string) headerValue {
	return headerValue{http.CanonicalHeaderKey(name), slices.Clip(value)}
}

func setHeaders(h http.Header, hvs []headerValue) {
	for _, x := range hvs {
		h[x.name] = x.value
	}
}

func (p *page) size() int64 {
	n := int64(len(p.gz) + len(p.surrogate))
	if br := p.br.Load(); br != nil {
		n += int64(len(br.body))
	}
	return n
}

const brotliQuality = 5 // about gzip's speed, 10–15% smaller on HTML

var (
	gzipWriters   = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression); return w }}
	brotliWriters = sync.Pool{New: func() any { return brotli.NewWriterLevel(nil, brotliQuality) }}
)

func newPage(h http.Header, body []byte, tags []string) *page {
	p := &page{contentType: h.Get("Content-Type"), language: h.Get("Content-Language")}
	base := strings.Trim(strings.TrimPrefix(h.Get("ETag"), "W/"), `"`)
	if base == "" {
		base = strings.Trim(web.ETag(body), `"`)
	}
	p.etag, p.etagGz, p.etagBr = `"`+base+`"`, `"`+base+`-gz"`, `"`+base+`-br"`
	p.maxAge = defaultMaxAge
	if m := maxAgeRE.FindStringSubmatch(h.Get("Cache-Control")); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			p.maxAge = time.Duration(n) * time.Second
		}
	}
	if lm, err := http.ParseTime(h.Get("Last-Modified")); err == nil {
		p.lastModified = lm
	}
	var buf bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&buf)
	zw.Write(body)
	zw.Close()
	gzipWriters.Put(zw)
	p.gz = bytes.Clone(buf.Bytes())
	p.surrogate = surrogateKey(tags)
	p.header = append(p.header, hv("Content-Type", p.contentType), hv("Vary", "Accept-Encoding"))
	if p.language != "" {
		p.header = append(p.header, hv("Content-Language", p.language))
	}
	if !p.lastModified.IsZero() {
		p.header = append(p.header, hv("Last-Modified", p.lastModified.UTC().Format(http.TimeFormat)))
	}
	if p.surrogate != "" {
		p.header = append(p.header, hv("Surrogate-Key", p.surrogate))
	}
	p.gzHeader = codingHeader("gzip", p.etagGz, len(p.gz))
	return p
}

func codingHeader(coding, etag string, size int) []headerValue {
	return []headerValue{hv("Content-Encoding", coding), hv("ETag", etag), hv("Content-Length", strconv.Itoa(size))}
}

// addBrotli compresses the page with brotli, from its gzip copy.
func (p *page) addBrotli() error {
	zr, err := gzip.NewReader(bytes.NewReader(p.gz))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	bw := brotliWriters.Get().(*brotli.Writer)
	bw.Reset(&buf)
	_, err = io.Copy(bw, zr)
	bw.Close()
	brotliWriters.Put(bw)
	if err != nil {
		return err
	}
	br := bytes.Clone(buf.Bytes())
	p.br.Store(&brotliCopy{body: br, header: codingHeader("br", p.etagBr, len(br))})
	return nil
}

// surrogateKey is the Surrogate-Key header: the tags, space-separated, cut
// at a length CDNs accept (Fastly takes 16 KiB; the page-level tags come
// first, so a cut loses only some story tags).
func surrogateKey(tags []string) string {
	const limit = 8 << 10
	var b strings.Builder
	for _, t := range tags {
		if b.Len()+len(t)+1 > limit {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	return b.String()
}

// defaultMaxAge is how long browsers and proxies may reuse a page without
// asking when its handler does not say; staleFor how long a proxy may
// serve it stale while it revalidates. A page held here is current (a
// change drops it), so each response gets the whole lifetime; no Age
// header, which would make downstream caches count the time held here.
const (
	defaultMaxAge = 60 * time.Second
	staleFor      = 60 * time.Second
)

var maxAgeRE = regexp.MustCompile(`max-age=(\d+)`)

// cacheControl never lets a copy outlive the page's time labels, served
// stale or not, so no one reads yesterday's "Today".
func cacheControl(e *entry, now time.Time) string {
	age, stale := e.page.maxAge, staleFor
	if !e.labels.IsZero() {
		left := e.labels.Sub(now)
		age = max(0, min(age, left))
		stale = max(0, min(stale, left-age))
	}
	cc := "public, max-age=" + strconv.Itoa(int((age+time.Second-1)/time.Second))
	if stale > 0 {
		cc += ", stale-while-revalidate=" + strconv.Itoa(int(stale/time.Second))
	}
	return cc
}

// cacheControlHeader is cacheControl as a header value, made at most once
// a second per entry (it changes with the time left before the labels do,
// in whole seconds), where a busy page is asked for thousands of times.
func (e *entry) cacheControlHeader(now time.Time) []string {
	sec := now.Unix()
	if cc := e.cc.Load(); cc != nil && cc.at == sec {
		return cc.value
	}
	cc := &stampedValue{at: sec, value: []string{cacheControl(e, now)}}
	e.cc.Store(cc)
	return cc.value
}

// stampedValue is a header value and the second it was made for.
type stampedValue struct {
	at    int64
	value []string
}

var (
	xCacheHit  = []string{"HIT"}
	xCacheMiss = []string{"MISS"}
)

// serve writes e's page in the encoding r accepts best, or 304, and
// returns the status and the body's length.
func serve(w http.ResponseWriter, r *http.Request, e *entry, now time.Time, hit bool) (status, n int) {
	p := e.page
	h := w.Header()
	br := p.br.Load()
	enc := pickEncoding(r.Header.Get("Accept-Encoding"), br != nil)
	setHeaders(h, p.header)
	h["Cache-Control"] = e.cacheControlHeader(now)
	if hit {
		h["X-Cache"] = xCacheHit
	} else {
		h["X-Cache"] = xCacheMiss
	}
	var body []byte
	switch enc {
	case "br":
		setHeaders(h, br.header)
		body = br.body
	case "gzip":
		setHeaders(h, p.gzHeader)
		body = p.gz
	default:
		h.Set("ETag", p.etag)
	}
	etag := h.Get("ETag")
	if web.NotModified(r, etag, p.lastModified) {
		for _, name := range []string{"Content-Type", "Content-Encoding", "Content-Length"} {
			delete(h, name)
		}
		w.WriteHeader(http.StatusNotModified)
		return http.StatusNotModified, 0
	}
	if enc == "" {
		zr, err := gzip.NewReader(bytes.NewReader(p.gz))
		if err == nil {
			body, err = io.ReadAll(zr)
		}
		if err != nil {
			http.Error(w, "cannot read the cached page", http.StatusInternalServerError)
			return http.StatusInternalServerError, 0
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return http.StatusOK, 0
	}
	n, _ = w.Write(body)
	return http.StatusOK, n
}

// pickEncoding prefers brotli, when the page has it, then gzip, among the
// codings the client accepts (a q of 0 refuses one).
func pickEncoding(accept string, haveBrotli bool) string {
	var gz, br bool
	for accept != "" {
		var part string
		part, accept, _ = strings.Cut(accept, ",")
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if q, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(q, 64); err == nil && f == 0 {
				continue
			}
		}
		switch name = strings.TrimSpace(name); {
		case strings.EqualFold(name, "br"):
			br = true
		case strings.EqualFold(name, "gzip"), strings.EqualFold(name, "x-gzip"):
			gz = true
		case name == "*":
			br, gz = true, true
		}
	}
	switch {
	case br && haveBrotli:
		return "br"
	case gz:
		return "gzip"
	}
	return ""
}
