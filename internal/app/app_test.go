package app_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/testenv"
)

func fetch(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

func TestHealthAndReadiness(t *testing.T) {
	a := testenv.DemoApp(t, testenv.NewClock(testenv.Now))
	srv := httptestServer(t, a.Handler)
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200} {
		res, err := http.Get(srv + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want || res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s = %d (%s), want %d no-store", path, res.StatusCode, res.Header.Get("Cache-Control"), want)
		}
	}
	a.Store.Close() // the database goes away
	res, err := http.Get(srv + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the store closed = %d, want 503", res.StatusCode)
	}
	if res, _ := http.Get(srv + "/healthz"); res.StatusCode != 200 {
		t.Errorf("/healthz should not depend on the store")
	}
}

func httptestServer(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// TestGracefulShutdown cancels the serve context while a request is in
// flight and checks that the request completes and Serve returns.
func TestGracefulShutdown(t *testing.T) {
	a := testenv.DemoApp(t, testenv.NewClock(testenv.Now))
	slow := make(chan struct{})
	inner := a.Handler
	a.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			<-slow
			io.WriteString(w, "finished")
			return
		}
		inner.ServeHTTP(w, r)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	base := "http://" + ln.Addr().String()
	got := make(chan string, 1)
	go func() { got <- fetch(t, base+"/slow") }()
	time.Sleep(200 * time.Millisecond)
	cancel() // SIGTERM arrives
	time.Sleep(200 * time.Millisecond)
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("new connections are still accepted after shutdown began")
	}
	close(slow)
	if body := <-got; !strings.Contains(body, "finished") {
		t.Errorf("in-flight request got %q", body)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after shutdown")
	}
	if err := a.Store.Ping(context.Background()); err == nil {
		t.Error("the store is still open after shutdown")
	}
}
