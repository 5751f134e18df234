-- The wire desk: agency sources (a feed URL polled on an interval, or a drop
-- folder) and the items they deliver. Every version of an item is a row;
-- latest marks the newest version of a source's GUID, so that the inbox and
-- near-duplicate matching never see superseded text.

CREATE TABLE wire_sources (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('url', 'folder')),
    url             TEXT NOT NULL DEFAULT '',
    folder          TEXT NOT NULL DEFAULT '',
    edition         TEXT NOT NULL REFERENCES editions (code),
    section_id      INTEGER NOT NULL REFERENCES sections (id),
    credit          TEXT NOT NULL,
    interval_ms     INTEGER NOT NULL,
    active          INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    etag            TEXT NOT NULL DEFAULT '',
    last_modified   TEXT NOT NULL DEFAULT '',
    last_polled_at  INTEGER,
    last_status     TEXT NOT NULL DEFAULT '',
    failures        INTEGER NOT NULL DEFAULT 0,
    next_poll_at    INTEGER
);
CREATE INDEX wire_sources_due ON wire_sources (next_poll_at) WHERE active = 1 AND kind = 'url';

CREATE TABLE wire_items (
    id                  INTEGER PRIMARY KEY,
    source_id           INTEGER NOT NULL REFERENCES wire_sources (id) ON DELETE CASCADE,
    guid                TEXT NOT NULL,
    version             INTEGER NOT NULL CHECK (version >= 1),
    latest              INTEGER NOT NULL DEFAULT 1,
    format              TEXT NOT NULL,
    title               TEXT NOT NULL,
    summary             TEXT NOT NULL DEFAULT '',
    body_html           TEXT NOT NULL DEFAULT '',
    link                TEXT NOT NULL DEFAULT '',
    authors             TEXT NOT NULL DEFAULT '',      -- one per line
    language            TEXT NOT NULL DEFAULT '',
    published_at        INTEGER,
    updated_at          INTEGER,
    received_at         INTEGER NOT NULL,
    content_hash        TEXT NOT NULL,
    fingerprint         INTEGER NOT NULL,              -- a uint64 SimHash, stored as its int64 bits
    status              TEXT NOT NULL CHECK (status IN ('new', 'adopted', 'ignored', 'duplicate')),
    duplicate_of        INTEGER REFERENCES wire_items (id) ON DELETE SET NULL,
    group_id            INTEGER,
    similarity          REAL NOT NULL DEFAULT 0,
    adopted_article_id  INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    adopted_version     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (source_id, guid, version)
);
-- The inbox: latest versions, newest first, optionally by status.
CREATE INDEX wire_items_inbox ON wire_items (received_at DESC, id DESC) WHERE latest = 1 AND status <> 'duplicate';
CREATE INDEX wire_items_inbox_status ON wire_items (status, received_at DESC) WHERE latest = 1;
-- Exact duplicates: the first copy with a hash.
CREATE INDEX wire_items_hash ON wire_items (content_hash, id) WHERE status <> 'duplicate';
-- Near duplicates: what arrived lately.
CREATE INDEX wire_items_recent ON wire_items (received_at) WHERE latest = 1 AND status <> 'duplicate';
-- A group and its folded copies.
CREATE INDEX wire_items_group ON wire_items (group_id) WHERE group_id IS NOT NULL;
CREATE INDEX wire_items_duplicate_of ON wire_items (duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX wire_items_adopted ON wire_items (adopted_article_id) WHERE adopted_article_id IS NOT NULL;
