package feeds

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Limits of the sitemap protocol (sitemaps.org) and of Google News
// sitemaps.
const (
	MaxSitemapURLs  = 50_000
	MaxSitemapBytes = 50 << 20 // uncompressed
	MaxNewsURLs     = 1_000
	NewsWindow      = 48 * time.Hour
)

// SitemapPage is how many stories one generated sitemap file lists. It is
// well under MaxSitemapURLs because every URL may carry an alternate per
// edition, and percent-encoded Arabic slugs are long: 50,000 such entries
// could pass MaxSitemapBytes.
const SitemapPage = 10_000

const (
	nsSitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"
	nsXHTML   = "http://www.w3.org/1999/xhtml"
	nsNews    = "http://www.google.com/schemas/sitemap-news/0.9"
)

// SitemapURL is one page in a sitemap.
type SitemapURL struct {
	Loc     string // absolute, percent-encoded
	LastMod time.Time
	// Alternates are the page's versions in every language, itself
	// included, and x-default; empty when it has no translation.
	Alternates []Alternate
}

// Alternate is an hreflang link.
type Alternate struct {
	Lang string // BCP 47 tag or "x-default"
	Href string
}

// SitemapRef is one sitemap in an index.
type SitemapRef struct {
	Loc     string
	LastMod time.Time
}

// NewsURL is one story in a news sitemap.
type NewsURL struct {
	Loc       string
	Title     string
	Published time.Time
}

// Publication names the site in a news sitemap.
type Publication struct {
	Name     string
	Language string // BCP 47 tag; rendered as Google asks
}

type urlset struct {
	XMLName xml.Name   `xml:"urlset"`
	NS      string     `xml:"xmlns,attr"`
	NSXHTML string     `xml:"xmlns:xhtml,attr,omitempty"`
	NSNews  string     `xml:"xmlns:news,attr,omitempty"`
	URLs    []urlEntry `xml:"url"`
}

type urlEntry struct {
	Loc        string      `xml:"loc"`
	LastMod    string      `xml:"lastmod,omitempty"`
	Alternates []xhtmlLink `xml:"xhtml:link"`
	News       *newsNews   `xml:"news:news"`
}

type xhtmlLink struct {
	Rel      string `xml:"rel,attr"`
	HrefLang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

type newsNews struct {
	Publication struct {
		Name     string `xml:"news:name"`
		Language string `xml:"news:language"`
	} `xml:"news:publication"`
	Date  string `xml:"news:publication_date"`
	Title string `xml:"news:title"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	NS       string       `xml:"xmlns,attr"`
	Sitemaps []sitemapRef `xml:"sitemap"`
}

type sitemapRef struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

func lastmod(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return rfc3339(t)
}

// Sitemap renders a URL set with hreflang alternates. It fails beyond the
// protocol's limits rather than write a file crawlers reject.
func Sitemap(urls []SitemapURL) ([]byte, error) {
	if len(urls) > MaxSitemapURLs {
		return nil, fmt.Errorf("feeds: %d URLs in one sitemap, at most %d", len(urls), MaxSitemapURLs)
	}
	doc := urlset{NS: nsSitemap, NSXHTML: nsXHTML}
	for _, u := range urls {
		e := urlEntry{Loc: u.Loc, LastMod: lastmod(u.LastMod)}
		for _, a := range u.Alternates {
			e.Alternates = append(e.Alternates, xhtmlLink{Rel: "alternate", HrefLang: a.Lang, Href: a.Href})
		}
		doc.URLs = append(doc.URLs, e)
	}
	return sized(marshalXML(doc))
}

// SitemapIndex renders a sitemap index.
func SitemapIndex(refs []SitemapRef) ([]byte, error) {
	if len(refs) > MaxSitemapURLs {
		return nil, fmt.Errorf("feeds: %d sitemaps in one index, at most %d", len(refs), MaxSitemapURLs)
	}
	doc := sitemapIndex{NS: nsSitemap}
	for _, r := range refs {
		doc.Sitemaps = append(doc.Sitemaps, sitemapRef{Loc: r.Loc, LastMod: lastmod(r.LastMod)})
	}
	return sized(marshalXML(doc))
}

// NewsSitemap renders a Google News sitemap. Choosing the stories (the
// last NewsWindow, at most MaxNewsURLs) is the caller's; more than
// MaxNewsURLs is an error.
func NewsSitemap(pub Publication, urls []NewsURL) ([]byte, error) {
	if len(urls) > MaxNewsURLs {
		return nil, fmt.Errorf("feeds: %d stories in a news sitemap, at most %d", len(urls), MaxNewsURLs)
	}
	doc := urlset{NS: nsSitemap, NSNews: nsNews}
	for _, u := range urls {
		n := &newsNews{Date: rfc3339(u.Published), Title: u.Title}
		n.Publication.Name, n.Publication.Language = pub.Name, NewsLanguage(pub.Language)
		doc.URLs = append(doc.URLs, urlEntry{Loc: u.Loc, News: n})
	}
	return sized(marshalXML(doc))
}

func sized(b []byte, err error) ([]byte, error) {
	if err == nil && len(b) > MaxSitemapBytes {
		return nil, fmt.Errorf("feeds: a sitemap of %d bytes, at most %d", len(b), MaxSitemapBytes)
	}
	return b, err
}

// NewsLanguage is the language code Google News asks for: the ISO 639
// language of a BCP 47 tag, except zh-cn and zh-tw for Chinese.
func NewsLanguage(tag string) string {
	tag = strings.ToLower(tag)
	lang, rest, _ := strings.Cut(tag, "-")
	if lang == "zh" {
		if strings.Contains(rest, "hant") || strings.Contains(rest, "tw") || strings.Contains(rest, "hk") {
			return "zh-tw"
		}
		return "zh-cn"
	}
	return lang
}

// MonthSitemapName is the file name of page (from 1) of a month's
// sitemap: "sitemap-2026-11.xml", then "sitemap-2026-11-2.xml".
func MonthSitemapName(month time.Time, page int) string {
	name := "sitemap-" + month.UTC().Format("2006-01")
	if page > 1 {
		name += "-" + strconv.Itoa(page)
	}
	return name + ".xml"
}

// ParseMonthSitemapName reverses MonthSitemapName. Each file has one name
// only: "-1" and leading zeros are not accepted.
func ParseMonthSitemapName(name string) (month time.Time, page int, ok bool) {
	rest, prefixed := strings.CutPrefix(name, "sitemap-")
	rest, suffixed := strings.CutSuffix(rest, ".xml")
	if !prefixed || !suffixed || len(rest) < 7 {
		return time.Time{}, 0, false
	}
	month, err := time.Parse("2006-01", rest[:7])
	if err != nil || month.Format("2006-01") != rest[:7] {
		return time.Time{}, 0, false
	}
	page = 1
	if tail := rest[7:]; tail != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(tail, "-"))
		if err != nil || !strings.HasPrefix(tail, "-") || n < 2 || strconv.Itoa(n) != tail[1:] {
			return time.Time{}, 0, false
		}
		page = n
	}
	return month, page, true
}

// MonthPages is how many sitemap files a month of count stories takes.
func MonthPages(count int) int { return max(1, (count+SitemapPage-1)/SitemapPage) }
