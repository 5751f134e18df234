package news

import (
	"context"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what an account may do in the newsroom. Roles are ordered: each
// may do everything the one before it may.
type Role string

// Roles, from least to most trusted.
const (
	RoleContributor Role = "contributor" // writes and submits drafts
	RoleAuthor      Role = "author"      // also publishes own stories
	RoleEditor      Role = "editor"      // edits, publishes, unpublishes and corrects any story
	RoleAdmin       Role = "admin"       // also accounts, editions, sections, API tokens
)

// Roles lists every role, least trusted first.
var Roles = []Role{RoleContributor, RoleAuthor, RoleEditor, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.rank() > 0 }

// AtLeast reports whether r is as trusted as min.
func (r Role) AtLeast(min Role) bool { return r.rank() >= min.rank() && r.Valid() }

func (r Role) rank() int {
	for i, x := range Roles {
		if x == r {
			return i + 1
		}
	}
	return 0
}

// User is a newsroom account.
type User struct {
	ID    int64
	Email string // lowercase
	Name  string
	Role  Role
	// Language is the newsroom's language for this person ("en", "ar"…).
	Language string
	// AuthorID is the byline the account writes under; 0 for none.
	AuthorID int64
	// PasswordHash is an argon2id hash in PHC string format. Never log it.
	PasswordHash string
	CreatedAt    time.Time
	DisabledAt   time.Time
}

// Active reports whether the account may sign in.
func (u User) Active() bool { return u.DisabledAt.IsZero() }

// NormalizeEmail lowercases and trims an address, the form accounts are
// stored and looked up in.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// Validate checks the account's fields; PasswordHash must already be set.
func (u User) Validate() error {
	var p Problems
	if addr, err := mail.ParseAddress(u.Email); err != nil || addr.Address != u.Email || u.Email != NormalizeEmail(u.Email) {
		p.Add("email", "must be a plain lowercase e-mail address such as ana@example.org, got %q", u.Email)
	}
	if strings.TrimSpace(u.Name) == "" || utf8.RuneCountInString(u.Name) > 100 {
		p.Add("name", "must have 1 to 100 characters")
	}
	if !u.Role.Valid() {
		p.Add("role", "must be contributor, author, editor or admin, got %q", u.Role)
	}
	if u.Language == "" {
		p.Add("language", "is required")
	}
	if !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		p.Add("password", "is not hashed")
	}
	return p.Err()
}

// Session is a signed-in browser. The store keeps only the hash of the
// cookie's token.
type Session struct {
	TokenHash  string
	UserID     int64
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// APIToken lets a script act as an account through the Admin API. The store
// keeps only its hash; the token itself is shown once, when created.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	TokenHash  string
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// AccountStore keeps accounts, sessions, API tokens and failed sign-ins.
type AccountStore interface {
	// CreateUser adds an account and sets its ID; CodeConflict when the
	// e-mail address is taken.
	CreateUser(ctx context.Context, u *User) error
	// UpdateUser replaces an account's name, role, language, author,
	// password hash and disabled time.
	UpdateUser(ctx context.Context, u *User) error
	User(ctx context.Context, id int64) (User, error)
	// UserByEmail finds an account by its normalized address.
	UserByEmail(ctx context.Context, email string) (User, error)
	// Users lists every account by name.
	Users(ctx context.Context) ([]User, error)
	// CountUsers returns how many accounts exist.
	CountUsers(ctx context.Context) (int, error)

	CreateSession(ctx context.Context, s Session) error
	// SessionByHash returns a live session and its active account;
	// CodeNotFound when it is unknown, expired, or its account is disabled.
	SessionByHash(ctx context.Context, hash string, now time.Time) (Session, User, error)
	// TouchSession records activity and moves the expiry.
	TouchSession(ctx context.Context, hash string, seen, expires time.Time) error
	DeleteSession(ctx context.Context, hash string) error
	// DeleteUserSessions signs an account out everywhere, except the session
	// keep (which may be "").
	DeleteUserSessions(ctx context.Context, userID int64, keep string) error

	// CreateToken stores a token's hash and sets its ID.
	CreateToken(ctx context.Context, t *APIToken) error
	// TokenByHash returns an unrevoked token and its active account, and
	// records its use; CodeNotFound otherwise.
	TokenByHash(ctx context.Context, hash string, now time.Time) (APIToken, User, error)
	// Tokens lists an account's tokens, newest first; userID 0 lists all.
	Tokens(ctx context.Context, userID int64) ([]APIToken, error)
	// RevokeToken revokes a token; CodeNotFound when there is none.
	RevokeToken(ctx context.Context, id int64, now time.Time) error

	// RecordLoginFailure notes a failed sign-in under each key.
	RecordLoginFailure(ctx context.Context, keys []string, at time.Time) error
	// LoginFailures counts failures under key since the given time.
	LoginFailures(ctx context.Context, key string, since time.Time) (int, error)
	// ClearLoginFailures forgets the failures under key (after a success).
	ClearLoginFailures(ctx context.Context, key string) error
}
