package entities

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

var putin = Known{ID: 7, Kind: "person", Names: []string{"Vladimir Putin", "Vladimir Poutine", "Vladímir Putin", "فلاديمير بوتين"}}

// find returns the suggestion named name (by Fold), or fails.
func find(t *testing.T, got []Suggestion, name string) Suggestion {
	t.Helper()
	for _, s := range got {
		if fold(s.Name) == fold(name) {
			return s
		}
	}
	t.Fatalf("no suggestion %q in %s", name, names(got))
	return Suggestion{}
}

func names(got []Suggestion) string {
	var b strings.Builder
	for _, s := range got {
		fmt.Fprintf(&b, "[%s %s %s %d] ", s.Name, s.Kind, s.Source, s.Mentions)
	}
	return b.String()
}

func TestKnownTopicFoundInEveryLanguage(t *testing.T) {
	t.Parallel()
	d := New([]Known{putin, {ID: 9, Kind: "organisation", Names: []string{"Banco Mundial", "World Bank", "Banque mondiale", "البنك الدولي"}}, {ID: 10, Kind: "organisation", Names: []string{"Banco"}}})
	tests := []struct {
		name, lang, body string
		want             string
		mentions         int
	}{
		{"english with surname later", "en", "Vladimir Putin spoke on Monday. Later, Putin left.", "Vladimir Putin", 2},
		{"french spelling", "fr", "Vladimir Poutine a parlé lundi. Poutine est reparti.", "Vladimir Poutine", 2},
		{"spanish accent folded", "es", "Vladimir Putin habló el lunes y Putin se fue.", "Vladimir Putin", 2},
		{"arabic with conjunction", "ar", "قال فلاديمير بوتين إن الوضع صعب. وأضاف بوتين أن", "فلاديمير بوتين", 2},
		{"longest alias wins", "es", "El Banco Mundial prestó dinero.", "Banco Mundial", 1},
		{"arabic article with preposition", "ar", "قرض من البنك الدولي وللبنك الدولي رأي", "البنك الدولي", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := find(t, d.Suggest(tc.lang, "", "", tc.body), tc.want)
			if got.TopicID == 0 || got.Source != "known" || got.Mentions != tc.mentions || !strings.HasPrefix(got.Key, "topic:") {
				t.Errorf("got %+v, want topic with %d mentions", got, tc.mentions)
			}
		})
	}
}

func TestGazetteerMatches(t *testing.T) {
	t.Parallel()
	d := New(nil)
	tests := []struct {
		name, lang, body, want, en string
	}{
		{"arabic conjunction and article", "ar", "زار الوفد القاهرة والقاهرة الجديدة", "القاهرة", "Cairo"},
		{"arabic preposition", "ar", "وصل الوزير بالمغرب أمس", "المغرب", "Morocco"},
		{"arabic lam before article", "ar", "قدم طلبا للأمم المتحدة وللمغرب", "المغرب", "Morocco"},
		{"french elision", "fr", "Le maire d'Abidjan est arrivé", "Abidjan", "Abidjan"},
		{"french au Caire", "fr", "Une réunion au Caire lundi", "Caire", "Cairo"},
		{"spanish abbreviation", "es", "Viajó a EE. UU. el martes", "EE. UU.", "United States"},
		{"english acronym needs capitals", "en", "Talks in the US went well", "US", "United States"},
		{"multi-word country", "fr", "La Côte d'Ivoire vote", "Côte d'Ivoire", "Côte d'Ivoire"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := find(t, d.Suggest(tc.lang, "", "", tc.body), tc.want)
			if got.Source != "place" || got.Kind != "place" || got.Names["en"] == "" || fold(got.Names["en"]) != fold(tc.en) && tc.en != "Côte d'Ivoire" {
				t.Errorf("got %+v", got)
			}
		})
	}
}

func TestGazetteerKeepsCommonWordsOut(t *testing.T) {
	t.Parallel()
	d := New(nil)
	for _, tc := range []struct{ lang, body string }{
		{"en", "Tell us what you think."},
		{"fr", "La réunion a duré deux heures."},
		{"ar", "عمل الفريق طوال الليل"},
	} {
		if got := d.Suggest(tc.lang, "", "", tc.body); len(got) != 0 {
			t.Errorf("%q: got %s, want nothing", tc.body, names(got))
		}
	}
}

