// Package auth signs people and scripts in to the newsroom: password
// hashing (argon2id in PHC string format), browser sessions, API tokens and
// sign-in throttling. It keeps only hashes of secrets in the store, and its
// errors never contain a password, a hash or a raw token.
package auth

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/slug"
)

// DefaultSessionTTL is how long a session lasts without activity.
const DefaultSessionTTL = 14 * 24 * time.Hour

// touchInterval is how stale a session's last_seen_at may get before
// Authenticate writes it again: one write a minute per browser, not one per
// request.
const touchInterval = time.Minute

// Store is what the Service needs: accounts, and authors for the byline
// every new account gets.
type Store interface {
	news.AccountStore
	news.AuthorStore
}

// Service signs people in and manages their accounts and tokens. The zero
// value of every field but Store is usable and means its default.
type Service struct {
	Store Store
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// SessionTTL is how long a session lives after its last use (the expiry
	// slides); DefaultSessionTTL when zero.
	SessionTTL time.Duration
	// Throttle limits failed sign-ins; its zero fields take DefaultThrottle's.
	Throttle Throttle
	// Params hash new passwords; its zero fields take DefaultParams'. A
	// stored hash with other parameters is replaced at the next successful
	// sign-in.
	Params Params
}

// now is the current time in UTC, cut to the store's millisecond
// resolution so that what the Service returns matches what it stored.
func (s *Service) now() time.Time {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	return now().UTC().Truncate(time.Millisecond)
}

func (s *Service) ttl() time.Duration {
	if s.SessionTTL > 0 {
		return s.SessionTTL
	}
	return DefaultSessionTTL
}

// throttle returns the Service's Throttle with zero fields defaulted, so
// that setting one limit does not turn another into "refuse everyone".
func (s *Service) throttle() Throttle {
	t, d := s.Throttle, DefaultThrottle()
	t.Window = cmp.Or(t.Window, d.Window)
	t.MaxAccountFailures = cmp.Or(t.MaxAccountFailures, d.MaxAccountFailures)
	t.MaxClientFailures = cmp.Or(t.MaxClientFailures, d.MaxClientFailures)
	return t
}

// params returns the Service's Params with zero fields defaulted.
func (s *Service) params() Params {
	p, d := s.Params, DefaultParams()
	p.Memory = cmp.Or(p.Memory, d.Memory)
	p.Iterations = cmp.Or(p.Iterations, d.Iterations)
	p.Parallelism = cmp.Or(p.Parallelism, d.Parallelism)
	p.SaltLength = cmp.Or(p.SaltLength, d.SaltLength)
	p.KeyLength = cmp.Or(p.KeyLength, d.KeyLength)
	return p
}

// errBadCredentials is the one answer to a wrong password and an unknown
// address alike, so that sign-in does not reveal who has an account.
func errBadCredentials() error {
	return news.Errorf(news.CodeUnauthorized, "the e-mail address or password is wrong")
}

// mayManageAccounts checks the actor of an account change; nil is the
// operator on the command line, who may do anything.
func mayManageAccounts(actor *news.User, what string) error {
	if actor == nil || actor.Can(news.ActManageAccounts, nil) {
		return nil
	}
	return news.Errorf(news.CodeForbidden, "only an administrator can %s", what)
}

// public strips the secret from an account before it leaves the package.
func public(u news.User) news.User {
	u.PasswordHash = ""
	return u
}

// CreateUser adds an account with a byline of the same name and returns it
// without its password hash. actor nil means the operator on the command
// line; any other actor must be allowed news.ActManageAccounts, or the
// error is CodeForbidden. The address is normalized and language defaults
// to "en". CodeInvalid for bad fields or a password the policy refuses,
// CodeConflict when the address is taken.
func (s *Service) CreateUser(ctx context.Context, actor *news.User, email, name string, role news.Role, password, language string) (news.User, error) {
	if err := mayManageAccounts(actor, "add accounts"); err != nil {
		return news.User{}, err
	}
	if language == "" {
		language = "en"
	}
	u := news.User{Email: news.NormalizeEmail(email), Name: strings.TrimSpace(name), Role: role, Language: language,
		PasswordHash: "$argon2id$", CreatedAt: s.now()} // placeholder: validate before paying for a hash
	if err := u.Validate(); err != nil {
		return news.User{}, err
	}
	if err := CheckPasswordPolicy(password); err != nil {
		return news.User{}, err
	}
	if err := s.emailFree(ctx, u.Email); err != nil {
		return news.User{}, err
	}
	u.PasswordHash = s.params().HashPassword(password)
	author, err := s.createByline(ctx, u.Name, u.Email)
	if err != nil {
		return news.User{}, err
	}
	u.AuthorID = author.ID
	if err := s.Store.CreateUser(ctx, &u); err != nil {
		return news.User{}, fmt.Errorf("auth: create account: %w", err)
	}
	return public(u), nil
}

