package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// newsroomTests cover revisions, autosaves, media, jobs and desk lists.
var newsroomTests = map[string]func(*testing.T, *fixture){
	"EverySaveIsARevision":       testRevisions,
	"ScheduledStoriesHaveOneJob": testPublishJobs,
	"JobLeasesExpireAndRetry":    testJobLeases,
	"AutosavesReplaceEachOther":  testAutosaves,
	"MediaIsRecordedOnce":        testMedia,
	"DeskFiltersAndCounts":       testDesk,
}

func testRevisions(t *testing.T, f *fixture) {
	geneva := f.topic(news.Place, "Geneva")
	a := f.article(10, func(a *news.Article) { a.Topics = []news.TopicRef{{ID: geneva.ID}} })
	a.Headline, a.BodyMarkdown = "Second headline", "Second body."
	f.must(f.s.UpdateArticle(f.ctx, a))
	revs, err := f.s.Revisions(f.ctx, a.ID)
	f.must(err)
	if len(revs) != 2 || revs[0].Number != 2 || revs[1].Number != 1 {
		t.Fatalf("revisions = %+v, want 2 then 1", revs)
	}
	first, err := f.s.Revision(f.ctx, a.ID, 1)
	f.must(err)
	if first.Headline != "Story 1" || first.Body != "Body." || revs[0].Headline != "Second headline" {
		t.Errorf("revision contents: first %q/%q latest %q", first.Headline, first.Body, revs[0].Headline)
	}
	if len(first.Topics) != 1 || first.Topics[0] != "Geneva" || len(first.Authors) != 1 || first.Authors[0] != "ana-ruiz" {
		t.Errorf("revision links: topics %v authors %v", first.Topics, first.Authors)
	}
	if first.Status != news.Published || first.SectionID != f.world.ID || first.CreatedAt.IsZero() {
		t.Errorf("revision state: %+v", first)
	}
	_, err = f.s.Revision(f.ctx, a.ID, 9)
	wantCode(t, err, news.CodeNotFound)
	// A refused save leaves no revision behind.
	stale := *a
	stale.Revision = 1
	wantCode(t, f.s.UpdateArticle(f.ctx, &stale), news.CodeConflict)
	if revs, _ := f.s.Revisions(f.ctx, a.ID); len(revs) != 2 {
		t.Errorf("a refused save left %d revisions", len(revs))
	}
}

func testPublishJobs(t *testing.T, f *fixture) {
	at := base.Add(time.Hour)
	a := f.article(0, func(a *news.Article) { a.Status = news.Scheduled; a.PublishedAt = at })
	jobs, err := f.s.PendingJobs(f.ctx)
	f.must(err)
	if len(jobs) != 1 || jobs[0].Kind != news.JobPublish || jobs[0].RefID != a.ID || !jobs[0].RunAt.Equal(at) {
		t.Fatalf("jobs after scheduling = %+v", jobs)
	}
	later := at.Add(time.Hour)
	a.PublishedAt = later
	f.must(f.s.UpdateArticle(f.ctx, a))
	jobs, _ = f.s.PendingJobs(f.ctx)
	if len(jobs) != 1 || !jobs[0].RunAt.Equal(later) {
		t.Fatalf("rescheduling should leave one job at the new time: %+v", jobs)
	}
	a.Status, a.PublishedAt = news.Draft, time.Time{}
	f.must(f.s.UpdateArticle(f.ctx, a))
	if jobs, _ = f.s.PendingJobs(f.ctx); len(jobs) != 0 {
		t.Errorf("unscheduling should remove the job: %+v", jobs)
	}
}

func testJobLeases(t *testing.T, f *fixture) {
	f.article(0, func(a *news.Article) { a.Status = news.Scheduled; a.PublishedAt = base })
	_, err := f.s.ClaimJob(f.ctx, base.Add(-time.Second), time.Minute)
	wantCode(t, err, news.CodeNotFound) // not due yet
	j, err := f.s.ClaimJob(f.ctx, base, time.Minute)
	f.must(err)
	if j.Attempts != 1 {
		t.Errorf("attempts = %d, want 1", j.Attempts)
	}
	_, err = f.s.ClaimJob(f.ctx, base.Add(30*time.Second), time.Minute)
	wantCode(t, err, news.CodeNotFound) // leased to the first worker
	again, err := f.s.ClaimJob(f.ctx, base.Add(2*time.Minute), time.Minute)
	f.must(err) // that worker died: the lease ran out
	if again.ID != j.ID || again.Attempts != 2 {
		t.Errorf("reclaimed %+v, want job %d attempt 2", again, j.ID)
	}
	retry := base.Add(5 * time.Minute)
	f.must(f.s.FinishJob(f.ctx, j.ID, base.Add(2*time.Minute), errors.New("disk full"), retry))
	_, err = f.s.ClaimJob(f.ctx, base.Add(4*time.Minute), time.Minute)
	wantCode(t, err, news.CodeNotFound)
	_, err = f.s.ClaimJob(f.ctx, retry, time.Minute)
	f.must(err)
	f.must(f.s.FinishJob(f.ctx, j.ID, retry, nil, time.Time{}))
	if jobs, _ := f.s.PendingJobs(f.ctx); len(jobs) != 0 {
		t.Errorf("a finished job is still pending: %+v", jobs)
	}
	_, err = f.s.ClaimJob(f.ctx, retry.Add(time.Hour), time.Minute)
	wantCode(t, err, news.CodeNotFound)
}

