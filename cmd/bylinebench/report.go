package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
)

// report is everything a run measured, printed as markdown at the end.
type report struct {
	Started    time.Time
	cfg        config
	CPUs       int
	CPUModel   string
	Kernel     string
	LoadAvg    string // at the start: another job on the machine skews every figure
	GoVersion  string
	Source     string // what Byline was built from
	WrkVersion string
	// NginxVersion is empty when nginx was not found.
	NginxVersion string

	StoreBytes   int64
	Generated    time.Duration // zero when the store came from the cache
	CopyTook     time.Duration
	BuildTook    time.Duration
	AccountsTook time.Duration
	CollectTook  time.Duration
	Took         time.Duration

	Cold        coldStart
	Settled     settled
	URLs        urlCounts
	Warmups     []warmup
	Results     []scenarioResult
	PeakRSS     []namedBytes // each server's peak resident set, read as it stopped
	Publish     *publishResult
	MirrorPages int
	Notes       []string
}

type urlCounts struct{ Articles, Uncached, Fronts, Sections, Feeds, Searches int }

func (s *urlSet) counts() urlCounts {
	return urlCounts{len(s.articles), len(s.uncached), len(s.fronts), len(s.sections), len(s.feeds), len(s.searches)}
}

// warmup is a pass over every path of a scenario before it is measured.
type warmup struct {
	Server, Scenario string
	Paths            int // in the scenario's list; more than Load.Requests when the pass ran out of time
	Load             loadResult
}

type namedBytes struct {
	Name  string
	Bytes int64
}

func newReport(cfg config) *report {
	r := &report{Started: time.Now(), cfg: cfg, CPUs: runtime.NumCPU(), GoVersion: runtime.Version()}
	r.CPUModel = cpuModel()
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		r.Kernel = strings.TrimSpace(string(b))
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			r.LoadAvg = strings.Join(f[:3], " ")
		}
	}
	return r
}

func (r *report) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// cpuModel is the first "model name" of /proc/cpuinfo.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// write prints the report as markdown.
func (r *report) write(w io.Writer) {
	fmt.Fprintf(w, "\n## Byline load benchmark, %s\n\n", r.Started.UTC().Format("2006-01-02 15:04 MST"))
	r.writeSetup(w)
	r.writeResults(w)
	r.writeComparison(w, "nginx", fmt.Sprintf("Byline / nginx (nginx serving the same %d pages, byte for byte, with gzip_static)", r.MirrorPages))
	r.writeComparison(w, "go-floor", "Byline / the Go floor (net/http answering the same pages from memory with the same headers, nothing else)")
	r.writePublish(w)
	notes := r.Notes
	if n := r.busyMachine(); n != "" {
		notes = append(slices.Clone(notes), n)
	}
	if len(notes) > 0 {
		fmt.Fprintln(w, "\nNotes:")
		for _, n := range notes {
			fmt.Fprintf(w, "- %s\n", n)
		}
	}
}

func (r *report) writeSetup(w io.Writer) {
	row := func(k, format string, args ...any) { fmt.Fprintf(w, "| %s | %s |\n", k, fmt.Sprintf(format, args...)) }
	fmt.Fprintln(w, "| | |\n| --- | --- |")
	row("machine", "%d CPUs, %s; Linux %s; load average %s at the start", r.CPUs, r.CPUModel, r.Kernel, r.LoadAvg)
	row("Go", "%s", r.GoVersion)
	if r.Source != "" {
		row("Byline", "%s; `byline serve %s`", r.Source, strings.Join(append([]string{"--data DIR --addr 127.0.0.1:PORT"}, r.cfg.serveFlags...), " "))
	}
	clients := "Go (`-loadgen`, a child process)"
	if r.WrkVersion != "" {
		clients = fmt.Sprintf("%s for the warm scenarios; Go (`-loadgen`) for first hits and warm-up passes", r.WrkVersion)
	}
	row("load generator", "%s", clients)
	if r.NginxVersion != "" {
		row("nginx", "%s", strings.TrimPrefix(r.NginxVersion, "nginx version: "))
	}
	generated := "taken from the cache"
	if r.Generated > 0 {
		generated = "generated in " + r.Generated.Round(time.Second).String() + " (first run at this size; cached since)"
	}
	row("store", "%d stories in 4 editions, %s SQLite; %s", r.cfg.articles, mib(r.StoreBytes), generated)
	row("setup", "copy %v, go build %v, account and token %v, page discovery %v",
		r.CopyTook.Round(100*time.Millisecond), r.BuildTook.Round(100*time.Millisecond),
		r.AccountsTook.Round(100*time.Millisecond), r.CollectTook.Round(100*time.Millisecond))
	u := r.URLs
	row("pages", "%d stories in the working set, %d fronts, %d sections, %d feeds, %d searches; %d other stories for first hits",
		u.Articles, u.Fronts, u.Sections, u.Feeds, u.Searches, u.Uncached)
	row("load", "%d connections, %v per scenario, `Accept-Encoding: gzip`, over 127.0.0.1", r.cfg.connections, r.cfg.duration)
	if r.Cold.Ready > 0 {
		row("cold start", "first 200 from /readyz %s after exec; first story page %s after exec", lat(r.Cold.Ready), lat(r.Cold.Article))
		idle := fmt.Sprintf("idle %v later", r.Settled.Waited.Round(time.Second))
		if !r.Settled.Idle {
			idle = fmt.Sprintf("still busy after %v", r.Settled.Waited.Round(time.Second))
		}
		if r.cfg.settle > 0 {
			row("start-up work", "%.1f s of CPU with no requests after the first story page; %s", r.Settled.CPU.Seconds(), idle)
		}
	}
	for _, p := range r.PeakRSS {
		row("peak RSS, "+p.Name, "%s", mib(p.Bytes))
	}
	row("whole run", "%v", r.Took.Round(time.Second))
}

