package storetest

import (
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

var auditTests = map[string]func(*testing.T, *fixture){
	"AuditLogPagesNewestFirst": testAuditLog,
}

func testAuditLog(t *testing.T, f *fixture) {
	admin := f.user(news.RoleAdmin)
	for i, a := range []string{"POST /admin/sections", "POST /admin/users", "POST /admin/tokens"} {
		e := news.AuditEntry{At: base.Add(time.Duration(i) * time.Minute), UserID: admin.ID, UserName: admin.Name, Via: "newsroom", Action: a, Target: "/x"}
		f.must(f.s.RecordAudit(f.ctx, &e))
	}
	f.must(f.s.RecordAudit(f.ctx, &news.AuditEntry{UserName: "command line", Via: "cli", Action: "user add", Target: "ana@example.org"}))
	page, err := f.s.AuditLog(f.ctx, 0, 3)
	f.must(err)
	if len(page) != 3 || page[0].Action != "user add" || page[0].UserID != 0 || page[2].Action != "POST /admin/users" {
		t.Fatalf("first page %+v", page)
	}
	if page[1].UserID != admin.ID || page[1].UserName != admin.Name || !page[1].At.Equal(base.Add(2*time.Minute)) {
		t.Errorf("entry %+v", page[1])
	}
	rest, err := f.s.AuditLog(f.ctx, page[2].ID, 3)
	f.must(err)
	if len(rest) != 1 || rest[0].Action != "POST /admin/sections" {
		t.Errorf("second page %+v", rest)
	}
	if err := f.s.RecordAudit(f.ctx, &news.AuditEntry{Via: "cli"}); news.ErrorCode(err) != news.CodeInvalid {
		t.Errorf("an entry without an action: %v", err)
	}
}
