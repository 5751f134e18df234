package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// enqueueWebhooks runs in the transaction of every article save, after the
// write: it drops the story's deliveries that were waiting for a time that
// has not come (a rescheduled or withdrawn story must not fire a stale
// event), then writes one delivery and one job for each active endpoint
// subscribed to each event the save causes. before is nil for a new story.
func (s *Store) enqueueWebhooks(ctx context.Context, tx *sql.Tx, before, after *news.Article, now time.Time) error {
	stale := `SELECT id FROM webhook_deliveries WHERE article_id = ? AND status = 'pending' AND attempts = 0 AND due_at > ?`
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM jobs WHERE kind = ? AND done_at IS NULL AND ref_id IN (`+stale+`)`),
		news.JobWebhook, after.ID, now.UnixMilli()); err != nil {
		return fmt.Errorf("store: drop stale webhook jobs: %w", err)
	}
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM webhook_deliveries WHERE id IN (`+stale+`)`), after.ID, now.UnixMilli()); err != nil {
		return fmt.Errorf("store: drop stale webhooks: %w", err)
	}
	return s.enqueueEvents(ctx, tx, after.ID, news.EventsFor(before, after, now), now)
}

// enqueueEvents writes one delivery and one job for each active endpoint
// subscribed to each event.
func (s *Store) enqueueEvents(ctx context.Context, tx *sql.Tx, articleID int64, due []news.DueEvent, now time.Time) error {
	if len(due) == 0 {
		return nil
	}
	endpoints, err := s.endpoints(ctx, tx, true)
	if err != nil {
		return err
	}
	for _, ev := range due {
		for _, e := range endpoints {
			if !e.Subscribes(ev.Event) {
				continue
			}
			if err := s.insertDelivery(ctx, tx, e.ID, ev, articleID, now); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Store) insertDelivery(ctx context.Context, tx *sql.Tx, endpointID int64, ev news.DueEvent, articleID int64, now time.Time) error {
	var id int64
	err := tx.QueryRowContext(ctx, s.q(`INSERT INTO webhook_deliveries (endpoint_id, event, article_id, status, due_at, next_attempt_at, created_at)
		VALUES (?, ?, ?, 'pending', ?, ?, ?) RETURNING id`),
		endpointID, ev.Event, articleID, ev.At.UnixMilli(), ev.At.UnixMilli(), now.UnixMilli()).Scan(&id)
	if err != nil {
		return fmt.Errorf("store: insert webhook delivery: %w", err)
	}
	return s.insertWebhookJob(ctx, tx, id, ev.At, now)
}

func (s *Store) insertWebhookJob(ctx context.Context, tx *sql.Tx, deliveryID int64, runAt, now time.Time) error {
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO jobs (kind, ref_id, run_at, created_at) VALUES (?, ?, ?, ?)`),
		news.JobWebhook, deliveryID, runAt.UnixMilli(), now.UnixMilli())
	if err != nil {
		return fmt.Errorf("store: insert webhook job: %w", err)
	}
	return nil
}

const endpointCols = `id, url, events, secret, active, created_at, created_by`

func scanEndpoint(row rowScanner) (news.Endpoint, error) {
	var (
		e      news.Endpoint
		events string
		at     int64
		by     sql.NullInt64
	)
	if err := row.Scan(&e.ID, &e.URL, &events, &e.Secret, &e.Active, &at, &by); err != nil {
		return e, err
	}
	for _, ev := range lines(events) {
		e.Events = append(e.Events, news.Event(ev))
	}
	e.CreatedAt, e.CreatedBy = time.UnixMilli(at).UTC(), by.Int64
	return e, nil
}

// CreateEndpoint validates and stores a webhook endpoint.
func (s *Store) CreateEndpoint(ctx context.Context, e *news.Endpoint) error {
	if err := e.Validate(); err != nil {
		return err
	}
	events := make([]string, len(e.Events))
	for i, ev := range e.Events {
		events[i] = string(ev)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, s.q(`INSERT INTO webhook_endpoints (url, events, secret, active, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
			e.URL, strings.Join(events, "\n"), e.Secret, flag(e.Active), e.CreatedAt.UnixMilli(), nullID(e.CreatedBy)).Scan(&e.ID)
		if s.d.isForeignKey(err) {
			return news.Invalid("created_by", "there is no account with id %d", e.CreatedBy)
		}
		return err
	})
}

// Endpoint returns one webhook endpoint.
func (s *Store) Endpoint(ctx context.Context, id int64) (news.Endpoint, error) {
	e, err := scanEndpoint(s.read.QueryRowContext(ctx, s.q(`SELECT `+endpointCols+` FROM webhook_endpoints WHERE id = ?`), id))
	return one(e, err, news.NotFound("no webhook endpoint with id %d", id), fmt.Sprintf("webhook endpoint %d", id))
}

// Endpoints lists every webhook endpoint, oldest first.
func (s *Store) Endpoints(ctx context.Context) ([]news.Endpoint, error) {
	var out []news.Endpoint
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.endpoints(ctx, tx, false)
		return err
	})
	return out, err
}

