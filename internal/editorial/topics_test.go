package editorial

import (
	"slices"
	"strconv"
	"testing"

	"github.com/bylinehq/byline/internal/news"
)

// TestTopicsSpanEditions: a name typed in any edition that is another
// spelling of a known topic picks that topic, which then has a name in the
// new edition, so its page gathers the stories of both.
func TestTopicsSpanEditions(t *testing.T) {
	e := setup(t)
	putin := news.Topic{Kind: news.Person, Names: []news.TopicName{{Edition: "en", Name: "Vladimir Putin", Slug: "vladimir-putin"}},
		Aliases: []string{"Vladimir Poutine", "فلاديمير بوتين"}}
	must(t, e.Store.CreateTopic(e.ctx, &putin))
	editor := e.users[news.RoleEditor]
	for _, c := range []struct{ edition, section, name string }{
		{"ar", "world", "فلاديمير بوتين"},
		{"en", "world", "vladimir putin"},
	} {
		a, err := e.Create(e.ctx, editor, Draft{Edition: c.edition, Section: c.section, Headline: "Talks", Body: "Text.", Topics: []string{c.name}})
		must(t, err)
		if len(a.Topics) != 1 || a.Topics[0].ID != putin.ID {
			t.Errorf("%s story with topic %q got %+v, want topic %d", c.edition, c.name, a.Topics, putin.ID)
		}
	}
	got, err := e.Store.TopicByID(e.ctx, putin.ID)
	must(t, err)
	if n, ok := got.In("ar"); !ok || n.Name != "فلاديمير بوتين" || n.Slug == "" {
		t.Errorf("ar name %+v, want the typed spelling with a slug", n)
	}
	// A new name gets the kind its shape tells.
	a, err := e.Create(e.ctx, editor, Draft{Edition: "en", Section: "world", Headline: "Talks", Body: "Text.", Topics: []string{"Harbour Pilots Union"}})
	must(t, err)
	if a.Topics[0].Kind != news.Organisation {
		t.Errorf("kind of %q: %s, want organisation", a.Topics[0].Name, a.Topics[0].Kind)
	}
}

// TestSuggestionsRememberRejections: suggestions list what the text names
// and the story lacks; a rejection is not offered again, an undo is.
func TestSuggestionsRememberRejections(t *testing.T) {
	e := setup(t)
	writer := e.users[news.RoleAuthor]
	a, err := e.Create(e.ctx, writer, Draft{Edition: "en", Section: "world", Headline: "Trade ministers meet in Cairo",
		Body: "Ministers from Egypt and Morocco met in Cairo to discuss a new rail link between the two countries.", Topics: []string{"Egypt"}})
	must(t, err)
	names := func() []string {
		t.Helper()
		got, err := e.SuggestTopics(e.ctx, writer, a.ID)
		must(t, err)
		var out []string
		for _, s := range got {
			out = append(out, s.Name)
			if s.Key == "" {
				t.Errorf("suggestion %q has no key", s.Name)
			}
		}
		return out
	}
	got := names()
	if !slices.Contains(got, "Cairo") || !slices.Contains(got, "Morocco") || slices.Contains(got, "Egypt") {
		t.Fatalf("suggestions %v: want Cairo and Morocco, not Egypt which the story has", got)
	}
	must(t, e.RejectTopic(e.ctx, writer, a.ID, "name:cairo"))
	if got := names(); slices.Contains(got, "Cairo") {
		t.Errorf("after rejecting Cairo: %v", got)
	}
	must(t, e.UndoRejectTopic(e.ctx, writer, a.ID, "name:cairo"))
	if got := names(); !slices.Contains(got, "Cairo") {
		t.Errorf("after undoing the rejection: %v", got)
	}
	// Someone who may not edit the story may not see or reject its suggestions.
	_, err = e.SuggestTopics(e.ctx, e.other, a.ID)
	wantCode(t, err, news.CodeForbidden)
	wantCode(t, e.RejectTopic(e.ctx, e.other, a.ID, "name:cairo"), news.CodeForbidden)
}

// TestTranslationTopicsAreSuggested: a topic confirmed on one version of a
// story is suggested for its translations, by its name there.
func TestTranslationTopicsAreSuggested(t *testing.T) {
	e := setup(t)
	editor := e.users[news.RoleEditor]
	topic := news.Topic{Kind: news.Organisation, Names: []news.TopicName{{Edition: "en", Name: "Harbour Pilots Guild", Slug: "harbour-pilots-guild"},
		{Edition: "ar", Name: "نقابة مرشدي الموانئ", Slug: "نقابة-مرشدي-الموانئ"}}}
	must(t, e.Store.CreateTopic(e.ctx, &topic))
	en, err := e.Create(e.ctx, editor, Draft{Edition: "en", Section: "world", Headline: "Pilots strike", Body: "Text.", Topics: []string{"Harbour Pilots Guild"}})
	must(t, err)
	ar, err := e.Translate(e.ctx, editor, en.ID, "ar")
	must(t, err)
	got, err := e.SuggestTopics(e.ctx, editor, ar.ID)
	must(t, err)
	i := slices.IndexFunc(got, func(s TopicSuggestion) bool { return s.TopicID == topic.ID })
	if i < 0 || got[i].FromTranslation != "en" || got[i].Name != "نقابة مرشدي الموانئ" || got[i].Key != "topic:"+strconv.FormatInt(topic.ID, 10) {
		t.Errorf("suggestions %+v: want the en version's topic by its Arabic name", got)
	}
}

// TestReadAlsoPicksAreForEditors: only editors pin and exclude.
func TestReadAlsoPicksAreForEditors(t *testing.T) {
	e := setup(t)
	author := e.users[news.RoleAuthor]
	a, b := e.draft(t, author, "One"), e.draft(t, author, "Two")
	wantCode(t, e.PickReadAlso(e.ctx, author, a.ID, b.ID, news.Pin), news.CodeForbidden)
	must(t, e.PickReadAlso(e.ctx, e.users[news.RoleEditor], a.ID, b.ID, news.Pin))
	picks, err := e.Store.ReadAlsoPicks(e.ctx, a.ID)
	must(t, err)
	if len(picks) != 1 || picks[0].RelatedID != b.ID {
		t.Errorf("picks %+v", picks)
	}
	wantCode(t, e.UpdateTopic(e.ctx, author, &news.Topic{ID: 1}), news.CodeForbidden)
}
