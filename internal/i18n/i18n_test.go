package i18n

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

func bundle(t *testing.T) *Bundle {
	t.Helper()
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func locale(t *testing.T, tag string) *Locale {
	t.Helper()
	l, err := bundle(t).Locale(tag)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestLabel(t *testing.T) {
	london, madrid, paris, cairo, ny := zone(t, "Europe/London"), zone(t, "Europe/Madrid"), zone(t, "Europe/Paris"), zone(t, "Africa/Cairo"), zone(t, "America/New_York")
	at := func(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, loc)
	}
	tests := []struct {
		name   string
		tag    string
		loc    *time.Location
		t, now time.Time
		want   string
	}{
		{"same day en 12-hour", "en", london, at(london, 2026, 11, 28, 18, 0), at(london, 2026, 11, 28, 23, 59), "Today 6:00\u202fPM"},
		{"previous day en", "en", london, at(london, 2026, 11, 27, 17, 40), at(london, 2026, 11, 28, 0, 1), "Yesterday 5:40\u202fPM"},
		{"one minute after midnight turns today into yesterday", "fr", paris, at(paris, 2026, 11, 28, 23, 59), at(paris, 2026, 11, 29, 0, 0), "Hier 23:59"},
		{"a minute before midnight it is still today", "fr", paris, at(paris, 2026, 11, 28, 0, 0), at(paris, 2026, 11, 28, 23, 59), "Aujourd’hui 00:00"},
		{"es 24-hour without padding", "es", madrid, at(madrid, 2026, 11, 28, 9, 5), at(madrid, 2026, 11, 28, 10, 0), "Hoy 9:05"},
		{"es weekday capitalized", "es", madrid, at(madrid, 2026, 11, 25, 18, 0), at(madrid, 2026, 11, 28, 10, 0), "Miércoles 18:00"},
		{"fr weekday six days back", "fr", paris, at(paris, 2026, 11, 22, 8, 30), at(paris, 2026, 11, 28, 23, 0), "Dimanche 08:30"},
		{"seven days back shows the date", "en", london, at(london, 2026, 11, 21, 8, 30), at(london, 2026, 11, 28, 9, 0), "Nov 21"},
		{"fr date without year this year", "fr", paris, at(paris, 2026, 2, 3, 8, 30), at(paris, 2026, 11, 28, 9, 0), "3 févr."},
		{"last year's date has its year", "en", london, at(london, 2025, 12, 30, 8, 30), at(london, 2026, 1, 10, 9, 0), "Dec 30, 2025"},
		{"ar arabic digits and period", "ar", cairo, at(cairo, 2026, 11, 28, 18, 5), at(cairo, 2026, 11, 28, 20, 0), "اليوم ٦:٠٥ م"},
		{"ar yesterday morning", "ar", cairo, at(cairo, 2026, 11, 27, 9, 0), at(cairo, 2026, 11, 28, 20, 0), "أمس ٩:٠٠ ص"},
		{"ar weekday", "ar", cairo, at(cairo, 2026, 11, 24, 9, 0), at(cairo, 2026, 11, 28, 20, 0), "الثلاثاء ٩:٠٠ ص"},
		{"ar old date numeric with marks", "ar", cairo, at(cairo, 2025, 3, 4, 9, 0), at(cairo, 2026, 11, 28, 20, 0), "٠٤\u200f/٠٣\u200f/٢٠٢٥"},
		// The same instant is "today" in Cairo but "yesterday" in New York.
		{"zone decides the day (Cairo)", "en", cairo, time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC), time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC), "Today 5:00\u202fAM"},
		{"zone decides the day (New York)", "en", ny, time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC), time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC), "Yesterday 10:00\u202fPM"},
		// Spring forward: 30 Mar 2025 in London has 23 hours.
		{"after spring DST change still yesterday", "en", london, at(london, 2025, 3, 29, 23, 30), at(london, 2025, 3, 30, 23, 30), "Yesterday 11:30\u202fPM"},
		{"spring DST day keeps local clock", "en", london, time.Date(2025, 3, 30, 1, 30, 0, 0, time.UTC), at(london, 2025, 3, 30, 12, 0), "Today 2:30\u202fAM"},
		// Fall back: 26 Oct 2025 in Paris has 25 hours; 23:30 two days
		// earlier is still "yesterday" only if it's one calendar day.
		{"after autumn DST change counts calendar days", "fr", paris, at(paris, 2025, 10, 25, 0, 30), at(paris, 2025, 10, 26, 23, 30), "Hier 00:30"},
		{"time in the future counts as today", "en", london, at(london, 2026, 11, 28, 18, 0), at(london, 2026, 11, 28, 17, 0), "Today 6:00\u202fPM"},
	}
	b := bundle(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := b.Locale(tt.tag)
			if err != nil {
				t.Fatal(err)
			}
			if got := l.Label(tt.t, tt.now, tt.loc); got != tt.want {
				t.Errorf("Label = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNextLabelChange(t *testing.T) {
	paris, london := zone(t, "Europe/Paris"), zone(t, "Europe/London")
	tests := []struct {
		name string
		loc  *time.Location
		now  time.Time
		want time.Time
	}{
		{"next local midnight", paris, time.Date(2026, 11, 28, 22, 0, 0, 0, paris), time.Date(2026, 11, 29, 0, 0, 0, 0, paris)},
		{"exactly at midnight waits a whole day", paris, time.Date(2026, 11, 29, 0, 0, 0, 0, paris), time.Date(2026, 11, 30, 0, 0, 0, 0, paris)},
		{"before a DST change the day is 25 hours", london, time.Date(2025, 10, 25, 23, 0, 0, 0, london), time.Date(2025, 10, 26, 0, 0, 0, 0, london)},
		{"on a DST day midnight is still midnight", london, time.Date(2025, 10, 26, 12, 0, 0, 0, london), time.Date(2025, 10, 27, 0, 0, 0, 0, london)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NextLabelChange(tt.now, tt.loc); !got.Equal(tt.want) {
				t.Errorf("NextLabelChange = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDates(t *testing.T) {
	moment := time.Date(2026, 3, 4, 18, 5, 0, 0, time.UTC)
	tests := []struct {
		tag, long, dateTime, number string
	}{
		{"en", "March 4, 2026", "March 4, 2026 at 6:05\u202fPM", "1,234,567"},
		{"es", "4 de marzo de 2026", "4 de marzo de 2026, 18:05", "1.234.567"},
		{"fr", "4 mars 2026", "4 mars 2026 à 18:05", "1\u00a0234\u00a0567"},
		{"ar", "٤ مارس ٢٠٢٦", "٤ مارس ٢٠٢٦، ٦:٠٥ م", "١٬٢٣٤٬٥٦٧"},
	}
	for _, tt := range tests {
		t.Run(tt.tag, func(t *testing.T) {
			l := locale(t, tt.tag)
			if got := l.LongDate(moment); got != tt.long {
				t.Errorf("LongDate = %q, want %q", got, tt.long)
			}
			if got := l.DateTime(moment); got != tt.dateTime {
				t.Errorf("DateTime = %q, want %q", got, tt.dateTime)
			}
			if got := l.Number(1234567); got != tt.number && !(tt.tag == "fr" && strings.ReplaceAll(got, "\u202f", "\u00a0") == tt.number) {
				t.Errorf("Number = %q, want %q", got, tt.number)
			}
		})
	}
}

func TestPlurals(t *testing.T) {
	tests := []struct {
		tag  string
		n    int
		want string
	}{
		{"en", 1, "1 story"},
		{"en", 2, "2 stories"},
		{"fr", 0, "0 article"}, // French: 0 takes the singular
		{"fr", 2, "2 articles"},
		{"es", 1, "1 noticia"},
		{"es", 12, "12 noticias"},
		{"ar", 0, "لا توجد مقالات"},
		{"ar", 1, "مقال واحد"},
		{"ar", 2, "مقالان"},
		{"ar", 3, "٣ مقالات"},
		{"ar", 11, "١١ مقالاً"},
		{"ar", 100, "١٠٠ مقال"},
	}
	for _, tt := range tests {
		if got := locale(t, tt.tag).T("list.count", tt.n); got != tt.want {
			t.Errorf("%s list.count(%d) = %q, want %q", tt.tag, tt.n, got, tt.want)
		}
	}
}

// TestCatalogsCoverPluralForms checks every counted message has a form for
// every plural category its language uses for whole numbers, so no count
// silently falls back to "other".
func TestCatalogsCoverPluralForms(t *testing.T) {
	names := map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few", plural.Many: "many", plural.Other: "other"}
	b := bundle(t)
	for _, tag := range b.Tags() {
		l, _ := b.Locale(tag.String())
		for key, m := range l.messages {
			if !m.plural {
				continue
			}
			for n := 0; n <= 1000; n++ {
				form := names[plural.Cardinal.MatchPlural(l.Tag, n, 0, 0, 0, 0)]
				if _, ok := m.Forms[form]; !ok {
					t.Errorf("%s: %q lacks plural form %q (needed for %d)", tag, key, form, n)
					break
				}
			}
		}
	}
}

func TestCatalogsShareKeys(t *testing.T) {
	b := bundle(t)
	want := len(b.locales[language.English].messages)
	for _, tag := range b.Tags() {
		if got := len(b.locales[tag].messages); got != want {
			t.Errorf("%s has %d messages, en has %d", tag, got, want)
		}
	}
	if len(b.Tags()) < 4 {
		t.Errorf("want at least the four launch languages, got %v", b.Tags())
	}
}

func TestLoadRejectsBadCatalogs(t *testing.T) {
	good := `{"tag":"de","cldr":{"time_short":"HH:mm","date_medium":"d MMM y","date_long":"d MMMM y","month_day":"d MMM","date_time":"{1} {0}","day_periods":["a","p"],"weekdays":["1","2","3","4","5","6","7"],"months_abbr":["1","2","3","4","5","6","7","8","9","10","11","12"],"months_wide":["1","2","3","4","5","6","7","8","9","10","11","12"]},"messages":{"a":"A","b":"B"}}`
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"missing key in one catalog", map[string]string{
			"c/xx.json": good,
			"c/yy.json": strings.Replace(strings.Replace(good, `"de"`, `"it"`, 1), `,"b":"B"`, "", 1),
		}, `it lacks "b"`},
		{"plural without other", map[string]string{"c/xx.json": strings.Replace(good, `"b":"B"`, `"b":{"one":"x"}`, 1)}, `lacks the plural form "other"`},
		{"unknown plural form", map[string]string{"c/xx.json": strings.Replace(good, `"b":"B"`, `"b":{"lots":"x","other":"y"}`, 1)}, `unknown plural form "lots"`},
		{"missing cldr", map[string]string{"c/xx.json": strings.Replace(good, `"time_short":"HH:mm"`, `"time_short":""`, 1)}, "time_short is empty"},
		{"unknown field", map[string]string{"c/xx.json": strings.Replace(good, `"tag"`, `"tagg"`, 1)}, "unknown field"},
		{"no catalogs", map[string]string{"d/x.txt": "x"}, "no catalogs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, data := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(data)}
			}
			_, err := LoadFS(fsys, "c")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("LoadFS error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestLocaleMatching(t *testing.T) {
	b := bundle(t)
	for tag, want := range map[string]string{"es-MX": "es", "fr-CA": "fr", "ar-EG": "ar", "en-GB": "en"} {
		l, err := b.Locale(tag)
		if err != nil {
			t.Fatalf("Locale(%q): %v", tag, err)
		}
		if base, _ := l.Tag.Base(); base.String() != want {
			t.Errorf("Locale(%q) = %v, want %s", tag, l.Tag, want)
		}
	}
	if _, err := b.Locale("ja"); err == nil {
		t.Error("Locale(ja) should fail: there is no Japanese catalog")
	}
}

func FuzzLabel(f *testing.F) {
	f.Add(int64(1764353100), int64(1764400000), "en", "Europe/London")
	f.Add(int64(0), int64(-1), "ar", "Africa/Cairo")
	b, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, ts, nows int64, tag, zoneName string) {
		l, err := b.Locale(tag)
		if err != nil {
			return
		}
		loc, err := time.LoadLocation(zoneName)
		if err != nil {
			return
		}
		label := l.Label(time.Unix(ts%(1<<40), 0), time.Unix(nows%(1<<40), 0), loc)
		if label == "" || strings.Contains(label, "%!") {
			t.Fatalf("bad label %q", label)
		}
	})
}

func BenchmarkLabel(b *testing.B) {
	bundle, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	cairo, _ := time.LoadLocation("Africa/Cairo")
	now := time.Date(2026, 11, 28, 20, 0, 0, 0, cairo)
	for _, tag := range []string{"en", "ar"} {
		l, _ := bundle.Locale(tag)
		b.Run(tag, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				_ = l.Label(now.Add(-time.Duration(i%200)*time.Hour), now, cairo)
			}
		})
	}
}
