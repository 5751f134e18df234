// Package web holds what every HTTP surface shares: handlers that return
// errors, the mapping of domain error codes to statuses, middleware
// (request ids, access logs, panics, security headers, timeouts), responses
// with conditional GET and compression, and the server with graceful
// shutdown.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"

	"github.com/bylinehq/byline/internal/news"
)

// HandlerFunc is an HTTP handler that returns its error instead of writing
// it, so that one place decides how each surface shows errors.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// ErrorWriter renders an error for one surface (HTML pages, JSON).
type ErrorWriter func(w http.ResponseWriter, r *http.Request, err error)

// Handle adapts h, sending any error it returns to onError. Internal errors
// are logged once here, with the request id, and never shown.
func Handle(log *slog.Logger, h HandlerFunc, onError ErrorWriter) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		if Status(err) >= 500 {
			log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		}
		onError(w, r, err)
	})
}

// Status maps an error's domain code to an HTTP status.
func Status(err error) int {
	switch news.ErrorCode(err) {
	case "":
		return http.StatusOK
	case news.CodeInvalid:
		return http.StatusBadRequest
	case news.CodeNotFound:
		return http.StatusNotFound
	case news.CodeGone:
		return http.StatusGone
	case news.CodeConflict:
		return http.StatusConflict
	case news.CodeForbidden:
		return http.StatusForbidden
	case news.CodeUnauthorized:
		return http.StatusUnauthorized
	case news.CodeUnavailable:
		return http.StatusServiceUnavailable
	}
	if isTimeout(err) {
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

type ctxKey int

const requestIDKey ctxKey = iota

// RequestID returns the request's id, or "" outside a request.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Origin is the scheme and host absolute links start with: base (the
// configured public origin) when set, else the request's own, which is
// right only when clients reach Byline directly.
func Origin(base string, r *http.Request) string {
	if base != "" {
		return strings.TrimSuffix(base, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
