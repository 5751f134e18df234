package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// errTODO marks store methods that are still stubs elsewhere in the package.
var errTODO = errors.New("store: not implemented yet")

// tokenUseResolution is how stale a token's last_used_at may get before a
// lookup writes it again: a busy script should not rewrite the row on every
// request.
const tokenUseResolution = time.Minute

// loginFailureRetention is how long a failed sign-in is kept. Throttling
// looks back minutes, not days; older rows are pruned as new ones arrive so
// that a long attack cannot grow the table without bound.
const loginFailureRetention = 24 * time.Hour

// userCols are the users columns, read from the table aliased u.
const userCols = `u.id, u.email, u.name, u.role, u.password_hash, u.language, u.author_id, u.created_at, u.disabled_at`

func scanUser(row rowScanner, extra ...any) (news.User, error) {
	var (
		u                 news.User
		author            sql.NullInt64
		created, disabled sql.NullInt64
	)
	dest := append([]any{&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.Language, &author, &created, &disabled}, extra...)
	if err := row.Scan(dest...); err != nil {
		return u, err
	}
	u.AuthorID, u.CreatedAt, u.DisabledAt = author.Int64, fromMS(created), fromMS(disabled)
	return u, nil
}

// CreateUser validates and adds an account, setting its ID and, when it is
// zero, its CreatedAt. CodeConflict when the e-mail address is taken,
// CodeInvalid when the fields are wrong or AuthorID names no author.
func (s *Store) CreateUser(ctx context.Context, u *news.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = s.now().UTC().Truncate(time.Millisecond)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, s.q(`INSERT INTO users (email, name, role, password_hash, language, author_id, created_at, disabled_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			u.Email, u.Name, u.Role, u.PasswordHash, u.Language, nullID(u.AuthorID), ms(u.CreatedAt), ms(u.DisabledAt)).Scan(&u.ID)
		return s.userWriteErr(err, u)
	})
}

// UpdateUser validates and replaces an account's name, role, language,
// author, password hash and disabled time; the e-mail address and creation
// time stay. CodeNotFound when there is no account with u.ID.
func (s *Store) UpdateUser(ctx context.Context, u *news.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE users SET name = ?, role = ?, password_hash = ?, language = ?, author_id = ?, disabled_at = ?
			WHERE id = ?`), u.Name, u.Role, u.PasswordHash, u.Language, nullID(u.AuthorID), ms(u.DisabledAt), u.ID)
		if err != nil {
			return s.userWriteErr(err, u)
		}
		return mustAffect(res, news.NotFound("no account with id %d", u.ID))
	})
}

// userWriteErr turns constraint violations on users into domain errors.
func (s *Store) userWriteErr(err error, u *news.User) error {
	switch {
	case err == nil:
		return nil
	case s.d.isUnique(err):
		return news.Errorf(news.CodeConflict, "an account with the e-mail address %q already exists", u.Email)
	case s.d.isForeignKey(err):
		return news.Invalid("author", "there is no author with id %d", u.AuthorID)
	}
	return fmt.Errorf("store: save account: %w", err)
}

// mustAffect returns notFound when an UPDATE or DELETE matched no row.
func mustAffect(res sql.Result, notFound error) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound
	}
	return nil
}

// User returns the account with id, active or not.
func (s *Store) User(ctx context.Context, id int64) (news.User, error) {
	u, err := scanUser(s.read.QueryRowContext(ctx, s.q(`SELECT `+userCols+` FROM users u WHERE u.id = ?`), id))
	return one(u, err, news.NotFound("no account with id %d", id), fmt.Sprintf("account %d", id))
}

// UserByEmail finds an account, active or not, by its address exactly as
// given; callers pass news.NormalizeEmail's form.
func (s *Store) UserByEmail(ctx context.Context, email string) (news.User, error) {
	u, err := scanUser(s.read.QueryRowContext(ctx, s.q(`SELECT `+userCols+` FROM users u WHERE u.email = ?`), email))
	return one(u, err, news.NotFound("no account with the e-mail address %q", email), "account by e-mail")
}

// Users lists every account, disabled ones included, by name then ID.
func (s *Store) Users(ctx context.Context) ([]news.User, error) {
	return queryAll(ctx, s.read, "accounts", bare(scanUser), s.q(`SELECT `+userCols+` FROM users u ORDER BY u.name, u.id`))
}

// CountUsers returns how many accounts exist, disabled ones included.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM users`)).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count accounts: %w", err)
	}
	return n, nil
}

// sessionCols are the sessions columns, read from the table aliased x.
const sessionCols = `x.token_hash, x.user_id, x.csrf_token, x.created_at, x.last_seen_at, x.expires_at`

