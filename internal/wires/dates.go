package wires

import (
	"strings"
	"time"
)

// dateLayouts are the date forms agencies send beyond what gofeed reads:
// RFC 3339 without a zone, bare dates, and a few habits seen in the wild.
// A time without a zone is taken as UTC.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"20060102T150405Z0700",
	"20060102T150405",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 MST",
	"Monday, 02-Jan-06 15:04:05 MST",
	time.ANSIC,
	time.UnixDate,
	"January 2, 2006 15:04",
	"January 2, 2006",
	"02.01.2006 15:04",
	"02.01.2006",
}

// parseDate reads a date in any of dateLayouts; it returns the zero time
// for a date it cannot read or one outside 1900–2100, which no wire story
// carries.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return plausible(t)
		}
	}
	return time.Time{}
}

func plausible(t time.Time) time.Time {
	if t.Year() < 1900 || t.Year() > 2100 {
		return time.Time{}
	}
	return t.UTC()
}
