package entities

import (
	"sort"
	"strings"
)

// ptok is one word of a name to match.
type ptok struct {
	core    string
	article bool // Arabic: the text's word must carry the article too
	upper   bool // a one-word Latin name written with a capital needs one in the text
	caps    bool // an acronym needs capitals in the text ("US" is not "us")
	bare    bool // Arabic: the text's word must not carry the article
}

// phrase is one name of an entry, as words.
type phrase struct {
	words []ptok
	entry int    // index of the entry the name belongs to
	langs string // languages whose text it is matched in, "" for all
}

// index finds names in tokens: it maps a name's first word to the names
// starting with it, longest first, so a lookup costs one map access per word.
type index struct {
	byFirst map[string][]phrase
}

func newIndex() *index { return &index{byFirst: map[string][]phrase{}} }

// add registers name for entry. Names with no words are ignored.
func (ix *index) add(name string, entry int, langs string) {
	words := nameWords(name)
	if len(words) == 0 {
		return
	}
	p := phrase{words: words, entry: entry, langs: langs}
	k := words[0].core
	ix.byFirst[k] = append(ix.byFirst[k], p)
}

// finish sorts each bucket longest first; entries added earlier win ties.
func (ix *index) finish() {
	for _, ps := range ix.byFirst {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].words) > len(ps[j].words) })
	}
}

// nameWords splits a name into words to match.
func nameWords(name string) []ptok {
	toks := tokenize(name)
	out := make([]ptok, 0, len(toks))
	for _, t := range toks {
		w := ptok{core: t.fold, caps: t.caps && runeLen(t.text) <= 5}
		if t.arabic {
			fs := withArticle(t.fold, 0)
			w.core, w.article = fs[len(fs)-1].core, fs[len(fs)-1].article
		}
		out = append(out, w)
	}
	// A word the name writes with a capital needs one in the text: "la
	// réunion" is a meeting, not La Réunion.
	for i, t := range toks {
		out[i].upper = t.upper && !t.arabic
		// An Arabic name without the article may take it ("مصر", "بمصر"), but
		// a short one would then be a common word ("ليل", "الليل").
		out[i].bare = t.arabic && !out[i].article && runeLen(out[i].core) <= 3
	}
	return out
}

// match is a name found in the text: tokens [i, j) of a field.
type match struct {
	i, j  int
	entry int
	first form // how the first word matched, for naming it
	exact bool // the phrase is one for the text's language
}

// longest returns the longest name starting at token i, or ok false.
func (ix *index) longest(toks []token, i int, lang string) (m match, ok bool) {
	t := &toks[i]
	for k := 0; k < t.nforms(); k++ {
		f := t.form(k)
		for _, p := range ix.byFirst[f.core] {
			if !langOK(p.langs, lang, false) || !p.matchesAt(toks, i, f) {
				continue
			}
			n, exact := len(p.words), langOK(p.langs, lang, true)
			if ok && (n < m.j-m.i || (n == m.j-m.i && (m.exact || !exact))) {
				continue
			}
			m, ok = match{i: i, j: i + n, entry: p.entry, first: f, exact: exact}, true
		}
	}
	return m, ok
}

// langOK reports whether a phrase for langs may be matched in lang's text.
// English names are used in every language's press; with strict, only
// phrases of lang itself (or of all languages) pass.
func langOK(langs, lang string, strict bool) bool {
	if langs == "" || strings.Contains(langs, lang) {
		return true
	}
	return !strict && strings.Contains(langs, "en")
}

func (p phrase) matchesAt(toks []token, i int, first form) bool {
	if i+len(p.words) > len(toks) || !p.words[0].accepts(&toks[i], first) {
		return false
	}
	for k := 1; k < len(p.words); k++ {
		t := &toks[i+k]
		if !t.soft || !p.words[k].acceptsAny(t) {
			return false
		}
	}
	return true
}

func (w ptok) accepts(t *token, f form) bool {
	switch {
	case f.core != w.core, w.article && !f.article, w.bare && f.article:
		return false
	case w.caps && !t.caps, w.upper && !t.upper:
		return false
	}
	return true
}

func (w ptok) acceptsAny(t *token) bool {
	for k := 0; k < t.nforms(); k++ {
		if w.accepts(t, t.form(k)) {
			return true
		}
	}
	return false
}
