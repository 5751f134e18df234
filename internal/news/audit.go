package news

import (
	"context"
	"time"
)

// AuditEntry is one privileged action: who, through what, did what, when.
type AuditEntry struct {
	ID       int64
	At       time.Time
	UserID   int64 // 0 when the account is gone or the command line acted
	UserName string
	Via      string // "newsroom", "api" or "cli"
	Action   string
	Target   string
}

// AuditStore keeps the audit log.
type AuditStore interface {
	// RecordAudit appends an entry and sets its ID.
	RecordAudit(ctx context.Context, e *AuditEntry) error
	// AuditLog returns up to limit entries older than before (all when
	// before is 0), newest first.
	AuditLog(ctx context.Context, before int64, limit int) ([]AuditEntry, error)
}
