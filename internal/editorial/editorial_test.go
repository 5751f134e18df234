package editorial

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/markup"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/testdb"
)

var now = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

type env struct {
	*Service
	ctx   context.Context
	users map[news.Role]news.User
	other news.User // a second contributor
}

func setup(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{URL: testdb.DBURL(t), DataDir: t.TempDir(), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, e := range news.DefaultEditions() {
		must(t, st.CreateEdition(ctx, e))
	}
	for _, s := range []news.Section{{Edition: "en", Slug: "world", Name: "World", Position: 1},
		{Edition: "en", Slug: "sport", Name: "Sport", Position: 2},
		{Edition: "ar", Slug: "world", Name: "العالم", Position: 1}} {
		must(t, st.CreateSection(ctx, &s))
	}
	e := &env{Service: &Service{Store: st, Markup: markup.New(), Now: func() time.Time { return now }}, ctx: ctx, users: map[news.Role]news.User{}}
	mk := func(name string, role news.Role) news.User {
		au := news.Author{Slug: strings.ToLower(strings.ReplaceAll(name, " ", "-")), Name: name}
		must(t, st.CreateAuthor(ctx, &au))
		u := news.User{Email: au.Slug + "@example.org", Name: name, Role: role, Language: "en", AuthorID: au.ID,
			PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", CreatedAt: now}
		must(t, st.CreateUser(ctx, &u))
		return u
	}
	for _, r := range news.Roles {
		e.users[r] = mk("User "+string(r), r)
	}
	e.other = mk("Other Writer", news.RoleContributor)
	return e
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, code news.Code) {
	t.Helper()
	if news.ErrorCode(err) != code {
		t.Fatalf("error = %v, want code %q", err, code)
	}
}

func (e *env) draft(t *testing.T, by news.User, headline string) *news.Article {
	t.Helper()
	a, err := e.Create(e.ctx, by, Draft{Edition: "en", Section: "world", Headline: headline, Body: "Text of the story."})
	must(t, err)
	return a
}

func TestCreate(t *testing.T) {
	e := setup(t)
	writer := e.users[news.RoleContributor]
	a, err := e.Create(e.ctx, writer, Draft{Edition: "en", Section: "world", Headline: "  Talks open in Geneva  ",
		Body: "# Heading\n\nText <script>x</script>", Topics: []string{"Geneva", "Geneva", " "}})
	must(t, err)
	switch {
	case a.Status != news.Draft || !a.PublishedAt.IsZero() || a.CreatedBy != writer.ID:
		t.Errorf("a new story should be the writer's draft: %s %v by %d", a.Status, a.PublishedAt, a.CreatedBy)
	case a.Slug != "talks-open-in-geneva" || a.Headline != "Talks open in Geneva":
		t.Errorf("slug %q headline %q", a.Slug, a.Headline)
	case strings.Contains(a.BodyHTML, "<script") || !strings.Contains(a.BodyHTML, "<h2"):
		t.Errorf("body HTML %q", a.BodyHTML)
	case len(a.Topics) != 1 || a.Topics[0].Kind != news.Place:
		t.Errorf("topics %+v: want one new place, from the gazetteer", a.Topics)
	case len(a.Authors) != 1 || a.Authors[0].ID != writer.AuthorID:
		t.Errorf("authors %+v: want the writer's own byline", a.Authors)
	}
	if geneva, err := e.Store.TopicByID(e.ctx, a.Topics[0].ID); err != nil || len(geneva.Names) != 4 {
		t.Errorf("Geneva: %+v, %v; want a name in each of the 4 editions", geneva, err)
	}
	again, err := e.Create(e.ctx, writer, Draft{Edition: "en", Section: "world", Headline: "Talks open in Geneva"})
	if err != nil || again.Slug != "talks-open-in-geneva-2" {
		t.Errorf("second story with the same headline: slug %q, %v", again.Slug, err)
	}
	_, err = e.Create(e.ctx, writer, Draft{Edition: "en", Section: "world", Headline: "Chosen", Slug: "talks-open-in-geneva"})
	wantCode(t, err, news.CodeConflict)
	_, err = e.Create(e.ctx, writer, Draft{Edition: "en", Section: "world", Headline: "Imported", Body: "b", PublishedAt: now})
	wantCode(t, err, news.CodeForbidden) // contributors cannot publish, not even by import
	revs, err := e.Store.Revisions(e.ctx, a.ID)
	if err != nil || len(revs) != 1 || revs[0].UserID != writer.ID || revs[0].UserName != writer.Name {
		t.Errorf("first revision = %+v, %v", revs, err)
	}
}

func TestCreateRejectsBadInput(t *testing.T) {
	e := setup(t)
	writer := e.users[news.RoleEditor]
	tests := []struct {
		name  string
		d     Draft
		field string
	}{
		{"unknown section and author together", Draft{Edition: "en", Section: "nope", Headline: "x", Authors: []string{"ghost"}}, "ghost"},
		{"no headline", Draft{Edition: "en", Section: "world"}, "headline"},
		{"publication date in the future", Draft{Edition: "en", Section: "world", Headline: "x", Body: "b", Credit: "c", PublishedAt: now.Add(time.Hour)}, "published_at"},
		{"published without a body", Draft{Edition: "en", Section: "world", Headline: "x", Credit: "c", PublishedAt: now}, "body"},
		{"unknown uploaded image", Draft{Edition: "en", Section: "world", Headline: "x", Image: &news.Image{Path: "uploads/none.jpg", Alt: "x"}}, "upload it first"},
		{"body image without alt", Draft{Edition: "en", Section: "world", Headline: "x", Body: "![](/media/uploads/a.jpg)", PublishedAt: now}, "alt text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.Create(e.ctx, writer, tt.d)
			if news.ErrorCode(err) != news.CodeInvalid || !strings.Contains(err.Error(), tt.field) {
				t.Fatalf("Create = %v, want an invalid %s", err, tt.field)
			}
		})
	}
	items, _ := e.Store.Desk(e.ctx, news.DeskQuery{})
	if len(items) != 0 {
		t.Errorf("rejected drafts were stored: %d", len(items))
	}
}

// TestPermissions walks each use case as each role, on a story of its own
// and on someone else's.
func TestPermissions(t *testing.T) {
	type op func(e *env, u news.User, a *news.Article) error
	ops := map[string]op{
		"edit": func(e *env, u news.User, a *news.Article) error {
			c := ChangesFrom(a)
			c.Headline += " (edited)"
			_, err := e.Update(e.ctx, u, a.ID, c)
			return err
		},
		"submit": func(e *env, u news.User, a *news.Article) error { _, err := e.Submit(e.ctx, u, a.ID); return err },
		"publish": func(e *env, u news.User, a *news.Article) error {
			_, err := e.Publish(e.ctx, u, a.ID, time.Time{})
			return err
		},
		"schedule": func(e *env, u news.User, a *news.Article) error {
			_, err := e.Publish(e.ctx, u, a.ID, now.Add(time.Hour))
			return err
		},
		"translate": func(e *env, u news.User, a *news.Article) error {
			_, err := e.Translate(e.ctx, u, a.ID, "ar")
			return err
		},
	}
	// allowed[role][op] for own story / someone else's story
	type rule struct{ own, others bool }
	allowed := map[news.Role]map[string]rule{
		news.RoleContributor: {"edit": {true, false}, "submit": {true, false}, "publish": {false, false}, "schedule": {false, false}, "translate": {true, false}},
		news.RoleAuthor:      {"edit": {true, false}, "submit": {true, false}, "publish": {true, false}, "schedule": {true, false}, "translate": {true, false}},
		news.RoleEditor:      {"edit": {true, true}, "submit": {true, true}, "publish": {true, true}, "schedule": {true, true}, "translate": {true, true}},
		news.RoleAdmin:       {"edit": {true, true}, "submit": {true, true}, "publish": {true, true}, "schedule": {true, true}, "translate": {true, true}},
	}
	for role, rules := range allowed {
		for name, r := range rules {
			for _, own := range []bool{true, false} {
				t.Run(fmt.Sprintf("%s/%s/own=%v", role, name, own), func(t *testing.T) {
					e := setup(t)
					u := e.users[role]
					owner := u
					if !own {
						owner = e.other
					}
					a := e.draft(t, owner, "A story")
					err := ops[name](e, u, a)
					want := r.own
					if !own {
						want = r.others
					}
					if want && err != nil {
						t.Fatalf("%s may %s: got %v", role, name, err)
					}
					if !want {
						wantCode(t, err, news.CodeForbidden)
						after, _ := e.Store.Article(e.ctx, a.ID)
						if after.Revision != a.Revision || after.Status != a.Status {
							t.Error("a forbidden action changed the story")
						}
					}
				})
			}
		}
	}
	t.Run("only editors unpublish and correct", func(t *testing.T) {
		e := setup(t)
		author := e.users[news.RoleAuthor]
		a := e.draft(t, author, "Mine")
		_, err := e.Publish(e.ctx, author, a.ID, time.Time{})
		must(t, err)
		_, err = e.Unpublish(e.ctx, author, a.ID)
		wantCode(t, err, news.CodeForbidden)
		_, err = e.Correct(e.ctx, author, a.ID, "fix")
		wantCode(t, err, news.CodeForbidden)
		c := ChangesFrom(a)
		c.BaseRevision = 2
		_, err = e.Update(e.ctx, e.users[news.RoleContributor], a.ID, c)
		wantCode(t, err, news.CodeForbidden)
		_, err = e.Correct(e.ctx, e.users[news.RoleEditor], a.ID, "We misnamed the minister.")
		must(t, err)
		_, err = e.Unpublish(e.ctx, e.users[news.RoleEditor], a.ID)
		must(t, err)
	})
	t.Run("a contributor's story is the desk's once published", func(t *testing.T) {
		e := setup(t)
		c := e.users[news.RoleContributor]
		a := e.draft(t, c, "Mine until published")
		_, err := e.Publish(e.ctx, e.users[news.RoleEditor], a.ID, time.Time{})
		must(t, err)
		a, _ = e.Store.Article(e.ctx, a.ID)
		ch := ChangesFrom(a)
		ch.Headline = "Changed after publication"
		_, err = e.Update(e.ctx, c, a.ID, ch)
		wantCode(t, err, news.CodeForbidden)
	})
	t.Run("a disabled account can do nothing", func(t *testing.T) {
		e := setup(t)
		u := e.users[news.RoleAdmin]
		u.DisabledAt = now
		_, err := e.Create(e.ctx, u, Draft{Edition: "en", Section: "world", Headline: "x"})
		wantCode(t, err, news.CodeForbidden)
	})
}

func TestUpdate(t *testing.T) {
	e := setup(t)
	ed := e.users[news.RoleEditor]
	a := e.draft(t, ed, "First")
	c := ChangesFrom(a)
	c.Headline, c.Section = "Second", "sport"
	b, err := e.Update(e.ctx, ed, a.ID, c)
	must(t, err)
	if b.Revision != 2 || b.Section.Slug != "sport" || !b.UpdatedAt.IsZero() {
		t.Errorf("after edit: rev %d section %s updated %v", b.Revision, b.Section.Slug, b.UpdatedAt)
	}
	stale := c // based on revision 1 still
	stale.Body = "My careful paragraph"
	_, err = e.Update(e.ctx, ed, a.ID, stale)
	wantCode(t, err, news.CodeConflict)
	if !strings.Contains(err.Error(), "reload") {
		t.Errorf("the conflict message should say what to do: %v", err)
	}
	// Publish, then a typo fix in the body sets the updated time; a slug
	// change does not.
	_, err = e.Publish(e.ctx, ed, a.ID, time.Time{})
	must(t, err)
	cur, _ := e.Store.Article(e.ctx, a.ID)
	e.Now = func() time.Time { return now.Add(time.Hour) }
	ch := ChangesFrom(cur)
	ch.Slug = "second-story"
	cur2, err := e.Update(e.ctx, ed, a.ID, ch)
	must(t, err)
	if !cur2.UpdatedAt.IsZero() {
		t.Errorf("a slug change is not a substantive update: %v", cur2.UpdatedAt)
	}
	ch = ChangesFrom(cur2)
	ch.Body = "Text of the story, corrected."
	cur3, err := e.Update(e.ctx, ed, a.ID, ch)
	must(t, err)
	if !cur3.UpdatedAt.Equal(now.Add(time.Hour)) {
		t.Errorf("updated = %v, want %v", cur3.UpdatedAt, now.Add(time.Hour))
	}
	// Restore revision 1's text as a new revision.
	r, err := e.Restore(e.ctx, ed, a.ID, 1, cur3.Revision)
	must(t, err)
	if r.Headline != "First" || r.Revision != cur3.Revision+1 || r.Section.Slug != "world" {
		t.Errorf("restored: %q rev %d section %s", r.Headline, r.Revision, r.Section.Slug)
	}
}

func TestWorkflow(t *testing.T) {
	e := setup(t)
	writer, editor := e.users[news.RoleContributor], e.users[news.RoleEditor]
	empty, err := e.Create(e.ctx, writer, Draft{Edition: "en", Section: "world", Headline: "Empty"})
	must(t, err)
	_, err = e.Submit(e.ctx, writer, empty.ID)
	wantCode(t, err, news.CodeInvalid)
	a := e.draft(t, writer, "Story")
	sub, err := e.Submit(e.ctx, writer, a.ID)
	must(t, err)
	if sub.Status != news.InReview || !sub.SubmittedAt.Equal(now) {
		t.Errorf("submitted: %s %v", sub.Status, sub.SubmittedAt)
	}
	_, err = e.Unpublish(e.ctx, editor, a.ID)
	wantCode(t, err, news.CodeInvalid)
	later := now.Add(2 * time.Hour)
	sched, err := e.Publish(e.ctx, editor, a.ID, later)
	must(t, err)
	if sched.Status != news.Scheduled || sched.VisibleAt(now) || !sched.VisibleAt(later) {
		t.Fatalf("schedule: %s visible now %v", sched.Status, sched.VisibleAt(now))
	}
	jobs, _ := e.Store.PendingJobs(e.ctx)
	if len(jobs) != 1 || jobs[0].RefID != a.ID {
		t.Fatalf("scheduling should enqueue one job: %+v", jobs)
	}
	must(t, e.PublishDue(e.ctx, a.ID)) // not due yet: nothing happens
	if cur, _ := e.Store.Article(e.ctx, a.ID); cur.Status != news.Scheduled {
		t.Errorf("published early: %s", cur.Status)
	}
	e.Now = func() time.Time { return later }
	must(t, e.PublishDue(e.ctx, a.ID))
	must(t, e.PublishDue(e.ctx, a.ID)) // twice is once
	cur, _ := e.Store.Article(e.ctx, a.ID)
	if cur.Status != news.Published || !cur.PublishedAt.Equal(later) {
		t.Errorf("due: %s at %v", cur.Status, cur.PublishedAt)
	}
	revs, _ := e.Store.Revisions(e.ctx, a.ID)
	if revs[0].Status != news.Published || revs[1].Status != news.Scheduled {
		t.Errorf("the flip should be one revision: %v %v", revs[0].Status, revs[1].Status)
	}
	_, err = e.Publish(e.ctx, editor, a.ID, time.Time{})
	wantCode(t, err, news.CodeInvalid) // already published
	_, err = e.Correct(e.ctx, editor, a.ID, "  ")
	wantCode(t, err, news.CodeInvalid)
	c, err := e.Correct(e.ctx, editor, a.ID, "An earlier version misnamed the minister.")
	if err != nil || c.ID == 0 {
		t.Fatalf("correct: %v", err)
	}
	_, err = e.Unpublish(e.ctx, editor, a.ID)
	must(t, err)
	e.Now = func() time.Time { return later.Add(time.Hour) }
	back, err := e.Publish(e.ctx, editor, a.ID, time.Time{})
	if err != nil || !back.PublishedAt.Equal(later) || !back.UpdatedAt.Equal(later.Add(time.Hour)) {
		t.Errorf("republishing keeps the first publication time: %v / %v (%v)", back.PublishedAt, back.UpdatedAt, err)
	}
	_, err = e.Publish(e.ctx, editor, 9999, time.Time{})
	wantCode(t, err, news.CodeNotFound)
}

func TestUnscheduleReturnsToDraft(t *testing.T) {
	e := setup(t)
	ed := e.users[news.RoleEditor]
	a := e.draft(t, ed, "Later")
	_, err := e.Publish(e.ctx, ed, a.ID, now.Add(time.Hour))
	must(t, err)
	back, err := e.Unpublish(e.ctx, ed, a.ID)
	must(t, err)
	if back.Status != news.Draft || !back.PublishedAt.IsZero() {
		t.Errorf("unscheduled: %s %v", back.Status, back.PublishedAt)
	}
	if jobs, _ := e.Store.PendingJobs(e.ctx); len(jobs) != 0 {
		t.Errorf("unscheduling left jobs: %+v", jobs)
	}
}

func TestTranslateAndAutosave(t *testing.T) {
	e := setup(t)
	writer := e.users[news.RoleContributor]
	a := e.draft(t, writer, "Talks open")
	tr, err := e.Translate(e.ctx, writer, a.ID, "ar")
	must(t, err)
	if tr.Edition != "ar" || tr.TranslationGroup != a.ID || tr.Status != news.Draft || tr.BodyMarkdown != a.BodyMarkdown {
		t.Errorf("translation draft: %+v", tr)
	}
	_, err = e.Translate(e.ctx, writer, a.ID, "en")
	wantCode(t, err, news.CodeInvalid)
	_, err = e.Translate(e.ctx, writer, a.ID, "ar")
	wantCode(t, err, news.CodeConflict) // one version per edition
	must(t, e.SaveAutosave(e.ctx, writer, a.ID, 1, `{"body":"half a sentence"}`))
	got, err := e.Store.Autosave(e.ctx, a.ID, writer.ID)
	if err != nil || got.Fields != `{"body":"half a sentence"}` {
		t.Fatalf("autosave: %+v %v", got, err)
	}
	err = e.SaveAutosave(e.ctx, e.other, a.ID, 1, `{}`)
	wantCode(t, err, news.CodeForbidden)
	c := ChangesFrom(a)
	c.Body = "half a sentence, finished."
	_, err = e.Update(e.ctx, writer, a.ID, c)
	must(t, err)
	_, err = e.Store.Autosave(e.ctx, a.ID, writer.ID)
	wantCode(t, err, news.CodeNotFound) // a save spends the autosave
}
