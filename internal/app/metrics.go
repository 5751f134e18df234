package app

import (
	"crypto/subtle"
	"database/sql"
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
	if a.Pages != nil {
		reg.CounterFunc("byline_page_cache_requests_total", "Public page requests answered from the page cache (hit) or rendered (miss).", []string{"result"}, func() []metrics.Sample {
			st := a.Pages.Stats()
			return []metrics.Sample{{LabelValues: []string{"hit"}, Value: float64(st.Hits)}, {LabelValues: []string{"miss"}, Value: float64(st.Misses)}}
		})
		reg.GaugeFunc("byline_page_cache_bytes", "Compressed bytes the page cache holds.", nil, func() []metrics.Sample {
			return []metrics.Sample{{Value: float64(a.Pages.Stats().Bytes)}}
		})
		reg.GaugeFunc("byline_page_cache_pages", "Pages the page cache holds.", nil, func() []metrics.Sample {
			return []metrics.Sample{{Value: float64(a.Pages.Stats().Entries)}}
		})
		reg.CounterFunc("byline_page_cache_dropped_total", "Cached pages dropped because what they show changed.", nil, func() []metrics.Sample {
			return []metrics.Sample{{Value: float64(a.Pages.Stats().Dropped)}}
		})
	}
	a.registerPoolMetrics(reg)
	a.requests, a.latency = requests, latency
	return web.Instrument(requests, latency)
}

func (a *App) registerPoolMetrics(reg *metrics.Registry) {
	// perPool reads each pool's statistics at scrape time and makes one
	// series per pool (and per extra label value) from them.
	perPool := func(series func(sql.DBStats) map[string]float64) func() []metrics.Sample {
		return func() []metrics.Sample {
			var out []metrics.Sample
			for pool, st := range a.Store.PoolStats() {
				for label, v := range series(st) {
					lv := []string{pool}
					if label != "" {
						lv = append(lv, label)
					}
					out = append(out, metrics.Sample{LabelValues: lv, Value: v})
				}
			}
			return out
		}
	}
	one := func(f func(sql.DBStats) float64) func() []metrics.Sample {
		return perPool(func(st sql.DBStats) map[string]float64 { return map[string]float64{"": f(st)} })
	}
	reg.GaugeFunc("byline_db_connections", "Database connections by pool and state.", []string{"pool", "state"},
		perPool(func(st sql.DBStats) map[string]float64 {
			return map[string]float64{"in_use": float64(st.InUse), "idle": float64(st.Idle)}
		}))
	reg.GaugeFunc("byline_db_max_open_connections", "The most connections a pool opens.", []string{"pool"},
		one(func(st sql.DBStats) float64 { return float64(st.MaxOpenConnections) }))
	reg.CounterFunc("byline_db_waits_total", "Times a query waited for a free connection.", []string{"pool"},
		one(func(st sql.DBStats) float64 { return float64(st.WaitCount) }))
	reg.CounterFunc("byline_db_wait_seconds_total", "Time spent waiting for a free connection.", []string{"pool"},
		one(func(st sql.DBStats) float64 { return st.WaitDuration.Seconds() }))
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
