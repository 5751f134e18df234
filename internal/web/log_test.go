package web

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestAccessLogCarriesRequestIDWithoutQuery(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(LogHandler{Handler: slog.NewTextHandler(&buf, nil)})
	h := Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.InfoContext(r.Context(), "inside")
		w.WriteHeader(http.StatusTeapot)
	}), WithRequestID, AccessLog(log))
	req := httptest.NewRequest("GET", "/en/?token=secret", nil)
	req.Header.Set("X-Request-Id", "req-42")
	h.ServeHTTP(httptest.NewRecorder(), req)
	out := buf.String()
	if strings.Count(out, "request_id=req-42") != 2 || !strings.Contains(out, "status=418") {
		t.Errorf("log lines lack the request id or status:\n%s", out)
	}
	if strings.Contains(out, "secret") {
		t.Errorf("the query string reached the log:\n%s", out)
	}
}
