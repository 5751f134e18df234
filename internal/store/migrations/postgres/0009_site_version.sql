-- site_version counts changes to what frames every page (editions,
-- sections, topic names): a page cache on any node compares it with the
-- value its pages were rendered at. Changes to stories are ordered by
-- articles.change_seq instead, which lets caches drop only what a story's
-- change affects. The one row is updated in place, so concurrent writers
-- queue on its row lock and every bump counts.
CREATE TABLE site_version (
    id     BIGINT PRIMARY KEY CHECK (id = 1),
    value  BIGINT NOT NULL
);
INSERT INTO site_version (id, value) VALUES (1, 0);

-- A story waiting for its time or the end of its embargo appears with no
-- write; caches ask for the next such moment (Store.NextVisibility).
CREATE INDEX articles_by_time ON articles (published_at) WHERE status IN ('published', 'scheduled');
CREATE INDEX articles_by_embargo ON articles (embargo_until) WHERE embargo_until IS NOT NULL;
