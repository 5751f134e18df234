package entities

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/bylinehq/byline/internal/relevance"
	"github.com/bylinehq/byline/internal/relevance/evalset"
)

// tally counts right and wrong answers for one slice of the set.
type tally struct{ tp, sugg, found, expected int }

func (t tally) precision() float64 { return ratio(t.tp, t.sugg) }
func (t tally) recall() float64    { return ratio(t.found, t.expected) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestQuality measures suggestions against the evaluation set with no
// known topics: the gazetteer and the rules alone. Run with -v to see the
// misses and false positives.
func TestQuality(t *testing.T) {
	set, err := evalset.Load()
	if err != nil {
		t.Fatal(err)
	}
	d := New(nil)
	total := tally{}
	byLang, byKind := map[string]*tally{}, map[string]*tally{}
	get := func(m map[string]*tally, k string) *tally {
		if m[k] == nil {
			m[k] = &tally{}
		}
		return m[k]
	}
	var misses, falsePos []string
	for _, s := range set.Stories {
		sugg := d.Suggest(s.Lang, s.Headline, s.Standfirst, s.Body)
		hit := make([]bool, len(s.Entities))
		for _, sg := range sugg {
			ok := false
			for i, e := range s.Entities {
				if matchesEntity(sg, e) {
					ok, hit[i] = true, true
				}
			}
			for _, tl := range []*tally{&total, get(byLang, s.Lang), get(byKind, sg.Kind)} {
				tl.sugg++
				if ok {
					tl.tp++
				}
			}
			if !ok {
				falsePos = append(falsePos, fmt.Sprintf("%s: %s %q (%s, %d)", s.ID, sg.Kind, sg.Name, sg.Source, sg.Mentions))
			}
		}
		for i, e := range s.Entities {
			for _, tl := range []*tally{&total, get(byLang, s.Lang), get(byKind, "want-"+e.Kind)} {
				tl.expected++
				if hit[i] {
					tl.found++
				}
			}
			if !hit[i] {
				misses = append(misses, fmt.Sprintf("%s: %s %q", s.ID, e.Kind, e.Name))
			}
		}
	}
	t.Logf("%d stories: precision %.3f (%d/%d), recall %.3f (%d/%d)", len(set.Stories), total.precision(), total.tp, total.sugg, total.recall(), total.found, total.expected)
	for _, m := range []map[string]*tally{byLang, byKind} {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			tl := m[k]
			if strings.HasPrefix(k, "want-") {
				t.Logf("  expected %-13s recall %.3f (%d/%d)", strings.TrimPrefix(k, "want-"), tl.recall(), tl.found, tl.expected)
			} else if tl.expected == 0 {
				t.Logf("  suggested %-12s precision %.3f (%d/%d)", k, tl.precision(), tl.tp, tl.sugg)
			} else {
				t.Logf("  %-22s precision %.3f (%d/%d), recall %.3f (%d/%d)", k, tl.precision(), tl.tp, tl.sugg, tl.recall(), tl.found, tl.expected)
			}
		}
	}
	if testing.Verbose() {
		for _, m := range misses {
			t.Logf("miss: %s", m)
		}
		for _, f := range falsePos {
			t.Logf("false positive: %s", f)
		}
	}
	if total.precision() < 0.8 || total.recall() < 0.8 {
		t.Errorf("precision %.3f and recall %.3f: want both at least 0.8", total.precision(), total.recall())
	}
}

// matchesEntity reports whether a suggestion names an expected entity: its
// Name, or one of its Names, is the entity's name or one of its forms,
// folded, with or without a leading Arabic article.
func matchesEntity(sg Suggestion, e evalset.Entity) bool {
	want := map[string]bool{}
	for _, n := range append([]string{e.Name}, e.Forms...) {
		want[fold(n)] = true
	}
	if want[fold(sg.Name)] {
		return true
	}
	for _, n := range sg.Names {
		if want[fold(n)] {
			return true
		}
	}
	return false
}

func fold(s string) string {
	f := relevance.Fold(strings.TrimSpace(s))
	return strings.TrimPrefix(f, "ال")
}

// TestQualityWithConfirmedTopics measures suggestions as a newsroom meets
// them: stories arrive oldest first, and the people, places and
// organisations editors confirmed on earlier stories are known topics for
// the later ones (a small town named in one story is found in the next).
// The cold test above is the floor; this is what a working desk sees.
func TestQualityWithConfirmedTopics(t *testing.T) {
	set, err := evalset.Load()
	if err != nil {
		t.Fatal(err)
	}
	stories := slices.Clone(set.Stories)
	sort.SliceStable(stories, func(i, j int) bool { return stories[i].HoursAgo > stories[j].HoursAgo })
	var known []Known
	ids := map[string]int64{}
	total, byLang := tally{}, map[string]*tally{}
	for _, s := range stories {
		d := New(known)
		sugg := d.Suggest(s.Lang, s.Headline, s.Standfirst, s.Body)
		hit := make([]bool, len(s.Entities))
		if byLang[s.Lang] == nil {
			byLang[s.Lang] = &tally{}
		}
		for _, sg := range sugg {
			ok := false
			for i, e := range s.Entities {
				if matchesEntity(sg, e) {
					ok, hit[i] = true, true
				}
			}
			for _, tl := range []*tally{&total, byLang[s.Lang]} {
				tl.sugg++
				if ok {
					tl.tp++
				}
			}
		}
		for i, e := range s.Entities {
			for _, tl := range []*tally{&total, byLang[s.Lang]} {
				tl.expected++
				if hit[i] {
					tl.found++
				}
			}
			// The editor confirms what the story names.
			key := fold(e.Name)
			if _, seen := ids[key]; !seen {
				ids[key] = int64(len(ids) + 1)
				known = append(known, Known{ID: ids[key], Kind: e.Kind, Names: append([]string{e.Name}, e.Forms...)})
			}
		}
	}
	t.Logf("with confirmed topics: precision %.3f (%d/%d), recall %.3f (%d/%d)", total.precision(), total.tp, total.sugg, total.recall(), total.found, total.expected)
	for _, lang := range []string{"ar", "en", "es", "fr"} {
		tl := byLang[lang]
		t.Logf("  %s precision %.3f, recall %.3f", lang, tl.precision(), tl.recall())
	}
	if total.precision() < 0.8 || total.recall() < 0.8 {
		t.Errorf("precision %.3f and recall %.3f: want both at least 0.8", total.precision(), total.recall())
	}
}
