// Package webhooks tells integrators when stories are published, updated
// and unpublished. The store writes a delivery (the outbox row) and a job in
// the transaction of the change that causes it, due when readers can first
// see the story; this package manages endpoints and sends the deliveries:
// a JSON body built from the story as it is when the job runs, signed with
// the endpoint's secret, retried with exponential backoff, at least once.
package webhooks

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bylinehq/byline/internal/jobs"
	"github.com/bylinehq/byline/internal/netguard"
	"github.com/bylinehq/byline/internal/news"
)

// Store is the part of the store webhooks need.
type Store interface {
	news.WebhookStore
	Article(ctx context.Context, id int64) (*news.Article, error)
}

// Config is what the webhook service needs.
type Config struct {
	Store Store
	// BaseURL is the public origin that makes story URLs absolute; without
	// one, payloads carry the URL path alone.
	BaseURL string
	// AllowHosts are hosts deliveries may reach even on private, loopback
	// or link-local addresses.
	AllowHosts []string
	Now        func() time.Time
	// MaxAttempts is how many times a delivery is tried before it is marked
	// failed; DefaultMaxAttempts when zero.
	MaxAttempts int
}

// DefaultMaxAttempts with Backoff gives a receiver about eight hours to
// come back.
const DefaultMaxAttempts = 12

// Backoff is the wait before a failed delivery's next attempt: 30 seconds,
// doubling, at most two hours.
func Backoff(attempt int) time.Duration {
	return jobs.Exponential(30*time.Second, 2*time.Hour)(attempt)
}

// Service registers endpoints and sends deliveries.
type Service struct {
	cfg    Config
	guard  *netguard.Guard
	client *http.Client
}

