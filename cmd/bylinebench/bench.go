package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/synth"
)

// bench is one run: its configuration, temporary directory, the children
// it must stop and the report it fills in.
type bench struct {
	cfg    config
	log    *logger
	tmp    string
	procs  procs
	client *http.Client
	load   *loader
	rep    *report
}

// runBench runs every step and returns the report, partly filled in when
// a step fails. Whatever happens, the children are stopped and the
// temporary directory is removed (unless -keep).
func runBench(ctx context.Context, cfg config, log *logger) (rep *report, err error) {
	b := &bench{cfg: cfg, log: log, client: newClient(), rep: newReport(cfg)}
	if err := b.findTools(); err != nil {
		return nil, err
	}
	if b.tmp, err = os.MkdirTemp("", "bylinebench-"); err != nil {
		return nil, err
	}
	defer func() {
		err = errors.Join(err, b.procs.stopAll())
		if cfg.keep {
			log.printf("kept %s", b.tmp)
			return
		}
		if rmErr := os.RemoveAll(b.tmp); rmErr != nil {
			err = errors.Join(err, rmErr)
		}
	}()
	// nginx's workers run as nobody when the bench runs as root, and must
	// reach the mirror inside.
	if err := os.Chmod(b.tmp, 0o755); err != nil {
		return nil, err
	}
	err = b.steps(ctx)
	b.rep.Took = time.Since(b.rep.Started)
	return b.rep, err
}

// findTools picks the load generator and finds nginx.
func (b *bench) findTools() error {
	self, err := selfExecutable()
	if err != nil {
		return err
	}
	b.load = &loader{self: self, connections: b.cfg.connections, threads: runtime.NumCPU(), log: b.log}
	if b.cfg.loader != "go" {
		wrk, err := exec.LookPath("wrk")
		switch {
		case err == nil:
			b.load.wrk = wrk
			v, _, _ := strings.Cut(toolVersion(wrk, "--version"), " Copyright")
			b.rep.WrkVersion = v
		case b.cfg.loader == "wrk":
			return fmt.Errorf("-loader wrk: %w", err)
		default:
			b.rep.note("wrk is not installed: the Go load generator drove every scenario (scripts/bench installs wrk)")
		}
	}
	if !b.cfg.nginx {
		b.rep.note("nginx baseline not run (-nginx=false)")
		return nil
	}
	// Debian puts nginx in /usr/sbin, which is not on a user's PATH.
	for _, name := range []string{"nginx", "/usr/sbin/nginx"} {
		if p, err := exec.LookPath(name); err == nil {
			b.cfg.nginxBin = p
			b.rep.NginxVersion = toolVersion(p, "-v")
			return nil
		}
	}
	b.rep.note("nginx is not installed: no baseline (scripts/bench installs it)")
	return nil
}

// steps is the run in order: store, Byline, its scenarios, the pages for
// the mirror, the publish check, then nginx.
func (b *bench) steps(ctx context.Context) error {
	dataDir, err := b.prepareStore(ctx)
	if err != nil {
		return err
	}
	byline, token, err := b.startByline(ctx, dataDir)
	if err != nil {
		return err
	}
	set, err := b.collect(ctx, byline)
	if err != nil {
		return err
	}
	lists, err := b.writeLists(set)
	if err != nil {
		return err
	}
	if err := b.scenarios(ctx, byline, lists, true); err != nil {
		return b.withLog(err)
	}
	var mirror []page
	if b.cfg.nginxBin != "" || b.cfg.floor {
		b.log.printf("saving %d pages from Byline for nginx and the Go floor", len(set.distinct()))
		if mirror, err = getAll(ctx, b.client, byline.origin, set.distinct()); err != nil {
			return b.withLog(fmt.Errorf("fetch pages for the mirror: %w", err))
		}
	}
	if len(set.sections) > 0 {
		b.log.printf("publishing a story through the Admin API")
		pub, err := checkPublish(ctx, b.client, byline.origin, token, set.sections[0])
		if err != nil {
			return b.withLog(err)
		}
		b.rep.Publish = &pub
	}
	if err := b.stop(byline); err != nil {
		return b.withLog(err)
	}
	if b.cfg.nginxBin != "" {
		if err := b.nginxBaseline(ctx, mirror, lists); err != nil {
			return err
		}
	}
	if !b.cfg.floor {
		return nil
	}
	return b.floorBaseline(ctx, mirror, lists)
}

