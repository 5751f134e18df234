package store

import (
	"context"
	"errors"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

var errTODO = errors.New("store: not implemented yet")

func (s *Store) CreateUser(ctx context.Context, u *news.User) error    { return errTODO }
func (s *Store) UpdateUser(ctx context.Context, u *news.User) error    { return errTODO }
func (s *Store) User(ctx context.Context, id int64) (news.User, error) { return news.User{}, errTODO }
func (s *Store) UserByEmail(ctx context.Context, e string) (news.User, error) {
	return news.User{}, errTODO
}
func (s *Store) Users(ctx context.Context) ([]news.User, error)          { return nil, errTODO }
func (s *Store) CountUsers(ctx context.Context) (int, error)             { return 0, errTODO }
func (s *Store) CreateSession(ctx context.Context, x news.Session) error { return errTODO }
func (s *Store) SessionByHash(ctx context.Context, h string, now time.Time) (news.Session, news.User, error) {
	return news.Session{}, news.User{}, errTODO
}
func (s *Store) TouchSession(ctx context.Context, h string, seen, exp time.Time) error {
	return errTODO
}
func (s *Store) DeleteSession(ctx context.Context, h string) error                   { return errTODO }
func (s *Store) DeleteUserSessions(ctx context.Context, id int64, keep string) error { return errTODO }
func (s *Store) CreateToken(ctx context.Context, t *news.APIToken) error             { return errTODO }
func (s *Store) TokenByHash(ctx context.Context, h string, now time.Time) (news.APIToken, news.User, error) {
	return news.APIToken{}, news.User{}, errTODO
}
func (s *Store) Tokens(ctx context.Context, id int64) ([]news.APIToken, error)  { return nil, errTODO }
func (s *Store) RevokeToken(ctx context.Context, id int64, now time.Time) error { return errTODO }
func (s *Store) RecordLoginFailure(ctx context.Context, k []string, at time.Time) error {
	return errTODO
}
func (s *Store) LoginFailures(ctx context.Context, k string, since time.Time) (int, error) {
	return 0, errTODO
}
func (s *Store) ClearLoginFailures(ctx context.Context, k string) error { return errTODO }
