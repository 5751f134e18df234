package api

import (
	"slices"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

func TestParseListRequest(t *testing.T) {
	cursor := news.Cursor{PublishedAt: time.Date(2026, 11, 28, 11, 0, 0, 0, time.UTC), ID: 42}
	tests := []struct {
		name  string
		query string
		field string // the invalid parameter; "" when the query is fine
		check func(listRequest) bool
	}{
		{"nothing asks for the first page of everything", "", "", func(r listRequest) bool {
			return r.Limit == defaultLimit && r.Fields == nil && r.Cursor == nil && r.UpdatedSince.IsZero()
		}},
		{"filters are kept", "edition=en&section=world&topic=geneva&author=ana-ruiz", "", func(r listRequest) bool {
			return r.Edition == "en" && r.Section == "world" && r.Topic == "geneva" && r.Author == "ana-ruiz"
		}},
		{"fields come back in document order without repeats", "fields=url,+id,headline,id", "", func(r listRequest) bool {
			return slices.Equal(r.Fields, []string{"id", "url", "headline"})
		}},
		{"updated_since takes an offset", "updated_since=2026-11-28T13:00:00%2B01:00", "", func(r listRequest) bool {
			return r.UpdatedSince.Equal(time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC))
		}},
		{"a cursor round-trips", "cursor=" + cursor.String(), "", func(r listRequest) bool { return r.Cursor != nil && *r.Cursor == cursor }},
		{"limit is read", "limit=100", "", func(r listRequest) bool { return r.Limit == 100 }},
		{"an unknown parameter is refused", "page=2", "page", nil},
		{"a repeated parameter is refused", "limit=1&limit=2", "limit", nil},
		{"a malformed query string is refused", "edition=%zz", "query", nil},
		{"a section needs its edition", "section=world", "section", nil},
		{"a topic needs its edition", "topic=geneva", "topic", nil},
		{"an unknown field is refused", "fields=id,secret", "fields", nil},
		{"an empty field list is refused", "fields=", "fields", nil},
		{"a date without time is refused", "updated_since=2026-11-28", "updated_since", nil},
		{"a year before 1970 is refused", "updated_since=0001-01-01T00:00:00Z", "updated_since", nil},
		{"a malformed cursor is refused", "cursor=zz", "cursor", nil},
		{"a negative limit is refused", "limit=-1", "limit", nil},
		{"a limit that is not a number is refused", "limit=ten", "limit", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := parseListRequest(tt.query)
			if tt.field != "" {
				var ne *news.Error
				if news.ErrorCode(err) != news.CodeInvalid || !asError(err, &ne) || ne.Field != tt.field {
					t.Fatalf("error = %v, want invalid %s", err, tt.field)
				}
				return
			}
			if err != nil || !tt.check(r) {
				t.Fatalf("%+v, %v", r, err)
			}
		})
	}
}

func asError(err error, target **news.Error) bool {
	e, ok := err.(*news.Error)
	*target = e
	return ok
}

// FuzzParseListRequest checks that no query string panics the parser, and
// that what it accepts is within bounds.
func FuzzParseListRequest(f *testing.F) {
	for _, s := range []string{"", "fields=id,headline,url", "updated_since=2026-11-28T12:00:00Z", "cursor=mi1.2a&limit=5",
		"edition=en&section=world", "fields=,,id", "limit=0", "cursor=.", "updated_since=9999-12-31T23:59:59.999999999Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		r, err := parseListRequest(query)
		if err != nil {
			if news.ErrorCode(err) != news.CodeInvalid {
				t.Fatalf("%q: error %v is not invalid input", query, err)
			}
			return
		}
		if r.Limit < 1 || r.Limit > maxLimit {
			t.Fatalf("%q: limit %d", query, r.Limit)
		}
		if r.Fields != nil && len(r.Fields) == 0 {
			t.Fatalf("%q: an empty field list", query)
		}
		for _, name := range r.Fields {
			if _, ok := articleFieldIndex[name]; !ok {
				t.Fatalf("%q: unknown field %q accepted", query, name)
			}
		}
		if r.Cursor != nil {
			again, err := news.ParseCursor(r.Cursor.String())
			if err != nil || again != *r.Cursor {
				t.Fatalf("%q: the cursor does not round-trip: %v", query, err)
			}
		}
		if (r.Section != "" || r.Topic != "") && r.Edition == "" {
			t.Fatalf("%q: a section or topic without its edition", query)
		}
	})
}
