-- change_seq orders every save of a story, so the "Read also" engine can
-- catch up with exactly the stories changed since it last looked, whichever
-- node or process made the change.
ALTER TABLE articles ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET change_seq = id;
CREATE INDEX articles_by_change ON articles (change_seq);

-- Other spellings of a topic's name, in any language ("Poutine", "بوتين"):
-- topic suggestions match them and a typed alias finds the topic.
-- folded is relevance.Fold(alias), what matching compares.
CREATE TABLE topic_aliases (
    topic_id  INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,
    folded    TEXT NOT NULL,
    PRIMARY KEY (topic_id, folded)
);
CREATE INDEX topic_aliases_by_folded ON topic_aliases (folded);

-- A topic suggestion an editor turned down for a story is not offered again.
-- key is the suggestion's key: "topic:ID" or "name:" plus the folded name.
CREATE TABLE topic_rejections (
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (article_id, key)
);

-- Editors' choices for a story's "Read also" block: pinned stories come
-- first, in position order; excluded ones never appear.
CREATE TABLE read_also_picks (
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    related_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    pick        TEXT NOT NULL CHECK (pick IN ('pin', 'exclude')),
    position    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, related_id),
    CHECK (related_id <> article_id)
);

-- A topic name folded as relevance.Fold does, so that "Sanchez" typed in
-- the editor finds the topic "Sánchez". Filled in by the store after
-- migrating, since SQL cannot fold as Go does.
ALTER TABLE topic_names ADD COLUMN folded TEXT NOT NULL DEFAULT '';
CREATE INDEX topic_names_by_folded ON topic_names (folded);
