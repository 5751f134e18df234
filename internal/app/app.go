// Package app wires Byline together: the store, the use cases and the HTTP
// surfaces. cmd/byline calls it for `byline serve`; end-to-end tests start
// it on port 0.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/bylinehq/byline/internal/demo"
	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/i18n"
	"github.com/bylinehq/byline/internal/markup"
	"github.com/bylinehq/byline/internal/media"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/relevance"
	"github.com/bylinehq/byline/internal/site"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/web"
)

// Config is everything `byline serve` can be told.
type Config struct {
	DataDir string // SQLite file and media; default ./byline-data
	DBURL   string // overrides the SQLite file in DataDir
	Demo    bool   // fill an empty store with demo content
	BaseURL string // public origin for absolute links
	Log     *slog.Logger
	Now     func() time.Time
	Server  web.ServerConfig
	// RequestTimeout bounds the work one request may do.
	RequestTimeout time.Duration
}

// App is a running Byline.
type App struct {
	cfg     Config
	Store   *store.Store
	Site    *site.Site
	Handler http.Handler
	log     *slog.Logger
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
	st, err := store.Open(ctx, store.Config{URL: cfg.DBURL, DataDir: cfg.DataDir})
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, Store: st, log: cfg.Log}
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
	ed := &editorial.Service{Store: a.Store, Markup: markup.New(), Now: a.cfg.Now}
	if a.cfg.Demo {
		start := time.Now()
		res, err := demo.Seed(ctx, ed, lib)
		if err != nil {
			return fmt.Errorf("demo content: %w", err)
		}
		if res.Skipped {
			a.log.Info("demo: the store already has content; left it as it is")
		} else {
			a.log.Info("demo: loaded", "articles", res.Articles, "images", res.Images, "took", time.Since(start).Round(time.Millisecond))
		}
	}
	bundle, err := i18n.Load()
	if err != nil {
		return err
	}
	a.Site, err = site.New(ctx, a.Store, relevance.TopicRanker{Store: a.Store}, bundle, site.Config{
		BaseURL: a.cfg.BaseURL, Media: lib.Handler(), Now: a.cfg.Now, Log: a.log,
	})
	if err != nil {
		return err
	}
	a.Handler = a.routes()
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
	a.Site.Register(mux)
	return web.Chain(mux,
		web.WithRequestID,
		web.AccessLog(a.log),
		web.Recover(a.log, a.Site.WriteError),
		web.SecurityHeaders(false),
		web.Timeout(a.cfg.RequestTimeout),
	)
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

// Serve handles requests on ln until ctx is cancelled, drains in-flight
// requests, then closes the store.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	a.log.Info("serving", "addr", "http://"+ln.Addr().String(), "data", a.cfg.DataDir)
	err := web.Serve(ctx, ln, a.Handler, a.cfg.Server, a.log)
	return errors.Join(err, a.Close())
}

// Close releases the store.
func (a *App) Close() error { return a.Store.Close() }
