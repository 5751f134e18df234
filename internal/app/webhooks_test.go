package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
	"github.com/bylinehq/byline/internal/webhooks"
)

// hookReceiver is a webhook receiver on 127.0.0.1 that keeps every request.
type hookReceiver struct {
	*httptest.Server
	mu   sync.Mutex
	got  []hookRequest
	seen chan struct{}
}

type hookRequest struct {
	header http.Header
	body   []byte
}

func newHookReceiver(t *testing.T) *hookReceiver {
	rc := &hookReceiver{seen: make(chan struct{}, 100)}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.got = append(rc.got, hookRequest{r.Header.Clone(), body})
		rc.mu.Unlock()
		rc.seen <- struct{}{}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *hookReceiver) requests() []hookRequest {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]hookRequest(nil), rc.got...)
}

// waitFor waits until the receiver has n requests.
func (rc *hookReceiver) waitFor(t *testing.T, n int, within time.Duration) []hookRequest {
	t.Helper()
	deadline := time.After(within)
	for len(rc.requests()) < n {
		select {
		case <-rc.seen:
		case <-deadline:
			t.Fatalf("the receiver has %d requests after %v, want %d", len(rc.requests()), within, n)
		}
	}
	return rc.requests()
}

func openWebhookApp(t *testing.T, dir string, now func() time.Time) *app.App {
	t.Helper()
	a, err := app.New(context.Background(), app.Config{DBURL: storeURL(t, dir), DataDir: dir, Now: now, Out: io.Discard, BaseURL: "https://news.example.org",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), JobInterval: 20 * time.Millisecond,
		WebhookAllowHosts: []string{"127.0.0.1"}})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func webhookStory(t *testing.T, a *app.App, headline string, d editorial.Draft) *news.Article {
	t.Helper()
	d.Edition, d.Section, d.Headline, d.Body, d.Credit = "en", "world", headline, "Text.", "Byline"
	story, err := a.Editorial.Create(context.Background(), editorial.System(), d)
	if err != nil {
		t.Fatal(err)
	}
	return story
}

// TestWebhookSurvivesRestart publishes a story, stops Byline before its
// worker has run, starts it again on the same data directory, and checks
// the receiver on 127.0.0.1 then gets the signed delivery, once.
func TestWebhookSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	rc := newHookReceiver(t)
	first := openWebhookApp(t, dir, time.Now)
	if err := first.Store.CreateSection(ctx, &news.Section{Edition: "en", Slug: "world", Name: "World"}); err != nil {
		t.Fatal(err)
	}
	ep, err := first.Webhooks.CreateEndpoint(ctx, editorial.System(), rc.URL+"/byline", news.Events)
	if err != nil {
		t.Fatal(err)
	}
	story := webhookStory(t, first, "Published just before the restart", editorial.Draft{})
	if _, err := first.Editorial.Publish(ctx, editorial.System(), story.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	first.Close() // down before the worker ever ran
	if n := len(rc.requests()); n != 0 {
		t.Fatalf("the receiver got %d requests before the restart", n)
	}

	second := openWebhookApp(t, dir, time.Now)
	_, stop := serveApp(t, second)
	defer stop()
	got := rc.waitFor(t, 1, 5*time.Second)[0]
	if err := webhooks.Verify(ep.Secret, got.header.Get("Byline-Signature"), got.body, time.Now(), 5*time.Minute); err != nil {
		t.Errorf("signature after the restart: %v", err)
	}
	var p webhooks.Payload
	if err := json.Unmarshal(got.body, &p); err != nil {
		t.Fatal(err)
	}
	if p.Event != news.EventPublished || p.Article.ID != story.ID || p.Article.URL != "https://news.example.org"+story.Path() {
		t.Errorf("payload %s", got.body)
	}
	time.Sleep(200 * time.Millisecond) // room for a duplicate to show up
	if n := len(rc.requests()); n != 1 {
		t.Errorf("the receiver got %d requests, want exactly 1", n)
	}
	ds, err := second.Store.Deliveries(ctx, ep.ID, 10)
	if err != nil || len(ds) != 1 || ds[0].Status != news.DeliveryDelivered || ds[0].Attempts != 1 || ds[0].LastStatusCode != 204 {
		t.Errorf("deliveries %+v (%v), want one delivered at the first attempt", ds, err)
	}
}

