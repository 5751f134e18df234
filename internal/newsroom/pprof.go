package newsroom

import (
	"context"
	"errors"
	"net/http"
	"net/http/pprof"
)

// The Go runtime's profiles, under /admin/debug/pprof/ for admins only
// (see Register): the index page, the CPU profile
// (profile?seconds=N), the execution trace (trace?seconds=N), cmdline,
// symbol and the named profiles, each as pprof text with ?debug=1 or as a
// file for "go tool pprof" (fetch it with the session cookie, e.g. with
// curl, then open the file: the tool cannot sign in). The index page's
// links are relative, so they work under this prefix; the site's strict
// Content-Security-Policy drops its one inline style, which only sets a
// column width.
//
// Importing net/http/pprof also registers these handlers on
// http.DefaultServeMux, at /debug/pprof/ and with no sign-in, in the
// package's init. Byline never serves DefaultServeMux: the server is
// always given the app's own mux (internal/app), and
// internal/app's TestPprofOnlyForAdmins checks that /debug/pprof/ is not
// found. Keep it that way: never pass a nil handler to an http.Server.

// pprofRoute is one debugging route; Register gives them all the admin
// role.
type pprofRoute struct {
	pattern string
	h       userHandler
}

// pprofRoutes lists the routes under /admin/debug/pprof/. pprof.Index is
// mounted only at the directory itself: it finds a named profile by the
// prefix /debug/pprof/, which these paths do not have, so each profile
// gets its own route. Symbol is GET only: its POST form is for the pprof
// tool, which cannot sign in, and would need a CSRF token here.
func pprofRoutes() []pprofRoute {
	const dir = "GET /admin/debug/pprof/"
	rs := []pprofRoute{
		{dir + "{$}", pprofHandler(http.HandlerFunc(pprof.Index))},
		{dir + "cmdline", pprofHandler(http.HandlerFunc(pprof.Cmdline))},
		{dir + "profile", pprofHandler(http.HandlerFunc(pprof.Profile))},
		{dir + "symbol", pprofHandler(http.HandlerFunc(pprof.Symbol))},
		{dir + "trace", pprofHandler(http.HandlerFunc(pprof.Trace))},
	}
	for _, name := range []string{"allocs", "block", "goroutine", "heap", "mutex", "threadcreate"} {
		rs = append(rs, pprofRoute{dir + name, pprofHandler(pprof.Handler(name))})
	}
	return rs
}

// pprofHandler serves h with the request timeout lifted. The CPU
// profile, the trace and delta profiles (heap?seconds=N) run for as long
// as asked, and would otherwise be cut short by the app's request timeout
// (10 s by default; the profile silently, a delta profile with a 408).
// The server's WriteTimeout still bounds them (pprof refuses a longer
// duration), and a client that goes away before the timeout stops them.
func pprofHandler(h http.Handler) userHandler {
	return func(w http.ResponseWriter, r *http.Request, _ *viewer) error {
		r, done := untimed(r)
		defer done()
		h.ServeHTTP(w, r)
		return nil
	}
}

// untimed returns r with a context that keeps r's values but not its
// deadline: it is cancelled when r's context is cancelled for any other
// reason than its deadline, or when done is called.
func untimed(r *http.Request) (_ *http.Request, done func()) {
	parent := r.Context()
	ctx, cancel := context.WithCancel(context.WithoutCancel(parent))
	stop := context.AfterFunc(parent, func() {
		if !errors.Is(parent.Err(), context.DeadlineExceeded) {
			cancel()
		}
	})
	return r.WithContext(ctx), func() { stop(); cancel() }
}
