package webhooks_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/jobs"
	"github.com/bylinehq/byline/internal/markup"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/testenv"
	"github.com/bylinehq/byline/internal/webhooks"
)

// receiver is a webhook endpoint on 127.0.0.1 that answers with the next
// status in its script (200 once the script runs out) and keeps what it got.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	script   []int
	requests []received
}

type received struct {
	header http.Header
	body   []byte
	status int
}

func newReceiver(t *testing.T, script ...int) *receiver {
	rc := &receiver{script: script}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		status := http.StatusOK
		if len(rc.script) > 0 {
			status, rc.script = rc.script[0], rc.script[1:]
		}
		rc.requests = append(rc.requests, received{r.Header.Clone(), body, status})
		rc.mu.Unlock()
		if status == http.StatusFound {
			http.Redirect(w, r, "/elsewhere", status)
			return
		}
		w.WriteHeader(status)
		io.WriteString(w, "receiver says "+strconv.Itoa(status))
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) got() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.requests...)
}

type env struct {
	t      *testing.T
	ctx    context.Context
	clock  *testenv.Clock
	store  *store.Store
	ed     *editorial.Service
	hooks  *webhooks.Service
	worker *jobs.Worker
}

var start = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// newEnv opens a store in a temporary directory with a stopped clock and a
// webhook service that may reach allow.
func newEnv(t *testing.T, cfg webhooks.Config) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), clock: testenv.NewClock(start)}
	st, err := store.Open(e.ctx, store.Config{URL: testenv.DBURL(t), DataDir: t.TempDir(), Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e.store = st
	for _, ed := range news.DefaultEditions() {
		e.must(st.CreateEdition(e.ctx, ed))
	}
	e.must(st.CreateSection(e.ctx, &news.Section{Edition: "en", Slug: "world", Name: "World"}))
	e.ed = &editorial.Service{Store: st, Markup: markup.New(), Now: e.clock.Now}
	cfg.Store, cfg.Now = st, e.clock.Now
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://news.example.org/"
	}
	e.hooks = webhooks.New(cfg)
	e.worker = &jobs.Worker{Queue: st, Now: e.clock.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Handlers: map[string]jobs.Handler{news.JobWebhook: e.hooks.Deliver},
		Backoffs: map[string]jobs.Backoff{news.JobWebhook: webhooks.Backoff}}
	return e
}

func (e *env) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) endpoint(url string, events ...news.Event) news.Endpoint {
	e.t.Helper()
	if len(events) == 0 {
		events = news.Events
	}
	ep, err := e.hooks.CreateEndpoint(e.ctx, editorial.System(), url, events)
	e.must(err)
	return ep
}

// publish writes a story and publishes it at at (now when zero).
func (e *env) publish(headline string, at time.Time) *news.Article {
	e.t.Helper()
	a, err := e.ed.Create(e.ctx, editorial.System(), editorial.Draft{Edition: "en", Section: "world",
		Headline: headline, Body: "Text.", Credit: "Byline"})
	e.must(err)
	a, err = e.ed.Publish(e.ctx, editorial.System(), a.ID, at)
	e.must(err)
	return a
}

// drain runs every due job.
func (e *env) drain() {
	for e.worker.RunOnce(e.ctx) {
	}
}

func (e *env) deliveries(ep news.Endpoint) []news.Delivery {
	e.t.Helper()
	ds, err := e.store.Deliveries(e.ctx, ep.ID, 100)
	e.must(err)
	return ds
}

