package news

import "time"

// ParseDays reads a search's date range: from and to are calendar days
// written YYYY-MM-DD (either may be empty for an open end), taken in zone,
// the edition's time zone, and both included. It returns the instants a
// SearchQuery wants: From at the start of the first day, To at the start
// of the day after the last. A malformed day, or a range that ends before
// it starts, is a CodeInvalid error naming the parameter.
func ParseDays(from, to string, zone *time.Location) (start, end time.Time, err error) {
	if start, err = parseDay("from", from, zone); err != nil {
		return start, end, err
	}
	if end, err = parseDay("to", to, zone); err != nil {
		return start, end, err
	}
	if !end.IsZero() {
		end = end.AddDate(0, 0, 1)
	}
	if !start.IsZero() && !end.IsZero() && !start.Before(end) {
		return start, end, Invalid("to", "the last day %s comes before the first day %s", to, from)
	}
	return start, end, nil
}

func parseDay(field, s string, zone *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, zone)
	if err != nil || t.Year() < 1970 || t.Year() > 9999 {
		return time.Time{}, Invalid(field, "must be a day written YYYY-MM-DD, such as 2026-11-28, got %q", s)
	}
	return t, nil
}
