package jobs

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// memQueue is an in-memory queue with the store's leasing rules, for
// testing the worker's loop; the SQL queue has its own conformance tests.
type memQueue struct {
	mu   sync.Mutex
	jobs []*memJob
}

type memJob struct {
	news.Job
	lockedUntil time.Time
	done        bool
	lastErr     error
}

func (q *memQueue) ClaimJob(_ context.Context, now time.Time, lease time.Duration) (news.Job, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, j := range q.jobs {
		if !j.done && !j.RunAt.After(now) && !j.lockedUntil.After(now) {
			j.lockedUntil, j.Attempts = now.Add(lease), j.Attempts+1
			return j.Job, nil
		}
	}
	return news.Job{}, news.NotFound("none due")
}

func (q *memQueue) FinishJob(_ context.Context, id int64, now time.Time, failure error, retry time.Time) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, j := range q.jobs {
		if j.ID == id {
			j.lockedUntil, j.lastErr = time.Time{}, failure
			if failure == nil {
				j.done = true
			} else {
				j.RunAt = retry
			}
		}
	}
	return nil
}

func TestWorker(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	q := &memQueue{jobs: []*memJob{
		{Job: news.Job{ID: 1, Kind: news.JobPublish, RefID: 10, RunAt: now.Add(-time.Second)}},
		{Job: news.Job{ID: 2, Kind: "flaky", RefID: 20, RunAt: now}},
		{Job: news.Job{ID: 3, Kind: news.JobPublish, RefID: 30, RunAt: now.Add(time.Hour)}},
		{Job: news.Job{ID: 4, Kind: "unknown", RefID: 40, RunAt: now}},
		{Job: news.Job{ID: 5, Kind: "panics", RefID: 50, RunAt: now}},
	}}
	var published []int64
	w := &Worker{Queue: q, Now: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Handlers: map[string]Handler{
		news.JobPublish: func(_ context.Context, j news.Job) error { published = append(published, j.RefID); return nil },
		"flaky":         func(context.Context, news.Job) error { return errors.New("disk full") },
		"panics":        func(context.Context, news.Job) error { panic("boom") },
	}}
	n := 0
	for w.RunOnce(context.Background()) {
		n++
	}
	if n != 4 || len(published) != 1 || published[0] != 10 {
		t.Fatalf("ran %d jobs, published %v; want 4 run and only the due publish", n, published)
	}
	for _, j := range q.jobs[1:] {
		if j.ID == 3 {
			continue
		}
		if j.done || j.lastErr == nil || !j.RunAt.Equal(now.Add(5*time.Second)) {
			t.Errorf("job %d: done %v err %v retry %v; want a retry in 5 s", j.ID, j.done, j.lastErr, j.RunAt)
		}
	}
	if !q.jobs[0].done || q.jobs[2].done {
		t.Error("the due job should be done and the future one not")
	}
}

func TestBackoff(t *testing.T) {
	for attempt, want := range map[int]time.Duration{1: 5 * time.Second, 2: 10 * time.Second, 4: 40 * time.Second, 20: 10 * time.Minute} {
		if got := DefaultBackoff(attempt); got != want {
			t.Errorf("DefaultBackoff(%d) = %v, want %v", attempt, got, want)
		}
	}
}

func TestBackoffPerKind(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	q := &memQueue{jobs: []*memJob{{Job: news.Job{ID: 1, Kind: "slow", RunAt: now}}}}
	w := &Worker{Queue: q, Now: func() time.Time { return now }, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Handlers: map[string]Handler{"slow": func(context.Context, news.Job) error { return errors.New("receiver down") }},
		Backoffs: map[string]Backoff{"slow": Exponential(time.Minute, time.Hour)}}
	w.RunOnce(context.Background())
	if got := q.jobs[0].RunAt; !got.Equal(now.Add(time.Minute)) {
		t.Errorf("retry at %v, want the kind's own backoff of 1 minute", got)
	}
	if got := Exponential(time.Minute, time.Hour)(9); got != time.Hour {
		t.Errorf("Exponential(1m, 1h)(9) = %v, want the 1 h cap", got)
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	var polls atomic.Int32
	q := &countingQueue{polls: &polls}
	w := &Worker{Queue: q, Now: time.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Interval: 10 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	time.Sleep(60 * time.Millisecond)
	cancel()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("Run did not stop")
	}
	if polls.Load() < 2 {
		t.Errorf("polled %d times", polls.Load())
	}
}

type countingQueue struct{ polls *atomic.Int32 }

func (q *countingQueue) ClaimJob(context.Context, time.Time, time.Duration) (news.Job, error) {
	q.polls.Add(1)
	return news.Job{}, news.NotFound("none")
}
func (q *countingQueue) FinishJob(context.Context, int64, time.Time, error, time.Time) error {
	return nil
}
