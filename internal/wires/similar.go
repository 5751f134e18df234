package wires

import (
	"hash/fnv"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NearDuplicate is the least Similarity at which two items are the same
// story reworded: Similarity(a, b) >= NearDuplicate groups them. It was
// tuned on testdata/similar (see TestNearDuplicateThreshold, which prints
// precision and recall at each candidate threshold and explains the
// choice). 0.78125 is 50/64: at most 14 of the 64 bits differ.
const NearDuplicate = 0.78125

// shingleSize is the number of words in a shingle, and minWordRunes the
// shortest word counted. On the tuning corpus, one-word shingles of words
// of four letters or more separated rewordings from unrelated stories
// best: two- and three-word shingles break on every reordered clause of a
// rewording (median same-story similarity 0.72 and 0.67, as low as noise
// between unrelated texts of this length), and short words (articles,
// prepositions: "de", "la", "the", "في") make any two texts in one
// language look alike.
const (
	shingleSize  = 1
	minWordRunes = 4
)

// Fingerprint returns the 64-bit SimHash of text over shingles of its
// words of minWordRunes letters or more (see words for the tokenization:
// any script, Arabic included). Pass the title and the plain text
// together.
// Texts that share most shingles have fingerprints that differ in few bits.
// Empty text has fingerprint 0.
func Fingerprint(text string) uint64 {
	ws := slices.DeleteFunc(words(text), func(w string) bool { return utf8.RuneCountInString(w) < minWordRunes })
	if len(ws) == 0 {
		return 0
	}
	k := min(shingleSize, len(ws))
	var v [64]int
	for i := 0; i+k <= len(ws); i++ {
		h := fnv.New64a()
		for j, w := range ws[i : i+k] {
			if j > 0 {
				h.Write([]byte{0})
			}
			h.Write([]byte(w))
		}
		x := mix(h.Sum64())
		for b := range 64 {
			if x&(1<<b) != 0 {
				v[b]++
			} else {
				v[b]--
			}
		}
	}
	var fp uint64
	for b := range 64 {
		if v[b] > 0 {
			fp |= 1 << b
		}
	}
	return fp
}

// mix is the SplitMix64 finalizer: FNV's high bits are poorly spread for
// short inputs, and SimHash needs every bit to be a fair coin.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Similarity is 1 - (Hamming distance)/64 of two fingerprints: 1 for
// equal ones, about 0.5 for unrelated texts.
func Similarity(a, b uint64) float64 {
	return 1 - float64(bits.OnesCount64(a^b))/64
}

// words splits text into normalized words for hashing: Unicode NFKC,
// case-folded, without combining marks (accents, Arabic harakat) or the
// Arabic tatweel, with Arabic alef, yeh and teh marbuta forms unified.
// A word is a run of letters and digits in any script; everything else
// separates words.
func words(text string) []string {
	text = norm.NFKD.String(text)
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Mn, r) || r == 'ـ':
			// dropped: diacritics and tatweel do not change the word
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(foldArabic(unicode.ToLower(r)))
		default:
			flush()
		}
	}
	flush()
	return out
}

func foldArabic(r rune) rune {
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا'
	case 'ى':
		return 'ي'
	case 'ة':
		return 'ه'
	}
	return r
}
