-- Full-text search (migrations/sqlite/0005_search.sql for PostgreSQL). One
-- row per article, rowid = article id, holding the analysed terms of its
-- text (relevance.Terms, joined by spaces) exactly as SQLite's FTS5 table
-- does: the Go analyser already folds, drops stop words and stems for the
-- edition's language, so stories and queries are analysed alike on both
-- stores, and StoryChanges reads the terms back from here. The key column
-- is named rowid after FTS5's, so the statements that write and read the
-- index are the same on both stores.
--
-- document is the searchable tsvector, generated from those terms with no
-- further analysis: not to_tsvector with a language configuration, which
-- would stem the stems again, and not even with the 'simple' one, whose
-- parser classifies characters by the database's locale and could split
-- or drop a term the Go analyser kept. search_document gives every term its
-- position (so "quoted phrases" work), weights headline terms A and body
-- terms D (ranking counts a headline match five times a body match, as
-- bm25 does on SQLite), and leaves a gap between the two so that no phrase
-- runs from the headline into the body, as none can across FTS5's columns.
-- PostgreSQL keeps positions up to 16383 and a lexeme of at most 2047
-- bytes: later positions count as 16383, and a longer "word" is not indexed.
CREATE FUNCTION search_document(headline TEXT, body TEXT) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT COALESCE(string_agg(
               '''' || replace(replace(t.term, '\', '\\'), '''', '''''') || ''':' || t.pos || t.weight, ' '),
           '')::tsvector
    FROM (
        SELECT h.term, h.n AS pos, 'A' AS weight
        FROM unnest(string_to_array(headline, ' ')) WITH ORDINALITY AS h (term, n)
        UNION ALL
        SELECT b.term, cardinality(string_to_array(headline, ' ')) + 1 + b.n, 'D'
        FROM unnest(string_to_array(body, ' ')) WITH ORDINALITY AS b (term, n)
    ) t
    WHERE t.term <> '' AND octet_length(t.term) <= 2047
$$;

-- Every story is indexed whatever its status; visibility is decided when
-- searching, so a scheduled story is found from its time with no write.
CREATE TABLE search_index (
    rowid     BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    headline  TEXT NOT NULL,
    body      TEXT NOT NULL,
    document  tsvector GENERATED ALWAYS AS (search_document(headline, body)) STORED
);
CREATE INDEX search_index_document ON search_index USING GIN (document);

-- search_meta records which analyser built the index; the store rebuilds
-- the index when relevance.AnalyzerVersion differs.
CREATE TABLE search_meta (
    key    TEXT PRIMARY KEY,
    value  BIGINT NOT NULL
);
