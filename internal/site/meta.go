package site

import (
	"html/template"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/bylinehq/byline/internal/media"
	"github.com/bylinehq/byline/internal/news"
)

// This file builds what machines read in a page's head: feed links,
// Open Graph and Twitter cards for link previews, and schema.org JSON-LD
// for search engines. html/template encodes the JSON-LD values inside
// <script type="application/ld+json">, so a headline cannot close the tag.

// feedLink is a <link rel="alternate"> to one feed of a list. TypeAttr is
// the whole type attribute, from a constant: as a plain string, the "+" of
// "application/rss+xml" would be written as &#43;, which pattern-matching
// feed discovery tools miss.
type feedLink struct {
	TypeAttr   template.HTMLAttr
	Title, URL string
}

// feedFormats are the three feed files every list has, with their types.
var feedFormats = []struct{ file, mime, label string }{
	{"feed.xml", "application/rss+xml", "RSS"},
	{"feed.atom", "application/atom+xml", "Atom"},
	{"feed.json", "application/feed+json", "JSON Feed"},
}

// feedLinks lists the feeds of the list at dir (a path ending in "/",
// e.g. "/en/world/", or a topic or author page path plus "/"), titled
// after the list.
func feedLinks(origin, dir, title string) []feedLink {
	out := make([]feedLink, len(feedFormats))
	for i, f := range feedFormats {
		out[i] = feedLink{TypeAttr: template.HTMLAttr(`type="` + f.mime + `"`), Title: title + " (" + f.label + ")", URL: origin + dir + f.file}
	}
	return out
}

// social is the Open Graph and Twitter card data of a page.
type social struct {
	Type        string // "website" or "article"
	Title       string
	Description string
	URL         string
	SiteName    string
	Locale      string
	AltLocales  []string
	Image       *socialImage
	// Article-only properties.
	Published, Modified string
	Section             string
	Tags                []string
	Authors             []string
}

type socialImage struct {
	URL           string
	Width, Height int
	Alt           string
}

// Card is the Twitter card type: a large image when there is one.
func (so *social) Card() string {
	if so.Image != nil {
		return "summary_large_image"
	}
	return "summary"
}

// ogLocale turns a BCP 47 tag into Open Graph's language_TERRITORY form,
// filling in the most likely territory ("ar" becomes "ar_EG").
func ogLocale(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return strings.ReplaceAll(tag, "-", "_")
	}
	base, _ := t.Base()
	region, _ := t.Region()
	return base.String() + "_" + region.String()
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// ld is one JSON-LD node; map keys keep it close to schema.org's
// vocabulary, which has too many optional properties for structs to help.
type ld = map[string]any

// jsonLD wraps nodes in a @graph so one script carries them all.
func jsonLD(nodes ...ld) ld {
	return ld{"@context": "https://schema.org", "@graph": nodes}
}

// publisher is the site as a NewsMediaOrganization with its logo.
func (s *Site) publisher(origin string, ed *edition) ld {
	return ld{
		"@type": "NewsMediaOrganization",
		"@id":   origin + "/#publisher",
		"name":  ed.locale.T("site.name"),
		"url":   origin + "/",
		"logo": ld{
			"@type": "ImageObject", "url": origin + s.assets.URL("logo.png"),
			"width": logoSize, "height": logoSize,
		},
	}
}

// websiteLD describes an edition with the search box search engines may
// offer for it.
func (s *Site) websiteLD(origin string, ed *edition) ld {
	return ld{
		"@type":      "WebSite",
		"@id":        origin + "/" + ed.Code + "/#website",
		"url":        origin + "/" + ed.Code + "/",
		"name":       ed.locale.T("site.name"),
		"inLanguage": ed.Tag,
		"publisher":  ld{"@id": origin + "/#publisher"},
		"potentialAction": ld{
			"@type":       "SearchAction",
			"target":      ld{"@type": "EntryPoint", "urlTemplate": origin + "/" + ed.Code + "/search?q={search_term_string}"},
			"query-input": "required name=search_term_string",
		},
	}
}

// breadcrumbLD is the trail from the edition's front to the page.
func breadcrumbLD(origin string, crumbs ...navLink) ld {
	items := make([]ld, len(crumbs))
	for i, c := range crumbs {
		items[i] = ld{"@type": "ListItem", "position": i + 1, "name": c.Name, "item": origin + c.Path}
	}
	return ld{"@type": "BreadcrumbList", "itemListElement": items}
}

