package entities

// candidate is a name a rule found: tokens [i, j) of field f.
type candidate struct {
	f, i, j int
	name    string // the name as the text writes it
	kind    string // "person", "place", "organisation" or "" when the rule cannot tell
	cue     bool   // a title, cue word or acronym vouches for it
	aliases []string
	prefix  string // a lower-case word that belongs to the name ("río" Loa)
}

// field is one of a story's three texts, tokenized.
type field struct {
	name   string
	text   string
	toks   []token
	weight float64
	rules  bool // whether capitals in it are worth reading: not a Title Case headline
}

// span returns the text of tokens [i, j).
func (f *field) span(i, j int) string { return f.text[f.toks[i].start:f.toks[j-1].end] }

// titleCase reports whether most longer words are capitalised, as in a
// headline written in Title Case, where capitals mark no names.
func titleCase(toks []token) bool {
	long, upper := 0, 0
	for _, t := range toks {
		if runeLen(t.text) >= 4 && !t.arabic {
			long++
			if t.upper {
				upper++
			}
		}
	}
	return long >= 4 && upper*10 > long*6
}
