package entities

import (
	"sort"
	"strings"

	"github.com/bylinehq/byline/internal/relevance"
)

// ruleEnt is one name the rules found, with the shorter forms that refer
// to it later in the story: a person's surname, an acronym.
type ruleEnt struct {
	name    string
	words   int
	kind    string
	cue     bool
	headCue bool     // found mid-sentence in the headline or standfirst
	full    []string // folded full names
}

// ruleSet is the story's rule entities and an index of all their forms.
type ruleSet struct {
	ents []*ruleEnt
	ix   *index
}

func (e *ruleEnt) isFull(text string) bool {
	f := relevance.Fold(text)
	for _, n := range e.full {
		if n == f {
			return true
		}
	}
	return false
}

// ruleEntities runs the rules on every field and merges their candidates:
// one entity per name, a surname or acronym joining the full name.
func (s *story) ruleEntities() *ruleSet {
	var cands []candidate
	stop := map[string]bool{}
	for f := range s.fields {
		fd := &s.fields[f]
		if !fd.rules {
			continue
		}
		lr := latinRules{lang: s.lang, f: f, fd: fd, lowerSeen: s.lowerSeen, stop: stop}
		lr.run()
		ar := arabicRules{f: f, fd: fd}
		ar.run()
		cands = append(cands, lr.out...)
		cands = append(cands, ar.out...)
	}
	// Longer names first, so "Helena da Costa" exists before "Costa" comes.
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].j-cands[i].i > cands[j].j-cands[j].i })
	rs := &ruleSet{ix: newIndex()}
	byForm := map[string]int{}
	short := map[string]int{} // surnames and acronyms; -1 when two entities share one
	for _, c := range cands {
		key := relevance.Fold(c.name)
		k, ok := byForm[key]
		if !ok {
			k, ok = short[key]
			if ok && k < 0 {
				continue
			}
		}
		forms := c.aliases
		if ok {
			rs.ents[k].merge(c, s)
		} else {
			e := &ruleEnt{name: c.name, words: c.j - c.i, full: []string{key}}
			e.merge(c, s)
			rs.ents = append(rs.ents, e)
			k = len(rs.ents) - 1
			byForm[key] = k
			rs.ix.add(c.name, k, "")
			forms = append(forms, e.shortForms(c)...)
		}
		for _, a := range forms {
			fa := relevance.Fold(a)
			if _, dup := byForm[fa]; dup {
				continue
			}
			if old, seen := short[fa]; seen {
				if old != k {
					short[fa] = -1
				}
				continue
			}
			short[fa] = k
			rs.ix.add(a, k, "")
		}
	}
	rs.ix.finish()
	return rs
}

func (e *ruleEnt) merge(c candidate, s *story) {
	if c.cue {
		e.cue = true
		if e.kind == "" || e.kind == "place" {
			e.kind = c.kind
		}
	} else if e.kind == "" {
		e.kind = c.kind
	}
	if c.f < 2 && !s.fields[c.f].toks[c.i].sentStart {
		e.headCue = true
	}
}

// shortForms returns the forms a later mention of a person may take: the
// surname (with its particles), and for names of three words or more (Luz
// Marina Quintero Ospina) the first surname too.
func (e *ruleEnt) shortForms(c candidate) []string {
	if e.kind == "organisation" || e.kind == "place" || c.cue && e.kind != "person" {
		return nil
	}
	var out []string
	if s := surname(c.name); s != "" && s != c.name {
		out = append(out, s)
		toks := tokenize(c.name)
		if len(toks) >= 4 && !toks[0].arabic && !particles[toks[len(toks)-2].fold] {
			out = append(out, toks[len(toks)-2].text)
		}
	}
	return out
}

// keep holds the rules to precision: a name needs a title or cue word, or
// several words, or two mentions not both at a sentence's start, or a
// mid-sentence capital in the headline or standfirst; single common words
// and adjectives of nationality never pass.
func (s *story) keep(e *ruleEnt, fo *found) bool {
	full := false
	for _, m := range fo.mentions {
		full = full || m.full
	}
	if !full {
		return false
	}
	if e.words == 1 && !e.cue {
		w := relevance.Fold(e.name)
		if commonIn(s.lang, w) || titles[w] || orgCues[w] {
			return false
		}
	}
	if s.allDemonyms(e.name) {
		return false
	}
	if e.cue || e.words >= 2 || e.headCue {
		return true
	}
	mid := 0
	for _, m := range fo.mentions {
		if !m.sentStart {
			mid++
		}
	}
	return len(fo.mentions) >= 2 && mid >= 1
}

// allDemonyms reports whether every word of name is an adjective of
// nationality ("Jordanian-German").
func (s *story) allDemonyms(name string) bool {
	toks := tokenize(name)
	for _, t := range toks {
		if !s.demonym(t.fold) {
			return false
		}
	}
	return len(toks) > 0
}

// demonym reports whether w looks like an adjective of nationality:
// English capitalises them ("Dutch", "Moroccan").
func (s *story) demonym(w string) bool {
	if s.lang != "en" || strings.ContainsAny(w, " ") {
		return false
	}
	if demonyms[w] {
		return true
	}
	for _, suf := range []string{"an", "ans", "ian", "ians", "ean", "ese", "ish", "i", "is", "ic"} {
		if strings.HasSuffix(w, suf) && len(w) >= 5 && loadGazetteer().prefixes[w[:3]] {
			return true
		}
	}
	return false
}

var demonyms = set(`dutch french greek thai swiss welsh scottish irish british english spanish danish swedish
finnish polish turkish arab european african asian american latin flemish walloon belgian portuguese
arabic catalan basque andalusian`)

// kindOr returns the entity's kind, guessing from its name's shape when no
// rule said.
func (e *ruleEnt) kindOr(lang string) string {
	if e.kind != "" {
		return e.kind
	}
	return KindOf(lang, e.name)
}
