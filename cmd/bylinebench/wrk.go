package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// wrkScript makes wrk rotate through a list of paths: every thread reads
// the list, formats each request once (with the Accept-Encoding header
// given on the command line) and starts at its own offset, so threads do
// not walk the list in step. done prints one line for parseWrk, since
// wrk's own summary rounds and shows no exact p99 or error split.
const wrkScript = `local paths = {}
for line in io.lines(%q) do
  if line ~= "" then paths[#paths + 1] = line end
end

local threads = 0
function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end

local reqs, i = {}, 0
function init(args)
  for k, p in ipairs(paths) do reqs[k] = wrk.format("GET", p) end
  i = (offset or 0) %% #reqs
end

function request()
  i = i %% #reqs + 1
  return reqs[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BYLINEBENCH requests=%%d duration_us=%%d bytes=%%d p50_us=%%d p90_us=%%d p99_us=%%d max_us=%%d connect=%%d read=%%d write=%%d status=%%d timeout=%%d\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
`

// writeWrkScript writes the Lua script for a path list next to it.
func writeWrkScript(listFile string) (string, error) {
	name := strings.TrimSuffix(listFile, filepath.Ext(listFile)) + ".lua"
	abs, err := filepath.Abs(listFile)
	if err != nil {
		return "", err
	}
	return name, os.WriteFile(name, fmt.Appendf(nil, wrkScript, abs), 0o644)
}

// wrkArgs are wrk's arguments for a run: one thread per core (at most
// one per connection), and a timeout long enough that a slow render is
// measured instead of being dropped from the latencies as a timeout.
func wrkArgs(target, script string, connections, threads int, d time.Duration) []string {
	return []string{"-t", strconv.Itoa(max(1, min(threads, connections))), "-c", strconv.Itoa(connections),
		"-d", fmt.Sprintf("%ds", max(1, int(d.Round(time.Second)/time.Second))),
		"--timeout", "60s", "-H", "Accept-Encoding: gzip", "-s", script, target + "/"}
}

// parseWrk reads the line the script's done prints. wrk counts a status of
// 400 or more as a status error; 3xx answers pass as successes (the
// mirror check before each nginx run and the warm-up pass catch them).
func parseWrk(out []byte) (loadResult, error) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "BYLINEBENCH ")
		if !ok {
			continue
		}
		v := map[string]int64{}
		for _, kv := range strings.Fields(rest) {
			k, val, _ := strings.Cut(kv, "=")
			n, err := strconv.ParseInt(val, 10, 64)
			if err != nil {
				return loadResult{}, fmt.Errorf("wrk: %s: %w", kv, err)
			}
			v[k] = n
		}
		us := func(k string) time.Duration { return time.Duration(v[k]) * time.Microsecond }
		return loadResult{Requests: v["requests"], Non200: v["status"], Bytes: v["bytes"],
			Errors:  v["connect"] + v["read"] + v["write"] + v["timeout"],
			Elapsed: us("duration_us"), P50: us("p50_us"), P90: us("p90_us"), P99: us("p99_us"), Max: us("max_us")}, nil
	}
	return loadResult{}, fmt.Errorf("wrk printed no result line:\n%s", out)
}
