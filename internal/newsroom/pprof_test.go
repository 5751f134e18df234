package newsroom

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/i18n"
	"github.com/bylinehq/byline/internal/news"
)

// roleAuth signs in one account per role: the session token is the role's
// name. The newsroom's other Auth methods are not called by these tests.
type roleAuth struct{ Auth }

func (roleAuth) Authenticate(_ context.Context, token string) (news.User, news.Session, error) {
	for i, role := range news.Roles {
		if string(role) == token {
			return news.User{ID: int64(i + 1), Name: token, Role: role, Language: "en"}, news.Session{CSRFToken: "csrf"}, nil
		}
	}
	return news.User{}, news.Session{}, news.Errorf(news.CodeUnauthorized, "no such session")
}

func pprofMux(t *testing.T) *http.ServeMux {
	t.Helper()
	bundle, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	n, err := New(Config{Editorial: &editorial.Service{}, Auth: roleAuth{}, Bundle: bundle,
		Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	n.Register(mux)
	return mux
}

func getAs(mux http.Handler, role news.Role, path string, ctx context.Context) *http.Response {
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, path, nil)
	if role != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: string(role)})
	}
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	return rec.Result()
}

func TestPprofOnlyForAdmins(t *testing.T) {
	t.Parallel()
	mux := pprofMux(t)
	const dir = "/admin/debug/pprof/"
	tests := []struct {
		name   string
		role   news.Role // "": not signed in
		path   string
		status int
		want   string // in the body, or the Location of a redirect
	}{
		{"anonymous is sent to sign in", "", dir, http.StatusSeeOther, "/admin/signin?next=%2Fadmin%2Fdebug%2Fpprof%2F"},
		{"anonymous heap is sent to sign in", "", dir + "heap?debug=1", http.StatusSeeOther, "/admin/signin?next="},
		{"contributor is refused", news.RoleContributor, dir, http.StatusForbidden, "admin"},
		{"author is refused", news.RoleAuthor, dir + "goroutine?debug=2", http.StatusForbidden, "admin"},
		{"editor is refused the index", news.RoleEditor, dir, http.StatusForbidden, "admin"},
		{"editor is refused the heap", news.RoleEditor, dir + "heap?debug=1", http.StatusForbidden, "admin"},
		{"editor is refused the command line", news.RoleEditor, dir + "cmdline", http.StatusForbidden, "admin"},
		{"admin gets the index", news.RoleAdmin, dir, http.StatusOK, "heap?debug=1"},
		{"admin gets the heap", news.RoleAdmin, dir + "heap?debug=1", http.StatusOK, "heap profile:"},
		{"admin gets the goroutines", news.RoleAdmin, dir + "goroutine?debug=1", http.StatusOK, "goroutine profile:"},
		{"admin gets allocations", news.RoleAdmin, dir + "allocs?debug=1", http.StatusOK, "heap profile:"},
		{"admin gets blocking", news.RoleAdmin, dir + "block?debug=1", http.StatusOK, "--- contention:"},
		{"admin gets mutexes", news.RoleAdmin, dir + "mutex?debug=1", http.StatusOK, "--- mutex:"},
		{"admin gets thread creation", news.RoleAdmin, dir + "threadcreate?debug=1", http.StatusOK, "threadcreate profile:"},
		{"admin gets the command line", news.RoleAdmin, dir + "cmdline", http.StatusOK, ""},
		{"admin gets symbols", news.RoleAdmin, dir + "symbol", http.StatusOK, "num_symbols:"},
		{"admin gets a CPU profile", news.RoleAdmin, dir + "profile?seconds=1", http.StatusOK, ""},
		{"admin gets a trace", news.RoleAdmin, dir + "trace?seconds=1", http.StatusOK, ""},
		{"an unknown profile is not found", news.RoleAdmin, dir + "nosuch?debug=1", http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := getAs(mux, tt.role, tt.path, context.Background())
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status {
				t.Fatalf("GET %s as %q: %d, want %d\n%.300s", tt.path, tt.role, res.StatusCode, tt.status, body)
			}
			got := string(body)
			if tt.status == http.StatusSeeOther {
				got = res.Header.Get("Location")
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("GET %s as %q: %.300q does not contain %q", tt.path, tt.role, got, tt.want)
			}
			if tt.role != "" && res.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("GET %s: Cache-Control %q, want no-store", tt.path, res.Header.Get("Cache-Control"))
			}
		})
	}
}

// TestPprofOutlivesTheRequestTimeout: a profile asked for longer than the
// app's request timeout runs its full time instead of failing with 408.
func TestPprofOutlivesTheRequestTimeout(t *testing.T) {
	t.Parallel()
	mux := pprofMux(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	res := getAs(mux, news.RoleAdmin, "/admin/debug/pprof/allocs?seconds=1", ctx)
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || len(body) == 0 {
		t.Fatalf("allocs?seconds=1 past a 50 ms request timeout: %d %.200q", res.StatusCode, body)
	}
	if took := time.Since(start); took < time.Second {
		t.Errorf("the profile stopped after %v, want the second asked for", took)
	}
}

// TestPprofStopsWhenTheClientLeaves: lifting the timeout keeps a
// cancelled request cancelled.
func TestPprofStopsWhenTheClientLeaves(t *testing.T) {
	t.Parallel()
	mux := pprofMux(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	res := getAs(mux, news.RoleAdmin, "/admin/debug/pprof/allocs?seconds=5", ctx)
	io.Copy(io.Discard, res.Body)
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("a cancelled request's profile ran for %v", took)
	}
}
