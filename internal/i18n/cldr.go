package i18n

import (
	"strings"
	"time"
	"unicode/utf8"
)

// formatPattern formats t with a CLDR date pattern, writing digits in the
// locale's numbering system. It supports the fields Byline's patterns use:
// y, M (1–4), d, E (4), h, H, m, a and quoted literals.
func (l *Locale) formatPattern(pattern string, t time.Time) string {
	var b strings.Builder
	for i := 0; i < len(pattern); {
		c := pattern[i]
		if c == '\'' {
			i = l.writeQuoted(&b, pattern, i)
			continue
		}
		if !isPatternLetter(c) {
			r, size := utf8.DecodeRuneInString(pattern[i:])
			b.WriteRune(r)
			i += size
			continue
		}
		n := 1
		for i+n < len(pattern) && pattern[i+n] == c {
			n++
		}
		l.writeField(&b, c, n, t)
		i += n
	}
	return b.String()
}

// writeQuoted copies a quoted literal ('at', or ” for a quote) and returns
// the index after it.
func (l *Locale) writeQuoted(b *strings.Builder, p string, i int) int {
	if i+1 < len(p) && p[i+1] == '\'' {
		b.WriteByte('\'')
		return i + 2
	}
	end := strings.IndexByte(p[i+1:], '\'')
	if end < 0 {
		b.WriteString(p[i+1:])
		return len(p)
	}
	b.WriteString(p[i+1 : i+1+end])
	return i + end + 2
}

func isPatternLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func (l *Locale) writeField(b *strings.Builder, c byte, n int, t time.Time) {
	switch c {
	case 'y':
		if n == 2 {
			l.writeNumber(b, t.Year()%100, 2)
		} else {
			l.writeNumber(b, t.Year(), n)
		}
	case 'M', 'L':
		switch {
		case n >= 4:
			b.WriteString(l.cldr.MonthsWide[t.Month()-1])
		case n == 3:
			b.WriteString(l.cldr.MonthsAbbr[t.Month()-1])
		default:
			l.writeNumber(b, int(t.Month()), n)
		}
	case 'd':
		l.writeNumber(b, t.Day(), n)
	case 'E', 'c':
		b.WriteString(l.cldr.Weekdays[t.Weekday()])
	case 'h':
		h := t.Hour() % 12
		if h == 0 {
			h = 12
		}
		l.writeNumber(b, h, n)
	case 'H':
		l.writeNumber(b, t.Hour(), n)
	case 'm':
		l.writeNumber(b, t.Minute(), n)
	case 'a':
		b.WriteString(l.cldr.DayPeriods[t.Hour()/12])
	default:
		// Unknown fields are written as they stand, which a catalog test
		// catches; guessing would print a wrong date silently.
		b.WriteString(strings.Repeat(string(c), n))
	}
}

// writeNumber writes v zero-padded to width digits in the locale's digits.
func (l *Locale) writeNumber(b *strings.Builder, v, width int) {
	var buf [20]byte
	i := len(buf)
	for v > 0 || i == len(buf) {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	for len(buf)-i < width {
		i--
		buf[i] = '0'
	}
	for _, d := range buf[i:] {
		b.WriteRune(l.digits[d-'0'])
	}
}

// joinDateTime applies the CLDR dateTime glue pattern ("{1} 'at' {0}").
func (l *Locale) joinDateTime(date, clock string) string {
	p := l.cldr.DateTime
	var b strings.Builder
	for i := 0; i < len(p); {
		switch {
		case strings.HasPrefix(p[i:], "{0}"):
			b.WriteString(clock)
			i += 3
		case strings.HasPrefix(p[i:], "{1}"):
			b.WriteString(date)
			i += 3
		case p[i] == '\'':
			i = l.writeQuoted(&b, p, i)
		default:
			r, size := utf8.DecodeRuneInString(p[i:])
			b.WriteRune(r)
			i += size
		}
	}
	return b.String()
}
