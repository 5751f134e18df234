package store

import (
	"fmt"
	"strings"

	"github.com/bylinehq/byline/internal/relevance"
)

// PostgreSQL's search index is a table of the same analysed terms FTS5
// holds on SQLite, with a generated tsvector, document, under a GIN index
// (migrations/postgres/0005_search.sql). The Go analyser has already
// folded, dropped stop words and stemmed for the edition's language, on
// both sides: queries are matched term for term, with no text search
// configuration analysing anything again.

// searchMatch keeps the rows whose document matches every phrase of q.
func (pgDialect) searchMatch(q relevance.Query) (string, any) {
	return "search_index.document @@ ?::tsquery", tsQuery(q)
}

// searchRank is ts_rank_cd, cover density: headline terms are weighted A,
// body terms D (see search_document), and A counts headlineWeight/bodyWeight
// times D, as bm25's column weights do on SQLite. Normalisation 1 divides
// by the log of the story's length, so that a word in a short story ranks
// above the same word lost in a long one.
func (pgDialect) searchRank(q relevance.Query) (string, []any) {
	d := bodyWeight / headlineWeight
	return fmt.Sprintf("ts_rank_cd('{%g, %g, %g, 1}', search_index.document, ?::tsquery, 1) DESC", d, d, d), []any{tsQuery(q)}
}

// A GIN index needs no optimising after a rebuild.
func (pgDialect) searchOptimize() string { return "" }

// The index is a table like any other: a failed write rolls it back whole.
func (pgDialect) searchCanDrift() bool { return false }

// tsQuery writes a parsed query as a tsquery: every term a quoted lexeme
// (so nothing a reader types is tsquery syntax), a phrase's terms joined
// by <-> (followed by), phrases ANDed. Query text is at most
// news.MaxSearchText bytes, so no term reaches PostgreSQL's limit of 2047
// bytes a lexeme.
func tsQuery(q relevance.Query) string {
	phrases := make([]string, len(q.Phrases))
	for i, p := range q.Phrases {
		terms := make([]string, len(p))
		for j, t := range p {
			terms[j] = tsLexeme.Replace(t)
		}
		phrases[i] = "('" + strings.Join(terms, "' <-> '") + "')"
	}
	return strings.Join(phrases, " & ")
}

// tsLexeme escapes a term for a quoted tsquery lexeme.
var tsLexeme = strings.NewReplacer(`\`, `\\`, `'`, `''`)
