package app

import (
	"net/http"
	"time"

	"github.com/bylinehq/byline/internal/web"
)

// cachedFirst answers a request for a page the page cache holds before the
// middleware chain and the router see it, doing for it what they would:
// an id, the security headers, the request's metrics under the route the
// page was rendered for, and the access log line. On a busy site nearly
// every request is such a hit, and the chain's contexts, recorders and
// timer cost more than the answer itself. Everything else goes on to next.
func (a *App) cachedFirst(next http.Handler) http.Handler {
	tls := a.tls != nil
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		hit, ok := a.Pages.Lookup(r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		id := web.SetRequestID(w, r)
		web.SetSecurityHeaders(w.Header(), tls)
		status, n := hit.Serve(w, r)
		took := time.Since(start)
		web.CountRequest(a.requests, a.latency, hit.Route(), status, took)
		web.LogRequest(a.log, r, status, int64(n), took, id)
	})
}
