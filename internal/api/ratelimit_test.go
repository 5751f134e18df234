package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) add(d time.Duration) { c.t = c.t.Add(d) }
func newFakeClock() *fakeClock           { return &fakeClock{t: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)} }
func (c *fakeClock) limiter(perSecond float64, burst int) *RateLimiter {
	return NewRateLimiter(perSecond, burst, c.now)
}

func TestRateLimitAnswers429WithRetryAfterUntilTheBucketRefills(t *testing.T) {
	clock := newFakeClock()
	l := clock.limiter(0.5, 2) // one request every two seconds, two at once
	h := cors(l.Limit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })))
	call := func(remote string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "/api/v1/editions", nil)
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for i := range 2 {
		if rec := call("192.0.2.1:1000"); rec.Code != 204 {
			t.Fatalf("request %d within the burst: %d", i+1, rec.Code)
		}
	}
	rec := call("192.0.2.1:1001") // another port of the same host is the same client
	if rec.Code != 429 || rec.Header().Get("Retry-After") != "2" || rec.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("over the limit: %d, Retry-After %q, headers %v", rec.Code, rec.Header().Get("Retry-After"), rec.Header())
	}
	var body errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error.Code != CodeRateLimited || body.Error.Message == "" {
		t.Errorf("429 body = %s (%v)", rec.Body.String(), err)
	}
	if rec := call("198.51.100.9:1000"); rec.Code != 204 {
		t.Errorf("another client was limited too: %d", rec.Code)
	}
	clock.add(time.Second)
	if rec := call("192.0.2.1:1000"); rec.Code != 429 || rec.Header().Get("Retry-After") != "1" {
		t.Errorf("half a token later: %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	clock.add(time.Second)
	if rec := call("192.0.2.1:1000"); rec.Code != 204 {
		t.Errorf("after Retry-After: %d", rec.Code)
	}
}

func TestRateLimitClientKeys(t *testing.T) {
	tests := []struct {
		name    string
		remote  string
		xff     string
		trusted bool
		want    string
	}{
		{"an IPv4 client is its address", "192.0.2.7:5555", "", false, "192.0.2.7"},
		{"an IPv6 client is its /64", "[2001:db8:1:2:3:4:5:6]:443", "", false, "2001:db8:1:2::/64"},
		{"a mapped IPv4 address is IPv4", "[::ffff:192.0.2.7]:1", "", false, "192.0.2.7"},
		{"X-Forwarded-For is ignored unless trusted", "192.0.2.7:1", "203.0.113.5", false, "192.0.2.7"},
		{"a trusted proxy's last entry is the client", "10.0.0.1:1", "198.51.100.1, 203.0.113.5", true, "203.0.113.5"},
		{"a malformed forwarded address falls back to the peer", "10.0.0.1:1", "not-an-ip", true, "10.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewRateLimiter(1, 1, nil)
			l.TrustForwardedFor = tt.trusted
			req := httptest.NewRequest("GET", "/", nil)
			req.RemoteAddr = tt.remote
			if tt.xff != "" {
				req.Header.Set("X-Forwarded-For", tt.xff)
			}
			if got := l.ClientKey(req); got != tt.want {
				t.Errorf("ClientKey = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRateLimitForgetsIdleClientsAndStaysBounded(t *testing.T) {
	clock := newFakeClock()
	l := clock.limiter(10, 20) // a bucket is full again after 2 s
	l.MaxClients = 3
	for i := range 5 {
		l.Allow("client-" + strconv.Itoa(i))
		clock.add(100 * time.Millisecond)
	}
	if n := l.Clients(); n > 3 {
		t.Fatalf("%d clients remembered, want at most 3", n)
	}
	// The most recent clients are kept: client-4 is still limited as before.
	for range 20 { // 19 tokens left, and one refilled in the 100 ms since
		l.Allow("client-4")
	}
	if ok, _ := l.Allow("client-4"); ok {
		t.Error("client-4's bucket was reset while it was busy")
	}
	clock.add(3 * time.Second)
	l.Allow("newcomer")
	if n := l.Clients(); n != 1 {
		t.Errorf("%d clients remembered after everyone else was idle, want 1", n)
	}
}
