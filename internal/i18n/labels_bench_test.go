package i18n_test

// Benchmarks of the time labels every list of stories shows, in each
// launch edition's language and time zone:
//
//	go test ./internal/i18n -run '^$' -bench 'LabelKinds|DateTime|NextLabelChange' -count 5

import (
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/i18n"
	"github.com/bylinehq/byline/internal/news"
)

// labelEdition is one edition's locale and zone, read at an evening hour.
type labelEdition struct {
	code   string
	locale *i18n.Locale
	zone   *time.Location
	now    time.Time
}

func labelEditions(b *testing.B) []labelEdition {
	b.Helper()
	bundle, err := i18n.Load()
	if err != nil {
		b.Fatal(err)
	}
	var out []labelEdition
	for _, e := range news.DefaultEditions() {
		l, err := bundle.Locale(e.Tag)
		if err != nil {
			b.Fatal(err)
		}
		zone := e.Location()
		out = append(out, labelEdition{e.Code, l, zone, time.Date(2026, 11, 28, 20, 0, 0, 0, zone)})
	}
	return out
}

// BenchmarkLabelKinds times Label for each of its forms: "Today 14:00",
// "Yesterday 14:00", a weekday, a date of this year and an older date.
func BenchmarkLabelKinds(b *testing.B) {
	kinds := []struct {
		name string
		ago  time.Duration
	}{
		{"today", 6 * time.Hour},
		{"yesterday", 30 * time.Hour},
		{"weekday", 4 * 24 * time.Hour},
		{"date", 60 * 24 * time.Hour},
		{"older-date", 400 * 24 * time.Hour},
	}
	for _, e := range labelEditions(b) {
		for _, k := range kinds {
			t := e.now.Add(-k.ago)
			b.Run(e.code+"/"+k.name, func(b *testing.B) {
				for b.Loop() {
					_ = e.locale.Label(t, e.now, e.zone)
				}
			})
		}
	}
}

// BenchmarkDateTime times the full date and time article pages show for
// "published" and "updated".
func BenchmarkDateTime(b *testing.B) {
	for _, e := range labelEditions(b) {
		t := e.now.Add(-30 * time.Hour)
		b.Run(e.code, func(b *testing.B) {
			for b.Loop() {
				_ = e.locale.DateTime(t)
			}
		})
	}
}

// BenchmarkNextLabelChange times the cache lifetime every page with
// labels computes.
func BenchmarkNextLabelChange(b *testing.B) {
	for _, e := range labelEditions(b) {
		b.Run(e.code, func(b *testing.B) {
			for b.Loop() {
				_ = i18n.NextLabelChange(e.now, e.zone)
			}
		})
	}
}
