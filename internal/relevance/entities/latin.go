package entities

import (
	"strings"
	"unicode"

	"github.com/bylinehq/byline/internal/relevance"
)

// latinRules finds names in Latin-script text by their capitals.
type latinRules struct {
	lang      string
	f         int
	fd        *field
	lowerSeen map[string]bool // words the story also writes in lower case
	stop      map[string]bool // memo of relevance.Terms's verdicts: it stems, which is costly
	out       []candidate
}

func (r *latinRules) run() {
	toks := r.fd.toks
	for i := 0; i < len(toks); {
		if j, ok := r.sequence(i); ok {
			r.refine(i, j)
			i = j
			continue
		}
		i++
	}
}

// sequence returns the end of the run of capitalised words starting at i,
// with the particles and joiners between them.
func (r *latinRules) sequence(i int) (int, bool) {
	toks := r.fd.toks
	t := toks[i]
	if t.arabic || isDigit(t.text) {
		return 0, false
	}
	if !t.upper {
		// French and Spanish write "ministère de l'Éducation" in lower case.
		if !lowerCues[t.fold] {
			return 0, false
		}
		k := r.skipJoiners(i + 1)
		if k == i+1 || k >= len(toks) || !toks[k].upper || !toks[k].soft {
			return 0, false
		}
	}
	j := i + 1
	for j < len(toks) && toks[j].soft && !toks[j].arabic {
		if toks[j].upper || isDigit(toks[j].text) && toks[j].hyphen {
			j++
			continue
		}
		k := r.skipJoiners(j)
		if k == j && r.lang == "fr" && adjective(toks[j].fold) {
			// "ministère de l'Enseignement supérieur et de la Recherche"
			if k2 := r.skipJoiners(j + 1); k2 > j+1 && k2 < len(toks) && toks[k2].upper && toks[k2].soft {
				j = k2 + 1
				continue
			}
		}
		if k == j || k >= len(toks) || !toks[k].upper || !toks[k].soft {
			break
		}
		j = k + 1
	}
	return j, true
}

// skipJoiners returns the first token from i that is not a particle, a
// joiner or an elided article (l', d').
func (r *latinRules) skipJoiners(i int) int {
	toks := r.fd.toks
	for i < len(toks) && toks[i].soft && !toks[i].upper && i > 0 {
		w := toks[i].fold
		if !particles[w] && !orgJoiners[w] && !elided(toks, i) {
			break
		}
		i++
	}
	return i
}

// elided reports whether token i is an elided article or preposition
// (l', d', qu').
func elided(toks []token, i int) bool {
	return len(toks[i].fold) <= 2 && !toks[i].upper && i+1 < len(toks) && toks[i+1].apos
}

// refine turns a run of capitalised words into candidates: it strips
// sentence-initial common words and titles, splits runs that join two
// names, and tells what it names.
func (r *latinRules) refine(i, j int) {
	toks := r.fd.toks
	for i < j && r.strippable(i) {
		i++
	}
	for i < j && !toks[i].upper && !lowerCues[toks[i].fold] && (particles[toks[i].fold] || elided(toks, i)) {
		i++
	}
	for j > i && !toks[j-1].upper {
		j--
	}
	if i >= j {
		return
	}
	if a, b, ok := r.split(i, j); ok {
		r.refine(i, a)
		r.refine(b, j)
		return
	}
	hasCue := r.hasOrgCue(i, j)
	if !hasCue {
		if k := r.lastTitle(i, j); k >= 0 {
			r.add(candidate{i: k + 1, j: j, kind: "person", cue: true})
			return
		}
	}
	if eventCues[toks[i].fold] || j-i == 1 && eventCues[toks[i].fold] {
		return
	}
	c := candidate{i: i, j: j}
	switch {
	case hasCue:
		c.i = r.cueStart(i, j)
		c.kind, c.cue = "organisation", true
		c.j = r.extendAdjectives(j)
		if r.truncated(c) {
			return
		}
	case j-i == 1 && toks[i].caps:
		if notOrgAcronyms[toks[i].fold] || isRoman(toks[i].text) {
			return
		}
		c.kind, c.cue = "organisation", true
		r.linkAcronym(&c)
	case j-i == 1 && camel(toks[i].text):
		c.kind, c.cue = "organisation", true
	default:
		if r.portfolio(i) {
			return
		}
		r.cueBefore(&c)
	}
	r.add(c)
}

