package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// relevanceTests cover what the "Read also" engine and topic suggestions
// read and write.
var relevanceTests = map[string]func(*testing.T, *fixture){
	"StoryChangesFollowEverySave":   testStoryChanges,
	"TeasersByIDKeepOrderAndHide":   testTeasersByID,
	"ReadAlsoPicks":                 testReadAlsoPicks,
	"ReadAlsoPickValidation":        testReadAlsoPickValidation,
	"TopicAliasesFindOneTopic":      testTopicAliases,
	"UpdateTopicKeepsOtherEditions": testUpdateTopic,
	"TopicRejectionsRemembered":     testTopicRejections,
}

func testStoryChanges(t *testing.T, f *fixture) {
	start, err := f.s.LastChange(f.ctx)
	f.must(err)
	geneva := f.topic(news.Place, "Geneva")
	a := f.article(10, func(a *news.Article) {
		a.Headline = "Climate talks open in Geneva"
		a.Topics = []news.TopicRef{geneva}
	})
	b := f.article(20)
	got, err := f.s.StoryChanges(f.ctx, start, 10)
	f.must(err)
	if len(got) != 2 || got[0].ID != a.ID || got[1].ID != b.ID || got[0].Seq >= got[1].Seq {
		t.Fatalf("changes after %d = %+v, want a then b", start, got)
	}
	st := got[0]
	if st.Edition != "en" || st.Lang != "en" || st.SectionID != f.world.ID || !slices.Equal(st.Topics, []int64{geneva.ID}) ||
		st.Status != news.Published || !st.PublishedAt.Equal(a.PublishedAt) || !st.VisibleAt(base) {
		t.Errorf("story text = %+v", st)
	}
	if st.HeadlineTerms != "climat talk open geneva" || st.BodyTerms != "happen bodi" {
		t.Errorf("analysed text = %q / %q", st.HeadlineTerms, st.BodyTerms)
	}
	// An edit moves the story past everything before it.
	a.Status = news.Unpublished
	f.must(f.s.UpdateArticle(f.ctx, a))
	got, err = f.s.StoryChanges(f.ctx, got[1].Seq, 10)
	f.must(err)
	if len(got) != 1 || got[0].ID != a.ID || got[0].Listed() {
		t.Errorf("changes after b = %+v, want only a, unlisted", got)
	}
	last, err := f.s.LastChange(f.ctx)
	f.must(err)
	if last != got[0].Seq {
		t.Errorf("LastChange = %d, want %d", last, got[0].Seq)
	}
	if rest, err := f.s.StoryChanges(f.ctx, last, 10); err != nil || len(rest) != 0 {
		t.Errorf("changes after the last = %v, %v", rest, err)
	}
}

func testTeasersByID(t *testing.T, f *fixture) {
	a, b := f.article(10), f.article(20)
	draft := f.article(5, func(a *news.Article) { a.Status = news.Draft; a.PublishedAt = time.Time{} })
	later := f.article(-60)
	got, err := f.s.TeasersByID(f.ctx, []int64{b.ID, draft.ID, a.ID, later.ID, b.ID, 9999}, base)
	f.must(err)
	if !equalIDs(ids(got), []int64{b.ID, a.ID}) {
		t.Errorf("TeasersByID = %v, want %v (order kept, hidden and unknown left out)", ids(got), []int64{b.ID, a.ID})
	}
	if got[0].Path() != b.Path() {
		t.Errorf("teaser path %q, want %q", got[0].Path(), b.Path())
	}
}