func (s *Store) endpoints(ctx context.Context, tx *sql.Tx, activeOnly bool) ([]news.Endpoint, error) {
	query := `SELECT ` + endpointCols + ` FROM webhook_endpoints`
	if activeOnly {
		query += ` WHERE active = 1`
	}
	return queryAll(ctx, tx, "webhook endpoints", scanEndpoint, query+` ORDER BY id`)
}

// SetEndpointActive enables or disables a webhook endpoint.
func (s *Store) SetEndpointActive(ctx context.Context, id int64, active bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE webhook_endpoints SET active = ? WHERE id = ?`), flag(active), id)
		return changed(res, err, news.NotFound("no webhook endpoint with id %d", id))
	})
}

// DeleteEndpoint removes an endpoint, its deliveries and their pending jobs.
func (s *Store) DeleteEndpoint(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM jobs WHERE kind = ? AND done_at IS NULL
			AND ref_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = ?)`), news.JobWebhook, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM webhook_endpoints WHERE id = ?`), id)
		return changed(res, err, news.NotFound("no webhook endpoint with id %d", id))
	})
}

// changed turns an exec that touched no row into notFound.
func changed(res sql.Result, err error, notFound error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound
	}
	return nil
}

const deliveryCols = `d.id, d.endpoint_id, d.event, d.article_id, COALESCE(a.headline, ''), d.status, d.attempts,
	d.last_status_code, d.last_error, d.due_at, d.next_attempt_at, d.delivered_at, d.created_at`

const deliveryFrom = ` FROM webhook_deliveries d LEFT JOIN articles a ON a.id = d.article_id `

func scanDelivery(row rowScanner) (news.Delivery, error) {
	var (
		d                 news.Delivery
		code              sql.NullInt64
		lastErr           sql.NullString
		due, created      int64
		next, deliveredAt sql.NullInt64
	)
	err := row.Scan(&d.ID, &d.EndpointID, &d.Event, &d.ArticleID, &d.Headline, &d.Status, &d.Attempts, &code, &lastErr,
		&due, &next, &deliveredAt, &created)
	if err != nil {
		return d, err
	}
	d.LastStatusCode, d.LastError = int(code.Int64), lastErr.String
	d.DueAt, d.CreatedAt = time.UnixMilli(due).UTC(), time.UnixMilli(created).UTC()
	d.NextAttemptAt, d.DeliveredAt = fromMS(next), fromMS(deliveredAt)
	return d, nil
}

// Delivery returns one webhook delivery.
func (s *Store) Delivery(ctx context.Context, id int64) (news.Delivery, error) {
	d, err := scanDelivery(s.read.QueryRowContext(ctx, s.q(`SELECT `+deliveryCols+deliveryFrom+`WHERE d.id = ?`), id))
	return one(d, err, news.NotFound("no webhook delivery with id %d", id), fmt.Sprintf("webhook delivery %d", id))
}

// Deliveries lists an endpoint's deliveries, newest first.
func (s *Store) Deliveries(ctx context.Context, endpointID int64, limit int) ([]news.Delivery, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	return queryAll(ctx, s.read, "webhook deliveries", scanDelivery, s.q(`SELECT `+deliveryCols+deliveryFrom+`
		WHERE d.endpoint_id = ? ORDER BY d.id DESC LIMIT ?`), endpointID, limit)
}

// RecordAttempt adds one attempt's outcome to a delivery.
func (s *Store) RecordAttempt(ctx context.Context, id int64, a news.Attempt) error {
	var delivered sql.NullInt64
	if a.Status == news.DeliveryDelivered {
		delivered = ms(a.At)
	}
	var code sql.NullInt64
	if a.StatusCode != 0 {
		code = sql.NullInt64{Int64: int64(a.StatusCode), Valid: true}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1,
			last_status_code = ?, last_error = ?, next_attempt_at = ?, delivered_at = COALESCE(?, delivered_at) WHERE id = ?`),
			a.Status, code, nullString(a.Error), ms(a.NextAt), delivered, id)
		return changed(res, err, news.NotFound("no webhook delivery with id %d", id))
	})
}

// RetryDelivery makes a failed delivery pending again, with a job due now.
func (s *Store) RetryDelivery(ctx context.Context, id int64, now time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var status news.DeliveryStatus
		err := tx.QueryRowContext(ctx, s.q(`SELECT status FROM webhook_deliveries WHERE id = ?`), id).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return news.NotFound("no webhook delivery with id %d", id)
		}
		if err != nil {
			return err
		}
		if status != news.DeliveryFailed {
			return news.Invalid("delivery", "only a failed delivery can be sent again; this one is %s", status)
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ? WHERE id = ?`),
			now.UnixMilli(), id); err != nil {
			return err
		}
		return s.insertWebhookJob(ctx, tx, id, now, now)
	})
}

// correctionEvent tells subscribers that a visible story changed when a
// correction is attached to it.
func (s *Store) correctionEvent(ctx context.Context, tx *sql.Tx, articleID int64) error {
	a, err := s.loadArticle(ctx, tx, articleID)
	if err != nil {
		return err
	}
	now := s.now()
	if !a.VisibleAt(now) {
		return nil
	}
	return s.enqueueEvents(ctx, tx, articleID, []news.DueEvent{{Event: news.EventUpdated, At: now}}, now)
}
