-- The audit log: who did what, when, for every change made through the
-- newsroom, the Admin API or the command line. Append-only; user_name is
-- kept as it was, so the log reads right after an account is renamed.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    user_name  TEXT NOT NULL,
    via        TEXT NOT NULL,  -- newsroom, api or cli
    action     TEXT NOT NULL,  -- what was done, e.g. "POST /admin/articles/{id}/publish"
    target     TEXT NOT NULL   -- what it was done to, e.g. "/admin/articles/12/publish"
);
