package news

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Event names a change integrators can subscribe to.
type Event string

// Webhook events. A story is "published" when readers can first see it
// (for a scheduled or embargoed story: when its time comes, not when it is
// saved), "updated" when readers see it change, and "unpublished" when it
// leaves the site.
const (
	EventPublished   Event = "article.published"
	EventUpdated     Event = "article.updated"
	EventUnpublished Event = "article.unpublished"
)

// Events are the events an endpoint may subscribe to, in display order.
var Events = []Event{EventPublished, EventUpdated, EventUnpublished}

// Valid reports whether e is a known event.
func (e Event) Valid() bool { return slices.Contains(Events, e) }

// JobWebhook delivers one webhook; the job's RefID is the delivery's ID.
const JobWebhook = "webhook"

// Endpoint is a URL that receives signed webhook deliveries.
type Endpoint struct {
	ID     int64
	URL    string
	Events []Event
	// Secret signs deliveries. It is shown to the admin once, when the
	// endpoint is created, and never logged or listed. The store keeps it as
	// it is because signing needs it (a hash would not do).
	Secret    string
	Active    bool
	CreatedAt time.Time
	CreatedBy int64 // 0 for Byline itself
}

// MaxEndpointURL bounds an endpoint's URL, in bytes.
const MaxEndpointURL = 2000

// Validate checks an endpoint before it is stored: an http or https URL
// with a host and no credentials in it (the URL is listed in the newsroom;
// the signature authenticates Byline to the receiver), and known events.
// Which addresses a URL may point to is the delivery side's business.
func (e *Endpoint) Validate() error {
	var p Problems
	u, err := url.Parse(e.URL)
	switch {
	case strings.TrimSpace(e.URL) == "":
		p.Add("url", "is required")
	case len(e.URL) > MaxEndpointURL:
		p.Add("url", "must be at most %d characters", MaxEndpointURL)
	case err != nil:
		p.Add("url", "%q is not a URL", e.URL)
	case u.Scheme != "http" && u.Scheme != "https":
		p.Add("url", "must start with https:// or http://")
	case u.Hostname() == "":
		p.Add("url", "needs a host name")
	case u.User != nil:
		p.Add("url", "must not carry a user name or password; receivers check the signature instead")
	case u.Fragment != "":
		p.Add("url", "must not have a #fragment")
	}
	if len(e.Events) == 0 {
		p.Add("events", "choose at least one event")
	}
	for _, ev := range e.Events {
		if !ev.Valid() {
			p.Add("events", "unknown event %q", ev)
		}
	}
	if e.Secret == "" {
		p.Add("secret", "is required")
	}
	return p.Err()
}

// Subscribes reports whether the endpoint wants ev.
func (e *Endpoint) Subscribes(ev Event) bool { return slices.Contains(e.Events, ev) }

// DeliveryStatus is where a webhook delivery is.
type DeliveryStatus string

// Delivery statuses. A pending delivery waits for its time or its next
// attempt; a skipped one was never sent because, when its time came, the
// story was not visible or its endpoint was disabled.
const (
	DeliveryPending   DeliveryStatus = "pending"
	DeliveryDelivered DeliveryStatus = "delivered"
	DeliveryFailed    DeliveryStatus = "failed"
	DeliverySkipped   DeliveryStatus = "skipped"
)

// Delivery is one event for one endpoint: the outbox row, written in the
// transaction of the change, and the record of its attempts.
type Delivery struct {
	ID             int64
	EndpointID     int64
	Event          Event
	ArticleID      int64
	Headline       string // the story's current headline, filled by the store
	Status         DeliveryStatus
	Attempts       int
	LastStatusCode int // 0 when no HTTP response came back
	LastError      string
	// DueAt is when the event happens: for a scheduled or embargoed story,
	// when readers can first see it.
	DueAt         time.Time
	NextAttemptAt time.Time
	DeliveredAt   time.Time
	CreatedAt     time.Time
}

// Attempt is the outcome of one try at a delivery.
type Attempt struct {
	At         time.Time
	Status     DeliveryStatus // pending: will be retried at NextAt
	StatusCode int
	Error      string
	NextAt     time.Time
}

