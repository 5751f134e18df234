package app

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/bylinehq/byline/internal/metrics"
	"github.com/bylinehq/byline/internal/web"
)

// initMetrics registers what /metrics reports and hooks the counters into
// the parts that count: requests (by route pattern), workflow events, wire
// fetches, the Read also cache, and the database pools.
func (a *App) initMetrics() web.Middleware {
	reg := metrics.New()
	a.metrics = reg
	requests := reg.Counter("byline_http_requests_total", "HTTP requests by route pattern and status.", "route", "status")
	latency := reg.Histogram("byline_http_request_duration_seconds", "HTTP request latency by route pattern.", metrics.DefaultBuckets, "route")
	workflow := reg.Counter("byline_workflow_events_total", "Stories published, scheduled, reaching their scheduled time (published_due) and unpublished.", "event")
	a.Editorial.Observe = func(event string) { workflow.Inc(event) }
	fetches := reg.Counter("byline_wire_fetches_total", "Wire source polls by outcome.", "result")
	a.Wires.OnFetch = func(result string) { fetches.Inc(result) }
	reg.CounterFunc("byline_readalso_rankings_total", "Read also rankings served from the cache (hit) or computed (miss).", []string{"result"}, func() []metrics.Sample {
		hits, misses := a.ReadAlso.CacheStats()
		return []metrics.Sample{{LabelValues: []string{"hit"}, Value: float64(hits)}, {LabelValues: []string{"miss"}, Value: float64(misses)}}
	})
	a.registerPoolMetrics(reg)
	return web.Instrument(requests, latency)
}

func (a *App) registerPoolMetrics(reg *metrics.Registry) {
	pools := func(f func(name string, add func(v float64, labels ...string))) []metrics.Sample {
		var out []metrics.Sample
		f("", func(v float64, labels ...string) { out = append(out, metrics.Sample{LabelValues: labels, Value: v}) })
		return out
	}
	reg.GaugeFunc("byline_db_connections", "Database connections by pool and state.", []string{"pool", "state"}, func() []metrics.Sample {
		return pools(func(_ string, add func(float64, ...string)) {
			for name, s := range a.Store.PoolStats() {
				add(float64(s.InUse), name, "in_use")
				add(float64(s.Idle), name, "idle")
			}
		})
	})
	reg.GaugeFunc("byline_db_max_open_connections", "The most connections a pool opens.", []string{"pool"}, func() []metrics.Sample {
		return pools(func(_ string, add func(float64, ...string)) {
			for name, s := range a.Store.PoolStats() {
				add(float64(s.MaxOpenConnections), name)
			}
		})
	})
	reg.CounterFunc("byline_db_waits_total", "Times a query waited for a free connection.", []string{"pool"}, func() []metrics.Sample {
		return pools(func(_ string, add func(float64, ...string)) {
			for name, s := range a.Store.PoolStats() {
				add(float64(s.WaitCount), name)
			}
		})
	})
	reg.CounterFunc("byline_db_wait_seconds_total", "Time spent waiting for a free connection.", []string{"pool"}, func() []metrics.Sample {
		return pools(func(_ string, add func(float64, ...string)) {
			for name, s := range a.Store.PoolStats() {
				add(s.WaitDuration.Seconds(), name)
			}
		})
	})
}

// serveMetrics answers Prometheus with a bearer token: the token is the
// only way in, since behind a proxy every request looks local. Without a
// configured token the endpoint is off.
func (a *App) serveMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if a.cfg.MetricsToken == "" {
		http.Error(w, "metrics are off: start byline serve with BYLINE_METRICS_TOKEN set", http.StatusNotFound)
		return
	}
	given, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(given), []byte(a.cfg.MetricsToken)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
		http.Error(w, "send the metrics token as a bearer token", http.StatusUnauthorized)
		return
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	a.metrics.Write(w)
}
