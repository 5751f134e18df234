package site_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/bylinehq/byline/internal/i18n"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
)

// pageCase is one page of one edition, with what it must and must not hold.
type pageCase struct {
	name, path string
	status     int
	want       []string
}

// editionPages lists every page type of an edition, found from its content.
func editionPages(t *testing.T, edition string) []pageCase {
	a := sharedApp(t)
	ctx := context.Background()
	secs, err := a.Store.Sections(ctx, edition)
	if err != nil || len(secs) == 0 {
		t.Fatalf("sections of %s: %v", edition, err)
	}
	page, err := a.Store.List(ctx, news.ListQuery{Edition: edition, Limit: 50, Now: testenv.Now})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("stories of %s: %v", edition, err)
	}
	var art *news.Article // a story with authors and topics
	for _, item := range page.Items {
		full, _, err := a.Store.ArticleBySlug(ctx, edition, item.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if len(full.Authors) > 0 && len(full.Topics) > 0 {
			art = full
			break
		}
	}
	if art == nil {
		t.Fatalf("no story with authors and topics in %s", edition)
	}
	return []pageCase{
		{"front", "/" + edition + "/", 200, []string{`data-block="latest-news"`}},
		{"section", secs[0].Path(), 200, []string{`data-block="latest-news"`}},
		{"article", art.Path(), 200, []string{`data-block="read-also"`, `data-block="latest-news"`, "<article"}},
		{"topic", art.Topics[0].Path(), 200, []string{`data-block="latest-news"`}},
		{"author", art.Authors[0].Path(edition), 200, []string{`data-block="latest-news"`}},
		{"not found", "/" + edition + "/no-such-section/no-such-story", 404, nil},
		{"gone", unpublishedPath(t, edition), 410, nil},
	}
}

// unpublishedPath finds the edition's withdrawn demo story.
func unpublishedPath(t *testing.T, edition string) string {
	a := sharedApp(t)
	ctx := context.Background()
	for id := int64(1); id < 400; id++ {
		art, err := a.Store.Article(ctx, id)
		if err != nil {
			continue
		}
		if art.Edition == edition && art.Status == news.Unpublished {
			return art.Path()
		}
	}
	t.Fatalf("no unpublished demo story in %s", edition)
	return ""
}

