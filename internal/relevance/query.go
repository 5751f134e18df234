package relevance

import (
	"strings"

	"github.com/bylinehq/byline/internal/news"
)

// Query is a reader's search, analysed: every phrase must match. A phrase
// of one term is a plain word; a longer one is a "quoted phrase" whose terms
// must follow each other (common words, dropped on both sides, do not count).
type Query struct {
	Phrases [][]string
}

// ParseQuery analyses what a reader typed in language lang. Text between
// double quotes is a phrase; an unclosed quote runs to the end. Nothing
// else is syntax: operators, stars and colons are word breaks like any
// punctuation, so no input can be a malformed query. An empty Query means
// nothing searchable was typed.
func ParseQuery(lang, text string) Query {
	var q Query
	for i, part := range strings.Split(text, `"`) {
		toks := Terms(lang, part)
		if i%2 == 1 && len(toks) > 1 {
			phrase := make([]string, len(toks))
			for j, t := range toks {
				phrase[j] = t.Term
			}
			q.Phrases = append(q.Phrases, phrase)
			continue
		}
		for _, t := range toks {
			q.Phrases = append(q.Phrases, []string{t.Term})
		}
	}
	return q
}

// Empty reports whether the query has nothing to search for.
func (q Query) Empty() bool { return len(q.Phrases) == 0 }

// Terms returns the set of every term of the query, for highlighting.
func (q Query) Terms() map[string]bool {
	m := map[string]bool{}
	for _, p := range q.Phrases {
		for _, t := range p {
			m[t] = true
		}
	}
	return m
}

// SnippetWords is about how many words a snippet shows.
const SnippetWords = 30

// Snippet returns a passage of text (plain text in language lang) of about
// words words where the query's terms are densest, its matching words
// marked, with an ellipsis where the passage cuts the text. Text without a
// match gives its opening words, unmarked.
func Snippet(lang, text string, terms map[string]bool, words int) []news.Span {
	toks := Terms(lang, text)
	if len(toks) == 0 {
		return plainSnippet(text, words)
	}
	// Terms drops common words, so a window of w tokens spans more words;
	// two thirds keeps the passage near the size asked for.
	w := max(1, words*2/3)
	best, bestScore := 0, -1
	score := 0
	for i := range toks {
		if terms[toks[i].Term] {
			score++
		}
		if i >= w && terms[toks[i-w].Term] {
			score--
		}
		if first := max(0, i-w+1); score > bestScore {
			best, bestScore = first, score
		}
	}
	if bestScore <= 0 {
		return plainSnippet(text, words)
	}
	// Start a word or two before the first match, so it reads in context.
	first := best
	for !terms[toks[first].Term] {
		first++
	}
	best = max(0, first-2)
	last := min(len(toks), best+w) - 1
	start, end := toks[best].Start, toks[last].End
	if best == 0 {
		start = 0
	}
	if last == len(toks)-1 {
		end = len(text)
	}
	var spans []news.Span
	add := func(s string, mark bool) {
		if s == "" {
			return
		}
		if n := len(spans); n > 0 && spans[n-1].Mark == mark {
			spans[n-1].Text += s
			return
		}
		spans = append(spans, news.Span{Text: s, Mark: mark})
	}
	if start > 0 {
		add("… ", false)
	}
	at := start
	for _, t := range toks[best : last+1] {
		if terms[t.Term] {
			add(text[at:t.Start], false)
			spans = append(spans, news.Span{Text: text[t.Start:t.End], Mark: true})
			at = t.End
		}
	}
	add(text[at:end], false)
	if end < len(text) {
		add(" …", false)
	}
	return spans
}

func plainSnippet(text string, words int) []news.Span {
	f := strings.Fields(text)
	if len(f) == 0 {
		return nil
	}
	if len(f) <= words {
		return []news.Span{{Text: strings.Join(f, " ")}}
	}
	return []news.Span{{Text: strings.Join(f[:words], " ") + " …"}}
}
