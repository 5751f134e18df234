package news

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestEditionValidate(t *testing.T) {
	good := DefaultEditions()[3]
	tests := []struct {
		name   string
		change func(*Edition)
		field  string
	}{
		{"valid", func(*Edition) {}, ""},
		{"uppercase code", func(e *Edition) { e.Code = "AR" }, "code"},
		{"bad tag", func(e *Edition) { e.Tag = "not a tag" }, "tag"},
		{"unknown zone", func(e *Edition) { e.TimeZone = "Mars/Olympus" }, "time_zone"},
		{"empty zone", func(e *Edition) { e.TimeZone = "" }, "time_zone"},
		{"bad direction", func(e *Edition) { e.Dir = "up" }, "direction"},
		{"no name", func(e *Edition) { e.Name = "" }, "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := good
			tt.change(&e)
			err := e.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if ErrorCode(err) != CodeInvalid || !strings.Contains(err.Error(), tt.field) {
				t.Fatalf("Validate() = %v, want an invalid %s", err, tt.field)
			}
		})
	}
}

func TestProblemsReportEveryFault(t *testing.T) {
	err := Edition{Code: "X", Dir: "?"}.Validate()
	for _, field := range []string{"code", "tag", "name", "time_zone", "direction"} {
		if !strings.Contains(err.Error(), field) {
			t.Errorf("error %q does not mention %s", err, field)
		}
	}
}

func TestSlugsAndSections(t *testing.T) {
	for slug, ok := range map[string]bool{
		"world": true, "a-b-c": true, "قمة-المناخ": true, "2026-budget": true,
		"": false, "-a": false, "a-": false, "a--b": false, "A": false, "a b": false, "a/b": false,
		strings.Repeat("a", MaxSlugLength+1): false,
	} {
		if ValidSlug(slug) != ok {
			t.Errorf("ValidSlug(%q) = %v, want %v", slug, !ok, ok)
		}
	}
	if err := (Section{Edition: "en", Slug: "authors", Name: "Authors"}).Validate(); ErrorCode(err) != CodeInvalid {
		t.Errorf("a reserved section slug was accepted: %v", err)
	}
}

func TestArticleValidate(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	valid := func() *Article {
		return &Article{Edition: "en", Section: Section{ID: 1, Edition: "en"}, Slug: "a", Kind: News, Headline: "H",
			Status: Published, PublishedAt: now, BodyMarkdown: "b", Authors: []Author{{ID: 1}}}
	}
	tests := []struct {
		name   string
		change func(*Article)
		field  string
	}{
		{"valid", func(*Article) {}, ""},
		{"headline is one line", func(a *Article) { a.Headline = "a\nb" }, "headline"},
		{"headline not blank", func(a *Article) { a.Headline = "   " }, "headline"},
		{"invalid utf-8", func(a *Article) { a.Standfirst = "\xff" }, "standfirst"},
		{"unknown kind", func(a *Article) { a.Kind = "gossip" }, "kind"},
		{"unknown status", func(a *Article) { a.Status = "lost" }, "status"},
		{"scheduled needs a time", func(a *Article) { a.Status = Scheduled; a.PublishedAt = time.Time{} }, "published_at"},
		{"section of another edition", func(a *Article) { a.Section.Edition = "fr" }, "section"},
		{"image needs alt", func(a *Article) { a.Image = &Image{Path: "x.jpg", Width: 1, Height: 1} }, "image_alt"},
		{"image needs size", func(a *Article) { a.Image = &Image{Path: "x.jpg", Alt: "x"} }, "image"},
		{"body too long", func(a *Article) { a.BodyMarkdown = strings.Repeat("x", MaxBody+1) }, "body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := valid()
			tt.change(a)
			err := a.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if ErrorCode(err) != CodeInvalid || !strings.Contains(err.Error(), tt.field) {
				t.Fatalf("Validate() = %v, want an invalid %s", err, tt.field)
			}
		})
	}
	a := valid()
	a.BodyMarkdown, a.Authors = " ", nil
	err := a.ValidateForPublication()
	if err == nil || !strings.Contains(err.Error(), "body") {
		t.Errorf("publishing an empty body: %v", err)
	}
}

func TestVisibleAt(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		a    Article
		want bool
	}{
		{"published in the past", Article{Status: Published, PublishedAt: now.Add(-time.Minute)}, true},
		{"published exactly now", Article{Status: Published, PublishedAt: now}, true},
		{"scheduled and due", Article{Status: Scheduled, PublishedAt: now.Add(-time.Second)}, true},
		{"scheduled later", Article{Status: Scheduled, PublishedAt: now.Add(time.Second)}, false},
		{"draft", Article{Status: Draft, PublishedAt: now.Add(-time.Hour)}, false},
		{"unpublished", Article{Status: Unpublished, PublishedAt: now.Add(-time.Hour)}, false},
		{"under embargo", Article{Status: Published, PublishedAt: now.Add(-time.Hour), EmbargoUntil: now.Add(time.Minute)}, false},
		{"embargo lifted", Article{Status: Published, PublishedAt: now.Add(-time.Hour), EmbargoUntil: now}, true},
	}
	for _, tt := range tests {
		if got := tt.a.VisibleAt(now); got != tt.want {
			t.Errorf("%s: VisibleAt = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCursor(t *testing.T) {
	c := Cursor{PublishedAt: time.Date(2026, 11, 28, 18, 5, 0, 0, time.UTC), ID: 4242}
	got, err := ParseCursor(c.String())
	if err != nil || !got.PublishedAt.Equal(c.PublishedAt) || got.ID != c.ID {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	for _, bad := range []string{"", "x", "1.", ".1", "1.0", "zz!.1", "1.-5"} {
		if _, err := ParseCursor(bad); ErrorCode(err) != CodeInvalid {
			t.Errorf("ParseCursor(%q) = %v, want invalid", bad, err)
		}
	}
}

func TestErrorHelpers(t *testing.T) {
	wrapped := fmt.Errorf("loading: %w", NotFound("no story %d", 7))
	if ErrorCode(wrapped) != CodeNotFound || ErrorMessage(wrapped) != "no story 7" {
		t.Errorf("code %q message %q", ErrorCode(wrapped), ErrorMessage(wrapped))
	}
	internal := errors.New("disk on fire at /var/lib/secret")
	if ErrorCode(internal) != CodeInternal || strings.Contains(ErrorMessage(internal), "secret") {
		t.Error("internal errors must not show their details")
	}
	if ErrorCode(nil) != "" {
		t.Error("nil has no code")
	}
}
