package news

import (
	"regexp"
	"time"
)

// Direction is the writing direction of an edition's language.
type Direction string

// The two directions. CSS logical properties mirror the layout for RTL.
const (
	LTR Direction = "ltr"
	RTL Direction = "rtl"
)

// Edition is one language edition of the site, e.g. the English edition at
// /en/. Its language tag drives the message catalog, CLDR date and number
// formats; its time zone decides what "today" means in time labels.
type Edition struct {
	Code     string    // URL prefix, e.g. "en"
	Tag      string    // BCP 47 language tag, e.g. "en" or "ar"
	Name     string    // the language's own name, e.g. "Español"
	TimeZone string    // IANA zone, e.g. "Europe/Madrid"
	Dir      Direction // text direction
	Position int       // order in edition switchers
}

var editionCode = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{2,8})?$`)
var languageTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// Validate checks the edition's fields and reports every problem at once.
func (e Edition) Validate() error {
	var p Problems
	if !editionCode.MatchString(e.Code) {
		p.Add("code", "must be a lowercase language code such as \"en\" or \"pt-br\", got %q", e.Code)
	}
	if !languageTag.MatchString(e.Tag) {
		p.Add("tag", "must be a BCP 47 language tag such as \"en\" or \"es-419\", got %q", e.Tag)
	}
	if e.Name == "" {
		p.Add("name", "is required")
	}
	if _, err := time.LoadLocation(e.TimeZone); err != nil || e.TimeZone == "" {
		p.Add("time_zone", "must be an IANA time zone such as \"Europe/Paris\", got %q", e.TimeZone)
	}
	if e.Dir != LTR && e.Dir != RTL {
		p.Add("direction", "must be \"ltr\" or \"rtl\", got %q", e.Dir)
	}
	return p.Err()
}

// Location returns the edition's time zone. Validate guarantees it loads; UTC
// is returned for an edition that was never validated.
func (e Edition) Location() *time.Location {
	loc, err := time.LoadLocation(e.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// DefaultEditions are the editions a new store starts with.
func DefaultEditions() []Edition {
	return []Edition{
		{Code: "en", Tag: "en", Name: "English", TimeZone: "Europe/London", Dir: LTR, Position: 1},
		{Code: "es", Tag: "es", Name: "Español", TimeZone: "Europe/Madrid", Dir: LTR, Position: 2},
		{Code: "fr", Tag: "fr", Name: "Français", TimeZone: "Europe/Paris", Dir: LTR, Position: 3},
		{Code: "ar", Tag: "ar", Name: "العربية", TimeZone: "Africa/Cairo", Dir: RTL, Position: 4},
	}
}
