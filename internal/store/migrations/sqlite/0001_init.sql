-- Byline's first schema. Times are INTEGER milliseconds since the Unix epoch
-- (UTC), NULL when unset: the same representation in SQLite and PostgreSQL,
-- and sortable as numbers.

CREATE TABLE editions (
    code       TEXT PRIMARY KEY,
    tag        TEXT NOT NULL,
    name       TEXT NOT NULL,
    time_zone  TEXT NOT NULL,
    direction  TEXT NOT NULL CHECK (direction IN ('ltr', 'rtl')),
    position   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sections (
    id        INTEGER PRIMARY KEY,
    edition   TEXT NOT NULL REFERENCES editions (code),
    slug      TEXT NOT NULL,
    name      TEXT NOT NULL,
    position  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (edition, slug)
);

CREATE TABLE authors (
    id    INTEGER PRIMARY KEY,
    slug  TEXT NOT NULL UNIQUE,
    name  TEXT NOT NULL
);

CREATE TABLE topics (
    id    INTEGER PRIMARY KEY,
    kind  TEXT NOT NULL CHECK (kind IN ('person', 'place', 'organisation', 'subject'))
);

-- A topic's name and page slug in each edition that uses it.
CREATE TABLE topic_names (
    topic_id  INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    edition   TEXT NOT NULL REFERENCES editions (code),
    name      TEXT NOT NULL,
    slug      TEXT NOT NULL,
    PRIMARY KEY (topic_id, edition),
    UNIQUE (edition, slug)
);
CREATE INDEX topic_names_by_name ON topic_names (edition, name);

CREATE TABLE articles (
    id                 INTEGER PRIMARY KEY,
    edition            TEXT NOT NULL REFERENCES editions (code),
    section_id         INTEGER NOT NULL REFERENCES sections (id),
    slug               TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('news', 'analysis', 'opinion')),
    headline           TEXT NOT NULL,
    standfirst         TEXT NOT NULL DEFAULT '',
    body_markdown      TEXT NOT NULL DEFAULT '',
    body_html          TEXT NOT NULL DEFAULT '',
    dateline           TEXT NOT NULL DEFAULT '',
    credit             TEXT NOT NULL DEFAULT '',
    image_path         TEXT,
    image_width        INTEGER,
    image_height       INTEGER,
    image_alt          TEXT,
    image_caption      TEXT,
    image_credit       TEXT,
    status             TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'scheduled', 'published', 'unpublished')),
    published_at       INTEGER,
    updated_at         INTEGER,
    created_at         INTEGER NOT NULL,
    embargo_until      INTEGER,
    translation_group  INTEGER,
    revision           INTEGER NOT NULL DEFAULT 1,
    UNIQUE (edition, slug)
);
-- The river, fronts and pagination read visible stories newest first.
CREATE INDEX articles_river ON articles (edition, published_at DESC, id DESC)
    WHERE status IN ('published', 'scheduled');
CREATE INDEX articles_by_section ON articles (section_id, published_at DESC, id DESC)
    WHERE status IN ('published', 'scheduled');
CREATE INDEX articles_by_group ON articles (translation_group) WHERE translation_group IS NOT NULL;

-- Every slug an article has had in its edition, so old URLs redirect.
CREATE TABLE article_slugs (
    edition     TEXT NOT NULL REFERENCES editions (code),
    slug        TEXT NOT NULL,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (edition, slug)
);

CREATE TABLE article_authors (
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    author_id   INTEGER NOT NULL REFERENCES authors (id),
    position    INTEGER NOT NULL,
    PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_authors_by_author ON article_authors (author_id);

CREATE TABLE article_topics (
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    topic_id    INTEGER NOT NULL REFERENCES topics (id),
    position    INTEGER NOT NULL,
    PRIMARY KEY (article_id, topic_id)
);
CREATE INDEX article_topics_by_topic ON article_topics (topic_id);

CREATE TABLE corrections (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX corrections_by_article ON corrections (article_id);