// split returns where a run holding two names should be cut: at "and"
// before a second organisation ("STIB and the Union of…"), at "of" between
// a person and an organisation ("Firas al-Omari of Yarmouk University").
func (r *latinRules) split(i, j int) (int, int, bool) {
	toks := r.fd.toks
	for k := i + 1; k < j; k++ {
		t := toks[k]
		if t.upper || !orgJoiners[t.fold] && !particles[t.fold] {
			continue
		}
		next := r.skipJoiners(k)
		left, right := r.hasOrgCue(i, k), r.hasOrgCue(next, j)
		switch {
		case coordinators[t.fold] && (right || !left):
			return k, next, true
		case !particles[t.fold] && !left && !right:
			return k, next, true
		case right && !left && r.capitalWords(i, k) >= 2:
			return k, next, true
		}
	}
	return 0, 0, false
}

var coordinators = set(`and y e et`)

func (r *latinRules) capitalWords(i, j int) int {
	n := 0
	for k := i; k < j; k++ {
		if r.fd.toks[k].upper {
			n++
		}
	}
	return n
}

// cueStart drops the words before an organisation's cue word in Spanish
// and French, which put the cue first: "Expertos de la Universidad…".
func (r *latinRules) cueStart(i, j int) int {
	if r.lang != "es" && r.lang != "fr" {
		return i
	}
	for k := i; k < j; k++ {
		if orgCues[r.fd.toks[k].fold] {
			if k > i && !r.fd.toks[k-1].upper {
				return k
			}
			return i
		}
	}
	return i
}

// truncated reports whether an organisation candidate is only its cue word
// and lower-case adjectives with more of the name following in lower case
// ("Office national du cinéma"), or a lone cue word ("Gobierno").
func (r *latinRules) truncated(c candidate) bool {
	toks := r.fd.toks
	names := 0
	for k := c.i; k < c.j; k++ {
		if toks[k].upper && !orgCues[toks[k].fold] {
			names++
		}
	}
	if names > 0 {
		return false
	}
	if c.j-c.i == 1 {
		return true
	}
	return c.j < len(toks) && toks[c.j].soft && !toks[c.j].upper && particles[toks[c.j].fold]
}

// portfolio reports whether the run is a minister's portfolio: "ministra
// de Obras Públicas".
func (r *latinRules) portfolio(i int) bool {
	toks := r.fd.toks
	return i >= 2 && particles[toks[i-1].fold] && titles[toks[i-2].fold] && toks[i].soft && toks[i-1].soft
}

// camel reports whether a word has a capital after a small letter, as
// brand and agency names do ("NatureScot").
func camel(w string) bool {
	lower := false
	for _, c := range w {
		if unicode.IsUpper(c) && lower {
			return true
		}
		lower = unicode.IsLower(c)
	}
	return false
}

// strippable reports whether token i, first of a run, is a common word
// rather than part of a name.
func (r *latinRules) strippable(i int) bool {
	t := r.fd.toks[i]
	if t.fold == "the" || !t.upper && commonIn(r.lang, t.fold) {
		return true
	}
	return t.sentStart && r.commonWord(t)
}

// commonWord reports whether a capitalised word would be written in lower
// case elsewhere: a stop word, a word the story writes in lower case, or a
// title.
func (r *latinRules) commonWord(t token) bool {
	if r.lowerSeen[t.fold] || titles[t.fold] || commonIn(r.lang, t.fold) || placeCues[t.fold] {
		return true
	}
	stop, ok := r.stop[t.fold]
	if !ok {
		stop = len(relevance.Terms(r.lang, t.text)) == 0
		r.stop[t.fold] = stop
	}
	return stop
}