// CreateSession adds a signed-in session; a zero CreatedAt is now and a zero
// LastSeenAt is CreatedAt. CodeConflict when the token hash exists,
// CodeInvalid when the hash, CSRF token or expiry is missing or the account
// does not exist.
func (s *Store) CreateSession(ctx context.Context, x news.Session) error {
	if x.TokenHash == "" || x.CSRFToken == "" || x.ExpiresAt.IsZero() {
		return news.Invalid("session", "a token hash, a CSRF token and an expiry are required")
	}
	if x.CreatedAt.IsZero() {
		x.CreatedAt = s.now().UTC().Truncate(time.Millisecond)
	}
	if x.LastSeenAt.IsZero() {
		x.LastSeenAt = x.CreatedAt
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?)`), x.TokenHash, x.UserID, x.CSRFToken, ms(x.CreatedAt), ms(x.LastSeenAt), ms(x.ExpiresAt))
		switch {
		case err == nil:
			return nil
		case s.d.isUnique(err):
			return news.Errorf(news.CodeConflict, "the session already exists")
		case s.d.isForeignKey(err):
			return news.Invalid("user", "there is no account with id %d", x.UserID)
		}
		return fmt.Errorf("store: create session: %w", err)
	})
}

// SessionByHash returns the session whose token hashes to hash, with its
// account, when it expires after now and the account is active; otherwise
// CodeNotFound. The message never contains the hash.
func (s *Store) SessionByHash(ctx context.Context, hash string, now time.Time) (news.Session, news.User, error) {
	var (
		x                      news.Session
		created, seen, expires sql.NullInt64
	)
	u, err := scanUser(s.read.QueryRowContext(ctx, s.q(`SELECT `+userCols+`, `+sessionCols+`
		FROM sessions x JOIN users u ON u.id = x.user_id
		WHERE x.token_hash = ? AND x.expires_at > ? AND u.disabled_at IS NULL`), hash, now.UnixMilli()),
		&x.TokenHash, &x.UserID, &x.CSRFToken, &created, &seen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return news.Session{}, news.User{}, news.NotFound("no live session for that token")
	}
	if err != nil {
		return news.Session{}, news.User{}, fmt.Errorf("store: session: %w", err)
	}
	x.CreatedAt, x.LastSeenAt, x.ExpiresAt = fromMS(created), fromMS(seen), fromMS(expires)
	return x, u, nil
}

// TouchSession records activity at seen and moves the expiry to expires.
// CodeNotFound when there is no such session.
func (s *Store) TouchSession(ctx context.Context, hash string, seen, expires time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?`),
			ms(seen), ms(expires), hash)
		if err != nil {
			return fmt.Errorf("store: touch session: %w", err)
		}
		return mustAffect(res, news.NotFound("no session for that token"))
	})
}

// DeleteSession ends a session. Ending an unknown one is not an error, so
// signing out twice is harmless.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE token_hash = ?`), hash); err != nil {
			return fmt.Errorf("store: delete session: %w", err)
		}
		return nil
	})
}

// DeleteUserSessions ends every session of the account except the one whose
// hash is keep ("" keeps none).
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64, keep string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`), userID, keep); err != nil {
			return fmt.Errorf("store: delete sessions of account %d: %w", userID, err)
		}
		return nil
	})
}

// tokenCols are the api_tokens columns, read from the table aliased t.
const tokenCols = `t.id, t.user_id, t.name, t.token_hash, t.created_at, t.last_used_at, t.revoked_at`

// tokenRow receives an api_tokens row, alone or after a user's columns.
type tokenRow struct {
	t                      news.APIToken
	created, used, revoked sql.NullInt64
}

func (r *tokenRow) dest() []any {
	return []any{&r.t.ID, &r.t.UserID, &r.t.Name, &r.t.TokenHash, &r.created, &r.used, &r.revoked}
}

func (r *tokenRow) token() news.APIToken {
	t := r.t
	t.CreatedAt, t.LastUsedAt, t.RevokedAt = fromMS(r.created), fromMS(r.used), fromMS(r.revoked)
	return t
}

// CreateToken stores an API token's hash and sets its ID and, when it is
// zero, its CreatedAt. CodeInvalid when the hash or name is empty or the
// account does not exist; CodeConflict when the hash exists.
func (s *Store) CreateToken(ctx context.Context, t *news.APIToken) error {
	if t.TokenHash == "" || t.Name == "" {
		return news.Invalid("token", "a token hash and a name are required")
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = s.now().UTC().Truncate(time.Millisecond)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, s.q(`INSERT INTO api_tokens (token_hash, user_id, name, created_at, last_used_at, revoked_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
			t.TokenHash, t.UserID, t.Name, ms(t.CreatedAt), ms(t.LastUsedAt), ms(t.RevokedAt)).Scan(&t.ID)
		switch {
		case err == nil:
			return nil
		case s.d.isUnique(err):
			return news.Errorf(news.CodeConflict, "the token already exists")
		case s.d.isForeignKey(err):
			return news.Invalid("user", "there is no account with id %d", t.UserID)
		}
		return fmt.Errorf("store: create token: %w", err)
	})
}

