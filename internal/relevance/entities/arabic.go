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
	if t.forms == nil {
		return t.fold
	}
	best := t.forms[0]
	for _, f := range t.forms {
		if f.article && !best.article {
			best = f
		}
	}
	if best.article {
		return "ال" + best.core
	}
	return best.core
}

// has reports whether any reading of token i is in words.
func (r *arabicRules) has(i int, words map[string]bool) bool { return hasForm(r.fd.toks[i], words) }

// hasForm reports whether any reading of t, with its article, is in words.
func hasForm(t token, words map[string]bool) bool {
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
			if j := r.name(i+1, 3); j >= i+3 && r.nisba(j) {
				r.add(candidate{i: i + 1, j: j, kind: "person", cue: true})
				i = j - 1
			}
		case r.has(i, arPlaceCues):
			r.placeAfter(i)
		}
	}
}

// complement returns the end of an organisation's genitive complement
// from i: a first word (with the article, or a bare noun in construct
// before one, or a proper noun), then adjectives and "لل"/"وال" phrases
// (المجلس الأعلى للآثار, وزارة السياحة والآثار), five words at most.
// Plural article words end it, as they start a new phrase more often than
// they continue a name.
func (r *arabicRules) complement(i int) int {
	toks := r.fd.toks
	if i >= len(toks) || !toks[i].soft || !toks[i].arabic || r.stops(i) {
		return i
	}
	w := r.word(i)
	j := i + 1
	switch {
	case strings.HasPrefix(w, "ال") && !strings.HasPrefix(toks[i].fold, "ب"):
	case strings.HasPrefix(toks[i].fold, "ل"):
		return i
	case j < len(toks) && toks[j].soft && strings.HasPrefix(r.word(j), "ال") && !r.stops(j):
		j++ // construct: جامعة جنوب الوادي
	default:
		return j // a proper noun: متحف باردو
	}
	for n := j - i; n < 5 && j < len(toks) && toks[j].soft && toks[j].arabic && !r.stops(j); n++ {
		f := toks[j].fold
		if !strings.HasPrefix(f, "لل") && !strings.HasPrefix(f, "وال") && !adjectiveAr(f) {
			break
		}
		j++
	}
	return j
}

func (r *arabicRules) stops(i int) bool {
	return arStop[r.fd.toks[i].fold] || r.has(i, arTitles) || r.has(i, arOrgCues) || r.has(i, arSpeechVerbs)
}

// adjectiveAr reports whether w looks like an adjective agreeing with a
// name: the article and a nisba or feminine ending, not a plural one.
func adjectiveAr(w string) bool {
	if !strings.HasPrefix(w, "ال") {
		return false
	}
	for _, plural := range []string{"ين", "ون", "ات"} {
		if strings.HasSuffix(w, plural) {
			return false
		}
	}
	return strings.HasSuffix(w, "ي") || strings.HasSuffix(w, "ه")
}

// personAfterTitle skips the title's complement and adjectives (words with
// the article, the portfolio after وزير) and further titles, and returns the
// name after them.
func (r *arabicRules) personAfterTitle(i int) (int, int) {
	toks := r.fd.toks
	if r.has(i-1, arConstructTitles) && i < len(toks) && toks[i].soft && !strings.HasPrefix(r.word(i), "ال") && !r.stops(i) {
		i++ // the complement's head: أستاذ هندسة المياه
	}
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
		if article && !(arNameInner[w] && j < len(toks) && toks[j].soft && !arStop[toks[j].fold]) {
			break
		}
	}
	return j
}

// nisba reports whether the name ends in a family name with the article
// and a nisba ending (البلوشي), or in a bare word: after a verb of saying,
// "أصحاب المطاعم" is a subject, "أحمد البلوشي" a person.
func (r *arabicRules) nisba(j int) bool {
	w := r.fd.toks[j-1].fold
	return !strings.HasPrefix(w, "ال") || strings.HasSuffix(w, "ي") || arNameInner[w]
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
	case "نهر", "جبل", "جزيره", "بحيره", "وادي", "واحه", "بحر", "سهل":
		r.add(candidate{i: i, j: j + 1, kind: "place", cue: true})
		return
	}
	switch toks[j].fold {
	case "شمال", "جنوب", "شرق", "غرب", "وسط":
		if j+1 < len(toks) && toks[j+1].soft && strings.HasPrefix(toks[j+1].fold, "ال") {
			r.add(candidate{i: j, j: j + 2, kind: "place", cue: true})
			return
		}
	}
	switch {
	default:
		if !strings.HasPrefix(toks[j].fold, "ال") || runeLen(toks[j].fold) > 4 {
			r.add(candidate{i: j, j: j + 1, kind: "place", cue: true})
		}
	}
}

func (r *arabicRules) add(c candidate) {
	c.f = r.f
	first := r.fd.toks[c.i]
	// Drop the conjunction or preposition only when what is left is a cue
	// word the rules know or carries the article; "وليد" keeps its و.
	name := r.fd.span(c.i, c.j)
	for _, f := range first.forms {
		w := f.core
		if f.article {
			w = "ال" + w
		}
		if f.strip > 0 && (f.article || arOrgCues[w] || arPlaceCues[w]) {
			name = first.display(f) + r.fd.text[first.end:r.fd.toks[c.j-1].end]
			break
		}
	}
	c.name = name
	r.out = append(r.out, c)
}
