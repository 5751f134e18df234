package news

import (
	"regexp"
	"unicode/utf8"
)

// Section groups an edition's stories, e.g. World or Economy, and has a front
// page at /{edition}/{slug}/.
type Section struct {
	ID       int64
	Edition  string
	Slug     string
	Name     string
	Position int // order in navigation
}

// slugPattern accepts lowercase letters of any script, digits and single
// hyphens between them: what the slug package produces.
var slugPattern = regexp.MustCompile(`^[\p{Ll}\p{Lo}\p{Nd}]+(-[\p{Ll}\p{Lo}\p{Nd}]+)*$`)

// MaxSlugLength bounds slugs in characters, so URLs stay shareable.
const MaxSlugLength = 96

// reservedSlugs are the path segments under /{edition}/ that belong to the
// site itself, so no section may take them.
var reservedSlugs = map[string]bool{
	"topics": true, "authors": true, "search": true, "api": true, "admin": true,
	"assets": true, "media": true, "feed": true, "page": true,
}

// ValidSlug reports whether s is a well-formed slug.
func ValidSlug(s string) bool {
	return s != "" && utf8.RuneCountInString(s) <= MaxSlugLength && slugPattern.MatchString(s)
}

// Validate checks the section's fields and reports every problem at once.
func (s Section) Validate() error {
	var p Problems
	if s.Edition == "" {
		p.Add("edition", "is required")
	}
	switch {
	case !ValidSlug(s.Slug):
		p.Add("slug", "must be lowercase letters, digits and single hyphens, got %q", s.Slug)
	case reservedSlugs[s.Slug]:
		p.Add("slug", "%q is reserved for the site's own pages", s.Slug)
	}
	if s.Name == "" {
		p.Add("name", "is required")
	} else if utf8.RuneCountInString(s.Name) > 60 {
		p.Add("name", "must be at most 60 characters")
	}
	return p.Err()
}

// Path is the section front's URL path.
func (s Section) Path() string { return "/" + s.Edition + "/" + s.Slug + "/" }
