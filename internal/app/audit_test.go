package app_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/bylinehq/byline/internal/news"
)

// TestAuditLogRecordsPrivilegedChanges: changes made in the newsroom and
// through the Admin API are in the audit log with who made them; reads,
// autosaves, refused and failed attempts are not; only admins see the log.
func TestAuditLogRecordsPrivilegedChanges(t *testing.T) {
	e := newRoleEnv(t)
	admin, editor, writer := e.actors[news.RoleAdmin], e.actors[news.RoleEditor], e.actors[news.RoleContributor]
	story := e.publishedBy(t, news.RoleEditor)
	draft := e.draftBy(t, news.RoleContributor)
	calls := []struct {
		who    *actor
		api    bool
		rq     request
		status int
	}{
		{&admin, false, request{"POST", "/admin/sections", "form", "edition=en&name=Audit&slug=audit"}, http.StatusSeeOther},
		{&editor, true, request{"POST", fmt.Sprintf("/api/v1/admin/articles/%d/unpublish", story), "", ""}, http.StatusOK},
		{&writer, false, request{"POST", fmt.Sprintf("/admin/articles/%d/autosave", draft), "form", "revision=1&fields=%7B%7D"}, 0},
		{&writer, false, request{"GET", fmt.Sprintf("/admin/articles/%d", draft), "", ""}, http.StatusOK},
		{&writer, true, request{"POST", fmt.Sprintf("/api/v1/admin/articles/%d/unpublish", story), "", ""}, http.StatusForbidden},
		{&admin, false, request{"POST", "/admin/sections", "form", "edition=en&name=Audit&slug=audit"}, http.StatusConflict},
	}
	for _, c := range calls {
		res := e.do(t, c.who, c.api, c.rq, true)
		io.Copy(io.Discard, res.Body)
		if c.status != 0 && res.StatusCode != c.status {
			t.Errorf("%s %s: %d, want %d", c.rq.method, c.rq.path, res.StatusCode, c.status)
		}
	}
	log, err := e.a.Store.AuditLog(e.ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, en := range log {
		got = append(got, fmt.Sprintf("%s|%s|%s|%s", en.UserName, en.Via, en.Action, en.Target))
	}
	want := []string{
		fmt.Sprintf("The editor|api|POST /api/v1/admin/articles/{id}/unpublish|/api/v1/admin/articles/%d/unpublish", story),
		"The admin|newsroom|POST /admin/sections|/admin/sections",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for role, status := range map[news.Role]int{news.RoleAdmin: 200, news.RoleEditor: 403} {
		who := e.actors[role]
		res := e.do(t, &who, false, request{"GET", "/admin/audit", "", ""}, false)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != status {
			t.Errorf("audit page as %s: %d", role, res.StatusCode)
		}
		if status == 200 && !strings.Contains(string(body), "POST /admin/sections") {
			t.Errorf("the audit page does not show the entries")
		}
	}
}
