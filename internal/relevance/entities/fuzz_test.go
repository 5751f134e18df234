package entities

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSuggest checks that any text gives well-formed suggestions: no
// panic, valid UTF-8, evidence offsets inside their excerpt.
func FuzzSuggest(f *testing.F) {
	f.Add("en", "Strike in Lisbon", "Helena da Costa (UTTB) said.", "Infrastructure Minister Duarte Valente called. L'OMS")
	f.Add("ar", "وقال الدكتور فراس العمري", "للأمم المتحدة", "بالمغرب والقاهرة وزارة السياحة والآثار")
	f.Add("fr", "ministère de l'Éducation nationale", "d'Abidjan (", ") EE. UU.")
	f.Add("es", "\xff\xfe", "Ciudad de México", "a-b-c- -‐ ’ «")
	d := New([]Known{putin, {ID: 2, Kind: "place", Names: []string{"Rotterdam", "روتردام"}}})
	f.Fuzz(func(t *testing.T, lang, headline, standfirst, body string) {
		for _, s := range d.Suggest(lang, headline, standfirst, body) {
			if !utf8.ValidString(s.Name) || s.Name == "" || s.Mentions < 1 || len(s.Evidence) > 3 || len(s.Evidence) == 0 {
				t.Fatalf("bad suggestion %+v", s)
			}
			for _, e := range s.Evidence {
				if e.Start < 0 || e.End > len(e.Excerpt) || e.Start > e.End || !utf8.ValidString(e.Excerpt) {
					t.Fatalf("bad evidence %+v", e)
				}
			}
		}
	})
}

// BenchmarkSuggest runs a story of about 1,000 words against 20,000 known
// topics.
func BenchmarkSuggest(b *testing.B) {
	known := make([]Known, 20000)
	for i := range known {
		known[i] = Known{ID: int64(i + 1), Kind: []string{"person", "organisation", "subject", "place"}[i%4],
			Names: []string{fmt.Sprintf("Topic%d Name%d", i, i%97), fmt.Sprintf("Alias%d", i), fmt.Sprintf("الموضوع%d", i)}}
	}
	known = append(known, putin)
	d := New(known)
	para := "Vladimir Putin met Infrastructure Minister Duarte Valente in Lisbon on Monday, and the Lisbon Metro Drivers' Union (LMDU) said Helena da Costa would attend talks with Metropolitano de Lisboa near Odivelas. Topic12 Name12 and Alias44 were named too. "
	body := strings.Repeat(para+"\n\n", 1000/len(strings.Fields(para))+1)
	b.ResetTimer()
	b.ReportAllocs()
	for b.Loop() {
		d.Suggest("en", "Putin in Lisbon as metro strike spreads", "Drivers walked out.", body)
	}
}

func BenchmarkNew(b *testing.B) {
	known := make([]Known, 20000)
	for i := range known {
		known[i] = Known{ID: int64(i + 1), Kind: "person", Names: []string{fmt.Sprintf("Topic%d Name%d", i, i), fmt.Sprintf("Alias%d", i)}}
	}
	for b.Loop() {
		New(known)
	}
}
