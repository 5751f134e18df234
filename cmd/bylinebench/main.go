// Command bylinebench measures Byline under load, and nginx serving the
// very same pages as files in the same run, on one machine over loopback.
//
// Usage, from the repository root:
//
//	go run ./cmd/bylinebench                    # 100,000 stories, 20s per scenario
//	go run ./cmd/bylinebench -articles 5000 -duration 5s
//	go run ./cmd/bylinebench -serve-flag=--page-cache-mb=0   # flags for byline serve
//	scripts/bench [flags]                       # installs nginx and wrk first (root, Debian)
//	go run ./cmd/bylinebench -help              # every flag
//
// It generates a store of -articles synthetic stories in four editions
// (cached under $TMPDIR/byline-synth, so only the first run at a size
// waits for it: about 6½ minutes for 100,000 on two cores) and copies it
// into a temporary data directory; builds cmd/byline and starts `byline
// serve` on a free loopback port, timing the cold start, then waits (up
// to -settle) for the work Byline does after start without requests, such
// as building its Read also index, to end; finds a working set of -urls stories, the fronts, sections,
// feeds and some searches through the sitemaps and feeds; and drives load
// at it from another process: wrk with a Lua script when wrk is on PATH,
// else the bench itself re-executed as a Go load generator. Scenarios:
//
//	article-uncached  stories never requested before, each once (first renders)
//	article           the working set, after a warm-up pass over it
//	mixed             60% stories, 15% fronts, 10% sections, 5% feeds, 10% searches
//
// Then it saves the warm scenarios' pages as Byline sent them (gzip
// included) into a directory nginx serves with gzip_static, publishes a
// story through the Admin API to see whether the front and section show it
// at the next request, stops Byline, runs the same warm scenarios against
// nginx and then against the Go floor (the bench re-executed as a server
// on Go's net/http that answers the saved pages from memory with Byline's
// headers and does nothing else: what any Go server pays on this machine),
// and prints a markdown summary with requests/s, p50/p99 latency, errors,
// the server's CPU (cores kept busy) and peak RSS, and Byline's throughput
// as a share of nginx's and of the floor's. The figures are only as good as the
// machine is quiet: the summary shows the load average at the start and,
// per scenario, the CPU every other process used meanwhile. Everything it
// starts is stopped on exit, Ctrl-C included; -keep keeps the temporary
// directory (store, Byline's log, the nginx mirror and nginx.conf).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == loadgenArg {
		os.Exit(loadgenMain(os.Args[2:], os.Stdout, os.Stderr))
	}
	if len(os.Args) > 1 && os.Args[1] == floorArg {
		os.Exit(floorMain(os.Args[2:], os.Stderr))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bylinebench:", err)
		os.Exit(1)
	}
}

// Scenario names, in the order they run.
const (
	scenarioUncached = "article-uncached"
	scenarioArticle  = "article"
	scenarioMixed    = "mixed"
)

var allScenarios = []string{scenarioUncached, scenarioArticle, scenarioMixed}

// config is the command line.
type config struct {
	articles    int
	seed        int64
	urls        int // stories in the working set
	uncached    int // most stories article-uncached may request
	connections int
	duration    time.Duration
	warmup      time.Duration // bound on each warm-up pass
	settle      time.Duration // bound on waiting for Byline's start-up work
	scenarios   []string
	loader      string // auto, wrk or go
	nginx       bool
	nginxBin    string // found on PATH, or "" to skip the baseline
	floor       bool
	keep        bool
	serveFlags  []string // passed on to byline serve
}

func (c config) wants(scenario string) bool { return slices.Contains(c.scenarios, scenario) }

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("bylinebench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./cmd/bylinebench [flags]\n\nLoads Byline and nginx serving the same pages; see the comment in cmd/bylinebench/main.go.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	var c config
	var scenarios string
	fs.IntVar(&c.articles, "articles", 100_000, "stories to generate, in four editions (cached under $TMPDIR/byline-synth)")
	fs.Int64Var(&c.seed, "seed", 1, "generator seed (the store benchmarks in internal/ use 1, sharing the cache)")
	fs.IntVar(&c.urls, "urls", 2000, "stories in the working set the warm scenarios rotate through")
	fs.IntVar(&c.uncached, "uncached", 30_000, "most stories article-uncached requests (each once)")
	fs.IntVar(&c.connections, "connections", 32, "concurrent connections")
	fs.DurationVar(&c.duration, "duration", 20*time.Second, "length of each scenario")
	fs.DurationVar(&c.warmup, "warmup", 2*time.Minute, "longest a warm-up pass (every path of a scenario once) may take")
	fs.DurationVar(&c.settle, "settle", 4*time.Minute, "longest to wait after start for Byline to go idle before the scenarios")
	fs.StringVar(&scenarios, "scenarios", strings.Join(allScenarios, ","), "scenarios to run, comma-separated")
	fs.StringVar(&c.loader, "loader", "auto", "load generator: wrk, go, or auto (wrk when on PATH)")
	fs.BoolVar(&c.nginx, "nginx", true, "run the nginx baseline when nginx is installed")
	fs.BoolVar(&c.floor, "floor", true, "run the Go floor: net/http answering the saved pages from memory, nothing else")
	fs.Func("serve-flag", "a `flag` to pass on to byline serve, e.g. -serve-flag=--page-cache-mb=0; repeat for several", func(v string) error {
		c.serveFlags = append(c.serveFlags, v)
		return nil
	})
	fs.BoolVar(&c.keep, "keep", false, "keep the temporary directory (store, logs, nginx mirror)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	for s := range strings.SplitSeq(scenarios, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if !slices.Contains(allScenarios, s) {
			return c, fmt.Errorf("-scenarios: unknown %q (have %s)", s, strings.Join(allScenarios, ", "))
		}
		c.scenarios = append(c.scenarios, s)
	}
	switch {
	case c.articles < 100:
		return c, errors.New("-articles: at least 100")
	case c.urls < 1 || c.connections < 1 || c.duration < time.Second:
		return c, errors.New("-urls and -connections must be positive and -duration at least 1s")
	case len(c.scenarios) == 0:
		return c, errors.New("-scenarios: none given")
	case c.loader != "auto" && c.loader != "wrk" && c.loader != "go":
		return c, fmt.Errorf("-loader: want auto, wrk or go, got %q", c.loader)
	}
	return c, nil
}

// run parses the flags, runs the bench and prints its summary on stdout;
// progress goes to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	rep, err := runBench(ctx, cfg, &logger{w: stderr, start: time.Now()})
	if rep != nil {
		rep.write(stdout)
	}
	return err
}

// logger prints progress lines stamped with the time since the start.
type logger struct {
	w     io.Writer
	start time.Time
}

func (l *logger) printf(format string, args ...any) {
	fmt.Fprintf(l.w, "[%6.1fs] %s\n", time.Since(l.start).Seconds(), fmt.Sprintf(format, args...))
}
