package newsroom

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
)

// maxUpload bounds an editor form with an image in it.
const maxUpload = 24 << 20

// datetimeLocal is the value format of <input type="datetime-local">;
// browsers add seconds when the input's step asks for them.
const (
	datetimeLocal        = "2006-01-02T15:04"
	datetimeLocalSeconds = "2006-01-02T15:04:05"
)

// parseLocal reads a datetime-local value in zone, with or without seconds.
func parseLocal(v string, zone *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation(datetimeLocal, v, zone)
	if err != nil {
		t, err = time.ParseInLocation(datetimeLocalSeconds, v, zone)
	}
	return t, err
}

// formValues are the editor's fields as typed, so that a refused save can
// show them again exactly.
type formValues struct {
	Edition, Section, Kind        string
	Headline, Standfirst, Body    string
	Dateline, Credit, Slug        string
	Authors                       []string
	Topics                        string
	ImagePath, ImageAlt, ImageCap string
	ImageCredit, Embargo          string
	Revision                      int
}

// HasAuthor reports whether slug is selected, for the template.
func (f formValues) HasAuthor(slug string) bool {
	for _, a := range f.Authors {
		if a == slug {
			return true
		}
	}
	return false
}

func valuesFrom(a *news.Article, zone *time.Location) formValues {
	f := formValues{Edition: a.Edition, Section: a.Section.Slug, Kind: string(a.Kind), Headline: a.Headline,
		Standfirst: a.Standfirst, Body: a.BodyMarkdown, Dateline: a.Dateline, Credit: a.Credit, Slug: a.Slug,
		Revision: a.Revision}
	for _, au := range a.Authors {
		f.Authors = append(f.Authors, au.Slug)
	}
	names := make([]string, len(a.Topics))
	for i, t := range a.Topics {
		names[i] = t.Name
	}
	f.Topics = strings.Join(names, ", ")
	if a.Image != nil {
		f.ImagePath, f.ImageAlt, f.ImageCap, f.ImageCredit = a.Image.Path, a.Image.Alt, a.Image.Caption, a.Image.Credit
	}
	if !a.EmbargoUntil.IsZero() {
		f.Embargo = a.EmbargoUntil.In(zone).Format(datetimeLocal)
	}
	return f
}

// readForm reads the editor's fields from a request whose body (url-encoded
// or multipart) has been parsed.
func readForm(r *http.Request) formValues {
	get := func(k string) string { return r.FormValue(k) }
	f := formValues{Edition: get("edition"), Section: get("section"), Kind: get("kind"), Headline: get("headline"),
		Standfirst: get("standfirst"), Body: strings.ReplaceAll(get("body"), "\r\n", "\n"), Dateline: get("dateline"),
		Credit: get("credit"), Slug: strings.TrimSpace(get("slug")), Topics: get("topics"),
		ImagePath: get("image_path"), ImageAlt: get("image_alt"), ImageCap: get("image_caption"),
		ImageCredit: get("image_credit"), Embargo: get("embargo")}
	f.Authors = r.Form["authors"]
	f.Revision, _ = strconv.Atoi(get("revision"))
	return f
}

// changes turns the typed fields into a save, reading local times in the
// edition's zone.
func (f formValues) changes(zone *time.Location) (editorial.Changes, error) {
	c := editorial.Changes{BaseRevision: f.Revision, Section: f.Section, Kind: news.Kind(f.Kind), Headline: f.Headline,
		Standfirst: f.Standfirst, Body: f.Body, Dateline: f.Dateline, Credit: f.Credit, Authors: f.Authors,
		Topics: splitTopics(f.Topics), Slug: f.Slug}
	if f.ImagePath != "" {
		c.Image = &news.Image{Path: f.ImagePath, Alt: f.ImageAlt, Caption: f.ImageCap, Credit: f.ImageCredit}
	}
	if f.Embargo != "" {
		t, err := parseLocal(f.Embargo, zone)
		if err != nil {
			return c, news.Invalid("embargo", "give a date and time such as 2026-12-01T09:00")
		}
		c.EmbargoUntil = t.UTC()
	}
	return c, nil
}

// splitTopics reads a comma-separated list; the Arabic comma counts too.
func splitTopics(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '،' || r == '\n' }) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// localTime reads a datetime-local field in zone; "" is the zero time.
func localTime(v string, zone *time.Location) (time.Time, error) {
	if strings.TrimSpace(v) == "" {
		return time.Time{}, nil
	}
	t, err := parseLocal(strings.TrimSpace(v), zone)
	if err != nil {
		return t, news.Invalid("at", "give a date and time such as 2026-12-01T09:00")
	}
	return t.UTC(), nil
}