func TestSignedDeliveryToAnAllowedLocalReceiver(t *testing.T) {
	rc := newReceiver(t)
	e := newEnv(t, webhooks.Config{AllowHosts: []string{"127.0.0.1"}})
	ep := e.endpoint(rc.URL + "/hook")
	if !strings.HasPrefix(ep.Secret, webhooks.SecretPrefix) || len(ep.Secret) != len(webhooks.SecretPrefix)+64 {
		t.Errorf("secret %q: want whsec_ and 64 hex digits", ep.Secret)
	}
	a := e.publish("Talks resume in Geneva", time.Time{})
	e.drain()
	got := rc.got()
	if len(got) != 1 {
		t.Fatalf("receiver got %d requests, want 1", len(got))
	}
	r := got[0]
	if err := webhooks.Verify(ep.Secret, r.header.Get(webhooks.SignatureHeader), r.body, start, 5*time.Minute); err != nil {
		t.Errorf("signature: %v (header %q)", err, r.header.Get(webhooks.SignatureHeader))
	}
	if err := webhooks.Verify("whsec_other", r.header.Get(webhooks.SignatureHeader), r.body, start, 5*time.Minute); err == nil {
		t.Error("the signature verifies with another secret")
	}
	var p webhooks.Payload
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("payload %s: %v", r.body, err)
	}
	ds := e.deliveries(ep)
	if len(ds) != 1 {
		t.Fatalf("deliveries %+v, want 1", ds)
	}
	want := webhooks.Payload{ID: ds[0].ID, Event: news.EventPublished, CreatedAt: start,
		Article: webhooks.ArticlePayload{ID: a.ID, Edition: "en", Headline: "Talks resume in Geneva",
			URL: "https://news.example.org" + a.Path(), PublishedAt: &start}}
	if gotJSON, wantJSON := mustJSON(t, p), mustJSON(t, want); gotJSON != wantJSON {
		t.Errorf("payload\n got %s\nwant %s", gotJSON, wantJSON)
	}
	if r.header.Get(webhooks.EventHeader) != "article.published" || r.header.Get(webhooks.DeliveryHeader) != strconv.FormatInt(ds[0].ID, 10) ||
		r.header.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v", r.header)
	}
	if d := ds[0]; d.Status != news.DeliveryDelivered || d.Attempts != 1 || d.LastStatusCode != 200 || !d.DeliveredAt.Equal(start) {
		t.Errorf("delivery record %+v", d)
	}
	// Unpublishing sends the story's address, not its text.
	_, err := e.ed.Unpublish(e.ctx, editorial.System(), a.ID)
	e.must(err)
	e.drain()
	if got = rc.got(); len(got) != 2 {
		t.Fatalf("after unpublishing the receiver has %d requests, want 2", len(got))
	}
	var raw struct{ Article map[string]any }
	e.must(json.Unmarshal(got[1].body, &raw))
	if _, ok := raw.Article["headline"]; ok || len(raw.Article) != 3 || raw.Article["url"] != "https://news.example.org"+a.Path() {
		t.Errorf("unpublished payload %s: want id, edition and url only", got[1].body)
	}
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestFailingTwiceThenSucceedingIsDeliveredOnce: a receiver that answers 500
// twice and then 204 gets the same delivery three times, after growing
// waits, and exactly one successful delivery is recorded.
func TestFailingTwiceThenSucceedingIsDeliveredOnce(t *testing.T) {
	rc := newReceiver(t, 500, 503, 204)
	e := newEnv(t, webhooks.Config{AllowHosts: []string{"127.0.0.1"}})
	ep := e.endpoint(rc.URL)
	e.publish("Markets open higher", time.Time{})
	e.drain()
	if n := len(rc.got()); n != 1 {
		t.Fatalf("first pass: %d requests, want 1", n)
	}
	d := e.deliveries(ep)[0]
	if d.Status != news.DeliveryPending || d.Attempts != 1 || d.LastStatusCode != 500 ||
		!d.NextAttemptAt.Equal(start.Add(webhooks.Backoff(1))) || !strings.Contains(d.LastError, "500") {
		t.Errorf("after the first failure: %+v", d)
	}
	e.clock.Set(start.Add(webhooks.Backoff(1) - time.Second))
	e.drain()
	if n := len(rc.got()); n != 1 {
		t.Fatalf("retried before its backoff: %d requests", n)
	}
	e.clock.Set(start.Add(webhooks.Backoff(1)))
	e.drain()
	e.clock.Set(e.clock.Now().Add(webhooks.Backoff(2)))
	e.drain()
	e.clock.Set(e.clock.Now().Add(24 * time.Hour))
	e.drain()
	got := rc.got()
	if len(got) != 3 {
		t.Fatalf("receiver got %d requests, want 3", len(got))
	}
	ids := map[string]bool{}
	for _, r := range got {
		ids[r.header.Get(webhooks.DeliveryHeader)] = true
	}
	if len(ids) != 1 {
		t.Errorf("retries carried delivery IDs %v, want one ID for all", ids)
	}
	ds := e.deliveries(ep)
	delivered := 0
	for _, d := range ds {
		if d.Status == news.DeliveryDelivered {
			delivered++
		}
	}
	if len(ds) != 1 || delivered != 1 || ds[0].Attempts != 3 || ds[0].LastStatusCode != 204 || ds[0].LastError != "" {
		t.Errorf("deliveries %+v, want exactly one, delivered after 3 attempts", ds)
	}
}

