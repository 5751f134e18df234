package site

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/i18n"
	"github.com/bylinehq/byline/internal/media"
	"github.com/bylinehq/byline/internal/news"
)

// chrome is what every page shows around its content. Templates call T for
// every string, so no text bypasses the edition's catalog.
type chrome struct {
	Ed          *edition
	Title       string
	Description string
	Canonical   string // absolute
	Alternates  []alternate
	Nav         []navLink
	Editions    []navLink
	CSS, Icon   string
	NoIndex     bool
	SearchPage  bool // the page is the search form: the header's box is left out
	Latest      []teaser
	Feeds       []feedLink
	Social      *social
	LD          ld // JSON-LD for search engines; nil for none

	sections []news.Section // the edition's, read once for Nav, for pages that need them too
}

// T translates a chrome string in the page's edition.
func (c *chrome) T(key string, args ...any) string { return c.Ed.locale.T(key, args...) }

// Lang is the value of <html lang>.
func (c *chrome) Lang() string { return c.Ed.Tag }

// Dir is the value of <html dir>.
func (c *chrome) Dir() string { return string(c.Ed.Dir) }

// Home is the edition's front page.
func (c *chrome) Home() string { return "/" + c.Ed.Code + "/" }

type alternate struct{ Lang, URL string }

type navLink struct {
	Name, Path, Lang string
	Current          bool
}

// stamp is a time as shown: the exact instant for <time datetime> and the
// edition's text for it.
type stamp struct{ ISO, Text string }

type imageView struct {
	Src, SrcSet, Sizes   string
	Width, Height        int
	Alt, Caption, Credit string
	Lazy                 bool
}

type teaser struct {
	Headline, Standfirst, Path string
	Kind                       string // "" for plain news
	Section, SectionPath       string
	Time                       stamp
	Image                      *imageView
	Level                      int // heading level of the headline
}

// views builds view models in one edition at one instant.
type views struct {
	ed  *edition
	now time.Time
}

// The exact instant goes into <time datetime> in UTC: it is the same
// instant, and a "+01:00" offset would be entity-escaped by html/template.
func (v views) label(t time.Time) stamp {
	return stamp{ISO: t.UTC().Format(time.RFC3339), Text: v.ed.locale.Label(t, v.now, v.ed.zone)}
}

func (v views) full(t time.Time) stamp {
	return stamp{ISO: t.UTC().Format(time.RFC3339), Text: v.ed.locale.DateTime(t.In(v.ed.zone))}
}

func (v views) kind(k news.Kind) string {
	if k == news.News || k == "" {
		return ""
	}
	return v.ed.locale.T("kind." + string(k))
}

func (v views) teaser(t news.Teaser, sizes string) teaser {
	return teaser{
		Headline: t.Headline, Standfirst: t.Standfirst, Path: t.Path(), Kind: v.kind(t.Kind),
		Section: t.SectionName, SectionPath: "/" + t.Edition + "/" + t.SectionSlug + "/",
		Time: v.label(t.PublishedAt), Image: image(t.Image, sizes, true), Level: 3,
	}
}

func (v views) teasers(ts []news.Teaser, sizes string) []teaser {
	out := make([]teaser, len(ts))
	for i, t := range ts {
		out[i] = v.teaser(t, sizes)
	}
	return out
}

// image builds responsive markup data for a lead image. sizes is the
// img sizes attribute for where it is shown.
func image(img *news.Image, sizes string, lazy bool) *imageView {
	if img == nil {
		return nil
	}
	src := "/media/" + img.Path
	var set []string
	for _, w := range media.Widths {
		if w < img.Width {
			set = append(set, "/media/"+media.VariantPath(img.Path, w)+" "+strconv.Itoa(w)+"w")
		}
	}
	set = append(set, src+" "+strconv.Itoa(img.Width)+"w")
	return &imageView{Src: src, SrcSet: strings.Join(set, ", "), Sizes: sizes, Width: img.Width, Height: img.Height,
		Alt: img.Alt, Caption: img.Caption, Credit: img.Credit, Lazy: lazy}
}

// separators returns the text between n names in a list, following the
// locale's list patterns ("A, B, and C"; "A y B"; "أ وب").
func separators(l *i18n.Locale, n int) []string {
	if n < 2 {
		return nil
	}
	cut := func(key string) string {
		s := l.T(key, "\x00", "\x01")
		_, after, _ := strings.Cut(s, "\x00")
		between, _, _ := strings.Cut(after, "\x01")
		return between
	}
	if n == 2 {
		return []string{cut("list.and")}
	}
	seps := make([]string, n-1)
	for i := range seps {
		seps[i] = cut("list.comma")
	}
	seps[n-2] = cut("list.final")
	return seps
}

// readingMinutes estimates reading time at 200 words a minute.
func readingMinutes(markdown string) int {
	return max(1, int(math.Ceil(float64(len(strings.Fields(markdown)))/200)))
}

// safeHTML marks sanitized story HTML as trusted: markup.Renderer produced
// it through the sanitizer policy before it was stored.
func safeHTML(s string) template.HTML { return template.HTML(s) } //nolint:gosec // sanitized at write time
