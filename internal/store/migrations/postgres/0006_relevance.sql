-- change_seq orders every save of a story, so the "Read also" engine and
-- page caches can catch up with exactly the stories changed since they last
-- looked, whichever node or process made the change.
-- (migrations/sqlite/0006_relevance.sql for PostgreSQL.) SQLite numbers
-- saves MAX+1 under its single writer; here several writers number them from
-- article_change_seq (see Store.bumpChange), which starts past any number
-- already stored.
ALTER TABLE articles ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
UPDATE articles SET change_seq = id;
CREATE INDEX articles_by_change ON articles (change_seq);
CREATE SEQUENCE article_change_seq;
SELECT setval('article_change_seq', COALESCE(MAX(change_seq), 0) + 1, false) FROM articles;

-- Other spellings of a topic's name, in any language ("Poutine", "بوتين"):
-- topic suggestions match them and a typed alias finds the topic.
-- folded is relevance.Fold(alias), what matching compares.
CREATE TABLE topic_aliases (
    topic_id  BIGINT NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,
    folded    TEXT NOT NULL,
    PRIMARY KEY (topic_id, folded)
);
CREATE INDEX topic_aliases_by_folded ON topic_aliases (folded);

-- A topic suggestion an editor turned down for a story is not offered again.
-- key is the suggestion's key: "topic:ID" or "name:" plus the folded name.
CREATE TABLE topic_rejections (
    article_id  BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    user_id     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (article_id, key)
);

-- Editors' choices for a story's "Read also" block: pinned stories come
-- first, in position order; excluded ones never appear.
CREATE TABLE read_also_picks (
    article_id  BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    related_id  BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    pick        TEXT NOT NULL CHECK (pick IN ('pin', 'exclude')),
    position    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, related_id),
    CHECK (related_id <> article_id)
);

-- A topic name folded as relevance.Fold does, so that "Sanchez" typed in
-- the editor finds the topic "Sánchez". Filled in by the store after
-- migrating, since SQL cannot fold as Go does.
ALTER TABLE topic_names ADD COLUMN folded TEXT NOT NULL DEFAULT '';
CREATE INDEX topic_names_by_folded ON topic_names (folded);
