package newsroom

import (
	"net/http"
	"strconv"

	"github.com/bylinehq/byline/internal/news"
)

// auditPage is the audit log, newest first, a page at a time.
type auditPage struct {
	Entries []news.AuditEntry
	Older   string // the next page's link; "" on the last
}

const auditPageSize = 100

// auditLog shows admins who changed what, when.
func (n *Newsroom) auditLog(w http.ResponseWriter, r *http.Request, v *viewer) error {
	var before int64
	if raw := r.URL.Query().Get("before"); raw != "" {
		b, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || b <= 0 {
			return news.Invalid("before", "%q is not a position in the audit log", raw)
		}
		before = b
	}
	entries, err := n.store.AuditLog(r.Context(), before, auditPageSize+1)
	if err != nil {
		return err
	}
	d := auditPage{Entries: entries}
	if len(entries) > auditPageSize {
		d.Entries = entries[:auditPageSize]
		d.Older = "/admin/audit?before=" + strconv.FormatInt(d.Entries[auditPageSize-1].ID, 10)
	}
	return n.render(w, r, http.StatusOK, "audit", n.withNav(n.newPage(r, "nr.audit.title", d), "audit"))
}