var (
	htmlTag  = regexp.MustCompile(`<html lang="([^"]+)" dir="(ltr|rtl)">`)
	h1       = regexp.MustCompile(`<h1[ >]`)
	timeTag  = regexp.MustCompile(`<time datetime="([^"]+)">`)
	verbs    = regexp.MustCompile(`%(\[\d+\])?[sdvq]`)
	rfc3339  = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$`)
	editions = map[string]string{"en": "ltr", "es": "ltr", "fr": "ltr", "ar": "rtl"}
)

// TestEveryPageInEveryEdition renders each page type in each edition and
// checks the markup contract and that no chrome string of another
// language's catalog shows up.
func TestEveryPageInEveryEdition(t *testing.T) {
	a := sharedApp(t)
	bundle, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for edition, dir := range editions {
		foreign := foreignFragments(t, bundle, edition)
		for _, pc := range editionPages(t, edition) {
			t.Run(edition+"/"+pc.name, func(t *testing.T) {
				r := get(t, a.Handler, pc.path)
				if r.status != pc.status {
					t.Fatalf("GET %s = %d, want %d", pc.path, r.status, pc.status)
				}
				m := htmlTag.FindStringSubmatch(r.body)
				if m == nil || m[1] != edition || m[2] != dir {
					t.Errorf("<html> = %v, want lang=%s dir=%s", m, edition, dir)
				}
				if got := r.header.Get("Content-Language"); got != edition {
					t.Errorf("Content-Language = %q", got)
				}
				if n := len(h1.FindAllString(r.body, -1)); n != 1 {
					t.Errorf("page has %d <h1>, want 1", n)
				}
				for _, w := range pc.want {
					if !strings.Contains(r.body, w) {
						t.Errorf("page lacks %q", w)
					}
				}
				for _, ts := range timeTag.FindAllStringSubmatch(r.body, -1) {
					if !rfc3339.MatchString(ts[1]) {
						t.Errorf("<time datetime=%q> is not RFC 3339", ts[1])
					}
				}
				for _, text := range texts(t, r.body) {
					for _, f := range foreign {
						if f.matches(text) {
							t.Errorf("%q from the %s catalog appears in %q", f.text, f.lang, text)
						}
					}
				}
			})
		}
	}
}

// fragment is a literal piece of another language's catalog message.
type fragment struct{ text, lang string }

// matches reports whether a page text shows the fragment: as the whole
// text, or, for long fragments, as a run of whole words within it. Short
// fragments ("News") are only matched whole, so that a proper noun like
// "Northstar News" in an agency credit is not mistaken for chrome.
func (f fragment) matches(text string) bool {
	if text == f.text {
		return true
	}
	if len([]rune(f.text)) < 10 {
		return false
	}
	i := strings.Index(text, f.text)
	if i < 0 {
		return false
	}
	before, after := []rune(text[:i]), []rune(text[i+len(f.text):])
	return (len(before) == 0 || !unicode.IsLetter(before[len(before)-1])) &&
		(len(after) == 0 || !unicode.IsLetter(after[0]))
}

// foreignFragments returns the pieces of other catalogs' messages that the
// edition's own catalog does not also use.
func foreignFragments(t *testing.T, b *i18n.Bundle, edition string) []fragment {
	own, err := b.Locale(edition)
	if err != nil {
		t.Fatal(err)
	}
	mine := map[string]bool{}
	for _, s := range own.Strings() {
		for _, p := range pieces(s) {
			mine[p] = true
		}
	}
	var out []fragment
	seen := map[fragment]bool{} // two messages may share a piece
	for _, tag := range b.Tags() {
		if tag.String() == edition {
			continue
		}
		other, _ := b.Locale(tag.String())
		for _, s := range other.Strings() {
			for _, p := range pieces(s) {
				f := fragment{text: p, lang: tag.String()}
				if !mine[p] && letters(p) >= 3 && !seen[f] {
					seen[f] = true
					out = append(out, f)
				}
			}
		}
	}
	if len(out) < 50 {
		t.Fatalf("only %d foreign fragments for %s: the check would be toothless", len(out), edition)
	}
	return out
}

// pieces splits a message at its format verbs.
func pieces(msg string) []string {
	var out []string
	for _, p := range verbs.Split(msg, -1) {
		if p = strings.TrimSpace(strings.Trim(strings.TrimSpace(p), ":.,—-")); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// TestForeignCheckHasTeeth makes sure the language check above would
// catch a leaked string: an English heading on a Spanish page.
func TestForeignCheckHasTeeth(t *testing.T) {
	bundle, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	page := `<html lang="es"><body><h2>Read also</h2><p>Ayer 18:00</p><p>Northstar News</p></body></html>`
	var hits []string
	for _, text := range texts(t, page) {
		for _, f := range foreignFragments(t, bundle, "es") {
			if f.matches(text) {
				hits = append(hits, fmt.Sprintf("%s(%s)", f.text, f.lang))
			}
		}
	}
	if len(hits) != 1 || hits[0] != "Read also(en)" {
		t.Errorf("hits = %v, want exactly Read also(en)", hits)
	}
}

// TestArticleContent checks the pieces of the reference article page.
func TestArticleContent(t *testing.T) {
	a := sharedApp(t)
	for edition := range editions {
		t.Run(edition, func(t *testing.T) {
			page, err := a.Store.List(context.Background(), news.ListQuery{Edition: edition, Limit: 100, Now: testenv.Now})
			if err != nil {
				t.Fatal(err)
			}
			for _, item := range page.Items {
				r := get(t, a.Handler, item.Path())
				if r.status != 200 {
					t.Fatalf("GET %s = %d", item.Path(), r.status)
				}
				readAlso := block(r.body, "read-also")
				if n := strings.Count(readAlso, "<li>"); n < 3 || n > 5 {
					t.Errorf("%s: read-also has %d items, want 3 to 5", item.Path(), n)
				}
				if strings.Contains(readAlso, `href="`+item.Path()+`"`) {
					t.Errorf("%s: read-also links to the story itself", item.Path())
				}
				latest := block(r.body, "latest-news")
				if n := strings.Count(latest, "<li>"); n != 10 {
					t.Errorf("%s: latest news has %d items, want 10", item.Path(), n)
				}
				if n := strings.Count(latest, "<time datetime="); n != 10 {
					t.Errorf("%s: latest news has %d <time> elements, want 10", item.Path(), n)
				}
			}
		})
	}
}

// block returns the element carrying data-block=name, up to its end tag.
func block(page, name string) string {
	i := strings.Index(page, `data-block="`+name+`"`)
	if i < 0 {
		return ""
	}
	end := strings.Index(page[i:], "</section>")
	if end < 0 {
		return page[i:]
	}
	return page[i : i+end]
}