func testReadAlsoPicks(t *testing.T, f *fixture) {
	subject, p1, p2, x := f.article(10), f.article(20), f.article(30), f.article(40)
	f.must(f.s.SetReadAlsoPick(f.ctx, subject.ID, p2.ID, news.Pin))
	f.must(f.s.SetReadAlsoPick(f.ctx, subject.ID, x.ID, news.Exclude))
	f.must(f.s.SetReadAlsoPick(f.ctx, subject.ID, p1.ID, news.Pin))
	got, err := f.s.ReadAlsoPicks(f.ctx, subject.ID)
	f.must(err)
	want := []news.Pick{news.Pin, news.Pin, news.Exclude}
	if len(got) != 3 || got[0].RelatedID != p2.ID || got[1].RelatedID != p1.ID || got[2].RelatedID != x.ID {
		t.Fatalf("picks = %+v, want pins p2, p1 then exclude x", got)
	}
	for i, p := range got {
		if p.Pick != want[i] {
			t.Errorf("pick %d = %q, want %q", i, p.Pick, want[i])
		}
	}
	// Turning a pin into an exclusion, and clearing one.
	f.must(f.s.SetReadAlsoPick(f.ctx, subject.ID, p2.ID, news.Exclude))
	f.must(f.s.SetReadAlsoPick(f.ctx, subject.ID, x.ID, ""))
	got, err = f.s.ReadAlsoPicks(f.ctx, subject.ID)
	f.must(err)
	if len(got) != 2 || got[0].RelatedID != p1.ID || got[1].RelatedID != p2.ID || got[1].Pick != news.Exclude {
		t.Errorf("picks after changes = %+v", got)
	}
}

func testReadAlsoPickValidation(t *testing.T, f *fixture) {
	subject := f.article(10)
	fr := news.Section{Edition: "fr", Slug: "monde", Name: "Monde"}
	f.must(f.s.CreateSection(f.ctx, &fr))
	other := f.article(20, func(a *news.Article) { a.Edition = "fr"; a.Section = fr })
	pins := make([]*news.Article, news.MaxPins+1)
	for i := range pins {
		pins[i] = f.article(30 + i)
	}
	for i := range news.MaxPins {
		f.must(f.s.SetReadAlsoPick(f.ctx, subject.ID, pins[i].ID, news.Pin))
	}
	cases := []struct {
		name    string
		related int64
		pick    news.Pick
		code    news.Code
	}{
		{"itself", subject.ID, news.Pin, news.CodeInvalid},
		{"another edition", other.ID, news.Pin, news.CodeInvalid},
		{"unknown pick", pins[0].ID, "promote", news.CodeInvalid},
		{"one pin too many", pins[news.MaxPins].ID, news.Pin, news.CodeInvalid},
		{"unknown story", 9999, news.Exclude, news.CodeNotFound},
	}
	for _, c := range cases {
		if err := f.s.SetReadAlsoPick(f.ctx, subject.ID, c.related, c.pick); news.ErrorCode(err) != c.code {
			t.Errorf("%s: error %v, want code %s", c.name, err, c.code)
		}
	}
	got, err := f.s.ReadAlsoPicks(f.ctx, subject.ID)
	f.must(err)
	if len(got) != news.MaxPins {
		t.Errorf("after bad picks %d picks, want the %d pins unchanged", len(got), news.MaxPins)
	}
}

func testTopicAliases(t *testing.T, f *fixture) {
	putin := news.Topic{Kind: news.Person,
		Names:   []news.TopicName{{Edition: "en", Name: "Vladimir Putin", Slug: "vladimir-putin"}},
		Aliases: []string{"Vladimir Poutine", "Vladímir Putin", "فلاديمير بوتين", "vladimir poutine"}}
	f.must(f.s.CreateTopic(f.ctx, &putin))
	for _, name := range []string{"Vladimir Putin", "VLADIMIR PUTIN", "Vladimir Poutine", "Vladimir Putin", "vladimir putin", "فلاديمير بوتين"} {
		got, err := f.s.FindTopic(f.ctx, name)
		if err != nil || got.ID != putin.ID {
			t.Errorf("FindTopic(%q) = %d, %v; want topic %d", name, got.ID, err, putin.ID)
		}
	}
	if _, err := f.s.FindTopic(f.ctx, "Putin"); news.ErrorCode(err) != news.CodeNotFound {
		t.Errorf("FindTopic(Putin) error %v, want not found", err)
	}
	got, err := f.s.TopicByID(f.ctx, putin.ID)
	f.must(err)
	if len(got.Aliases) != 3 || len(got.Names) != 1 || got.Kind != news.Person {
		t.Errorf("TopicByID = %+v, want 3 aliases (two that fold alike are one) and 1 name", got)
	}
	known, err := f.s.KnownTopics(f.ctx)
	f.must(err)
	if len(known) != 1 || len(known[0].Names) != 4 || known[0].Kind != news.Person {
		t.Errorf("KnownTopics = %+v, want one topic with its name and 3 aliases", known)
	}
	found, err := f.s.SearchTopics(f.ctx, "pout", 10)
	f.must(err)
	if len(found) != 1 || found[0].ID != putin.ID {
		t.Errorf("SearchTopics(pout) = %+v", found)
	}
}

