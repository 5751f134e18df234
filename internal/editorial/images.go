package editorial

import (
	"context"
	"errors"
	"io"

	"github.com/bylinehq/byline/internal/news"
)

// Ingester checks and stores an uploaded image, returning what it stored.
// The media library provides it; tests may substitute their own.
type Ingester func(r io.Reader) (news.MediaFile, error)

// UploadImage stores an image for actor and records it in the library's
// index, so stories can use it by path.
func (s *Service) UploadImage(ctx context.Context, actor news.User, r io.Reader) (news.MediaFile, error) {
	if !actor.Can(news.ActWrite, nil) {
		return news.MediaFile{}, forbidden("your account may not upload images")
	}
	if s.Images == nil {
		return news.MediaFile{}, errors.New("editorial: no image library configured")
	}
	m, err := s.Images(r)
	if err != nil {
		return news.MediaFile{}, err
	}
	m.UploadedBy, m.CreatedAt = actor.ID, s.Now().UTC()
	if err := s.Store.AddMedia(ctx, &m); err != nil {
		return news.MediaFile{}, err
	}
	return m, nil
}
