// Package app wires Byline together: the store, the use cases and the HTTP
// surfaces. cmd/byline calls it for `byline serve`; end-to-end tests start
// it on port 0.
package app

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/bylinehq/byline/internal/api"
	"github.com/bylinehq/byline/internal/auth"
	"github.com/bylinehq/byline/internal/demo"
	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/i18n"
	"github.com/bylinehq/byline/internal/jobs"
	"github.com/bylinehq/byline/internal/markup"
	"github.com/bylinehq/byline/internal/media"
	"github.com/bylinehq/byline/internal/metrics"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/newsroom"
	"github.com/bylinehq/byline/internal/pagecache"
	"github.com/bylinehq/byline/internal/relevance"
	"github.com/bylinehq/byline/internal/site"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/web"
	"github.com/bylinehq/byline/internal/webhooks"
	"github.com/bylinehq/byline/internal/wires"
)

// Config is everything `byline serve` can be told.
type Config struct {
	DataDir string // SQLite file and media; default ./byline-data
	DBURL   string // overrides the SQLite file in DataDir
	Demo    bool   // fill an empty store with demo content and an admin account
	BaseURL string // public origin for absolute links
	// AdminEmail and AdminPassword set the demo's admin account; a password
	// is generated (and printed once to Out) when empty.
	AdminEmail    string
	AdminPassword string
	// Out receives what an operator must see once, such as a generated
	// password. Never the log: logs are kept and shipped.
	Out io.Writer
	// SecureCookies marks newsroom cookies Secure behind a TLS proxy.
	SecureCookies bool
	// MetricsToken, when set, opens /metrics to Prometheus presenting it as
	// a bearer token; without it /metrics is off.
	MetricsToken string
	// TLSCertFile and TLSKeyFile, both set, make Byline serve HTTPS itself
	// (TLS 1.2 and later), with HSTS and Secure cookies.
	TLSCertFile, TLSKeyFile string
	// JobInterval is how often the worker looks for due jobs; 1s when zero.
	JobInterval time.Duration
	Log         *slog.Logger
	Now         func() time.Time
	Server      web.ServerConfig
	// RequestTimeout bounds the work one request may do.
	RequestTimeout time.Duration
	// APIRate is the public Content API's request rate per client, per
	// second, with bursts of APIBurst: 10 and 40 when zero; a negative
	// rate turns the limit off.
	APIRate  float64
	APIBurst int
	// TrustForwardedFor keys the rate limit on the last X-Forwarded-For
	// address: only behind a proxy that sets it, since clients can forge it.
	TrustForwardedFor bool
	// WebhookAllowHosts are hosts webhooks may reach even on private,
	// loopback or link-local addresses, which are refused by default.
	WebhookAllowHosts []string
	// WireAllowHosts are hosts the wire desk may fetch feeds from even on
	// private, loopback or link-local addresses, refused by default.
	WireAllowHosts []string
	// WirePollInterval is how often the desk looks for sources due for a
	// poll; 30s when zero, never when negative.
	WirePollInterval time.Duration
	// PageCacheMB bounds the rendered-page cache: 32 when zero, off when
	// negative.
	PageCacheMB int
	// IndexInBackground builds the "Read also" index after New returns,
	// so a large store starts serving at once (pages fall back to the
	// store's topic ranking meanwhile); serve sets it, tests do not.
	IndexInBackground bool
	// MemoryLimitMB is the Go runtime's soft memory limit, set once the
	// index is built (serve only): 0 sizes it from the heap then (see
	// setMemoryLimit), negative leaves the runtime's default. GOMEMLIMIT
	// wins over both.
	MemoryLimitMB int
}