// emailFree returns CodeConflict when an account has the address. Checking
// first keeps a byline from being created for an account that cannot be;
// the store's unique index still decides races.
func (s *Service) emailFree(ctx context.Context, email string) error {
	_, err := s.Store.UserByEmail(ctx, email)
	switch news.ErrorCode(err) {
	case news.CodeNotFound:
		return nil
	case "":
		return news.Errorf(news.CodeConflict, "an account with the e-mail address %q already exists", email)
	}
	return fmt.Errorf("auth: look up account: %w", err)
}

// maxBylineTries bounds the search for a free author slug.
const maxBylineTries = 100

// createByline adds an author named name, with the slug of the name (or of
// the address when the name has no letters) and -2, -3… when it is taken.
func (s *Service) createByline(ctx context.Context, name, email string) (news.Author, error) {
	base := slug.Make(name)
	if base == "" {
		local, _, _ := strings.Cut(email, "@")
		base = slug.Make(local)
	}
	if base == "" {
		base = "author"
	}
	for i := 1; i <= maxBylineTries; i++ {
		a := news.Author{Slug: base, Name: name}
		if i > 1 {
			a.Slug = fmt.Sprintf("%s-%d", base, i)
		}
		err := s.Store.CreateAuthor(ctx, &a)
		if news.ErrorCode(err) == news.CodeConflict {
			continue
		}
		if err != nil {
			return news.Author{}, fmt.Errorf("auth: create byline: %w", err)
		}
		return a, nil
	}
	return news.Author{}, news.Errorf(news.CodeConflict, "authors %s to %s-%d already exist; choose another name", base, base, maxBylineTries)
}

// SignIn checks an e-mail address and password and starts a session. It
// returns the account (without its password hash) and the session's raw
// token, for the cookie; the store keeps only its hash.
//
// clientAddr is the client's IP address (a port is ignored; "" skips the
// per-address limit). Before the password is looked at, the Throttle is
// consulted: too many recent failures for the account or the address give
// a *ThrottledError (CodeUnauthorized). A wrong password and an unknown
// address give the same CodeUnauthorized error, in about the same time,
// and are recorded as failures; a success clears the account's failures. A
// disabled account with the right password gives CodeForbidden.
func (s *Service) SignIn(ctx context.Context, email, password, clientAddr string) (news.User, string, error) {
	now := s.now()
	email = news.NormalizeEmail(email)
	th := s.throttle()
	limits := []limit{{accountKey(email), th.MaxAccountFailures}}
	if clientAddr != "" {
		limits = append(limits, limit{clientKey(clientAddr), th.MaxClientFailures})
	}
	if err := th.check(ctx, s.Store, now, limits); err != nil {
		return news.User{}, "", err
	}
	u, err := s.checkPassword(ctx, email, password, now, limits)
	if err != nil {
		return news.User{}, "", err
	}
	if !u.Active() {
		return news.User{}, "", news.Errorf(news.CodeForbidden, "this account is disabled; ask an administrator")
	}
	if err := s.Store.ClearLoginFailures(ctx, accountKey(email)); err != nil {
		return news.User{}, "", fmt.Errorf("auth: clear sign-in failures: %w", err)
	}
	if err := s.upgradeHash(ctx, &u, password); err != nil {
		return news.User{}, "", err
	}
	token, err := s.startSession(ctx, u.ID, now)
	if err != nil {
		return news.User{}, "", err
	}
	return public(u), token, nil
}

// checkPassword returns the account with email when password is its
// password; otherwise it records a failure under every key in limits and
// returns errBadCredentials.
func (s *Service) checkPassword(ctx context.Context, email, password string, now time.Time, limits []limit) (news.User, error) {
	u, err := s.Store.UserByEmail(ctx, email)
	ok := false
	switch news.ErrorCode(err) {
	case "":
		ok, err = VerifyPassword(u.PasswordHash, password)
		if err != nil {
			return news.User{}, fmt.Errorf("auth: account %d: %w", u.ID, err)
		}
	case news.CodeNotFound:
		s.params().burn(password) // as slow as a wrong password
	default:
		return news.User{}, fmt.Errorf("auth: look up account: %w", err)
	}
	if ok {
		return u, nil
	}
	keys := make([]string, len(limits))
	for i, l := range limits {
		keys[i] = l.key
	}
	if err := s.Store.RecordLoginFailure(ctx, keys, now); err != nil {
		return news.User{}, fmt.Errorf("auth: record sign-in failure: %w", err)
	}
	return news.User{}, errBadCredentials()
}