// imageURLs lists a lead image's files, largest first, as absolute URLs
// with their sizes.
func imageURLs(origin string, img *news.Image) []ld {
	out := []ld{{"@type": "ImageObject", "url": origin + "/media/" + img.Path, "width": img.Width, "height": img.Height}}
	for i := len(media.Widths) - 1; i >= 0; i-- {
		w := media.Widths[i]
		if w < img.Width {
			out = append(out, ld{"@type": "ImageObject", "url": origin + "/media/" + media.VariantPath(img.Path, w),
				"width": w, "height": img.Height * w / img.Width})
		}
	}
	return out
}

// articleLD is the NewsArticle node of a story page.
func (s *Site) articleLD(origin string, ed *edition, a *news.Article, modified time.Time) ld {
	canonical := origin + a.Path()
	node := ld{
		"@type":               "NewsArticle",
		"@id":                 canonical + "#article",
		"headline":            a.Headline,
		"url":                 canonical,
		"mainEntityOfPage":    ld{"@type": "WebPage", "@id": canonical},
		"datePublished":       rfc3339(a.PublishedAt),
		"dateModified":        rfc3339(modified),
		"inLanguage":          ed.Tag,
		"articleSection":      a.Section.Name,
		"isAccessibleForFree": true,
		"publisher":           ld{"@id": origin + "/#publisher"},
	}
	if a.Standfirst != "" {
		node["description"] = a.Standfirst
	}
	if a.Image != nil {
		node["image"] = imageURLs(origin, a.Image)
	} else {
		c := s.card(origin, ed)
		node["image"] = []ld{{"@type": "ImageObject", "url": c.URL, "width": c.Width, "height": c.Height}}
	}
	var authors []ld
	for _, au := range a.Authors {
		authors = append(authors, ld{"@type": "Person", "name": au.Name, "url": origin + au.Path(ed.Code)})
	}
	if len(authors) == 0 && a.Credit != "" {
		authors = append(authors, ld{"@type": "Organization", "name": a.Credit})
	}
	if len(authors) > 0 {
		node["author"] = authors
	}
	if len(a.Topics) > 0 {
		names := make([]string, len(a.Topics))
		for i, t := range a.Topics {
			names[i] = t.Name
		}
		node["keywords"] = names
	}
	if len(a.Corrections) > 0 {
		// schema.org's correction property takes the note text.
		notes := make([]ld, len(a.Corrections))
		for i, c := range a.Corrections {
			notes[i] = ld{"@type": "CorrectionComment", "text": c.Text, "datePublished": rfc3339(c.CreatedAt)}
		}
		node["correction"] = notes
	}
	return node
}

// card is the site's own image, for pages and stories that have none.
func (s *Site) card(origin string, ed *edition) *socialImage {
	return &socialImage{URL: origin + s.assets.URL("card.png"), Width: cardWidth, Height: cardHeight, Alt: ed.locale.T("site.name")}
}

// articleSocial is the link preview of a story.
func (s *Site) articleSocial(origin string, ed *edition, a *news.Article, modified time.Time, alts []alternate) *social {
	so := &social{Image: s.card(origin, ed),
		Type: "article", Title: a.Headline, Description: a.Standfirst, URL: origin + a.Path(),
		SiteName: ed.locale.T("site.name"), Locale: ogLocale(ed.Tag),
		Published: rfc3339(a.PublishedAt), Modified: rfc3339(modified), Section: a.Section.Name,
	}
	if so.Description == "" {
		so.Description = a.Headline
	}
	for _, alt := range alts {
		if alt.Lang != "x-default" && alt.Lang != ed.Tag {
			so.AltLocales = append(so.AltLocales, ogLocale(alt.Lang))
		}
	}
	for _, t := range a.Topics {
		so.Tags = append(so.Tags, t.Name)
	}
	for _, au := range a.Authors {
		so.Authors = append(so.Authors, origin+au.Path(ed.Code))
	}
	if img := a.Image; img != nil {
		so.Image = &socialImage{URL: origin + "/media/" + img.Path, Width: img.Width, Height: img.Height, Alt: img.Alt}
	}
	return so
}

// pageSocial is the link preview of a front or list page.
func (s *Site) pageSocial(origin string, ed *edition, title, description, url string) *social {
	return &social{Type: "website", Title: title, Description: description, URL: url,
		SiteName: ed.locale.T("site.name"), Locale: ogLocale(ed.Tag), Image: s.card(origin, ed)}
}