// DueEvent is an event a save causes and when it happens.
type DueEvent struct {
	Event Event
	At    time.Time
}

// EventsFor decides which webhook events saving after over before causes,
// at now; before is nil for a new story. Events of a story not yet visible
// are due when readers can first see it, so an embargo or a schedule never
// leaks early.
func EventsFor(before, after *Article, now time.Time) []DueEvent {
	wasVisible := before != nil && before.VisibleAt(now)
	live := after.Status == Published || after.Status == Scheduled
	switch {
	case !live && wasVisible:
		return []DueEvent{{EventUnpublished, now}}
	case !live:
		return nil // never public: a draft, or a schedule taken back
	case !wasVisible:
		return []DueEvent{{EventPublished, after.visibleFrom(now)}}
	case !after.VisibleAt(now):
		// Pulled back behind a later time or an embargo: it leaves the site
		// now and comes back then.
		return []DueEvent{{EventUnpublished, now}, {EventPublished, after.visibleFrom(now)}}
	case changedForReaders(before, after):
		return []DueEvent{{EventUpdated, now}}
	}
	return nil
}

// visibleFrom is when a live story becomes visible: its publication time or
// the end of its embargo, whichever is later, and not before now.
func (a *Article) visibleFrom(now time.Time) time.Time {
	t := now
	if a.PublishedAt.After(t) {
		t = a.PublishedAt
	}
	if a.EmbargoUntil.After(t) {
		t = a.EmbargoUntil
	}
	return t
}

// changedForReaders reports whether a reader would see a difference: the
// words, the address, the picture, the links, or an update time. A status
// flip from scheduled to published once the time has passed is not one.
func changedForReaders(before, after *Article) bool {
	if before.Headline != after.Headline || before.Standfirst != after.Standfirst ||
		before.BodyMarkdown != after.BodyMarkdown || before.Dateline != after.Dateline ||
		before.Credit != after.Credit || before.Kind != after.Kind || before.Slug != after.Slug ||
		before.Section.ID != after.Section.ID || !before.UpdatedAt.Equal(after.UpdatedAt) {
		return true
	}
	if (before.Image == nil) != (after.Image == nil) || (before.Image != nil && *before.Image != *after.Image) {
		return true
	}
	authorID := func(a Author) int64 { return a.ID }
	topicID := func(t TopicRef) int64 { return t.ID }
	return !slices.Equal(ids(before.Authors, authorID), ids(after.Authors, authorID)) ||
		!slices.Equal(ids(before.Topics, topicID), ids(after.Topics, topicID))
}

func ids[T any](items []T, id func(T) int64) []int64 {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

// WebhookStore keeps webhook endpoints and their deliveries. The store
// writes deliveries itself, in the transaction of every article save (see
// EventsFor), with one JobWebhook job each.
type WebhookStore interface {
	// CreateEndpoint validates and stores an endpoint and sets its ID.
	CreateEndpoint(ctx context.Context, e *Endpoint) error
	// Endpoint returns one endpoint; CodeNotFound when there is none.
	Endpoint(ctx context.Context, id int64) (Endpoint, error)
	// Endpoints lists every endpoint, oldest first.
	Endpoints(ctx context.Context) ([]Endpoint, error)
	// SetEndpointActive enables or disables an endpoint. A disabled
	// endpoint gets no new deliveries; its pending ones are skipped.
	SetEndpointActive(ctx context.Context, id int64, active bool) error
	// DeleteEndpoint removes an endpoint with its deliveries and their jobs.
	DeleteEndpoint(ctx context.Context, id int64) error
	// Delivery returns one delivery; CodeNotFound when there is none.
	Delivery(ctx context.Context, id int64) (Delivery, error)
	// Deliveries lists an endpoint's deliveries, newest first, at most limit.
	Deliveries(ctx context.Context, endpointID int64, limit int) ([]Delivery, error)
	// RecordAttempt adds one attempt's outcome to a delivery; CodeNotFound
	// when the delivery is gone.
	RecordAttempt(ctx context.Context, id int64, a Attempt) error
	// RetryDelivery sends a failed delivery again: it becomes pending with a
	// new job due at now. CodeInvalid unless it failed.
	RetryDelivery(ctx context.Context, id int64, now time.Time) error
}