func testAutosaves(t *testing.T, f *fixture) {
	a := f.article(0)
	_, err := f.s.Autosave(f.ctx, a.ID, 0)
	wantCode(t, err, news.CodeNotFound)
	u := f.user(news.RoleContributor)
	f.must(f.s.SaveAutosave(f.ctx, news.Autosave{ArticleID: a.ID, UserID: u.ID, BaseRevision: 1, Fields: `{"headline":"a"}`, SavedAt: base}))
	f.must(f.s.SaveAutosave(f.ctx, news.Autosave{ArticleID: a.ID, UserID: u.ID, BaseRevision: 1, Fields: `{"headline":"ab"}`, SavedAt: base.Add(time.Second)}))
	got, err := f.s.Autosave(f.ctx, a.ID, u.ID)
	f.must(err)
	if got.Fields != `{"headline":"ab"}` || !got.SavedAt.Equal(base.Add(time.Second)) {
		t.Errorf("autosave = %+v", got)
	}
	f.must(f.s.DeleteAutosave(f.ctx, a.ID, u.ID))
	_, err = f.s.Autosave(f.ctx, a.ID, u.ID)
	wantCode(t, err, news.CodeNotFound)
	wantCode(t, f.s.SaveAutosave(f.ctx, news.Autosave{ArticleID: 9999, UserID: u.ID, Fields: "{}", SavedAt: base}), news.CodeNotFound)
}

func testMedia(t *testing.T, f *fixture) {
	m := news.MediaFile{Path: "uploads/abc.jpg", ContentType: "image/jpeg", Width: 800, Height: 450, Bytes: 1234, CreatedAt: base}
	f.must(f.s.AddMedia(f.ctx, &m))
	dup := m
	dup.ID = 0
	f.must(f.s.AddMedia(f.ctx, &dup))
	if dup.ID != m.ID || m.ID == 0 {
		t.Errorf("the same file twice: ids %d and %d", m.ID, dup.ID)
	}
	got, err := f.s.MediaByPath(f.ctx, "uploads/abc.jpg")
	f.must(err)
	if got.Width != 800 || got.ContentType != "image/jpeg" || !got.CreatedAt.Equal(base) {
		t.Errorf("media = %+v", got)
	}
	_, err = f.s.MediaByPath(f.ctx, "uploads/none.jpg")
	wantCode(t, err, news.CodeNotFound)
}

func testDesk(t *testing.T, f *fixture) {
	u := f.user(news.RoleAuthor)
	d := f.article(0, func(a *news.Article) {
		a.Status, a.PublishedAt, a.Headline, a.CreatedBy = news.Draft, time.Time{}, "Budget talks stall", u.ID
	})
	r := f.article(0, func(a *news.Article) {
		a.Status, a.PublishedAt, a.Headline, a.SubmittedAt = news.InReview, time.Time{}, "Rail strike 100% solid", base
	})
	p := f.article(5)
	tests := []struct {
		name string
		q    news.DeskQuery
		want []int64
	}{
		{"drafts", news.DeskQuery{Statuses: []news.Status{news.Draft}}, []int64{d.ID}},
		{"review queue", news.DeskQuery{Statuses: []news.Status{news.InReview}}, []int64{r.ID}},
		{"mine", news.DeskQuery{CreatedBy: u.ID}, []int64{d.ID}},
		{"search is case-insensitive", news.DeskQuery{Search: "BUDGET"}, []int64{d.ID}},
		{"search escapes LIKE wildcards", news.DeskQuery{Search: "100%"}, []int64{r.ID}},
		{"edition", news.DeskQuery{Edition: "fr"}, nil},
		{"everything", news.DeskQuery{}, []int64{p.ID, r.ID, d.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := f.s.Desk(f.ctx, tt.q)
			f.must(err)
			var got []int64
			for _, it := range items {
				got = append(got, it.ID)
			}
			if len(tt.want) == 3 { // same second: compare as sets
				if len(got) != 3 {
					t.Errorf("Desk = %v, want %v", got, tt.want)
				}
				return
			}
			if !equalIDs(got, tt.want) {
				t.Errorf("Desk = %v, want %v", got, tt.want)
			}
		})
	}
	counts, err := f.s.DeskCounts(f.ctx, 0)
	f.must(err)
	if counts[news.Draft] != 1 || counts[news.InReview] != 1 || counts[news.Published] != 1 {
		t.Errorf("counts = %v", counts)
	}
	mine, err := f.s.DeskCounts(f.ctx, u.ID)
	f.must(err)
	if mine[news.Draft] != 1 || mine[news.Published] != 0 {
		t.Errorf("my counts = %v", mine)
	}
}
