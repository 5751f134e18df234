// Package entities finds the people, places and organisations a news story
// names, in English, Spanish, French and Arabic, to suggest topics to
// editors. It knows three sources: the topics the newsroom already has
// (Known), a bundled gazetteer of countries, regions and major cities, and
// rules that read capitals, titles and cue words for names it has never
// seen. It does no I/O and keeps no state between calls.
package entities

import (
	"sort"
	"strconv"
	"strings"

	"github.com/bylinehq/byline/internal/relevance"
)

// Known is a topic the newsroom already has (editor-confirmed).
type Known struct {
	ID    int64
	Kind  string   // "person", "place", "organisation" or "subject"
	Names []string // its name in each edition and its aliases, any language
}

// Evidence is one mention: an excerpt of the field around it, with the
// mention's byte offsets in Excerpt.
type Evidence struct {
	Field      string // "headline", "standfirst" or "body"
	Excerpt    string // about 80 characters around the mention, cut at word boundaries, "…" where cut
	Start, End int
}

// Suggestion is a topic the story is about, or a new one to create.
type Suggestion struct {
	TopicID  int64             // the Known topic matched; 0 for a new candidate
	Key      string            // stable across edits, for remembering a rejection: "topic:12" or "name:"+Fold(name); a bundled place uses its English name
	Name     string            // the fullest form the story uses (for known topics: the form found in the text)
	Kind     string            // person, place, organisation (subject for known subjects)
	Names    map[string]string // for bundled places: the name in "en", "es", "fr", "ar"; nil otherwise
	Source   string            // "known", "place" (bundled gazetteer) or "rule"
	Mentions int
	Evidence []Evidence // at most 3, headline first
	Score    float64    // higher is more central to the story
}

// Detector finds entities in stories. It is immutable after New and safe
// for concurrent use.
type Detector struct {
	known    []Known
	ix       *index // every name of every Known
	surnames *index // last names of Known people, counted once the full name is found
	gaz      *gazetteer
}

// New returns a Detector that knows the given topics. Names are matched
// case- and diacritic-insensitively on word boundaries, longest first.
func New(known []Known) *Detector {
	d := &Detector{known: make([]Known, len(known)), ix: newIndex(), surnames: newIndex(), gaz: loadGazetteer()}
	for i, k := range known {
		d.known[i] = Known{ID: k.ID, Kind: k.Kind, Names: append([]string(nil), k.Names...)}
		for _, n := range k.Names {
			d.ix.add(n, i, "")
			if k.Kind == "person" {
				if s := surname(n); s != "" {
					d.surnames.add(s, i, "")
				}
			}
		}
	}
	d.ix.finish()
	d.surnames.finish()
	return d
}

// surname returns the last word of a person's name of two words or more,
// with the particles before it ("da Costa", "بن سلمان"), or "".
func surname(name string) string {
	toks := tokenize(name)
	if len(toks) < 2 {
		return ""
	}
	k := len(toks) - 1
	for k > 1 && (particles[toks[k-1].fold] || arNameParticles[toks[k-1].fold]) {
		k--
	}
	return name[toks[k].start:]
}

// Field weights: a name in the headline says more about what the story is
// about than one in the body.
var fieldWeights = [3]float64{3, 2, 1}
var fieldNames = [3]string{"headline", "standfirst", "body"}

// Suggest returns suggestions best first. lang is a BCP 47 tag ("en", "es",
// "fr", "ar", "fr-CA"); body is plain text (paragraphs separated by blank
// lines). It returns nil when the story names nothing.
func (d *Detector) Suggest(lang, headline, standfirst, body string) []Suggestion {
	s := newStory(baseLang(lang), headline, standfirst, body)
	rules := s.ruleEntities()
	s.scan(d, rules)
	return s.suggestions(d, rules)
}

func baseLang(tag string) string {
	base, _, _ := strings.Cut(strings.ToLower(tag), "-")
	base, _, _ = strings.Cut(base, "_")
	return base
}

// story is one call's working state.
type story struct {
	lang      string
	fields    [3]field
	lowerSeen map[string]bool
	found     map[string]*found // by key
	order     []string          // keys in the order found
	covered   [3][]bool         // tokens inside a mention
}

// found is a source's entity with the mentions found so far.
type found struct {
	key      string
	source   string // "known", "place", "rule"
	entry    int
	name     string
	mentions []mention
}

type mention struct {
	f, start, end int // bytes in the field
	sentStart     bool
	full          bool // the whole name, not a surname or an acronym
}

func newStory(lang, headline, standfirst, body string) *story {
	s := &story{lang: lang, lowerSeen: map[string]bool{}, found: map[string]*found{}}
	for i, text := range [3]string{headline, standfirst, body} {
		// Excerpts are shown to editors: they must be valid UTF-8 whatever came in.
		text = strings.ToValidUTF8(text, "\uFFFD")
		toks := tokenize(text)
		s.fields[i] = field{name: fieldNames[i], text: text, toks: toks, weight: fieldWeights[i], rules: i > 0 || !titleCase(toks)}
		s.covered[i] = make([]bool, len(toks))
		for _, t := range toks {
			if !t.upper && !t.arabic {
				s.lowerSeen[t.fold] = true
			}
		}
	}
	return s
}