// TokenByHash returns the unrevoked token whose hash is hash, with its
// active account, and records its use at now; CodeNotFound otherwise. The
// use is written when the token was never used or last used a minute or
// more before now, so the returned LastUsedAt is at most a minute stale.
// It runs in a write transaction so that the lookup and the stamp agree.
// When the database cannot be written (a full or read-only disk) the token
// is still looked up, unstamped: the request it carries then gets the
// store's own clear refusal if it writes, and is served if it only reads.
func (s *Store) TokenByHash(ctx context.Context, hash string, now time.Time) (news.APIToken, news.User, error) {
	var (
		t news.APIToken
		u news.User
	)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if t, u, err = s.token(ctx, tx, hash); err != nil {
			return err
		}
		if !t.LastUsedAt.IsZero() && now.Sub(t.LastUsedAt) < tokenUseResolution {
			return nil
		}
		t.LastUsedAt = now.Truncate(time.Millisecond).UTC()
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`), ms(t.LastUsedAt), t.ID); err != nil {
			return fmt.Errorf("store: record token use: %w", err)
		}
		return nil
	})
	if news.ErrorCode(err) == news.CodeUnavailable {
		t, u, err = s.token(ctx, s.read, hash)
	}
	if err != nil {
		return news.APIToken{}, news.User{}, err
	}
	return t, u, nil
}

func (s *Store) token(ctx context.Context, db querier, hash string) (news.APIToken, news.User, error) {
	var row tokenRow
	u, err := scanUser(db.QueryRowContext(ctx, s.q(`SELECT `+userCols+`, `+tokenCols+`
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled_at IS NULL`), hash),
		row.dest()...)
	if errors.Is(err, sql.ErrNoRows) {
		return news.APIToken{}, news.User{}, news.NotFound("no valid API token for that value")
	}
	if err != nil {
		return news.APIToken{}, news.User{}, fmt.Errorf("store: token: %w", err)
	}
	return row.token(), u, nil
}

// Tokens lists an account's API tokens, revoked ones included, newest
// first; userID 0 lists every account's.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]news.APIToken, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT `+tokenCols+` FROM api_tokens t
		WHERE ? = 0 OR t.user_id = ? ORDER BY t.created_at DESC, t.id DESC`), userID, userID)
	if err != nil {
		return nil, fmt.Errorf("store: tokens: %w", err)
	}
	defer rows.Close()
	var out []news.APIToken
	for rows.Next() {
		var r tokenRow
		if err := rows.Scan(r.dest()...); err != nil {
			return nil, fmt.Errorf("store: tokens: %w", err)
		}
		out = append(out, r.token())
	}
	return out, rows.Err()
}

// RevokeToken revokes the token with id at now. Revoking a revoked token
// keeps its first revocation time; CodeNotFound when there is no token.
func (s *Store) RevokeToken(ctx context.Context, id int64, now time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM api_tokens WHERE id = ?`), id).Scan(&n); err != nil {
			return fmt.Errorf("store: revoke token %d: %w", id, err)
		}
		if n == 0 {
			return news.NotFound("no API token with id %d", id)
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`), ms(now), id); err != nil {
			return fmt.Errorf("store: revoke token %d: %w", id, err)
		}
		return nil
	})
}

// RecordLoginFailure notes one failed sign-in at the given time under each
// key, and forgets failures under those keys older than a day.
func (s *Store) RecordLoginFailure(ctx context.Context, keys []string, at time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO login_failures (key, at) VALUES (?, ?)`), k, at.UnixMilli()); err != nil {
				return fmt.Errorf("store: record sign-in failure: %w", err)
			}
			old := at.Add(-loginFailureRetention).UnixMilli()
			if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM login_failures WHERE key = ? AND at < ?`), k, old); err != nil {
				return fmt.Errorf("store: prune sign-in failures: %w", err)
			}
		}
		return nil
	})
}

// LoginFailures counts the failures under key at or after since.
func (s *Store) LoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM login_failures WHERE key = ? AND at >= ?`), key, since.UnixMilli()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count sign-in failures: %w", err)
	}
	return n, nil
}

// ClearLoginFailures forgets every failure under key.
func (s *Store) ClearLoginFailures(ctx context.Context, key string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM login_failures WHERE key = ?`), key); err != nil {
			return fmt.Errorf("store: clear sign-in failures: %w", err)
		}
		return nil
	})
}
