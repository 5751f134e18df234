package i18n

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// catalogFile is the JSON shape of catalogs/{tag}.json. Messages are either
// a string or, for counted things, an object of CLDR plural forms ("zero",
// "one", "two", "few", "many", "other", or "=N" for an exact number).
type catalogFile struct {
	Tag      string                     `json:"tag"`
	CLDR     cldrData                   `json:"cldr"`
	Messages map[string]json.RawMessage `json:"messages"`
}

// cldrData is the part of CLDR a locale needs for Byline's dates and times,
// copied from the CLDR release named in the catalog's "source" note. Patterns
// use CLDR's date field symbols.
type cldrData struct {
	Source     string     `json:"source"`
	TimeShort  string     `json:"time_short"`  // e.g. "h:mm a"
	DateMedium string     `json:"date_medium"` // e.g. "MMM d, y"
	DateLong   string     `json:"date_long"`   // e.g. "MMMM d, y"
	MonthDay   string     `json:"month_day"`   // skeleton MMMd, e.g. "MMM d"
	DateTime   string     `json:"date_time"`   // e.g. "{1} 'at' {0}"
	DayPeriods [2]string  `json:"day_periods"` // AM, PM markers
	Weekdays   [7]string  `json:"weekdays"`    // wide, Sunday first
	MonthsAbbr [12]string `json:"months_abbr"`
	MonthsWide [12]string `json:"months_wide"`
}

// entry is one catalog message: a plain string or plural forms.
type entry struct {
	Text   string
	Forms  map[string]string
	plural bool
}

func parseCatalog(name string, data []byte) (*catalogFile, map[string]entry, error) {
	var f catalogFile
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, nil, fmt.Errorf("catalog %s: %w", name, err)
	}
	if f.Tag == "" {
		return nil, nil, fmt.Errorf("catalog %s: missing \"tag\"", name)
	}
	if err := f.CLDR.validate(); err != nil {
		return nil, nil, fmt.Errorf("catalog %s: cldr: %w", name, err)
	}
	msgs := make(map[string]entry, len(f.Messages))
	for key, raw := range f.Messages {
		var m entry
		if err := json.Unmarshal(raw, &m.Text); err == nil {
			msgs[key] = m
			continue
		}
		if err := json.Unmarshal(raw, &m.Forms); err != nil {
			return nil, nil, fmt.Errorf("catalog %s: message %q must be a string or an object of plural forms", name, key)
		}
		if _, ok := m.Forms["other"]; !ok {
			return nil, nil, fmt.Errorf("catalog %s: message %q lacks the plural form \"other\"", name, key)
		}
		for form := range m.Forms {
			if !validForm(form) {
				return nil, nil, fmt.Errorf("catalog %s: message %q has unknown plural form %q", name, key, form)
			}
		}
		m.plural = true
		msgs[key] = m
	}
	return &f, msgs, nil
}

func validForm(f string) bool {
	switch f {
	case "zero", "one", "two", "few", "many", "other":
		return true
	}
	if len(f) > 1 && f[0] == '=' {
		for _, c := range f[1:] {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	}
	return false
}

func (c cldrData) validate() error {
	for name, v := range map[string]string{
		"time_short": c.TimeShort, "date_medium": c.DateMedium, "date_long": c.DateLong,
		"month_day": c.MonthDay, "date_time": c.DateTime,
	} {
		if v == "" {
			return fmt.Errorf("%s is empty", name)
		}
	}
	for i, s := range c.Weekdays {
		if s == "" {
			return fmt.Errorf("weekdays[%d] is empty", i)
		}
	}
	for i := range 12 {
		if c.MonthsAbbr[i] == "" || c.MonthsWide[i] == "" {
			return fmt.Errorf("month %d is empty", i+1)
		}
	}
	return nil
}

// selectArgs turns plural forms into the case list plural.Selectf takes,
// exact-number cases first, as CLDR evaluates them before categories.
func (m entry) selectArgs() []any {
	keys := make([]string, 0, len(m.Forms))
	for k := range m.Forms {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ei, ej := keys[i][0] == '=', keys[j][0] == '='
		if ei != ej {
			return ei
		}
		return formOrder(keys[i]) < formOrder(keys[j])
	})
	args := make([]any, 0, 2*len(keys))
	for _, k := range keys {
		args = append(args, k, m.Forms[k])
	}
	return args
}

func formOrder(f string) int {
	return strings.Index("zero one two few many other", f)
}
