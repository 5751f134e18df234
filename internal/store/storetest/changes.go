package storetest

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// changeTests cover the change feed page caches follow.
var changeTests = map[string]func(*testing.T, *fixture){
	"ChangedStoriesCarryListsAndState":   testChangedStories,
	"SiteVersionCountsFrameChanges":      testSiteVersion,
	"NextVisibilityFindsWaitingStory":    testNextVisibility,
	"ChangeFeedFollowsCommitOrder":       testChangeFeedCommitOrder,
	"JobsClaimedOnceByConcurrentWorkers": testJobsClaimedOnce,
	"WireSourceClaimedOncePerPoll":       testWireSourceClaim,
}

// testWireSourceClaim: of several pollers finding a source due at once,
// one polls it; once its lease runs out it is due again.
func testWireSourceClaim(t *testing.T, f *fixture) {
	src := f.wireSource()
	const pollers = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for range pollers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := f.s.ClaimWireSource(f.ctx, src.ID, base, 5*time.Minute)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				won++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if won != 1 {
		t.Errorf("%d of %d pollers claimed the source, want 1", won, pollers)
	}
	if due, _ := f.s.DueWireSources(f.ctx, base.Add(time.Minute)); len(due) != 0 {
		t.Errorf("a claimed source is still due: %+v", due)
	}
	if ok, err := f.s.ClaimWireSource(f.ctx, src.ID, base.Add(6*time.Minute), 5*time.Minute); err != nil || !ok {
		t.Errorf("after the lease ran out: claimed %v, %v", ok, err)
	}
}