// upgradeHash replaces u's hash when it was made with other parameters than
// the Service's, now that the password is known.
func (s *Service) upgradeHash(ctx context.Context, u *news.User, password string) error {
	p := s.params()
	if !p.NeedsRehash(u.PasswordHash) {
		return nil
	}
	u.PasswordHash = p.HashPassword(password)
	if err := s.Store.UpdateUser(ctx, u); err != nil {
		return fmt.Errorf("auth: rehash password of account %d: %w", u.ID, err)
	}
	return nil
}

// startSession stores a new session for the account and returns its token.
func (s *Service) startSession(ctx context.Context, userID int64, now time.Time) (string, error) {
	token, hash := NewToken()
	csrf, _ := NewToken()
	x := news.Session{TokenHash: hash, UserID: userID, CSRFToken: csrf, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.ttl())}
	if err := s.Store.CreateSession(ctx, x); err != nil {
		return "", fmt.Errorf("auth: start session: %w", err)
	}
	return token, nil
}

// errSessionEnded answers a session token that is unknown, expired or
// belongs to a disabled account.
func errSessionEnded(cause error) error {
	return &news.Error{Code: news.CodeUnauthorized, Message: "your session has ended; sign in again", Err: cause}
}

// Authenticate returns the account (without its password hash) and session
// of a session token. CodeUnauthorized when the token is unknown or
// expired or the account disabled. Each use slides the expiry to
// SessionTTL from now, written at most once a minute.
func (s *Service) Authenticate(ctx context.Context, token string) (news.User, news.Session, error) {
	if token == "" {
		return news.User{}, news.Session{}, errSessionEnded(nil)
	}
	now := s.now()
	x, u, err := s.Store.SessionByHash(ctx, HashToken(token), now)
	if news.ErrorCode(err) == news.CodeNotFound {
		return news.User{}, news.Session{}, errSessionEnded(err)
	}
	if err != nil {
		return news.User{}, news.Session{}, fmt.Errorf("auth: session: %w", err)
	}
	if now.Sub(x.LastSeenAt) >= touchInterval {
		x.LastSeenAt, x.ExpiresAt = now, now.Add(s.ttl())
		err := s.Store.TouchSession(ctx, x.TokenHash, x.LastSeenAt, x.ExpiresAt)
		switch news.ErrorCode(err) {
		case news.CodeNotFound: // signed out meanwhile
			return news.User{}, news.Session{}, errSessionEnded(err)
		case news.CodeUnavailable:
			// The disk is full or read-only: the session stays valid
			// for reading, and the page shows the store's refusal
			// when it writes.
			err = nil
		}
		if err != nil {
			return news.User{}, news.Session{}, fmt.Errorf("auth: touch session: %w", err)
		}
	}
	return public(u), x, nil
}

// SignOut ends the session of token. Ending an unknown or ended session is
// not an error.
func (s *Service) SignOut(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	if err := s.Store.DeleteSession(ctx, HashToken(token)); err != nil {
		return fmt.Errorf("auth: sign out: %w", err)
	}
	return nil
}

// ChangePassword replaces the password of the account user.ID (reloaded
// from the store) after checking the current one, then ends every other
// session of the account: all but the one whose token is keepSessionToken
// ("" ends them all). A wrong current password is
// CodeInvalid on field "current_password" and counts as a failed sign-in
// for the account, so a stolen session cannot guess it quickly; too many
// give a *ThrottledError. A new password the policy refuses is CodeInvalid,
// checked first; a disabled account is CodeForbidden.
func (s *Service) ChangePassword(ctx context.Context, user news.User, current, next, keepSessionToken string) error {
	u, err := s.Store.User(ctx, user.ID)
	if err != nil {
		return fmt.Errorf("auth: change password: %w", err)
	}
	if !u.Active() {
		return news.Errorf(news.CodeForbidden, "this account is disabled")
	}
	if err := CheckPasswordPolicy(next); err != nil {
		return err
	}
	now, th := s.now(), s.throttle()
	limits := []limit{{accountKey(u.Email), th.MaxAccountFailures}}
	if err := th.check(ctx, s.Store, now, limits); err != nil {
		return err
	}
	if _, err := s.checkPassword(ctx, u.Email, current, now, limits); err != nil {
		if news.ErrorCode(err) == news.CodeUnauthorized {
			return news.Invalid("current_password", "is wrong")
		}
		return err
	}
	u.PasswordHash = s.params().HashPassword(next)
	if err := s.Store.UpdateUser(ctx, &u); err != nil {
		return fmt.Errorf("auth: change password of account %d: %w", u.ID, err)
	}
	keep := ""
	if keepSessionToken != "" {
		keep = HashToken(keepSessionToken)
	}
	if err := s.Store.DeleteUserSessions(ctx, u.ID, keep); err != nil {
		return fmt.Errorf("auth: end other sessions of account %d: %w", u.ID, err)
	}
	return nil
}
