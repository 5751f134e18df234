// Package i18n holds Byline's message catalogs and formats what readers see
// in their edition's language: chrome strings with CLDR plural rules, numbers
// and digits, dates and times, and relative time labels such as "Yesterday
// 18:00".
//
// Adding a language means adding catalogs/{tag}.json: its messages and the
// CLDR date data for the locale. Start-up fails when a catalog lacks a key
// another catalog has, so a missing translation never reaches a reader.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

//go:embed catalogs/*.json
var catalogFS embed.FS

// Bundle is the set of loaded catalogs. It is immutable after Load and safe
// for concurrent use.
type Bundle struct {
	locales map[language.Tag]*Locale
	tags    []language.Tag
	matcher language.Matcher
}

// Locale formats messages, numbers and times for one language.
type Locale struct {
	Tag      language.Tag
	printer  *message.Printer
	cldr     cldrData
	digits   [10]rune
	messages map[string]entry
}

// Load reads the embedded catalogs.
func Load() (*Bundle, error) { return LoadFS(catalogFS, "catalogs") }

// LoadFS reads every *.json catalog in dir of fsys and checks that they all
// define the same message keys.
func LoadFS(fsys fs.FS, dir string) (*Bundle, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil || len(names) == 0 {
		return nil, fmt.Errorf("i18n: no catalogs in %s", dir)
	}
	sort.Strings(names)
	b := &Bundle{locales: map[language.Tag]*Locale{}}
	builder := catalog.NewBuilder()
	for _, name := range names {
		loc, err := loadOne(fsys, name, builder)
		if err != nil {
			return nil, err
		}
		b.locales[loc.Tag] = loc
		b.tags = append(b.tags, loc.Tag)
	}
	for _, loc := range b.locales {
		loc.printer = message.NewPrinter(loc.Tag, message.Catalog(builder))
		loc.digits = localDigits(loc.printer)
	}
	if err := b.checkKeys(); err != nil {
		return nil, err
	}
	b.matcher = language.NewMatcher(b.tags)
	return b, nil
}

func loadOne(fsys fs.FS, name string, builder *catalog.Builder) (*Locale, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	f, msgs, err := parseCatalog(name, data)
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	tag, err := language.Parse(f.Tag)
	if err != nil {
		return nil, fmt.Errorf("i18n: catalog %s: tag %q: %w", name, f.Tag, err)
	}
	for key, m := range msgs {
		if m.plural {
			err = builder.Set(tag, key, plural.Selectf(1, "%d", m.selectArgs()...))
		} else {
			err = builder.SetString(tag, key, m.Text)
		}
		if err != nil {
			return nil, fmt.Errorf("i18n: catalog %s: message %q: %w", name, key, err)
		}
	}
	return &Locale{Tag: tag, cldr: f.CLDR, messages: msgs}, nil
}

// localDigits asks x/text's CLDR number data for the locale's digits, so that
// dates use the same numbering system as numbers (Arabic-Indic for "ar").
func localDigits(p *message.Printer) [10]rune {
	var d [10]rune
	for i := range d {
		r := []rune(p.Sprint(i))
		d[i] = r[len(r)-1]
	}
	return d
}

func (b *Bundle) checkKeys() error {
	all := map[string]bool{}
	for _, loc := range b.locales {
		for k := range loc.messages {
			all[k] = true
		}
	}
	var missing []string
	for _, tag := range b.tags {
		for k := range all {
			if _, ok := b.locales[tag].messages[k]; !ok {
				missing = append(missing, fmt.Sprintf("%s lacks %q", tag, k))
			}
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("i18n: catalogs differ: %s", strings.Join(missing, "; "))
	}
	return nil
}

// Tags returns the languages that have catalogs, in file name order.
func (b *Bundle) Tags() []language.Tag { return append([]language.Tag(nil), b.tags...) }

// Locale returns the catalog that best serves tag ("es-MX" gets "es"), and
// an error when no catalog is a reasonable match.
func (b *Bundle) Locale(tag string) (*Locale, error) {
	t, err := language.Parse(tag)
	if err != nil {
		return nil, fmt.Errorf("i18n: language tag %q: %w", tag, err)
	}
	_, i, conf := b.matcher.Match(t)
	if conf < language.High {
		return nil, fmt.Errorf("i18n: no catalog for %q; add catalogs/%s.json", tag, t)
	}
	return b.locales[b.tags[i]], nil
}

// T formats the message key with args. Counted messages select their plural
// form from the first argument. Numbers come out in the locale's digits.
func (l *Locale) T(key string, args ...any) string {
	return l.printer.Sprintf(key, args...)
}

// Number formats an integer with the locale's digits and grouping.
func (l *Locale) Number(n int) string { return l.printer.Sprint(n) }

// Has reports whether the catalog defines key.
func (l *Locale) Has(key string) bool { _, ok := l.messages[key]; return ok }

// Strings returns every literal text of the catalog's messages, all plural
// forms included, for tests that look for strings of the wrong language.
func (l *Locale) Strings() []string {
	var out []string
	for _, m := range l.messages {
		if !m.plural {
			out = append(out, m.Text)
			continue
		}
		for _, f := range m.Forms {
			out = append(out, f)
		}
	}
	for _, s := range l.cldr.Weekdays {
		out = append(out, s)
	}
	out = append(out, l.cldr.MonthsWide[:]...)
	return out
}

// PluralForms returns the plural forms of a counted message, nil for a plain one.
func (l *Locale) PluralForms(key string) map[string]string { return l.messages[key].Forms }

// Dir is the writing direction of the locale's script: "rtl" for Arabic,
// Hebrew and the other right-to-left scripts, otherwise "ltr".
func (l *Locale) Dir() string {
	script, _ := l.Tag.Script()
	switch script.String() {
	case "Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr":
		return "rtl"
	}
	return "ltr"
}
