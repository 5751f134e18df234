// Package metrics keeps counters and histograms and writes them in the
// Prometheus text exposition format (version 0.0.4). It is small on
// purpose: Byline needs labelled counters, histograms and values read at
// scrape time, not a client library's registry of collectors.
package metrics

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Registry holds every metric and writes them in name order.
type Registry struct {
	mu      sync.Mutex
	metrics map[string]metric
}

type metric interface {
	write(w io.Writer, name string)
}

// New returns an empty registry.
func New() *Registry { return &Registry{metrics: map[string]metric{}} }

func (r *Registry) register(name string, m metric) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.metrics[name]; dup {
		panic("metrics: " + name + " registered twice")
	}
	r.metrics[name] = m
}

// Write writes every metric in the text exposition format.
func (r *Registry) Write(w io.Writer) {
	r.mu.Lock()
	names := make([]string, 0, len(r.metrics))
	for n := range r.metrics {
		names = append(names, n)
	}
	ms := r.metrics
	r.mu.Unlock()
	slices.Sort(names)
	for _, n := range names {
		ms[n].write(w, n)
	}
}

// Counter is a monotonically increasing count with labels.
type Counter struct {
	help   string
	labels []string
	mu     sync.Mutex
	values map[string]float64 // by joined label values
	keys   keyCache
}

// Counter registers a counter; name should end in _total.
func (r *Registry) Counter(name, help string, labels ...string) *Counter {
	c := &Counter{help: help, labels: labels, values: map[string]float64{}, keys: keyCache{labels: labels}}
	r.register(name, c)
	return c
}

// Add adds v (at least 0) to the series with the label values given, in
// the order the labels were declared.
func (c *Counter) Add(v float64, labelValues ...string) {
	c.mu.Lock()
	c.values[c.keys.key(labelValues)] += max(v, 0)
	c.mu.Unlock()
}

// Inc adds one.
func (c *Counter) Inc(labelValues ...string) { c.Add(1, labelValues...) }

func (c *Counter) write(w io.Writer, name string) {
	header(w, name, c.help, "counter")
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, key := range sortedKeys(c.values) {
		fmt.Fprintf(w, "%s%s %s\n", name, key, num(c.values[key]))
	}
}

// Histogram counts observations into cumulative buckets, per label values.
type Histogram struct {
	help    string
	labels  []string
	buckets []float64
	mu      sync.Mutex
	series  map[string]*histSeries
	keys    keyCache
}

type histSeries struct {
	counts []uint64 // per bucket, not cumulative
	count  uint64
	sum    float64
}

// DefaultBuckets suit request latencies in seconds, from 1 ms to 10 s.
var DefaultBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// Histogram registers a histogram with upper bounds buckets (ascending).
func (r *Registry) Histogram(name, help string, buckets []float64, labels ...string) *Histogram {
	h := &Histogram{help: help, labels: labels, buckets: buckets, series: map[string]*histSeries{}, keys: keyCache{labels: labels}}
	r.register(name, h)
	return h
}

// Observe records one value.
func (h *Histogram) Observe(v float64, labelValues ...string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	key := h.keys.key(labelValues)
	s := h.series[key]
	if s == nil {
		s = &histSeries{counts: make([]uint64, len(h.buckets))}
		h.series[key] = s
	}
	if i, _ := slices.BinarySearch(h.buckets, v); i < len(h.buckets) {
		s.counts[i]++
	}
	s.count++
	s.sum += v
}

func (h *Histogram) write(w io.Writer, name string) {
	header(w, name, h.help, "histogram")
	h.mu.Lock()
	defer h.mu.Unlock()
	keys := make([]string, 0, len(h.series))
	for k := range h.series {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		s := h.series[key]
		var cum uint64
		for i, le := range h.buckets {
			cum += s.counts[i]
			fmt.Fprintf(w, "%s_bucket%s %d\n", name, withLabel(key, "le", num(le)), cum)
		}
		fmt.Fprintf(w, "%s_bucket%s %d\n", name, withLabel(key, "le", "+Inf"), s.count)
		fmt.Fprintf(w, "%s_sum%s %s\n", name, key, num(s.sum))
		fmt.Fprintf(w, "%s_count%s %d\n", name, key, s.count)
	}
}

// Sample is one series of a value read at scrape time.
type Sample struct {
	LabelValues []string
	Value       float64
}

// Func is a gauge or counter whose series are read when scraped.
type Func struct {
	help, kind string
	labels     []string
	read       func() []Sample
}

// GaugeFunc registers a gauge read from read at every scrape.
func (r *Registry) GaugeFunc(name, help string, labels []string, read func() []Sample) {
	r.register(name, &Func{help: help, kind: "gauge", labels: labels, read: read})
}

// CounterFunc registers a counter kept elsewhere, read at every scrape.
func (r *Registry) CounterFunc(name, help string, labels []string, read func() []Sample) {
	r.register(name, &Func{help: help, kind: "counter", labels: labels, read: read})
}

func (f *Func) write(w io.Writer, name string) {
	header(w, name, f.help, f.kind)
	samples := f.read()
	lines := make([]string, 0, len(samples))
	for _, s := range samples {
		lines = append(lines, name+join(f.labels, s.LabelValues)+" "+num(s.Value)+"\n")
	}
	slices.Sort(lines)
	for _, l := range lines {
		io.WriteString(w, l)
	}
}

func header(w io.Writer, name, help, kind string) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", name, strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(help), name, kind)
}

// keyCache remembers the joined label strings of series with up to two
// labels (a route and a status, say), so that counting a request does not
// build one again. It is bounded: label values should be few, but a bug
// that made them many must not grow it without end. Its owner's lock
// guards it.
type keyCache struct {
	labels []string
	m      map[[2]string]string
}

const maxCachedKeys = 4096

func (k *keyCache) key(values []string) string {
	if len(k.labels) > 2 || len(values) > 2 {
		return join(k.labels, values)
	}
	var ck [2]string
	copy(ck[:], values)
	if key, ok := k.m[ck]; ok {
		return key
	}
	if k.m == nil || len(k.m) >= maxCachedKeys {
		k.m = map[[2]string]string{}
	}
	key := join(k.labels, values)
	k.m[ck] = key
	return key
}

// join renders label pairs, {a="x",b="y"}; missing values are empty.
func join(labels, values []string) string {
	if len(labels) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, l := range labels {
		if i > 0 {
			b.WriteByte(',')
		}
		v := ""
		if i < len(values) {
			v = values[i]
		}
		b.WriteString(l + `="` + escape(v) + `"`)
	}
	b.WriteByte('}')
	return b.String()
}

func withLabel(key, label, value string) string {
	pair := label + `="` + value + `"`
	if key == "" {
		return "{" + pair + "}"
	}
	return key[:len(key)-1] + "," + pair + "}"
}

// labelEscaper is built once: building it on every call (every request
// counted) took 7% of a cached page's CPU.
var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

func escape(v string) string { return labelEscaper.Replace(v) }

func num(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
