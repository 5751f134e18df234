package relevance

import (
	"strings"
	"unicode"
	"unicode/utf8"

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
// n words where the query's terms are densest, its matching words marked,
// with an ellipsis where the passage cuts the text. Text without a match
// gives its opening words, unmarked.
func Snippet(lang, text string, terms map[string]bool, n int) []news.Span {
	ws := words(text)
	matched := matchWords(baseLang(lang), text, ws, terms)
	n = max(1, n)
	best, bestScore, score := 0, 0, 0
	for i := range ws {
		if matched[i] {
			score++
		}
		if i >= n && matched[i-n] {
			score--
		}
		if score > bestScore {
			best, bestScore = max(0, i-n+1), score
		}
	}
	if bestScore == 0 {
		return plainSnippet(text, n)
	}
	// Start a word or two before the first match, so it reads in context,
	// but not across the end of a sentence.
	for !matched[best] {
		best++
	}
	for k := 0; k < 2 && best > 0 && !strings.ContainsAny(text[ws[best-1].End:ws[best].Start], ".!?؟\n"); k++ {
		best--
	}
	last := min(len(ws), best+n) - 1
	start, end := ws[best].Start, ws[last].End
	if best == 0 {
		start = 0
	}
	if last == len(ws)-1 {
		end = len(text)
	}
	var spans []news.Span
	add := func(s string, mark bool) {
		if s == "" {
			return
		}
		if k := len(spans); k > 0 && !mark && !spans[k-1].Mark {
			spans[k-1].Text += s
			return
		}
		spans = append(spans, news.Span{Text: s, Mark: mark})
	}
	if start > 0 {
		add("… ", false)
	}
	at := start
	for i := best; i <= last; i++ {
		if matched[i] {
			add(text[at:ws[i].Start], false)
			add(text[ws[i].Start:ws[i].End], true)
			at = ws[i].End
		}
	}
	add(text[at:end], false)
	if end < len(text) {
		add(" …", false)
	}
	return spans
}

// matchWords reports which words analyse to one of terms. Stemming every
// word of a long story is what a snippet costs, so a word is analysed only
// when its first letter, folded, is the first letter of a term: the
// Snowball stemmers never change a word's first letter. The Arabic stemmer
// strips up to four letters of clitics from the front, so for an Arabic
// word any of its first five letters may begin the term.
func matchWords(lang, text string, ws []Token, terms map[string]bool) []bool {
	firsts := map[rune]bool{}
	for t := range terms {
		r, _ := utf8.DecodeRuneInString(t)
		firsts[r] = true
	}
	matched := make([]bool, len(ws))
	for i, w := range ws {
		word := text[w.Start:w.End]
		if !mayMatch(word, firsts) {
			continue
		}
		matched[i] = terms[analyze(lang, word)]
	}
	return matched
}

func mayMatch(word string, firsts map[rune]bool) bool {
	r, _ := utf8.DecodeRuneInString(word)
	if !unicode.Is(unicode.Arabic, r) {
		return firsts[foldRune(r)]
	}
	letters := 0
	for _, r := range word {
		if unicode.Is(unicode.Mn, r) || r == 'ـ' {
			continue
		}
		if firsts[foldRune(r)] {
			return true
		}
		if letters++; letters == 5 {
			return false
		}
	}
	return false
}

func foldRune(r rune) rune {
	if plainRune(r) {
		return unicode.ToLower(r)
	}
	f, _ := utf8.DecodeRuneInString(Fold(string(r)))
	return f
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
