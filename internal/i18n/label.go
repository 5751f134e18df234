package i18n

import (
	"time"
	"unicode"
	"unicode/utf8"
)

// Clock formats the time of day, e.g. "6:05 PM" (en) or "18:05" (fr).
func (l *Locale) Clock(t time.Time) string { return l.formatPattern(l.cldr.TimeShort, t) }

// Date formats a date in CLDR's medium style, e.g. "Nov 28, 2026".
func (l *Locale) Date(t time.Time) string { return l.formatPattern(l.cldr.DateMedium, t) }

// LongDate formats a date in CLDR's long style, e.g. "November 28, 2026".
func (l *Locale) LongDate(t time.Time) string { return l.formatPattern(l.cldr.DateLong, t) }

// DateTime formats a date and time in the long style, e.g.
// "November 28, 2026 at 6:05 PM".
func (l *Locale) DateTime(t time.Time) string {
	return l.joinDateTime(l.LongDate(t), l.Clock(t))
}

// Weekday returns the weekday's name.
func (l *Locale) Weekday(d time.Weekday) string { return l.cldr.Weekdays[d] }

// Label is the short relative label of a time in a news river, as read at
// now in the zone loc:
//
//   - the same local day: "Today 18:00"
//   - the local day before: "Yesterday 18:00"
//   - two to six local days before: the weekday and time, "Friday 18:00"
//   - earlier: the local date, without the year when it is this year.
//
// Days are calendar days in loc, so DST changes never shift a label, and a
// label changes only at loc's midnight (see NextLabelChange).
func (l *Locale) Label(t, now time.Time, loc *time.Location) string {
	lt, ln := t.In(loc), now.In(loc)
	clock := l.Clock(lt)
	var s string
	switch days := civilDay(ln) - civilDay(lt); {
	case days <= 0:
		s = l.T("label.today", clock)
	case days == 1:
		s = l.T("label.yesterday", clock)
	case days <= 6:
		s = l.T("label.weekday", l.Weekday(lt.Weekday()), clock)
	case lt.Year() == ln.Year():
		s = l.formatPattern(l.cldr.MonthDay, lt)
	default:
		s = l.Date(lt)
	}
	return upperFirst(s)
}

// NextLabelChange is the next instant after now at which some Label may read
// differently: the next local midnight in loc. Caches of pages that show
// labels must expire by then.
func NextLabelChange(now time.Time, loc *time.Location) time.Time {
	n := now.In(loc)
	next := time.Date(n.Year(), n.Month(), n.Day()+1, 0, 0, 0, 0, loc)
	if !next.After(now) { // a zone whose midnight was skipped by DST
		next = next.Add(time.Hour)
	}
	return next
}

// civilDay numbers calendar days, independent of zone offsets.
func civilDay(t time.Time) int64 {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// upperFirst capitalizes a label's first letter: labels start list items,
// where CLDR's context transforms ask for a capital ("Vendredi", "Viernes").
func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