// scan walks every field once and takes, at each word, the longest name
// any source knows there; on a tie a known topic beats the gazetteer, which
// beats the rules.
func (s *story) scan(d *Detector, rules *ruleSet) {
	for f := range s.fields {
		toks := s.fields[f].toks
		for i := 0; i < len(toks); {
			best, src, ok := match{}, "", false
			for _, c := range []struct {
				ix  *index
				src string
			}{{d.ix, "known"}, {d.gaz.ix, "place"}, {d.surnames, "surname"}, {rules.ix, "rule"}} {
				m, hit := c.ix.longest(toks, i, s.lang)
				if c.src == "surname" && hit && s.found[d.topicKey(m.entry)] == nil {
					continue // a surname counts only once the full name was seen
				}
				if hit && (!ok || m.j > best.j) {
					best, src, ok = m, c.src, true
				}
			}
			if !ok {
				i++
				continue
			}
			s.record(d, rules, f, best, src)
			i = best.j
		}
	}
}

func (s *story) record(d *Detector, rules *ruleSet, f int, m match, src string) {
	fd := &s.fields[f]
	key := src + ":" + strconv.Itoa(m.entry)
	if src == "known" || src == "surname" {
		key = d.topicKey(m.entry)
	}
	start, end := fd.toks[m.i].start, fd.toks[m.j-1].end
	name := fd.toks[m.i].display(m.first) + fd.text[fd.toks[m.i].end:end]
	if m.j-m.i > 1 && fd.toks[m.j-1].caps && strings.HasPrefix(fd.text[end:], ".") && strings.Contains(fd.text[fd.toks[m.j-2].end:fd.toks[m.j-1].start], ".") {
		end++ // an abbreviation keeps its last period: "EE. UU."
		name += "."
	}
	full := src != "surname" && (src != "rule" || rules.ents[m.entry].isFull(name))
	for k := m.i; k < m.j; k++ {
		s.covered[f][k] = true
	}
	fo := s.found[key]
	if fo == nil {
		fo = &found{key: key, source: src, entry: m.entry}
		s.found[key] = fo
		s.order = append(s.order, key)
	}
	if full && runeLen(name) > runeLen(fo.name) {
		fo.name = name
	}
	if n := len(fo.mentions); n > 0 && fo.mentions[n-1].f == f && strings.TrimSpace(fd.text[fo.mentions[n-1].end:start]) == "(" {
		return // "Full Name (ACR)" is one mention
	}
	fo.mentions = append(fo.mentions, mention{f: f, start: start, end: end, sentStart: fd.toks[m.i].sentStart, full: full})
}

func (d *Detector) topicKey(entry int) string {
	return "topic:" + strconv.FormatInt(d.known[entry].ID, 10)
}

func (s *story) free(f, i, j int) bool {
	for k := i; k < j; k++ {
		if s.covered[f][k] {
			return false
		}
	}
	return true
}

// suggestions turns what was found into Suggestions, best first.
func (s *story) suggestions(d *Detector, rules *ruleSet) []Suggestion {
	var out []Suggestion
	for _, key := range s.order {
		fo := s.found[key]
		sg, ok := s.suggestion(d, rules, fo)
		if !ok {
			continue
		}
		sg.Mentions = len(fo.mentions)
		sg.Evidence = s.evidence(fo.mentions)
		sg.Score = score(fo.mentions, sg.Source)
		out = append(out, sg)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

func (s *story) suggestion(d *Detector, rules *ruleSet, fo *found) (Suggestion, bool) {
	switch fo.source {
	case "known":
		k := d.known[fo.entry]
		return Suggestion{TopicID: k.ID, Key: fo.key, Name: fo.name, Kind: k.Kind, Source: "known"}, true
	case "place":
		p := d.gaz.places[fo.entry]
		names := make(map[string]string, len(p.Names))
		for l, n := range p.Names {
			names[l] = n
		}
		return Suggestion{Key: "name:" + relevance.Fold(p.Names["en"]), Name: fo.name, Kind: "place", Names: names, Source: "place"}, true
	}
	e := rules.ents[fo.entry]
	if !s.keep(e, fo) {
		return Suggestion{}, false
	}
	name := e.name
	if runeLen(fo.name) > runeLen(name) {
		name = fo.name
	}
	return Suggestion{Key: "name:" + relevance.Fold(name), Name: name, Kind: e.kindOr(s.lang), Source: "rule"}, true
}

// score adds up the mentions, headline and standfirst ones counting more,
// and gives known topics and gazetteer places a head start over names the
// rules guessed.
func score(ms []mention, source string) float64 {
	sc := 0.0
	for _, m := range ms {
		sc += fieldWeights[m.f]
	}
	switch source {
	case "known":
		sc += 2
	case "place":
		sc += 1
	}
	return sc
}