// New returns a Service whose HTTP client goes through the SSRF guard,
// times out after 10 seconds and follows no redirects.
func New(cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	cfg.BaseURL = strings.TrimSuffix(cfg.BaseURL, "/")
	g := netguard.NewGuard(cfg.AllowHosts, "webhooks", "byline serve --webhook-allow-host")
	transport := &http.Transport{
		Proxy:                 nil, // a proxy would dial for us, past the guard
		DialContext:           g.Dial,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 10 * time.Second,
		MaxIdleConns:          16,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	client := &http.Client{
		Transport: transport,
		Timeout:   10 * time.Second,
		// A redirect is an answer, not a place to go: following it could
		// lead past the registration check.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &Service{cfg: cfg, guard: g, client: client}
}

// Deliver is the JobWebhook handler: it sends the delivery the job names
// and records the attempt. It returns an error to have the job retried
// after Backoff, and nil once the delivery is delivered, skipped, failed
// for good, or gone. A delivery already settled is left alone, so a job run
// twice sends once; a worker that dies between sending and recording sends
// again, which is why receivers de-duplicate on the delivery ID.
func (s *Service) Deliver(ctx context.Context, j news.Job) error {
	d, err := s.cfg.Store.Delivery(ctx, j.RefID)
	if news.ErrorCode(err) == news.CodeNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	if d.Status != news.DeliveryPending {
		return nil // settled by an earlier run of this job, or given up
	}
	e, err := s.cfg.Store.Endpoint(ctx, d.EndpointID)
	if news.ErrorCode(err) == news.CodeNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	now := s.cfg.Now().UTC()
	if !e.Active {
		return s.record(ctx, d, news.Attempt{At: now, Status: news.DeliverySkipped, Error: "the endpoint is disabled"})
	}
	body, skip, err := s.payload(ctx, d)
	if err != nil {
		return err
	}
	if skip != "" {
		return s.record(ctx, d, news.Attempt{At: now, Status: news.DeliverySkipped, Error: skip})
	}
	code, sendErr := s.send(ctx, e, d, body, now)
	switch {
	case sendErr == nil:
		return s.record(ctx, d, news.Attempt{At: now, Status: news.DeliveryDelivered, StatusCode: code})
	case j.Attempts >= s.cfg.MaxAttempts:
		return s.record(ctx, d, news.Attempt{At: now, Status: news.DeliveryFailed, StatusCode: code, Error: clip(sendErr.Error())})
	}
	next := now.Add(Backoff(j.Attempts))
	if err := s.record(ctx, d, news.Attempt{At: now, Status: news.DeliveryPending, StatusCode: code,
		Error: clip(sendErr.Error()), NextAt: next}); err != nil {
		return err
	}
	return sendErr
}

func (s *Service) record(ctx context.Context, d news.Delivery, a news.Attempt) error {
	err := s.cfg.Store.RecordAttempt(ctx, d.ID, a)
	if news.ErrorCode(err) == news.CodeNotFound {
		return nil // the endpoint was deleted meanwhile
	}
	return err
}

// Payload is the JSON body of a delivery. ID is the delivery's and stays
// the same on every retry; CreatedAt is when the event happened.
type Payload struct {
	ID        int64          `json:"id"`
	Event     news.Event     `json:"event"`
	CreatedAt time.Time      `json:"created_at"`
	Article   ArticlePayload `json:"article"`
}

// ArticlePayload is the story a delivery is about. An unpublished story
// carries its ID, edition and URL only.
type ArticlePayload struct {
	ID          int64      `json:"id"`
	Edition     string     `json:"edition"`
	Headline    string     `json:"headline,omitempty"`
	URL         string     `json:"url"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	UpdatedAt   *time.Time `json:"updated_at,omitempty"`
}

// payload builds a delivery's body from the story as stored now, or says
// why it must not be sent: a published or updated story that readers
// cannot see at this moment is never announced.
func (s *Service) payload(ctx context.Context, d news.Delivery) (body []byte, skip string, err error) {
	a, err := s.cfg.Store.Article(ctx, d.ArticleID)
	if news.ErrorCode(err) == news.CodeNotFound {
		return nil, "the story no longer exists", nil
	}
	if err != nil {
		return nil, "", err
	}
	p := Payload{ID: d.ID, Event: d.Event, CreatedAt: d.DueAt.UTC(),
		Article: ArticlePayload{ID: a.ID, Edition: a.Edition, URL: s.cfg.BaseURL + a.Path()}}
	if d.Event != news.EventUnpublished {
		if !a.VisibleAt(s.cfg.Now()) {
			return nil, "the story is not visible to readers", nil
		}
		p.Article.Headline = a.Headline
		p.Article.PublishedAt = timePtr(a.PublishedAt)
		p.Article.UpdatedAt = timePtr(a.UpdatedAt)
	}
	body, err = json.Marshal(p)
	return body, "", err
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

// send posts a signed body and returns the response status; any status
// but 2xx is an error.
func (s *Service) send(ctx context.Context, e news.Endpoint, d news.Delivery, body []byte, now time.Time) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Byline-Webhooks/1")
	req.Header.Set(EventHeader, string(d.Event))
	req.Header.Set(DeliveryHeader, strconv.FormatInt(d.ID, 10))
	req.Header.Set(SignatureHeader, Sign(e.Secret, now, body))
	res, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	// Read a little so the connection can be reused; keep the start for
	// the newsroom.
	start, _ := io.ReadAll(io.LimitReader(res.Body, 512))
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode >= 200 && res.StatusCode < 300 {
		return res.StatusCode, nil
	}
	msg := fmt.Sprintf("the receiver answered %s", res.Status)
	if loc := res.Header.Get("Location"); loc != "" && res.StatusCode >= 300 && res.StatusCode < 400 {
		msg += " to " + loc + " (redirects are not followed; register the final URL)"
	} else if text := strings.TrimSpace(strings.ToValidUTF8(string(start), "")); text != "" {
		msg += ": " + clip(text)
	}
	return res.StatusCode, fmt.Errorf("%s", msg)
}

// clip bounds text from a receiver before it is kept or logged.
func clip(s string) string {
	const max = 300
	if len(s) <= max {
		return s
	}
	for i := max; i > 0; i-- {
		if utf8.RuneStart(s[i]) {
			return s[:i] + "…"
		}
	}
	return s[:max]
}