// App is a running Byline.
type App struct {
	cfg        Config
	Store      *store.Store
	Site       *site.Site
	Auth       *auth.Service
	Editorial  *editorial.Service
	Webhooks   *webhooks.Service
	Wires      *wires.Desk
	Worker     *jobs.Worker
	ReadAlso   *relevance.Engine
	Pages      *pagecache.Cache // nil when the page cache is off
	Handler    http.Handler
	tls        *tls.Config // nil: plain HTTP
	metrics    *metrics.Registry
	instrument web.Middleware
	requests   *metrics.Counter   // by route and status
	latency    *metrics.Histogram // by route
	log        *slog.Logger
	newsroom   *newsroom.Newsroom
	api        *api.API
	content    *api.Content
}

// New opens the store (applying migrations), creates the default editions
// in a new store, loads demo content when asked, and builds the handlers.
func New(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.DataDir == "" {
		cfg.DataDir = "byline-data"
	}
	if cfg.Server == (web.ServerConfig{}) {
		cfg.Server = web.DefaultServerConfig
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = 10 * time.Second
	}
	if cfg.Out == nil {
		cfg.Out = os.Stdout
	}
	tlsConfig, err := loadTLS(cfg.TLSCertFile, cfg.TLSKeyFile)
	if err != nil {
		return nil, err
	}
	if tlsConfig != nil {
		cfg.SecureCookies = true
	}
	st, err := store.Open(ctx, store.Config{URL: cfg.DBURL, DataDir: cfg.DataDir, Now: cfg.Now})
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, Store: st, log: cfg.Log, tls: tlsConfig}
	if err := a.init(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) init(ctx context.Context) error {
	if err := a.bootstrapEditions(ctx); err != nil {
		return err
	}
	lib := media.Library{Root: filepath.Join(a.cfg.DataDir, "media")}
	md := markup.New()
	a.Editorial = &editorial.Service{Store: a.Store, Markup: md, Now: a.cfg.Now,
		Images: func(r io.Reader) (news.MediaFile, error) { return lib.Ingest(r, media.DefaultLimits) }}
	a.Auth = &auth.Service{Store: a.Store, Now: a.cfg.Now}
	if a.cfg.Demo {
		if err := a.loadDemo(ctx, lib); err != nil {
			return err
		}
	}
	bundle, err := i18n.Load()
	if err != nil {
		return err
	}
	a.ReadAlso = relevance.NewEngine(a.Store, a.log)
	if !a.cfg.IndexInBackground {
		if err := a.ReadAlso.Build(ctx); err != nil {
			return err
		}
	}
	var wrap func(http.Handler) http.Handler
	if a.cfg.PageCacheMB >= 0 {
		a.Pages = pagecache.New(a.Store, pagecache.Config{MaxBytes: int64(cmp.Or(a.cfg.PageCacheMB, 32)) << 20, Now: a.cfg.Now, Log: a.log})
		if err := a.Pages.Sync(ctx); err != nil {
			return err
		}
		// Every write this process commits is followed, before it
		// returns, by a sync: the response to a publish leaves no page
		// behind that misses it.
		a.Store.OnCommit(func() {
			if err := a.Pages.Sync(context.Background()); err != nil {
				a.log.Warn("page cache sync", "err", err)
			}
		})
		wrap = a.Pages.Wrap
	}
	a.Site, err = site.New(ctx, a.Store, a.ReadAlso, bundle, site.Config{
		BaseURL: a.cfg.BaseURL, Media: lib.Handler(), Now: a.cfg.Now, Log: a.log, Cache: wrap,
	})
	if err != nil {
		return err
	}
	a.Webhooks = webhooks.New(webhooks.Config{Store: a.Store, BaseURL: a.cfg.BaseURL, AllowHosts: a.cfg.WebhookAllowHosts, Now: a.cfg.Now})
	a.Wires = &wires.Desk{Store: a.Store, Editorial: a.Editorial, Fetcher: wires.NewFetcher(a.cfg.WireAllowHosts),
		Sanitize: md.Sanitize, Now: a.cfg.Now, Log: a.log}
	a.newsroom, err = newsroom.New(newsroom.Config{Editorial: a.Editorial, Auth: a.Auth, Webhooks: a.Webhooks, Wires: a.Wires, ReadAlso: a.ReadAlso, Bundle: bundle, Markup: md,
		Log: a.log, Now: a.cfg.Now, SecureCookies: a.cfg.SecureCookies, OnChange: a.changed})
	if err != nil {
		return err
	}
	a.api = &api.API{Editorial: a.Editorial, Auth: a.Auth, Log: a.log, BaseURL: a.cfg.BaseURL}
	a.content = &api.Content{Store: a.Store, BaseURL: a.cfg.BaseURL, Now: a.cfg.Now, Log: a.log, Limiter: a.apiLimiter()}
	a.Worker = &jobs.Worker{Queue: a.Store, Now: a.cfg.Now, Log: a.log, Interval: a.cfg.JobInterval,
		Handlers: map[string]jobs.Handler{
			news.JobPublish: func(ctx context.Context, j news.Job) error { return a.Editorial.PublishDue(ctx, j.RefID) },
			news.JobWebhook: a.Webhooks.Deliver,
		},
		Backoffs: map[string]jobs.Backoff{news.JobWebhook: webhooks.Backoff}}
	a.instrument = a.initMetrics()
	a.Handler = a.routes()
	return nil
}