// prepareStore generates (or takes from the cache) the store and copies
// it into a new data directory.
func (b *bench) prepareStore(ctx context.Context) (string, error) {
	b.log.printf("store of %d stories (generated once, then cached under %s)", b.cfg.articles, filepath.Join(os.TempDir(), "byline-synth"))
	src, took, err := synth.CachedFile(ctx, b.cfg.articles, b.cfg.seed)
	if err != nil {
		return "", fmt.Errorf("generate the store: %w", err)
	}
	b.rep.Generated = took
	if took > 0 {
		b.log.printf("generated %d stories in %v", b.cfg.articles, took.Round(time.Second))
	}
	if fi, err := os.Stat(src); err == nil {
		b.rep.StoreBytes = fi.Size()
	}
	dataDir := filepath.Join(b.tmp, "data")
	start := time.Now()
	// The run publishes into the store, and the cache is shared.
	err = os.MkdirAll(dataDir, 0o750)
	if err == nil {
		err = synth.CopyStore(src, dataDir)
	}
	if err != nil {
		return "", fmt.Errorf("copy the store: %w", err)
	}
	b.rep.CopyTook = time.Since(start)
	return dataDir, nil
}

// startByline builds Byline, creates the admin account and token, and
// starts it, timing the cold start. It returns the server and the token.
func (b *bench) startByline(ctx context.Context, dataDir string) (server, string, error) {
	b.log.printf("building cmd/byline")
	start := time.Now()
	bin, source, err := buildByline(ctx, b.tmp)
	if err != nil {
		return server{}, "", err
	}
	b.rep.Source = source
	b.rep.BuildTook = time.Since(start)
	start = time.Now()
	token, err := addAdmin(ctx, bin, dataDir)
	if err != nil {
		return server{}, "", err
	}
	story, err := newestStory(ctx, dataDir, "en")
	if err != nil {
		return server{}, "", err
	}
	b.rep.AccountsTook = time.Since(start)
	addr, err := freeAddr()
	if err != nil {
		return server{}, "", err
	}
	b.log.printf("starting byline serve on %s", addr)
	p, cold, err := startByline(ctx, &b.procs, bin, dataDir, addr, b.bylineLog(), story, b.cfg.serveFlags)
	if err != nil {
		return server{}, "", b.withLog(err)
	}
	b.rep.Cold = cold
	b.log.printf("ready after %v, first story page after %v", ms(cold.Ready), ms(cold.Article))
	srv := server{name: "byline", origin: "http://" + addr, proc: p}
	if b.cfg.settle <= 0 {
		return srv, token, nil
	}
	b.log.printf("waiting up to %v for start-up work to end", b.cfg.settle)
	if b.rep.Settled, err = settle(ctx, p.pid(), b.cfg.settle); err != nil {
		return server{}, "", err
	}
	if !b.rep.Settled.Idle {
		b.rep.note("Byline was still busy %v after its first story page, with no requests; the scenarios ran anyway", b.cfg.settle)
	}
	b.log.printf("byline used %.1fs of CPU in the %v after that (idle: %t)",
		b.rep.Settled.CPU.Seconds(), b.rep.Settled.Waited.Round(time.Second), b.rep.Settled.Idle)
	return srv, token, nil
}

func (b *bench) bylineLog() string { return filepath.Join(b.tmp, "byline.log") }

