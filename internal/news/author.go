package news

import "unicode/utf8"

// Author is a person credited in bylines. Authors are shared by all editions;
// an author page lists their stories in one edition.
type Author struct {
	ID   int64
	Slug string
	Name string
}

// Validate checks the author's fields and reports every problem at once.
func (a Author) Validate() error {
	var p Problems
	if !ValidSlug(a.Slug) {
		p.Add("slug", "must be lowercase letters, digits and single hyphens, got %q", a.Slug)
	}
	if a.Name == "" {
		p.Add("name", "is required")
	} else if utf8.RuneCountInString(a.Name) > 100 {
		p.Add("name", "must be at most 100 characters")
	}
	return p.Err()
}

// Path is the author's page in an edition.
func (a Author) Path(edition string) string { return "/" + edition + "/authors/" + a.Slug }
