// Package jobs runs Byline's background work from the database-backed
// queue: a job is enqueued in the transaction of the change that causes it
// (scheduling a story enqueues its publication), so it survives restarts,
// and a worker leases due jobs one at a time so a job runs once even with
// several workers.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// Queue is the part of the store the worker needs.
type Queue interface {
	ClaimJob(ctx context.Context, now time.Time, lease time.Duration) (news.Job, error)
	FinishJob(ctx context.Context, id int64, now time.Time, failure error, retryAt time.Time) error
}

// Handler does one kind of job. It must be idempotent: a worker that dies
// after the work but before finishing the job leaves it to run again.
type Handler func(ctx context.Context, j news.Job) error

// Worker polls the queue and runs due jobs.
type Worker struct {
	Queue    Queue
	Handlers map[string]Handler
	Now      func() time.Time
	Log      *slog.Logger
	// Interval between polls when the queue is idle. A job runs at most
	// this long after it is due.
	Interval time.Duration
	// Lease is how long a claimed job is reserved for its worker.
	Lease time.Duration
	// Backoffs sets how long a failed job of a kind waits before its next
	// attempt; kinds without one use DefaultBackoff. A handler that gives up
	// (webhooks do, after a number of attempts) records that and returns nil.
	Backoffs map[string]Backoff
	// OnDone, when set, is called after each job completes (tests, metrics).
	OnDone func(news.Job, error)
}

// Backoff returns the wait before the next attempt after attempt (1 for
// the first) failed.
type Backoff func(attempt int) time.Duration

// Exponential returns a Backoff that waits first after the first failure
// and doubles the wait after each further one, up to limit.
func Exponential(first, limit time.Duration) Backoff {
	return func(attempt int) time.Duration {
		d := first
		for i := 1; i < attempt && d < limit; i++ {
			d *= 2
		}
		return min(d, limit)
	}
}

// DefaultBackoff grows with each attempt, from 5 seconds to at most 10
// minutes: a scheduled publication that failed on a busy store is retried
// soon.
func DefaultBackoff(attempt int) time.Duration {
	return Exponential(5*time.Second, 10*time.Minute)(attempt)
}

// Run works until ctx is cancelled, finishing the job in hand first.
func (w *Worker) Run(ctx context.Context) {
	interval := w.Interval
	if interval <= 0 {
		interval = time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		for w.RunOnce(ctx) {
			if ctx.Err() != nil {
				return
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce runs one due job, if there is one, and reports whether it did.
func (w *Worker) RunOnce(ctx context.Context) bool {
	lease := w.Lease
	if lease <= 0 {
		lease = time.Minute
	}
	j, err := w.Queue.ClaimJob(ctx, w.Now(), lease)
	if news.ErrorCode(err) == news.CodeNotFound {
		return false
	}
	if err != nil {
		w.Log.ErrorContext(ctx, "jobs: claim", "err", err)
		return false
	}
	// The job's own work is not cut short by shutdown: it is bounded by the
	// lease instead, and a job is either done or retried.
	jctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lease)
	defer cancel()
	runErr := w.run(jctx, j)
	retry := w.Now().Add(w.backoff(j.Kind)(j.Attempts))
	if err := w.Queue.FinishJob(jctx, j.ID, w.Now(), runErr, retry); err != nil {
		w.Log.ErrorContext(ctx, "jobs: finish", "job", j.ID, "err", err)
	}
	if runErr != nil {
		w.Log.WarnContext(ctx, "jobs: failed, will retry", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts, "retry_at", retry, "err", runErr)
	} else {
		w.Log.InfoContext(ctx, "jobs: done", "job", j.ID, "kind", j.Kind, "ref", j.RefID, "late", w.Now().Sub(j.RunAt).Round(time.Millisecond))
	}
	if w.OnDone != nil {
		w.OnDone(j, runErr)
	}
	return true
}

func (w *Worker) run(ctx context.Context, j news.Job) (err error) {
	h, ok := w.Handlers[j.Kind]
	if !ok {
		return fmt.Errorf("no handler for job kind %q", j.Kind)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job panicked: %v", p)
		}
	}()
	return h(ctx, j)
}

func (w *Worker) backoff(kind string) Backoff {
	if b, ok := w.Backoffs[kind]; ok && b != nil {
		return b
	}
	return DefaultBackoff
}