// withLog adds the end of Byline's log to err, which is all that is left
// of it once the temporary directory is gone.
func (b *bench) withLog(err error) error {
	if errors.Is(err, context.Canceled) { // Ctrl-C: the log says nothing of it
		return err
	}
	data, rerr := os.ReadFile(b.bylineLog())
	if rerr != nil {
		return err
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	return fmt.Errorf("%w\nend of byline's log:\n%s", err, strings.Join(lines[max(0, len(lines)-20):], "\n"))
}

// collect finds the pages to request.
func (b *bench) collect(ctx context.Context, byline server) (*urlSet, error) {
	uncached := 0
	if b.cfg.wants(scenarioUncached) {
		uncached = b.cfg.uncached
	}
	start := time.Now()
	set, err := collectURLs(ctx, b.client, byline.origin, b.cfg.urls, uncached, uint64(b.cfg.seed))
	if err != nil {
		return nil, b.withLog(fmt.Errorf("find pages: %w", err))
	}
	b.rep.CollectTook = time.Since(start)
	b.rep.URLs = set.counts()
	b.log.printf("found %d stories (+%d for first hits), %d fronts, %d sections, %d feeds, %d searches in %v",
		len(set.articles), len(set.uncached), len(set.fronts), len(set.sections), len(set.feeds), len(set.searches), ms(b.rep.CollectTook))
	return set, nil
}

// lists are the files of paths each scenario requests.
type lists struct {
	uncached, article, mixed, mixedDistinct string
}

func (b *bench) writeLists(set *urlSet) (lists, error) {
	dir := filepath.Join(b.tmp, "lists")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return lists{}, err
	}
	mixed := set.mixed(uint64(b.cfg.seed))
	l := lists{uncached: filepath.Join(dir, "uncached.txt"), article: filepath.Join(dir, "article.txt"),
		mixed: filepath.Join(dir, "mixed.txt"), mixedDistinct: filepath.Join(dir, "mixed-distinct.txt")}
	for name, paths := range map[string][]string{l.uncached: set.uncached, l.article: set.articles,
		l.mixed: mixed, l.mixedDistinct: set.distinct()} {
		if err := writeLines(name, paths); err != nil {
			return lists{}, err
		}
	}
	return l, nil
}

// scenarios runs the wanted scenarios against srv. withUncached runs
// article-uncached first, while no story of its list has been asked for;
// the warm scenarios each start with a pass over every path of theirs.
func (b *bench) scenarios(ctx context.Context, srv server, l lists, withUncached bool) error {
	switch {
	case !withUncached || !b.cfg.wants(scenarioUncached):
	case b.rep.URLs.Uncached == 0:
		b.rep.note("%s not run: every story is in the working set (lower -urls or raise -articles)", scenarioUncached)
	default:
		res, err := b.load.run(ctx, srv, scenarioUncached, l.uncached, b.cfg.duration, true)
		if err != nil {
			return err
		}
		b.rep.Results = append(b.rep.Results, res)
	}
	for _, s := range []struct{ name, list, warm string }{
		{scenarioArticle, l.article, l.article},
		{scenarioMixed, l.mixed, l.mixedDistinct},
	} {
		if !b.cfg.wants(s.name) {
			continue
		}
		w, err := b.load.warm(ctx, srv, s.warm, b.cfg.warmup)
		if err != nil {
			return err
		}
		paths, err := readLines(s.warm)
		if err != nil {
			return err
		}
		b.rep.Warmups = append(b.rep.Warmups, warmup{Server: srv.name, Scenario: s.name, Paths: len(paths), Load: w})
		res, err := b.load.run(ctx, srv, s.name, s.list, b.cfg.duration, false)
		if err != nil {
			return err
		}
		b.rep.Results = append(b.rep.Results, res)
	}
	return nil
}

// stop stops a server, noting its peak memory first (it is gone after).
func (b *bench) stop(srv server) error {
	if u, err := sample(srv.proc.pid(), srv.children); err == nil {
		b.rep.PeakRSS = append(b.rep.PeakRSS, namedBytes{srv.name, u.hwm})
	}
	b.log.printf("stopping %s", srv.name)
	return srv.proc.stop(stopGrace)
}

// nginxBaseline serves the saved pages with nginx and runs the warm
// scenarios against it.
func (b *bench) nginxBaseline(ctx context.Context, mirror []page, l lists) error {
	root := filepath.Join(b.tmp, "nginx", "root")
	if err := writeMirror(root, mirror); err != nil {
		return fmt.Errorf("write the nginx mirror: %w", err)
	}
	b.rep.MirrorPages = len(mirror)
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	b.log.printf("starting nginx on %s", addr)
	p, err := startNginx(ctx, &b.procs, b.cfg.nginxBin, filepath.Join(b.tmp, "nginx"), root, addr)
	if err != nil {
		return err
	}
	srv := server{name: "nginx", origin: "http://" + addr, proc: p, children: true}
	if err := verifyMirror(ctx, b.client, srv.origin, mirror); err != nil {
		return err
	}
	if err := b.scenarios(ctx, srv, l, false); err != nil {
		return err
	}
	return b.stop(srv)
}

// toolVersion is the first line a tool prints for its version flag
// (nginx -v writes to stderr, wrk --version exits 1).
func toolVersion(bin string, arg string) string {
	out, _ := exec.Command(bin, arg).CombinedOutput()
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(line)
}
