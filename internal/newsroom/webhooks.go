package newsroom

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/bylinehq/byline/internal/news"
)

// eventNames gives webhook pages the catalog key of an event's name.
type eventNames struct{}

// EventKey is the catalog key naming ev, e.g. nr.webhooks.event_published.
func (eventNames) EventKey(ev news.Event) string {
	return "nr.webhooks.event_" + strings.TrimPrefix(string(ev), "article.")
}

type webhooksData struct {
	eventNames
	Endpoints []news.Endpoint
	Events    []news.Event
	// NewSecret is the secret of the endpoint just created, shown on that
	// response only.
	NewSecret string
	NewID     int64
	Form      struct {
		URL    string
		Events []news.Event
	}
}

// Checked reports whether ev is ticked in the form.
func (d *webhooksData) Checked(ev news.Event) bool {
	for _, e := range d.Form.Events {
		if e == ev {
			return true
		}
	}
	return false
}

func (n *Newsroom) webhooksPage(r *http.Request, v *viewer) (*page, *webhooksData, error) {
	list, err := n.cfg.Webhooks.Endpoints(r.Context(), v.User)
	if err != nil {
		return nil, nil, err
	}
	d := &webhooksData{Endpoints: list, Events: news.Events}
	d.Form.Events = news.Events
	return n.withNav(n.newPage(r, "nr.webhooks.title", d), "webhooks"), d, nil
}

func (n *Newsroom) webhooks(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, _, err := n.webhooksPage(r, v)
	if err != nil {
		return err
	}
	return n.render(w, r, http.StatusOK, "webhooks", p)
}

// createWebhook shows the new endpoint's secret once, on this response.
func (n *Newsroom) createWebhook(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	var events []news.Event
	for _, ev := range r.Form["events"] {
		events = append(events, news.Event(ev))
	}
	e, err := n.cfg.Webhooks.CreateEndpoint(r.Context(), v.User, r.FormValue("url"), events)
	p, d, perr := n.webhooksPage(r, v)
	if perr != nil {
		return perr
	}
	if err != nil {
		d.Form.URL, d.Form.Events = r.FormValue("url"), events
		p.Problem = problem(p.L, err)
		return n.render(w, r, web400(err), "webhooks", p)
	}
	d.NewSecret, d.NewID = e.Secret, e.ID
	return n.render(w, r, http.StatusCreated, "webhooks", p)
}

type webhookData struct {
	eventNames
	Endpoint   news.Endpoint
	Deliveries []news.Delivery
}

func (n *Newsroom) webhook(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := pathID(r, "id", "webhook")
	if err != nil {
		return err
	}
	e, ds, err := n.cfg.Webhooks.Endpoint(r.Context(), v.User, id, 100)
	if err != nil {
		return err
	}
	p := n.withNav(n.newPage(r, "nr.webhooks.deliveries", &webhookData{Endpoint: e, Deliveries: ds}), "webhooks")
	return n.render(w, r, http.StatusOK, "webhook", p)
}

func (n *Newsroom) setWebhookState(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := pathID(r, "id", "webhook")
	if err != nil {
		return err
	}
	var active bool
	switch r.FormValue("state") {
	case "enable":
		active = true
	case "disable":
	default:
		return news.Invalid("state", "choose enable or disable")
	}
	if err := n.cfg.Webhooks.SetActive(r.Context(), v.User, id, active); err != nil {
		return err
	}
	return done(w, r, "/admin/webhooks", "webhook_updated")
}

func (n *Newsroom) deleteWebhook(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := pathID(r, "id", "webhook")
	if err != nil {
		return err
	}
	if err := n.cfg.Webhooks.DeleteEndpoint(r.Context(), v.User, id); err != nil {
		return err
	}
	return done(w, r, "/admin/webhooks", "webhook_deleted")
}

func (n *Newsroom) retryDelivery(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := pathID(r, "id", "webhook")
	if err != nil {
		return err
	}
	did, err := pathID(r, "delivery", "delivery")
	if err != nil {
		return err
	}
	if err := n.cfg.Webhooks.Retry(r.Context(), v.User, id, did); err != nil {
		return err
	}
	return done(w, r, "/admin/webhooks/"+strconv.FormatInt(id, 10), "delivery_retried")
}

// pathID reads a numeric path value; a malformed one is not found.
func pathID(r *http.Request, name, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil {
		return 0, news.NotFound("no %s %q", what, r.PathValue(name))
	}
	return id, nil
}
