package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bylinehq/byline/internal/news"
)

// APITokenPrefix starts every API token, so that a token pasted into a log,
// an issue or a repository is recognisable to people and secret scanners.
const APITokenPrefix = "byl_"

// tokenBytes is the entropy of every token: 256 bits.
const tokenBytes = 32

// NewToken returns a fresh random token (32 bytes from crypto/rand, base64url
// without padding) and its hash as HashToken computes it. Store the hash;
// give the token to the client once.
func NewToken() (token, hash string) {
	b := make([]byte, tokenBytes)
	rand.Read(b) // never fails; crashes the program if the system's source does
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// NewAPIToken is NewToken for API tokens: the token starts with
// APITokenPrefix, and the hash covers the whole token, prefix included.
func NewAPIToken() (token, hash string) {
	t, _ := NewToken()
	token = APITokenPrefix + t
	return token, HashToken(token)
}

// HashToken returns the lowercase hex SHA-256 of token, the form sessions and
// API tokens are stored and looked up in. A fast hash is enough: tokens have
// 256 bits of entropy, unlike passwords.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// looksLikeAPIToken reports whether s has the shape NewAPIToken gives, so
// that garbage is refused without a database query.
func looksLikeAPIToken(s string) bool {
	rest, ok := strings.CutPrefix(s, APITokenPrefix)
	if !ok || len(rest) != base64.RawURLEncoding.EncodedLen(tokenBytes) {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(rest)
	return err == nil
}

// maxTokenNameLength bounds a token's label, in characters.
const maxTokenNameLength = 100

// CreateToken makes an API token for the account userID and returns the
// token, which is shown once and never stored, and its record. actor nil
// means the operator on the command line; any other actor must be allowed
// news.ActManageAccounts, or the error is CodeForbidden. name labels the
// token ("API token" when empty). CodeNotFound when there is no such
// account, CodeInvalid when it is disabled or the name is too long.
func (s *Service) CreateToken(ctx context.Context, actor *news.User, userID int64, name string) (string, news.APIToken, error) {
	if err := mayManageAccounts(actor, "create API tokens"); err != nil {
		return "", news.APIToken{}, err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name = "API token"
	}
	if utf8.RuneCountInString(name) > maxTokenNameLength {
		return "", news.APIToken{}, news.Invalid("name", "must have at most %d characters", maxTokenNameLength)
	}
	u, err := s.Store.User(ctx, userID)
	if err != nil {
		return "", news.APIToken{}, fmt.Errorf("auth: create token: %w", err)
	}
	if !u.Active() {
		return "", news.APIToken{}, news.Invalid("user", "the account %s is disabled", u.Email)
	}
	token, hash := NewAPIToken()
	t := news.APIToken{UserID: u.ID, Name: name, TokenHash: hash, CreatedAt: s.now()}
	if err := s.Store.CreateToken(ctx, &t); err != nil {
		return "", news.APIToken{}, fmt.Errorf("auth: create token: %w", err)
	}
	return token, t, nil
}

// errBadToken answers an API token that is malformed, unknown or revoked,
// or whose account is disabled.
func errBadToken(cause error) error {
	return &news.Error{Code: news.CodeUnauthorized, Message: "the API token is not valid", Err: cause}
}

// AuthenticateToken returns the account (without its password hash) an API
// token acts as, and records the token's use. bearer is the token itself,
// without the "Bearer " of the Authorization header. CodeUnauthorized when
// it is malformed, unknown or revoked, or its account is disabled.
func (s *Service) AuthenticateToken(ctx context.Context, bearer string) (news.User, error) {
	if !looksLikeAPIToken(bearer) {
		return news.User{}, errBadToken(nil)
	}
	_, u, err := s.Store.TokenByHash(ctx, HashToken(bearer), s.now())
	if news.ErrorCode(err) == news.CodeNotFound {
		return news.User{}, errBadToken(err)
	}
	if err != nil {
		return news.User{}, fmt.Errorf("auth: API token: %w", err)
	}
	return public(u), nil
}