// changed runs after a change readers could see: the editions are read
// again. (The page cache follows the store's own change counters.)
func (a *App) changed(ctx context.Context) {
	if err := a.Site.Reload(ctx); err != nil {
		a.log.WarnContext(ctx, "reload editions", "err", err)
	}
}

// buildIndex builds the "Read also" index while pages are served; pages
// rendered before it was ready are dropped from the cache when it is.
func (a *App) buildIndex(ctx context.Context) {
	if err := a.ReadAlso.Build(ctx); err != nil {
		if ctx.Err() == nil {
			a.log.Error("read-also index", "err", err)
		}
		return
	}
	if a.Pages != nil {
		a.Pages.Drop(pagecache.Pending)
	}
	a.setMemoryLimit(true)
}

func (a *App) loadDemo(ctx context.Context, lib media.Library) error {
	start := time.Now()
	res, err := demo.Seed(ctx, a.Editorial, lib)
	if err != nil {
		return fmt.Errorf("demo content: %w", err)
	}
	if res.Skipped {
		a.log.Info("demo: the store already has content; left it as it is")
	} else {
		a.log.Info("demo: loaded", "articles", res.Articles, "images", res.Images, "took", time.Since(start).Round(time.Millisecond))
	}
	return a.demoAdmin(ctx)
}

// demoAdmin creates the demo's admin account in a store without accounts.
// A generated password is shown once on Out, never logged.
func (a *App) demoAdmin(ctx context.Context) error {
	n, err := a.Store.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	email, password := a.cfg.AdminEmail, a.cfg.AdminPassword
	if email == "" {
		email = "admin@example.org"
	}
	generated := password == ""
	if generated {
		password = auth.GeneratePassword()
	}
	u, err := a.Auth.CreateUser(ctx, nil, email, "Newsroom Admin", news.RoleAdmin, password, "en")
	if err != nil {
		return fmt.Errorf("demo admin account: %w", err)
	}
	a.log.Info("demo: created the admin account", "email", u.Email)
	if generated {
		fmt.Fprintf(a.cfg.Out, "\nByline demo admin account (shown once):\n  e-mail:   %s\n  password: %s\nSign in at /admin/\n\n", u.Email, password)
	}
	return nil
}

// bootstrapEditions gives a new store the four launch editions.
func (a *App) bootstrapEditions(ctx context.Context) error {
	eds, err := a.Store.Editions(ctx)
	if err != nil || len(eds) > 0 {
		return err
	}
	for _, e := range news.DefaultEditions() {
		if err := a.Store.CreateEdition(ctx, e); err != nil && news.ErrorCode(err) != news.CodeConflict {
			return err
		}
	}
	a.log.Info("created the default editions", "editions", "en es fr ar")
	return nil
}