func TestKnownBeatsGazetteer(t *testing.T) {
	t.Parallel()
	d := New([]Known{{ID: 3, Kind: "place", Names: []string{"Rotterdam"}}})
	got := d.Suggest("en", "Strike in Rotterdam", "", "")
	if len(got) != 1 || got[0].TopicID != 3 {
		t.Fatalf("got %s, want the known topic only", names(got))
	}
}

func TestRules(t *testing.T) {
	t.Parallel()
	d := New(nil)
	tests := []struct {
		name, lang, headline, body string
		want, kind                 string
		mentions                   int
	}{
		{"title marks a person and is dropped", "en", "", "Infrastructure Minister Duarte Valente called for talks.", "Duarte Valente", "person", 1},
		{"surname alone is the same person", "en", "", "Helena da Costa spoke. According to da Costa, drivers want staff.", "Helena da Costa", "person", 2},
		{"particles inside a name", "es", "", "La ministra Inmaculada de los Santos Barrera visitó la zona. De los Santos dijo que sí.", "Inmaculada de los Santos Barrera", "person", 2},
		{"german particles", "en", "", "The report by Ursula von der Leyen was published.", "Ursula von der Leyen", "person", 1},
		{"hyphenated first name", "fr", "", "Selon le maire Jean-Marc Dubois, la ville paiera.", "Jean-Marc Dubois", "person", 1},
		{"organisation cue", "en", "", "The Lisbon City Council asked for the change.", "Lisbon City Council", "organisation", 1},
		{"acronym links to full name", "es", "", "La Federación Nacional de Cafeteros (FNC) protestó. La FNC pidió ayuda.", "Federación Nacional de Cafeteros", "organisation", 2},
		{"acronym by initials in lower case", "fr", "", "L'Organisation mondiale de la santé (OMS) alerte. Pour l'OMS, le risque monte.", "Organisation mondiale de la santé", "organisation", 2},
		{"french lower-case ministry", "fr", "", "Le ministère de l'Éducation nationale a répondu.", "ministère de l'Éducation nationale", "organisation", 1},
		{"spanish title lower case", "es", "", "Lo dijo el alcalde Juan Pérez en rueda de prensa.", "Juan Pérez", "person", 1},
		{"place after preposition", "en", "", "The project will run near Machynlleth for two years.", "Machynlleth", "place", 1},
		{"arabic title", "ar", "", "وقال الدكتور فراس العمري إن الحفريات مستمرة. وأضاف العمري أن", "فراس العمري", "person", 2},
		{"arabic title with adjective", "ar", "", "قالت الباحثة البريطانية كاثرين ولز، إن القوالب مهمة", "كاثرين ولز", "person", 1},
		{"arabic organisation with preposition", "ar", "", "تنفذه جامعة اليرموك بالتعاون مع المعهد الألماني للآثار", "المعهد الألماني للآثار", "organisation", 1},
		{"arabic organisation construct", "ar", "", "قال أستاذ بجامعة جنوب الوادي إن", "جامعة جنوب الوادي", "organisation", 1},
		{"arabic name particle", "ar", "", "قال الدكتور عادل أبو زيد إن الموقع مهم. ودعا أبو زيد إلى", "عادل أبو زيد", "person", 2},
		{"arabic speech verb", "ar", "", "فقال شريف منصور، صاحب شركة، إن الحجوزات قليلة", "شريف منصور", "person", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := find(t, d.Suggest(tc.lang, tc.headline, "", tc.body), tc.want)
			if got.Kind != tc.kind || got.Mentions != tc.mentions || got.Source != "rule" || got.TopicID != 0 {
				t.Errorf("got %+v, want %s with %d mentions", got, tc.kind, tc.mentions)
			}
		})
	}
}

func TestRulesKeepPrecision(t *testing.T) {
	t.Parallel()
	d := New(nil)
	tests := []struct{ name, lang, body, unwanted string }{
		{"sentence-start common word", "en", "Nobody consulted the drivers.", "Nobody"},
		{"weekday", "en", "It happened on Monday, officials said.", "Monday"},
		{"nationality adjective", "en", "Dutch officials met Moroccan ones.", "Dutch"},
		{"title alone", "es", "El Gobierno respondió.", "Gobierno"},
		{"non-organisation acronym", "en", "The CEO said GDP fell.", "CEO"},
		{"minister's portfolio", "es", "Habló la ministra de Obras Públicas ayer.", "Obras Públicas"},
		{"arabic subject after verb", "ar", "وقال أصحاب المطاعم إن الزوار قلة", "أصحاب المطاعم"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, s := range d.Suggest(tc.lang, "", "", tc.body) {
				if fold(s.Name) == fold(tc.unwanted) {
					t.Errorf("got %+v", s)
				}
			}
		})
	}
}

