package relevance

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/spanish"
	"golang.org/x/text/unicode/norm"
)

// AnalyzerVersion changes whenever Terms would return different terms for
// the same text. A store keeps the version its search index was built with
// and rebuilds the index when it differs, so the two sides of a search are
// always analysed alike.
const AnalyzerVersion = 1

// Token is one searchable word of a text: its Term, analysed for searching,
// and where the word lies in the original text, in bytes, for highlighting.
type Token struct {
	Term       string
	Start, End int
}

// Terms splits text into words and analyses each for searching in language
// lang (a BCP 47 tag such as "es" or "fr-CA"): case and diacritics are
// folded ("Sánchez" and "sanchez" give one term), Arabic tashkeel, tatweel
// and letter variants are normalised, common words of the language are
// dropped, and words are reduced to their stem ("elections" and "election"
// give one term). Stemming follows each word's script, so a Latin name in an
// Arabic story is stemmed as a word of no language would be, only folded.
// Indexing and querying must both use Terms, with the same language.
func Terms(lang, text string) []Token {
	base := baseLang(lang)
	var out []Token
	for _, w := range words(text) {
		if term := analyze(base, text[w.Start:w.End]); term != "" {
			out = append(out, Token{Term: term, Start: w.Start, End: w.End})
		}
	}
	return out
}

func baseLang(tag string) string {
	base, _, _ := strings.Cut(strings.ToLower(tag), "-")
	return base
}

// words returns where text's words are, their Term unset.
func words(text string) []Token {
	var out []Token
	start := -1
	for i, r := range text {
		if isWordRune(r, start >= 0) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, Token{Start: start, End: i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, Token{Start: start, End: len(text)})
	}
	return out
}

// isWordRune reports whether r belongs to a word. Combining marks (accents
// written apart, Arabic tashkeel) only continue a word.
func isWordRune(r rune, inWord bool) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || (inWord && unicode.Is(unicode.Mn, r))
}

// analyze returns a word's term, or "" for a word not worth indexing.
func analyze(lang, word string) string {
	lower := strings.ToLower(word)
	w := Fold(lower)
	if w == "" || (utf8.RuneCountInString(w) == 1 && !unicode.IsDigit([]rune(w)[0])) {
		return ""
	}
	if isArabic(w) {
		if arabicStop[w] {
			return ""
		}
		return stemArabic(w)
	}
	switch lang {
	case "en":
		if english.IsStopWord(lower) || english.IsStopWord(w) {
			return ""
		}
		return english.Stem(w, true)
	case "es":
		if spanish.IsStopWord(lower) || spanish.IsStopWord(w) {
			return ""
		}
		return spanish.Stem(w, true)
	case "fr":
		if french.IsStopWord(lower) || french.IsStopWord(w) {
			return ""
		}
		return french.Stem(w, true)
	}
	return w
}

// Fold lowers case and removes diacritics: Latin accents, Arabic tashkeel
// and tatweel; Arabic alef, yeh and teh marbuta variants become their plain
// letter. Stemming runs on folded words, so a query typed without accents
// reaches the stemmer exactly as the accented text did.
func Fold(s string) string {
	if plain(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r), r == 'ـ': // marks, tatweel
		case r == 'ى':
			b.WriteRune('ي')
		case r == 'ة':
			b.WriteRune('ه')
		case r == 'ٱ':
			b.WriteRune('ا')
		case r == 'ß':
			b.WriteString("ss")
		case r == 'œ':
			b.WriteString("oe")
		case r == 'æ':
			b.WriteString("ae")
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// plain reports whether Fold has nothing to do but lower s's case: it is
// ASCII and base Arabic letters only, as most words are. Fold's
// normalisation is the costly part of analysing a word.
func plain(s string) bool {
	for _, r := range s {
		if !plainRune(r) {
			return false
		}
	}
	return true
}

func plainRune(r rune) bool {
	return r < utf8.RuneSelf || r == 'ا' || r == 'ء' || (r >= 'ب' && r <= 'ي' && r != 'ة' && r != 'ـ' && r != 'ى')
}

func isArabic(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.Is(unicode.Arabic, r)
}

// arabicStop holds common Arabic words, folded.
var arabicStop = setOf(
	"في", "من", "الي", "علي", "عن", "ان", "او", "ام", "ثم", "لا", "لم", "لن", "ما", "مع",
	"هذا", "هذه", "ذلك", "تلك", "التي", "الذي", "الذين", "هو", "هي", "هم", "كان", "كانت",
	"قد", "لقد", "كما", "بين", "عند", "حتي", "اذا", "بعد", "قبل", "منذ", "كل", "غير", "وقد",
	"وفي", "ومن", "الا", "لكن", "انه", "انها", "فيه", "فيها", "منه", "منها", "عليه", "عليها", "به", "بها", "له", "لها",
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// Light Arabic stemming in the manner of Larkey's "light10": strip the
// conjunction و, the definite article with its clitics (وال بال كال فال لل
// ال), then one of the common suffixes, always leaving at least two
// letters. The words it confuses are few; the words it joins ("والقاهرة",
// "القاهرة") are what readers type.
var (
	arabicArticles = []string{"وال", "بال", "كال", "فال", "لل", "ال"}
	arabicSuffixes = []string{"ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"}
)

func stemArabic(w string) string {
	n := utf8.RuneCountInString(w)
	if n >= 4 && strings.HasPrefix(w, "و") {
		w, n = w[len("و"):], n-1
	}
	for _, p := range arabicArticles {
		if pn := utf8.RuneCountInString(p); n-pn >= 2 && strings.HasPrefix(w, p) {
			w, n = w[len(p):], n-pn
			break
		}
	}
	for _, x := range arabicSuffixes {
		if xn := utf8.RuneCountInString(x); n-xn >= 2 && strings.HasSuffix(w, x) {
			w, n = w[:len(w)-len(x)], n-xn
		}
	}
	return w
}
