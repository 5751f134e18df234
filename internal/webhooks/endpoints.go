package webhooks

import (
	"context"
	"strings"

	"github.com/bylinehq/byline/internal/news"
)

func forbidden() error {
	return news.Errorf(news.CodeForbidden, "only admins manage webhooks")
}

// CreateEndpoint registers url for events on actor's behalf and returns the
// endpoint with its new secret, which is shown to the person this once.
func (s *Service) CreateEndpoint(ctx context.Context, actor news.User, url string, events []news.Event) (news.Endpoint, error) {
	if !actor.Can(news.ActManageWebhooks, nil) {
		return news.Endpoint{}, forbidden()
	}
	e := news.Endpoint{URL: strings.TrimSpace(url), Events: events, Secret: NewSecret(), Active: true,
		CreatedAt: s.cfg.Now().UTC(), CreatedBy: actor.ID}
	if err := e.Validate(); err != nil {
		return news.Endpoint{}, err
	}
	if err := s.guard.CheckURL(ctx, e.URL); err != nil {
		return news.Endpoint{}, err
	}
	if err := s.cfg.Store.CreateEndpoint(ctx, &e); err != nil {
		return news.Endpoint{}, err
	}
	return e, nil
}

// Endpoints lists the endpoints, without their secrets.
func (s *Service) Endpoints(ctx context.Context, actor news.User) ([]news.Endpoint, error) {
	if !actor.Can(news.ActManageWebhooks, nil) {
		return nil, forbidden()
	}
	list, err := s.cfg.Store.Endpoints(ctx)
	for i := range list {
		list[i].Secret = ""
	}
	return list, err
}

// Endpoint returns one endpoint, without its secret, and its latest
// deliveries, newest first.
func (s *Service) Endpoint(ctx context.Context, actor news.User, id int64, limit int) (news.Endpoint, []news.Delivery, error) {
	if !actor.Can(news.ActManageWebhooks, nil) {
		return news.Endpoint{}, nil, forbidden()
	}
	e, err := s.cfg.Store.Endpoint(ctx, id)
	if err != nil {
		return e, nil, err
	}
	e.Secret = ""
	ds, err := s.cfg.Store.Deliveries(ctx, id, limit)
	return e, ds, err
}

// SetActive enables or disables an endpoint.
func (s *Service) SetActive(ctx context.Context, actor news.User, id int64, active bool) error {
	if !actor.Can(news.ActManageWebhooks, nil) {
		return forbidden()
	}
	return s.cfg.Store.SetEndpointActive(ctx, id, active)
}

// DeleteEndpoint removes an endpoint and its deliveries.
func (s *Service) DeleteEndpoint(ctx context.Context, actor news.User, id int64) error {
	if !actor.Can(news.ActManageWebhooks, nil) {
		return forbidden()
	}
	return s.cfg.Store.DeleteEndpoint(ctx, id)
}

// Retry sends a failed delivery of endpoint again, now, with a fresh
// series of attempts.
func (s *Service) Retry(ctx context.Context, actor news.User, endpointID, deliveryID int64) error {
	if !actor.Can(news.ActManageWebhooks, nil) {
		return forbidden()
	}
	d, err := s.cfg.Store.Delivery(ctx, deliveryID)
	if err != nil {
		return err
	}
	if d.EndpointID != endpointID {
		return news.NotFound("no delivery %d for webhook %d", deliveryID, endpointID)
	}
	return s.cfg.Store.RetryDelivery(ctx, deliveryID, s.cfg.Now().UTC())
}
