package synth

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bylinehq/byline/internal/demo"
	"github.com/bylinehq/byline/internal/relevance/evalset"
)

// source is one real story cut into what articles are built from: its
// headline, standfirst and sentences, with the names it mentions so that
// they can be swapped for a cluster's invented ones.
type source struct {
	headline   string
	standfirst string
	sentences  []string
	names      []mention
}

// mention is one way a story writes a named entity.
type mention struct {
	kind    kind
	form    string
	surname bool // a person's surname alone
	entity  int  // which entity of its kind in the story, for mapping
}

type kind int

const (
	person kind = iota
	place
	organisation
)

func kindOf(s string) (kind, bool) {
	switch s {
	case "person":
		return person, true
	case "place":
		return place, true
	case "organisation":
		return organisation, true
	}
	return 0, false
}

// loadSources reads the evaluation set and the demo stories into pools by
// language.
func loadSources() (map[string][]*source, error) {
	pools := map[string][]*source{}
	set, err := evalset.Load()
	if err != nil {
		return nil, fmt.Errorf("synth: evaluation set: %w", err)
	}
	for _, st := range set.Stories {
		src := &source{headline: st.Headline, standfirst: st.Standfirst, sentences: sentences(st.Body)}
		count := map[kind]int{}
		for _, e := range st.Entities {
			k, ok := kindOf(e.Kind)
			if !ok {
				continue
			}
			src.addEntity(k, count[k], e.Name, e.Forms)
			count[k]++
		}
		pools[st.Lang] = append(pools[st.Lang], src)
	}
	content, err := demo.Load()
	if err != nil {
		return nil, fmt.Errorf("synth: demo stories: %w", err)
	}
	topics := map[string]demo.TopicDef{}
	for _, t := range content.Topics {
		topics[t.Key] = t
	}
	for _, st := range content.Stories {
		src := &source{headline: st.Fields["headline"], standfirst: st.Fields["standfirst"], sentences: sentences(st.Body)}
		count := map[kind]int{}
		for _, key := range st.List("topics") {
			t := topics[key]
			k, ok := kindOf(t.Kind)
			if name := t.Names[st.Edition]; ok && name != "" {
				src.addEntity(k, count[k], name, nil)
				count[k]++
			}
		}
		pools[st.Edition] = append(pools[st.Edition], src)
	}
	return pools, nil
}

// addEntity records the forms of one entity, longest first, so that a full
// name is swapped before the surname inside it.
func (s *source) addEntity(k kind, n int, name string, forms []string) {
	s.names = append(s.names, mention{kind: k, form: name, entity: n})
	if k == person && len(forms) == 0 {
		if f := strings.Fields(name); len(f) > 1 {
			forms = []string{f[len(f)-1]}
		}
	}
	for _, f := range forms {
		s.names = append(s.names, mention{kind: k, form: f, surname: k == person && !strings.Contains(f, " "), entity: n})
	}
	// Keep longest forms first across the whole story.
	for i := len(s.names) - 1; i > 0 && len(s.names[i].form) > len(s.names[i-1].form); i-- {
		s.names[i], s.names[i-1] = s.names[i-1], s.names[i]
	}
}

// sentences cuts a story body into sentences of 5 to 60 words, dropping
// Markdown headings, quote and emphasis marks.
func sentences(body string) []string {
	var out []string
	for _, para := range strings.Split(body, "\n") {
		para = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(para), ">"))
		if strings.HasPrefix(para, "#") {
			continue // a Markdown heading
		}
		para = strings.Join(strings.Fields(strings.ReplaceAll(para, "*", "")), " ")
		for _, s := range splitSentences(para) {
			if n := len(strings.Fields(s)); n >= 5 && n <= 60 {
				out = append(out, s)
			}
		}
	}
	return out
}

// splitSentences cuts after . ! ? or ؟ (and a closing quote) when a space
// and something other than a lower-case letter follow.
func splitSentences(p string) []string {
	var out []string
	start := 0
	for i, r := range p {
		if !strings.ContainsRune(".!?؟", r) {
			continue
		}
		end := i + utf8.RuneLen(r)
		for end < len(p) {
			q, size := utf8.DecodeRuneInString(p[end:])
			if !strings.ContainsRune("\"”»’)", q) {
				break
			}
			end += size
		}
		if end >= len(p) || p[end] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(p[end+1:])
		if unicode.IsLower(next) {
			continue
		}
		out = append(out, strings.TrimSpace(p[start:end]))
		start = end + 1
	}
	if rest := strings.TrimSpace(p[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}
