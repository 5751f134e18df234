package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/bylinehq/byline/internal/metrics"
)

// Middleware wraps a handler.
type Middleware func(http.Handler) http.Handler

// Chain applies middleware so that the first listed is the outermost.
func Chain(h http.Handler, mw ...Middleware) http.Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// WithRequestID gives every request an id, taken from a trusted proxy's
// X-Request-Id when it is well formed, and echoes it in the response.
func WithRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := SetRequestID(w, r)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

// SetRequestID picks r's id as WithRequestID does and sets it on the
// response, without putting it in r's context; it returns the id.
func SetRequestID(w http.ResponseWriter, r *http.Request) string {
	id := r.Header.Get("X-Request-Id")
	if !validRequestID(id) {
		id = newRequestID()
	}
	w.Header()["X-Request-Id"] = []string{id}
	return id
}

func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// statusRecorder remembers what a handler wrote, for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

// code is the status sent: 200 when the handler wrote nothing explicit.
func (s *statusRecorder) code() int {
	if s.status == 0 {
		return http.StatusOK
	}
	return s.status
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += int64(n)
	return n, err
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// AccessLog logs one structured line per request. Query strings are left
// out: they may carry tokens.
func AccessLog(log *slog.Logger) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rec := &statusRecorder{ResponseWriter: w}
			next.ServeHTTP(rec, r)
			LogRequest(log, r, rec.code(), rec.bytes, time.Since(start), "")
		})
	}
}

// LogRequest writes AccessLog's line for r; id is the request id when r's
// context does not carry it (the log handler adds it from there).
func LogRequest(log *slog.Logger, r *http.Request, status int, bytes int64, took time.Duration, id string) {
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelWarn
	}
	attrs := [7]slog.Attr{slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.Int("status", status), slog.Int64("bytes", bytes),
		slog.Duration("duration", took), slog.String("remote", r.RemoteAddr)}
	n := 6
	if id != "" {
		attrs[n] = slog.String("request_id", id)
		n++
	}
	log.LogAttrs(r.Context(), level, "request", attrs[:n]...)
}

// Recover turns a panic into a logged 500 instead of a dropped connection.
func Recover(log *slog.Logger, onError ErrorWriter) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if p := recover(); p != nil {
					if p == http.ErrAbortHandler {
						panic(p)
					}
					log.ErrorContext(r.Context(), "panic", "err", fmt.Sprint(p), "stack", string(debug.Stack()))
					onError(w, r, errors.New("internal error"))
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// ContentSecurityPolicy allows only the site's own scripts, styles, images
// and fonts: no inline script or style at all.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// SecurityHeaders sets the headers every response carries; HSTS only when
// the server itself terminates TLS.
func SecurityHeaders(tls bool) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			SetSecurityHeaders(w.Header(), tls)
			next.ServeHTTP(w, r)
		})
	}
}

// securityHeaders are set as these very slices, not copied per request:
// every response carries them. Their length is their capacity, so that a
// handler's Add makes its own copy rather than writing into them.
var securityHeaders = [...]struct {
	name  string
	value []string
}{
	{"Content-Security-Policy", []string{ContentSecurityPolicy}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"Referrer-Policy", []string{"strict-origin-when-cross-origin"}},
	{"Permissions-Policy", []string{"camera=(), microphone=(), geolocation=(), interest-cohort=()"}},
	{"X-Frame-Options", []string{"DENY"}},
	{"Cross-Origin-Opener-Policy", []string{"same-origin"}},
}

var hsts = []string{"max-age=63072000; includeSubDomains"}

// SetSecurityHeaders sets on h what SecurityHeaders does.
func SetSecurityHeaders(h http.Header, tls bool) {
	for _, sh := range securityHeaders {
		h[sh.name] = sh.value
	}
	if tls {
		h["Strict-Transport-Security"] = hsts
	}
}

// Timeout bounds the time a handler may spend, through its context: store
// queries and renders give up when it expires.
func Timeout(d time.Duration) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

func isTimeout(err error) bool {
	return errors.Is(err, context.DeadlineExceeded)
}

// LogHandler adds the request id from the context to every log record.
// When Flush is set (the output is a LogBuffer), it is called after every
// warning and error, so that those reach the log at once.
type LogHandler struct {
	slog.Handler
	Flush func() error
}

// Handle implements slog.Handler.
func (h LogHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	err := h.Handler.Handle(ctx, r)
	if h.Flush != nil && r.Level >= slog.LevelWarn {
		err = errors.Join(err, h.Flush())
	}
	return err
}

// WithAttrs implements slog.Handler.
func (h LogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return LogHandler{h.Handler.WithAttrs(attrs), h.Flush}
}

// WithGroup implements slog.Handler.
func (h LogHandler) WithGroup(name string) slog.Handler {
	return LogHandler{h.Handler.WithGroup(name), h.Flush}
}

// Instrument counts requests by route (the ServeMux pattern that matched,
// method included, or "unmatched": never the raw path, which would make a
// series per URL) and status, and times them by route. It must wrap the mux
// directly: the mux records the pattern on the request it is handed, and a
// middleware that copies the request (WithContext) would hide it.
func Instrument(requests *metrics.Counter, latency *metrics.Histogram) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rec := &statusRecorder{ResponseWriter: w}
			next.ServeHTTP(rec, r)
			CountRequest(requests, latency, r.Pattern, rec.code(), time.Since(start))
		})
	}
}

// CountRequest counts and times a request as Instrument does, under route
// (the pattern the router matched; "" for none).
func CountRequest(requests *metrics.Counter, latency *metrics.Histogram, route string, status int, took time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	requests.Inc(route, statusText(status))
	latency.Observe(took.Seconds(), route)
}

// statusText is a status code as a label value, without formatting the
// common ones on every request.
func statusText(code int) string {
	switch code {
	case http.StatusOK:
		return "200"
	case http.StatusNotModified:
		return "304"
	case http.StatusNotFound:
		return "404"
	}
	return strconv.Itoa(code)
}

// Audited runs a handler that changes something and, when it succeeded (it
// returned no error and answered below 400), calls record. Reads (GET,
// HEAD) are never recorded.
func Audited(w http.ResponseWriter, r *http.Request, h func(http.ResponseWriter) error, record func()) error {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return h(w)
	}
	rec := &statusRecorder{ResponseWriter: w}
	if err := h(rec); err != nil {
		return err
	}
	if rec.code() < 400 {
		record()
	}
	return nil
}