func (a *App) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", a.ready)
	mux.HandleFunc("GET /metrics", a.serveMetrics)
	a.Site.Register(mux)
	a.newsroom.Register(mux)
	a.api.Register(mux)
	a.content.Register(mux)
	h := web.Chain(mux,
		web.WithRequestID,
		web.AccessLog(a.log),
		web.Recover(a.log, a.Site.WriteError),
		web.SecurityHeaders(a.tls != nil),
		web.Timeout(a.cfg.RequestTimeout),
		a.instrument, // innermost: it reads the pattern the mux matched
	)
	if a.Pages != nil {
		h = a.cachedFirst(h)
	}
	return h
}

// apiLimiter builds the Content API's per-client rate limit from the
// configuration; nil when it is turned off.
func (a *App) apiLimiter() *api.RateLimiter {
	perSecond, burst := a.cfg.APIRate, a.cfg.APIBurst
	if perSecond < 0 {
		return nil
	}
	if perSecond == 0 {
		perSecond = 10
	}
	if burst <= 0 {
		burst = 40
	}
	l := api.NewRateLimiter(perSecond, burst, nil) // wall time, whatever clock the news runs on
	l.TrustForwardedFor = a.cfg.TrustForwardedFor
	return l
}

// ready answers 200 when the store answers a query within two seconds.
func (a *App) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := a.Store.Ping(ctx); err != nil {
		a.log.WarnContext(r.Context(), "not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "store unavailable")
		return
	}
	fmt.Fprintln(w, "ready")
}

// Serve handles requests on ln and runs the job worker and the wire
// poller until ctx is cancelled; then it drains in-flight requests, lets
// the worker finish the job in hand and the poller the poll in hand, and
// closes the store.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	scheme := "http://"
	if a.tls != nil {
		ln, scheme = tls.NewListener(ln, a.tls), "https://"
	}
	a.log.Info("serving", "addr", scheme+ln.Addr().String(), "data", a.cfg.DataDir)
	workerDone, pollerDone := make(chan struct{}), make(chan struct{})
	go func() { a.Worker.Run(ctx); close(workerDone) }()
	go func() { a.pollWires(ctx); close(pollerDone) }()
	if a.cfg.IndexInBackground {
		a.setMemoryLimit(false)
		go a.buildIndex(ctx)
	}
	if a.Pages != nil {
		go a.Pages.Run(ctx, 250*time.Millisecond) // changes by other processes; stories whose time comes
		// On PostgreSQL, other nodes' commits are heard at once.
		go a.Store.Watch(ctx, func() {
			if err := a.Pages.Sync(ctx); err != nil && ctx.Err() == nil {
				a.log.Warn("page cache sync", "err", err)
			}
		}, a.log)
	}
	err := web.Serve(ctx, ln, a.Handler, a.cfg.Server, a.log)
	<-workerDone
	<-pollerDone
	return errors.Join(err, a.Close())
}

// pollWires polls the wire sources that are due, every WirePollInterval,
// until ctx is cancelled. It is a ticker rather than a job: a poll is
// driven by each source's NextPollAt in the store, not by a change that
// could enqueue it, and the desk moves NextPollAt on as it polls. With
// several nodes each would poll a due source; claiming the source in the
// store (an UPDATE of next_poll_at that only one node wins) makes that
// once, without changing this loop.
func (a *App) pollWires(ctx context.Context) {
	every := a.cfg.WirePollInterval
	if every < 0 {
		return
	}
	if every == 0 {
		every = 30 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := a.Wires.PollDue(ctx); err != nil && ctx.Err() == nil {
			a.log.ErrorContext(ctx, "wires: poll due sources", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// loadTLS reads the certificate and key for serving HTTPS; nil when
// neither is given.
func loadTLS(certFile, keyFile string) (*tls.Config, error) {
	if certFile == "" && keyFile == "" {
		return nil, nil
	}
	if certFile == "" || keyFile == "" {
		return nil, errors.New("serving TLS needs both a certificate (--tls-cert) and its key (--tls-key)")
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("TLS certificate: %w", err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

// Close releases the store.
func (a *App) Close() error { return a.Store.Close() }
