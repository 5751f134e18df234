package entities

import (
	"strings"
)

// KindOf guesses the kind of a new topic name in lang: "place" when the
// gazetteer has it, "organisation" when it holds an organisation cue word
// or is an acronym, "person" when it is shaped like a person's name (two to
// four capitalised words, or an Arabic name with a name particle), and
// "subject" otherwise.
func KindOf(lang, name string) string {
	lang = baseLang(lang)
	toks := tokenize(name)
	if len(toks) == 0 {
		return "subject"
	}
	g := loadGazetteer()
	if m, ok := g.ix.longest(toks, 0, lang); ok && m.j == len(toks) {
		return "place"
	}
	for _, t := range toks {
		if orgCues[t.fold] || t.arabic && orgCueForm(t) {
			return "organisation"
		}
	}
	if len(toks) == 1 && toks[0].caps {
		return "organisation"
	}
	if personShape(toks) {
		return "person"
	}
	return "subject"
}

func orgCueForm(t token) bool { return hasForm(t, arOrgCues) }

// personShape reports whether words look like a person's name.
func personShape(toks []token) bool {
	if toks[0].arabic {
		if len(toks) < 2 || len(toks) > 4 || strings.HasPrefix(toks[0].fold, "ال") {
			return false
		}
		for _, t := range toks {
			if arStop[t.fold] {
				return false
			}
		}
		return true
	}
	names := 0
	for _, t := range toks {
		switch {
		case t.upper && !t.caps && !commonIn("", t.fold):
			names++
		case particles[t.fold]:
		default:
			return false
		}
	}
	return names >= 2 && names <= 4
}