func TestGivesUpAfterMaxAttemptsAndSendsAgainOnRequest(t *testing.T) {
	rc := newReceiver(t, 500, http.StatusFound)
	e := newEnv(t, webhooks.Config{AllowHosts: []string{"127.0.0.1"}, MaxAttempts: 2})
	ep := e.endpoint(rc.URL)
	e.publish("Storm warning", time.Time{})
	e.drain()
	e.clock.Set(start.Add(time.Hour))
	e.drain()
	e.clock.Set(start.Add(48 * time.Hour))
	e.drain()
	d := e.deliveries(ep)[0]
	if len(rc.got()) != 2 || d.Status != news.DeliveryFailed || d.Attempts != 2 || d.LastStatusCode != http.StatusFound ||
		!strings.Contains(d.LastError, "redirects are not followed") {
		t.Fatalf("after %d requests: %+v, want failed after 2 with the unfollowed redirect", len(rc.got()), d)
	}
	if jobs, _ := e.store.PendingJobs(e.ctx); len(jobs) != 0 {
		t.Errorf("a failed delivery left jobs: %+v", jobs)
	}
	editor := news.User{ID: 99, Role: news.RoleEditor}
	if err := e.hooks.Retry(e.ctx, editor, ep.ID, d.ID); news.ErrorCode(err) != news.CodeForbidden {
		t.Errorf("an editor sent a delivery again: %v", err)
	}
	e.must(e.hooks.Retry(e.ctx, editorial.System(), ep.ID, d.ID))
	e.drain()
	d = e.deliveries(ep)[0]
	if len(rc.got()) != 3 || d.Status != news.DeliveryDelivered || d.Attempts != 3 {
		t.Errorf("after sending again: %d requests, %+v", len(rc.got()), d)
	}
}

// TestScheduledAndEmbargoedStoriesWaitForTheirTime checks that nothing
// reaches a receiver before readers can see the story.
func TestScheduledAndEmbargoedStoriesWaitForTheirTime(t *testing.T) {
	rc := newReceiver(t)
	e := newEnv(t, webhooks.Config{AllowHosts: []string{"127.0.0.1"}})
	e.endpoint(rc.URL)
	scheduled := e.publish("Scheduled for one o'clock", start.Add(time.Hour))
	embargoed, err := e.ed.Create(e.ctx, editorial.System(), editorial.Draft{Edition: "en", Section: "world",
		Headline: "Embargoed until two", Body: "Text.", Credit: "Byline", EmbargoUntil: start.Add(2 * time.Hour)})
	e.must(err)
	_, err = e.ed.Publish(e.ctx, editorial.System(), embargoed.ID, time.Time{})
	e.must(err)
	for _, at := range []time.Duration{0, 30 * time.Minute, time.Hour - time.Millisecond} {
		e.clock.Set(start.Add(at))
		e.drain()
		if n := len(rc.got()); n != 0 {
			t.Fatalf("at +%v the receiver already has %d requests", at, n)
		}
	}
	e.clock.Set(start.Add(time.Hour))
	e.drain()
	got := rc.got()
	if len(got) != 1 || !strings.Contains(string(got[0].body), scheduled.Headline) {
		t.Fatalf("at the scheduled time: %d requests, want the scheduled story only", len(got))
	}
	e.clock.Set(start.Add(2*time.Hour - time.Millisecond))
	e.drain()
	if n := len(rc.got()); n != 1 {
		t.Fatalf("the embargoed story leaked before its embargo ended (%d requests)", n)
	}
	e.clock.Set(start.Add(2 * time.Hour))
	e.drain()
	if got = rc.got(); len(got) != 2 || !strings.Contains(string(got[1].body), embargoed.Headline) {
		t.Fatalf("after the embargo: %d requests, want the embargoed story second", len(got))
	}
}

// TestHiddenStoryIsSkipped: a published delivery whose story readers cannot
// see when it is sent is skipped, never sent.
func TestHiddenStoryIsSkipped(t *testing.T) {
	rc := newReceiver(t)
	e := newEnv(t, webhooks.Config{AllowHosts: []string{"127.0.0.1"}})
	ep := e.endpoint(rc.URL, news.EventPublished)
	a := e.publish("Pulled at the last second", time.Time{})
	c := editorial.ChangesFrom(a)
	c.BaseRevision, c.EmbargoUntil = a.Revision, start.Add(time.Hour)
	_, err := e.ed.Update(e.ctx, editorial.System(), a.ID, c)
	e.must(err)
	e.drain()
	if n := len(rc.got()); n != 0 {
		t.Fatalf("the receiver got %d requests for a story under embargo", n)
	}
	ds := e.deliveries(ep)
	if len(ds) != 2 || ds[1].Status != news.DeliverySkipped || ds[0].Status != news.DeliveryPending || !ds[0].DueAt.Equal(start.Add(time.Hour)) {
		t.Errorf("deliveries %+v, want the first skipped and a new one due when the embargo ends", ds)
	}
}

