package web

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestSlowClientsCannotPinConnections: a client that sends its headers a
// byte at a time, or sends too many, is cut off; a normal one is served.
func TestSlowClientsCannotPinConnections(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultServerConfig
	cfg.ReadHeaderTimeout, cfg.MaxHeaderBytes = 300*time.Millisecond, 4<<10
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	go func() { done <- Serve(ctx, ln, h, cfg, slog.New(slog.DiscardHandler)) }()
	defer func() { cancel(); <-done }()
	addr := ln.Addr().String()

	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	start := time.Now()
	slow.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n"))
	for range 20 { // a header line trickling in, never finished
		if _, err := slow.Write([]byte("X")); err != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	slow.SetReadDeadline(time.Now().Add(2 * time.Second))
	io.ReadAll(slow)
	if held := time.Since(start); held > 1500*time.Millisecond {
		t.Errorf("a client trickling its headers held the connection for %v", held)
	}

	big, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer big.Close()
	big.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 16<<10) + "\r\n\r\n"))
	big.SetReadDeadline(time.Now().Add(2 * time.Second))
	answer, _ := io.ReadAll(big)
	if !strings.Contains(string(answer), "431") {
		t.Errorf("oversized headers answered %q", firstLine(answer))
	}

	res, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("a normal client got %d", res.StatusCode)
	}
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\r\n")
	return s
}
