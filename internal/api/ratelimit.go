package api

import (
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"golang.org/x/time/rate"
)

// RateLimiter gives each client a token bucket: Burst requests at once,
// refilled at Rate per second. Clients are told when to come back with
// Retry-After.
//
// A client is its remote IP address (an IPv6 client its /64, which one
// host usually holds whole). X-Forwarded-For is believed only when
// TrustForwardedFor is set, because any client can write it: set it only
// when a proxy you run sits in front of Byline and appends the address it
// saw; its last entry is then used.
type RateLimiter struct {
	Rate              rate.Limit
	Burst             int
	TrustForwardedFor bool
	// MaxClients bounds the memory the limiter holds; when it is full the
	// client seen longest ago is forgotten. 10,000 when zero.
	MaxClients int
	Now        func() time.Time

	mu        sync.Mutex
	clients   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// NewRateLimiter returns a limiter of perSecond requests with bursts of
// burst per client.
func NewRateLimiter(perSecond float64, burst int, now func() time.Time) *RateLimiter {
	if now == nil {
		now = time.Now
	}
	return &RateLimiter{Rate: rate.Limit(perSecond), Burst: max(burst, 1), Now: now}
}

// idle is how long a client must be quiet for its bucket to be full again.
// Forgetting it then changes nothing: a new bucket starts full.
func (l *RateLimiter) idle() time.Duration {
	if l.Rate <= 0 {
		return time.Hour
	}
	return max(time.Duration(float64(l.Burst)/float64(l.Rate)*float64(time.Second)), time.Second)
}

// Allow takes a token from key's bucket. When there is none it returns
// false and how long until there is one.
func (l *RateLimiter) Allow(key string) (bool, time.Duration) {
	now := l.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.clients == nil {
		l.clients = map[string]*bucket{}
	}
	b, ok := l.clients[key]
	if !ok {
		l.makeRoom(now)
		b = &bucket{lim: rate.NewLimiter(l.Rate, l.Burst)}
		l.clients[key] = b
	}
	b.seen = now
	res := b.lim.ReserveN(now, 1)
	if !res.OK() {
		return false, l.idle()
	}
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// makeRoom forgets clients whose buckets are full again, at most once per
// idle period, and the longest-quiet client when the map is still full.
func (l *RateLimiter) makeRoom(now time.Time) {
	maxClients := l.MaxClients
	if maxClients <= 0 {
		maxClients = 10_000
	}
	idle := l.idle()
	if now.Sub(l.lastSweep) >= idle || len(l.clients) >= maxClients {
		for k, b := range l.clients {
			if now.Sub(b.seen) >= idle {
				delete(l.clients, k)
			}
		}
		l.lastSweep = now
	}
	if len(l.clients) < maxClients {
		return
	}
	var oldest string
	var at time.Time
	for k, b := range l.clients {
		if oldest == "" || b.seen.Before(at) {
			oldest, at = k, b.seen
		}
	}
	delete(l.clients, oldest)
}

// Clients reports how many clients the limiter remembers.
func (l *RateLimiter) Clients() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.clients)
}

// Limit answers 429 with Retry-After and a JSON error to a client over its
// rate, and passes everyone else to next.
func (l *RateLimiter) Limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, wait := l.Allow(l.ClientKey(r))
		if ok {
			next.ServeHTTP(w, r)
			return
		}
		secs := int(math.Ceil(wait.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
		var b errorBody
		b.Error.Code = CodeRateLimited
		b.Error.Message = "too many requests from your address; wait " + strconv.Itoa(max(secs, 1)) + " s (see Retry-After) and try again"
		writeJSON(w, http.StatusTooManyRequests, b)
	})
}

// CodeRateLimited is the error code of a 429 answer.
const CodeRateLimited news.Code = "rate_limited"

// ClientKey names the client a request comes from.
func (l *RateLimiter) ClientKey(r *http.Request) string {
	addr := remoteAddr(r.RemoteAddr)
	if l.TrustForwardedFor {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if a, err := netip.ParseAddr(strings.TrimSpace(parts[len(parts)-1])); err == nil {
				addr = a
			}
		}
	}
	if !addr.IsValid() {
		return r.RemoteAddr
	}
	addr = addr.Unmap()
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}

func remoteAddr(s string) netip.Addr {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr()
	}
	a, _ := netip.ParseAddr(s)
	return a
}