// TestWebhooksKeepEmbargoesAndSchedules runs a serving Byline on a stopped
// clock: a scheduled and an embargoed story reach no receiver before their
// time, and each does once the clock passes it.
func TestWebhooksKeepEmbargoesAndSchedules(t *testing.T) {
	clock := testenv.NewClock(testenv.Now)
	ctx := context.Background()
	rc := newHookReceiver(t)
	a := openWebhookApp(t, t.TempDir(), clock.Now)
	if err := a.Store.CreateSection(ctx, &news.Section{Edition: "en", Slug: "world", Name: "World"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Webhooks.CreateEndpoint(ctx, editorial.System(), rc.URL, news.Events); err != nil {
		t.Fatal(err)
	}
	_, stop := serveApp(t, a)
	defer stop()
	scheduled := webhookStory(t, a, "Scheduled for one o'clock", editorial.Draft{})
	if _, err := a.Editorial.Publish(ctx, editorial.System(), scheduled.ID, testenv.Now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	embargoed := webhookStory(t, a, "Embargoed until two", editorial.Draft{EmbargoUntil: testenv.Now.Add(2 * time.Hour)})
	if _, err := a.Editorial.Publish(ctx, editorial.System(), embargoed.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // many polls of the worker
	if n := len(rc.requests()); n != 0 {
		t.Fatalf("the receiver got %d requests before any story's time", n)
	}
	clock.Set(testenv.Now.Add(time.Hour + time.Second))
	got := rc.waitFor(t, 1, 5*time.Second)
	time.Sleep(200 * time.Millisecond)
	if got = rc.requests(); len(got) != 1 || !strings.Contains(string(got[0].body), scheduled.Headline) {
		t.Fatalf("after the scheduled time: %d requests, want the scheduled story alone", len(got))
	}
	clock.Set(testenv.Now.Add(2*time.Hour + time.Second))
	got = rc.waitFor(t, 2, 5*time.Second)
	if !strings.Contains(string(got[1].body), embargoed.Headline) {
		t.Errorf("after the embargo: %s, want the embargoed story", got[1].body)
	}
}

// TestWebhookSecretIsShownOnce registers a webhook in the newsroom: the
// secret is on the answer to the form and nowhere after.
func TestWebhookSecretIsShownOnce(t *testing.T) {
	e := newRoleEnv(t)
	admin := e.actors[news.RoleAdmin]
	form := url.Values{"url": {"https://203.0.113.10/hook"}, "events": {"article.published"}}.Encode()
	res := e.do(t, &admin, false, request{"POST", "/admin/webhooks", "form", form}, true)
	body, _ := io.ReadAll(res.Body)
	secret := regexp.MustCompile(`whsec_[0-9a-f]{64}`).FindString(string(body))
	if res.StatusCode != http.StatusCreated || secret == "" {
		t.Fatalf("POST /admin/webhooks = %d, want 201 with the secret", res.StatusCode)
	}
	eps, err := e.a.Store.Endpoints(e.ctx)
	if err != nil || len(eps) != 1 || eps[0].Secret != secret {
		t.Fatalf("stored endpoints %v (%v), want the one just shown", len(eps), err)
	}
	e.publishedBy(t, news.RoleEditor)
	for _, path := range []string{"/admin/webhooks", "/admin/webhooks/" + strconv.FormatInt(eps[0].ID, 10)} {
		res := e.do(t, &admin, false, request{"GET", path, "", ""}, true)
		page, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK || strings.Contains(string(page), secret) || strings.Contains(string(page), "whsec_") {
			t.Errorf("GET %s = %d; shows the secret: %v", path, res.StatusCode, strings.Contains(string(page), "whsec_"))
		}
		if path != "/admin/webhooks" && !strings.Contains(string(page), "Waiting") {
			t.Errorf("GET %s does not list the pending delivery", path)
		}
	}
	bad := url.Values{"url": {"http://127.0.0.1:9/"}, "events": {"article.published"}}.Encode()
	if res := e.do(t, &admin, false, request{"POST", "/admin/webhooks", "form", bad}, true); res.StatusCode != http.StatusBadRequest {
		t.Errorf("registering a loopback address = %d, want 400", res.StatusCode)
	}
}
