package app_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/bylinehq/byline/internal/news"
)

// TestPprofOnlyForAdmins: the runtime's profiles are served under
// /admin/debug/pprof/ to admins and nobody else, and not at all at
// /debug/pprof/, where net/http/pprof registers them on
// http.DefaultServeMux when it is linked in: Byline serves its own mux.
func TestPprofOnlyForAdmins(t *testing.T) {
	t.Parallel()
	e := newRoleEnv(t)
	admin, editor := e.actors[news.RoleAdmin], e.actors[news.RoleEditor]
	tests := []struct {
		name   string
		who    *actor
		path   string
		status int
		want   string // in the body, or the Location of a redirect
	}{
		{"the default mux's path is not served", nil, "/debug/pprof/", http.StatusNotFound, ""},
		{"not even to an admin", &admin, "/debug/pprof/heap?debug=1", http.StatusNotFound, ""},
		{"anonymous is sent to sign in", nil, "/admin/debug/pprof/", http.StatusSeeOther, "/admin/signin?next="},
		{"an editor is refused", &editor, "/admin/debug/pprof/", http.StatusForbidden, ""},
		{"an editor is refused the heap", &editor, "/admin/debug/pprof/heap?debug=1", http.StatusForbidden, ""},
		{"an admin gets the index", &admin, "/admin/debug/pprof/", http.StatusOK, "goroutine?debug=2"},
		{"an admin gets the heap", &admin, "/admin/debug/pprof/heap?debug=1", http.StatusOK, "heap profile:"},
	}
	for _, tt := range tests {
		res := e.do(t, tt.who, false, request{"GET", tt.path, "", ""}, false)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != tt.status {
			t.Errorf("%s: GET %s: %d, want %d", tt.name, tt.path, res.StatusCode, tt.status)
			continue
		}
		got := string(body)
		if tt.status == http.StatusSeeOther {
			got = res.Header.Get("Location")
		}
		if !strings.Contains(got, tt.want) {
			t.Errorf("%s: GET %s: %.200q does not contain %q", tt.name, tt.path, got, tt.want)
		}
		if res.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("%s: GET %s has no Content-Security-Policy", tt.name, tt.path)
		}
	}
}
