-- Full-text search. One row per article, rowid = article id, holding the
-- analysed terms of its text (relevance.Terms, joined by spaces), so that
-- folding, stop words and stemming are the same for stories and queries.
-- Every story is indexed whatever its status; visibility is decided when
-- searching, so a scheduled story is found from its time with no write.
CREATE VIRTUAL TABLE search_index USING fts5(headline, body, tokenize = 'unicode61 remove_diacritics 2');

-- search_meta records which analyser built the index; the store rebuilds
-- the index when relevance.AnalyzerVersion differs.
CREATE TABLE search_meta (
    key    TEXT PRIMARY KEY,
    value  INTEGER NOT NULL
);
