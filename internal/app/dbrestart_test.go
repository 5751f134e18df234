package app_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
)

// TestDatabaseRestart: Byline on PostgreSQL reached through a proxy that
// the test cuts, as a database restart or a network failure would. While
// the database is unreachable /readyz answers 503 and cached pages are
// still served; once it is back, /readyz recovers and pages render again
// with what was published meanwhile on another connection.
func TestDatabaseRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("cuts a database connection")
	}
	direct := testenv.PostgresSchema(t)
	u, err := url.Parse(direct)
	if err != nil {
		t.Fatal(err)
	}
	px := startProxy(t, u.Host)
	u.Host = px.addr
	ctx := context.Background()
	a, err := app.New(ctx, app.Config{DBURL: u.String(), DataDir: t.TempDir(), Out: io.Discard, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	base, stop := serveApp(t, a)
	defer stop()
	sec := news.Section{Edition: "en", Slug: "world", Name: "World", Position: 1}
	if err := a.Store.CreateSection(ctx, &sec); err != nil {
		t.Fatal(err)
	}
	ed, err := a.Auth.CreateUser(ctx, nil, "editor@example.org", "Ed", news.RoleEditor, "a long enough password", "en")
	if err != nil {
		t.Fatal(err)
	}
	s, err := a.Editorial.Create(ctx, ed, editorial.Draft{Edition: "en", Section: "world", Headline: "Before the restart", Body: "Text."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Editorial.Publish(ctx, ed, s.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	get := func(path string) (int, string, string) {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("X-Cache"), string(body)
	}
	for _, p := range []string{"/en/", s.Path()} {
		get(p)
	}

	px.cut()
	if code, _, _ := get("/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the database gone: %d, want 503", code)
	}
	for _, p := range []string{"/en/", s.Path()} {
		if code, cache, body := get(p); code != 200 || cache != "HIT" || !strings.Contains(body, "Before the restart") {
			t.Errorf("%s with the database gone: %d %s, want the cached page", p, code, cache)
		}
	}
	if code, _, _ := get("/en/world/"); code < 500 {
		t.Errorf("an uncached page with the database gone: %d, want an error", code)
	}

	px.restore()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if code, _, _ := get("/readyz"); code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("/readyz did not recover after the database came back")
		}
	}
	if code, _, body := get("/en/world/"); code != 200 || !strings.Contains(body, "Before the restart") {
		t.Errorf("the section page after the database came back: %d", code)
	}
	later, err := a.Editorial.Create(ctx, ed, editorial.Draft{Edition: "en", Section: "world", Headline: "After the restart", Body: "Text."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Editorial.Publish(ctx, ed, later.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, _, body := get("/en/"); !strings.Contains(body, "After the restart") {
		t.Error("the front does not show a story published after the database came back")
	}
}

// proxy forwards TCP connections to a database; cut closes them all and
// refuses new ones, restore listens again on the same address.
type proxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{t: t, addr: ln.Addr().String(), target: target}
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			d, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, d)
			p.mu.Unlock()
			go func() { io.Copy(d, c); d.Close() }()
			go func() { io.Copy(c, d); c.Close() }()
		}
	}()
}

func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *proxy) restore() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("listen again on %s: %v", p.addr, err)
	}
	p.serve(ln)
}
