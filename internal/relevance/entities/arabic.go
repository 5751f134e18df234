package entities

import "strings"

// arabicRules finds names in Arabic text, which has no capitals: after a
// title or a verb of saying (a person), inside an organisation's cue word
// and its genitive complement, after a geographical noun (a place).
type arabicRules struct {
	f   int
	fd  *field
	out []candidate
}

// word returns token i's word without its conjunction and preposition but
// with its article, folded: "والمجلس" → "المجلس".
func (r *arabicRules) word(i int) string {
	t := r.fd.toks[i]
	best := t.forms[0]
	for _, f := range t.forms {
		if f.strip > best.strip || f.strip == best.strip && f.article && !best.article {
			best = f
		}
	}
	if best.article {
		return "ال" + best.core
	}
	return best.core
}

// has reports whether any reading of token i is in words.
func (r *arabicRules) has(i int, words map[string]bool) bool {
	t := r.fd.toks[i]
	for _, f := range t.forms {
		w := f.core
		if f.article {
			w = "ال" + w
		}
		if words[w] {
			return true
		}
	}
	return false
}

func (r *arabicRules) run() {
	toks := r.fd.toks
	for i := 0; i < len(toks); i++ {
		if !toks[i].arabic {
			continue
		}
		switch {
		case r.has(i, arOrgCues):
			if j := r.complement(i + 1); j > i+1 {
				r.add(candidate{i: i, j: j, kind: "organisation", cue: true})
				i = j - 1
			}
		case r.has(i, arTitles):
			if j, k := r.personAfterTitle(i + 1); k > j {
				r.add(candidate{i: j, j: k, kind: "person", cue: true})
				i = k - 1
			}
		case r.has(i, arSpeechVerbs):
			if j := r.name(i+1, 3); j >= i+3 {
				r.add(candidate{i: i + 1, j: j, kind: "person", cue: true})
				i = j - 1
			}
		case r.has(i, arPlaceCues):
			r.placeAfter(i)
		}
	}
}

// complement returns the end of an organisation's genitive complement from
// i: words with the article, a bare noun in construct before one of them,
// and a closing "لل" phrase (المجلس الأعلى للآثار), three words at most.
func (r *arabicRules) complement(i int) int {
	toks := r.fd.toks
	j := i
	for n := 0; n < 3 && j < len(toks) && toks[j].soft && toks[j].arabic; n++ {
		w := r.word(j)
		if arStop[w] || r.has(j, arTitles) || r.has(j, arOrgCues) && n > 0 {
			break
		}
		switch {
		case strings.HasPrefix(w, "ال") && !leadingPreposition(toks[j], n):
			j++
		case n == 0 && !strings.HasPrefix(toks[j].fold, "ل") && j+1 < len(toks) && toks[j+1].soft && strings.HasPrefix(r.word(j+1), "ال"):
			j++ // construct: جامعة جنوب الوادي
		default:
			return j
		}
	}
	return j
}

// leadingPreposition reports whether t starts with ب or ل before its
// article, which begins a new phrase unless an earlier word came first.
func leadingPreposition(t token, n int) bool {
	if n == 0 {
		return false
	}
	return strings.HasPrefix(t.fold, "بال")
}

// personAfterTitle skips the title's complement and adjectives (words with
// the article, the portfolio after وزير) and further titles, and returns the
// name after them.
func (r *arabicRules) personAfterTitle(i int) (int, int) {
	toks := r.fd.toks
	for n := 0; i < len(toks) && toks[i].soft && toks[i].arabic && n < 4; n++ {
		w := r.word(i)
		if strings.HasPrefix(w, "ال") && !arStop[w] || r.has(i, arTitles) {
			i++
			continue
		}
		break
	}
	if i >= len(toks) || !toks[i].soft {
		return i, i
	}
	return i, r.name(i, 3)
}

// name returns the end of a person's name starting at i: a first word
// without the article, then up to max-1 more, ending after a family name
// with the article; بن, أبو, عبد bind the next word.
func (r *arabicRules) name(i, max int) int {
	toks := r.fd.toks
	j, n := i, 0
	for j < len(toks) && toks[j].arabic && n < max && (j == i || toks[j].soft) {
		w := toks[j].fold
		if arStop[w] || r.has(j, arTitles) || r.has(j, arOrgCues) || r.has(j, arSpeechVerbs) || runeLen(w) < 2 {
			break
		}
		article := strings.HasPrefix(w, "ال")
		if n == 0 && (article || strings.HasPrefix(w, "و") && j > 0) {
			break
		}
		j, n = j+1, n+1
		if arNameParticles[w] && j < len(toks) && toks[j].soft {
			j++
			continue
		}
		if article {
			break
		}
	}
	return j
}

// placeAfter takes the word after a geographical noun as a place; rivers,
// mountains and islands keep the noun in their name (نهر لوا).
func (r *arabicRules) placeAfter(i int) {
	toks := r.fd.toks
	j := i + 1
	if j >= len(toks) || !toks[j].soft || !toks[j].arabic || arStop[toks[j].fold] || r.has(j, arOrgCues) || r.has(j, arTitles) {
		return
	}
	switch r.word(i) {
	case "نهر", "جبل", "جزيره", "بحيره", "وادي", "واحه":
		r.add(candidate{i: i, j: j + 1, kind: "place", cue: true})
	default:
		if !strings.HasPrefix(toks[j].fold, "ال") || runeLen(toks[j].fold) > 4 {
			r.add(candidate{i: j, j: j + 1, kind: "place", cue: true})
		}
	}
}

func (r *arabicRules) add(c candidate) {
	c.f = r.f
	first := r.fd.toks[c.i]
	best := first.forms[0]
	for _, f := range first.forms {
		if f.strip > best.strip {
			best = f
		}
	}
	// Drop the conjunction or preposition only when what is left is a word
	// the rules know or carries the article; "وليد" keeps its و.
	name := r.fd.span(c.i, c.j)
	if best.strip > 0 && (best.article || r.has(c.i, arOrgCues) || r.has(c.i, arPlaceCues)) {
		name = first.display(best) + r.fd.text[first.end:r.fd.toks[c.j-1].end]
	}
	c.name = name
	r.out = append(r.out, c)
}