// testJobsClaimedOnce: workers on several nodes claim due jobs at the same
// moment, and each job goes to one of them.
func testJobsClaimedOnce(t *testing.T, f *fixture) {
	const jobs, workers = 40, 8
	for range jobs {
		f.article(0, func(a *news.Article) { a.Status = news.Scheduled; a.PublishedAt = base })
	}
	var mu sync.Mutex
	claims := map[int64]int{}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				j, err := f.s.ClaimJob(f.ctx, base.Add(time.Second), time.Minute)
				if news.ErrorCode(err) == news.CodeNotFound {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				claims[j.ID]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	twice := 0
	for _, n := range claims {
		if n > 1 {
			twice++
		}
	}
	if len(claims) != jobs || twice > 0 {
		t.Errorf("%d workers claimed %d of %d jobs, %d of them more than once", workers, len(claims), jobs, twice)
	}
}

// testChangeFeedCommitOrder: a reader following the feed while many
// writers save at once sees every save. Numbers must become visible in
// their order: a save numbered 7 that commits after one numbered 8 would
// be skipped by a reader that had already moved past 8.
func testChangeFeedCommitOrder(t *testing.T, f *fixture) {
	const writers, each = 8, 25
	v0, err := f.s.Versions(f.ctx)
	f.must(err)
	stories := make([][]*news.Article, writers)
	for w := range stories {
		for range each {
			stories[w] = append(stories[w], f.newArticle(5))
		}
	}
	seen := map[int64]bool{}
	after := v0.Stories
	read := func() {
		got, err := f.s.ChangedStories(f.ctx, after, 500)
		f.must(err)
		for _, c := range got {
			seen[c.ID] = true
			after = c.Seq
		}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, a := range stories[w] {
				if err := f.s.CreateArticle(f.ctx, a); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()
	for reading := true; reading; {
		select {
		case <-done:
			reading = false
		default:
		}
		read()
	}
	read()
	missed := 0
	for _, list := range stories {
		for _, a := range list {
			if !seen[a.ID] {
				missed++
			}
		}
	}
	if missed > 0 {
		t.Errorf("the reader missed %d of %d saves made at once", missed, writers*each)
	}
}

func testChangedStories(t *testing.T, f *fixture) {
	v0, err := f.s.Versions(f.ctx)
	f.must(err)
	harbours := f.topic(news.Subject, "Harbours")
	a := f.article(10, func(a *news.Article) { a.Topics = []news.TopicRef{harbours} })
	b := f.article(20)
	got, err := f.s.ChangedStories(f.ctx, v0.Stories, 10)
	f.must(err)
	if len(got) != 2 || got[0].ID != a.ID || got[1].ID != b.ID || got[0].Seq >= got[1].Seq {
		t.Fatalf("changes = %+v, want a then b", got)
	}
	c := got[0]
	if c.Edition != "en" || c.SectionID != f.world.ID || !slices.Equal(c.Topics, []int64{harbours.ID}) ||
		!slices.Equal(c.Authors, []int64{f.author.ID}) || c.Status != news.Published || !c.VisibleAt(base) {
		t.Errorf("change = %+v", c)
	}
	v1, err := f.s.Versions(f.ctx)
	f.must(err)
	if v1.Stories != got[1].Seq || v1.Site != v0.Site {
		t.Errorf("versions %+v after %+v, want stories at %d and the site unchanged", v1, v0, got[1].Seq)
	}
	// A correction and a "Read also" pick change the story's page.
	f.must(f.s.AddCorrection(f.ctx, b.ID, &news.Correction{Text: "A date was wrong.", CreatedAt: base}))
	f.must(f.s.SetReadAlsoPick(f.ctx, a.ID, b.ID, news.Pin))
	got, err = f.s.ChangedStories(f.ctx, v1.Stories, 10)
	f.must(err)
	if len(got) != 2 || got[0].ID != b.ID || got[1].ID != a.ID {
		t.Errorf("after a correction to b and a pick on a: %+v", got)
	}
	if got, err := f.s.ChangedStories(f.ctx, v1.Stories, 1); err != nil || len(got) != 1 {
		t.Errorf("limit 1: %v, %v", got, err)
	}
}

func testSiteVersion(t *testing.T, f *fixture) {
	v0, err := f.s.Versions(f.ctx)
	f.must(err)
	sec := news.Section{Edition: "en", Slug: "sport", Name: "Sport", Position: 3}
	f.must(f.s.CreateSection(f.ctx, &sec))
	v1, err := f.s.Versions(f.ctx)
	f.must(err)
	if v1.Site <= v0.Site {
		t.Fatalf("a new section left the site version at %d", v1.Site)
	}
	tp := f.topic(news.Subject, "Harbours")
	topic, err := f.s.TopicByID(f.ctx, tp.ID)
	f.must(err)
	topic.Aliases = []string{"Ports"}
	f.must(f.s.UpdateTopic(f.ctx, &topic))
	v2, err := f.s.Versions(f.ctx)
	f.must(err)
	if v2.Site <= v1.Site {
		t.Errorf("a renamed topic left the site version at %d", v2.Site)
	}
	// A refused change counts nothing.
	dup := news.Section{Edition: "en", Slug: "sport", Name: "Sport again", Position: 4}
	if err := f.s.CreateSection(f.ctx, &dup); news.ErrorCode(err) != news.CodeConflict {
		t.Fatalf("duplicate section: %v", err)
	}
	if v3, _ := f.s.Versions(f.ctx); v3 != v2 {
		t.Errorf("a refused section moved the versions from %+v to %+v", v2, v3)
	}
}

func testNextVisibility(t *testing.T, f *fixture) {
	if next, err := f.s.NextVisibility(f.ctx, base); err != nil || !next.IsZero() {
		t.Fatalf("nothing waiting: %v, %v", next, err)
	}
	f.article(30) // published in the past
	at := base.Add(2 * time.Hour)
	f.article(0, func(a *news.Article) { a.Status, a.PublishedAt = news.Scheduled, at })
	embargoed := base.Add(time.Hour)
	f.article(5, func(a *news.Article) { a.EmbargoUntil = embargoed })
	f.article(0, func(a *news.Article) { a.Status, a.PublishedAt = news.Draft, base.Add(time.Minute) }) // a draft never appears by itself
	next, err := f.s.NextVisibility(f.ctx, base)
	f.must(err)
	if !next.Equal(embargoed) {
		t.Errorf("next = %v, want the embargo's end %v", next, embargoed)
	}
	if next, _ := f.s.NextVisibility(f.ctx, embargoed); !next.Equal(at) {
		t.Errorf("after the embargo: next = %v, want the scheduled time %v", next, at)
	}
}
