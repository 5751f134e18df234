package metrics

import (
	"strings"
	"testing"
)

func TestExpositionFormat(t *testing.T) {
	r := New()
	req := r.Counter("byline_requests_total", "Requests by route.", "route", "status")
	req.Inc("GET /{edition}/", "200")
	req.Inc("GET /{edition}/", "200")
	req.Inc(`GET "odd"`, "500")
	lat := r.Histogram("byline_latency_seconds", "Latency.", []float64{0.01, 0.1}, "route")
	lat.Observe(0.01, "a")
	lat.Observe(0.05, "a")
	lat.Observe(3, "a")
	r.GaugeFunc("byline_db_open", "Open connections.", []string{"pool"}, func() []Sample {
		return []Sample{{[]string{"write"}, 1}, {[]string{"read"}, 4}}
	})
	var b strings.Builder
	r.Write(&b)
	want := `# HELP byline_db_open Open connections.
# TYPE byline_db_open gauge
byline_db_open{pool="read"} 4
byline_db_open{pool="write"} 1
# HELP byline_latency_seconds Latency.
# TYPE byline_latency_seconds histogram
byline_latency_seconds_bucket{route="a",le="0.01"} 1
byline_latency_seconds_bucket{route="a",le="0.1"} 2
byline_latency_seconds_bucket{route="a",le="+Inf"} 3
byline_latency_seconds_sum{route="a"} 3.06
byline_latency_seconds_count{route="a"} 3
# HELP byline_requests_total Requests by route.
# TYPE byline_requests_total counter
byline_requests_total{route="GET /{edition}/",status="200"} 2
byline_requests_total{route="GET \"odd\"",status="500"} 1
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestRegisteringTwicePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	r := New()
	r.Counter("x_total", "x")
	r.Counter("x_total", "x")
}