func TestSplitsRunsJoiningTwoNames(t *testing.T) {
	t.Parallel()
	got := New(nil).Suggest("en", "", "", "Talks between STIB and the Union of Brussels Transport Workers failed. Firas al-Omari of Yarmouk University agreed.")
	for _, want := range []string{"STIB", "Union of Brussels Transport Workers", "Firas al-Omari", "Yarmouk University"} {
		find(t, got, want)
	}
}

func TestScoreAndEvidence(t *testing.T) {
	t.Parallel()
	got := New(nil).Suggest("en", "Strike shuts Lisbon", "Drivers walked out in Lisbon.", "Trains stopped in Lisbon and in Porto. Lisbon was quiet.")
	if len(got) < 2 || fold(got[0].Name) != "lisbon" {
		t.Fatalf("got %s, want Lisbon first", names(got))
	}
	l := got[0]
	if l.Mentions != 4 || len(l.Evidence) != 3 || l.Evidence[0].Field != "headline" || l.Evidence[1].Field != "standfirst" {
		t.Fatalf("got %+v", l)
	}
	for _, e := range l.Evidence {
		if e.Excerpt[e.Start:e.End] != "Lisbon" {
			t.Errorf("evidence %+v does not point at the mention", e)
		}
	}
	if got[0].Score <= got[1].Score {
		t.Errorf("scores %v, %v: want Lisbon above Porto", got[0].Score, got[1].Score)
	}
}

func TestExcerptCutsAtWords(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("lorem ipsum dolor ", 10) + "Lisbon" + strings.Repeat(" sit amet consectetur", 10)
	i := strings.Index(text, "Lisbon")
	e := excerpt("body", text, i, i+len("Lisbon"))
	if !strings.HasPrefix(e.Excerpt, "…") || !strings.HasSuffix(e.Excerpt, "…") || e.Excerpt[e.Start:e.End] != "Lisbon" {
		t.Errorf("got %+v", e)
	}
	if n := utf8.RuneCountInString(e.Excerpt); n > 90 {
		t.Errorf("excerpt of %d characters: %q", n, e.Excerpt)
	}
}

func TestPlaces(t *testing.T) {
	t.Parallel()
	ps := Places()
	countries, cities := 0, 0
	for _, p := range ps {
		for _, l := range editionLangs {
			if p.Names[l] == "" {
				t.Errorf("%v has no %s name", p.Names, l)
			}
		}
		switch p.Kind {
		case "country":
			countries++
		case "city":
			cities++
		}
	}
	if countries < 240 || cities < 150 {
		t.Errorf("%d countries, %d cities: want every country and at least 150 cities", countries, cities)
	}
	ps[0].Names["en"] = "changed"
	if Places()[0].Names["en"] == "changed" {
		t.Error("Places returned the gazetteer itself, not a copy")
	}
}

func TestKindOf(t *testing.T) {
	t.Parallel()
	tests := []struct{ lang, name, want string }{
		{"en", "Morocco", "place"},
		{"fr", "Maroc", "place"},
		{"ar", "المغرب", "place"},
		{"en", "Bank of England", "organisation"},
		{"fr", "Banque de France", "organisation"},
		{"ar", "وزارة الصحة", "organisation"},
		{"en", "NATO", "organisation"},
		{"es", "Luz Marina Quintero", "person"},
		{"ar", "فراس العمري", "person"},
		{"en", "climate change", "subject"},
	}
	for _, tc := range tests {
		if got := KindOf(tc.lang, tc.name); got != tc.want {
			t.Errorf("KindOf(%q, %q) = %q, want %q", tc.lang, tc.name, got, tc.want)
		}
	}
}

func TestLanguageTagsWithRegion(t *testing.T) {
	t.Parallel()
	find(t, New(nil).Suggest("fr-CA", "", "", "Visite à Montréal lundi."), "Montréal")
}

func TestEmptyStory(t *testing.T) {
	t.Parallel()
	if got := New(nil).Suggest("en", "", "", ""); len(got) != 0 {
		t.Errorf("got %s", names(got))
	}
}
