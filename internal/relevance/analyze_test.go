package relevance

import (
	"strings"
	"testing"
)

func terms(lang, text string) string {
	var out []string
	for _, t := range Terms(lang, text) {
		out = append(out, t.Term)
	}
	return strings.Join(out, " ")
}

func TestTermsMatchAcrossForms(t *testing.T) {
	for _, tc := range []struct {
		name, lang, a, b string
	}{
		{"AccentsAndCaseFold", "es", "Sánchez", "sanchez"},
		{"EnglishPluralsStem", "en", "elections", "election"},
		{"EnglishVerbFormsStem", "en", "Voting", "voted"},
		{"SpanishPluralsStem", "es", "elecciones", "elección"},
		{"SpanishAccentlessQuery", "es", "Educación", "educacion"},
		{"FrenchAccentsAndPlurals", "fr", "Élections", "election"},
		{"FrenchElision", "fr", "l'élection", "élection"},
		{"ArabicClitics", "ar", "والقاهرة", "القاهرة"},
		{"ArabicBareNoun", "ar", "القاهرة", "قاهرة"},
		{"ArabicTashkeelAndTatweel", "ar", "القَاهِرَة", "القـاهرة"},
		{"ArabicAlefVariants", "ar", "أحمد", "احمد"},
		{"LatinNameInArabicEdition", "ar", "Sánchez", "SANCHEZ"},
		{"UnknownLanguageFoldsOnly", "de", "Müller", "muller"},
		{"RegionalTagUsesLanguage", "fr-CA", "élections", "election"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := terms(tc.lang, tc.a), terms(tc.lang, tc.b)
			if a == "" || a != b {
				t.Errorf("Terms(%q) = %q, Terms(%q) = %q; want one non-empty term", tc.a, a, tc.b, b)
			}
		})
	}
}

func TestTermsKeepApart(t *testing.T) {
	for _, tc := range []struct{ lang, a, b string }{
		{"en", "election", "elector"},
		{"ar", "القاهرة", "الجزائر"},
		{"es", "casa", "cosa"},
	} {
		if a, b := terms(tc.lang, tc.a), terms(tc.lang, tc.b); a == b {
			t.Errorf("%s: %q and %q both give %q", tc.lang, tc.a, tc.b, a)
		}
	}
}

func TestTermsDropStopWords(t *testing.T) {
	for _, tc := range []struct{ lang, text, want string }{
		{"en", "The state of the art", "state art"},
		{"es", "La casa de los Sánchez", "cas sanchez"},
		{"fr", "Le président et la ministre", "president ministr"},
		{"ar", "في القاهرة من", "قاهر"},
		{"en", "of the and", ""},
		{"en", "a b c 7", "7"},
	} {
		if got := terms(tc.lang, tc.text); got != tc.want {
			t.Errorf("Terms(%s, %q) = %q, want %q", tc.lang, tc.text, got, tc.want)
		}
	}
}

func TestTermsOffsetsPointAtOriginalWords(t *testing.T) {
	text := "Pedro Sánchez, «presidente»: والقاهرة!"
	var words []string
	for _, tok := range Terms("es", text) {
		words = append(words, text[tok.Start:tok.End])
	}
	if got := strings.Join(words, "|"); got != "Pedro|Sánchez|presidente|والقاهرة" {
		t.Errorf("words = %q", got)
	}
}

func TestFoldFastPathAgrees(t *testing.T) {
	for r := rune(0x600); r < 0x700; r++ {
		s := "ب" + string(r) + "ب"
		if plain(s) && strings.ToLower(s) != slowFold(s) {
			t.Errorf("%U: plain, but folds to %q", r, slowFold(s))
		}
	}
	for r := rune(0); r < 0x80; r++ {
		if s := string(r); strings.ToLower(s) != slowFold(s) {
			t.Errorf("%U: plain, but folds to %q", r, slowFold(s))
		}
	}
}

// slowFold is Fold without its fast path.
func slowFold(s string) string { return Fold("\u00e9" + s)[1:] }

func TestPlainText(t *testing.T) {
	got := PlainText("<p>Tom &amp; Jerry</p><p>met <em>Sánchez</em>.</p>\n<ul><li>one</li></ul>")
	if want := "Tom & Jerry met Sánchez. one"; got != want {
		t.Errorf("PlainText = %q, want %q", got, want)
	}
}

func FuzzTerms(f *testing.F) {
	for _, s := range []string{"Sánchez", "والقاهرة", "l'élection", "\xff\xfe", "a\u0301"} {
		f.Add("es", s)
	}
	f.Fuzz(func(t *testing.T, lang, text string) {
		last := 0
		for _, tok := range Terms(lang, text) {
			if tok.Start < last || tok.End <= tok.Start || tok.End > len(text) || tok.Term == "" {
				t.Fatalf("bad token %+v in %q", tok, text)
			}
			last = tok.End
		}
	})
}

func TestParseQuery(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{`central banks`, `[central] [bank]`},
		{`"central banks" rates`, `[central bank] [rate]`},
		{`"rates`, `[rate]`},
		{`NEAR(a, b) col:term OR x*`, `[near] [col] [term]`},
		{`"the of"`, ``},
	} {
		var parts []string
		for _, p := range ParseQuery("en", tc.text).Phrases {
			parts = append(parts, "["+strings.Join(p, " ")+"]")
		}
		if got := strings.Join(parts, " "); got != tc.want {
			t.Errorf("ParseQuery(%q) = %s, want %s", tc.text, got, tc.want)
		}
	}
}

func TestSnippetMarksAndCuts(t *testing.T) {
	text := "Nothing here. " + strings.Repeat("Filler words. ", 30) + "The Mayors met. " + strings.Repeat("Tail words. ", 30)
	var b strings.Builder
	for _, s := range Snippet("en", text, ParseQuery("en", "mayor").Terms(), 10) {
		if s.Mark {
			b.WriteString("[" + s.Text + "]")
		} else {
			b.WriteString(s.Text)
		}
	}
	if got := b.String(); !strings.HasPrefix(got, "… The [Mayors] met. Tail") || !strings.HasSuffix(got, " …") {
		t.Errorf("snippet = %q", got)
	}
	none := Snippet("en", "One two three four.", map[string]bool{"zebra": true}, 2)
	if len(none) != 1 || none[0].Text != "One two …" || none[0].Mark {
		t.Errorf("no match = %+v, want the opening words", none)
	}
}
