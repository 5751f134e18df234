package storetest

import (
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// webhookTests cover webhook endpoints and the outbox of deliveries that
// article saves write. The store stamps events with its own clock, so these
// tests place stories relative to the real time.
var webhookTests = map[string]func(*testing.T, *fixture){
	"WebhookEndpointsRoundTrip":              testEndpoints,
	"PublishWritesTheOutboxInTheSameSave":    testOutboxInSave,
	"ReschedulingDropsStaleDeliveries":       testRescheduleDropsStale,
	"UnschedulingIsSilentUnpublishingIsNot":  testUnpublishEvents,
	"OnlyActiveSubscribedEndpointsGetEvents": testSubscriptions,
	"AttemptsAreRecordedAndFailuresRetried":  testAttempts,
	"DeletingAnEndpointDropsItsDeliveries":   testDeleteEndpoint,
	"ACorrectionIsAnUpdate":                  testCorrectionEvent,
}

func (f *fixture) endpoint(events ...news.Event) news.Endpoint {
	f.t.Helper()
	if len(events) == 0 {
		events = news.Events
	}
	f.n++
	e := news.Endpoint{URL: "https://hooks.example.org/" + slugOf(f.t.Name()), Events: events,
		Secret: "whsec_test", Active: true, CreatedAt: base}
	f.must(f.s.CreateEndpoint(f.ctx, &e))
	return e
}

// draft stores a draft, which causes no event.
func (f *fixture) draft() *news.Article {
	f.t.Helper()
	return f.article(0, func(a *news.Article) { a.Status, a.PublishedAt = news.Draft, time.Time{} })
}

func (f *fixture) save(a *news.Article, change func(*news.Article)) {
	f.t.Helper()
	change(a)
	f.must(f.s.UpdateArticle(f.ctx, a))
}

func (f *fixture) deliveries(e news.Endpoint) []news.Delivery {
	f.t.Helper()
	ds, err := f.s.Deliveries(f.ctx, e.ID, 100)
	f.must(err)
	return ds
}

// webhookJobs maps pending webhook jobs' delivery IDs to their run times.
func (f *fixture) webhookJobs() map[int64]time.Time {
	f.t.Helper()
	jobs, err := f.s.PendingJobs(f.ctx)
	f.must(err)
	out := map[int64]time.Time{}
	for _, j := range jobs {
		if j.Kind == news.JobWebhook {
			out[j.RefID] = j.RunAt
		}
	}
	return out
}

func testEndpoints(t *testing.T, f *fixture) {
	admin := f.user(news.RoleAdmin)
	e := news.Endpoint{URL: "https://hooks.example.org/in", Events: []news.Event{news.EventPublished, news.EventUnpublished},
		Secret: "whsec_abc", Active: true, CreatedAt: base, CreatedBy: admin.ID}
	f.must(f.s.CreateEndpoint(f.ctx, &e))
	if e.ID == 0 {
		t.Fatal("CreateEndpoint did not set the ID")
	}
	got, err := f.s.Endpoint(f.ctx, e.ID)
	f.must(err)
	if got.URL != e.URL || got.Secret != e.Secret || !got.Active || !got.CreatedAt.Equal(base) || got.CreatedBy != admin.ID ||
		len(got.Events) != 2 || got.Events[0] != news.EventPublished || got.Events[1] != news.EventUnpublished {
		t.Errorf("Endpoint = %+v, want %+v", got, e)
	}
	bad := e
	bad.ID, bad.URL = 0, "ftp://hooks.example.org/"
	wantCode(t, f.s.CreateEndpoint(f.ctx, &bad), news.CodeInvalid)
	f.must(f.s.SetEndpointActive(f.ctx, e.ID, false))
	all, err := f.s.Endpoints(f.ctx)
	f.must(err)
	if len(all) != 1 || all[0].Active {
		t.Errorf("Endpoints after disabling = %+v, want one inactive (the invalid one not stored)", all)
	}
	wantCode(t, f.s.SetEndpointActive(f.ctx, 9999, true), news.CodeNotFound)
	f.must(f.s.DeleteEndpoint(f.ctx, e.ID))
	_, err = f.s.Endpoint(f.ctx, e.ID)
	wantCode(t, err, news.CodeNotFound)
	wantCode(t, f.s.DeleteEndpoint(f.ctx, e.ID), news.CodeNotFound)
}

func testOutboxInSave(t *testing.T, f *fixture) {
	e := f.endpoint()
	a := f.draft()
	if ds := f.deliveries(e); len(ds) != 0 {
		t.Fatalf("a draft caused deliveries: %+v", ds)
	}
	before := time.Now().Add(-time.Millisecond)
	f.save(a, func(a *news.Article) { a.Status, a.PublishedAt = news.Published, time.Now().Add(-time.Minute) })
	after := time.Now().Add(time.Millisecond)
	ds := f.deliveries(e)
	if len(ds) != 1 {
		t.Fatalf("publishing wrote %d deliveries, want 1", len(ds))
	}
	d := ds[0]
	if d.Event != news.EventPublished || d.ArticleID != a.ID || d.Status != news.DeliveryPending || d.Attempts != 0 ||
		d.DueAt.Before(before) || d.DueAt.After(after) {
		t.Errorf("delivery = %+v, want a pending article.published due now", d)
	}
	if run, ok := f.webhookJobs()[d.ID]; !ok || !run.Equal(d.DueAt) {
		t.Errorf("webhook jobs = %v, want one for delivery %d at %v", f.webhookJobs(), d.ID, d.DueAt)
	}
	got, err := f.s.Delivery(f.ctx, d.ID)
	f.must(err)
	if got != d {
		t.Errorf("Delivery = %+v, want %+v", got, d)
	}
	// A refused save writes no delivery: the outbox shares its transaction.
	stale := *a
	stale.Revision, stale.Headline = 1, "Refused"
	wantCode(t, f.s.UpdateArticle(f.ctx, &stale), news.CodeConflict)
	if ds := f.deliveries(e); len(ds) != 1 {
		t.Errorf("a refused save left %d deliveries, want 1", len(ds))
	}
	_, err = f.s.Delivery(f.ctx, 9999)
	wantCode(t, err, news.CodeNotFound)
}

func testRescheduleDropsStale(t *testing.T, f *fixture) {
	e := f.endpoint()
	a := f.draft()
	first := time.Now().Add(time.Hour).Truncate(time.Millisecond)
	f.save(a, func(a *news.Article) { a.Status, a.PublishedAt = news.Scheduled, first })
	ds := f.deliveries(e)
	if len(ds) != 1 || ds[0].Event != news.EventPublished || !ds[0].DueAt.Equal(first) {
		t.Fatalf("scheduling: deliveries %+v, want one article.published due %v", ds, first)
	}
	later := first.Add(time.Hour)
	f.save(a, func(a *news.Article) { a.PublishedAt = later })
	ds = f.deliveries(e)
	if len(ds) != 1 || !ds[0].DueAt.Equal(later) {
		t.Fatalf("rescheduling: deliveries %+v, want only one, due %v", ds, later)
	}
	jobs := f.webhookJobs()
	if len(jobs) != 1 || !jobs[ds[0].ID].Equal(later) {
		t.Errorf("rescheduling: webhook jobs %v, want one at %v", jobs, later)
	}
	// An embargo on a scheduled story moves the announcement to its end.
	embargo := later.Add(time.Hour)
	f.save(a, func(a *news.Article) { a.EmbargoUntil = embargo })
	if ds = f.deliveries(e); len(ds) != 1 || !ds[0].DueAt.Equal(embargo) {
		t.Errorf("embargo: deliveries %+v, want one due at the embargo's end %v", ds, embargo)
	}
}

func testUnpublishEvents(t *testing.T, f *fixture) {
	e := f.endpoint()
	a := f.draft()
	f.save(a, func(a *news.Article) { a.Status, a.PublishedAt = news.Scheduled, time.Now().Add(time.Hour) })
	f.save(a, func(a *news.Article) { a.Status, a.PublishedAt = news.Draft, time.Time{} })
	if ds := f.deliveries(e); len(ds) != 0 {
		t.Fatalf("taking back a scheduled story left deliveries: %+v", ds)
	}
	if jobs := f.webhookJobs(); len(jobs) != 0 {
		t.Fatalf("taking back a scheduled story left webhook jobs: %v", jobs)
	}
	f.save(a, func(a *news.Article) { a.Status, a.PublishedAt = news.Published, time.Now().Add(-time.Minute) })
	f.save(a, func(a *news.Article) { a.Status = news.Unpublished })
	ds := f.deliveries(e)
	if len(ds) != 2 || ds[0].Event != news.EventUnpublished || ds[1].Event != news.EventPublished {
		t.Errorf("publish then unpublish: deliveries %+v, want unpublished then published (newest first)", ds)
	}
}

func testSubscriptions(t *testing.T, f *fixture) {
	onlyUnpublished := f.endpoint(news.EventUnpublished)
	disabled := f.endpoint()
	f.must(f.s.SetEndpointActive(f.ctx, disabled.ID, false))
	all := f.endpoint()
	f.article(0, func(a *news.Article) { a.PublishedAt = time.Now().Add(-time.Minute) })
	if n := len(f.deliveries(onlyUnpublished)); n != 0 {
		t.Errorf("an endpoint not subscribed to article.published got %d deliveries", n)
	}
	if n := len(f.deliveries(disabled)); n != 0 {
		t.Errorf("a disabled endpoint got %d deliveries", n)
	}
	if n := len(f.deliveries(all)); n != 1 {
		t.Errorf("a subscribed endpoint got %d deliveries, want 1", n)
	}
}

func testAttempts(t *testing.T, f *fixture) {
	e := f.endpoint()
	f.article(0, func(a *news.Article) { a.PublishedAt = time.Now().Add(-time.Minute) })
	d := f.deliveries(e)[0]
	next := base.Add(time.Minute)
	f.must(f.s.RecordAttempt(f.ctx, d.ID, news.Attempt{At: base, Status: news.DeliveryPending, StatusCode: 503,
		Error: "the receiver answered 503", NextAt: next}))
	got, err := f.s.Delivery(f.ctx, d.ID)
	f.must(err)
	if got.Status != news.DeliveryPending || got.Attempts != 1 || got.LastStatusCode != 503 || got.LastError == "" ||
		!got.NextAttemptAt.Equal(next) || !got.DeliveredAt.IsZero() {
		t.Errorf("after a failed attempt: %+v", got)
	}
	wantCode(t, f.s.RetryDelivery(f.ctx, d.ID, base), news.CodeInvalid) // still pending
	f.must(f.s.RecordAttempt(f.ctx, d.ID, news.Attempt{At: next, Status: news.DeliveryFailed, Error: "connection refused"}))
	// The job is done once the handler gives up; sending again makes a new one.
	j, err := f.s.ClaimJob(f.ctx, time.Now().Add(time.Minute), time.Minute)
	f.must(err)
	f.must(f.s.FinishJob(f.ctx, j.ID, time.Now(), nil, time.Time{}))
	retryAt := base.Add(time.Hour)
	f.must(f.s.RetryDelivery(f.ctx, d.ID, retryAt))
	got, _ = f.s.Delivery(f.ctx, d.ID)
	if got.Status != news.DeliveryPending || got.Attempts != 2 {
		t.Errorf("after send again: %+v, want pending with 2 attempts kept", got)
	}
	if run, ok := f.webhookJobs()[d.ID]; !ok || !run.Equal(retryAt) {
		t.Errorf("send again: webhook jobs %v, want one at %v", f.webhookJobs(), retryAt)
	}
	f.must(f.s.RecordAttempt(f.ctx, d.ID, news.Attempt{At: retryAt, Status: news.DeliveryDelivered, StatusCode: 204}))
	got, _ = f.s.Delivery(f.ctx, d.ID)
	if got.Status != news.DeliveryDelivered || got.Attempts != 3 || got.LastStatusCode != 204 || got.LastError != "" ||
		!got.DeliveredAt.Equal(retryAt) {
		t.Errorf("after delivery: %+v", got)
	}
	wantCode(t, f.s.RecordAttempt(f.ctx, 9999, news.Attempt{At: base, Status: news.DeliveryFailed}), news.CodeNotFound)
	wantCode(t, f.s.RetryDelivery(f.ctx, 9999, base), news.CodeNotFound)
}

func testDeleteEndpoint(t *testing.T, f *fixture) {
	e, kept := f.endpoint(), f.endpoint()
	f.article(0, func(a *news.Article) { a.PublishedAt = time.Now().Add(-time.Minute) })
	d := f.deliveries(e)[0]
	f.must(f.s.DeleteEndpoint(f.ctx, e.ID))
	_, err := f.s.Delivery(f.ctx, d.ID)
	wantCode(t, err, news.CodeNotFound)
	jobs := f.webhookJobs()
	if _, ok := jobs[d.ID]; ok || len(jobs) != 1 {
		t.Errorf("webhook jobs after deleting an endpoint: %v, want only the other endpoint's", jobs)
	}
	if n := len(f.deliveries(kept)); n != 1 {
		t.Errorf("the other endpoint has %d deliveries, want 1", n)
	}
}

func testCorrectionEvent(t *testing.T, f *fixture) {
	e := f.endpoint(news.EventUpdated)
	a := f.article(0, func(a *news.Article) { a.PublishedAt = time.Now().Add(-time.Minute) })
	f.must(f.s.AddCorrection(f.ctx, a.ID, &news.Correction{Text: "A name was misspelt.", CreatedAt: time.Now()}))
	ds := f.deliveries(e)
	if len(ds) != 1 || ds[0].Event != news.EventUpdated {
		t.Errorf("a correction: deliveries %+v, want one article.updated", ds)
	}
	hidden := f.article(0, func(a *news.Article) { a.Status, a.PublishedAt = news.Scheduled, time.Now().Add(time.Hour) })
	f.must(f.s.AddCorrection(f.ctx, hidden.ID, &news.Correction{Text: "Early note.", CreatedAt: time.Now()}))
	if n := len(f.deliveries(e)); n != 1 {
		t.Errorf("a correction to a story readers cannot see yet caused an event (%d deliveries)", n)
	}
}