func TestDisabledEndpointIsSkipped(t *testing.T) {
	rc := newReceiver(t)
	e := newEnv(t, webhooks.Config{AllowHosts: []string{"127.0.0.1"}})
	ep := e.endpoint(rc.URL)
	e.publish("Quiet day", time.Time{})
	e.must(e.hooks.SetActive(e.ctx, editorial.System(), ep.ID, false))
	e.drain()
	if ds := e.deliveries(ep); len(rc.got()) != 0 || ds[0].Status != news.DeliverySkipped {
		t.Errorf("disabled endpoint: %d requests, deliveries %+v", len(rc.got()), ds)
	}
}

func TestRegistrationRefusesPrivateAddressesUnlessAllowed(t *testing.T) {
	e := newEnv(t, webhooks.Config{AllowHosts: []string{"hooks.internal", "[fd00::5]"}})
	admin := editorial.System()
	refused := []string{
		"http://127.0.0.1:8080/hook", "http://10.0.0.7/", "http://172.16.3.4/", "http://192.168.1.1/",
		"http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://0.0.0.0/", "http://[::1]/",
		"http://[fe80::1]/", "http://[::ffff:127.0.0.1]/", "ftp://hooks.example.org/", "file:///etc/passwd",
		"https://user:secret@hooks.example.org/", "hooks.example.org/no-scheme",
	}
	for _, url := range refused {
		if _, err := e.hooks.CreateEndpoint(e.ctx, admin, url, news.Events); news.ErrorCode(err) != news.CodeInvalid {
			t.Errorf("CreateEndpoint(%q) = %v, want invalid", url, err)
		}
	}
	for _, url := range []string{"https://hooks.internal/in", "http://[fd00::5]:9000/", "https://203.0.113.9/hook"} {
		if _, err := e.hooks.CreateEndpoint(e.ctx, admin, url, news.Events); err != nil {
			t.Errorf("CreateEndpoint(%q) = %v, want accepted", url, err)
		}
	}
	editor := news.User{ID: 7, Role: news.RoleEditor}
	if _, err := e.hooks.CreateEndpoint(e.ctx, editor, "https://hooks.example.org/", news.Events); news.ErrorCode(err) != news.CodeForbidden {
		t.Errorf("an editor registered a webhook: %v", err)
	}
	list, err := e.hooks.Endpoints(e.ctx, admin)
	e.must(err)
	for _, ep := range list {
		if ep.Secret != "" {
			t.Errorf("Endpoints shows the secret of %s", ep.URL)
		}
	}
}

// TestDialRefusesPrivateAddresses stores an endpoint past registration, as
// a name that resolved to a public address and now points at loopback
// would be: the connection is refused at dial time.
func TestDialRefusesPrivateAddresses(t *testing.T) {
	rc := newReceiver(t)
	e := newEnv(t, webhooks.Config{})
	ep := news.Endpoint{URL: rc.URL, Events: news.Events, Secret: webhooks.NewSecret(), Active: true, CreatedAt: start}
	e.must(e.store.CreateEndpoint(e.ctx, &ep))
	e.publish("Nothing for localhost", time.Time{})
	e.drain()
	if n := len(rc.got()); n != 0 {
		t.Fatalf("a loopback receiver got %d requests without being allowed", n)
	}
	d := e.deliveries(ep)[0]
	if d.Status != news.DeliveryPending || d.LastStatusCode != 0 || !strings.Contains(d.LastError, "loopback") {
		t.Errorf("delivery %+v, want a refused attempt to be retried", d)
	}
}

func TestVerify(t *testing.T) {
	secret, body := webhooks.NewSecret(), []byte(`{"id":1}`)
	at := time.Unix(1_800_000_000, 0)
	header := webhooks.Sign(secret, at, body)
	if !strings.HasPrefix(header, "t=1800000000,v1=") {
		t.Fatalf("header %q", header)
	}
	tests := []struct {
		name    string
		secret  string
		header  string
		body    string
		now     time.Time
		wantErr bool
	}{
		{"the signed body", secret, header, string(body), at.Add(time.Minute), false},
		{"a rotated secret among two signatures", secret, "t=1800000000,v1=00," + strings.TrimPrefix(header, "t=1800000000,"), string(body), at, false},
		{"another secret", webhooks.NewSecret(), header, string(body), at, true},
		{"a changed body", secret, header, `{"id":2}`, at, true},
		{"a replay an hour later", secret, header, string(body), at.Add(time.Hour), true},
		{"no signature", secret, "t=1800000000", string(body), at, true},
		{"garbage", secret, "sha256=abc", string(body), at, true},
	}
	for _, tt := range tests {
		err := webhooks.Verify(tt.secret, tt.header, []byte(tt.body), tt.now, 5*time.Minute)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: Verify = %v, want error %v", tt.name, err, tt.wantErr)
		}
	}
	if webhooks.NewSecret() == webhooks.NewSecret() {
		t.Error("two secrets are equal")
	}
}