func testUpdateTopic(t *testing.T, f *fixture) {
	topic := news.Topic{Kind: news.Subject, Names: []news.TopicName{
		{Edition: "en", Name: "Sanchez", Slug: "sanchez"}, {Edition: "es", Name: "Sánchez", Slug: "sanchez"}}}
	f.must(f.s.CreateTopic(f.ctx, &topic))
	upd := news.Topic{ID: topic.ID, Kind: news.Person, Aliases: []string{"Pedro Sánchez"},
		Names: []news.TopicName{{Edition: "fr", Name: "Pedro Sánchez", Slug: "pedro-sanchez"}, {Edition: "en", Name: "Pedro Sanchez", Slug: "pedro-sanchez"}}}
	f.must(f.s.UpdateTopic(f.ctx, &upd))
	got, err := f.s.TopicByID(f.ctx, topic.ID)
	f.must(err)
	if got.Kind != news.Person || len(got.Names) != 3 || len(got.Aliases) != 1 {
		t.Fatalf("after update %+v", got)
	}
	if n, _ := got.In("es"); n.Name != "Sánchez" {
		t.Errorf("es name %q, want it kept", n.Name)
	}
	if n, _ := got.In("en"); n.Slug != "pedro-sanchez" {
		t.Errorf("en slug %q, want renamed", n.Slug)
	}
	if _, err := f.s.FindTopic(f.ctx, "pedro sanchez"); err != nil {
		t.Errorf("FindTopic by folded new name: %v", err)
	}
	bad := news.Topic{ID: topic.ID, Kind: "rumour", Names: upd.Names}
	if err := f.s.UpdateTopic(f.ctx, &bad); news.ErrorCode(err) != news.CodeInvalid {
		t.Errorf("bad kind: %v", err)
	}
	missing := news.Topic{ID: 9999, Kind: news.Person, Names: upd.Names}
	if err := f.s.UpdateTopic(f.ctx, &missing); news.ErrorCode(err) != news.CodeNotFound {
		t.Errorf("unknown topic: %v", err)
	}
}

func testTopicRejections(t *testing.T, f *fixture) {
	a := f.article(10)
	f.must(f.s.RejectTopic(f.ctx, a.ID, "name:geneva", 0))
	f.must(f.s.RejectTopic(f.ctx, a.ID, "topic:7", 0))
	f.must(f.s.RejectTopic(f.ctx, a.ID, "topic:7", 0))
	got, err := f.s.TopicRejections(f.ctx, a.ID)
	f.must(err)
	if !slices.Equal(got, []string{"name:geneva", "topic:7"}) {
		t.Errorf("rejections = %v", got)
	}
	f.must(f.s.UndoRejectTopic(f.ctx, a.ID, "topic:7"))
	if got, _ = f.s.TopicRejections(f.ctx, a.ID); !slices.Equal(got, []string{"name:geneva"}) {
		t.Errorf("after undo = %v", got)
	}
	if err := f.s.RejectTopic(f.ctx, 9999, "name:x", 0); news.ErrorCode(err) != news.CodeNotFound {
		t.Errorf("unknown story: %v", err)
	}
	if err := f.s.RejectTopic(f.ctx, a.ID, "", 0); news.ErrorCode(err) != news.CodeInvalid {
		t.Errorf("empty key: %v", err)
	}
}
