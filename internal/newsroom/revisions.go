package newsroom

import (
	"html"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/bylinehq/byline/internal/news"
)

type revisionsData struct {
	Article   *news.Article
	Revisions []news.Revision
	Zone      string
	CanEdit   bool
}

func (n *Newsroom) revisions(w http.ResponseWriter, r *http.Request, v *viewer) error {
	a, err := n.story(r, v)
	if err != nil {
		return err
	}
	revs, err := n.store.Revisions(r.Context(), a.ID)
	if err != nil {
		return err
	}
	zones, err := n.zones(r)
	if err != nil {
		return err
	}
	d := revisionsData{Article: a, Revisions: revs, Zone: zones[a.Edition], CanEdit: v.User.Can(news.ActEdit, a)}
	return n.render(w, r, http.StatusOK, "revisions", n.withNav(n.newPage(r, "nr.revisions.title", d), "list-all"))
}

type diffData struct {
	Article  *news.Article
	From, To news.Revision
	Fields   []fieldDiff
	Zone     string
}

// fieldDiff is one field's change between two revisions, as HTML with
// <del> and <ins> around what changed.
type fieldDiff struct {
	Label   string
	HTML    template.HTML
	Changed bool
}

// diff shows what changed between two revisions (?from=&to=), word by word.
func (n *Newsroom) diff(w http.ResponseWriter, r *http.Request, v *viewer) error {
	a, err := n.story(r, v)
	if err != nil {
		return err
	}
	from, err1 := strconv.Atoi(r.URL.Query().Get("from"))
	to, err2 := strconv.Atoi(r.URL.Query().Get("to"))
	if err1 != nil || err2 != nil {
		return news.Invalid("revision", "choose two revisions to compare")
	}
	a1, err := n.store.Revision(r.Context(), a.ID, from)
	if err != nil {
		return err
	}
	a2, err := n.store.Revision(r.Context(), a.ID, to)
	if err != nil {
		return err
	}
	p := n.withNav(n.newPage(r, "nr.diff.title", nil), "list-all")
	d := diffData{Article: a, From: a1, To: a2}
	zones, err := n.zones(r)
	if err != nil {
		return err
	}
	d.Zone = zones[a.Edition]
	for _, f := range []struct{ key, old, new string }{
		{"nr.field.headline", a1.Headline, a2.Headline},
		{"nr.field.standfirst", a1.Standfirst, a2.Standfirst},
		{"nr.field.body", a1.Body, a2.Body},
		{"nr.field.dateline", a1.Dateline, a2.Dateline},
		{"nr.field.credit", a1.Credit, a2.Credit},
		{"nr.field.slug", a1.Slug, a2.Slug},
		{"nr.field.topics", strings.Join(a1.Topics, ", "), strings.Join(a2.Topics, ", ")},
		{"nr.field.authors", strings.Join(a1.Authors, ", "), strings.Join(a2.Authors, ", ")},
		{"nr.field.status", p.StatusName(a1.Status), p.StatusName(a2.Status)},
		{"nr.field.image", imageText(a1.Image), imageText(a2.Image)},
	} {
		d.Fields = append(d.Fields, fieldDiff{Label: p.T(f.key), HTML: DiffHTML(f.old, f.new), Changed: f.old != f.new})
	}
	p.D = d
	return n.render(w, r, http.StatusOK, "diff", p)
}

func imageText(img *news.Image) string {
	if img == nil {
		return ""
	}
	return img.Path + " — " + img.Alt + " — " + img.Caption
}

// DiffHTML marks the differences between two texts for people: changed
// words (not characters) in <del> and <ins>, everything escaped.
func DiffHTML(old, new string) template.HTML {
	dmp := diffmatchpatch.New()
	a, b, words := wordsToChars(old, new)
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMain(a, b, false))
	var sb strings.Builder
	for _, d := range diffs {
		var plain strings.Builder
		for _, r := range d.Text {
			plain.WriteString(words[runeIndex(r)])
		}
		text := html.EscapeString(plain.String())
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			sb.WriteString("<ins>" + text + "</ins>")
		case diffmatchpatch.DiffDelete:
			sb.WriteString("<del>" + text + "</del>")
		default:
			sb.WriteString(text)
		}
	}
	return template.HTML(sb.String()) //nolint:gosec // every piece is escaped above
}

// wordsToChars maps each word (with its following space) to one rune so the
// diff works on words, the way diffmatchpatch's line mode works on lines.
func wordsToChars(a, b string) (string, string, []string) {
	index := map[string]int{}
	words := []string{""}
	enc := func(s string) string {
		var out []rune
		for _, w := range splitWords(s) {
			i, ok := index[w]
			if !ok {
				i = len(words)
				index[w] = i
				words = append(words, w)
			}
			out = append(out, indexRune(i))
		}
		return string(out)
	}
	ea, eb := enc(a), enc(b)
	return ea, eb, words
}

// indexRune and runeIndex map word numbers to valid runes, stepping over
// the surrogate range that strings cannot hold.
func indexRune(i int) rune {
	if i >= 0xD800 {
		i += 0x800
	}
	return rune(i)
}

func runeIndex(r rune) int {
	if r >= 0xE000 {
		return int(r) - 0x800
	}
	return int(r)
}

// splitWords cuts text after each run of spaces, keeping every character.
func splitWords(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' || s[i] == '\n' {
			j := i
			for j < len(s) && (s[j] == ' ' || s[j] == '\n') {
				j++
			}
			out = append(out, s[start:j])
			start, i = j, j-1
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func (n *Newsroom) restore(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	a, err := n.story(r, v)
	if err != nil {
		return err
	}
	number, err := strconv.Atoi(r.FormValue("number"))
	if err != nil {
		return news.Invalid("revision", "choose a revision to restore")
	}
	base, _ := strconv.Atoi(r.FormValue("revision"))
	if _, err := n.cfg.Editorial.Restore(r.Context(), v.User, a.ID, number, base); err != nil {
		return err
	}
	n.cfg.OnChange(r.Context())
	return done(w, r, storyPath(a.ID), "restored")
}
