// Package evalset loads the relevance evaluation set: original short
// stories in four languages, grouped into clusters of angles on one story,
// with the people, places and organisations each names. Tests measure the
// "Read also" ranking and topic suggestions against it; see FORMAT.md.
package evalset

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed data
var data embed.FS

// Entity is a person, place or organisation a story names.
type Entity struct {
	Kind  string
	Name  string
	Forms []string // other forms the text uses, such as a surname alone
}

// Story is one piece of the set.
type Story struct {
	ID            string
	Lang          string
	Cluster       string
	HoursAgo      float64
	TranslationOf string
	Headline      string
	Standfirst    string
	Body          string
	Entities      []Entity
}

// Single reports whether the story is a lone distractor with no expected
// related items.
func (s Story) Single() bool { return strings.HasPrefix(s.Cluster, "single-") }

// Set is the whole evaluation set.
type Set struct {
	Stories []Story
	byID    map[string]int
}

// Load reads the embedded set and checks it: unique ids, known languages
// and kinds, translations that point at a story in another language.
func Load() (*Set, error) {
	set := &Set{byID: map[string]int{}}
	err := fs.WalkDir(data, "data", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".md" {
			return err
		}
		b, err := data.ReadFile(p)
		if err != nil {
			return err
		}
		s, err := parse(string(b))
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		s.ID = strings.TrimSuffix(path.Base(p), ".md")
		s.Lang = path.Base(path.Dir(p))
		if _, dup := set.byID[s.ID]; dup {
			return fmt.Errorf("%s: id %q used twice", p, s.ID)
		}
		set.byID[s.ID] = len(set.Stories)
		set.Stories = append(set.Stories, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(set.Stories, func(i, j int) bool { return set.Stories[i].ID < set.Stories[j].ID })
	for i, s := range set.Stories {
		set.byID[s.ID] = i
	}
	return set, set.check()
}

func (set *Set) check() error {
	for _, s := range set.Stories {
		switch s.Lang {
		case "en", "es", "fr", "ar":
		default:
			return fmt.Errorf("%s: language %q is not en, es, fr or ar", s.ID, s.Lang)
		}
		if s.TranslationOf != "" {
			t, ok := set.Story(s.TranslationOf)
			if !ok || t.Lang == s.Lang {
				return fmt.Errorf("%s: translation_of %q is not a story in another language", s.ID, s.TranslationOf)
			}
		}
	}
	return nil
}

// Story returns the story with id.
func (set *Set) Story(id string) (Story, bool) {
	i, ok := set.byID[id]
	if !ok {
		return Story{}, false
	}
	return set.Stories[i], true
}

// Expected returns the ids of s's expected "Read also" items: the other
// stories of its cluster in its language.
func (set *Set) Expected(s Story) []string {
	var out []string
	for _, o := range set.Stories {
		if o.ID != s.ID && o.Lang == s.Lang && o.Cluster == s.Cluster && !s.Single() {
			out = append(out, o.ID)
		}
	}
	return out
}

// Group returns the translation group key of s: the id of the story at the
// root of its translation_of chain.
func (set *Set) Group(s Story) string {
	for i := 0; s.TranslationOf != "" && i < 10; i++ {
		s, _ = set.Story(s.TranslationOf)
	}
	return s.ID
}

func parse(text string) (Story, error) {
	head, body, ok := strings.Cut(text, "\n---\n")
	if !ok {
		return Story{}, fmt.Errorf("no --- line between the fields and the body")
	}
	s := Story{Body: strings.TrimSpace(body)}
	sc := bufio.NewScanner(strings.NewReader(head))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			return s, fmt.Errorf("line %q is not key: value", line)
		}
		if err := s.set(strings.TrimSpace(key), strings.TrimSpace(val)); err != nil {
			return s, err
		}
	}
	switch {
	case s.Cluster == "" || s.Headline == "" || s.Body == "":
		return s, fmt.Errorf("cluster, headline and body are required")
	case len(s.Entities) == 0:
		return s, fmt.Errorf("no entity lines")
	}
	return s, nil
}

func (s *Story) set(key, val string) error {
	switch key {
	case "cluster":
		s.Cluster = val
	case "hours_ago":
		h, err := strconv.ParseFloat(val, 64)
		if err != nil || h < 0 {
			return fmt.Errorf("hours_ago %q is not a number of hours", val)
		}
		s.HoursAgo = h
	case "translation_of":
		s.TranslationOf = val
	case "headline":
		s.Headline = val
	case "standfirst":
		s.Standfirst = val
	case "entity":
		parts := strings.Split(val, "|")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		if len(parts) < 2 || parts[1] == "" {
			return fmt.Errorf("entity %q is not kind | name | forms", val)
		}
		switch parts[0] {
		case "person", "place", "organisation":
		default:
			return fmt.Errorf("entity kind %q is not person, place or organisation", parts[0])
		}
		s.Entities = append(s.Entities, Entity{Kind: parts[0], Name: parts[1], Forms: parts[2:]})
	default:
		return fmt.Errorf("unknown field %q", key)
	}
	return nil
}
