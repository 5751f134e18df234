package news

import (
	"reflect"
	"testing"
	"time"
)

func TestEventsFor(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	hour := time.Hour
	story := func(st Status, published, embargo time.Duration, change ...func(*Article)) *Article {
		a := &Article{ID: 1, Status: st, Headline: "Headline", Section: Section{ID: 1}}
		if st == Published || st == Scheduled || st == Unpublished {
			a.PublishedAt = now.Add(published)
		}
		if embargo != 0 {
			a.EmbargoUntil = now.Add(embargo)
		}
		for _, c := range change {
			c(a)
		}
		return a
	}
	live := story(Published, -hour, 0)
	tests := []struct {
		name          string
		before, after *Article
		want          []DueEvent
	}{
		{"a new draft is nothing", nil, story(Draft, 0, 0), nil},
		{"a new story published now is published now", nil, live, []DueEvent{{EventPublished, now}}},
		{"publishing a draft is published now", story(Draft, 0, 0), live, []DueEvent{{EventPublished, now}}},
		{"scheduling is published at its time", story(Draft, 0, 0), story(Scheduled, 2*hour, 0),
			[]DueEvent{{EventPublished, now.Add(2 * hour)}}},
		{"an embargo delays published to its end", story(Draft, 0, 0), story(Published, 0, 3*hour),
			[]DueEvent{{EventPublished, now.Add(3 * hour)}}},
		{"the later of schedule and embargo wins", story(Draft, 0, 0), story(Scheduled, 4*hour, 3*hour),
			[]DueEvent{{EventPublished, now.Add(4 * hour)}}},
		{"rescheduling is published at the new time", story(Scheduled, hour, 0), story(Scheduled, 5*hour, 0),
			[]DueEvent{{EventPublished, now.Add(5 * hour)}}},
		{"taking back a merely scheduled story is nothing", story(Scheduled, hour, 0), story(Draft, 0, 0), nil},
		{"unpublishing an embargoed story is nothing", story(Published, -hour, hour), story(Unpublished, -hour, hour), nil},
		{"unpublishing a visible story is unpublished now", live, story(Unpublished, -hour, 0), []DueEvent{{EventUnpublished, now}}},
		{"republishing is published now", story(Unpublished, -hour, 0), live, []DueEvent{{EventPublished, now}}},
		{"editing a visible story is updated now", live, story(Published, -hour, 0, func(a *Article) { a.Headline = "New" }),
			[]DueEvent{{EventUpdated, now}}},
		{"a new topic is an update", live, story(Published, -hour, 0, func(a *Article) { a.Topics = []TopicRef{{ID: 7}} }),
			[]DueEvent{{EventUpdated, now}}},
		{"saving a visible story unchanged is nothing", live, story(Published, -hour, 0), nil},
		{"the worker flipping a passed schedule is nothing", story(Scheduled, -hour, 0), story(Published, -hour, 0), nil},
		{"editing a scheduled story keeps published at its time", story(Scheduled, hour, 0),
			story(Scheduled, hour, 0, func(a *Article) { a.Headline = "New" }), []DueEvent{{EventPublished, now.Add(hour)}}},
		{"an embargo put on a visible story takes it off until then", live, story(Published, -hour, 2*hour),
			[]DueEvent{{EventUnpublished, now}, {EventPublished, now.Add(2 * hour)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EventsFor(tt.before, tt.after, now); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("EventsFor = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestEndpointValidate(t *testing.T) {
	valid := func() Endpoint {
		return Endpoint{URL: "https://hooks.example.org/byline", Events: []Event{EventPublished}, Secret: "whsec_x"}
	}
	e := valid()
	if err := e.Validate(); err != nil {
		t.Fatalf("valid endpoint: %v", err)
	}
	tests := []struct {
		name   string
		change func(*Endpoint)
	}{
		{"no URL", func(e *Endpoint) { e.URL = "" }},
		{"file scheme", func(e *Endpoint) { e.URL = "file:///etc/passwd" }},
		{"gopher scheme", func(e *Endpoint) { e.URL = "gopher://hooks.example.org/" }},
		{"no scheme", func(e *Endpoint) { e.URL = "hooks.example.org/byline" }},
		{"no host", func(e *Endpoint) { e.URL = "https:///byline" }},
		{"credentials", func(e *Endpoint) { e.URL = "https://user:pass@hooks.example.org/" }},
		{"no events", func(e *Endpoint) { e.Events = nil }},
		{"unknown event", func(e *Endpoint) { e.Events = []Event{"article.deleted"} }},
		{"no secret", func(e *Endpoint) { e.Secret = "" }},
	}
	for _, tt := range tests {
		e := valid()
		tt.change(&e)
		if err := e.Validate(); ErrorCode(err) != CodeInvalid {
			t.Errorf("%s: error = %v, want invalid", tt.name, err)
		}
	}
}

func TestOnlyAdminsManageWebhooks(t *testing.T) {
	for _, r := range Roles {
		u := User{ID: 1, Role: r}
		if got, want := u.Can(ActManageWebhooks, nil), r == RoleAdmin; got != want {
			t.Errorf("%s may manage webhooks = %v, want %v", r, got, want)
		}
	}
}
