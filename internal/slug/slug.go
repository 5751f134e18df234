// Package slug turns headlines and names into URL path segments.
//
// Latin-script text is folded to ASCII ("Élysée" → "elysee", "Straße" →
// "strasse"), the way readers type URLs. Other scripts keep their letters
// (an Arabic headline gives an Arabic slug, as Arabic news sites do), with
// vowel marks and tatweel removed so that one word has one spelling.
package slug

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxLength is the longest slug Make returns, in characters.
const MaxLength = 80

// Latin letters that do not decompose into a base letter and a mark.
var foldings = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ŋ': "n", 'ħ': "h", 'ŧ': "t", 'ĸ': "k",
}

// Make returns the slug of s: lowercase letters and digits joined by single
// hyphens, at most MaxLength characters, cut at a word boundary where one is
// near. It returns "" when s has no letters or digits at all.
func Make(s string) string {
	var b strings.Builder
	pendingHyphen := false
	for _, c := range norm.NFC.String(s) {
		for _, r := range fold(c) {
			switch {
			case unicode.In(r, unicode.Mn, unicode.Lm): // marks, modifiers, tatweel
				continue
			case unicode.In(unicode.ToLower(r), unicode.Ll, unicode.Lo, unicode.Nd):
				if pendingHyphen && b.Len() > 0 {
					b.WriteByte('-')
				}
				pendingHyphen = false
				writeFolded(&b, unicode.ToLower(r))
			case r == '\'' || r == '’':
				// "l'Élysée" → "lelysee", "don't" → "dont": an apostrophe joins.
			default:
				pendingHyphen = true
			}
		}
	}
	return truncate(b.String())
}

// fold decomposes one character so that its marks can be dropped. Arabic
// letters keep their hamza (أ is a letter of its own, not alef plus a mark);
// only their compatibility forms are folded to the standard letters.
func fold(r rune) string {
	if unicode.Is(unicode.Arabic, r) {
		return norm.NFKC.String(string(r))
	}
	return norm.NFKD.String(string(r))
}

func writeFolded(b *strings.Builder, r rune) {
	if f, ok := foldings[r]; ok {
		b.WriteString(f)
		return
	}
	b.WriteRune(r)
}

func truncate(s string) string {
	if utf8.RuneCountInString(s) <= MaxLength {
		return s
	}
	runes := []rune(s)[:MaxLength]
	cut := string(runes)
	// Prefer ending at a hyphen in the last third rather than mid-word.
	if i := strings.LastIndexByte(cut, '-'); i > len(cut)*2/3 {
		cut = cut[:i]
	}
	return strings.Trim(cut, "-")
}