func (r *report) writeResults(w io.Writer) {
	if len(r.Results) == 0 {
		return
	}
	fmt.Fprint(w, "\n### Scenarios\n\n")
	fmt.Fprintln(w, "| scenario | server | client | requests | req/s | p50 | p99 | non-200 | errors | server CPU | cores busy | peak RSS | client CPU | others, cores |")
	fmt.Fprintln(w, "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, s := range r.Results {
		fmt.Fprintf(w, "| %s | %s | %s | %d | %.0f | %s | %s | %d | %d | %.1f s | %.2f | %s | %.1f s | %.2f |\n",
			s.Scenario, s.Server, s.Client, s.Load.Requests, s.Load.RPS(), lat(s.Load.P50), lat(s.Load.P99),
			s.Load.Non200, s.Load.Errors, s.ServerCPU.Seconds(), s.Cores(), mib(s.RSS), s.ClientCPU.Seconds(), s.OtherCores())
	}
	fmt.Fprintln(w, "\n\"others, cores\" is the CPU the machine used meanwhile beyond the server and the load generator: other processes, and kernel work charged to none. Above 0.1 or so the machine was not quiet and every figure is skewed.")
	if len(r.Warmups) > 0 {
		fmt.Fprintln(w, "\nWarm-up passes (every path once, Go generator, before the scenario):")
		for _, wu := range r.Warmups {
			fmt.Fprintf(w, "- %s %s: %d of %d paths in %v (%.0f req/s, p50 %s, p99 %s), %d non-200, %d errors\n",
				wu.Server, wu.Scenario, wu.Load.Requests, wu.Paths, wu.Load.Elapsed.Round(10*time.Millisecond),
				wu.Load.RPS(), lat(wu.Load.P50), lat(wu.Load.P99), wu.Load.Non200, wu.Load.Errors)
		}
	}
}

// writeComparison puts each warm scenario's Byline figures and those of
// the baseline server side by side.
func (r *report) writeComparison(w io.Writer, baseline, title string) {
	var rows []string
	for _, b := range r.Results {
		if b.Server != "byline" {
			continue
		}
		for _, n := range r.Results {
			if n.Server != baseline || n.Scenario != b.Scenario || n.Load.RPS() == 0 {
				continue
			}
			efficiency := "–"
			if b.PerCPUSecond() > 0 && n.PerCPUSecond() > 0 {
				efficiency = fmt.Sprintf("%.0f / %.0f = %.3f", b.PerCPUSecond(), n.PerCPUSecond(), b.PerCPUSecond()/n.PerCPUSecond())
			}
			rows = append(rows, fmt.Sprintf("| %s | %.0f | %.0f | %.3f | %s | %s | %s | %.2f | %.2f | %s | %s |",
				b.Scenario, b.Load.RPS(), n.Load.RPS(), b.Load.RPS()/n.Load.RPS(), lat(b.Load.P99), lat(n.Load.P99),
				efficiency, b.Cores(), n.Cores(), mib(b.RSS), mib(n.RSS)))
		}
	}
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(w, "\n### %s\n\n", title)
	fmt.Fprintf(w, "| scenario | Byline req/s | %[1]s req/s | Byline / %[1]s | Byline p99 | %[1]s p99 | requests per server CPU second, Byline / %[1]s | Byline cores | %[1]s cores | Byline RSS | %[1]s RSS |\n", baseline)
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	fmt.Fprintln(w, strings.Join(rows, "\n"))
	fmt.Fprintln(w, "\nRequests per server CPU second shift less than requests per second when the load generator or other processes take cores from the server.")
}

func (r *report) writePublish(w io.Writer) {
	p := r.Publish
	if p == nil {
		return
	}
	fmt.Fprint(w, "\n### Publishing with the server warm (Admin API)\n\n")
	fmt.Fprintln(w, "| | |\n| --- | --- |")
	fmt.Fprintf(w, "| create call | %s |\n| publish call | %s |\n", lat(p.Create), lat(p.Publish))
	for _, v := range []struct {
		what string
		v    visibility
	}{{"front", p.Front}, {"section", p.Section}, {"story", p.StoryPage}} {
		fmt.Fprintf(w, "| new headline on the %s, %s | %s |\n", v.what, v.v.Path, v.v)
	}
}

// busyMachine is a warning when other processes took a noticeable share
// of the machine during any scenario, or "".
func (r *report) busyMachine() string {
	var worst scenarioResult
	for _, s := range r.Results {
		if s.OtherCores() > worst.OtherCores() {
			worst = s
		}
	}
	if worst.OtherCores() <= 0.25 {
		return ""
	}
	return fmt.Sprintf("the machine was busy: other processes kept %.2f cores busy during %s on %s; run again on a quiet machine for figures to compare",
		worst.OtherCores(), worst.Scenario, worst.Server)
}

// lat formats a latency in milliseconds.
func lat(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	switch {
	case ms >= 100:
		return fmt.Sprintf("%.0f ms", ms)
	case ms >= 10:
		return fmt.Sprintf("%.1f ms", ms)
	}
	return fmt.Sprintf("%.2f ms", ms)
}

func mib(n int64) string {
	if n >= 1<<30 {
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
}
