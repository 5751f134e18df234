package news

import "unicode/utf8"

// TopicKind says what a topic is about.
type TopicKind string

// Topic kinds.
const (
	Person       TopicKind = "person"
	Place        TopicKind = "place"
	Organisation TopicKind = "organisation"
	Subject      TopicKind = "subject"
)

// Valid reports whether k is one of the known kinds.
func (k TopicKind) Valid() bool {
	switch k {
	case Person, Place, Organisation, Subject:
		return true
	}
	return false
}

// Topic is a person, place, organisation or subject that stories are about.
// One topic spans editions: it has a name and slug in each edition it is
// used in, so "Vladimir Poutine" in fr and "Vladimir Putin" in en are one.
type Topic struct {
	ID    int64
	Kind  TopicKind
	Names []TopicName
	// Aliases are other spellings and short forms in any language
	// ("Poutine", "Putin", "بوتين"): suggestions match them, and an editor
	// typing one gets this topic.
	Aliases []string
}

// MaxAliases bounds a topic's aliases.
const MaxAliases = 30

// TopicName is a topic's name and page slug in one edition.
type TopicName struct {
	Edition string
	Name    string
	Slug    string
}

// In returns the topic's name in edition and whether it has one.
func (t Topic) In(edition string) (TopicName, bool) {
	for _, n := range t.Names {
		if n.Edition == edition {
			return n, true
		}
	}
	return TopicName{}, false
}

// Validate checks the topic and each of its names.
func (t Topic) Validate() error {
	var p Problems
	if !t.Kind.Valid() {
		p.Add("kind", "must be person, place, organisation or subject, got %q", t.Kind)
	}
	if len(t.Names) == 0 {
		p.Add("names", "a topic needs a name in at least one edition")
	}
	seen := map[string]bool{}
	for _, n := range t.Names {
		switch {
		case n.Edition == "":
			p.Add("names", "every name needs an edition")
		case seen[n.Edition]:
			p.Add("names", "two names for edition %q", n.Edition)
		}
		seen[n.Edition] = true
		if n.Name == "" || utf8.RuneCountInString(n.Name) > 100 {
			p.Add("names", "a name must have 1 to 100 characters, got %q", n.Name)
		}
		if !ValidSlug(n.Slug) {
			p.Add("names", "slug %q must be lowercase letters, digits and single hyphens", n.Slug)
		}
	}
	if len(t.Aliases) > MaxAliases {
		p.Add("aliases", "a topic has at most %d aliases, got %d", MaxAliases, len(t.Aliases))
	}
	for _, a := range t.Aliases {
		checkText(&p, "aliases", a, 100, true)
	}
	return p.Err()
}

// TopicRef is a topic as one edition shows it.
type TopicRef struct {
	ID      int64
	Kind    TopicKind
	Edition string
	Name    string
	Slug    string
}

// Path is the topic's page.
func (t TopicRef) Path() string { return "/" + t.Edition + "/topics/" + t.Slug }
