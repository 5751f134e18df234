package api_test

import (
	"net/url"
	"strings"
	"testing"
)

// TestSearchAnswers checks the search call's successes and refusals, with
// CORS and validators as on every public answer.
func TestSearchAnswers(t *testing.T) {
	a := demo(t)
	t.Parallel()
	tests := []struct {
		name, path string
		status     int
		field      string
		found      bool   // at least one hit
		marked     string // a word a snippet marks, when found
	}{
		{"english finds and marks", "/api/v1/search?edition=en&q=climate", 200, "", true, "limate"},
		{"spanish ignores accents", "/api/v1/search?edition=es&q=espana", 200, "", true, "España"},
		{"french ignores accents", "/api/v1/search?edition=fr&q=senegal", 200, "", true, "Sénégal"},
		{"arabic finds", "/api/v1/search?edition=ar&q=" + url.QueryEscape("الزيتون"), 200, "", true, ""},
		{"a section narrows", "/api/v1/search?edition=en&q=climate&section=world", 200, "", true, ""},
		{"a day range in the past finds nothing", "/api/v1/search?edition=en&q=climate&from=2001-01-01&to=2001-12-31", 200, "", false, ""},
		{"an unknown topic finds nothing", "/api/v1/search?edition=en&q=climate&topic=no-such-topic", 200, "", false, ""},
		{"nonsense finds nothing", "/api/v1/search?edition=en&q=xylophonequartz", 200, "", false, ""},
		{"no edition is invalid", "/api/v1/search?q=climate", 400, "edition", false, ""},
		{"an unknown edition is invalid", "/api/v1/search?edition=xx&q=climate", 400, "edition", false, ""},
		{"no words are invalid", "/api/v1/search?edition=en&q=+", 400, "q", false, ""},
		{"too many words are invalid", "/api/v1/search?edition=en&q=" + strings.Repeat("a", 501), 400, "q", false, ""},
		{"an unknown section is invalid", "/api/v1/search?edition=en&q=climate&section=nope", 400, "section", false, ""},
		{"a malformed day is invalid", "/api/v1/search?edition=en&q=climate&to=yesterday", 400, "to", false, ""},
		{"days the wrong way round are invalid", "/api/v1/search?edition=en&q=climate&from=2026-11-28&to=2026-11-01", 400, "to", false, ""},
		{"a limit over the maximum is invalid", "/api/v1/search?edition=en&q=climate&limit=101", 400, "limit", false, ""},
		{"a negative offset is invalid", "/api/v1/search?edition=en&q=climate&offset=-1", 400, "offset", false, ""},
		{"a cursor is not a search parameter", "/api/v1/search?edition=en&q=climate&cursor=x", 400, "cursor", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, a.Handler, tt.path)
			if res.StatusCode != tt.status || errField(body) != tt.field {
				t.Fatalf("%d %v, want %d field %q", res.StatusCode, body, tt.status, tt.field)
			}
			if res.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Error("a public answer without CORS")
			}
			if tt.status != 200 {
				return
			}
			if res.Header.Get("ETag") == "" {
				t.Error("no ETag")
			}
			hits := items(body)
			if tt.found != (len(hits) > 0) || int(body["total"].(float64)) < len(hits) {
				t.Fatalf("%d hits of %v, want found=%v", len(hits), body["total"], tt.found)
			}
			if tt.marked == "" {
				return
			}
			var marks []string
			for _, h := range hits {
				for _, s := range h["snippet"].([]any) {
					if span := s.(map[string]any); span["mark"] == true {
						marks = append(marks, span["text"].(string))
					}
				}
			}
			if !strings.Contains(strings.Join(marks, " "), tt.marked) {
				t.Errorf("marked %q, want %q among them", marks, tt.marked)
			}
		})
	}
}

// TestSearchPagesByOffset walks a search one hit at a time: every hit once,
// next_offset null at the end.
func TestSearchPagesByOffset(t *testing.T) {
	a := demo(t)
	t.Parallel()
	_, all := get(t, a.Handler, "/api/v1/search?edition=en&q=climate&limit=100")
	total := int(all["total"].(float64))
	if total < 2 || len(items(all)) != total || all["next_offset"] != nil {
		t.Fatalf("one page of everything: total %d, %d items, next %v", total, len(items(all)), all["next_offset"])
	}
	var ids []any
	next := "0"
	for next != "" {
		_, page := get(t, a.Handler, "/api/v1/search?edition=en&q=climate&limit=1&offset="+next)
		for _, it := range items(page) {
			ids = append(ids, it["id"])
		}
		next = ""
		if n, ok := page["next_offset"].(float64); ok {
			next = itoa(int64(n))
		}
		if len(ids) > total {
			t.Fatal("paging does not end")
		}
	}
	if len(ids) != total {
		t.Fatalf("paged %d hits, want %d", len(ids), total)
	}
	for i, it := range items(all) {
		if ids[i] != it["id"] {
			t.Errorf("hit %d: %v paged, %v in one page", i, ids[i], it["id"])
		}
	}
}
