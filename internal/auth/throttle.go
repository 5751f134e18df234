package auth

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// Throttle limits password guessing. Failed sign-ins are counted per
// account and per client address over a sliding window; once a key has
// reached its limit, further attempts under it are refused without looking
// at the password, and are not counted, so the lock lifts at most Window
// after the last real failure.
type Throttle struct {
	Window time.Duration
	// MaxAccountFailures is how many failures an account may have within
	// Window before its sign-ins are refused.
	MaxAccountFailures int
	// MaxClientFailures is the same for one client address, so that one
	// machine cannot try a few passwords on every account.
	MaxClientFailures int
}

// DefaultThrottle allows 5 failures per account and 20 per client address
// in 15 minutes.
func DefaultThrottle() Throttle {
	return Throttle{Window: 15 * time.Minute, MaxAccountFailures: 5, MaxClientFailures: 20}
}

// ThrottledError is SignIn's error when too many attempts failed recently.
// Its code is news.CodeUnauthorized; handlers can find it with errors.As to
// say how long to wait and to set Retry-After.
type ThrottledError struct {
	// RetryAfter is an upper bound on how long until a sign-in is allowed
	// again.
	RetryAfter time.Duration
}

// Minutes returns RetryAfter in whole minutes, rounded up, at least 1.
func (e *ThrottledError) Minutes() int {
	return max(1, int((e.RetryAfter+time.Minute-1)/time.Minute))
}

func (e *ThrottledError) Error() string { return e.Unwrap().Error() }

// Unwrap gives the domain error, so news.ErrorCode and news.ErrorMessage
// treat a ThrottledError like any other unauthorized sign-in.
func (e *ThrottledError) Unwrap() error {
	unit := "minutes"
	if e.Minutes() == 1 {
		unit = "minute"
	}
	return news.Errorf(news.CodeUnauthorized, "too many failed sign-ins; wait %d %s and try again", e.Minutes(), unit)
}

// Failure keys: one row per key in the store's login_failures.
func accountKey(email string) string { return "account:" + email }

func clientKey(addr string) string {
	if host, _, err := net.SplitHostPort(addr); err == nil {
		addr = host
	}
	return "client:" + addr
}

// limit is the most failures allowed under one key within the window.
type limit struct {
	key string
	max int
}

// check returns a *ThrottledError when any key has reached its limit at now.
func (t Throttle) check(ctx context.Context, st news.AccountStore, now time.Time, limits []limit) error {
	since := now.Add(-t.Window)
	for _, l := range limits {
		n, err := st.LoginFailures(ctx, l.key, since)
		if err != nil {
			return fmt.Errorf("auth: count sign-in failures: %w", err)
		}
		if n >= l.max {
			return &ThrottledError{RetryAfter: t.Window}
		}
	}
	return nil
}
