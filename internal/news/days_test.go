package news

import (
	"errors"
	"testing"
	"time"
)

func TestParseDays(t *testing.T) {
	cairo, err := time.LoadLocation("Africa/Cairo")
	if err != nil {
		t.Skip("no time zone data")
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, cairo) }
	cases := []struct {
		name, from, to string
		start, end     time.Time
		bad            string // the field named by the error
	}{
		{"open", "", "", time.Time{}, time.Time{}, ""},
		{"one day, both ends included", "2026-11-28", "2026-11-28", day(2026, 11, 28), day(2026, 11, 29), ""},
		{"from only", "2026-11-01", "", day(2026, 11, 1), time.Time{}, ""},
		{"to only", "", "2026-11-30", time.Time{}, day(2026, 12, 1), ""},
		{"not a day", "28/11/2026", "", time.Time{}, time.Time{}, "from"},
		{"no such day", "", "2026-02-30", time.Time{}, time.Time{}, "to"},
		{"backwards", "2026-11-28", "2026-11-01", time.Time{}, time.Time{}, "to"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start, end, err := ParseDays(c.from, c.to, cairo)
			if c.bad != "" {
				var e *Error
				if !errors.As(err, &e) || e.Code != CodeInvalid || e.Field != c.bad {
					t.Fatalf("err = %v, want invalid %s", err, c.bad)
				}
				return
			}
			if err != nil || !start.Equal(c.start) || !end.Equal(c.end) {
				t.Errorf("= %v, %v, %v; want %v, %v", start, end, err, c.start, c.end)
			}
		})
	}
}
