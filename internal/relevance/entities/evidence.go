package entities

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

const excerptWidth = 80

// evidence returns up to three excerpts of mentions, headline first: the
// first mention in each field, then later ones while there is room.
func (s *story) evidence(ms []mention) []Evidence {
	order := make([]int, len(ms))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ms[order[a]].f < ms[order[b]].f })
	var picked []int
	seenField := map[int]bool{}
	for _, i := range order {
		if !seenField[ms[i].f] && len(picked) < 3 {
			seenField[ms[i].f] = true
			picked = append(picked, i)
		}
	}
	for _, i := range order {
		if len(picked) < 3 && !slices.Contains(picked, i) {
			picked = append(picked, i)
		}
	}
	sort.Slice(picked, func(a, b int) bool {
		ma, mb := ms[picked[a]], ms[picked[b]]
		return ma.f < mb.f || ma.f == mb.f && ma.start < mb.start
	})
	out := make([]Evidence, 0, len(picked))
	for _, i := range picked {
		m := ms[i]
		out = append(out, excerpt(s.fields[m.f].name, s.fields[m.f].text, m.start, m.end))
	}
	return out
}

// excerpt cuts about excerptWidth characters of text around [start, end)
// at word boundaries and marks the cuts with "…".
func excerpt(fieldName, text string, start, end int) Evidence {
	room := max(excerptWidth-utf8.RuneCountInString(text[start:end]), 0) / 2
	from := backRunes(text, start, room)
	to := forwardRunes(text, end, room)
	if from > 0 {
		if i := strings.IndexFunc(text[from:start], unicode.IsSpace); i >= 0 {
			// Past the whole space: a no-break space is two bytes, and
			// cutting after its first left invalid UTF-8 (found by fuzzing).
			_, size := utf8.DecodeRuneInString(text[from+i:])
			from += i + size
		} else {
			from = start
		}
	}
	if to < len(text) {
		if i := strings.LastIndexFunc(text[end:to], unicode.IsSpace); i >= 0 {
			to = end + i
		} else {
			to = end
		}
	}
	ex := strings.TrimSpace(text[from:to])
	lead := strings.Index(text[from:to], ex)
	s, e := start-from-lead, end-from-lead
	if from > 0 {
		ex, s, e = "…"+ex, s+len("…"), e+len("…")
	}
	if to < len(text) {
		ex += "…"
	}
	return Evidence{Field: fieldName, Excerpt: ex, Start: s, End: e}
}

func backRunes(text string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
	}
	return i
}

func forwardRunes(text string, i, n int) int {
	for ; n > 0 && i < len(text); n-- {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return i
}
