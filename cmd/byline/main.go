// Command byline runs a multilingual news site and its newsroom from one
// binary. See `byline help`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // editions' time zones work on hosts without zoneinfo

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/web"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

const usage = `Byline runs a multilingual news site and its newsroom.

Usage:
  byline <command> [flags]

Commands:
  serve     run the site (and create or migrate the store)
  migrate   apply pending store migrations and exit
  migrate-store
            copy a SQLite store into PostgreSQL, and check the copy
  user      manage newsroom accounts (user add, user list)
  token     create Admin API tokens (token create)
  wires     the wire desk: sources, items, polling and imports
  backup    write the store and media to one archive, while Byline runs
  restore   restore an archive into a new data directory
  version   print the version

Run "byline <command> --help" for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "byline:", err)
		}
		os.Exit(exitCode(err))
	}
}

// usageError marks a mistake in the command line itself.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var ue usageError
	if errors.Is(err, flag.ErrHelp) || errors.As(err, &ue) {
		return 2
	}
	return 1
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command given"}
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "migrate":
		return migrate(ctx, args[1:], stdout, stderr)
	case "migrate-store":
		return migrateStoreCmd(ctx, args[1:], stdout, stderr)
	case "version":
		return printVersion(args[1:], stdout, stderr)
	case "user":
		return userCmd(ctx, args[1:], stdin, stdout, stderr)
	case "token":
		return tokenCmd(ctx, args[1:], stdout, stderr)
	case "wires":
		return wiresCmd(ctx, args[1:], stdout, stderr)
	case "backup":
		return backupCmd(ctx, args[1:], stdout, stderr)
	case "restore":
		return restoreCmd(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Sprintf("unknown command %q", args[0])}
}

// storeFlags are the flags every command that touches the store takes.
type storeFlags struct {
	data, db string
}

func (s *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.data, "data", "byline-data", "directory for the SQLite database and media")
	fs.StringVar(&s.db, "db", "", "database URL: sqlite:///path/to/byline.db (default: the file in --data) or postgres://…")
}

// open opens the store the flags name, applying pending migrations.
func (s *storeFlags) open(ctx context.Context) (*store.Store, error) {
	return store.Open(ctx, store.Config{URL: s.db, DataDir: s.data})
}

func newFlagSet(name, summary string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: byline %s [flags]\n\n%s\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := parseWithArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

// parseWithArgs parses flags for a command that takes arguments after
// them (fs.Args()); a bad flag is a usage error.
func parseWithArgs(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", "Runs the news site and the newsroom at /admin/. A new store is created and migrated;\n"+
		"--demo fills an empty one and creates an admin account (BYLINE_ADMIN_EMAIL, BYLINE_ADMIN_PASSWORD;\n"+
		"without a password one is generated and printed once).", stderr)
	var sf storeFlags
	sf.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	demo := fs.Bool("demo", false, "fill an empty store with demo content in every edition")
	baseURL := fs.String("base-url", "", "public origin for canonical links, e.g. https://news.example.org (default: from each request)")
	logFormat := fs.String("log-format", "text", "log format: text or json")
	secureCookies := fs.Bool("secure-cookies", false, "mark newsroom cookies Secure (set it behind a TLS-terminating proxy)")
	tlsCert := fs.String("tls-cert", "", "serve HTTPS with this PEM certificate (chain) file; needs --tls-key")
	tlsKey := fs.String("tls-key", "", "the PEM private key of --tls-cert")
	apiRate := fs.Float64("api-rate", 10, "requests per second each client may make to the public Content API; 0 turns the limit off")
	apiBurst := fs.Int("api-burst", 40, "requests a client may make at once to the Content API before --api-rate applies")
	trustXFF := fs.Bool("trust-forwarded-for", false, "rate-limit Content API clients by the last X-Forwarded-For address\n(set it only behind a proxy you run that sets the header; clients can forge it)")
	var allowHosts hostList
	fs.Var(&allowHosts, "webhook-allow-host", "let webhooks reach this host (name or IP) even on a private, loopback or link-local\naddress, which are refused by default; repeat for several hosts")
	pageCache := fs.Int("page-cache-mb", 32, "memory for rendered pages, compressed (gzip and brotli); 0 turns the page cache off")
	memLimit := fs.Int("memory-limit-mb", 0, "the Go runtime's soft memory limit; 0 sizes it once the Read also index is built\n(the heap then, the page cache's bound and 128 MiB), -1 leaves it unset; GOMEMLIMIT wins")
	var wireHosts hostList
	registerWireAllowHost(fs, &wireHosts)
	if err := parse(fs, args); err != nil {
		return err
	}
	logs := web.NewLogBuffer(stderr)
	defer logs.Flush()
	go logs.Run(ctx, logFlushInterval)
	log, err := newLogger(*logFormat, logs)
	if err != nil {
		return err
	}
	a, err := app.New(ctx, app.Config{DataDir: sf.data, DBURL: sf.db, Demo: *demo, BaseURL: *baseURL, Log: log,
		AdminEmail: os.Getenv("BYLINE_ADMIN_EMAIL"), AdminPassword: os.Getenv("BYLINE_ADMIN_PASSWORD"),
		MetricsToken: os.Getenv("BYLINE_METRICS_TOKEN"),
		Out:          stdout, SecureCookies: *secureCookies, TLSCertFile: *tlsCert, TLSKeyFile: *tlsKey, WebhookAllowHosts: allowHosts, WireAllowHosts: wireHosts,
		APIRate: apiRateConfig(*apiRate), APIBurst: *apiBurst, TrustForwardedFor: *trustXFF,
		PageCacheMB: pageCacheConfig(*pageCache), IndexInBackground: true, MemoryLimitMB: *memLimit})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		a.Close()
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	return a.Serve(ctx, ln)
}

// apiRateConfig maps the --api-rate flag, where 0 is off, to app.Config,
// where 0 is the default and a negative rate is off.
func apiRateConfig(perSecond float64) float64 {
	if perSecond <= 0 {
		return -1
	}
	return perSecond
}

// pageCacheConfig maps --page-cache-mb, where 0 is off, to app.Config,
// where 0 is the default and a negative size is off.
func pageCacheConfig(mb int) int {
	if mb <= 0 {
		return -1
	}
	return mb
}

// hostList is a flag naming a host that may be given several times, for
// --webhook-allow-host and --wire-allow-host.
type hostList []string

func (h *hostList) String() string { return strings.Join(*h, ",") }

func (h *hostList) Set(v string) error {
	v = strings.TrimSpace(v)
	if v == "" || strings.ContainsAny(v, "/ ") {
		return fmt.Errorf("%q is not a host name or IP address", v)
	}
	*h = append(*h, v)
	return nil
}

func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate", "Applies pending store migrations. Safe while a server runs on the same store.", stderr)
	var sf storeFlags
	sf.register(fs)
	asJSON := fs.Bool("json", false, "print the schema version as a JSON object")
	if err := parse(fs, args); err != nil {
		return err
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	// Open applied everything pending; report the resulting version.
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		fmt.Fprintf(stdout, "{\"schema_version\":%d}\n", v)
	} else {
		fmt.Fprintf(stdout, "store is at schema version %d\n", v)
	}
	return nil
}

func printVersion(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version", "Prints Byline's version, commit and Go version.", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(stdout, versionString())
	return nil
}

func versionString() string {
	v, rev, dirty := version, "", false
	info, ok := debug.ReadBuildInfo()
	if ok {
		if v == "" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if v == "" || v == "(devel)" {
		v = "dev"
	}
	out := "byline " + v
	if rev != "" {
		out += " (" + rev[:min(12, len(rev))]
		if dirty {
			out += "+dirty"
		}
		out += ")"
	}
	if ok {
		out += " " + info.GoVersion
	}
	return out
}

// logFlushInterval is the longest an info line waits in serve's log
// buffer (warnings and errors are written at once).
const logFlushInterval = 200 * time.Millisecond

// newLogger logs in format to w; when w is a LogBuffer, warnings and
// errors flush it.
func newLogger(format string, w io.Writer) (*slog.Logger, error) {
	var h slog.Handler
	switch strings.ToLower(format) {
	case "text":
		h = slog.NewTextHandler(w, nil)
	case "json":
		h = slog.NewJSONHandler(w, nil)
	default:
		return nil, usageError{fmt.Sprintf("--log-format must be text or json, got %q", format)}
	}
	lh := web.LogHandler{Handler: h}
	if b, ok := w.(*web.LogBuffer); ok {
		lh.Flush = b.Flush
	}
	return slog.New(lh), nil
}
