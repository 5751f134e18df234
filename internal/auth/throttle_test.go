package auth_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/auth"
	"github.com/bylinehq/byline/internal/news"
)

func TestThrottledError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		after   time.Duration
		minutes int
		message string
	}{
		{15 * time.Minute, 15, "too many failed sign-ins; wait 15 minutes and try again"},
		{14*time.Minute + time.Second, 15, "too many failed sign-ins; wait 15 minutes and try again"},
		{time.Minute, 1, "too many failed sign-ins; wait 1 minute and try again"},
		{0, 1, "too many failed sign-ins; wait 1 minute and try again"},
	}
	for _, tt := range tests {
		var err error = fmt.Errorf("handler: %w", &auth.ThrottledError{RetryAfter: tt.after})
		var te *auth.ThrottledError
		if !errors.As(err, &te) || te.Minutes() != tt.minutes {
			t.Errorf("%v: Minutes = %d, want %d", tt.after, te.Minutes(), tt.minutes)
		}
		if news.ErrorCode(err) != news.CodeUnauthorized || news.ErrorMessage(err) != tt.message {
			t.Errorf("%v: code %q message %q, want unauthorized %q", tt.after, news.ErrorCode(err), news.ErrorMessage(err), tt.message)
		}
	}
}

func TestCustomThrottle(t *testing.T) {
	e := newEnv(t)
	e.svc.Throttle = auth.Throttle{Window: time.Hour, MaxAccountFailures: 2, MaxClientFailures: 100}
	e.user("ana@example.org", news.RoleAuthor)
	for range 2 {
		_, _, err := e.svc.SignIn(e.ctx, "ana@example.org", "wrong guess", "192.0.2.1")
		wantCode(t, err, news.CodeUnauthorized)
	}
	e.clk.advance(59 * time.Minute)
	var te *auth.ThrottledError
	if _, _, err := e.svc.SignIn(e.ctx, "ana@example.org", password, "192.0.2.1"); !errors.As(err, &te) || te.RetryAfter != time.Hour {
		t.Fatalf("third attempt within the hour: %v, want throttled for an hour", err)
	}
	e.clk.advance(time.Minute + time.Millisecond) // the window includes its first instant
	e.signIn("ana@example.org", password)
}