func (r *latinRules) hasOrgCue(i, j int) bool {
	for k := i; k < j; k++ {
		if t := r.fd.toks[k]; orgCues[t.fold] && (t.upper || k == i) || t.fold == "fc" {
			return true
		}
	}
	return false
}

// lastTitle returns the index of the last title word followed by a name, or -1.
func (r *latinRules) lastTitle(i, j int) int {
	last := -1
	for k := i; k < j-1; k++ {
		if titles[r.fd.toks[k].fold] {
			last = k
		}
	}
	return last
}

// extendAdjectives takes in the lower-case adjectives French writes after
// an organisation's first word: "Banque centrale européenne".
func (r *latinRules) extendAdjectives(j int) int {
	toks := r.fd.toks
	if r.lang != "fr" {
		return j
	}
	for n := 0; n < 2 && j < len(toks) && toks[j].soft && !toks[j].upper && adjective(toks[j].fold); n++ {
		j++
	}
	return j
}

func adjective(w string) bool {
	for _, s := range []string{"ale", "aux", "ienne", "aise", "ique", "elle", "ive", "eenne", "aine", "aire", "ial", "iale", "onal", "ois", "oise"} {
		if strings.HasSuffix(w, s) && len(w) > len(s)+2 {
			return true
		}
	}
	return false
}

// cueBefore reads the lower-case word before a name: a title makes it a
// person, an organisation noun an organisation, a preposition of place or a
// geographical noun a place.
func (r *latinRules) cueBefore(c *candidate) {
	if c.i == 0 {
		return
	}
	p := r.fd.toks[c.i-1]
	if p.upper || !r.fd.toks[c.i].soft {
		return
	}
	switch {
	case titles[p.fold]:
		c.kind, c.cue = "person", true
	case orgNouns[p.fold]:
		c.kind, c.cue = "organisation", true
	case geoNouns[p.fold] && r.fd.toks[c.i].soft:
		c.kind, c.cue, c.prefix = "place", true, p.text
		c.i--
	case placeCues[p.fold] && c.j-c.i == 1 && !commonIn(r.lang, r.fd.toks[c.i].fold):
		c.kind, c.cue = "place", true
	}
}

// geoNouns are lower-case words that belong to a place's name: "río Loa".
var geoNouns = set(`rio lago sierra cerro volcan valle isla laguna fleuve riviere lac mont ile oued`)

// linkAcronym finds the full name an acronym in brackets stands for, by its
// initials: "Federación Nacional de Cafeteros (FNC)".
func (r *latinRules) linkAcronym(c *candidate) {
	toks := r.fd.toks
	if !toks[c.i].openParen || !toks[c.i].closeParen || c.i == 0 {
		return
	}
	letters := []rune(toks[c.i].fold)
	k, end := c.i-1, c.i
	for ; k >= 0 && len(letters) > 0 && c.i-k <= len(letters)+4; k-- {
		t := toks[k]
		if k < c.i-1 && !toks[k+1].soft {
			return
		}
		first := []rune(t.fold)[0]
		switch {
		case first == letters[len(letters)-1] && (t.upper || !particles[t.fold] && !orgJoiners[t.fold]):
			letters = letters[:len(letters)-1]
		case particles[t.fold] || orgJoiners[t.fold] || len(t.fold) <= 2:
		default:
			return
		}
	}
	if len(letters) > 0 {
		return
	}
	full := candidate{i: k + 1, j: end, kind: "organisation", cue: true, aliases: []string{toks[c.i].text}}
	r.add(full)
}

func (r *latinRules) add(c candidate) {
	c.f = r.f
	if c.i >= c.j {
		return
	}
	c.name = r.fd.span(c.i, c.j)
	r.out = append(r.out, c)
}

func isDigit(w string) bool { return w != "" && w[0] >= '0' && w[0] <= '9' }

func isRoman(w string) bool { return strings.Trim(w, "IVXLC") == "" }
