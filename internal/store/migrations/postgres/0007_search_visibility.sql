-- Visibility, edition and section of every story in a small index
-- (migrations/sqlite/0007_search_visibility.sql). SQLite's search names it
-- with INDEXED BY; PostgreSQL's planner takes no hints and uses it, or not,
-- by its own costs: it can answer a search's visibility checks from it in
-- an index-only scan.
CREATE INDEX articles_visibility ON articles (id, edition, status, published_at, embargo_until, section_id);
