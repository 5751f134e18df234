package store

import (
	"context"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

func (s *Store) Revisions(ctx context.Context, id int64) ([]news.Revision, error) {
	return nil, errTODO
}
func (s *Store) Revision(ctx context.Context, id int64, n int) (news.Revision, error) {
	return news.Revision{}, errTODO
}
func (s *Store) SaveAutosave(ctx context.Context, a news.Autosave) error { return errTODO }
func (s *Store) Autosave(ctx context.Context, a, u int64) (news.Autosave, error) {
	return news.Autosave{}, errTODO
}
func (s *Store) DeleteAutosave(ctx context.Context, a, u int64) error  { return errTODO }
func (s *Store) AddMedia(ctx context.Context, m *news.MediaFile) error { return errTODO }
func (s *Store) MediaByPath(ctx context.Context, p string) (news.MediaFile, error) {
	return news.MediaFile{}, errTODO
}
func (s *Store) ClaimJob(ctx context.Context, now time.Time, lease time.Duration) (news.Job, error) {
	return news.Job{}, errTODO
}
func (s *Store) FinishJob(ctx context.Context, id int64, now time.Time, f error, r time.Time) error {
	return errTODO
}
func (s *Store) PendingJobs(ctx context.Context) ([]news.Job, error) { return nil, errTODO }
func (s *Store) Desk(ctx context.Context, q news.DeskQuery) ([]news.DeskItem, error) {
	return nil, errTODO
}
func (s *Store) DeskCounts(ctx context.Context, u int64) (map[news.Status]int, error) {
	return nil, errTODO
}
