package entities

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bylinehq/byline/internal/relevance"
)

// token is one word of a field with what the matchers need to know about it.
type token struct {
	start, end int    // bytes in the field's text
	text       string // as written
	fold       string // relevance.Fold(text)
	forms      []form // Arabic: what the word may stand for, with and without its clitics; nil for other words
	upper      bool   // starts with a capital letter
	caps       bool   // two or more letters, all capitals (an acronym)
	arabic     bool
	sentStart  bool // first word of a sentence, so its capital says nothing
	soft       bool // joined to the previous word within a name: spaces, a hyphen, an apostrophe, an initial's period
	hyphen     bool // joined to the previous word by a hyphen
	apos       bool // joined to the previous word by an apostrophe (d'Abidjan, O'Brien)
	openParen  bool // a "(" lies between the previous word and this one
	closeParen bool // a ")" follows this word
}

// form is one reading of a word for matching: its folded core, whether it
// carried the Arabic article, and how many letters of proclitics
// (و ف ب ك ل, and the article) precede the core in the written word.
type form struct {
	core    string
	article bool
	strip   int // letters of the written word before the core's display form
}

// tokenize splits a field into tokens. Words are runs of letters, digits and
// combining marks, as relevance.Terms sees them.
func tokenize(text string) []token {
	// Sized up front: tokens are large and growing the slice was the costliest
	// part of a long story.
	toks := make([]token, 0, strings.Count(text, " ")+strings.Count(text, "\n")+1)
	start := -1
	flush := func(end int) {
		toks = append(toks, newToken(text, start, end, toks))
		start = -1
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || (start >= 0 && unicode.Is(unicode.Mn, r)) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			flush(i)
		}
	}
	if start >= 0 {
		flush(len(text))
	}
	for i := range toks {
		end := len(text)
		if i+1 < len(toks) {
			end = toks[i+1].start
		}
		toks[i].closeParen = strings.ContainsRune(text[toks[i].end:end], ')')
	}
	return toks
}

func newToken(text string, start, end int, prev []token) token {
	w := text[start:end]
	t := token{start: start, end: end, text: w, fold: relevance.Fold(w)}
	r, _ := utf8.DecodeRuneInString(w)
	t.upper = unicode.IsUpper(r)
	t.caps = isCaps(w)
	t.arabic = unicode.Is(unicode.Arabic, r)
	if t.arabic {
		t.forms = arabicForms(w, t.fold)
	}
	if len(prev) == 0 {
		t.sentStart = true
		return t
	}
	p := prev[len(prev)-1]
	gap := text[p.end:start]
	t.classifyGap(gap, p)
	return t
}

// classifyGap reads the characters between two words.
func (t *token) classifyGap(gap string, prev token) {
	t.openParen = strings.ContainsRune(gap, '(')
	switch strings.TrimSpace(gap) {
	case "":
		t.soft = !strings.Contains(gap, "\n")
	case "-", "‐", "‑":
		t.soft, t.hyphen = true, true
	case "'", "’":
		t.soft, t.apos = true, true
	case "' ", "’ ": // Drivers' Union
		t.soft = true
	case ".":
		// An initial (J. Smith) or an abbreviated title (Dr. Smith) keeps the name going.
		t.soft = utf8.RuneCountInString(prev.text) <= 3 && prev.upper && t.upper
		t.sentStart = !t.soft
	}
	if strings.TrimSpace(gap) == "'" || strings.TrimSpace(gap) == "’" {
		t.soft = true
	}
	if strings.ContainsAny(gap, ".!?:;\n\"“”«»—–¿¡؟") && !t.soft {
		t.sentStart = true
	}
	if strings.ContainsAny(gap, "\"“«") && t.upper {
		t.sentStart = true
	}
}

func isCaps(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) {
			if unicode.IsDigit(r) && n > 0 {
				continue
			}
			return false
		}
		n++
	}
	return n >= 2
}

// Arabic proclitics: a conjunction (و ف), then a preposition (ب ك ل), then
// the article ال; ل before the article drops its alef (للأمم).
func arabicForms(written, fold string) []form {
	var out []form
	add := func(s string, strip int) {
		out = append(out, withArticle(s, strip)...)
	}
	add(fold, 0)
	rest, strip := fold, 0
	if r, n := firstRune(rest); (r == 'و' || r == 'ف') && runeLen(rest) >= 4 {
		rest, strip = rest[n:], 1
		add(rest, strip)
	}
	if r, n := firstRune(rest); (r == 'ب' || r == 'ك' || r == 'ل') && runeLen(rest) >= 4 {
		after := rest[n:]
		if r == 'ل' && strings.HasPrefix(after, "ل") && runeLen(after) >= 4 {
			// للأمم: ل + (ا)ل + أمم
			out = append(out, form{core: after[len("ل"):], article: true, strip: strip + 1})
		} else {
			add(after, strip+1)
		}
	}
	return dedupForms(out)
}

// withArticle returns s as it is, and without the article when it has one.
func withArticle(s string, strip int) []form {
	out := []form{{core: s, strip: strip}}
	if strings.HasPrefix(s, "ال") && runeLen(s) >= 4 {
		out = append(out, form{core: s[len("ال"):], article: true, strip: strip})
	}
	return out
}

func dedupForms(fs []form) []form {
	out := fs[:0]
	for _, f := range fs {
		dup := false
		for _, g := range out {
			if g.core == f.core && g.article == f.article {
				dup = true
			}
		}
		if !dup {
			out = append(out, f)
		}
	}
	return out
}

func firstRune(s string) (rune, int) { return utf8.DecodeRuneInString(s) }
func runeLen(s string) int           { return utf8.RuneCountInString(s) }

// display returns how a match starting with token t should be named: an
// Arabic word loses its conjunction and preposition but keeps its article.
func (t token) display(f form) string {
	if !t.arabic || f.strip == 0 {
		return t.text
	}
	rest := skipLetters(t.text, f.strip)
	if f.article && !strings.HasPrefix(relevance.Fold(rest), "ال") {
		return "ا" + rest // للأمم → الأمم
	}
	return rest
}

// skipLetters drops n letters from s with the marks written on them.
func skipLetters(s string, n int) string {
	for i, r := range s {
		if !unicode.Is(unicode.Mn, r) {
			if n == 0 {
				return s[i:]
			}
			n--
		}
	}
	return ""
}

// nforms and form read the word's forms; a word outside Arabic has one,
// its folded self, kept implicit to spare an allocation per word.
func (t *token) nforms() int {
	if t.forms == nil {
		return 1
	}
	return len(t.forms)
}

func (t *token) form(k int) form {
	if t.forms == nil {
		return form{core: t.fold}
	}
	return t.forms[k]
}
