package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// loadgenArg, as the first argument, turns the bench into its own load
// generator: the bench re-executes itself with it so that the load runs in
// another process than both the server and the bench, as wrk would.
const loadgenArg = "-loadgen"

// loadResult is what one load run measured, from the client's side.
type loadResult struct {
	Requests int64         `json:"requests"` // completed, whatever their status
	Non200   int64         `json:"non200"`   // completed with another status than 200
	Errors   int64         `json:"errors"`   // failed: connection, timeout, read
	Bytes    int64         `json:"bytes"`    // response bodies, as sent (compressed)
	Elapsed  time.Duration `json:"elapsed"`
	P50      time.Duration `json:"p50"`
	P90      time.Duration `json:"p90"`
	P99      time.Duration `json:"p99"`
	Max      time.Duration `json:"max"`
}

// RPS is completed requests per second of the run.
func (r loadResult) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// loadSpec is one run of the Go load generator.
type loadSpec struct {
	target      string // origin, e.g. http://127.0.0.1:8080
	listFile    string // one path (with query) per line
	connections int
	duration    time.Duration
	// once requests each path at most once, in order, and stops when the
	// list is exhausted: first hits, for uncached renders and warm-ups.
	once bool
}

func (s loadSpec) args() []string {
	return []string{loadgenArg, "-target", s.target, "-list", s.listFile,
		"-c", fmt.Sprint(s.connections), "-d", s.duration.String(), fmt.Sprintf("-once=%t", s.once)}
}

// loadgenMain runs the -loadgen mode: it loads the target and prints one
// loadResult as JSON on stdout.
func loadgenMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bylinebench -loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var s loadSpec
	fs.StringVar(&s.target, "target", "", "origin to load")
	fs.StringVar(&s.listFile, "list", "", "file of paths, one a line")
	fs.IntVar(&s.connections, "c", 32, "connections")
	fs.DurationVar(&s.duration, "d", 20*time.Second, "duration")
	fs.BoolVar(&s.once, "once", false, "request each path once and stop")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	paths, err := readLines(s.listFile)
	if err == nil && len(paths) == 0 {
		err = fmt.Errorf("%s lists no paths", s.listFile)
	}
	if err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 1
	}
	res := generate(ctx, s, paths)
	if err := json.NewEncoder(stdout).Encode(res); err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 1
	}
	return 0
}

// generate runs s.connections workers, each with its own keep-alive
// connection, that take paths in turn from one shared counter until the
// duration ends (or, with once, the list does).
func generate(ctx context.Context, s loadSpec, paths []string) loadResult {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxConnsPerHost:     s.connections,
		MaxIdleConnsPerHost: s.connections,
		// Sent explicitly below and never decoded: the bench measures what
		// the server sends, as wrk does.
		DisableCompression: true,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	ctx, cancel := context.WithTimeout(ctx, s.duration)
	defer cancel()
	var next atomic.Int64
	workers := make([]worker, s.connections)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range workers {
		wg.Go(func() { workers[i].run(ctx, client, s, paths, &next) })
	}
	wg.Wait()
	return merge(workers, time.Since(start))
}

// worker keeps its own counts and latencies, merged after the run, so
// that workers share nothing but the path counter.
type worker struct {
	requests, non200, errors, bytes int64
	latencies                       []time.Duration
}

func (w *worker) run(ctx context.Context, client *http.Client, s loadSpec, paths []string, next *atomic.Int64) {
	for ctx.Err() == nil {
		i := next.Add(1) - 1
		if s.once && i >= int64(len(paths)) {
			return
		}
		t0 := time.Now()
		status, n, err := fetch(ctx, client, s.target+paths[i%int64(len(paths))])
		took := time.Since(t0)
		if err != nil {
			if ctx.Err() == nil { // a request cut by the end of the run is not an error
				w.errors++
			}
			continue
		}
		w.requests++
		w.bytes += n
		w.latencies = append(w.latencies, took)
		if status != http.StatusOK {
			w.non200++
		}
	}
}

// fetch GETs url asking for gzip and reads the whole body.
func fetch(ctx context.Context, client *http.Client, url string) (status int, n int64, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	n, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, n, err
}

func merge(workers []worker, elapsed time.Duration) loadResult {
	r := loadResult{Elapsed: elapsed}
	var all []time.Duration
	for _, w := range workers {
		r.Requests += w.requests
		r.Non200 += w.non200
		r.Errors += w.errors
		r.Bytes += w.bytes
		all = append(all, w.latencies...)
	}
	slices.Sort(all)
	r.P50, r.P90, r.P99 = percentile(all, 50), percentile(all, 90), percentile(all, 99)
	if len(all) > 0 {
		r.Max = all[len(all)-1]
	}
	return r
}

// percentile of sorted latencies, by the nearest-rank method.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(p/100*float64(len(sorted))+0.999999) - 1
	return sorted[max(0, min(rank, len(sorted)-1))]
}

func readLines(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			out = append(out, line)
		}
	}
	return out, sc.Err()
}

func writeLines(name string, lines []string) error {
	return os.WriteFile(name, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
}
