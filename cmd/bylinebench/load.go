package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"time"
)

// server is a process under load, as the load runner sees it.
type server struct {
	name     string // "byline" or "nginx"
	origin   string // http://127.0.0.1:PORT
	proc     *proc
	children bool // count the children's CPU and memory too (nginx's workers)
}

// scenarioResult is one scenario against one server.
type scenarioResult struct {
	Server    string
	Scenario  string
	Client    string // "wrk" or "go"
	Load      loadResult
	ServerCPU time.Duration // CPU time the server used during the run
	RSS       int64         // the server's peak resident set so far, bytes
	ClientCPU time.Duration // CPU time the load generator used
	// OtherCPU is what the machine used meanwhile beyond the server and
	// the client: other processes, and kernel work charged to no process
	// (some of the loopback traffic's). On a machine that is not idle, the
	// figures above are skewed.
	OtherCPU time.Duration
}

// Cores is how many cores the server kept busy on average.
func (r scenarioResult) Cores() float64 { return r.Load.cores(r.ServerCPU) }

// PerCPUSecond is how many requests the server answered per second of
// CPU it used: its cost per request, which the load generator competing
// for the same cores skews less than it skews throughput.
func (r scenarioResult) PerCPUSecond() float64 {
	if r.ServerCPU <= 0 {
		return 0
	}
	return float64(r.Load.Requests) / r.ServerCPU.Seconds()
}

// OtherCores is how many cores other processes kept busy on average.
func (r scenarioResult) OtherCores() float64 { return r.Load.cores(r.OtherCPU) }

func (r loadResult) cores(cpu time.Duration) float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return cpu.Seconds() / r.Elapsed.Seconds()
}

// loader runs load from a separate process: wrk when it is wanted and
// present, else the bench itself in -loadgen mode.
type loader struct {
	self        string // the bench's own executable, for -loadgen
	wrk         string // path of wrk, or "" to use the Go generator
	connections int
	threads     int
	log         *logger
}

// run puts the paths in listFile under load on srv for d and measures
// the server while it does. once (first hits, each path at most once) is
// only in the Go generator's power; wrk loops over its list.
func (l *loader) run(ctx context.Context, srv server, scenario, listFile string, d time.Duration, once bool) (scenarioResult, error) {
	if srv.proc.exited() {
		return scenarioResult{}, srv.proc.exitErr()
	}
	res := scenarioResult{Server: srv.name, Scenario: scenario, Client: "go"}
	var cmd *exec.Cmd
	if l.wrk != "" && !once {
		script, err := writeWrkScript(listFile)
		if err != nil {
			return res, err
		}
		res.Client = "wrk"
		cmd = exec.CommandContext(ctx, l.wrk, wrkArgs(srv.origin, script, l.connections, l.threads, d)...)
	} else {
		spec := loadSpec{target: srv.origin, listFile: listFile, connections: l.connections, duration: d, once: once}
		cmd = exec.CommandContext(ctx, l.self, spec.args()...)
	}
	before, err := sample(srv.proc.pid(), srv.children)
	if err != nil {
		return res, fmt.Errorf("read %s's usage: %w", srv.name, err)
	}
	busyBefore, err := machineBusy()
	if err != nil {
		return res, err
	}
	out, clientCPU, err := runChild(ctx, cmd, l.log.w)
	if err != nil {
		return res, fmt.Errorf("%s load on %s: %w", scenario, srv.name, err)
	}
	busyAfter, err := machineBusy()
	if err != nil {
		return res, err
	}
	after, err := sample(srv.proc.pid(), srv.children)
	if err != nil {
		return res, fmt.Errorf("read %s's usage: %w", srv.name, err)
	}
	if res.Client == "wrk" {
		res.Load, err = parseWrk(out)
	} else {
		err = json.Unmarshal(out, &res.Load)
	}
	if err != nil {
		return res, fmt.Errorf("%s load on %s: %w", scenario, srv.name, err)
	}
	res.ServerCPU, res.RSS, res.ClientCPU = after.cpu-before.cpu, after.hwm, clientCPU
	res.OtherCPU = max(0, busyAfter-busyBefore-res.ServerCPU-clientCPU)
	l.log.printf("  %-16s %-6s %-3s %8.0f req/s  p50 %-8v p99 %-8v %d non-200, %d errors, server %.2f cores, others %.2f",
		scenario, srv.name, res.Client, res.Load.RPS(), ms(res.Load.P50), ms(res.Load.P99),
		res.Load.Non200, res.Load.Errors, res.Cores(), res.OtherCores())
	return res, nil
}

// warm requests every path of listFile once, so that what follows
// measures a server that has seen each page, or as many as it serves
// within limit. Slow or failed answers do not stop the run: the report
// shows how far the warm-up got and what it met.
func (l *loader) warm(ctx context.Context, srv server, listFile string, limit time.Duration) (loadResult, error) {
	spec := loadSpec{target: srv.origin, listFile: listFile, connections: l.connections, duration: limit, once: true}
	out, _, err := runChild(ctx, exec.CommandContext(ctx, l.self, spec.args()...), l.log.w)
	if err != nil {
		return loadResult{}, fmt.Errorf("warm-up of %s: %w", srv.name, err)
	}
	var res loadResult
	if err := json.Unmarshal(out, &res); err != nil {
		return res, fmt.Errorf("warm-up of %s: %w", srv.name, err)
	}
	l.log.printf("  warm-up          %-6s go  %8.0f req/s  %d requests in %v, %d non-200, %d errors",
		srv.name, res.RPS(), res.Requests, res.Elapsed.Round(10*time.Millisecond), res.Non200, res.Errors)
	return res, nil
}

// selfExecutable is the path the bench re-executes for -loadgen.
func selfExecutable() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("find the bench's own executable for -loadgen: %w", err)
	}
	return exe, nil
}

// ms rounds a latency for a progress line.
func ms(d time.Duration) time.Duration {
	switch {
	case d >= 100*time.Millisecond:
		return d.Round(time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}
