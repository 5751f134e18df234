-- The newsroom: accounts, sessions, API tokens, sign-in throttling,
-- revisions, uploaded media, autosaves and the job queue.

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE,          -- stored lowercased
    name           TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('contributor', 'author', 'editor', 'admin')),
    password_hash  TEXT NOT NULL,                 -- argon2id, PHC string format
    language       TEXT NOT NULL DEFAULT 'en',    -- newsroom language
    author_id      INTEGER REFERENCES authors (id),
    created_at     INTEGER NOT NULL,
    disabled_at    INTEGER
);

-- Sessions and tokens are stored as SHA-256 hashes: a copy of the database
-- does not let anyone sign in.
CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER
);

-- One row per failed sign-in, keyed by "account:EMAIL" and "client:ADDR".
CREATE TABLE login_failures (
    key  TEXT NOT NULL,
    at   INTEGER NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (key, at);

ALTER TABLE articles ADD COLUMN created_by INTEGER REFERENCES users (id);
ALTER TABLE articles ADD COLUMN edited_by INTEGER REFERENCES users (id);
ALTER TABLE articles ADD COLUMN submitted_at INTEGER;

-- Every save of an article, as it was saved.
CREATE TABLE revisions (
    article_id     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    revision       INTEGER NOT NULL,
    user_id        INTEGER REFERENCES users (id),
    created_at     INTEGER NOT NULL,
    status         TEXT NOT NULL,
    section_id     INTEGER NOT NULL,
    slug           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    headline       TEXT NOT NULL,
    standfirst     TEXT NOT NULL,
    body_markdown  TEXT NOT NULL,
    dateline       TEXT NOT NULL,
    credit         TEXT NOT NULL,
    image_path     TEXT,
    image_alt      TEXT,
    image_caption  TEXT,
    image_credit   TEXT,
    topics         TEXT NOT NULL DEFAULT '',      -- topic names, one per line
    authors        TEXT NOT NULL DEFAULT '',      -- author slugs, one per line
    PRIMARY KEY (article_id, revision)
);

-- The unsaved text of an editor, kept every few seconds so a closed tab
-- loses almost nothing. One per article and person.
CREATE TABLE autosaves (
    article_id     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    base_revision  INTEGER NOT NULL,
    fields         TEXT NOT NULL,                 -- JSON object of form fields
    saved_at       INTEGER NOT NULL,
    PRIMARY KEY (article_id, user_id)
);

CREATE TABLE media (
    id            INTEGER PRIMARY KEY,
    path          TEXT NOT NULL UNIQUE,
    content_type  TEXT NOT NULL,
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    bytes         INTEGER NOT NULL,
    uploaded_by   INTEGER REFERENCES users (id),
    created_at    INTEGER NOT NULL
);

-- Background work, enqueued in the transaction of the change that causes
-- it, so it survives restarts. A worker leases a due job until locked_until.
CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    ref_id        INTEGER NOT NULL,
    run_at        INTEGER NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER,
    done_at       INTEGER,
    last_error    TEXT,
    created_at    INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL;
CREATE INDEX jobs_by_ref ON jobs (kind, ref_id) WHERE done_at IS NULL;
