-- Webhooks: endpoints an admin registers, and the outbox of deliveries the
-- store writes in the transaction of every article save. Each delivery has
-- one job (kind 'webhook', ref_id = the delivery) that sends it.

-- The secret is kept as it is: every delivery is signed with it, so a hash
-- would not do. It is shown once, when the endpoint is created.
CREATE TABLE webhook_endpoints (
    id          INTEGER PRIMARY KEY,
    url         TEXT NOT NULL,
    events      TEXT NOT NULL,                 -- event names, one per line
    secret      TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE webhook_deliveries (
    id                INTEGER PRIMARY KEY,
    endpoint_id       INTEGER NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event             TEXT NOT NULL,
    article_id        INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    status            TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'skipped')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    last_status_code  INTEGER,
    last_error        TEXT,
    due_at            INTEGER NOT NULL,          -- when the event happens
    next_attempt_at   INTEGER,
    delivered_at      INTEGER,
    created_at        INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (article_id) WHERE status = 'pending';
