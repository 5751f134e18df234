package main

import (
	"context"
	"encoding/gob"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

// floorArg, as the first argument, turns the bench into the Go floor: a
// server on Go's net/http that answers each saved page from memory with
// the very headers and bytes Byline sent, doing nothing else. What Byline
// adds to a cached page is measured against it; what nginx does better
// than any net/http server is measured by it.
const floorArg = "-floor"

// floorPage is a saved response as the floor sends it.
type floorPage struct {
	Path   string
	Header http.Header
	Body   []byte
}

// writeFloorPages saves pages for the floor server.
func writeFloorPages(file string, pages []page) error {
	out := make([]floorPage, 0, len(pages))
	for _, p := range pages {
		h := p.header.Clone()
		h.Del("Date") // net/http sets its own
		out = append(out, floorPage{Path: p.path, Header: h, Body: p.raw})
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if err := gob.NewEncoder(f).Encode(out); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// floorMain runs the -floor mode until it is signalled.
func floorMain(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("bylinebench -floor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on")
	file := fs.String("pages", "", "the saved pages")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	f, err := os.Open(*file)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	var pages []floorPage
	err = gob.NewDecoder(f).Decode(&pages)
	f.Close()
	if err != nil {
		fmt.Fprintln(stderr, "read the pages:", err)
		return 1
	}
	byPath := make(map[string]*floorPage, len(pages))
	for i := range pages {
		byPath[pages[i].Path] = &pages[i]
	}
	srv := &http.Server{Addr: *addr, ReadHeaderTimeout: 5 * time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p := byPath[r.URL.RequestURI()]
			if p == nil {
				http.NotFound(w, r)
				return
			}
			h := w.Header()
			for k, v := range p.Header {
				h[k] = v
			}
			w.Write(p.Body)
		})}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// floorBaseline serves the saved pages with the floor server and runs the
// warm scenarios against it.
func (b *bench) floorBaseline(ctx context.Context, pages []page, l lists) error {
	file := filepath.Join(b.tmp, "floor.gob")
	if err := writeFloorPages(file, pages); err != nil {
		return fmt.Errorf("save the pages for the Go floor: %w", err)
	}
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	b.log.printf("starting the Go net/http floor on %s", addr)
	out, err := os.Create(filepath.Join(b.tmp, "floor.log"))
	if err != nil {
		return err
	}
	defer out.Close()
	cmd := exec.Command(b.load.self, floorArg, "-addr", addr, "-pages", file)
	cmd.Stdout, cmd.Stderr = out, out
	p, err := b.procs.start("floor", cmd)
	if err != nil {
		return err
	}
	srv := server{name: "go-floor", origin: "http://" + addr, proc: p}
	if _, err := waitFor(ctx, p, srv.origin+pages[0].path, func(status int) bool { return status > 0 }, 10*time.Second); err != nil {
		return fmt.Errorf("go floor: %w", err)
	}
	if err := verifyMirror(ctx, b.client, srv.origin, pages); err != nil {
		return fmt.Errorf("go floor: %w", err)
	}
	if err := b.scenarios(ctx, srv, l, false); err != nil {
		return err
	}
	return b.stop(srv)
}
