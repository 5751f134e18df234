package web

import (
	"context"
	"io"
	"sync"
	"time"
)

// LogBuffer gathers log lines on their way to w and writes them in
// batches: a site under load logs a line per request, and a write per
// line cost a tenth of a cached page's CPU. Lines go out every interval
// (see Run), whenever logBufferSize has gathered, at once after a warning
// or an error (LogHandler flushes), and on Flush. So a crash can lose at
// most an interval's info lines (access lines, mostly), never a warning.
type LogBuffer struct {
	mu  sync.Mutex
	w   io.Writer
	buf []byte
}

const logBufferSize = 64 << 10

// NewLogBuffer buffers writes to w.
func NewLogBuffer(w io.Writer) *LogBuffer {
	return &LogBuffer{w: w, buf: make([]byte, 0, logBufferSize)}
}

// Write keeps a copy of p (log handlers reuse theirs), writing what has
// gathered first when p would not fit.
func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.buf)+len(p) > logBufferSize {
		if err := b.flushLocked(); err != nil {
			return 0, err
		}
		if len(p) > logBufferSize {
			return b.w.Write(p)
		}
	}
	b.buf = append(b.buf, p...)
	return len(p), nil
}

// Flush writes out what has gathered.
func (b *LogBuffer) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.flushLocked()
}

func (b *LogBuffer) flushLocked() error {
	if len(b.buf) == 0 {
		return nil
	}
	_, err := b.w.Write(b.buf)
	b.buf = b.buf[:0]
	return err
}

// Run flushes every interval until ctx is done, then once more.
func (b *LogBuffer) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			b.Flush()
			return
		case <-t.C:
			b.Flush()
		}
	}
}
